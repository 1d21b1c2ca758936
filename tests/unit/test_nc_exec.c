/*
 * test_nc_exec.c - the exec transport: a spawned command's stdio carries
 * NETCONF.  This binary doubles as a scripted Junos-like server
 * ("test_nc_exec --serve MODE") that the tests spawn through the exec
 * transport: replies, a large reply, a drop in the middle of a reply, a
 * server that never answers (real poll() deadline), and commands that
 * fail the way ssh does (host key, authentication, refused), each mapped
 * to its error with ssh's words quoted.  Also the default ssh argv: no
 * secret in it, "--" before the host.
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
		char *why = NULL, *got;
		int rc, k;

		snprintf(cmd, sizeof(cmd), "'%s' --serve %s", self, cases[i].mode);
		if (eg_nc_session_open(&o, &s, &why) != EG_OK)
			fail_msg("open: %s", why);
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
		char *why = NULL, *got;
		eg_err err;
		int rc;

		if (strncmp(cases[i].cmd, "serve ", 6) == 0)
			snprintf(cmd, sizeof(cmd), "'%s' --serve %s", self, cases[i].cmd + 6);
		else
			snprintf(cmd, sizeof(cmd), "%s", cases[i].cmd);
		err = eg_nc_session_open(&o, &s, &why);
		if (cases[i].at_open) {
			if (err != cases[i].err || why == NULL || strstr(why, cases[i].why) == NULL)
				fail_msg("case %zu: %s: %s", i, eg_strerror(err), why ? why : "");
			assert_int_equal(strncmp(why, "SEA-MX03-02: ", 13), 0);
			assert_null(s);
			free(why);
			continue;
		}
		if (err != EG_OK)
			fail_msg("case %zu: open: %s", i, why);
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

static void
test_exec_argv(void **state)
{
	static const struct {
		struct eg_nc_opts o;
		const char *want;	/* the argv joined by spaces, BatchMode stripped */
	} cases[] = {
		{ { .host = "sea-mx03-01.example.net" },
		  "ssh -s -p 830 -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- "
		  "sea-mx03-01.example.net netconf" },
		{ { .host = "127.0.0.1", .port = 2830, .user = "netops", .identity_file = "/k/id",
		    .known_hosts = "/k/kh", .ssh_config = "/k/cfg", .password_env = "EG_SECRET_PW",
		    .accept_new_hostkey = true, .connect_timeout_ms = 2500 },
		  "ssh -s -F /k/cfg -p 2830 -l netops -i /k/id -o UserKnownHostsFile=/k/kh "
		  "-o StrictHostKeyChecking=accept-new -o ConnectTimeout=3 -- 127.0.0.1 netconf" },
		{ { .host = "-oProxyCommand=touch /tmp/x" },
		  "ssh -s -p 830 -o StrictHostKeyChecking=yes -o ConnectTimeout=10 -- "
		  "-oProxyCommand=touch /tmp/x netconf" },
	};
	size_t i, k;

	(void)state;
	setenv("EG_SECRET_PW", "hunter2-secret", 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char **argv = NULL, joined[1024] = "";

		assert_int_equal(eg_nc_exec_argv(&cases[i].o, &argv), EG_OK);
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
		assert_string_equal(joined, cases[i].want);
		eg_nc_exec_argv_free(argv);
	}
	{
		struct eg_nc_opts none = { .host = NULL };
		char **argv = NULL;

		assert_int_equal(eg_nc_exec_argv(&none, &argv), EG_EINVAL);
		assert_null(argv);
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
