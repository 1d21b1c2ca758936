#!/usr/bin/env python3
"""Generate the saved snapshots of the reference design (tests/snapshots/).

compliant/ is the seed's steady state as the three devices print it with
"| display xml"; every other folder breaks what one check guards, the way
it happens in practice, and lists in EXPECTED every check that must fail
(fail or unknown), one a line; "CHECK unknown" when it must be unknown
(nothing to judge it on), "exit N" when erguard must exit N rather than
1, and "ALL" when no check may pass (tests/cli/snapshots.sh reads them).

The design itself (devices, instance, prefixes, peers, ASNs, groups,
local preference, BFD, budget) is read from yang/default-intent.xml, the
built-in intent; only how the devices print it (releases, interface
names, counters, ages) is written here.
Run from anywhere: python3 tests/snapshots/gen.py
"""
import ipaddress
import os
import re
import shutil
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
INTENT = os.path.join(HERE, "..", "..", "yang", "default-intent.xml")
MX_REL, SRX_REL = "18.2R1", "15.1X49"


def reference(path=INTENT):
    """The first service of an intent document as a dict of plain values."""
    ns = {"i": "urn:erguard:intent"}
    svc = ET.parse(path).getroot().find("i:service", ns)

    def text(node, rel):
        return node.find(rel, ns).text

    links = [{"ce": text(l, "i:ce"), "msee": text(l, "i:msee-peer"), "ce_addr": text(l, "i:ce-address"),
              "fw_addr": text(l, "i:firewall-address"), "ebgp": text(l, "i:ebgp-group"),
              "ibgp": text(l, "i:ibgp-group"), "lp": int(text(l, "i:local-preference"))}
             for l in svc.findall("i:expressroute/i:link", ns)]
    vpn = svc.find("i:vpn", ns)
    return {
        "instance": text(svc, "i:instance"), "table": text(svc, "i:table"),
        "onprem": text(svc, "i:onprem-prefix"), "azure": [a.text for a in svc.findall("i:azure-prefix", ns)],
        "asn": {k: int(text(svc, "i:asn/i:" + k)) for k in ("onprem", "microsoft", "azure")},
        "links": links, "firewall": text(vpn, "i:firewall"),
        "vpn_peers": [(text(p, "i:address"), text(p, "i:tunnel")) for p in vpn.findall("i:peer", ns)],
        "vpn_local": text(vpn, "i:local-address"), "vpn_group": text(vpn, "i:ebgp-group"),
        "vpn_lp": int(text(vpn, "i:local-preference")),
        "bfd": (int(text(svc, "i:bfd/i:minimum-interval")), int(text(svc, "i:bfd/i:multiplier"))),
        "er_limit": int(text(svc, "i:prefix-budget/i:expressroute-limit")),
    }


REF = reference()
L1, L2 = REF["links"]
CE1, CE2, FW = L1["ce"], L2["ce"], REF["firewall"]
INST, TABLE = REF["instance"], REF["table"]
CUST = re.search(r"[0-9]+$", INST).group(0)       # customer number: VLAN and unit numbers
HUB, SPOKE = REF["azure"]
ONPREM = REF["onprem"]
(VPN1, TUN1), (VPN2, TUN2) = REF["vpn_peers"]
AS_ONPREM, AS_MS, AS_AZURE = REF["asn"]["onprem"], REF["asn"]["microsoft"], REF["asn"]["azure"]
CE_LP, VPN_LP = L1["lp"], REF["vpn_lp"]
BFD_MS, BFD_MULT = REF["bfd"]
ADV_AS = "[%d] I" % AS_ONPREM                      # what the CEs and the firewall advertise
# How the devices are wired: a CE's MSEE-facing unit and its aggregate
# toward the firewall; the firewall's redundant Ethernet to the LAN (0)
# and to CE1 (1) and CE2 (2), and its loopback.
CE_IFACES = (["xe-0/0/0:0.%s0" % CUST, "ae0.%s" % CUST], ["xe-0/0/0:1.%s0" % CUST, "ae0.%s" % CUST])
RETH = ["reth%d.%s" % (i, CUST) for i in range(3)]
LO = "lo0.%s" % CUST
CMD_CONFIG = "show configuration routing-instances %s" % INST
CMD_BGP = "show bgp summary instance %s" % INST
CMD_TABLE = "show route table %s" % TABLE


def reply(rel, body, trailer=True):
    t = '\n<cli>\n<banner></banner>\n</cli>' if trailer else ''
    return ('<rpc-reply xmlns:junos="http://xml.juniper.net/junos/%s/junos">\n%s%s\n</rpc-reply>\n'
            % (rel, body, t))


