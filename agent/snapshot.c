/*
 * snapshot.c - read and name saved replies (see snapshot.h for the layout).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "junos.h"
#include "query.h"
#include "snapshot.h"

/* "show route table X" -> "show_route_table_X"; caller frees. */
static char *
snapshot_slug(const char *cmd, char space)
{
	char *s = eg_xstrdup(cmd), *p;

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
	char *slug = snapshot_slug(cmd, space);
	char *path = eg_xasprintf("%s/%s/%s.xml", dir, device, slug);

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
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return EG_EIO;
		ddir = eg_xasprintf("%s/%s", dir, q->device);
		if (mkdir(ddir, 0700) != 0 && errno != EEXIST) {
			free(ddir);
			return EG_EIO;
		}
		free(ddir);
	}
	cmd = eg_query_command(q);
	if (cmd == NULL)
		return EG_EINVAL;	/* no kind of query */
	*path = snapshot_join(dir, q->device, cmd, '_');
	free(cmd);
	return EG_OK;
}

/* fd is a directory of the running user that others cannot write to. */
static bool
snapshot_dir_ours(int fd)
{
	struct stat sb;

	return fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_uid == geteuid() &&
	       (sb.st_mode & 022) == 0;
}

eg_err
eg_snapshot_dir_check(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	bool ok;

	if (fd < 0) {
		struct stat sb;
		int e = errno;

		eg_log(EG_LOG_ERROR, NULL, "%s: not a directory to save a snapshot in: %s", dir,
		       lstat(dir, &sb) == 0 && S_ISLNK(sb.st_mode) ? "a symbolic link" : strerror(e));
		return EG_EINVAL;
	}
	ok = snapshot_dir_ours(fd);
	close(fd);
	if (!ok) {
		eg_log(EG_LOG_ERROR, NULL, "%s: not a directory of this user that only it may "
		       "write to; replies are configuration, saved where no one else can "
		       "change them", dir);
		return EG_EINVAL;
	}
	return EG_OK;
}

