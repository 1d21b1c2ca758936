#!/usr/bin/python3
"""pyez_check.py INTENT.xml - erguard's checks as a plain PyEZ script.

The baseline of erguard's benchmark: what an engineer would write with
PyEZ (Debian's python3-junos-eznc) to check the "ExpressRoute primary,
S2S VPN backup" design.  It reads erguard's intent (XML, namespace
urn:erguard:intent; absent leaves take the defaults of
erguard-intent.yang), opens one NETCONF session per device in turn
(gather_facts=False), issues the RPCs erguard issues for that intent,
and judges every check of erguard's catalogue the way erguard does.
azure-learned and azure-advertised need Azure exports and are reported
skipped.

Output: one line per result, "CHECK SCOPE STATUS", sorted.  Exit status
0 when nothing failed or is unknown, 1 otherwise, 2 on a bad command
line or intent.  Host keys are not verified: PyEZ's Device turns
hostkey_verify off.
"""
import ipaddress
import os
import re
import sys
import xml.etree.ElementTree as ET

from jnpr.junos import Device
from lxml import etree

NS = "{urn:erguard:intent}"

# What erguard asks each device, one kind per RPC.
CONFIG, ROUTES, ADVERTISED, RECEIVED, SUMMARY, BFD = (
    "config", "routes", "advertised", "received", "bgp-summary", "bfd")

# Status ranks: a result only ever gets worse; skipped never hides a verdict.
RANK = {"skipped": 0, "pass": 1, "fail": 2, "unknown": 3}


# ------------------------------------------------------------------ values

def addr(text):
    """An address from text ("10.1.1.1", or "10.1.1.1+179" as Junos
    writes peer addresses in some replies); None when there is none."""
    if text is None:
        return None
    text = text.strip()
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if "+" in text:
        host, port = text.rsplit("+", 1)
        if port.isdigit():
            try:
                return ipaddress.ip_address(host)
            except ValueError:
                pass
    return None


def prefix(dest, length=None):
    """A prefix from "10.1.11.0/25" or ("10.1.11.0", "25"); host bits
    cleared; None when unparsable."""
    if dest is None:
        return None
    dest = dest.strip()
    if "/" not in dest and length:
        dest = f"{dest}/{length.strip()}"
    try:
        return ipaddress.ip_network(dest, strict=False)
    except ValueError:
        return None


def pkey(p):
    """Sort key of a prefix: family, address, then shorter first."""
    return (p.version, p.network_address.packed, p.prefixlen)


def norm_aspath(text):
    """An AS path as Junos prints it ("AS path: [65020] I") normalised to
    "[65020] I"."""
    text = (text or "").strip()
    if text[:8].lower() == "as path:":
        text = text[8:]
    return " ".join(text.split())


def asns(aspath):
    """The AS numbers of an AS path, brackets and origin codes dropped."""
    return [int(x) for x in re.findall(r"\d+", aspath or "")]


def first_as(aspath):
    """The first AS of a path (brackets skipped), 0 when there is none."""
    m = re.match(r"[ \[({]*(\d+)", aspath or "")
    return int(m.group(1)) if m else 0


def u32(text):
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def seconds_ms(text):
    """"0.900" seconds as 900 ms; 0 when unparsable."""
    try:
        d = float((text or "").strip())
    except ValueError:
        return 0
    return int(d * 1000 + 0.5) if 0 <= d <= 4e6 else 0


def join(names):
    """Device names joined by "+", without repeats."""
    out = []
    for n in names:
        if n is not None and n not in out:
            out.append(n)
    return "+".join(out)


# ------------------------------------------------------------------ intent

