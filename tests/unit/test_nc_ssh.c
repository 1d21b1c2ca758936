/*
 * test_nc_ssh.c - the libssh transport and the default "ssh -s" exec
 * transport against a real OpenSSH sshd on loopback whose "netconf"
 * subsystem is this binary's scripted server (nc_fake_server.h).
 *
 * Host keys: unknown -> EG_EHOSTKEY naming the device and the key's
 * SHA256 fingerprint (as ssh-keygen prints it); trust on first use adds
 * it; a changed key is refused even then.  Authentication: the intent's
 * key file, a key refused, a password from the environment refused (and
 * never logged), ssh_config's Host/HostName/Port/User/IdentityFile, a
 * closed port, a server that authenticates but opens no session channel
 * (MaxSessions 0 on a second port of the same sshd).  Exec: ssh -s with the same checks, and ProxyJump through
 * the same sshd.  HOME points into the test's directory so that nothing
 * of the user running the tests takes part.  Skipped when sshd or
 * ssh-keygen is missing or sshd cannot start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "nc.h"
#include "nc_fake_server.h"

static char self[4096];
static char dir[256];
static char fingerprint[128];	/* SHA256:... of the sshd's host key */
static int port;
static int port_nosession;	/* the same sshd, with MaxSessions 0 */
static pid_t sshd_pid;
static bool usable;
static bool leaked_secret;

#define DEVICE "SEA-MX03-01"
#define SECRET "not-the-root-password-7f3a"