FILE *
eg_snapshot_create(const char *dir, const struct eg_query *q, char **path)
{
	int dfd = -1, ddfd = -1, fd = -1, e;
	const char *name;
	FILE *f = NULL;

	*path = NULL;
	if (eg_snapshot_path(dir, q, false, path) != EG_OK) {
		errno = EINVAL;
		return NULL;
	}
	name = strrchr(*path, '/') + 1;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		goto cleanup;
	if (mkdirat(dfd, q->device, 0700) != 0 && errno != EEXIST)
		goto cleanup;
	ddfd = openat(dfd, q->device, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (ddfd < 0)
		goto cleanup;
	if (!snapshot_dir_ours(ddfd)) {
		errno = EPERM;
		goto cleanup;
	}
	fd = openat(ddfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0 && (f = fdopen(fd, "w")) == NULL)
		close(fd);
cleanup:
	e = errno;
	if (ddfd >= 0)
		close(ddfd);
	if (dfd >= 0)
		close(dfd);
	errno = e;
	return f;
}

/* Candidate commands for q, most specific first; NULL-terminated, caller frees. */
static char **
snapshot_candidates(const struct eg_query *q)
{
	static const char *const levels[] = { NULL, "detail", "extensive", "terse", "brief" };
	const struct eg_qdef *def = eg_qdef(q->kind);
	char **v = eg_xcalloc(8, sizeof(char *));
	struct eg_query t = *q;
	size_t n = 0, i;

	v[n++] = eg_query_command(q);
	if (def != NULL && def->levels) {
		for (i = 0; i < sizeof(levels) / sizeof(levels[0]) && n < 6; i++) {
			if ((levels[i] == NULL && q->detail == NULL) ||
			    (levels[i] && q->detail && strcmp(levels[i], q->detail) == 0))
				continue;
			t.detail = (char *)levels[i];
			v[n++] = eg_query_command(&t);
		}
	} else if (def != NULL && def->fallback != NULL) {
		v[n++] = eg_xstrdup(def->fallback);
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

/*
 * The file that holds o's reply: the first candidate that exists (caller
 * frees), or NULL with o failed (EG_ENOTFOUND naming the file looked
 * for, or EG_EINTERNAL for a query of no kind).
 */
static char *
snapshot_find(const char *dir, struct eg_obs *o)
{
	char **cands = snapshot_candidates(&o->q);
	char *first = NULL, *found = NULL;
	size_t i;

	if (cands[0] == NULL) {
		eg_obs_fail(o, EG_EINTERNAL, "%s: no command for a query of kind %d", o->q.device,
			    (int)o->q.kind);
		goto cleanup;
	}
	for (i = 0; cands[i] != NULL && found == NULL; i++) {
		const char spaces[] = { '_', ' ' };
		size_t sp;
		for (sp = 0; sp < sizeof(spaces) && found == NULL; sp++) {
			char *path = snapshot_join(dir, o->q.device, cands[i], spaces[sp]);
			if (access(path, R_OK) == 0)
				found = path;
			else if (first == NULL)
				first = path;
			else
				free(path);
		}
	}
	if (found == NULL)
		eg_obs_fail(o, EG_ENOTFOUND, "%s: no saved reply (looked for %s)", o->q.device,
			    first ? first : cands[0]);
cleanup:
	free(first);
	snapshot_strv_free(cands);
	return found;
}

/* ---------------------------------------------------------------- read-ahead */

struct snapshot_ra_file {
	char *path;
	off_t size;
	atomic_bool claimed;	/* a thread has taken the file to parse */
	bool done;		/* obs holds the file's parse (set by the claimer) */
	bool taken;		/* ... and it went to an observation */
	atomic_bool wanted;	/* an observation of the plan reads this file */
	struct eg_obs obs;	/* q read back from the file's name */
};

struct eg_snapshot_readahead {
	char *dir;
	struct snapshot_ra_file *files;
	size_t nfiles, cap;
	atomic_bool planned;	/* every wanted file is marked */
	pthread_mutex_t lock;	/* guards listing and listed */
	pthread_cond_t cond;
	bool listing, listed;	/* files is being filled, is complete */
};

/* Largest first: the table of routes is the parse worth starting early. */
static int
snapshot_ra_cmp(const void *a, const void *b)
{
	const struct snapshot_ra_file *x = a, *y = b;

	return x->size < y->size ? 1 : x->size > y->size ? -1 : strcmp(x->path, y->path);
}

/* One file of the layout, its query read back from its name; skipped when that fails. */
static void
snapshot_ra_add(struct eg_snapshot_readahead *ra, const char *device, const char *name, off_t size)
{
	size_t len = strlen(name);
	struct snapshot_ra_file *f;
	char *cmd, *p;
	void *arr = ra->files;

	if (len <= 4 || strcmp(name + len - 4, ".xml") != 0)
		return;
	cmd = eg_xstrndup(name, len - 4);
	for (p = cmd; *p != '\0'; p++) {
		if (*p == '_')
			*p = ' ';
		else if (*p == '%')
			*p = '/';
	}
	eg_grow(&arr, &ra->cap, ra->nfiles + 1, sizeof(*ra->files));
	ra->files = arr;
	f = &ra->files[ra->nfiles];
	memset(f, 0, sizeof(*f));
	atomic_init(&f->wanted, false);
	atomic_init(&f->claimed, false);
	if (eg_query_from_command(cmd, &f->obs.q) == EG_OK) {
		f->obs.q.device = eg_xstrdup(device);
		f->path = eg_xasprintf("%s/%s/%s", ra->dir, device, name);
		f->size = size;
		ra->nfiles++;
	}
	free(cmd);
}

eg_err
eg_snapshot_readahead_new(const char *dir, struct eg_snapshot_readahead **out)
{
	struct eg_snapshot_readahead *ra;

	*out = NULL;
	ra = eg_xcalloc(1, sizeof(*ra));
	ra->dir = eg_xstrdup(dir);
	atomic_init(&ra->planned, false);
	pthread_mutex_init(&ra->lock, NULL);
	pthread_cond_init(&ra->cond, NULL);
	eg_junos_init();	/* the intent may be read on another thread meanwhile */
	*out = ra;
	return EG_OK;
}

/* The files of the layout, once: whichever of _run and _plan comes first lists them. */
static void
snapshot_ra_list(struct eg_snapshot_readahead *ra)
{
	DIR *top, *sub;
	struct dirent *d, *e;
	struct stat sb;

	pthread_mutex_lock(&ra->lock);
	if (ra->listing) {
		while (!ra->listed)
			pthread_cond_wait(&ra->cond, &ra->lock);
		pthread_mutex_unlock(&ra->lock);
		return;
	}
	ra->listing = true;
	pthread_mutex_unlock(&ra->lock);
	top = opendir(ra->dir);
	while (top != NULL && (d = readdir(top)) != NULL) {
		int fd;

		if (d->d_name[0] == '.')
			continue;
		fd = openat(dirfd(top), d->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if ((sub = fdopendir(fd)) == NULL) {
			close(fd);
			continue;
		}
		while ((e = readdir(sub)) != NULL)
			if (e->d_name[0] != '.' && fstatat(dirfd(sub), e->d_name, &sb, 0) == 0 &&
			    S_ISREG(sb.st_mode))
				snapshot_ra_add(ra, d->d_name, e->d_name, sb.st_size);
		closedir(sub);
	}
	if (top != NULL)
		closedir(top);
	if (ra->nfiles > 1)
		qsort(ra->files, ra->nfiles, sizeof(*ra->files), snapshot_ra_cmp);
	pthread_mutex_lock(&ra->lock);
	ra->listed = true;
	pthread_cond_broadcast(&ra->cond);
	pthread_mutex_unlock(&ra->lock);
}

void
eg_snapshot_readahead_free(struct eg_snapshot_readahead *ra)
{
	size_t i;

	if (ra == NULL)
		return;
	for (i = 0; i < ra->nfiles; i++) {
		eg_obs_clear_data(&ra->files[i].obs);
		eg_query_clear(&ra->files[i].obs.q);
		free(ra->files[i].path);
	}
	pthread_cond_destroy(&ra->cond);
	pthread_mutex_destroy(&ra->lock);
	free(ra->files);
	free(ra->dir);
	free(ra);
}

void
eg_snapshot_readahead_count(struct eg_snapshot_readahead *ra, size_t *listed, size_t *parsed)
{
	size_t i;

	if (ra != NULL)
		snapshot_ra_list(ra);
	*listed = ra ? ra->nfiles : 0;
	*parsed = 0;
	for (i = 0; i < *listed; i++)
		*parsed += ra->files[i].done;
}

/* The read-ahead file for path whose parse o can use; NULL when none. */
static struct snapshot_ra_file *
snapshot_ra_match(struct eg_snapshot_readahead *ra, const char *path, const struct eg_obs *o)
{
	size_t i;

	for (i = 0; ra != NULL && i < ra->nfiles; i++)
		if (strcmp(ra->files[i].path, path) == 0 &&
		    eg_junos_same_parse(&ra->files[i].obs.q, &o->q))
			return &ra->files[i];
	return NULL;
}

void
eg_snapshot_readahead_plan(struct eg_snapshot_readahead *ra, struct eg_state *st)
{
	size_t i;

	if (ra == NULL)
		return;
	snapshot_ra_list(ra);
	for (i = 0; st != NULL && i < st->nobs; i++) {
		struct snapshot_ra_file *f;
		char *path = snapshot_find(ra->dir, &st->obs[i]);

		if (path != NULL && (f = snapshot_ra_match(ra, path, &st->obs[i])) != NULL)
			atomic_store(&f->wanted, true);
		free(path);
	}
	atomic_store(&ra->planned, true);
}

/*
 * Reads a file for the read-ahead, 64 kB a system call (libxml2 asks for
 * 4 kB at a time); gives up on it once the plan shows it unwanted.
 */
struct snapshot_ra_input {
	int fd;
	struct eg_snapshot_readahead *ra;
	struct snapshot_ra_file *f;
	bool dropped;
	size_t off, len;
	char buf[64 * 1024];
};

static bool
snapshot_ra_unwanted(struct eg_snapshot_readahead *ra, struct snapshot_ra_file *f)
{
	return atomic_load(&ra->planned) && !atomic_load(&f->wanted);
}

static int
snapshot_ra_read(void *ctx, char *buf, int len)
{
	struct snapshot_ra_input *in = ctx;
	size_t n;

	if (snapshot_ra_unwanted(in->ra, in->f)) {
		in->dropped = true;
		return -1;
	}
	if (in->off == in->len) {
		ssize_t got;

		do
			got = read(in->fd, in->buf, sizeof(in->buf));
		while (got < 0 && errno == EINTR);
		if (got < 0)
			return -1;
		in->off = 0;
		in->len = (size_t)got;
	}
	n = in->len - in->off;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, in->buf + in->off, n);
	in->off += n;
	return (int)n;
}

void
eg_snapshot_readahead_run(struct eg_snapshot_readahead *ra)
{
	size_t i;

	struct snapshot_ra_input *in;

	if (ra == NULL)
		return;
	snapshot_ra_list(ra);
	if ((in = malloc(sizeof(*in))) == NULL)
		return;
	for (i = 0; i < ra->nfiles; i++) {
		struct snapshot_ra_file *f = &ra->files[i];

		if (snapshot_ra_unwanted(ra, f) || atomic_exchange(&f->claimed, true))
			continue;
		in->fd = eg_open_regular(f->path, NULL);
		if (in->fd < 0)
			continue;	/* eg_snapshot_load() says why, if it is wanted */
		in->ra = ra;
		in->f = f;
		in->dropped = false;
		in->off = in->len = 0;
		eg_junos_parse_io(snapshot_ra_read, in, f->path, &f->obs);
		close(in->fd);
		if (in->dropped)
			eg_obs_clear_data(&f->obs);
		else
			f->done = true;
	}
	free(in);
}

/* Move f's parse into o (o keeps its own query). */
static void
snapshot_ra_take(struct snapshot_ra_file *f, struct eg_obs *o)
{
	struct eg_query q = o->q;

	eg_obs_clear_data(o);
	*o = f->obs;
	o->q = q;
	f->obs.status = EG_ENOTFOUND;
	f->obs.why = NULL;
	memset(&f->obs.warnings, 0, sizeof(f->obs.warnings));
	memset(&f->obs.u, 0, sizeof(f->obs.u));
	f->taken = true;
}

eg_err
eg_snapshot_load(const char *dir, struct eg_state *st, struct eg_snapshot_readahead *ra)
{
	struct stat sb;
	size_t i;

	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		eg_log(EG_LOG_ERROR, dir, "not a snapshot directory: %s",
		       errno ? strerror(errno) : "not a directory");
		return EG_EIO;
	}
	if (ra != NULL)
		snapshot_ra_list(ra);
	for (i = 0; i < st->nobs; i++) {
		struct eg_obs *o = &st->obs[i];
		struct snapshot_ra_file *f;
		char *path = snapshot_find(dir, o);

		if (path == NULL)
			continue;
		f = snapshot_ra_match(ra, path, o);
		if (f != NULL && f->done && !f->taken)
			snapshot_ra_take(f, o);
		else
			eg_junos_parse_file(path, o);
		free(path);
	}
	return EG_OK;
}