def route_info(rel, rts, counts=(8, 8, 7, 0, 1), table=None):
    return ('<route-information xmlns="http://xml.juniper.net/junos/%s/junos-routing">\n'
            '<!-- keepalive -->\n<route-table>\n<table-name>%s</table-name>\n'
            '<destination-count>%d</destination-count>\n<total-route-count>%d</total-route-count>\n'
            '<active-route-count>%d</active-route-count>\n<holddown-route-count>%d</holddown-route-count>\n'
            '<hidden-route-count>%d</hidden-route-count>\n%s</route-table>\n</route-information>'
            % ((rel, table or TABLE) + tuple(counts) + ("".join(rts),)))


def adv_rt(prefix, aspath=ADV_AS, med=None, communities=(), group=L1["ebgp"]):
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


def recv_rt(prefix, peer, aspath="%d I" % AS_AZURE):
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


def azure_paths(ce_lp=(CE_LP, L2["lp"]), vpn_lp=(VPN_LP, VPN_LP), active="ce1", vpn_peers=(VPN1, VPN2),
                ce_paths=(True, True)):
    p = []
    ms_as = "%d I" % AS_MS
    if ce_paths[0]:
        p.append(path(active == "ce1", ce_lp[0], ms_as,
                      [(L1["ce_addr"], RETH[1]), (L2["ce_addr"], RETH[2])]))
    if ce_paths[1]:
        p.append(path(active == "ce2", ce_lp[1], ms_as, [(L2["ce_addr"], RETH[2])],
                      age=(174841, "2d 0:34:01")))
    tun = dict(REF["vpn_peers"])
    for i, peer in enumerate(vpn_peers):
        p.append(path(active == peer, vpn_lp[i], "%d I" % AS_AZURE, [(None, tun[peer])], learned=peer,
                      age=(249133, "2d 21:12:13") if peer == VPN1 else (175311, "2d 0:41:51")))
    return p


def fw_table(**kw):
    spoke_peers = kw.pop("spoke_vpn_peers", None)
    rts = [
        table_rt(ONPREM, [path(True, None, None, [(None, RETH[0])], proto="Static", pref=5)]),
        table_rt(HUB, azure_paths(**kw)),
    ] + [table_rt(peer + "/32", [path(True, None, None, [(None, tun)], proto="Static", pref=5)])
         for peer, tun in REF["vpn_peers"]]
    if spoke_peers is not None:
        kw["vpn_peers"] = spoke_peers
        kw["vpn_lp"] = tuple(100 for _ in spoke_peers)
    rts.append(table_rt(SPOKE, azure_paths(**kw)))
    for pfx, via, proto in ((L1["ce_addr"] + "/31", RETH[1], "Direct"), (L1["fw_addr"] + "/32", RETH[1], "Local"),
                            (L2["ce_addr"] + "/31", RETH[2], "Direct"), (L2["fw_addr"] + "/32", RETH[2], "Local"),
                            (REF["vpn_local"] + "/32", LO, "Local")):
        rts.append(table_rt(pfx, [path(True, None, None, [(None, via)], proto=proto, pref=0)]))
    return route_info(SRX_REL, rts, (14, 21, 14, 0, 0))


def bgp_summary(rel, peers, srx=False):
    """peers: list of (address, asn, state, active, received[, table])."""
    down = sum(1 for p in peers if p[2] != "Established")
    s = ('<bgp-information xmlns="http://xml.juniper.net/junos/%s/junos-routing">\n'
         '<group-count>2</group-count>\n<peer-count>%d</peer-count>\n<down-peer-count>%d</down-peer-count>\n'
         '<bgp-rib junos:style="brief">\n<name>%s</name>\n<total-prefix-count>%d</total-prefix-count>\n'
         '</bgp-rib>\n' % (rel, len(peers), down, TABLE, sum(p[4] for p in peers)))
    for i, (addr, asn, state, act, rcv, *rib) in enumerate(peers):
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
                  '<suppressed-prefix-count>0</suppressed-prefix-count>\n</bgp-rib>\n' % ((rib or [TABLE])[0], act, rcv, rcv))
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


