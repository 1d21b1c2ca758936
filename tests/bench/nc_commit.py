"""nc_commit.py SSH_CONFIG DEVICE SET_LINE - the lab's own commit time:
one plain NETCONF session over `ssh -s DEVICE netconf` (the lab's
ssh_config, its known_hosts checked strictly), base:1.0 framing, no
client library: lock, load the set line, commit check, commit, unlock.
Prints "open_us load_us check_us commit_us": the session open (ssh and
hello) and each RPC's round trip, timed around the bytes on the pipe.
Exits 1 when a reply is an rpc-error or the session ends early."""
import subprocess
import sys
import time
from xml.sax.saxutils import escape

EOM = b"]]>]]>"


class Session:
    def __init__(self, ssh_config, device):
        self.p = subprocess.Popen(["ssh", "-F", ssh_config, "-s", device, "netconf"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buf = b""

    def read(self):
        while EOM not in self.buf:
            chunk = self.p.stdout.read1(65536)
            if not chunk:
                sys.exit("nc_commit: the session ended before a reply")
            self.buf += chunk
        msg, self.buf = self.buf.split(EOM, 1)
        return msg.decode()

    def send(self, text):
        self.p.stdin.write(text.encode() + EOM)
        self.p.stdin.flush()

    def rpc(self, body):
        t0 = time.monotonic_ns()
        self.send("<rpc>%s</rpc>" % body)
        reply = self.read()
        t1 = time.monotonic_ns()
        if "<rpc-error>" in reply and "<error-severity>error" in reply:
            sys.exit("nc_commit: %s: %s" % (body[:40], " ".join(reply.split())[:300]))
        return (t1 - t0) // 1000

    def close(self):
        self.send("<rpc><close-session/></rpc>")
        self.p.stdin.close()
        self.p.wait()


def main():
    ssh_config, device, line = sys.argv[1:4]
    t0 = time.monotonic_ns()
    s = Session(ssh_config, device)
    s.send('<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>'
           '<capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>')
    s.read()
    opened = (time.monotonic_ns() - t0) // 1000
    s.rpc("<lock-configuration/>")
    load = s.rpc('<load-configuration action="set" format="text"><configuration-set>%s\n'
                 '</configuration-set></load-configuration>' % escape(line))
    check = s.rpc("<commit-configuration><check/></commit-configuration>")
    commit = s.rpc("<commit-configuration/>")
    s.rpc("<unlock-configuration/>")
    s.close()
    print(opened, load, check, commit)


if __name__ == "__main__":
    main()
