/*
 * test_nc_interop.c - erguard's NETCONF framing against libnetconf2, the
 * reference implementation, as the server.
 *
 * A child process runs a libnetconf2 2.x server over one end of a
 * socketpair (nc_accept_inout); erguard's session speaks on the other.
 * In 1.1 mode both sides advertise base:1.1 and talk chunked framing; in
 * 1.0 mode erguard advertises only base:1.0 and libnetconf2 falls back to
 * end-of-message framing.  Each mode completes the hello, gets
 * <get-config> and <get> replies carrying data, gets an <rpc-error> for
 * a Junos RPC libnetconf2 has no YANG for (the session survives it), and ends
 * with <close-session/>, which the server must see as a clean close.
 *
 * The YANG for ietf-netconf and ietf-netconf-monitoring: Debian's
 * libnetconf2 ships no .yang files but carries both modules in its shared
 * library; they are taken from there (or from $EG_NC_YANG_DIR).  Their
 * imports come from libyang's built-in modules and the search path
 * (libyang2-tools' examples hold ietf-netconf-acm).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <libyang/libyang.h>
#include <nc_server.h>

#include "nc.h"
#include "nc_lib_module.h"

#define EG_ACM_DIR "/usr/share/doc/libyang2-tools/examples"

static struct ly_ctx *
server_context(void)
{
	static const char *const mods[] = { "ietf-netconf", "ietf-netconf-monitoring" };
	const char *dir = getenv("EG_NC_YANG_DIR");
	struct ly_ctx *ctx = NULL;
	size_t i;

	if (ly_ctx_new(dir != NULL ? dir : EG_ACM_DIR, 0, &ctx) != LY_SUCCESS)
		return NULL;
	if (dir != NULL)
		ly_ctx_set_searchdir(ctx, EG_ACM_DIR);
	for (i = 0; i < 2; i++) {
		char *text;
		LY_ERR rc;

		if (dir != NULL && ly_ctx_load_module(ctx, mods[i], NULL, NULL) != NULL)
			continue;
		text = nc_lib_module((const void *)nc_server_init, mods[i]);
		if (text == NULL)
			goto fail;
		rc = lys_parse_mem(ctx, text, LYS_IN_YANG, NULL);
		free(text);
		if (rc != LY_SUCCESS)
			goto fail;
	}
	return ctx;
fail:
	ly_ctx_destroy(ctx);
	return NULL;
}

/* <get> and <get-config>: answer with the yang-library data as <data>. */
static struct nc_server_reply *
server_rpc(struct lyd_node *rpc, struct nc_session *session)
{
	const struct ly_ctx *ctx = nc_session_get_ctx(session);
	const char *name = rpc->schema->name;
	struct lyd_node *out = NULL, *data = NULL;

	if (strcmp(name, "get") != 0 && strcmp(name, "get-config") != 0)
		return nc_server_reply_err(nc_err(ctx, NC_ERR_OP_NOT_SUPPORTED, NC_ERR_TYPE_PROT));
	if (ly_ctx_get_yanglib_data(ctx, &data, "%u", ly_ctx_get_change_count(ctx)) != LY_SUCCESS ||
	    lyd_new_inner(NULL, rpc->schema->module, name, 0, &out) != LY_SUCCESS ||
	    lyd_new_any(out, NULL, "data", data, 1, LYD_ANYDATA_DATATREE, 1, NULL) != LY_SUCCESS)
		return nc_server_reply_err(nc_err(ctx, NC_ERR_OP_FAILED, NC_ERR_TYPE_APP));
	return nc_server_reply_data(out, NC_WD_EXPLICIT, NC_PARAMTYPE_FREE);
}

/* The server child: exit 0 when the client closed the session with <close-session/>. */
static void
server_main(int fd)
{
	struct ly_ctx *ctx = server_context();
	struct nc_session *session = NULL;
	struct nc_pollsession *ps;
	int i, r = 0, code = 3;

	/* libyang complains about the Junos RPC it has no YANG for: expected, keep it quiet. */
	ly_log_options(LY_LOSTORE_LAST);
	nc_verbosity(NC_VERB_ERROR);
	if (ctx == NULL || nc_server_init(ctx) != 0)
		_exit(2);
	nc_set_global_rpc_clb(server_rpc);
	if (nc_accept_inout(fd, fd, "erguard", &session) != NC_MSG_HELLO)
		_exit(4);
	ps = nc_ps_new();
	nc_ps_add_session(ps, session);
	for (i = 0; i < 200; i++) {
		r = nc_ps_poll(ps, 100, NULL);
		if (r & (NC_PSPOLL_SESSION_TERM | NC_PSPOLL_ERROR))
			break;
	}
	if ((r & NC_PSPOLL_SESSION_TERM) && nc_session_get_term_reason(session) == NC_SESSION_TERM_CLOSED)
		code = 0;
	_exit(code);
}

