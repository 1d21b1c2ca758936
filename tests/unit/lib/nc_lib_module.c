/*
 * nc_lib_module.c - the YANG modules libnetconf2 carries inside itself
 * (see nc_lib_module.h).  Built on its own too (by the lab's libnetconf2
 * test), so it asks for the GNU extensions itself: dladdr(), memmem().
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nc_lib_module.h"

char *
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
