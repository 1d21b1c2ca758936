/*
 * snapshot.c - read and name saved replies (see snapshot.h for the layout).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "junos.h"
#include "snapshot.h"

/* "show route table X" -> "show_route_table_X"; caller frees. */
static char *
snapshot_slug(const char *cmd, char space)
{
	char *s = strdup(cmd), *p;

	if (s == NULL)
		return NULL;
	for (p = s; *p != '\0'; p++) {
		if (*p == ' ')
			*p = space;
		else if (*p == '/')
			*p = '%';	/* never a path separator */
	}
	return s;
}

static char *
snapshot_join(const char *dir, const char *device, const char *cmd, char space)
{
	char *slug = snapshot_slug(cmd, space), *path = NULL;

	if (slug == NULL)
		return NULL;
	if (asprintf(&path, "%s/%s/%s.xml", dir, device, slug) < 0)
		path = NULL;
	free(slug);
	return path;
}

eg_err
eg_snapshot_path(const char *dir, const struct eg_query *q, bool mkdirs, char **path)
{
	char *cmd, *ddir = NULL;

	*path = NULL;
	if (strchr(q->device, '/') != NULL || strcmp(q->device, "..") == 0)
		return EG_EINVAL;
	if (mkdirs) {
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			return EG_EIO;
		if (asprintf(&ddir, "%s/%s", dir, q->device) < 0)
			return EG_ENOMEM;
		if (mkdir(ddir, 0755) != 0 && errno != EEXIST) {
			free(ddir);
			return EG_EIO;
		}
		free(ddir);
	}
	cmd = eg_query_command(q);
	if (cmd == NULL)
		return EG_ENOMEM;
	*path = snapshot_join(dir, q->device, cmd, '_');
	free(cmd);
	return *path ? EG_OK : EG_ENOMEM;
}

/* Candidate commands for q, most specific first; NULL-terminated, caller frees. */
static char **
snapshot_candidates(const struct eg_query *q)
{
	static const char *const levels[] = { NULL, "detail", "extensive", "terse", "brief" };
	char **v = calloc(8, sizeof(char *));
	struct eg_query t = *q;
	size_t n = 0, i;

	if (v == NULL)
		return NULL;
	v[n++] = eg_query_command(q);
	if (q->kind == EG_Q_ROUTES || q->kind == EG_Q_ADVERTISED ||
	    q->kind == EG_Q_RECEIVED || q->kind == EG_Q_BFD) {
		for (i = 0; i < sizeof(levels) / sizeof(levels[0]) && n < 6; i++) {
			if ((levels[i] == NULL && q->detail == NULL) ||
			    (levels[i] && q->detail && strcmp(levels[i], q->detail) == 0))
				continue;
			t.detail = (char *)levels[i];
			v[n++] = eg_query_command(&t);
		}
	} else if (q->kind == EG_Q_CONFIG) {
		v[n++] = strdup("show configuration");
	} else if (q->kind == EG_Q_BGP_SUMMARY) {
		v[n++] = strdup("show bgp summary");
	}
	return v;
}

static void
snapshot_strv_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void
snapshot_load_one(const char *dir, struct eg_obs *o)
{
	char **cands = snapshot_candidates(&o->q);
	char *first = NULL;
	size_t i;

	if (cands == NULL || cands[0] == NULL) {
		eg_obs_fail(o, EG_ENOMEM, "%s: out of memory", o->q.device);
		goto cleanup;
	}
	for (i = 0; cands[i] != NULL; i++) {
		const char spaces[] = { '_', ' ' };
		size_t s;
		for (s = 0; s < sizeof(spaces); s++) {
			char *path = snapshot_join(dir, o->q.device, cands[i], spaces[s]);
			if (path == NULL)
				continue;
			if (access(path, R_OK) == 0) {
				eg_junos_parse_file(path, o);
				free(path);
				goto cleanup;
			}
			if (first == NULL)
				first = path;
			else
				free(path);
		}
	}
	eg_obs_fail(o, EG_ENOTFOUND, "%s: no saved reply (looked for %s)", o->q.device,
		    first ? first : cands[0]);
cleanup:
	free(first);
	snapshot_strv_free(cands);
}

eg_err
eg_snapshot_load(const char *dir, struct eg_state *st)
{
	struct stat sb;
	size_t i;

	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		eg_log(EG_LOG_ERROR, dir, "not a snapshot directory: %s",
		       errno ? strerror(errno) : "not a directory");
		return EG_EIO;
	}
	for (i = 0; i < st->nobs; i++)
		snapshot_load_one(dir, &st->obs[i]);
	return EG_OK;
}
