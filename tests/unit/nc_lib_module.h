/*
 * nc_lib_module.h - the YANG modules libnetconf2 carries inside itself.
 *
 * libnetconf2 2.0 compiles ietf-netconf and its companions into its
 * shared object as strings and installs them in a context only for its
 * own sessions.  A test that builds a context by hand (a client or a
 * server made with libnetconf2) reads them from the library file it is
 * linked with, so the modules always match that library.  Used by
 * tests/unit/test_nc_interop.c and tests/lab/tests/nc_client.c.
 */
#ifndef NC_LIB_MODULE_H
#define NC_LIB_MODULE_H

#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The text of module name ("module NAME {" up to its terminating NUL) in
 * the shared object that holds sym; caller frees.  NULL when not found.
 */
static inline char *
nc_lib_module(const void *sym, const char *name)
{
	Dl_info info;
	char head[128], *buf = NULL, *out = NULL;
	const char *p, *e;
	struct stat st;
	int fd = -1;

	if (dladdr(sym, &info) == 0 || info.dli_fname == NULL)
		return NULL;
	fd = open(info.dli_fname, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0 || (buf = malloc((size_t)st.st_size)) == NULL)
		goto cleanup;
	if (read(fd, buf, (size_t)st.st_size) != st.st_size)
		goto cleanup;
	snprintf(head, sizeof(head), "module %s {", name);
	if ((p = memmem(buf, (size_t)st.st_size, head, strlen(head))) == NULL)
		goto cleanup;
	if ((e = memchr(p, '\0', (size_t)(buf + st.st_size - p))) != NULL)
		out = strndup(p, (size_t)(e - p));
cleanup:
	if (fd >= 0)
		close(fd);
	free(buf);
	return out;
}

#endif
