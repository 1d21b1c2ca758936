/*
 * nc_libssh.c - loads libssh on first use (see nc_libssh.h).
 *
 * The library stays loaded until the process ends: libssh keeps global
 * state (its crypto initialisation) that sessions in other threads share.
 */
#define EG_LIBSSH_LOADER
#include "nc_libssh.h"
#include "nc.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct eg_libssh eg_libssh;

static pthread_once_t nc_libssh_once = PTHREAD_ONCE_INIT;
static char nc_libssh_why[256];

static void
nc_libssh_load_once(void)
{
	void *h = dlopen(EG_LIBSSH_SONAME, RTLD_NOW | RTLD_LOCAL);
	struct eg_libssh t;
	const char *missing = NULL;

	if (h == NULL) {
		snprintf(nc_libssh_why, sizeof(nc_libssh_why),
			 "cannot load %s (Debian package libssh-4): %s", EG_LIBSSH_SONAME, dlerror());
		return;
	}
	memset(&t, 0, sizeof(t));
#define EG_LIBSSH_RESOLVE(f) \
	if (missing == NULL && (*(void **)&t.f = dlsym(h, #f)) == NULL) \
		missing = #f;
	EG_LIBSSH_FUNCS(EG_LIBSSH_RESOLVE)
#undef EG_LIBSSH_RESOLVE
	if (missing != NULL) {
		snprintf(nc_libssh_why, sizeof(nc_libssh_why), "%s lacks %s: libssh 0.9 or later is needed",
			 EG_LIBSSH_SONAME, missing);
		dlclose(h);
		return;
	}
	eg_libssh = t;
}

eg_err
eg_libssh_load(struct eg_nc_diag *d)
{
	pthread_once(&nc_libssh_once, nc_libssh_load_once);
	if (eg_libssh.ssh_new != NULL)
		return EG_OK;
	eg_nc_say(d, "%s", nc_libssh_why);
	return EG_ETRANSPORT;
}
