"""config_sessions.py DIR DEVICE - the configuration database of a lab
device seen by several ncclient sessions at once (Debian's
python3-ncclient, Junos device handler), the way Junos behaves:

- the exclusive lock refuses a second session, load and commit included,
  and names its holder; closing the holder's session releases the lock
  and discards its uncommitted changes;
- kill-session ends a session and frees its lock;
- a private configuration is invisible to others until committed;
- load in text, set and XML, with replace="replace", and the errors of a
  bad load name the statement and its [edit ...] path;
- show | compare (compare="rollback") shows the change.
Prints one line per check; exits non-zero on the first failure.
"""
import getpass
import sys

from lxml import etree
from ncclient import manager
from ncclient.operations.rpc import RPCError

LAB, DEV = sys.argv[1], sys.argv[2]
PORT = int(open(f"{LAB}/devices/{DEV}/sshd.port").read())
GROUP = "routing-instances Cust11 protocols bgp group ibgp"


def session():
    return manager.connect(host="127.0.0.1", port=PORT, username=getpass.getuser(),
                           key_filename=f"{LAB}/id_ed25519", hostkey_verify=False,
                           allow_agent=False, look_for_keys=False,
                           device_params={"name": "junos"}, timeout=30)


def fail(msg):
    sys.exit(f"FAIL {msg}")


def ok(msg):
    print(f"ok   {msg}")


def refused(fn, want):
    try:
        fn()
    except RPCError as e:
        text = f"{e} {e.path or ''} {e.info or ''}"
        if want not in text:
            fail(f"refused, but not with '{want}': {text}")
        return text
    fail(f"not refused (wanted '{want}')")


def text_config(s, database="candidate"):
    r = s.rpc(etree.fromstring(f'<get-configuration database="{database}" format="text"/>'))
    return r.xpath("//configuration-text")[0].text


def compare(s):
    r = s.rpc(etree.fromstring('<get-configuration compare="rollback" rollback="0" format="text"/>'))
    return r.xpath("//configuration-output")[0].text


a, b = session(), session()
a.lock(target="candidate")
msg = refused(lambda: b.lock(target="candidate"), "configuration database locked by:")
if f"(pid {a.session_id})" not in msg:
    fail(f"the lock message does not name the holder's session {a.session_id}: {msg}")
refused(lambda: b.load_configuration(action="set", config=[f"set {GROUP} description b"]),
        "configuration database locked by:")
refused(lambda: b.commit(), "configuration database locked by:")
ok("exclusive lock: a second session cannot lock, load or commit, and is told who holds it")

a.load_configuration(action="set", config=[f"set {GROUP} description from-a"])
if '+    description from-a;' not in compare(a):
    fail(f"compare does not show the change: {compare(a)!r}")
ok("show | compare shows the loaded change")
a.close_session()
b.lock(target="candidate")
if "from-a" in text_config(b):
    fail("the closed session's uncommitted change survived its lock")
ok("the holder's session closed: lock released, its uncommitted change discarded")

c = session()
refused(lambda: c.lock(target="candidate"), "locked by")
c.rpc(etree.fromstring(f"<kill-session><session-id>{b.session_id}</session-id></kill-session>"))
c.lock(target="candidate")
c.unlock(target="candidate")
ok("kill-session ends the holder and frees the lock")

p, q = session(), session()
p.rpc(etree.fromstring("<open-configuration><private/></open-configuration>"))
p.load_configuration(action="set", config=[f"set {GROUP} description private-p"])
if "private-p" in text_config(q):
    fail("another session sees a private change")
p.commit()
if "private-p" not in text_config(q, "committed"):
    fail("a private commit did not reach the committed configuration")
p.rpc(etree.fromstring("<close-configuration/>"))
ok("private configuration: invisible to others until committed")

q.lock(target="candidate")
err = refused(lambda: q.load_configuration(format="text", config=(
    "routing-instances { Cust11 { protocols { bgp { group ibgp { loca-preference 150; } } } } }")),
    "syntax error")
if "loca-preference" not in err or "[edit routing-instances Cust11 protocols bgp group ibgp]" not in err:
    fail(f"the load error does not name the statement and its place: {err}")
err = refused(lambda: q.load_configuration(action="set", config=[f"set {GROUP} local-preference high"]),
              "Value must be a number")
ok("bad loads are refused naming the statement")

q.load_configuration(action="replace", config=etree.fromstring("""
<routing-instances><instance><name>Cust11</name><protocols><bgp>
<group replace="replace"><name>ibgp</name><type>internal</type><local-preference>150</local-preference>
<neighbor><name>192.168.11.1</name></neighbor><neighbor><name>192.168.11.3</name></neighbor></group>
</bgp></protocols></instance></routing-instances>"""))
diff = compare(q)
if "-    description private-p;" not in diff or "neighbor 192.168.11" not in diff:
    fail(f"replace: unexpected compare: {diff!r}")
q.discard_changes()
if compare(q).strip():
    fail("discard-changes left changes")
q.unlock(target="candidate")
ok("load replace replaces the group; discard-changes drops it")
for s in (c, p, q):
    s.close_session()
