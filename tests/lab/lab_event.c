/*
 * lab_event.c - the routing world's events and their ground-truth log.
 *
 * DIR/world/events.log holds one line per happening, with its true time:
 *
 *   MS ISO-TIME tK DEVICE KIND TEXT
 *   1714000000123 2024-04-24T23:06:40.123Z t1 - event er-down both
 *   1714000001023 2024-04-24T23:06:41.023Z t1 SEA-MX03-01 bgp-down 192.168.11.18 ...
 *   1714000001073 2024-04-24T23:06:41.073Z t1 SEA-SRX42-01 active 10.17.11.0/25 ...
 *
 * MS is CLOCK_REALTIME in milliseconds.  "event" lines (DEVICE "-") are
 * what an operator did to the peers, "commit" lines (the device, how,
 * who, the log message) what a configuration database installed
 * (lab_world_commit, its configuration kept under DIR/world/configs/);
 * they are the only input of the world.  The other lines are what the
 * world derives from them: when an event or a commit is recorded
 * the trio is simulated forward and the resulting session, BFD and
 * active-path changes are written with the times at which the devices'
 * replies change (possibly a little in the future).  Lines already in the
 * past are never rewritten; predictions are replaced when a newer event
 * changes the future.  Writers hold an flock on DIR/world/lock and
 * replace the file atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lab_world_int.h"

#define LAB_HORIZON_MS (24LL * 3600 * 1000)

int64_t
lab_event_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double
lab_event_time_scale(const char *dir)
{
	char path[4096], line[256];
	double scale = 1.0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/lab.conf", dir);
	if ((f = fopen(path, "r")) == NULL)
		return scale;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p = line, *eq;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "time-scale", 10) != 0)
			continue;
		if ((eq = strchr(p, '=')) == NULL)
			continue;
		{
			double v = strtod(eq + 1, NULL);
			if (v > 0 && v <= 1000)
				scale = v;
		}
	}
	fclose(f);
	return scale;
}

static void
lab_event_iso(int64_t ms, char *buf, size_t size)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;

	char date[32];

	gmtime_r(&s, &tm);
	if (strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		date[0] = '\0';
	snprintf(buf, size, "%s.%03dZ", date, (int)(ms % 1000));
}

/* One parsed line of the log. */
struct lab_logline {
	int64_t ms;
	int trio;
	char device[LAB_NAMELEN];
	char kind[16];
	char *line;		/* the whole line, newline included */
};

struct lab_log {
	struct lab_logline *v;
	size_t n, cap;
};

static void
lab_log_free(struct lab_log *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].line);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int
lab_log_add(struct lab_log *l, const char *line)
{
	struct lab_logline x;
	long long ms;
	int trio;
	char iso[40];

	memset(&x, 0, sizeof(x));
	if (sscanf(line, "%lld %39s t%d %63s %15s", &ms, iso, &trio, x.device, x.kind) != 5)
		return 0;	/* not ours: ignored */
	x.ms = ms;
	x.trio = trio;
	if ((x.line = strdup(line)) == NULL)
		return -1;
	if (lab_grow((void **)&l->v, &l->cap, l->n + 1, sizeof(x)) != 0) {
		free(x.line);
		return -1;
	}
	l->v[l->n++] = x;
	return 0;
}

