/*
 * lab_world.c - the lab's routing world (see lab_world.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "lab_world.h"

static int
lab_world_stub(char *err, size_t errlen)
{
	if (errlen > 0)
		snprintf(err, errlen, "routing world not built yet");
	return -1;
}

int
lab_world_init(const char *dir, const char *scenario, int ntrios, char *err, size_t errlen)
{
	return lab_world_stub(err, errlen);
}

int
lab_world_devices(const char *dir, char ***names, char ***roles, char ***releases, size_t *n)
{
	*names = *roles = *releases = NULL;
	*n = 0;
	return -1;
}

void
lab_world_devices_free(char **names, char **roles, char **releases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(names ? names[i] : NULL);
		free(roles ? roles[i] : NULL);
		free(releases ? releases[i] : NULL);
	}
	free(names);
	free(roles);
	free(releases);
}

int
lab_oper_rpc(const char *dir, const char *device, const char *release, xmlNodePtr rpc,
	     FILE *out, char *err, size_t errlen)
{
	return 1;
}

int
lab_world_event(const char *dir, int argc, char **argv, FILE *out, char *err, size_t errlen)
{
	return lab_world_stub(err, errlen);
}

int
lab_world_show(const char *dir, const char *device, const char *what, FILE *out,
	       char *err, size_t errlen)
{
	return lab_world_stub(err, errlen);
}

int
lab_world_expected(const char *dir, char ***check_ids, size_t *n)
{
	*check_ids = NULL;
	*n = 0;
	return -1;
}
