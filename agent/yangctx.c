/*
 * yangctx.c - the process's one libyang context (see yangctx.h).
 */
#include "yangctx.h"

#include <pthread.h>
#include <stdlib.h>

#include <libyang/libyang.h>

#include "eg_embed.h"

static pthread_once_t yangctx_once = PTHREAD_ONCE_INIT;
static struct ly_ctx *yangctx_shared;
static eg_err yangctx_status = EG_EINTERNAL;

static void
yangctx_build(void)
{
	struct ly_ctx *ctx = NULL;
	LY_ERR lr;

	/* the caller's libyang log options stay in force: the modules compile silently */
	lr = ly_ctx_new(NULL, LY_CTX_NO_YANGLIBRARY | LY_CTX_DISABLE_SEARCHDIRS | LY_CTX_EXPLICIT_COMPILE,
			&ctx);
	if (lr == LY_SUCCESS)
		lr = lys_parse_mem(ctx, eg_embed_erguard_intent_yang, LYS_IN_YANG, NULL);
	if (lr == LY_SUCCESS)
		lr = lys_parse_mem(ctx, eg_embed_erguard_report_yang, LYS_IN_YANG, NULL);
	if (lr == LY_SUCCESS)
		lr = ly_ctx_compile(ctx);
	if (lr != LY_SUCCESS) {
		eg_log(EG_LOG_ERROR, NULL, "the built-in YANG modules do not compile: %s",
		       ctx && ly_errmsg(ctx) ? ly_errmsg(ctx) : "out of memory");
		yangctx_status = lr == LY_EMEM ? EG_ENOMEM : EG_EINTERNAL;
		ly_ctx_destroy(ctx);
	} else {
		/*
		 * Kept until the process ends and left to the kernel then:
		 * tearing the compiled modules down costs as much as parsing a
		 * small snapshot, and the pointer stays reachable for leak checkers.
		 */
		yangctx_shared = ctx;
		yangctx_status = EG_OK;
	}
}

eg_err
eg_yang_ctx(struct ly_ctx **ctx, const char *name, const struct lys_module **mod)
{
	pthread_once(&yangctx_once, yangctx_build);
	*ctx = yangctx_shared;
	if (mod != NULL)
		*mod = NULL;
	if (yangctx_status != EG_OK)
		return yangctx_status;
	if (mod != NULL && name != NULL) {
		*mod = ly_ctx_get_module_implemented(yangctx_shared, name);
		if (*mod == NULL)
			return EG_EINTERNAL;
	}
	return EG_OK;
}