class Obj:
    """A bag of attributes."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def leaf(el, name, default=None):
    v = el.findtext(NS + name) if el is not None else None
    return v.strip() if v is not None else default


def load_intent(path):
    root = ET.parse(path).getroot()
    if root.tag != NS + "intent":
        raise ValueError(f"{path}: not an erguard intent (root {root.tag})")
    devices = {}
    for d in root.findall(NS + "device"):
        name = leaf(d, "name")
        ssh = d.find(NS + "ssh")
        devices[name] = Obj(
            name=name, role=leaf(d, "role"), host=leaf(d, "host", name),
            port=int(leaf(d, "port", "830")), user=leaf(d, "user"),
            transport=leaf(d, "transport", "ssh"),
            identity=leaf(ssh, "identity-file"),
            password_env=leaf(ssh, "password-env"))
    services = []
    for s in root.findall(NS + "service"):
        name = leaf(s, "name")
        inst = leaf(s, "instance", name)
        asn = s.find(NS + "asn")
        links = []
        for l in s.findall(f"{NS}expressroute/{NS}link"):
            links.append(Obj(
                name=leaf(l, "name"), ce=leaf(l, "ce"),
                msee=addr(leaf(l, "msee-peer")),
                ebgp_group=leaf(l, "ebgp-group", "ebgp"),
                ibgp_group=leaf(l, "ibgp-group", "ibgp"),
                lp=int(leaf(l, "local-preference", "150")),
                ce_addr=addr(leaf(l, "ce-address")),
                fw_addr=addr(leaf(l, "firewall-address"))))
        vpn = s.find(NS + "vpn")
        peers = [Obj(addr=addr(leaf(p, "address")), tunnel=leaf(p, "tunnel"))
                 for p in (vpn.findall(NS + "peer") if vpn is not None else [])]
        bfd = s.find(NS + "bfd")
        bud = s.find(NS + "prefix-budget")
        sku = leaf(bud, "sku", "standard")
        services.append(Obj(
            name=name, instance=inst, table=leaf(s, "table", f"{inst}.inet.0"),
            onprem=[prefix(p.text) for p in s.findall(NS + "onprem-prefix")],
            azure=[prefix(p.text) for p in s.findall(NS + "azure-prefix")],
            asn_onprem=int(leaf(asn, "onprem", "65020")),
            asn_microsoft=int(leaf(asn, "microsoft", "12076")),
            asn_azure=int(leaf(asn, "azure", "65515")),
            er=links,
            firewall=leaf(vpn, "firewall"),
            vpn_peers=peers,
            vpn_lp=int(leaf(vpn, "local-preference", "100")),
            bfd=bfd is not None,
            bfd_interval=int(leaf(bfd, "minimum-interval", "300")),
            bfd_mult=int(leaf(bfd, "multiplier", "3")),
            er_limit=int(leaf(bud, "expressroute-limit",
                              "10000" if sku == "premium" else "4000")),
            vpn_limit=int(leaf(bud, "vpn-limit", "4000")),
            warn=int(leaf(bud, "warn-percent", "80"))))
    return devices, services


# ------------------------------------------------------------------ plan

def plan(services):
    """The queries erguard makes, in its order, without repeats: a list of
    (kind, device, instance, table, peer)."""
    qs = []

    def add(q):
        if q not in qs:
            qs.append(q)

    for s in services:
        for l in s.er:
            add((CONFIG, l.ce, s.instance, None, None))
            add((ADVERTISED, l.ce, s.instance, s.table, l.msee))
            add((SUMMARY, l.ce, s.instance, None, None))
            add((BFD, l.ce, None, None, None))
        if s.firewall is None:
            continue
        add((CONFIG, s.firewall, s.instance, None, None))
        add((ROUTES, s.firewall, s.instance, s.table, None))
        for p in s.vpn_peers:
            add((ADVERTISED, s.firewall, s.instance, s.table, p.addr))
            add((RECEIVED, s.firewall, s.instance, s.table, p.addr))
        add((SUMMARY, s.firewall, s.instance, None, None))
    return qs


def rpc(dev, q):
    """Issue the RPC of query q on dev; returns the reply element."""
    kind, _, inst, table, peer = q
    if kind == CONFIG:
        flt = etree.Element("configuration")
        ri = etree.SubElement(etree.SubElement(flt, "routing-instances"), "instance")
        etree.SubElement(ri, "name").text = inst
        etree.SubElement(flt, "policy-options")
        # groups applied in place (inherit), each inherited statement naming its group
        return dev.rpc.get_config(filter_xml=flt,
                                  options={"database": "committed", "format": "xml",
                                           "inherit": "inherit", "groups": "groups"},
                                  ignore_warning=True)
    if kind == ROUTES:
        return dev.rpc.get_route_information(table=table, ignore_warning=True)
    if kind == ADVERTISED:
        return dev.rpc.get_route_information(advertising_protocol_name="bgp",
                                             neighbor=str(peer), table=table, detail=True,
                                             ignore_warning=True)
    if kind == RECEIVED:
        return dev.rpc.get_route_information(receive_protocol_name="bgp",
                                             peer=str(peer), table=table,
                                             ignore_warning=True)
    if kind == SUMMARY:
        return dev.rpc.get_bgp_summary_information(exact_instance=inst,
                                                    ignore_warning=True)
    return dev.rpc.get_bfd_session_information(ignore_warning=True)


def collect(devices, queries):
    """Run the queries, one session per device, devices in turn.  Returns
    {query: parsed data or None} and {query: why it is missing}."""
    data, why = {}, {}
    order = []
    for q in queries:
        if q[1] not in order:
            order.append(q[1])
    for name in order:
        mine = [q for q in queries if q[1] == name]
        d = devices.get(name)
        if d is None or d.transport != "ssh":
            for q in mine:
                why[q] = f"{name}: not a device this script can reach"
            continue
        kw = dict(host=d.host, port=d.port, gather_facts=False)
        if d.user:
            kw["user"] = d.user
        if d.identity:
            kw["ssh_private_key_file"] = d.identity
        if d.password_env:
            kw["password"] = os.environ.get(d.password_env)
        try:
            with Device(**kw) as dev:
                for q in mine:
                    try:
                        reply = rpc(dev, q)
                        data[q] = parse(q, reply)
                        if data[q] is None:
                            why[q] = f"{name}: no usable reply to {q[0]}"
                    except Exception as e:  # one RPC failed: that query is unknown
                        data[q] = None
                        why[q] = f"{name}: {q[0]}: {e}"
        except Exception as e:
            for q in mine:
                data.setdefault(q, None)
                why.setdefault(q, f"{name}: {e}")
    return data, why


# ------------------------------------------------------------------ replies

ROOT_OF = {CONFIG: "configuration", ROUTES: "route-information",
           ADVERTISED: "route-information", RECEIVED: "route-information",
           SUMMARY: "bgp-information", BFD: "bfd-session-information"}


def prune_inactive(el):
    """Drop deactivated statements (inactive="inactive"): they count as absent."""
    for child in list(el):
        if not isinstance(child.tag, str):
            continue
        if child.get("inactive") == "inactive" or child.get("active") == "false":
            el.remove(child)
        else:
            prune_inactive(child)


def data_root(reply, name):
    """The data element of a reply; from an SRX cluster's
    multi-routing-engine-results, the first node that answered with it."""
    if not isinstance(reply, etree._Element):
        return None
    if reply.tag == name:
        return reply
    if reply.tag == "multi-routing-engine-results":
        for item in reply.findall("multi-routing-engine-item"):
            el = item.find(name)
            if el is not None:
                return el
        return None
    parent = reply.getparent()
    return parent.find(name) if parent is not None else None


def parse(q, reply):
    root = data_root(reply, ROOT_OF[q[0]])
    if root is None:
        return None
    prune_inactive(root)
    if q[0] == CONFIG:
        return parse_config(root)
    if q[0] in (ROUTES, ADVERTISED, RECEIVED):
        return parse_routes(root, q[3])
    if q[0] == SUMMARY:
        return parse_summary(root)
    return parse_bfd(root)


def text(el, name):
    v = el.findtext(name)
    return v.strip() if v is not None else None


def parse_routes(root, table):
    """{prefix: [path, ...]} of the table asked for; a path has proto,
    active, lp, med, learned_from, nexthop, via, as_path, communities."""
    rib = {}
    seen = False
    for rt_table in root.findall("route-table"):
        tname = text(rt_table, "table-name") or ""
        ok = tname == table or (not seen and "." not in table)
        if not ok:
            continue
        seen = True
        for rt in rt_table.findall("rt"):
            p = prefix(text(rt, "rt-destination"), text(rt, "rt-prefix-length"))
            if p is None:
                continue
            for e in rt.findall("rt-entry"):
                rib.setdefault(p, []).append(parse_path(e))
    return rib


def parse_path(e):
    tag = e.findtext("active-tag") or ""
    aspath = e.findtext(".//as-path")
    if aspath is None:
        eff = [t.strip() for t in e.xpath(".//aspath-effective-string/text()"
                                           " | .//attr-as-path-effective/attr-value/text()")]
        aspath = " ".join(eff) if eff else None
    proto = (e.findtext("protocol-name") or "").strip()
    if not proto and aspath is not None:
        proto = "BGP"
    hops = e.findall("nh")
    nh = next((h for h in hops if h.find("selected-next-hop") is not None),
              hops[0] if hops else None)
    to = text(nh, "to") if nh is not None else None
    via = None
    if nh is not None:
        via = text(nh, "via") or text(nh, "nh-local-interface")
    comms = sorted(c.text.strip() for c in e.iter("community") if (c.text or "").strip())
    return Obj(
        proto=proto.split()[0].upper() if proto else "",
        active="*" in tag or "+" in tag or e.find("current-active") is not None,
        lp=u32(e.findtext(".//local-preference")),
        med=u32(e.findtext(".//med")),
        learned_from=addr(e.findtext(".//learned-from")),
        nexthop=addr(to) if to and to.lower() != "self" else None,
        via=via,
        as_path=norm_aspath(aspath) if aspath is not None else None,
        communities=" ".join(comms) if comms else None)


def parse_summary(root):
    """{peer address: (state, peer AS)} of the BGP summary."""
    peers = {}
    for p in root.findall("bgp-peer"):
        a = addr(p.findtext("peer-address"))
        if a is not None and a not in peers:
            peers[a] = (text(p, "peer-state"), u32(p.findtext("peer-as")) or 0)
    return peers


def parse_bfd(root):
    """{neighbor: session} of the BFD sessions (the first per neighbor)."""
    sessions = {}
    for s in root.findall("bfd-session"):
        a = addr(s.findtext("session-neighbor"))
        mult = u32(s.findtext("session-adaptive-multiplier"))
        if mult is None:
            mult = u32(s.findtext("detection-multiplier")) or 0
        if a is not None and a not in sessions:
            sessions[a] = Obj(state=text(s, "session-state"),
                              detection=seconds_ms(s.findtext("session-detection-time")),
                              tx=seconds_ms(s.findtext("session-transmission-interval")),
                              mult=mult)
    return sessions


def parse_opts(el):
    """BGP options at one level (bgp, group or neighbor)."""
    o = Obj(lp=u32(el.findtext("local-preference")), bfd=None,
            export=[x.text.strip() for x in el.findall("export") if x.text] or None,
            imports=[x.text.strip() for x in el.findall("import") if x.text] or None)
    b = el.find("bfd-liveness-detection")
    if b is not None:
        o.bfd = (u32(b.findtext("minimum-interval")) or 0, u32(b.findtext("multiplier")) or 0)
    return o


def parse_config(root):
    """{instance name: instance} of the configuration; an instance has bgp
    (None when protocols bgp is absent), with opts and groups."""
    instances = {}
    for i in root.findall("routing-instances/instance"):
        name = text(i, "name")
        bgp = i.find("protocols/bgp")
        inst = Obj(bgp=None)
        if bgp is not None:
            groups = []
            for g in bgp.findall("group"):
                groups.append(Obj(
                    name=text(g, "name"), type=text(g, "type"), opts=parse_opts(g),
                    neighbors=[Obj(addr=addr(n.findtext("name")), opts=parse_opts(n))
                               for n in g.findall("neighbor")]))
            inst.bgp = Obj(opts=parse_opts(bgp), groups=groups)
        instances.setdefault(name, inst)
    return Obj(instances=instances, policies=parse_policies(root),
               prefix_lists={text(pl, "name"): [prefix(i.findtext("name")) for i in pl.findall("prefix-list-item")]
                             for pl in root.findall("policy-options/prefix-list")},
               # an apply-groups left in the reply: saved without inheritance
               unresolved=next(root.iter("apply-groups"), None) is not None)


def parse_term(t, name):
    """One term (or a policy's own from/then): what lp-config evaluates."""
    fr, th = t.find("from"), t.find("then")
    term = Obj(name=name, rfs=[], plists=[], other=None, not_bgp=False, lp=None,
               action=None, next_policy=False)
    if fr is not None:
        for c in fr:
            if not isinstance(c.tag, str):
                continue
            if c.tag == "route-filter":
                match = next((m.tag + ("" if not (m.text or "").strip() else " " + m.text.strip())
                              for m in c if isinstance(m.tag, str) and m.tag != "address"), "exact")
                term.rfs.append((prefix(c.findtext("address")), match))
            elif c.tag in ("prefix-list", "prefix-list-filter"):
                term.plists.append((c.findtext("name") or c.findtext("list_name") or "").strip())
            elif c.tag == "protocol":
                term.not_bgp = term.not_bgp or (c.text or "").strip() != "bgp"
            elif term.other is None:
                term.other = c.tag
    if th is not None:
        lpe = th.find("local-preference")
        if lpe is not None:
            inner = lpe.find("local-preference")
            v = u32((inner if inner is not None else lpe).text)
            if v is None:
                term.other = term.other or "then local-preference add/subtract"
            term.lp = v
        if th.find("accept") is not None:
            term.action = "accept"
        elif th.find("reject") is not None:
            term.action = "reject"
        term.next_policy = (th.findtext("next") or "").strip() == "policy"
    return term


def parse_policies(root):
    """{name: [terms]}: a policy's own from/then is its last term."""
    pols = {}
    for ps in root.findall("policy-options/policy-statement"):
        terms = [parse_term(t, text(t, "name")) for t in ps.findall("term")]
        if ps.find("from") is not None or ps.find("then") is not None:
            terms.append(parse_term(ps, None))
        pols[text(ps, "name")] = terms
    return pols


def term_matches(cfg, t, p):
    """True, False, or None when it cannot be told."""
    if t.other is not None:
        return None
    if t.not_bgp:
        return False
    if not t.rfs and not t.plists:
        return True
    cover = [(f, m) for f, m in t.rfs if f is not None and f.version == p.version and p.subnet_of(f)]
    if cover:
        f, m = max(cover, key=lambda x: x[0].prefixlen)
        if m == "exact":
            hit = p.prefixlen == f.prefixlen
        elif m == "orlonger":
            hit = True
        elif m == "longer":
            hit = p.prefixlen > f.prefixlen
        elif m.startswith("upto "):
            hit = p.prefixlen <= int(m.split("/")[-1])
        elif m.startswith("prefix-length-range "):
            a, b = m.split(" ", 1)[1].replace("/", "").split("-")
            hit = int(a) <= p.prefixlen <= int(b)
        else:
            return None
        if hit:
            return True
    for name in t.plists:
        if name not in cfg.prefix_lists:
            return None
        if p in cfg.prefix_lists[name]:
            return True
    return False


def chain_lp(cfg, policies, p):
    """Junos's evaluation of an export or import chain for a BGP route to
    p: ("set", lp) / ("unset", None) / ("reject", None) / ("unknown", None)."""
    got = None
    for name in policies or []:
        if name not in cfg.policies:
            return "unknown", None
        for t in cfg.policies[name]:
            m = term_matches(cfg, t, p)
            if m is None:
                return "unknown", None
            if not m:
                continue
            if t.lp is not None:
                got = t.lp
            if t.action == "reject":
                return "reject", None
            if t.action == "accept":
                return ("set", got) if got is not None else ("unset", None)
            if t.next_policy:
                break
    return ("set", got) if got is not None else ("unset", None)


def group_named(bgp, name):
    return next((g for g in bgp.groups if g.name == name), None)


def group_of(bgp, peer):
    """The group and neighbor that configure peer, or (None, None)."""
    for g in bgp.groups:
        for n in g.neighbors:
            if n.addr == peer:
                return g, n
    return None, None


def effective(bgp, group, neighbor, what=None):
    """Options in effect: neighbor over group over bgp, statement by statement;
    with what ("export", "imports"), that policy chain instead."""
    lp, bfd, chain = None, None, None
    for o in (bgp.opts, group.opts if group else None, neighbor.opts if neighbor else None):
        if o is None:
            continue
        lp = o.lp if o.lp is not None else lp
        bfd = o.bfd if o.bfd is not None else bfd
        if what is not None and getattr(o, what) is not None:
            chain = getattr(o, what)
    if what is not None:
        return chain
    return lp, bfd


# ------------------------------------------------------------------ results

class Result:
    def __init__(self, check, scope):
        self.check, self.scope, self.status = check, scope, "pass"

    def worse(self, status):
        if not (self.status == "skipped" and status == "pass") and \
                RANK[status] > RANK[self.status]:
            self.status = status

    def fail(self):
        self.worse("fail")

    def skip(self):
        if self.status not in ("fail", "unknown"):
            self.status = "skipped"


class Run:
    """The observations and the results of one run."""

    def __init__(self, data):
        self.data = data
        self.results = []

    def begin(self, check, scope):
        r = Result(check, scope)
        self.results.append(r)
        return r

    def skip(self, check, svc, names):
        self.begin(check, join(names) or svc.name).skip()

    def need(self, res, *queries):
        """The observations, or None (and res unknown) if any is missing."""
        got = [self.data.get(q) for q in queries]
        if any(g is None for g in got):
            res.worse("unknown")
            return None
        return got


def rib_path(rib, p):
    """The path rib shows for p (its active one if flagged), or None."""
    paths = rib.get(p)
    if not paths:
        return None
    return next((x for x in paths if x.active), paths[0])


def rib_covering(rib, p, strict):
    """The most specific destination of rib that covers p (p itself
    unless strict)."""
    top = p.prefixlen - 1 if strict else p.prefixlen
    for length in range(top, -1, -1):
        hit = rib_path(rib, p.supernet(new_prefix=length) if length < p.prefixlen else p)
        if hit is not None:
            return hit
    return None


def q_adv(svc, device, peer):
    return (ADVERTISED, device, svc.instance, svc.table, peer)


# ------------------------------------------------------------------ checks

def adv_differ(a, b, communities):
    """True when two advertised sets differ in prefixes or in the AS path,
    MED or (when asked) communities of a prefix both carry."""
    if set(a) != set(b):
        return True
    for p in a:
        pa, pb = rib_path(a, p), rib_path(b, p)
        if (pa.as_path or "") != (pb.as_path or "") or pa.med != pb.med:
            return True
        if communities and (pa.communities or "") != (pb.communities or ""):
            return True
    return False


def check_er_adv_symmetry(run, svc):
    ces = [l.ce for l in svc.er]
    if len(ces) < 2:
        return run.skip("er-adv-symmetry", svc, ces)
    res = run.begin("er-adv-symmetry", join(ces))
    ribs = run.need(res, *[q_adv(svc, l.ce, l.msee) for l in svc.er])
    if ribs is None:
        return
    if svc.onprem and not any(ribs):
        return res.worse("unknown")  # nothing to compare where the intent expects prefixes
    if any(adv_differ(ribs[0], other, True) for other in ribs[1:]):
        res.fail()


def check_er_adv_coverage(run, svc):
    if not svc.er:
        return run.skip("er-adv-coverage", svc, [])
    for l in svc.er:
        res = run.begin("er-adv-coverage", l.ce)
        got = run.need(res, q_adv(svc, l.ce, l.msee))
        if got is None:
            continue
        if not svc.onprem:
            res.skip()
            continue
        for p in svc.onprem:
            if rib_covering(got[0], p, False) is None:
                res.fail()


def vpn_present(run, check, svc, minpeers):
    if svc.firewall is None:
        run.skip(check, svc, [])
        return False
    if len(svc.vpn_peers) < minpeers:
        run.skip(check, svc, [svc.firewall])
        return False
    return True


def check_vpn_adv_symmetry(run, svc):
    if not vpn_present(run, "vpn-adv-symmetry", svc, 2):
        return
    res = run.begin("vpn-adv-symmetry", svc.firewall)
    ribs = run.need(res, *[q_adv(svc, svc.firewall, p.addr) for p in svc.vpn_peers])
    if ribs is None:
        return
    if all(not rib for rib in ribs):
        res.worse("unknown")  # equal empty sets: nothing compared
        return
    if any(adv_differ(ribs[0], other, False) for other in ribs[1:]):
        res.fail()


def er_and_vpn(run, check, svc):
    """The result and the advertised sets over ExpressRoute and over the
    VPN, or None when the check cannot go on."""
    if not vpn_present(run, check, svc, 1):
        return None
    if not svc.er:
        run.skip(check, svc, [svc.firewall])
        return None
    res = run.begin(check, join([l.ce for l in svc.er] + [svc.firewall]))
    got = run.need(res, *[q_adv(svc, l.ce, l.msee) for l in svc.er],
                   *[q_adv(svc, svc.firewall, p.addr) for p in svc.vpn_peers])
    if got is None:
        return None
    if svc.onprem and not any(got[:len(svc.er)]):
        res.worse("unknown")  # ExpressRoute carries nothing to measure the VPN against
        return None
    return res, got[:len(svc.er)], got[len(svc.er):]


def check_vpn_no_more_specific(run, svc):
    got = er_and_vpn(run, "vpn-no-more-specific", svc)
    if got is None:
        return
    res, er, vpn = got
    for vr in vpn:
        for v in vr:
            if any(rib_path(e, v) is not None for e in er):
                continue  # the same prefix: the longest match ties, ExpressRoute wins
            if any(rib_covering(e, v, True) is not None for e in er):
                res.fail()


def check_vpn_adv_coverage(run, svc):
    got = er_and_vpn(run, "vpn-adv-coverage", svc)
    if got is None:
        return
    res, er, vpn = got
    for e in set().union(*er):
        for vr in vpn:
            if rib_covering(vr, e, False) is None:
                res.fail()


def check_vpn_recv(run, svc):
    if not vpn_present(run, "vpn-recv", svc, 1):
        return
    res = run.begin("vpn-recv", svc.firewall)
    ribs = run.need(res, *[(RECEIVED, svc.firewall, svc.instance, svc.table, p.addr)
                           for p in svc.vpn_peers])
    if ribs is None:
        return
    for rib in ribs:
        for p in svc.azure:
            path = rib_path(rib, p)
            if path is None or asns(path.as_path) != [svc.asn_azure]:
                res.fail()
        if any(p not in svc.azure for p in rib):
            res.fail()


def origin(svc, path):
    """Where a firewall path comes from: (ExpressRoute link or None,
    via ExpressRoute, VPN peer index or -1; -2 for the VPN, peer unknown)."""
    def vpn_index(a):
        return next((k for k, p in enumerate(svc.vpn_peers) if a is not None and p.addr == a), -1)

    def link_of(a):
        return next((l for l in svc.er if a is not None and l.ce_addr == a), None)

    k = vpn_index(path.learned_from)
    if k >= 0:
        return None, False, k
    link = link_of(path.learned_from)
    if link is None and path.learned_from is None:
        link = link_of(path.nexthop)
    if link is not None:
        return link, True, -1
    if path.learned_from is None:
        k = vpn_index(path.nexthop)
        if k >= 0:
            return None, False, k
    if path.proto != "BGP":
        return None, False, -1
    if path.via is not None:
        for k, p in enumerate(svc.vpn_peers):
            if p.tunnel is not None and p.tunnel == path.via:
                return None, False, k
    first = first_as(path.as_path)
    if first and first == svc.asn_microsoft:
        return None, True, -1
    if first and first == svc.asn_azure:
        return None, False, -2
    return None, False, -1


def fw_table(run, check, svc):
    """The result and the firewall's table, or None when the check cannot go on."""
    if svc.firewall is None:
        run.skip(check, svc, [])
        return None
    res = run.begin(check, svc.firewall)
    got = run.need(res, (ROUTES, svc.firewall, svc.instance, svc.table, None))
    if got is None:
        return None
    if not svc.azure:
        res.skip()
        return None
    return res, got[0]


def check_lp_rib(run, svc):
    got = fw_table(run, "lp-rib", svc)
    if got is None:
        return
    res, rib = got
    lps = {l.lp for l in svc.er}
    judged = 0
    for p in svc.azure:
        for path in rib.get(p, []):
            link, er, vpn = origin(svc, path)
            if link is not None:
                want = link.lp
            elif er:
                if len(lps) != 1:
                    res.worse("unknown")  # which link's local-preference applies?
                    continue
                want = next(iter(lps))
            elif vpn != -1:
                want = svc.vpn_lp
            else:
                continue
            judged += 1
            if path.lp is None:
                res.worse("unknown")
            elif path.lp != want:
                res.fail()
    if judged == 0:
        res.worse("unknown")  # no path to any Azure prefix: nothing compared


def check_active_path(run, svc):
    got = fw_table(run, "active-path", svc)
    if got is None:
        return
    res, rib = got
    for p in svc.azure:
        act = next((x for x in rib.get(p, []) if x.active), None)
        if act is None:
            res.fail()
            continue
        link, _, _ = origin(svc, act)
        if not (act.proto == "BGP" and link is not None and
                first_as(act.as_path) == svc.asn_microsoft):
            res.fail()


def check_backup_ready(run, svc):
    got = fw_table(run, "backup-ready", svc)
    if got is None:
        return
    res, rib = got
    if not svc.vpn_peers:
        res.skip()
        return
    for p in svc.azure:
        have = {origin(svc, x)[2] for x in rib.get(p, [])}
        if any(k not in have for k in range(len(svc.vpn_peers))):
            res.fail()


def config_instance(res, svc, cfg):
    """The instance's BGP configuration, or None (res failed) when the
    instance or its protocols bgp is absent, or res unknown when the
    configuration holds unresolved groups."""
    if cfg.unresolved:
        res.worse("unknown")
        return None
    inst = cfg.instances.get(svc.instance)
    if inst is None or inst.bgp is None:
        res.fail()
        return None
    return inst.bgp


def judge_lp(res, svc, link, cfg):
    bgp = config_instance(res, svc, cfg)
    if bgp is None:
        return
    want = group_named(bgp, link.ibgp_group)
    if want is None or (want.type is not None and want.type != "internal"):
        res.fail()
    g, nb = group_of(bgp, link.fw_addr)
    if g is None:
        res.fail()
        if want is None:
            return
        g = want
    elif want is not None and g is not want:
        res.fail()
    lp, _ = effective(bgp, g, nb)
    export = effective(bgp, g, nb, "export")
    fwbgp = None
    if res.fw_cfg is not None and not res.fw_cfg.unresolved:
        fi = res.fw_cfg.instances.get(svc.instance)
        fwbgp = fi.bgp if fi is not None else None
    elif res.fw_cfg is not None:
        res.worse("unknown")
        return
    for p in svc.azure:
        kind, v = chain_lp(cfg, export, p)
        if kind == "unknown":
            res.worse("unknown")
            return
        if kind == "reject":
            res.fail()
            continue
        got = v if kind == "set" else lp
        if fwbgp is not None:
            fg, fnb = group_of(fwbgp, link.ce_addr)
            if fg is not None:
                fk, fv = chain_lp(res.fw_cfg, effective(fwbgp, fg, fnb, "imports"), p)
                if fk == "unknown":
                    res.worse("unknown")
                    return
                if fk == "reject":
                    res.fail()
                    continue
                if fk == "set":
                    got = fv
        if got != link.lp:
            res.fail()
    if not svc.azure:
        res.worse("unknown")


def judge_bfd(res, svc, link, cfg):
    bgp = config_instance(res, svc, cfg)
    if bgp is None:
        return
    g, nb = group_of(bgp, link.msee)
    if g is None:
        g = group_named(bgp, link.ebgp_group)
        res.fail()
        if g is None:
            return
    _, bfd = effective(bgp, g, nb)
    if bfd is None:
        res.fail()
        return
    interval, mult = bfd
    if interval != svc.bfd_interval or (mult or 3) != svc.bfd_mult:
        res.fail()


def per_ce_config(run, check, svc, judge):
    for l in svc.er:
        res = run.begin(check, l.ce)
        got = run.need(res, (CONFIG, l.ce, svc.instance, None, None))
        if got is not None:
            judge(res, svc, l, got[0])


def check_lp_config(run, svc):
    if not svc.er:
        return run.skip("lp-config", svc, [])
    for l in svc.er:
        res = run.begin("lp-config", l.ce)
        got = run.need(res, (CONFIG, l.ce, svc.instance, None, None))
        if got is None:
            continue
        # the firewall's import policies toward the CEs may set it too
        res.fw_cfg = None
        if svc.firewall is not None:
            fw = run.need(res, (CONFIG, svc.firewall, svc.instance, None, None))
            if fw is None:
                continue
            res.fw_cfg = fw[0]
        judge_lp(res, svc, l, got[0])


def check_bfd_config(run, svc):
    if not svc.er:
        return run.skip("bfd-config", svc, [])
    if not svc.bfd:
        return run.skip("bfd-config", svc, [l.ce for l in svc.er])
    per_ce_config(run, "bfd-config", svc, judge_bfd)


def service_devices(svc):
    """The CEs in link order, then the firewall, without repeats."""
    out = []
    for d in [l.ce for l in svc.er] + [svc.firewall]:
        if d is not None and d not in out:
            out.append(d)
    return out


def check_bgp_sessions(run, svc):
    devs = service_devices(svc)
    if not devs:
        return run.skip("bgp-sessions", svc, [])
    for dev in devs:
        res = run.begin("bgp-sessions", dev)
        got = run.need(res, (SUMMARY, dev, svc.instance, None, None))
        if got is None:
            continue
        summary = got[0]
        want = []
        for l in svc.er:
            if l.ce == dev:
                want += [(l.msee, svc.asn_microsoft), (l.fw_addr, svc.asn_onprem)]
            if svc.firewall == dev:
                want.append((l.ce_addr, svc.asn_onprem))
        if svc.firewall == dev:
            want += [(p.addr, svc.asn_azure) for p in svc.vpn_peers]
        for peer, asn in want:
            if peer not in summary:
                res.fail()
                continue
            state, peer_as = summary[peer]
            if state != "Established" or (peer_as and asn and peer_as != asn):
                res.fail()


def check_bfd_state(run, svc):
    ces = [l.ce for l in svc.er]
    if not ces:
        return run.skip("bfd-state", svc, [])
    if not svc.bfd:
        return run.skip("bfd-state", svc, ces)
    want_det = svc.bfd_interval * svc.bfd_mult
    for l in svc.er:
        res = run.begin("bfd-state", l.ce)
        got = run.need(res, (BFD, l.ce, None, None, None))
        if got is None:
            continue
        s = got[0].get(l.msee)
        if (s is None or s.state != "Up" or s.tx != svc.bfd_interval or
                (s.mult and s.mult != svc.bfd_mult) or
                (s.detection and s.detection != want_det)):
            res.fail()


def check_prefix_budget(run, svc):
    devs = service_devices(svc)
    if not devs:
        return run.skip("prefix-budget", svc, [])
    for dev in devs:
        res = run.begin("prefix-budget", dev)
        budgets = [(q_adv(svc, dev, l.msee), svc.er_limit) for l in svc.er if l.ce == dev]
        if dev == svc.firewall:
            budgets += [(q_adv(svc, dev, p.addr), svc.vpn_limit) for p in svc.vpn_peers]
        got = run.need(res, *[q for q, _ in budgets])
        if got is None:
            continue
        # Above the warning share passes with a note; only above the limit fails.
        if any(len(rib) > limit for rib, (_, limit) in zip(got, budgets)):
            res.fail()


def check_azure(run, svc):
    for check in ("azure-learned", "azure-advertised"):
        run.begin(check, svc.firewall or svc.name).skip()  # no Azure export given


CHECKS = [check_er_adv_symmetry, check_er_adv_coverage, check_vpn_adv_symmetry,
          check_vpn_no_more_specific, check_vpn_adv_coverage, check_vpn_recv,
          check_lp_config, check_lp_rib, check_active_path, check_backup_ready,
          check_bgp_sessions, check_bfd_config, check_bfd_state, check_azure,
          check_prefix_budget]


# ------------------------------------------------------------------ main

def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} INTENT.xml", file=sys.stderr)
        return 2
    try:
        devices, services = load_intent(argv[1])
    except (OSError, ET.ParseError, ValueError, TypeError) as e:
        print(f"{argv[1]}: {e}", file=sys.stderr)
        return 2
    data, why = collect(devices, plan(services))
    for q in sorted(why, key=str):
        print(f"unknown: {why[q]}", file=sys.stderr)
    run = Run(data)
    for svc in services:
        for check in CHECKS:
            check(run, svc)
    lines = sorted(f"{r.check} {r.scope} {r.status}" for r in run.results)
    print("\n".join(lines))
    return 1 if any(r.status in ("fail", "unknown") for r in run.results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
