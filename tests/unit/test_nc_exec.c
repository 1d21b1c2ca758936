/*
 * test_nc_exec.c - the exec transport: a spawned command's stdio carries
 * NETCONF.  This binary doubles as a scripted Junos-like server
 * ("test_nc_exec --serve MODE") that the tests spawn through the exec
 * transport: replies, a large reply, a drop in the middle of a reply, a
 * server that never answers (real poll() deadline), and commands that
 * fail the way ssh does (host key, authentication, refused), each mapped
 * to its error with ssh's words quoted.  Also the default ssh argv: no
 * secret in it, "--" before the host, and its port: the intent's, else the
 * ssh configuration's (asked with ssh -G), else 830.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "nc.h"
#include "nc_fake_server.h"

static char self[4096];

/* ---------------------------------------------------------------- helpers */

static char *
read_all(struct eg_nc_session *s, int *rc)
{
	char *out = NULL;
	size_t len = 0;
	char buf[3000];
	int n;

	while ((n = eg_nc_reply_read(s, buf, sizeof(buf))) > 0) {
		out = realloc(out, len + (size_t)n + 1);
		assert_non_null(out);
		memcpy(out + len, buf, (size_t)n);
		len += (size_t)n;
		out[len] = '\0';
	}
	*rc = n;
	return out != NULL ? out : strdup("");
}

static size_t
count(const char *hay, const char *needle)
{
	size_t c = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		c++;
		hay += strlen(needle);
	}
	return c;
}

/* ---------------------------------------------------------------- tests */

static void
test_exec_session(void **state)
{
	static const struct {
		const char *mode;
		size_t routes;
	} cases[] = { { "normal", 0 }, { "big", 20000 } };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char cmd[4200];
		struct eg_nc_opts o = { .device = "SEA-SRX42-01", .kind = EG_NC_EXEC, .exec_command = cmd };
		struct eg_nc_session *s = NULL;
		struct eg_nc_diag why;
		char *got;
		int rc, k;

		snprintf(cmd, sizeof(cmd), "'%s' --serve %s", self, cases[i].mode);
		if (eg_nc_session_open(&o, &s, &why) != EG_OK)
			fail_msg("open: %s", why.msg);
		assert_int_equal(eg_nc_session_id(s), 4242);
		assert_false(eg_nc_session_chunked(s));
		for (k = 0; k < 2; k++) {
			assert_int_equal(eg_nc_session_rpc(s, "<get-route-information/>"), EG_OK);
			got = read_all(s, &rc);
			assert_int_equal(rc, 0);
			assert_int_equal(strncmp(got, "<rpc-reply", 10), 0);
			assert_int_equal(count(got, "<rt>"), cases[i].routes);
			assert_non_null(strstr(got, "</rpc-reply>"));
			free(got);
		}
		assert_int_equal(eg_nc_session_close(s), EG_OK);
	}
}