static int
lab_log_read(const char *dir, struct lab_log *l, char *err, size_t errlen)
{
	char path[4096], line[512];
	FILE *f;

	memset(l, 0, sizeof(*l));
	snprintf(path, sizeof(path), "%s/world/events.log", dir);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		lab_seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (lab_log_add(l, line) != 0) {
			fclose(f);
			lab_log_free(l);
			lab_seterr(err, errlen, "out of memory reading %s", path);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

/* Does event target tgt of event name ev apply to peer e? */
static bool
lab_event_matches(const char *ev, const char *tgt, const struct lab_ext *e)
{
	char a[16];
	size_t la, lt;

	if (strncmp(ev, "er-", 3) == 0) {
		if (strcmp(e->kind, "er") != 0)
			return false;
	} else if (strncmp(ev, "vpn-", 4) == 0) {
		if (strcmp(e->kind, "vpn") != 0)
			return false;
	} else {
		return false;
	}
	if (strcmp(tgt, "both") == 0 || strcmp(tgt, "all") == 0 || strcmp(tgt, e->link) == 0 ||
	    strcmp(tgt, e->name) == 0)
		return true;
	lab_addr_fmt(e->addr, a);
	la = strlen(a);
	lt = strlen(tgt);
	return lt > 0 && lt <= la && strcmp(a + la - lt, tgt) == 0 && (tgt[0] == '.' || lt == la);
}

static int
lab_ev_qcmp(const void *x, const void *y)
{
	const struct lab_peer_ev *a = x, *b = y;

	if (a->ms != b->ms)
		return a->ms < b->ms ? -1 : 1;
	return a->ext - b->ext;
}

int
lab_event_load(const char *dir, const struct lab_trio *t, struct lab_peer_ev **out, size_t *n,
	       char *err, size_t errlen)
{
	struct lab_log l;
	struct lab_peer_ev *v = NULL;
	size_t cnt = 0, cap = 0, i, e;

	*out = NULL;
	*n = 0;
	if (lab_log_read(dir, &l, err, errlen) != 0)
		return -1;
	for (i = 0; i < l.n; i++) {
		char name[32], tgt[64];
		const char *p;
		if (l.v[i].trio != t->k || strcmp(l.v[i].kind, "event") != 0)
			continue;
		p = strstr(l.v[i].line, " event ");
		if (p == NULL || sscanf(p + 7, "%31s %63s", name, tgt) != 2)
			continue;
		for (e = 0; e < t->next; e++) {
			if (!lab_event_matches(name, tgt, &t->ext[e]))
				continue;
			if (lab_grow((void **)&v, &cap, cnt + 1, sizeof(*v)) != 0) {
				free(v);
				lab_log_free(&l);
				lab_seterr(err, errlen, "out of memory reading events");
				return -1;
			}
			v[cnt].ms = l.v[i].ms;
			v[cnt].ext = (int)e;
			v[cnt].up = strstr(name, "-up") != NULL;
			cnt++;
		}
	}
	lab_log_free(&l);
	if (cnt > 1)
		qsort(v, cnt, sizeof(*v), lab_ev_qcmp);
	*out = v;
	*n = cnt;
	return 0;
}

/* Lines the world is driven by (never predictions): events and commits. */
static bool
lab_log_is_input(const struct lab_logline *x)
{
	return strcmp(x->kind, "event") == 0 || strcmp(x->kind, "commit") == 0;
}

static int
lab_logline_qcmp(const void *x, const void *y)
{
	const struct lab_logline *a = x, *b = y;

	if (a->ms != b->ms)
		return a->ms < b->ms ? -1 : 1;
	/* the event or commit before its consequences, then in file order */
	if (lab_log_is_input(a) != lab_log_is_input(b))
		return lab_log_is_input(a) ? -1 : 1;
	return 0;
}

static int
lab_log_write(const char *dir, struct lab_log *l, char *err, size_t errlen)
{
	char path[4096], tmp[4200];
	size_t i;
	FILE *f;

	/* insertion sort keeps equal-time lines in their order (qsort is not stable) */
	for (i = 1; i < l->n; i++) {
		struct lab_logline x = l->v[i];
		size_t j = i;
		while (j > 0 && lab_logline_qcmp(&l->v[j - 1], &x) > 0) {
			l->v[j] = l->v[j - 1];
			j--;
		}
		l->v[j] = x;
	}
	snprintf(path, sizeof(path), "%s/world/events.log", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		lab_seterr(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	for (i = 0; i < l->n; i++)
		fputs(l->v[i].line, f);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		lab_seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
lab_log_addf(struct lab_log *l, int64_t ms, int trio, const char *device, const char *kind,
	     const char *text)
{
	char iso[40], line[512];

	lab_event_iso(ms, iso, sizeof(iso));
	snprintf(line, sizeof(line), "%lld %s t%d %s %s %s\n", (long long)ms, iso, trio, device,
		 kind, text);
	return lab_log_add(l, line);
}

/*
 * Trio k's consequences of what happened up to now, from now on: older
 * predictions after now are replaced.  Each new line also goes to out
 * (NULL: nowhere) as "+MS ms DEVICE KIND TEXT".
 */
static int
lab_event_repredict(const char *dir, struct lab_log *l, int k, int64_t now, FILE *out,
		    char *err, size_t errlen)
{
	struct lab_changes ch;
	struct lab_trio *t = NULL;
	size_t j, w;

	/* a commit acts at its own instant: the changes from now on, now included */
	memset(&ch, 0, sizeof(ch));
	if (lab_trio_predict(dir, k, now, now + LAB_HORIZON_MS, &ch, now - 1, &t, err, errlen) != 0)
		return -1;
	lab_trio_free(t);
	for (j = 0, w = 0; j < l->n; j++) {
		if (l->v[j].trio == k && l->v[j].ms >= now && !lab_log_is_input(&l->v[j])) {
			free(l->v[j].line);
			continue;
		}
		l->v[w++] = l->v[j];
	}
	l->n = w;
	for (j = 0; j < ch.n; j++) {
		if (lab_log_addf(l, ch.v[j].ms, k, ch.v[j].device, ch.v[j].kind, ch.v[j].text) != 0) {
			free(ch.v);
			lab_seterr(err, errlen, "out of memory recording the event");
			return -1;
		}
		if (out != NULL)
			fprintf(out, "  +%lld ms %s %s %s\n", (long long)(ch.v[j].ms - now),
				ch.v[j].device, ch.v[j].kind, ch.v[j].text);
	}
	free(ch.v);
	return 0;
}

static int
lab_event_write_doc(const char *path, xmlDocPtr doc, char *err, size_t errlen)
{
	char tmp[4200];

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (xmlSaveFormatFileEnc(tmp, doc, "UTF-8", 1) < 0 || rename(tmp, path) != 0) {
		lab_seterr(err, errlen, "%s: cannot write", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
lab_world_commit(const char *dir, const char *device, xmlDocPtr doc, const char *text,
		 char *err, size_t errlen)
{
	struct lab_log l;
	xmlDocPtr wd = NULL;
	char path[4096], cur[4096];
	int64_t now, *hist = NULL;
	size_t nhist = 0;
	int k = 0, lockfd = -1, rc = -1;

	memset(&l, 0, sizeof(l));
	snprintf(path, sizeof(path), "%s/world/world.xml", dir);
	if (access(path, F_OK) != 0)
		return 0;	/* a database without a routing world */
	if (lab_world_load_doc(dir, &wd, err, errlen) != 0)
		return -1;
	if (lab_world_trio_of(wd, device, &k) == NULL) {
		xmlFreeDoc(wd);
		return 0;	/* not a device of the world */
	}
	xmlFreeDoc(wd);
	snprintf(path, sizeof(path), "%s/world/lock", dir);
	lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lockfd < 0 || flock(lockfd, LOCK_EX) != 0) {
		lab_seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s/world/configs", dir);
	(void)mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/world/configs/%s", dir, device);
	(void)mkdir(path, 0755);
	if (lab_world_history(dir, device, &hist, &nhist) != 0) {
		lab_seterr(err, errlen, "%s: unreadable configuration history", path);
		goto cleanup;
	}
	now = lab_event_now_ms();
	if (nhist == 0) {
		/* the configuration in force until now, from the start */
		char *text0, tmp[4200];
		FILE *f;
		snprintf(cur, sizeof(cur), "%s/devices/%s/committed.xml", dir, device);
		snprintf(path, sizeof(path), "%s/world/configs/%s/0.xml", dir, device);
		snprintf(tmp, sizeof(tmp), "%s.tmp", path);
		if ((text0 = lab_slurp(cur)) == NULL || (f = fopen(tmp, "w")) == NULL) {
			free(text0);
			lab_seterr(err, errlen, "%s: %s", cur, strerror(errno));
			goto cleanup;
		}
		fputs(text0, f);
		free(text0);
		if (fclose(f) != 0 || rename(tmp, path) != 0) {
			lab_seterr(err, errlen, "%s: cannot write", path);
			unlink(tmp);
			goto cleanup;
		}
	} else if (now <= hist[nhist - 1]) {
		now = hist[nhist - 1] + 1;	/* one instant, one configuration */
	}
	snprintf(path, sizeof(path), "%s/world/configs/%s/%lld.xml", dir, device, (long long)now);
	if (lab_event_write_doc(path, doc, err, errlen) != 0)
		goto cleanup;
	if (lab_log_read(dir, &l, err, errlen) != 0)
		goto cleanup;
	if (lab_log_addf(&l, now, k, device, "commit", text) != 0) {
		lab_seterr(err, errlen, "out of memory recording the commit");
		goto cleanup;
	}
	if (lab_event_repredict(dir, &l, k, now, NULL, err, errlen) != 0 ||
	    lab_log_write(dir, &l, err, errlen) != 0)
		goto cleanup;
	rc = 0;
cleanup:
	free(hist);
	lab_log_free(&l);
	if (lockfd >= 0)
		close(lockfd);
	return rc;
}

static const char *const lab_event_names[] = { "er-down", "er-up", "vpn-down", "vpn-up" };

int
lab_world_event(const char *dir, int argc, char **argv, FILE *out, char *err, size_t errlen)
{
	struct lab_log l;
	xmlDocPtr doc = NULL;
	char path[4096], text[128];
	const char *name, *tgt = NULL, *trio_arg = "all";
	int64_t now = lab_event_now_ms();
	int i, ntrios = 0, lockfd = -1, rc = -1, k;
	bool known = false;

	memset(&l, 0, sizeof(l));
	if (argc < 2) {
		lab_seterr(err, errlen, "event: usage: er-down|er-up primary|secondary|both, "
			   "vpn-down|vpn-up .76|.77|both [--trio K|all]");
		return -1;
	}
	/* tolerant of the caller's own words: "event", "--dir DIR" and the like */
	name = NULL;
	for (i = 0; i < argc; i++) {
		int j;
		if (strcmp(argv[i], "--trio") == 0 && i + 1 < argc) {
			trio_arg = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--", 2) == 0) {
			i++;	/* an option of the caller and its value */
			continue;
		}
		for (j = 0; j < 4 && name == NULL; j++)
			if (strcmp(argv[i], lab_event_names[j]) == 0)
				name = argv[i];
		if (name != NULL && argv[i] != name && tgt == NULL)
			tgt = argv[i];
	}
	known = name != NULL;
	if (name == NULL)
		name = argv[0];
	if (!known || tgt == NULL) {
		lab_seterr(err, errlen, "event: unknown event '%s %s' (er-down|er-up primary|secondary|both,"
			   " vpn-down|vpn-up .76|.77|both)", name, tgt ? tgt : "");
		return -1;
	}
	if (strncmp(name, "er-", 3) == 0 && strcmp(tgt, "primary") != 0 &&
	    strcmp(tgt, "secondary") != 0 && strcmp(tgt, "both") != 0) {
		lab_seterr(err, errlen, "event %s: target must be primary, secondary or both", name);
		return -1;
	}
	if (lab_world_load_doc(dir, &doc, err, errlen) != 0)
		return -1;
	{
		char *s = (char *)xmlGetProp(xmlDocGetRootElement(doc), (const xmlChar *)"trios");
		ntrios = s ? atoi(s) : 1;
		xmlFree(s);
	}
	xmlFreeDoc(doc);
	if (strcmp(trio_arg, "all") != 0 && (atoi(trio_arg) < 1 || atoi(trio_arg) > ntrios)) {
		lab_seterr(err, errlen, "event: no trio %s (1..%d)", trio_arg, ntrios);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/world/lock", dir);
	lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lockfd < 0 || flock(lockfd, LOCK_EX) != 0) {
		lab_seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto cleanup;
	}
	if (lab_log_read(dir, &l, err, errlen) != 0)
		goto cleanup;
	snprintf(text, sizeof(text), "%s %s", name, tgt);
	for (k = 1; k <= ntrios; k++)
		if (strcmp(trio_arg, "all") == 0 || atoi(trio_arg) == k)
			if (lab_log_addf(&l, now, k, "-", "event", text) != 0) {
				lab_seterr(err, errlen, "out of memory recording the event");
				goto cleanup;
			}
	if (lab_log_write(dir, &l, err, errlen) != 0)
		goto cleanup;
	{
		char iso[40];
		lab_event_iso(now, iso, sizeof(iso));
		fprintf(out, "%lld %s event %s %s\n", (long long)now, iso, name, tgt);
	}
	/* predict each affected trio's consequences, replacing older predictions */
	for (k = 1; k <= ntrios; k++) {
		if (strcmp(trio_arg, "all") != 0 && atoi(trio_arg) != k)
			continue;
		if (lab_event_repredict(dir, &l, k, now, out, err, errlen) != 0)
			goto cleanup;
	}
	if (lab_log_write(dir, &l, err, errlen) != 0)
		goto cleanup;
	rc = 0;
cleanup:
	lab_log_free(&l);
	if (lockfd >= 0)
		close(lockfd);
	return rc;
}

int
lab_event_show(const char *dir, const char *device, FILE *out, char *err, size_t errlen)
{
	struct lab_log l;
	xmlDocPtr doc = NULL;
	int k = 0;
	size_t i;

	if (device != NULL) {
		if (lab_world_load_doc(dir, &doc, err, errlen) != 0)
			return -1;
		if (lab_world_trio_of(doc, device, &k) == NULL) {
			xmlFreeDoc(doc);
			lab_seterr(err, errlen, "%s: no such device in the lab", device);
			return -1;
		}
		xmlFreeDoc(doc);
	}
	if (lab_log_read(dir, &l, err, errlen) != 0)
		return -1;
	for (i = 0; i < l.n; i++) {
		if (device != NULL && (l.v[i].trio != k ||
				       (strcmp(l.v[i].device, "-") != 0 && strcmp(l.v[i].device, device) != 0)))
			continue;
		fputs(l.v[i].line, out);
	}
	lab_log_free(&l);
	return 0;
}
