/*
 * yangctx.h - the process's one libyang context.
 *
 * The built-in modules erguard-intent and erguard-report are parsed and
 * compiled once, on first use, into a single context shared by the intent
 * loader and the report renderers: building a context compiles libyang's
 * own modules too, which costs more than a small offline check.  The
 * context is read-only once built (data trees may be created in it from
 * any thread) and lives until the process exits.
 */
#ifndef EG_YANGCTX_H
#define EG_YANGCTX_H

#include "eg_err.h"

struct ly_ctx;
struct lys_module;

/*
 * The shared context and, when mod is not NULL, the compiled module of
 * that name ("erguard-intent", "erguard-report").  Borrowed: never
 * destroy it.  EG_EINTERNAL (logged) when the built-in modules do not
 * compile, EG_ENOMEM when memory ran out.
 */
eg_err eg_yang_ctx(struct ly_ctx **ctx, const char *name, const struct lys_module **mod);

#endif