/* Failures: the error code, and the words that must be in the message. */
static void
test_exec_failures(void **state)
{
	static const struct {
		const char *cmd;	/* "serve MODE": this binary as the server */
		unsigned rpc_ms;
		bool at_open;
		eg_err err;
		const char *why;
	} cases[] = {
		{ "echo 'No ED25519 host key is known for [127.0.0.1]:830 and you have requested strict "
		  "checking.' >&2; echo 'Host key verification failed.' >&2; exit 255", 0, true,
		  EG_EHOSTKEY, "host key" },
		{ "echo '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@' >&2; "
		  "echo '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @' >&2; exit 255", 0, true,
		  EG_EHOSTKEY, "host key changed" },
		{ "echo 'erguard@127.0.0.1: Permission denied (publickey,password).' >&2; exit 255", 0, true,
		  EG_EAUTH, "Permission denied (publickey,password)" },
		{ "echo 'ssh: connect to host 127.0.0.1 port 830: Connection refused' >&2; exit 255", 0, true,
		  EG_ETRANSPORT, "connection refused" },
		{ "echo 'error: unknown command: netconf' >&2; exit 3", 0, true,
		  EG_ETRANSPORT, "exited with status 3: error: unknown command: netconf" },
		{ "/nonexistent/program", 0, true, EG_ETRANSPORT, "status 127" },
		{ "serve drop", 0, false, EG_ETRANSPORT, "closed by the server" },
		{ "serve stall", 300, false, EG_ETIMEOUT, "RPC timeout of 300 ms" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char cmd[4200];
		struct eg_nc_opts o = { .device = "SEA-MX03-02", .kind = EG_NC_EXEC, .exec_command = cmd,
					.rpc_timeout_ms = cases[i].rpc_ms };
		struct eg_nc_session *s = NULL;
		struct eg_nc_diag why;
		char *got;
		eg_err err;
		int rc;

		if (strncmp(cases[i].cmd, "serve ", 6) == 0)
			snprintf(cmd, sizeof(cmd), "'%s' --serve %s", self, cases[i].cmd + 6);
		else
			snprintf(cmd, sizeof(cmd), "%s", cases[i].cmd);
		err = eg_nc_session_open(&o, &s, &why);
		if (cases[i].at_open) {
			if (err != cases[i].err || why.err != err || strstr(why.msg, cases[i].why) == NULL)
				fail_msg("case %zu: %s: %s", i, eg_strerror(err), why.msg);
			assert_int_equal(strncmp(why.msg, "SEA-MX03-02: ", 13), 0);
			assert_null(s);
			continue;
		}
		if (err != EG_OK)
			fail_msg("case %zu: open: %s", i, why.msg);
		assert_int_equal(eg_nc_session_rpc(s, "<get-route-information/>"), EG_OK);
		got = read_all(s, &rc);
		free(got);
		assert_int_equal(rc, -1);
		if (eg_nc_session_err(s) != cases[i].err || strstr(eg_nc_session_why(s), cases[i].why) == NULL)
			fail_msg("case %zu: %s: %s", i, eg_strerror(eg_nc_session_err(s)), eg_nc_session_why(s));
		assert_int_equal(strncmp(eg_nc_session_why(s), "SEA-MX03-02: ", 13), 0);
		assert_int_equal(eg_nc_session_close(s), cases[i].err);
	}
}

/* Write text to path; a test failure if it cannot. */
static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* want with every "CFG" replaced by cfg, into out. */
static void
subst_cfg(const char *want, const char *cfg, char *out, size_t size)
{
	size_t o = 0;

	while (*want != '\0' && o + 1 < size) {
		if (strncmp(want, "CFG", 3) == 0 && cfg != NULL) {
			size_t cl = strlen(cfg);

			assert_true(o + cl < size);
			memcpy(out + o, cfg, cl);
			o += cl;
			want += 3;
		} else {
			out[o++] = *want++;
		}
	}
	out[o] = '\0';
}

/*
 * The default ssh argv, and the port OpenSSH's configuration gives the
 * host: the intent's port always wins; without one, a Port from the
 * configuration (other than 22) is left for ssh to apply (no -p), else
 * -p 830; an unreadable configuration also gives -p 830.  Configurations
 * are files the test writes, so the runner's ~/.ssh/config plays no part.
 */
static void
test_exec_argv(void **state)
{
	static const char alias_cfg[] = "Host sea-mx03-01\n  HostName 127.0.0.1\n  Port 2222\n";
	static const struct {
		struct eg_nc_opts o;
		const char *cfg_text;	/* written to a temp file given as -F; NULL: o's own */
		int probed;		/* port ssh -G reports; 0: it fails; -1: not asked */
		const char *want;	/* the argv joined by spaces, BatchMode stripped; CFG: the file */
	} cases[] = {
		{ { .host = "sea-mx03-01.example.net" }, "", 22,
		  "ssh -s -F CFG -p 830 -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- "
		  "sea-mx03-01.example.net netconf" },
		{ { .host = "127.0.0.1", .port = 2830, .user = "netops", .identity_file = "/k/id",
		    .known_hosts = "/k/kh", .ssh_config = "/k/cfg", .password_env = "EG_SECRET_PW",
		    .accept_new_hostkey = true, .connect_timeout_ms = 2500 }, NULL, 0,
		  "ssh -s -F /k/cfg -p 2830 -l netops -i /k/id -o UserKnownHostsFile=/k/kh "
		  "-o StrictHostKeyChecking=accept-new -o ConnectTimeout=3 -- 127.0.0.1 netconf" },
		/* whether ssh -G accepts such a name depends on OpenSSH's version */
		{ { .host = "-oProxyCommand=touch /tmp/x" }, "", -1,
		  "ssh -s -F CFG -p 830 -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- "
		  "-oProxyCommand=touch /tmp/x netconf" },
		{ { .host = "sea-mx03-01" }, alias_cfg, 2222,
		  "ssh -s -F CFG -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- sea-mx03-01 netconf" },
		{ { .host = "sea-mx03-02" }, alias_cfg, 22,
		  "ssh -s -F CFG -p 830 -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- "
		  "sea-mx03-02 netconf" },
		{ { .host = "sea-mx03-01", .port = 22830 }, alias_cfg, 2222,
		  "ssh -s -F CFG -p 22830 -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- "
		  "sea-mx03-01 netconf" },
		{ { .host = "sea-mx03-01", .port = 830 }, alias_cfg, 2222,
		  "ssh -s -F CFG -p 830 -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- "
		  "sea-mx03-01 netconf" },
		{ { .host = "sea-mx03-01" }, "Host sea-mx03-01\n  Port 22\n", 22,
		  "ssh -s -F CFG -p 830 -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- "
		  "sea-mx03-01 netconf" },
		{ { .host = "fw1.lab" }, "Host *.lab\n  Port 2022\n", 2022,
		  "ssh -s -F CFG -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- fw1.lab netconf" },
		{ { .host = "sea-srx42-01", .user = "netops" }, "Match user netops\n  Port 2323\n", 2323,
		  "ssh -s -F CFG -l netops -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- "
		  "sea-srx42-01 netconf" },
		{ { .host = "sea-srx42-01", .user = "admin" }, "Match user netops\n  Port 2323\n", 22,
		  "ssh -s -F CFG -p 830 -l admin -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- "
		  "sea-srx42-01 netconf" },
		{ { .host = "sea-mx03-01", .ssh_config = "/nonexistent/erguard/ssh_config" }, NULL, 0,
		  "ssh -s -F /nonexistent/erguard/ssh_config -p 830 -o StrictHostKeyChecking=yes "
		  "-o ConnectTimeout=10 -- sea-mx03-01 netconf" },
	};
	char dir[] = "/tmp/eg-nc-exec.XXXXXX";
	size_t i, k;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("EG_SECRET_PW", "hunter2-secret", 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct eg_nc_opts o = cases[i].o;
		char **argv = NULL, joined[1024] = "", want[1024], cfg[64] = "";
		struct eg_nc_diag why;
		unsigned port = 12345;
		eg_err err;

		eg_nc_diag_init(&why, "test");
		if (cases[i].cfg_text != NULL) {
			snprintf(cfg, sizeof(cfg), "%s/cfg%zu", dir, i);
			write_file(cfg, cases[i].cfg_text);
			o.ssh_config = cfg;
		}
		assert_int_equal(eg_nc_exec_argv(&o, &argv), EG_OK);
		for (k = 0; argv[k] != NULL; k++) {
			assert_null(strstr(argv[k], "hunter2"));
			assert_null(strstr(argv[k], "EG_SECRET_PW"));
			if (strcmp(argv[k], "-o") == 0 && argv[k + 1] != NULL &&
			    strcmp(argv[k + 1], "BatchMode=yes") == 0) {
				k++;
				continue;
			}
			if (joined[0] != '\0')
				strcat(joined, " ");
			strcat(joined, argv[k]);
		}
		subst_cfg(cases[i].want, cfg[0] != '\0' ? cfg : NULL, want, sizeof(want));
		if (strcmp(joined, want) != 0)
			fail_msg("case %zu: argv\n  got  %s\n  want %s", i, joined, want);
		eg_nc_exec_argv_free(argv);

		err = cases[i].probed < 0 ? EG_OK : eg_nc_exec_config_port(&o, &port, &why);
		if (cfg[0] != '\0')
			unlink(cfg);
		if (cases[i].probed < 0)
			continue;
		if (cases[i].probed == 0) {
			if (err == EG_OK || !eg_nc_diag_said(&why))
				fail_msg("case %zu: ssh -G said port %u, expected a failure", i, port);
		} else if (err != EG_OK || port != (unsigned)cases[i].probed) {
			fail_msg("case %zu: ssh -G: %s, port %u, expected %d (%s)", i, eg_strerror(err),
				 port, cases[i].probed, eg_nc_diag_reason(&why));
		}
	}
	assert_int_equal(rmdir(dir), 0);
	{
		struct eg_nc_opts none = { .host = NULL };
		char **argv = NULL;
		struct eg_nc_diag why;
		unsigned port = 1;

		eg_nc_diag_init(&why, "test");
		assert_int_equal(eg_nc_exec_argv(&none, &argv), EG_EINVAL);
		assert_null(argv);
		assert_int_equal(eg_nc_exec_config_port(&none, &port, &why), EG_EINVAL);
		assert_int_equal(port, 0);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exec_session),
		cmocka_unit_test(test_exec_failures),
		cmocka_unit_test(test_exec_argv),
	};
	int rc = serve_main(argc, argv, self, sizeof(self));

	if (rc >= 0)
		return rc;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