static int
setup(void **state)
{
	struct ly_ctx *ctx = server_context();

	if (ctx == NULL) {
		fprintf(stderr, "ietf-netconf YANG not found in libnetconf2 or $EG_NC_YANG_DIR\n");
		return -1;
	}
	ly_ctx_destroy(ctx);
	*state = NULL;
	return 0;
}

static void
run_mode(bool base10_only)
{
	struct eg_nc_opts o = { .device = "libnetconf2", .rpc_default_ns = true,
				.base10_only = base10_only, .rpc_timeout_ms = 20000 };
	struct eg_nc_session *s = NULL;
	struct eg_nc_diag why;
	char *reply;
	char buf[1000];
	size_t len;
	void *io;
	pid_t pid;
	int sv[2], n, status, k;
	static const struct {
		const char *rpc;
		const char *want;
	} rpcs[] = {
		{ "<get-config><source><running/></source></get-config>", "ietf-netconf-monitoring" },
		{ "<get/>", "<module-set-id>" },
		{ "<get-route-information><table>Cust11.inet.0</table></get-route-information>",
		  "<error-severity>error</error-severity>" },
		{ "<get/>", "ietf-netconf-monitoring" },
	};

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(sv[0]);
		server_main(sv[1]);
	}
	close(sv[1]);
	assert_int_equal(eg_nc_fd_io_new(sv[0], sv[0], true, &io), EG_OK);
	if (eg_nc_session_open_io(&o, &eg_nc_fd_io_ops, io, &s, &why) != EG_OK)
		fail_msg("open: %s", why.msg);
	assert_int_equal(eg_nc_session_chunked(s), !base10_only);
	assert_true(eg_nc_session_id(s) > 0);
	assert_true(eg_nc_session_has_cap(s, EG_NC_BASE11));
	assert_true(eg_nc_session_has_cap(s, "urn:ietf:params:netconf:capability:"));
	for (k = 0; k < (int)(sizeof(rpcs) / sizeof(rpcs[0])); k++) {
		assert_int_equal(eg_nc_session_rpc(s, rpcs[k].rpc), EG_OK);
		reply = NULL;
		len = 0;
		while ((n = eg_nc_reply_read(s, buf, sizeof(buf))) > 0) {
			reply = realloc(reply, len + (size_t)n + 1);
			assert_non_null(reply);
			memcpy(reply + len, buf, (size_t)n);
			len += (size_t)n;
			reply[len] = '\0';
		}
		if (n < 0)
			fail_msg("rpc %d: %s", k, eg_nc_session_why(s));
		assert_non_null(reply);
		assert_non_null(strstr(reply, "rpc-reply"));
		if (strstr(reply, rpcs[k].want) == NULL)
			fail_msg("rpc %d: reply lacks %s: %.300s", k, rpcs[k].want, reply);
		free(reply);
	}
	/*
	 * eg_nc_session_close() does not wait for the close's answer; to
	 * see the server end the session as closed, not dropped, ask for
	 * it as an RPC and read the <ok/>.
	 */
	assert_int_equal(eg_nc_session_rpc(s, "<close-session/>"), EG_OK);
	reply = NULL;
	len = 0;
	while ((n = eg_nc_reply_read(s, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		if (strstr(buf, "<ok/>") != NULL)
			len = 1;
	}
	assert_int_equal(n, 0);
	assert_int_equal(len, 1);
	eg_nc_session_free(s);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void
test_libnetconf2_chunked(void **state)
{
	(void)state;
	run_mode(false);
}

static void
test_libnetconf2_eom(void **state)
{
	(void)state;
	run_mode(true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libnetconf2_chunked),
		cmocka_unit_test(test_libnetconf2_eom),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, NULL);
}
