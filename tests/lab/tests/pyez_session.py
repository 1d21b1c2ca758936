"""pyez_session.py DIR DEVICE - a lab device through PyEZ (Debian's
python3-junos-eznc), as an engineer's script would use it.

Opens a session with Device(host, port, user, ssh_private_key_file,
ssh_config, gather_facts=False), reads route-information for the
instance's table, the configuration as text, and changes the device's
description in a private configuration (load set, diff, commit check,
commit).  Prints one line per step; exits non-zero on the first failure.
"""
import getpass
import sys

from jnpr.junos import Device
from jnpr.junos.utils.config import Config


def main(lab, device):
    port = int(open(f"{lab}/devices/{device}/sshd.port").read())
    with Device(host="127.0.0.1", port=port, user=getpass.getuser(),
                ssh_private_key_file=f"{lab}/id_ed25519",
                ssh_config=f"{lab}/ssh_config", gather_facts=False) as dev:
        print("ok   session open")
        routes = dev.rpc.get_route_information(table="Cust11.inet.0")
        if routes.tag != "route-information":
            sys.exit(f"FAIL get-route-information answered {routes.tag}")
        tables = [t.findtext("table-name").strip() for t in routes.findall("route-table")]
        if tables != ["Cust11.inet.0"]:
            sys.exit(f"FAIL route tables {tables}")
        dests = [r.findtext("rt-destination").strip() for r in routes.findall(".//rt")]
        for want in ("10.17.11.0/25", "10.17.11.128/26"):
            if want not in dests:
                sys.exit(f"FAIL {want} not in route-information: {dests}")
        print(f"ok   route-information: {len(dests)} destinations in Cust11.inet.0")

        text = dev.rpc.get_config(filter_xml="<routing-instances/>", options={"format": "text"})
        if "local-preference 150;" not in (text.text or "") and device.startswith("SEA-MX"):
            sys.exit("FAIL text configuration lacks local-preference 150")
        print("ok   configuration as text")

        with Config(dev, mode="private") as cu:
            cu.load('set routing-instances Cust11 description "changed through PyEZ"', format="set")
            diff = cu.diff()
            if not diff or '+    description "changed through PyEZ";' not in diff:
                sys.exit(f"FAIL diff: {diff!r}")
            if not cu.commit_check():
                sys.exit("FAIL commit check")
            if not cu.commit(comment="pyez test"):
                sys.exit("FAIL commit")
        print("ok   private configuration: load, diff, commit check, commit")
        conf = dev.rpc.get_config(filter_xml="<routing-instances/>", options={"database": "committed"})
        desc = conf.findtext("routing-instances/instance/description")
        if desc != "changed through PyEZ":
            sys.exit(f"FAIL committed description is {desc!r}")
        print("ok   the commit is in the committed configuration")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
