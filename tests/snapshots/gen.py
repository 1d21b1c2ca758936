#!/usr/bin/env python3
"""Generate the saved snapshots of the reference design (tests/snapshots/).

compliant/ is the seed's steady state as the three devices print it with
"| display xml"; every other folder breaks what one check guards, the way
it happens in practice, and lists in EXPECTED every check that must fail.
Run from anywhere: python3 tests/snapshots/gen.py
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
CE1, CE2, FW = "SEA-MX03-01", "SEA-MX03-02", "SEA-SRX42-01"
MX_REL, SRX_REL = "18.2R1", "15.1X49"
TABLE = "Cust11.inet.0"
HUB, SPOKE, ONPREM = "10.17.11.0/25", "10.17.11.128/26", "10.1.11.0/25"
VPN1, VPN2 = "10.17.11.76", "10.17.11.77"


def reply(rel, body, trailer=True):
    t = '\n<cli>\n<banner></banner>\n</cli>' if trailer else ''
    return ('<rpc-reply xmlns:junos="http://xml.juniper.net/junos/%s/junos">\n%s%s\n</rpc-reply>\n'
            % (rel, body, t))


def route_info(rel, rts, counts=(8, 8, 7, 0, 1)):
    return ('<route-information xmlns="http://xml.juniper.net/junos/%s/junos-routing">\n'
            '<!-- keepalive -->\n<route-table>\n<table-name>%s</table-name>\n'
            '<destination-count>%d</destination-count>\n<total-route-count>%d</total-route-count>\n'
            '<active-route-count>%d</active-route-count>\n<holddown-route-count>%d</holddown-route-count>\n'
            '<hidden-route-count>%d</hidden-route-count>\n%s</route-table>\n</route-information>'
            % ((rel, TABLE) + tuple(counts) + ("".join(rts),)))


def adv_rt(prefix, aspath="[65020] I", med=None, communities=(), group="ebgp"):
    dest, plen = prefix.split("/")
    m = "<med>%d</med>\n" % med if med is not None else ""
    c = ""
    if communities:
        c = "<communities>\n%s</communities>\n" % "".join(
            "<community>%s</community>\n" % x for x in communities)
    return ('<rt junos:style="detail">\n<rt-destination>%s</rt-destination>\n'
            '<rt-prefix-length junos:emit="emit">%s</rt-prefix-length>\n'
            '<rt-entry-count junos:format="1 entry">1</rt-entry-count>\n'
            '<rt-announced-count>1</rt-announced-count>\n<rt-entry>\n<active-tag>*</active-tag>\n'
            '<bgp-group-name>%s</bgp-group-name>\n<nh>\n<to>Self</to>\n</nh>\n'
            '<bgp-metric-flags>Nexthop Change</bgp-metric-flags>\n%s'
            '<as-path>AS path: %s\n</as-path>\n%s</rt-entry>\n</rt>\n'
            % (dest, plen, group, m, aspath, c))


def recv_rt(prefix, peer, aspath="65515 I"):
    return ('<rt junos:style="brief">\n<rt-destination>%s</rt-destination>\n<rt-entry>\n'
            '<active-tag> </active-tag>\n<protocol-name>BGP</protocol-name>\n'
            '<nh>\n<to>%s</to>\n</nh>\n<as-path>%s\n   </as-path>\n</rt-entry>\n</rt>\n'
            % (prefix, peer, aspath))


def path(active, lp, aspath, nhs, learned=None, proto="BGP", pref=170, age=(174844, "2d 0:34:04")):
    s = "<rt-entry>\n"
    if active:
        s += "<active-tag>*</active-tag>\n<current-active/>\n<last-active/>\n"
    s += "<protocol-name>%s</protocol-name>\n<preference>%d</preference>\n" % (proto, pref)
    s += '<age junos:seconds="%d">%s</age>\n' % age
    if lp is not None:
        s += "<local-preference>%d</local-preference>\n" % lp
    if learned:
        s += "<learned-from>%s</learned-from>\n" % learned
    if aspath is not None:
        s += "<as-path>%s\n</as-path>\n<validation-state>unverified</validation-state>\n" % aspath
    for i, (to, via) in enumerate(nhs):
        s += "<nh>\n"
        if i == 0:
            s += "<selected-next-hop/>\n"
        if to:
            s += "<to>%s</to>\n" % to
        s += "<via>%s</via>\n</nh>\n" % via
    return s + "</rt-entry>\n"


def table_rt(prefix, paths):
    return ('<rt junos:style="brief">\n<rt-destination>%s</rt-destination>\n%s</rt>\n'
            % (prefix, "".join(paths)))


def azure_paths(ce_lp=(150, 150), vpn_lp=(100, 100), active="ce1", vpn_peers=(VPN1, VPN2),
                ce_paths=(True, True)):
    p = []
    if ce_paths[0]:
        p.append(path(active == "ce1", ce_lp[0], "12076 I",
                      [("192.168.11.0", "reth1.11"), ("192.168.11.2", "reth2.11")]))
    if ce_paths[1]:
        p.append(path(active == "ce2", ce_lp[1], "12076 I", [("192.168.11.2", "reth2.11")],
                      age=(174841, "2d 0:34:01")))
    tun = {VPN1: "st0.118", VPN2: "st0.119"}
    for i, peer in enumerate(vpn_peers):
        p.append(path(active == peer, vpn_lp[i], "65515 I", [(None, tun[peer])], learned=peer,
                      age=(249133, "2d 21:12:13") if peer == VPN1 else (175311, "2d 0:41:51")))
    return p


def fw_table(**kw):
    spoke_peers = kw.pop("spoke_vpn_peers", None)
    rts = [
        table_rt(ONPREM, [path(True, None, None, [(None, "reth0.11")], proto="Static", pref=5)]),
        table_rt(HUB, azure_paths(**kw)),
        table_rt("10.17.11.76/32", [path(True, None, None, [(None, "st0.118")], proto="Static", pref=5)]),
        table_rt("10.17.11.77/32", [path(True, None, None, [(None, "st0.119")], proto="Static", pref=5)]),
    ]
    if spoke_peers is not None:
        kw["vpn_peers"] = spoke_peers
        kw["vpn_lp"] = tuple(100 for _ in spoke_peers)
    rts.append(table_rt(SPOKE, azure_paths(**kw)))
    for pfx, via, proto in (("192.168.11.0/31", "reth1.11", "Direct"), ("192.168.11.1/32", "reth1.11", "Local"),
                            ("192.168.11.2/31", "reth2.11", "Direct"), ("192.168.11.3/32", "reth2.11", "Local"),
                            ("192.168.11.88/32", "lo0.11", "Local")):
        rts.append(table_rt(pfx, [path(True, None, None, [(None, via)], proto=proto, pref=0)]))
    return route_info(SRX_REL, rts, (14, 21, 14, 0, 0))


def bgp_summary(rel, peers, srx=False):
    """peers: list of (address, asn, state, active, received)."""
    down = sum(1 for p in peers if p[2] != "Established")
    s = ('<bgp-information xmlns="http://xml.juniper.net/junos/%s/junos-routing">\n'
         '<group-count>2</group-count>\n<peer-count>%d</peer-count>\n<down-peer-count>%d</down-peer-count>\n'
         '<bgp-rib junos:style="brief">\n<name>%s</name>\n<total-prefix-count>%d</total-prefix-count>\n'
         '</bgp-rib>\n' % (rel, len(peers), down, TABLE, sum(p[4] for p in peers)))
    for i, (addr, asn, state, act, rcv) in enumerate(peers):
        head = ' junos:heading="Peer                     AS      InPkt     OutPkt    OutQ   Flaps Last Up/Dwn State"' if i == 0 else ""
        fmt = ' junos:format="Establ"' if state == "Established" else ""
        s += ('<bgp-peer junos:style="terse"%s>\n<peer-address>%s</peer-address>\n<peer-as>%d</peer-as>\n'
              '<input-messages>26118</input-messages>\n<output-messages>26101</output-messages>\n'
              '<route-queue-count>0</route-queue-count>\n<flap-count>%d</flap-count>\n'
              '<elapsed-time junos:seconds="174844">2d 0:34:04</elapsed-time>\n'
              '<peer-state%s>%s</peer-state>\n' % (head, addr, asn, 0 if state == "Established" else 3, fmt, state))
        if state == "Established":
            s += ('<bgp-rib>\n<name>%s</name>\n<active-prefix-count>%d</active-prefix-count>\n'
                  '<received-prefix-count>%d</received-prefix-count>\n<accepted-prefix-count>%d</accepted-prefix-count>\n'
                  '<suppressed-prefix-count>0</suppressed-prefix-count>\n</bgp-rib>\n' % (TABLE, act, rcv, rcv))
        s += "</bgp-peer>\n"
    s += "</bgp-information>"
    if srx:
        s = ('<multi-routing-engine-results>\n<multi-routing-engine-item>\n<re-name>node0</re-name>\n'
             + s + '\n</multi-routing-engine-item>\n</multi-routing-engine-results>')
    return s


def bfd(rel, sessions):
    """sessions: list of (neighbor, state, iface, tx_s, mult)."""
    s = '<bfd-session-information xmlns="http://xml.juniper.net/junos/%s/junos-bfd">\n' % rel
    for n, st, ifc, tx, mult in sessions:
        s += ('<bfd-session>\n<session-neighbor>%s</session-neighbor>\n<session-state>%s</session-state>\n'
              '<session-interface>%s</session-interface>\n<session-detection-time>%.3f</session-detection-time>\n'
              '<session-transmission-interval>%.3f</session-transmission-interval>\n'
              '<session-adaptive-multiplier>%d</session-adaptive-multiplier>\n</bfd-session>\n'
              % (n, st, ifc, tx * mult, tx, mult))
    s += ('<sessions>%d</sessions>\n<clients>%d</clients>\n<cumulative-transmission-rate>3.3</cumulative-transmission-rate>\n'
          '<cumulative-reception-rate>3.3</cumulative-reception-rate>\n</bfd-session-information>'
          % (len(sessions), len(sessions)))
    return s


def ce_config(rel, fw_addr, msee, ifaces, lp="<local-preference>150</local-preference>\n", bfd_block=None):
    if bfd_block is None:
        bfd_block = ("<bfd-liveness-detection>\n<minimum-interval>300</minimum-interval>\n"
                     "<multiplier>3</multiplier>\n</bfd-liveness-detection>\n")
    return ('<configuration junos:commit-seconds="1574828031" junos:commit-localtime="2019-11-27 04:13:51 UTC" '
            'junos:commit-user="netops">\n<routing-instances>\n<instance>\n<name>Cust11</name>\n'
            '<description>Customer 11 VRF</description>\n<instance-type>virtual-router</instance-type>\n'
            '%s<protocols>\n<bgp>\n<group>\n<name>ibgp</name>\n<type>internal</type>\n%s'
            '<neighbor>\n<name>%s</name>\n</neighbor>\n</group>\n<group>\n<name>ebgp</name>\n'
            '<peer-as>12076</peer-as>\n%s<neighbor>\n<name>%s</name>\n</neighbor>\n</group>\n'
            '</bgp>\n</protocols>\n</instance>\n</routing-instances>\n</configuration>'
            % ("".join("<interface>\n<name>%s</name>\n</interface>\n" % i for i in ifaces), lp, fw_addr,
               bfd_block, msee))


def fw_config():
    return ('<configuration junos:commit-seconds="1574828100" junos:commit-localtime="2019-11-27 04:15:00 UTC" '
            'junos:commit-user="netops">\n<routing-instances>\n<instance>\n<name>Cust11</name>\n'
            '<instance-type>virtual-router</instance-type>\n'
            + "".join("<interface>\n<name>%s</name>\n</interface>\n" % i for i in
                      ("reth0.11", "reth1.11", "reth2.11", "st0.118", "st0.119", "lo0.11"))
            + '<protocols>\n<bgp>\n<group>\n<name>ibgp</name>\n<type>internal</type>\n'
            '<neighbor>\n<name>192.168.11.0</name>\n</neighbor>\n<neighbor>\n<name>192.168.11.2</name>\n</neighbor>\n'
            '</group>\n<group>\n<name>vpn</name>\n<type>external</type>\n<multihop>\n<ttl>2</ttl>\n</multihop>\n'
            '<local-address>192.168.11.88</local-address>\n<export>vpn-export</export>\n<peer-as>65515</peer-as>\n'
            '<neighbor>\n<name>10.17.11.76</name>\n</neighbor>\n<neighbor>\n<name>10.17.11.77</name>\n</neighbor>\n'
            '</group>\n</bgp>\n</protocols>\n</instance>\n</routing-instances>\n</configuration>')


def fname(cmd):
    return cmd.replace(" ", "_") + ".xml"


def adv_cmd(peer):
    return "show route advertising-protocol bgp %s table %s detail" % (peer, TABLE)


def recv_cmd(peer):
    return "show route receive-protocol bgp %s table %s" % (peer, TABLE)


def compliant():
    """Files of the reference steady state: {device: {command: xml}}."""
    adv = [adv_rt(ONPREM)]
    snap = {
        CE1: {
            "show configuration routing-instances Cust11": reply(MX_REL, ce_config(MX_REL, "192.168.11.1", "192.168.11.18", ["xe-0/0/0:0.110", "ae0.11"])),
            adv_cmd("192.168.11.18"): reply(MX_REL, route_info(MX_REL, adv)),
            "show bgp summary instance Cust11": reply(MX_REL, bgp_summary(MX_REL, [
                ("192.168.11.1", 65020, "Established", 1, 1), ("192.168.11.18", 12076, "Established", 2, 2)])),
            "show bfd session": reply(MX_REL, bfd(MX_REL, [("192.168.11.18", "Up", "xe-0/0/0:0.110", 0.3, 3)])),
        },
        CE2: {
            "show configuration routing-instances Cust11": reply(MX_REL, ce_config(MX_REL, "192.168.11.3", "192.168.11.22", ["xe-0/0/0:1.110", "ae0.11"])),
            adv_cmd("192.168.11.22"): reply(MX_REL, route_info(MX_REL, adv)),
            "show bgp summary instance Cust11": reply(MX_REL, bgp_summary(MX_REL, [
                ("192.168.11.3", 65020, "Established", 1, 1), ("192.168.11.22", 12076, "Established", 2, 2)])),
            "show bfd session": reply(MX_REL, bfd(MX_REL, [("192.168.11.22", "Up", "xe-0/0/0:1.110", 0.3, 3)])),
        },
        FW: {
            "show configuration routing-instances Cust11": reply(SRX_REL, fw_config()),
            "show route table Cust11.inet.0": reply(SRX_REL, fw_table()),
            adv_cmd(VPN1): reply(SRX_REL, route_info(SRX_REL, [adv_rt(ONPREM, group="vpn")], (14, 21, 14, 0, 0))),
            adv_cmd(VPN2): reply(SRX_REL, route_info(SRX_REL, [adv_rt(ONPREM, group="vpn")], (14, 21, 14, 0, 0))),
            recv_cmd(VPN1): reply(SRX_REL, route_info(SRX_REL, [recv_rt(HUB, VPN1), recv_rt(SPOKE, VPN1)], (14, 21, 14, 0, 0))),
            recv_cmd(VPN2): reply(SRX_REL, route_info(SRX_REL, [recv_rt(HUB, VPN2), recv_rt(SPOKE, VPN2)], (14, 21, 14, 0, 0))),
            "show bgp summary instance Cust11": reply(SRX_REL, bgp_summary(SRX_REL, [
                ("10.17.11.76", 65515, "Established", 0, 2), ("10.17.11.77", 65515, "Established", 0, 2),
                ("192.168.11.0", 65020, "Established", 2, 2), ("192.168.11.2", 65020, "Established", 0, 2)], srx=True)),
        },
    }
    return snap


def variants():
    """{name: (description, expected failing checks, mutate(snap))}."""
    v = {}

    def er_sym(s):
        s[CE2][adv_cmd("192.168.11.22")] = reply(MX_REL, route_info(MX_REL, [adv_rt(ONPREM, aspath="[65020] 65020 65020 I")]))
    v["er-adv-symmetry"] = ("CE2 prepends its AS twice toward the MSEE", ["er-adv-symmetry"], er_sym)

    def er_cov(s):
        for ce, msee in ((CE1, "192.168.11.18"), (CE2, "192.168.11.22")):
            s[ce][adv_cmd(msee)] = reply(MX_REL, route_info(MX_REL, [], (8, 8, 7, 0, 1)))
    v["er-adv-coverage"] = ("a shared export policy typo: neither CE advertises the on-prem prefix",
                            ["er-adv-coverage"], er_cov)

    def vpn_sym(s):
        s[FW][adv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, [adv_rt("10.1.0.0/16", group="vpn"), adv_rt(ONPREM, group="vpn")]))
    v["vpn-adv-symmetry"] = ("the firewall also advertises 10.1.0.0/16 to the secondary VPN peer only",
                             ["vpn-adv-symmetry"], vpn_sym)

    def vpn_nms(s):
        rts = [adv_rt(ONPREM, group="vpn"), adv_rt("10.1.11.0/26", group="vpn"), adv_rt("10.1.11.64/26", group="vpn")]
        s[FW][adv_cmd(VPN1)] = reply(SRX_REL, route_info(SRX_REL, rts))
        s[FW][adv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, rts))
    v["vpn-no-more-specific"] = ("the firewall advertises two /26 inside the ExpressRoute /25 over the VPN",
                                 ["vpn-no-more-specific"], vpn_nms)

    def vpn_cov(s):
        s[FW][adv_cmd(VPN1)] = reply(SRX_REL, route_info(SRX_REL, [], (14, 21, 14, 0, 0)))
        s[FW][adv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, [], (14, 21, 14, 0, 0)))
    v["vpn-adv-coverage"] = ("the VPN export policy rejects everything", ["vpn-adv-coverage"], vpn_cov)

    def vpn_recv(s):
        s[FW][recv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, [recv_rt(HUB, VPN2)]))
        s[FW]["show route table Cust11.inet.0"] = reply(SRX_REL, fw_table(spoke_vpn_peers=(VPN1,)))
    v["vpn-recv"] = ("the secondary VPN gateway does not send the spoke prefix", ["vpn-recv", "backup-ready"], vpn_recv)

    def lp_cfg(s):
        s[CE2]["show configuration routing-instances Cust11"] = reply(MX_REL, ce_config(
            MX_REL, "192.168.11.3", "192.168.11.22", ["xe-0/0/0:1.110", "ae0.11"], lp=""))
        s[FW]["show route table Cust11.inet.0"] = reply(SRX_REL, fw_table(ce_lp=(150, 100)))
    v["lp-config"] = ("CE2's ibgp group lost local-preference 150", ["lp-config", "lp-rib"], lp_cfg)

    def lp_cfg_inactive(s):
        s[CE2]["show configuration routing-instances Cust11"] = reply(MX_REL, ce_config(
            MX_REL, "192.168.11.3", "192.168.11.22", ["xe-0/0/0:1.110", "ae0.11"],
            lp='<local-preference inactive="inactive">150</local-preference>\n'))
        s[FW]["show route table Cust11.inet.0"] = reply(SRX_REL, fw_table(ce_lp=(150, 100)))
    v["lp-config-inactive"] = ("CE2's local-preference 150 is deactivated", ["lp-config", "lp-rib"], lp_cfg_inactive)

    def lp_rib(s):
        s[FW]["show route table Cust11.inet.0"] = reply(SRX_REL, fw_table(vpn_lp=(120, 120)))
    v["lp-rib"] = ("a VPN import policy sets local-preference 120", ["lp-rib"], lp_rib)

    def active(s):
        s[FW]["show route table Cust11.inet.0"] = reply(SRX_REL, fw_table(vpn_lp=(200, 200), active=VPN1))
    v["active-path"] = ("a VPN import policy sets local-preference 200: traffic leaves over the VPN",
                        ["active-path", "lp-rib"], active)

    def backup(s):
        # Rejected by import policy, the routes are hidden: Junos shows them
        # neither in the table nor in receive-protocol output.
        s[FW]["show route table Cust11.inet.0"] = reply(SRX_REL, fw_table(vpn_peers=(), vpn_lp=()))
        for peer in (VPN1, VPN2):
            s[FW][recv_cmd(peer)] = reply(SRX_REL, route_info(SRX_REL, [], (14, 17, 14, 0, 4)))
    v["backup-ready"] = ("a VPN import policy rejects the gateways' routes",
                         ["backup-ready", "vpn-recv"], backup)

    def sessions(s):
        s[FW]["show bgp summary instance Cust11"] = reply(SRX_REL, bgp_summary(SRX_REL, [
            ("10.17.11.76", 65515, "Established", 0, 2), ("10.17.11.77", 65515, "Active", 0, 0),
            ("192.168.11.0", 65020, "Established", 2, 2), ("192.168.11.2", 65020, "Established", 0, 2)], srx=True))
        s[FW][recv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, []))
        s[FW][adv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, []))
        s[FW]["show route table Cust11.inet.0"] = reply(SRX_REL, fw_table(vpn_peers=(VPN1,), vpn_lp=(100,)))
    v["bgp-sessions"] = ("the tunnel to the secondary VPN gateway is down: its BGP session is Active",
                         ["bgp-sessions", "vpn-recv", "backup-ready", "vpn-adv-symmetry", "vpn-adv-coverage"], sessions)

    def bfd_cfg(s):
        s[CE2]["show configuration routing-instances Cust11"] = reply(MX_REL, ce_config(
            MX_REL, "192.168.11.3", "192.168.11.22", ["xe-0/0/0:1.110", "ae0.11"], bfd_block=""))
        s[CE2]["show bfd session"] = reply(MX_REL, bfd(MX_REL, []))
    v["bfd-config"] = ("CE2's ebgp group has no BFD", ["bfd-config", "bfd-state"], bfd_cfg)

    def bfd_state(s):
        s[CE1]["show bfd session"] = reply(MX_REL, bfd(MX_REL, [("192.168.11.18", "Up", "xe-0/0/0:0.110", 1.0, 3)]))
    v["bfd-state"] = ("CE1's BFD session negotiated 1 s instead of 300 ms", ["bfd-state"], bfd_state)

    def budget(s):
        many = [adv_rt(ONPREM)] + ["<rt><rt-destination>10.%d.%d.0/24</rt-destination><rt-entry><active-tag>*</active-tag>"
                                   "<nh><to>Self</to></nh><as-path>[65020] I</as-path></rt-entry></rt>\n" % (100 + i // 256, i % 256)
                                   for i in range(4100)]
        for ce, msee in ((CE1, "192.168.11.18"), (CE2, "192.168.11.22")):
            s[ce][adv_cmd(msee)] = reply(MX_REL, route_info(MX_REL, many, (4101, 4101, 4101, 0, 0)))
        for peer in (VPN1, VPN2):
            s[FW][adv_cmd(peer)] = reply(SRX_REL, route_info(SRX_REL, [r.replace("ebgp", "vpn") for r in many], (4101, 4101, 4101, 0, 0)))
    v["prefix-budget"] = ("4,101 on-prem prefixes: over the 4,000 limit of a standard circuit and the VPN gateway",
                          ["prefix-budget"], budget)
    return v


def write(name, snap, desc, expected):
    d = os.path.join(HERE, name)
    shutil.rmtree(d, ignore_errors=True)
    for dev, files in snap.items():
        os.makedirs(os.path.join(d, dev))
        for cmd, xml in files.items():
            with open(os.path.join(d, dev, fname(cmd)), "w") as f:
                f.write(xml)
    with open(os.path.join(d, "EXPECTED"), "w") as f:
        f.write("# %s\n" % desc)
        for c in expected:
            f.write(c + "\n")


def main():
    write("compliant", compliant(), "the reference design in steady state", [])
    for name, (desc, expected, mutate) in variants().items():
        s = compliant()
        mutate(s)
        write(name, s, desc, expected)


if __name__ == "__main__":
    main()