static int
run(const char *cmd)
{
	int rc = system(cmd);

	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static void
path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

static void
write_file(const char *name, const char *text)
{
	char p[512];
	FILE *f;

	path(p, sizeof(p), name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int
free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), p = -1;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		p = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return p;
}

static bool
port_open(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void
log_sink(enum eg_log_level level, const char *where, const char *msg, void *arg)
{
	(void)level;
	(void)where;
	(void)arg;
	if (strstr(msg, SECRET) != NULL)
		leaked_secret = true;
}

static int
setup(void **state)
{
	char cmd[2048], cfg[8192], p[512], line[512];
	FILE *f;
	int i;

	(void)state;
	if (access("/usr/sbin/sshd", X_OK) != 0 || run("command -v ssh-keygen >/dev/null") != 0)
		return 0;
	snprintf(dir, sizeof(dir), "/tmp/eg-nc-ssh-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 0;
	chmod(dir, 0700);
	snprintf(cmd, sizeof(cmd), "cd %s && ssh-keygen -q -t ed25519 -N '' -f hk && "
		 "ssh-keygen -q -t ed25519 -N '' -f hk2 && ssh-keygen -q -t ed25519 -N '' -f ck && "
		 "ssh-keygen -q -t ed25519 -N '' -f bad && cp ck.pub ak && mkdir -p .ssh && "
		 "ssh-keygen -l -E sha256 -f hk.pub > fp", dir);
	if (run(cmd) != 0)
		return 0;
	path(p, sizeof(p), "fp");
	f = fopen(p, "r");
	if (f == NULL || fgets(line, sizeof(line), f) == NULL ||
	    sscanf(line, "%*d %127s", fingerprint) != 1) {
		if (f != NULL)
			fclose(f);
		return 0;
	}
	fclose(f);
	if (geteuid() == 0)
		mkdir("/run/sshd", 0755);	/* sshd's privilege separation directory */
	port = free_port();
	port_nosession = free_port();
	snprintf(cfg, sizeof(cfg),
		 "Port %d\nPort %d\nListenAddress 127.0.0.1\nHostKey %s/hk\nAuthorizedKeysFile %s/ak\n"
		 "StrictModes no\nPermitRootLogin yes\nPasswordAuthentication yes\n"
		 "KbdInteractiveAuthentication no\nUsePAM no\nPidFile %s/sshd.pid\n"
		 "AllowTcpForwarding yes\nLogLevel ERROR\n"
		 /* sshd runs the subsystem through the user's shell: keep ~/.bashrc
		  * (read by a non-nested bash) out of the NETCONF stream */
		 "SetEnv SHLVL=1\n"
		 "Subsystem netconf '%s' --serve normal\n"
		 "Match LocalPort %d\n  MaxSessions 0\n",
		 port, port_nosession, dir, dir, dir, self, port_nosession);
	write_file("sshd_config", cfg);
	sshd_pid = fork();
	if (sshd_pid == 0) {
		char c[512], l[512];

		path(c, sizeof(c), "sshd_config");
		path(l, sizeof(l), "sshd.log");
		execl("/usr/sbin/sshd", "/usr/sbin/sshd", "-D", "-f", c, "-E", l, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100 && !port_open(); i++) {
		struct timespec ts = { 0, 50 * 1000000L };

		if (waitpid(sshd_pid, NULL, WNOHANG) == sshd_pid) {
			sshd_pid = 0;
			return 0;
		}
		nanosleep(&ts, NULL);
	}
	if (!port_open())
		return 0;
	/* Nothing of the user running the tests: no ~/.ssh, no agent. */
	setenv("HOME", dir, 1);
	unsetenv("SSH_AUTH_SOCK");
	eg_log_set_level(EG_LOG_DEBUG);
	eg_log_set_sink(log_sink, NULL);
	usable = true;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[512];

	(void)state;
	eg_log_set_sink(NULL, NULL);
	if (sshd_pid > 0) {
		kill(sshd_pid, SIGTERM);
		waitpid(sshd_pid, NULL, 0);
	}
	if (dir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		run(cmd);
	}
	return 0;
}

/* known_hosts holding key (a .pub file name) for the sshd, or empty. */
static void
known_hosts(const char *name, const char *key)
{
	char cmd[1024];

	if (key == NULL) {
		write_file(name, "");
		return;
	}
	snprintf(cmd, sizeof(cmd), "cd %s && printf '[127.0.0.1]:%d ' > %s && cat %s >> %s",
		 dir, port, name, key, name);
	assert_int_equal(run(cmd), 0);
}

/* Open, run one RPC and close; or check the failure. */
static void
try_session(const struct eg_nc_opts *o, eg_err want, const char *why_has)
{
	struct eg_nc_session *s = NULL;
	struct eg_nc_diag why;
	char buf[4096];
	eg_err err = eg_nc_session_open(o, &s, &why);
	size_t total = 0;
	int n;

	if (err != want || (want != EG_OK && strstr(why.msg, why_has) == NULL))
		fail_msg("want %s (%s), got %s: %s", eg_strerror(want), why_has ? why_has : "",
			 eg_strerror(err), err != EG_OK ? why.msg : "");
	if (err != EG_OK) {
		if (getenv("EG_TEST_VERBOSE") != NULL)
			fprintf(stderr, "%s\n", why.msg);
		assert_int_equal(why.err, err);
		assert_int_equal(strncmp(why.msg, DEVICE ": ", strlen(DEVICE) + 2), 0);
		return;
	}
	assert_int_equal(eg_nc_session_id(s), 4242);
	assert_int_equal(eg_nc_session_rpc(s, "<get-route-information/>"), EG_OK);
	while ((n = eg_nc_reply_read(s, buf, sizeof(buf))) > 0)
		total += (size_t)n;
	assert_int_equal(n, 0);
	assert_true(total > 20);
	assert_int_equal(eg_nc_session_close(s), EG_OK);
}

static void
test_ssh_hostkeys(void **state)
{
	char kh[512], ck[512], text[4096], want[256];
	struct eg_nc_opts o = { .device = DEVICE, .kind = EG_NC_SSH, .host = "127.0.0.1",
				.user = "root", .identity_file = ck, .known_hosts = kh,
				.connect_timeout_ms = 30000, .no_prompt = true };
	FILE *f;
	size_t n;

	(void)state;
	if (!usable)
		skip();
	o.port = (uint16_t)port;
	path(kh, sizeof(kh), "kh");
	path(ck, sizeof(ck), "ck");
	/* Unknown: refused, with the fingerprint ssh-keygen shows. */
	known_hosts("kh", NULL);
	snprintf(want, sizeof(want), "is not known (ssh-ed25519 %s)", fingerprint);
	try_session(&o, EG_EHOSTKEY, want);
	/* Trust on first use: accepted and remembered. */
	o.accept_new_hostkey = true;
	try_session(&o, EG_OK, NULL);
	f = fopen(kh, "r");
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	assert_non_null(strstr(text, "ssh-ed25519"));
	o.accept_new_hostkey = false;
	try_session(&o, EG_OK, NULL);
	/* Changed: refused, even with trust on first use. */
	known_hosts("kh", "hk2.pub");
	o.accept_new_hostkey = true;
	snprintf(want, sizeof(want), "has CHANGED (now ssh-ed25519 %s)", fingerprint);
	try_session(&o, EG_EHOSTKEY, want);
}

static void
test_ssh_auth(void **state)
{
	char kh[512], key[512], cfgpath[512], cfg[1024];
	struct eg_nc_opts o = { .device = DEVICE, .kind = EG_NC_SSH, .host = "127.0.0.1",
				.user = "root", .known_hosts = kh, .connect_timeout_ms = 30000,
				.no_prompt = true };

	(void)state;
	if (!usable)
		skip();
	o.port = (uint16_t)port;
	path(kh, sizeof(kh), "kh");
	known_hosts("kh", "hk.pub");
	/* A key the server does not know. */
	path(key, sizeof(key), "bad");
	o.identity_file = key;
	try_session(&o, EG_EAUTH, "authentication refused for user root (tried: publickey)");
	/* A wrong password from the environment: refused, and never logged. */
	setenv("EG_TEST_NC_PW", SECRET, 1);
	o.password_env = "EG_TEST_NC_PW";
	leaked_secret = false;
	try_session(&o, EG_EAUTH, "tried: publickey, password");
	assert_false(leaked_secret);
	o.password_env = "EG_TEST_NC_PW_UNSET";
	unsetenv("EG_TEST_NC_PW_UNSET");
	try_session(&o, EG_EAUTH, "EG_TEST_NC_PW_UNSET is not set");
	/* Everything from an ssh_config file: HostName, Port, User, IdentityFile. */
	snprintf(cfg, sizeof(cfg), "Host sea-mx03-01\n  HostName 127.0.0.1\n  Port %d\n  User root\n"
		 "  IdentityFile %s/ck\n", port, dir);
	write_file("ssh_config", cfg);
	path(cfgpath, sizeof(cfgpath), "ssh_config");
	{
		struct eg_nc_opts c = { .device = DEVICE, .kind = EG_NC_SSH, .host = "sea-mx03-01",
					.known_hosts = kh, .ssh_config = cfgpath,
					.connect_timeout_ms = 30000, .no_prompt = true };

		try_session(&c, EG_OK, NULL);
	}
	/* Authenticated, but the server opens no session channel. */
	o.port = (uint16_t)port_nosession;
	o.identity_file = key;
	path(key, sizeof(key), "ck");
	o.accept_new_hostkey = true;
	try_session(&o, EG_ETRANSPORT, "cannot open an SSH channel to 127.0.0.1 port");
	o.accept_new_hostkey = false;
	/* Nothing listens: refused. */
	o.password_env = NULL;
	o.port = (uint16_t)free_port();
	try_session(&o, EG_ETRANSPORT, "Connection refused");
}

static void
test_exec_ssh(void **state)
{
	char kh[512], ck[512], cfgpath[512], cfg[2048], want[256];
	struct eg_nc_opts o = { .device = DEVICE, .kind = EG_NC_EXEC, .host = "127.0.0.1",
				.user = "root", .identity_file = ck, .known_hosts = kh,
				.connect_timeout_ms = 30000, .no_prompt = true };

	(void)state;
	if (!usable)
		skip();
	o.port = (uint16_t)port;
	path(kh, sizeof(kh), "kh");
	path(ck, sizeof(ck), "ck");
	known_hosts("kh", NULL);
	try_session(&o, EG_EHOSTKEY, "host key is known for [127.0.0.1]");
	known_hosts("kh", "hk2.pub");
	o.accept_new_hostkey = true;
	snprintf(want, sizeof(want), "host key changed, offered %s", fingerprint);
	try_session(&o, EG_EHOSTKEY, want);
	known_hosts("kh", "hk.pub");
	o.accept_new_hostkey = false;
	try_session(&o, EG_OK, NULL);
	path(ck, sizeof(ck), "bad");
	try_session(&o, EG_EAUTH, "Permission denied");
	/* ProxyJump: through "jump" (the same sshd) to the device. */
	snprintf(cfg, sizeof(cfg),
		 "Host jump\n  HostName 127.0.0.1\n  Port %d\n  User root\n  IdentityFile %s/ck\n"
		 "  UserKnownHostsFile %s/kh\n  StrictHostKeyChecking yes\n  BatchMode yes\n"
		 "Host sea-mx03-01\n  HostName 127.0.0.1\n  ProxyJump jump\n  User root\n"
		 "  IdentityFile %s/ck\n", port, dir, dir, dir);
	write_file("ssh_config", cfg);
	path(cfgpath, sizeof(cfgpath), "ssh_config");
	{
		struct eg_nc_opts c = { .device = DEVICE, .kind = EG_NC_EXEC, .host = "sea-mx03-01",
					.port = (uint16_t)port, .known_hosts = kh, .ssh_config = cfgpath,
					.connect_timeout_ms = 30000, .no_prompt = true };

		try_session(&c, EG_OK, NULL);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ssh_hostkeys),
		cmocka_unit_test(test_ssh_auth),
		cmocka_unit_test(test_exec_ssh),
	};
	int rc = serve_main(argc, argv, self, sizeof(self));

	if (rc >= 0)
		return rc;
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
