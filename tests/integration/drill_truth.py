#!/usr/bin/python3
"""drill_truth.py DRILL.json DIR FIREWALL ADDR=VIA... [--tol MS] [--bgp-down MIN-MAX]
                [--events FAILURE,RECOVERY] [--errors FILE]

Holds erguard drill's measured instants (its JSON report, the
erguard-report:drill container) to the lab's
ground truth, DIR/world/events.log: the drill's commits ("commit" lines
whose log says "erguard drill: trigger" or "restore"), the CEs' session
drops ("bgp-down") and the firewall's active-path changes ("active
PREFIX ... from ADDR ...", ADDR named by the ADDR=VIA arguments, any
other next hop being "vpn").  For each prefix: the failover left is the
firewall's first change after the first trigger commit off the drilled
links, and it arrived at its first change onto the report's final path;
the failback's, after the first restore commit, off that path and onto
the path before.  Each measured instant
must be within --tol ms (200) of the lab's.  With --bgp-down MIN-MAX,
every CE's first bgp-down after its trigger commit must come MIN..MAX ms
after that commit.  The watch's instants for each CE's session going
down and coming back (after its restore) must be within --tol of the
lab's bgp-down and bgp-up.  --errors FILE appends one line per
comparison, its kind and the error (measured minus true, ms), for
make bench.  With --events (a drill with the external trigger),
the causes are the last "event" lines whose text starts with FAILURE
and RECOVERY ("er-down primary,er-up primary") instead of commits.  Prints one line per comparison; exit 1 on any
disagreement.
"""
import json
import sys


def main():
    args = sys.argv[1:]
    tol, bgp_down, vias, pos, events, errors = 200, None, {}, [], None, None
    i = 0
    while i < len(args):
        if args[i] == "--tol":
            tol = int(args[i + 1])
            i += 2
        elif args[i] == "--bgp-down":
            lo, hi = args[i + 1].split("-")
            bgp_down = (int(lo), int(hi))
            i += 2
        elif args[i] == "--errors":
            errors = open(args[i + 1], "a")
            i += 2
        elif args[i] == "--events":
            events = args[i + 1].split(",")
            i += 2
        elif "=" in args[i]:
            a, v = args[i].split("=", 1)
            vias[a] = v
            i += 1
        else:
            pos.append(args[i])
            i += 1
    report, folder, firewall = pos
    r = json.load(open(report))["erguard-report:drill"]
    trig, rest, drops, ups, fw = {}, {}, {}, {}, []
    for line in open(folder + "/world/events.log"):
        f = line.split(None, 5)
        if len(f) < 6:
            continue
        ms, dev, kind, text = int(f[0]), f[3], f[4], f[5].rstrip("\n")
        if events is not None and kind == "event" and text.startswith(events[0]):
            trig = {"-": ms}        # the failure: every CE's drop counts from it
            drops, rest, ups = {}, {}, {}
        elif events is not None and kind == "event" and text.startswith(events[1]):
            rest = {"-": ms}
        elif events is not None and kind == "bgp-down" and "-" in trig and dev not in drops:
            drops[dev] = ms - trig["-"]
        elif events is None and kind == "commit" and "erguard drill: trigger" in text:
            trig[dev] = ms          # the last drill's
            for d in (drops, rest, ups):
                d.pop(dev, None)
        elif kind == "commit" and "erguard drill: restore" in text:
            rest[dev] = ms
        elif events is None and kind == "bgp-down" and dev in trig and dev not in drops:
            drops[dev] = ms - trig[dev]
        elif kind == "bgp-up" and dev not in ups and ms >= rest.get(dev, rest.get("-", ms + 1)):
            ups[dev] = ms
        elif kind == "active" and dev == firewall:
            w = text.split()
            via = "none"
            if "from" in w:
                via = vias.get(w[w.index("from") + 1], "vpn")
            fw.append((ms, w[0], via))
    bad = []
    if not trig:
        bad.append("no trigger commit or failure event in the lab's log")
    t_fo = min(trig.values()) if trig else 0
    t_fb = min(rest.values()) if rest else None
    if bgp_down is not None:
        for dev in sorted(drops if events is not None else trig):
            d = drops.get(dev)
            print("%s: bgp-down %s ms after its cause" % (dev, d))
            if d is None or not bgp_down[0] <= d <= bgp_down[1]:
                bad.append("%s: bgp-down %s ms after its cause, want %d..%d"
                           % (dev, d, bgp_down[0], bgp_down[1]))
    for c in r.get("ce", []):
        # the watch's own view of each CE's session: down and up as the lab moved it
        dev, cause = c["device"], trig.get(c["device"], trig.get("-"))
        down = cause + drops[dev] if cause is not None and dev in drops else None
        for what, key, truth in (("down", "session-down", down), ("up", "session-up", ups.get(dev))):
            inst = c.get(key)
            if truth is None:
                continue
            if inst is None:
                bad.append("%s: the watch never saw the session %s" % (dev, what))
                continue
            d = int(inst["wall-ms"]) - truth
            print("%s session %s: measured %d ±%d ms, off by %d ms"
                  % (dev, what, inst["ms"], inst["err-ms"], d))
            if errors is not None:
                errors.write("CE-session-%s %d\n" % (what, d))
            if abs(d) > tol:
                bad.append("%s session %s: off by %d ms" % (dev, what, d))
    for p in r["prefix"]:
        name = p["destination"]
        changes = [(ms, via) for ms, pf, via in fw if pf == name]
        links = {"both": ("primary", "secondary")}.get(r["links"], (r["links"],))
        phases = [("failover", p["failover"], t_fo, p["failover"]["final"], links)]
        if t_fb is not None:
            phases.append(("failback", p["failback"], t_fb, p["before"],
                           (p["failover"]["final"],)))
        for phase, ph, t0, target, was in phases:
            after = [c for c in changes if c[0] >= t0]
            left = next((ms for ms, via in after if via not in was), None)
            arrived = next((ms for ms, via in after if via == target), None)
            print("%s %s: lab left %s arrived %s ms after the cause"
                  % (name, phase, None if left is None else left - t0,
                     None if arrived is None else arrived - t0))
            for what, truth in (("left", left), ("arrived", arrived)):
                inst = ph.get(what)
                if truth is None or inst is None:
                    bad.append("%s %s %s: lab %s, measured %s" % (name, phase, what, truth, inst))
                    continue
                d = int(inst["wall-ms"]) - truth
                print("  %s: measured %d ±%d ms, off by %d ms"
                      % (what, inst["ms"], inst["err-ms"], d))
                if errors is not None:
                    errors.write("%s-%s %d\n" % (phase, what, d))
                if abs(d) > tol:
                    bad.append("%s %s %s: off by %d ms" % (name, phase, what, d))
    for b in bad:
        print("drill_truth: " + b, file=sys.stderr)
    return 1 if bad else 0


sys.exit(main())