def ce_config(rel, link, ifaces, lp="<local-preference>%d</local-preference>\n" % CE_LP, bfd_block=None,
              policy="", msee6=None):
    """policy: a <policy-options> block after the instance (export policies);
    msee6: the IPv6 MSEE neighbor of a dual-stack link."""
    if bfd_block is None:
        bfd_block = ("<bfd-liveness-detection>\n<minimum-interval>%d</minimum-interval>\n"
                     "<multiplier>%d</multiplier>\n</bfd-liveness-detection>\n" % (BFD_MS, BFD_MULT))
    return ('<configuration junos:commit-seconds="1574828031" junos:commit-localtime="2019-11-27 04:13:51 UTC" '
            'junos:commit-user="netops">\n<routing-instances>\n<instance>\n<name>%s</name>\n'
            '<description>Customer %s VRF</description>\n<instance-type>virtual-router</instance-type>\n'
            '%s<protocols>\n<bgp>\n<group>\n<name>%s</name>\n<type>internal</type>\n%s'
            '<neighbor>\n<name>%s</name>\n</neighbor>\n</group>\n<group>\n<name>%s</name>\n'
            '<peer-as>%d</peer-as>\n%s<neighbor>\n<name>%s</name>\n</neighbor>\n%s</group>\n'
            '</bgp>\n</protocols>\n</instance>\n</routing-instances>\n%s</configuration>'
            % (INST, CUST, "".join("<interface>\n<name>%s</name>\n</interface>\n" % i for i in ifaces),
               link["ibgp"], lp, link["fw_addr"], link["ebgp"], AS_MS, bfd_block, link["msee"],
               "<neighbor>\n<name>%s</name>\n</neighbor>\n" % msee6 if msee6 else "", policy))


def fw_config(peers6=()):
    return ('<configuration junos:commit-seconds="1574828100" junos:commit-localtime="2019-11-27 04:15:00 UTC" '
            'junos:commit-user="netops">\n<routing-instances>\n<instance>\n<name>%s</name>\n'
            '<instance-type>virtual-router</instance-type>\n' % INST
            + "".join("<interface>\n<name>%s</name>\n</interface>\n" % i for i in
                      RETH + [TUN1, TUN2, LO])
            + '<protocols>\n<bgp>\n<group>\n<name>%s</name>\n<type>internal</type>\n' % L1["ibgp"]
            + "".join('<neighbor>\n<name>%s</name>\n</neighbor>\n' % l["ce_addr"] for l in REF["links"])
            + '</group>\n<group>\n<name>%s</name>\n<type>external</type>\n<multihop>\n<ttl>2</ttl>\n</multihop>\n'
            '<local-address>%s</local-address>\n<export>vpn-export</export>\n<peer-as>%d</peer-as>\n'
            % (REF["vpn_group"], REF["vpn_local"], AS_AZURE)
            + "".join('<neighbor>\n<name>%s</name>\n</neighbor>\n' % peer
                      for peer in [p for p, _ in REF["vpn_peers"]] + list(peers6))
            + '</group>\n</bgp>\n</protocols>\n</instance>\n</routing-instances>\n</configuration>')


def fname(cmd):
    return cmd.replace(" ", "_") + ".xml"


def adv_cmd(peer):
    return "show route advertising-protocol bgp %s table %s detail" % (peer, TABLE)


def recv_cmd(peer):
    return "show route receive-protocol bgp %s table %s" % (peer, TABLE)


def compliant():
    """Files of the reference steady state: {device: {command: xml}}."""
    adv = [adv_rt(ONPREM)]
    snap = {}
    for i, link in enumerate(REF["links"]):
        snap[link["ce"]] = {
            CMD_CONFIG: reply(MX_REL, ce_config(MX_REL, link, CE_IFACES[i])),
            adv_cmd(link["msee"]): reply(MX_REL, route_info(MX_REL, adv)),
            CMD_BGP: reply(MX_REL, bgp_summary(MX_REL, [
                (link["fw_addr"], AS_ONPREM, "Established", 1, 1), (link["msee"], AS_MS, "Established", 2, 2)])),
            "show bfd session": reply(MX_REL, bfd(MX_REL, [
                (link["msee"], "Up", CE_IFACES[i][0], BFD_MS / 1000.0, BFD_MULT)])),
        }
    vpn_adv = reply(SRX_REL, route_info(SRX_REL, [adv_rt(ONPREM, group=REF["vpn_group"])], (14, 21, 14, 0, 0)))
    snap[FW] = {
        CMD_CONFIG: reply(SRX_REL, fw_config()),
        CMD_TABLE: reply(SRX_REL, fw_table()),
        adv_cmd(VPN1): vpn_adv,
        adv_cmd(VPN2): vpn_adv,
        recv_cmd(VPN1): reply(SRX_REL, route_info(SRX_REL, [recv_rt(HUB, VPN1), recv_rt(SPOKE, VPN1)], (14, 21, 14, 0, 0))),
        recv_cmd(VPN2): reply(SRX_REL, route_info(SRX_REL, [recv_rt(HUB, VPN2), recv_rt(SPOKE, VPN2)], (14, 21, 14, 0, 0))),
        CMD_BGP: reply(SRX_REL, fw_bgp_summary()),
    }
    return snap


