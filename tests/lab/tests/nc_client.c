/*
 * nc_client.c - a lab device seen by libnetconf2, the reference NETCONF
 * client: connect over SSH with the lab's key, checking the host key
 * against the lab's known_hosts; lock the candidate, read the routing
 * instance with <get-config> and a subtree filter, <commit>, unlock and
 * close.  Built and run by netconf-libnetconf2.sh (not part of erguard-lab).
 *
 * usage: nc_client PORT USER KEY KNOWN_HOSTS INSTANCE [--expect-lock-denied]
 * Prints one line per step; exits 0 when every step went as expected.
 *
 * The client needs the ietf-netconf YANG module: Debian's libnetconf2
 * carries it inside its shared library only, so it is read from there
 * (or from $EG_NC_YANG_DIR), as the interoperability unit test does.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libyang/libyang.h>
#include <nc_client.h>

#include "nc_lib_module.h"

#define ACM_DIR "/usr/share/doc/libyang2-tools/examples"

static const char *known_hosts;

static struct ly_ctx *
client_context(void)
{
	const char *dir = getenv("EG_NC_YANG_DIR");
	/* the lab advertises candidate, confirmed-commit, validate and url */
	const char *features[] = { "*", NULL };
	struct ly_ctx *ctx = NULL;
	struct lys_module *mod = NULL;
	char *text;

	if (ly_ctx_new(dir != NULL ? dir : ACM_DIR, 0, &ctx) != LY_SUCCESS)
		return NULL;
	if (dir != NULL && ly_ctx_load_module(ctx, "ietf-netconf", NULL, features) != NULL)
		return ctx;
	if ((text = nc_lib_module((const void *)nc_client_init, "ietf-netconf")) == NULL ||
	    lys_parse_mem(ctx, text, LYS_IN_YANG, &mod) != LY_SUCCESS ||
	    lys_set_implemented(mod, features) != LY_SUCCESS) {
		free(text);
		ly_ctx_destroy(ctx);
		return NULL;
	}
	free(text);
	return ctx;
}

/* Strict host-key check against the lab's known_hosts. */
static int
hostkey_check(const char *hostname, ssh_session session, void *priv)
{
	(void)hostname;
	(void)priv;
	ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, known_hosts);
	return ssh_session_is_known_server(session) == SSH_KNOWN_HOSTS_OK ? 0 : -1;
}

/* Send rpc, wait for its reply; the printed reply goes to *text (caller frees). */
static int
call(struct nc_session *s, struct nc_rpc *rpc, const char *what, char **text)
{
	struct lyd_node *envp = NULL, *op = NULL;
	uint64_t id;
	char *a = NULL, *b = NULL;
	int rc = -1;

	*text = NULL;
	if (nc_send_rpc(s, rpc, 5000, &id) != NC_MSG_RPC) {
		printf("FAIL %s: not sent\n", what);
		goto cleanup;
	}
	if (nc_recv_reply(s, rpc, id, 10000, &envp, &op) != NC_MSG_REPLY) {
		printf("FAIL %s: no reply libnetconf2 accepts\n", what);
		goto cleanup;
	}
	if (envp != NULL)
		lyd_print_mem(&a, envp, LYD_XML, LYD_PRINT_WITHSIBLINGS);
	if (op != NULL)
		lyd_print_mem(&b, op, LYD_XML, LYD_PRINT_WITHSIBLINGS);
	if (asprintf(text, "%s%s", a ? a : "", b ? b : "") < 0)
		*text = NULL;
	rc = 0;
cleanup:
	free(a);
	free(b);
	lyd_free_tree(envp);
	lyd_free_tree(op);
	nc_rpc_free(rpc);
	return rc;
}

static int
step(struct nc_session *s, struct nc_rpc *rpc, const char *what, const char *want, const char *unwanted)
{
	char *text = NULL;
	int rc = call(s, rpc, what, &text);

	if (rc == 0 && want != NULL && (text == NULL || strstr(text, want) == NULL)) {
		printf("FAIL %s: reply lacks \"%s\":\n%s\n", what, want, text ? text : "");
		rc = -1;
	} else if (rc == 0 && unwanted != NULL && text != NULL && strstr(text, unwanted) != NULL) {
		printf("FAIL %s: reply holds \"%s\":\n%s\n", what, unwanted, text);
		rc = -1;
	} else if (rc == 0) {
		printf("ok   %s\n", what);
	}
	free(text);
	return rc;
}

int
main(int argc, char **argv)
{
	struct ly_ctx *ctx;
	struct nc_session *s;
	char filter[512], pub[4200];
	int rc = 1;
	bool expect_denied;

	if (argc < 6) {
		fprintf(stderr, "usage: nc_client PORT USER KEY KNOWN_HOSTS INSTANCE [--expect-lock-denied]\n");
		return 2;
	}
	expect_denied = argc > 6 && strcmp(argv[6], "--expect-lock-denied") == 0;
	known_hosts = argv[4];
	snprintf(pub, sizeof(pub), "%s.pub", argv[3]);
	nc_client_init();
	if ((ctx = client_context()) == NULL) {
		printf("FAIL no ietf-netconf YANG for the client context\n");
		return 1;
	}
	nc_client_ssh_set_username(argv[2]);
	nc_client_ssh_add_keypair(pub, argv[3]);
	nc_client_ssh_set_auth_pref(NC_SSH_AUTH_PASSWORD, -1);
	nc_client_ssh_set_auth_pref(NC_SSH_AUTH_INTERACTIVE, -1);
	nc_client_ssh_set_auth_hostkey_check_clb(hostkey_check, NULL);
	s = nc_connect_ssh("127.0.0.1", (uint16_t)atoi(argv[1]), ctx);
	if (s == NULL) {
		printf("FAIL connect to 127.0.0.1:%s\n", argv[1]);
		goto cleanup;
	}
	printf("ok   session %u open over SSH\n", nc_session_get_id(s));
	if (expect_denied) {
		rc = step(s, nc_rpc_lock(NC_DATASTORE_CANDIDATE), "lock refused while another user holds it",
			  "locked by", NULL) == 0 ? 0 : 1;
		nc_session_free(s, NULL);
		goto cleanup;
	}
	snprintf(filter, sizeof(filter),
		 "<configuration><routing-instances><instance><name>%s</name></instance></routing-instances></configuration>",
		 argv[5]);
	if (step(s, nc_rpc_lock(NC_DATASTORE_CANDIDATE), "lock candidate", NULL, "rpc-error") != 0 ||
	    step(s, nc_rpc_getconfig(NC_DATASTORE_RUNNING, filter, NC_WD_UNKNOWN, NC_PARAMTYPE_CONST),
		 "get-config running, subtree filter on the routing instance", argv[5], "rpc-error") != 0 ||
	    step(s, nc_rpc_commit(0, 0, NULL, NULL, NC_PARAMTYPE_CONST), "commit", NULL, "rpc-error") != 0 ||
	    step(s, nc_rpc_unlock(NC_DATASTORE_CANDIDATE), "unlock candidate", NULL, "rpc-error") != 0) {
		nc_session_free(s, NULL);
		goto cleanup;
	}
	nc_session_free(s, NULL);
	printf("ok   session closed\n");
	rc = 0;
cleanup:
	ly_ctx_destroy(ctx);
	nc_client_destroy();
	return rc;
}