def fw_bgp_summary(vpn2_state="Established"):
    """The firewall's BGP summary, the secondary VPN peer in vpn2_state."""
    up = vpn2_state == "Established"
    return bgp_summary(SRX_REL, [
        (VPN1, AS_AZURE, "Established", 0, 2), (VPN2, AS_AZURE, vpn2_state, 0, 2 if up else 0),
        (L1["ce_addr"], AS_ONPREM, "Established", 2, 2), (L2["ce_addr"], AS_ONPREM, "Established", 0, 2)], srx=True)


def variants():
    """{name: (description, expected failing checks, mutate(snap))}."""
    v = {}
    onprem = ipaddress.ip_network(ONPREM)
    halves = [str(n) for n in onprem.subnets(prefixlen_diff=1)]

    def er_sym(s):
        s[CE2][adv_cmd(L2["msee"])] = reply(MX_REL, route_info(MX_REL, [adv_rt(ONPREM, aspath="[%d] %d %d I" % ((AS_ONPREM,) * 3))]))
    v["er-adv-symmetry"] = ("CE2 prepends its AS twice toward the MSEE", ["er-adv-symmetry"], er_sym)

    def er_cov(s):
        for link in REF["links"]:
            s[link["ce"]][adv_cmd(link["msee"])] = reply(MX_REL, route_info(MX_REL, [], (8, 8, 7, 0, 1)))
    # With nothing over ExpressRoute, the checks that compare against it have
    # nothing to compare where the intent expects the on-prem prefix: unknown.
    v["er-adv-coverage"] = ("a shared export policy typo: neither CE advertises the on-prem prefix",
                            ["er-adv-coverage", "er-adv-symmetry", "vpn-no-more-specific", "vpn-adv-coverage"],
                            er_cov)

    wider = str(onprem.supernet(new_prefix=16))

    def vpn_sym(s):
        s[FW][adv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, [adv_rt(wider, group=REF["vpn_group"]), adv_rt(ONPREM, group=REF["vpn_group"])]))
    v["vpn-adv-symmetry"] = ("the firewall also advertises %s to the secondary VPN peer only" % wider,
                             ["vpn-adv-symmetry"], vpn_sym)

    def vpn_nms(s):
        rts = [adv_rt(ONPREM, group=REF["vpn_group"])] + [adv_rt(h, group=REF["vpn_group"]) for h in halves]
        s[FW][adv_cmd(VPN1)] = reply(SRX_REL, route_info(SRX_REL, rts))
        s[FW][adv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, rts))
    v["vpn-no-more-specific"] = ("the firewall advertises two /%d inside the ExpressRoute /%d over the VPN"
                                 % (onprem.prefixlen + 1, onprem.prefixlen), ["vpn-no-more-specific"], vpn_nms)

    def vpn_cov(s):
        s[FW][adv_cmd(VPN1)] = reply(SRX_REL, route_info(SRX_REL, [], (14, 21, 14, 0, 0)))
        s[FW][adv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, [], (14, 21, 14, 0, 0)))
    # Both VPN peers receive nothing: equal empty sets are no symmetry, so
    # vpn-adv-symmetry has nothing to compare and is unknown.
    v["vpn-adv-coverage"] = ("the VPN export policy rejects everything", ["vpn-adv-coverage",
                             "vpn-adv-symmetry unknown"], vpn_cov)

    def vpn_recv(s):
        s[FW][recv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, [recv_rt(HUB, VPN2)]))
        s[FW][CMD_TABLE] = reply(SRX_REL, fw_table(spoke_vpn_peers=(VPN1,)))
    v["vpn-recv"] = ("the secondary VPN gateway does not send the spoke prefix", ["vpn-recv", "backup-ready"], vpn_recv)

    def lp_cfg(s):
        s[CE2][CMD_CONFIG] = reply(MX_REL, ce_config(MX_REL, L2, CE_IFACES[1], lp=""))
        s[FW][CMD_TABLE] = reply(SRX_REL, fw_table(ce_lp=(CE_LP, 100)))
    v["lp-config"] = ("CE2's %s group lost local-preference %d" % (L2["ibgp"], CE_LP), ["lp-config", "lp-rib"], lp_cfg)

    def lp_cfg_inactive(s):
        s[CE2][CMD_CONFIG] = reply(MX_REL, ce_config(
            MX_REL, L2, CE_IFACES[1], lp='<local-preference inactive="inactive">%d</local-preference>\n' % CE_LP))
        s[FW][CMD_TABLE] = reply(SRX_REL, fw_table(ce_lp=(CE_LP, 100)))
    v["lp-config-inactive"] = ("CE2's local-preference %d is deactivated" % CE_LP, ["lp-config", "lp-rib"], lp_cfg_inactive)

    def lp_rib(s):
        s[FW][CMD_TABLE] = reply(SRX_REL, fw_table(vpn_lp=(120, 120)))
    v["lp-rib"] = ("a VPN import policy sets local-preference 120", ["lp-rib"], lp_rib)

    def active(s):
        s[FW][CMD_TABLE] = reply(SRX_REL, fw_table(vpn_lp=(200, 200), active=VPN1))
    v["active-path"] = ("a VPN import policy sets local-preference 200: traffic leaves over the VPN",
                        ["active-path", "lp-rib"], active)

    def table_empty(s):
        s[FW][CMD_TABLE] = reply(SRX_REL, route_info(SRX_REL, [], (0, 0, 0, 0, 0)))
    v["fw-table-empty"] = ("the firewall's table of the instance is empty: lp-rib has nothing to compare",
                           ["lp-rib", "active-path", "backup-ready"], table_empty)

    def backup(s):
        # Rejected by import policy, the routes are hidden: Junos shows them
        # neither in the table nor in receive-protocol output.
        s[FW][CMD_TABLE] = reply(SRX_REL, fw_table(vpn_peers=(), vpn_lp=()))
        for peer in (VPN1, VPN2):
            s[FW][recv_cmd(peer)] = reply(SRX_REL, route_info(SRX_REL, [], (14, 17, 14, 0, 4)))
    v["backup-ready"] = ("a VPN import policy rejects the gateways' routes",
                         ["backup-ready", "vpn-recv"], backup)

    def sessions(s):
        s[FW][CMD_BGP] = reply(SRX_REL, fw_bgp_summary("Active"))
        s[FW][recv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, []))
        s[FW][adv_cmd(VPN2)] = reply(SRX_REL, route_info(SRX_REL, []))
        s[FW][CMD_TABLE] = reply(SRX_REL, fw_table(vpn_peers=(VPN1,), vpn_lp=(VPN_LP,)))
    v["bgp-sessions"] = ("the tunnel to the secondary VPN gateway is down: its BGP session is Active",
                         ["bgp-sessions", "vpn-recv", "backup-ready", "vpn-adv-symmetry", "vpn-adv-coverage"], sessions)

    def bfd_cfg(s):
        s[CE2][CMD_CONFIG] = reply(MX_REL, ce_config(MX_REL, L2, CE_IFACES[1], bfd_block=""))
        s[CE2]["show bfd session"] = reply(MX_REL, bfd(MX_REL, []))
    v["bfd-config"] = ("CE2's %s group has no BFD" % L2["ebgp"], ["bfd-config", "bfd-state"], bfd_cfg)

    def bfd_state(s):
        s[CE1]["show bfd session"] = reply(MX_REL, bfd(MX_REL, [(L1["msee"], "Up", CE_IFACES[0][0], 1.0, BFD_MULT)]))
    v["bfd-state"] = ("CE1's BFD session negotiated 1 s instead of %d ms" % BFD_MS, ["bfd-state"], bfd_state)

    grp = "ER-IBGP"
    bfd_grp = "ER-BFD"

    def groups_inherited(s):
        # saved with "| display inheritance": the group's statements in place,
        # each naming the group it came from
        for i, link in enumerate(REF["links"]):
            s[link["ce"]][CMD_CONFIG] = reply(MX_REL, ce_config(
                MX_REL, link, CE_IFACES[i],
                lp='<local-preference junos:group="%s">%d</local-preference>\n' % (grp, CE_LP),
                bfd_block=('<bfd-liveness-detection junos:group="%s">\n<minimum-interval junos:group="%s">%d'
                           '</minimum-interval>\n<multiplier junos:group="%s">%d</multiplier>\n'
                           '</bfd-liveness-detection>\n' % (bfd_grp, bfd_grp, BFD_MS, bfd_grp, BFD_MULT))))
    v["groups-inherited"] = ("local-preference %d and BFD come from configuration groups, saved with "
                             "inheritance" % CE_LP, [], groups_inherited)

    def groups_unresolved(s):
        # saved without inheritance: apply-groups names the groups, their
        # statements are elsewhere ([edit groups], not in the reply)
        for i, link in enumerate(REF["links"]):
            s[link["ce"]][CMD_CONFIG] = reply(MX_REL, ce_config(
                MX_REL, link, CE_IFACES[i], lp="<apply-groups>%s</apply-groups>\n" % grp,
                bfd_block="<apply-groups>%s</apply-groups>\n" % bfd_grp))
    v["groups-not-inherited"] = ("local-preference and BFD come from configuration groups, saved without "
                                 "inheritance: what they set is not in the snapshot",
                                 ["lp-config unknown", "bfd-config unknown"], groups_unresolved)

    def lp_policy(value, stmt):
        def pol():
            return ('<policy-options>\n<policy-statement>\n<name>to-firewall</name>\n<term>\n'
                    '<name>azure</name>\n<from>\n<protocol>bgp</protocol>\n</from>\n<then>\n'
                    '<local-preference>\n<local-preference>%d</local-preference>\n</local-preference>\n'
                    '<accept/>\n</then>\n</term>\n</policy-statement>\n</policy-options>\n' % value)

        def mutate(s):
            for i, link in enumerate(REF["links"]):
                s[link["ce"]][CMD_CONFIG] = reply(MX_REL, ce_config(
                    MX_REL, link, CE_IFACES[i],
                    lp=("<local-preference>%d</local-preference>\n" % CE_LP if stmt else "")
                    + "<export>to-firewall</export>\n", policy=pol()))
            s[FW][CMD_TABLE] = reply(SRX_REL, fw_table(ce_lp=(value, value)))
        return mutate
    v["lp-policy"] = ("no local-preference statement: the CEs' export policy toward the firewall "
                      "sets %d" % CE_LP, [], lp_policy(CE_LP, False))
    # Equal local preference: the firewall still prefers the shorter
    # ExpressRoute AS path, so only the local-preference checks fail.
    v["lp-policy-override"] = ("the CEs' export policy sets local-preference 100, overriding the "
                               "group's %d" % CE_LP, ["lp-config", "lp-rib"], lp_policy(100, True))

    def other_table(s):
        s[FW][CMD_TABLE] = s[FW][CMD_TABLE].replace(TABLE, "Cust12.inet.0")
    v["route-other-table"] = ("the firewall's table saved for another instance's table",
                              ["exit 5", "lp-rib unknown", "active-path unknown", "backup-ready unknown"],
                              other_table)

    def cli_text(s):
        s[FW][CMD_TABLE] = ("%s: 14 destinations, 21 routes (14 active, 0 holddown, 0 hidden)\n"
                            "+ = Active Route, - = Last Active, * = Both\n\n"
                            "%s  *[BGP/170] 2d 00:34:04, localpref %d\n" % (TABLE, HUB, CE_LP))
    v["cli-text"] = ("the firewall's table saved as the CLI prints it, not as XML",
                     ["exit 5", "lp-rib unknown", "active-path unknown", "backup-ready unknown"], cli_text)

    def absent(s):
        # every device answers, none carries the service
        for link in REF["links"]:
            d = s[link["ce"]]
            d[CMD_CONFIG] = reply(MX_REL, '<configuration junos:commit-seconds="1574828031" '
                                  'junos:commit-user="netops">\n</configuration>')
            d[adv_cmd(link["msee"])] = reply(MX_REL, '<route-information xmlns="http://xml.juniper.net/'
                                             'junos/%s/junos-routing">\n</route-information>' % MX_REL)
            d[CMD_BGP] = reply(MX_REL, '<bgp-information xmlns="http://xml.juniper.net/junos/%s/junos-routing">'
                               '\n<group-count>0</group-count>\n<peer-count>0</peer-count>\n'
                               '<down-peer-count>0</down-peer-count>\n</bgp-information>' % MX_REL)
            d["show bfd session"] = reply(MX_REL, bfd(MX_REL, []))
        empty_ri = reply(SRX_REL, '<route-information xmlns="http://xml.juniper.net/junos/%s/junos-routing">'
                         '\n</route-information>' % SRX_REL)
        s[FW][CMD_CONFIG] = reply(SRX_REL, '<configuration junos:commit-seconds="1574828100" '
                                  'junos:commit-user="netops">\n</configuration>')
        for k in list(s[FW]):
            if k.startswith("show route"):
                s[FW][k] = empty_ri
        s[FW][CMD_BGP] = reply(SRX_REL, bgp_summary(SRX_REL, [], srx=True))
    v["service-absent"] = ("no device carries the intent's routing instance: nothing may pass",
                           ["ALL"], absent)

    n = REF["er_limit"] + 100       # on-prem prefixes besides ONPREM: over every limit

    def budget(s):
        many = [adv_rt(ONPREM)] + ["<rt><rt-destination>10.%d.%d.0/24</rt-destination><rt-entry><active-tag>*</active-tag>"
                                   "<nh><to>Self</to></nh><as-path>%s</as-path></rt-entry></rt>\n" % (100 + i // 256, i % 256, ADV_AS)
                                   for i in range(n)]
        for link in REF["links"]:
            s[link["ce"]][adv_cmd(link["msee"])] = reply(MX_REL, route_info(MX_REL, many, (n + 1,) * 3 + (0, 0)))
        for peer in (VPN1, VPN2):
            s[FW][adv_cmd(peer)] = reply(SRX_REL, route_info(SRX_REL, [r.replace(L1["ebgp"], REF["vpn_group"]) for r in many],
                                                             (n + 1,) * 3 + (0, 0)))
    v["prefix-budget"] = ("{:,} on-prem prefixes: over the {:,} limit of a standard circuit and the VPN gateway"
                          .format(n + 1, REF["er_limit"]), ["prefix-budget"], budget)
    return v


# ------------------------------------------------------------ dual stack
#
# The same design with IPv6 beside IPv4 (tests/data/intent/dual-stack.xml):
# an IPv6 session to each MSEE and each VPN gateway instance, the IPv6
# routes in the instance's inet6.0 table.  The iBGP session between a CE
# and the firewall carries both families, so the firewall learns the IPv6
# Azure routes from the CE's IPv4 address, next hop IPv4-mapped.  Each
# case folder holds its intent as intent.xml; an EXPECTED line
# "CHECK inet6" is a check failing for IPv6.
DS_INTENT = os.path.join(HERE, "..", "data", "intent", "dual-stack.xml")


def reference6(path=DS_INTENT):
    ns = {"i": "urn:erguard:intent"}
    svc = ET.parse(path).getroot().find("i:service", ns)
    fam6 = lambda xs: [x for x in xs if ":" in x]
    return {
        "table": svc.find("i:table-ipv6", ns).text if svc.find("i:table-ipv6", ns) is not None
        else "%s.inet6.0" % svc.find("i:instance", ns).text,
        "onprem": fam6([p.text for p in svc.findall("i:onprem-prefix", ns)]),
        "azure": fam6([p.text for p in svc.findall("i:azure-prefix", ns)]),
        "msee": [l.find("i:msee-peer-ipv6", ns).text for l in svc.findall("i:expressroute/i:link", ns)],
        "vpn": [p.find("i:address-ipv6", ns).text for p in svc.findall("i:vpn/i:peer", ns)],
    }


REF6 = reference6()
TABLE6 = REF6["table"]
(ONPREM6,), (HUB6, SPOKE6) = REF6["onprem"], REF6["azure"]
MSEE6 = REF6["msee"]
VPN61, VPN62 = REF6["vpn"]
CMD_TABLE6 = "show route table %s" % TABLE6


def adv6_cmd(peer):
    return "show route advertising-protocol bgp %s table %s detail" % (peer, TABLE6)


def recv6_cmd(peer):
    return "show route receive-protocol bgp %s table %s" % (peer, TABLE6)


def fw_table6():
    """The firewall's inet6.0: each Azure prefix via both CEs (active via CE1) and both VPN peers."""
    def paths():
        ms_as = "%d I" % AS_MS
        mapped = lambda a: "::ffff:" + a
        p = [path(True, CE_LP, ms_as, [(mapped(L1["ce_addr"]), RETH[1])], learned=L1["ce_addr"]),
             path(False, L2["lp"], ms_as, [(mapped(L2["ce_addr"]), RETH[2])], learned=L2["ce_addr"],
                  age=(174841, "2d 0:34:01"))]
        for peer, tun in ((VPN61, TUN1), (VPN62, TUN2)):
            p.append(path(False, VPN_LP, "%d I" % AS_AZURE, [(None, tun)], learned=peer))
        return p
    rts = [table_rt(ONPREM6, [path(True, None, None, [(None, RETH[0])], proto="Static", pref=5)]),
           table_rt(HUB6, paths()), table_rt(SPOKE6, paths())]
    return route_info(SRX_REL, rts, (3, 9, 3, 0, 0), table=TABLE6)


def dual_stack():
    """The compliant dual-stack snapshot: the IPv4 one plus every inet6.0 reply."""
    snap = compliant()
    for i, link in enumerate(REF["links"]):
        files = snap[link["ce"]]
        files[CMD_CONFIG] = reply(MX_REL, ce_config(MX_REL, link, CE_IFACES[i], msee6=MSEE6[i]))
        files[adv6_cmd(MSEE6[i])] = reply(MX_REL, route_info(MX_REL, [adv_rt(ONPREM6)], (3, 3, 3, 0, 0), table=TABLE6))
        files[CMD_BGP] = reply(MX_REL, bgp_summary(MX_REL, [
            (link["fw_addr"], AS_ONPREM, "Established", 1, 1), (link["msee"], AS_MS, "Established", 2, 2),
            (MSEE6[i], AS_MS, "Established", 2, 2, TABLE6)]))
    fw = snap[FW]
    fw[CMD_CONFIG] = reply(SRX_REL, fw_config(peers6=(VPN61, VPN62)))
    fw[CMD_TABLE6] = reply(SRX_REL, fw_table6())
    vpn_adv = reply(SRX_REL, route_info(SRX_REL, [adv_rt(ONPREM6, group=REF["vpn_group"])], (3, 9, 3, 0, 0), table=TABLE6))
    for peer in (VPN61, VPN62):
        fw[adv6_cmd(peer)] = vpn_adv
        fw[recv6_cmd(peer)] = reply(SRX_REL, route_info(SRX_REL, [recv_rt(HUB6, peer), recv_rt(SPOKE6, peer)],
                                                        (3, 9, 3, 0, 0), table=TABLE6))
    fw[CMD_BGP] = reply(SRX_REL, bgp_summary(SRX_REL, [
        (VPN1, AS_AZURE, "Established", 0, 2), (VPN2, AS_AZURE, "Established", 0, 2),
        (VPN61, AS_AZURE, "Established", 0, 2, TABLE6), (VPN62, AS_AZURE, "Established", 0, 2, TABLE6),
        (L1["ce_addr"], AS_ONPREM, "Established", 2, 2), (L2["ce_addr"], AS_ONPREM, "Established", 0, 2)], srx=True))
    return snap


def dual_stack_variants():
    """{name: (description, expected failing checks, mutate(snap))} on the dual-stack design."""
    v = {}
    onprem6 = ipaddress.ip_network(ONPREM6)
    halves6 = [str(n) for n in onprem6.subnets(prefixlen_diff=1)]

    def er_sym6(s):
        s[CE2][adv6_cmd(MSEE6[1])] = reply(MX_REL, route_info(
            MX_REL, [adv_rt(ONPREM6, aspath="[%d] %d %d I" % ((AS_ONPREM,) * 3))], (3, 3, 3, 0, 0), table=TABLE6))
    v["v6-er-adv-symmetry"] = ("dual stack: CE2 prepends its AS twice on its IPv6 session to the MSEE only",
                               ["er-adv-symmetry inet6"], er_sym6)

    def vpn_nms6(s):
        rts = [adv_rt(ONPREM6, group=REF["vpn_group"])] + [adv_rt(h, group=REF["vpn_group"]) for h in halves6]
        for peer in (VPN61, VPN62):
            s[FW][adv6_cmd(peer)] = reply(SRX_REL, route_info(SRX_REL, rts, (5, 11, 5, 0, 0), table=TABLE6))
    v["v6-vpn-no-more-specific"] = ("dual stack: the firewall advertises two /%d inside the ExpressRoute /%d "
                                    "over the VPN's IPv6 sessions" % (onprem6.prefixlen + 1, onprem6.prefixlen),
                                    ["vpn-no-more-specific inet6"], vpn_nms6)
    return v


def write(name, snap, desc, expected, intent=None):
    d = os.path.join(HERE, name)
    shutil.rmtree(d, ignore_errors=True)
    for dev, files in snap.items():
        os.makedirs(os.path.join(d, dev))
        for cmd, xml in files.items():
            with open(os.path.join(d, dev, fname(cmd)), "w") as f:
                f.write(xml)
    if intent is not None:
        shutil.copyfile(intent, os.path.join(d, "intent.xml"))
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
    write("dual-stack", dual_stack(), "the reference design, dual-stack, in steady state", [], DS_INTENT)
    for name, (desc, expected, mutate) in dual_stack_variants().items():
        s = dual_stack()
        mutate(s)
        write(name, s, desc, expected, DS_INTENT)


if __name__ == "__main__":
    main()
