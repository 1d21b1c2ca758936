/*
 * lab_cfgdb.c - a lab device's configuration database: committed and
 * candidate configurations, the exclusive lock, rollback history and
 * commit confirmed, shared by every session through files under
 * DIR/devices/<NAME>/ and serialised with flock() (see lab_cfgdb.h).
 */
#include "lab_cfgdb.h"
#include "lab_world.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

long long
lab_cfgdb_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
lab_cfgdb_path(const struct lab_cfgdb *db, char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", db->ddir, name);
}

xmlDocPtr
lab_cfgdb_parse_file(const char *path, char *err, size_t errlen)
{
	xmlDocPtr d = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
					      XML_PARSE_NOWARNING);
	xmlNodePtr r;

	if (d == NULL) {
		snprintf(err, errlen, "%s: cannot read the configuration", path);
		return NULL;
	}
	r = xmlDocGetRootElement(d);
	if (r == NULL || strcmp((const char *)r->name, "configuration") != 0) {
		snprintf(err, errlen, "%s: root is not <configuration>", path);
		xmlFreeDoc(d);
		return NULL;
	}
	lab_cfgsyntax_normalise(r);
	return d;
}

int
lab_cfgdb_write_file(const char *path, xmlDocPtr doc, char *err, size_t errlen)
{
	char tmp[4200];

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (xmlSaveFormatFileEnc(tmp, doc, "UTF-8", 1) < 0) {
		snprintf(err, errlen, "%s: cannot write", tmp);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "rename %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ state */

int
lab_cfgdb_state_read(struct lab_cfgdb *db, struct lab_cfgdb_state *st)
{
	char path[4200], line[512];
	FILE *f;

	memset(st, 0, sizeof(*st));
	lab_cfgdb_path(db, path, sizeof(path), "state");
	if ((f = fopen(path, "r")) == NULL)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *eq = strchr(line, '='), *v;
		if (eq == NULL)
			continue;
		*eq = '\0';
		v = eq + 1;
		v[strcspn(v, "\n")] = '\0';
		if (strcmp(line, "lock-user") == 0)
			snprintf(st->lock_user, sizeof(st->lock_user), "%s", v);
		else if (strcmp(line, "lock-pid") == 0)
			st->lock_pid = atol(v);
		else if (strcmp(line, "lock-sid") == 0)
			st->lock_sid = atol(v);
		else if (strcmp(line, "lock-since") == 0)
			st->lock_since = atoll(v);
		else if (strcmp(line, "lock-fake") == 0)
			st->lock_fake = atoi(v);
		else if (strcmp(line, "cand-pid") == 0)
			st->cand_pid = atol(v);
		else if (strcmp(line, "cand-user") == 0)
			snprintf(st->cand_user, sizeof(st->cand_user), "%s", v);
		else if (strcmp(line, "cand-seconds") == 0)
			st->cand_seconds = atoll(v);
		else if (strcmp(line, "confirm-deadline-ms") == 0)
			st->confirm_deadline_ms = atoll(v);
		else if (strcmp(line, "confirm-user") == 0)
			snprintf(st->confirm_user, sizeof(st->confirm_user), "%s", v);
		else if (strcmp(line, "commit-seconds") == 0)
			st->commit_seconds = atoll(v);
		else if (strcmp(line, "commit-user") == 0)
			snprintf(st->commit_user, sizeof(st->commit_user), "%s", v);
	}
	fclose(f);
	return 0;
}

int
lab_cfgdb_state_write(struct lab_cfgdb *db, const struct lab_cfgdb_state *st)
{
	char path[4200], tmp[4300];
	FILE *f;

	lab_cfgdb_path(db, path, sizeof(path), "state");
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "lock-user=%s\nlock-pid=%ld\nlock-sid=%ld\nlock-since=%lld\nlock-fake=%d\n"
		   "cand-pid=%ld\ncand-user=%s\ncand-seconds=%lld\n"
		   "confirm-deadline-ms=%lld\nconfirm-user=%s\n"
		   "commit-seconds=%lld\ncommit-user=%s\n",
		st->lock_user, st->lock_pid, st->lock_sid, st->lock_since, st->lock_fake,
		st->cand_pid, st->cand_user, st->cand_seconds,
		st->confirm_deadline_ms, st->confirm_user, st->commit_seconds, st->commit_user);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ open / begin */

int
lab_cfgdb_open(const char *dir, const char *device, const char *user, struct lab_cfgdb **out,
	       char *err, size_t errlen)
{
	struct lab_cfgdb *db = calloc(1, sizeof(*db));
	char path[4200];
	struct stat sb;

	*out = NULL;
	if (db == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	db->lockfd = -1;
	db->dir = strdup(dir);
	db->device = strdup(device);
	if (db->dir == NULL || db->device == NULL ||
	    asprintf(&db->ddir, "%s/devices/%s", dir, device) < 0) {
		db->ddir = NULL;
		lab_cfgdb_free(db);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(db->user, sizeof(db->user), "%s", user ? user : "root");
	db->pid = (long)getpid();
	lab_cfgdb_path(db, path, sizeof(path), "committed.xml");
	if (stat(path, &sb) != 0) {
		snprintf(err, errlen, "%s: no such lab device (%s)", device, path);
		lab_cfgdb_free(db);
		return -1;
	}
	lab_cfgdb_path(db, path, sizeof(path), ".db.lock");
	if ((db->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		lab_cfgdb_free(db);
		return -1;
	}
	*out = db;
	return 0;
}

void
lab_cfgdb_free(struct lab_cfgdb *db)
{
	if (db == NULL)
		return;
	if (db->lockfd >= 0)
		close(db->lockfd);
	free(db->dir);
	free(db->device);
	free(db->ddir);
	free(db);
}

static bool
lab_cfgdb_alive(long pid)
{
	if (pid <= 0)
		return false;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/*
 * Release the exclusive lock recorded in st, with the lock holder's
 * candidate when it had one (a private candidate dies with its lock), and
 * save the state.
 */
static void
lab_cfgdb_unlock_state(struct lab_cfgdb *db, struct lab_cfgdb_state *st)
{
	if (st->cand_pid == st->lock_pid) {
		char path[4200];
		lab_cfgdb_path(db, path, sizeof(path), "candidate.xml");
		unlink(path);
		st->cand_pid = 0;
		st->cand_user[0] = '\0';
	}
	st->lock_pid = st->lock_sid = 0;
	st->lock_user[0] = '\0';
	st->lock_since = 0;
	lab_cfgdb_state_write(db, st);
}

int
lab_cfgdb_begin(struct lab_cfgdb *db, char *err, size_t errlen)
{
	struct lab_cfgdb_state st;
	long long next;

	if (db->depth++ > 0)
		return 0;
	while (flock(db->lockfd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, "flock: %s", strerror(errno));
			db->depth = 0;
			return -1;
		}
	}
	lab_cfgdb_tick(db, &next);
	if (lab_cfgdb_state_read(db, &st) == 0 && st.lock_pid != 0 && !st.lock_fake &&
	    !lab_cfgdb_alive(st.lock_pid)) {
		/* the exclusive session is gone: its uncommitted changes go with it */
		lab_cfgdb_unlock_state(db, &st);
	}
	return 0;
}

void
lab_cfgdb_end(struct lab_cfgdb *db)
{
	if (db->depth == 0)
		return;
	if (--db->depth == 0)
		flock(db->lockfd, LOCK_UN);
}

/* ------------------------------------------------------------------ read / write */

int
lab_cfgdb_read(struct lab_cfgdb *db, enum lab_cfgdb_which which, int rollback, xmlDocPtr *out,
	       char *err, size_t errlen)
{
	char path[4200], name[64];

	*out = NULL;
	if (which == LAB_CFGDB_CANDIDATE) {
		lab_cfgdb_path(db, path, sizeof(path), "candidate.xml");
		if (access(path, F_OK) != 0)
			which = LAB_CFGDB_COMMITTED;
	}
	if (which == LAB_CFGDB_COMMITTED) {
		lab_cfgdb_path(db, path, sizeof(path), "committed.xml");
	} else if (which == LAB_CFGDB_ROLLBACK) {
		if (rollback < 0 || rollback >= LAB_CFGDB_ROLLBACKS) {
			snprintf(err, errlen, "rollback %d: Value must be a number from 0 to %d", rollback,
				 LAB_CFGDB_ROLLBACKS - 1);
			return -1;
		}
		snprintf(name, sizeof(name), "rollback.%d.xml", rollback);
		lab_cfgdb_path(db, path, sizeof(path), name);
		if (access(path, F_OK) != 0) {
			if (rollback == 0) {
				lab_cfgdb_path(db, path, sizeof(path), "committed.xml");
			} else {
				snprintf(err, errlen, "Cannot find rollback file %d", rollback);
				return -1;
			}
		}
	}
	if ((*out = lab_cfgdb_parse_file(path, err, errlen)) == NULL)
		return -1;
	{
		/* history attributes are not part of the configuration */
		xmlNodePtr r = xmlDocGetRootElement(*out);
		xmlAttrPtr a = r->properties;
		while (a != NULL) {
			xmlAttrPtr next = a->next;
			xmlRemoveProp(a);
			a = next;
		}
	}
	return 0;
}

static char *
lab_cfgdb_dump(xmlDocPtr d)
{
	xmlChar *mem = NULL;
	int len = 0;
	char *s;

	xmlDocDumpMemory(d, &mem, &len);
	s = mem ? strdup((const char *)mem) : NULL;
	xmlFree(mem);
	return s;
}

bool
lab_cfgdb_candidate_modified(struct lab_cfgdb *db)
{
	xmlDocPtr c = NULL, k = NULL;
	char err[256], path[4200];
	bool mod = false;

	lab_cfgdb_path(db, path, sizeof(path), "candidate.xml");
	if (access(path, F_OK) != 0)
		return false;
	if (lab_cfgdb_read(db, LAB_CFGDB_CANDIDATE, 0, &c, err, sizeof(err)) == 0 &&
	    lab_cfgdb_read(db, LAB_CFGDB_COMMITTED, 0, &k, err, sizeof(err)) == 0) {
		char *a = lab_cfgdb_dump(c), *b = lab_cfgdb_dump(k);
		mod = a == NULL || b == NULL || strcmp(a, b) != 0;
		free(a);
		free(b);
	}
	xmlFreeDoc(c);
	xmlFreeDoc(k);
	return mod;
}

int
lab_cfgdb_write_candidate(struct lab_cfgdb *db, xmlDocPtr doc, char *err, size_t errlen)
{
	char path[4200];
	struct lab_cfgdb_state st;

	lab_cfgdb_path(db, path, sizeof(path), "candidate.xml");
	if (lab_cfgdb_write_file(path, doc, err, errlen) != 0)
		return -1;
	lab_cfgdb_state_read(db, &st);
	st.cand_pid = db->pid;
	snprintf(st.cand_user, sizeof(st.cand_user), "%s", db->user);
	st.cand_seconds = lab_cfgdb_now_ms() / 1000;
	if (lab_cfgdb_state_write(db, &st) != 0) {
		snprintf(err, errlen, "%s: cannot write the state", db->device);
		return -1;
	}
	return 0;
}

int
lab_cfgdb_discard(struct lab_cfgdb *db)
{
	char path[4200];
	struct lab_cfgdb_state st;

	lab_cfgdb_path(db, path, sizeof(path), "candidate.xml");
	if (unlink(path) != 0 && errno != ENOENT)
		return -1;
	lab_cfgdb_state_read(db, &st);
	st.cand_pid = 0;
	st.cand_user[0] = '\0';
	return lab_cfgdb_state_write(db, &st);
}

/* ------------------------------------------------------------------ lock */

bool
lab_cfgdb_locked_by_other(struct lab_cfgdb *db, const struct lab_cfgdb_state *st, char *msg,
			  size_t msglen)
{
	char since[64];
	time_t t;
	struct tm tm;
	long long idle;

	if (st->lock_pid == 0 || (st->lock_pid == db->pid && !st->lock_fake))
		return false;
	t = (time_t)st->lock_since;
	gmtime_r(&t, &tm);
	strftime(since, sizeof(since), "%Y-%m-%d %H:%M:%S UTC", &tm);
	idle = lab_cfgdb_now_ms() / 1000 - st->lock_since;
	if (idle < 0)
		idle = 0;
	snprintf(msg, msglen,
		 "configuration database locked by:\n  %s terminal p%ld (pid %ld) on since %s, "
		 "idle %02lld:%02lld:%02lld\n      exclusive [edit]",
		 st->lock_user, st->lock_fake ? 0 : st->lock_sid % 10, st->lock_pid, since,
		 idle / 3600, idle / 60 % 60, idle % 60);
	return true;
}

int
lab_cfgdb_lock(struct lab_cfgdb *db, char *msg, size_t msglen)
{
	struct lab_cfgdb_state st;

	if (lab_cfgdb_state_read(db, &st) != 0) {
		snprintf(msg, msglen, "%s: cannot read the state", db->device);
		return -1;
	}
	if (lab_cfgdb_locked_by_other(db, &st, msg, msglen))
		return 1;
	if (st.lock_pid == db->pid)
		return 0;
	if (st.cand_pid != db->pid && lab_cfgdb_candidate_modified(db)) {
		snprintf(msg, msglen, "configuration database modified");
		return 1;
	}
	snprintf(st.lock_user, sizeof(st.lock_user), "%s", db->user);
	st.lock_pid = db->pid;
	st.lock_sid = db->pid;
	st.lock_since = lab_cfgdb_now_ms() / 1000;
	st.lock_fake = 0;
	if (lab_cfgdb_state_write(db, &st) != 0) {
		snprintf(msg, msglen, "%s: cannot write the state", db->device);
		return -1;
	}
	return 0;
}

int
lab_cfgdb_unlock(struct lab_cfgdb *db, char *msg, size_t msglen)
{
	struct lab_cfgdb_state st;

	if (lab_cfgdb_state_read(db, &st) != 0)
		return -1;
	if (lab_cfgdb_locked_by_other(db, &st, msg, msglen))
		return 1;
	if (st.lock_pid == 0)
		return 0;
	st.lock_pid = st.lock_sid = 0;
	st.lock_user[0] = '\0';
	st.lock_since = 0;
	return lab_cfgdb_state_write(db, &st);
}

int
lab_cfgdb_fake_lock(struct lab_cfgdb *db, const char *user, bool clear)
{
	struct lab_cfgdb_state st;

	lab_cfgdb_state_read(db, &st);
	if (clear) {
		if (!st.lock_fake)
			return 0;
		st.lock_pid = st.lock_sid = 0;
		st.lock_user[0] = '\0';
		st.lock_fake = 0;
	} else {
		snprintf(st.lock_user, sizeof(st.lock_user), "%s", user ? user : "admin");
		st.lock_pid = 4242;
		st.lock_sid = 4242;
		st.lock_since = lab_cfgdb_now_ms() / 1000;
		st.lock_fake = 1;
	}
	return lab_cfgdb_state_write(db, &st);
}

/* ------------------------------------------------------------------ validation */

static bool
lab_cfgdb_policy_defined(xmlNodePtr root, const char *name)
{
	xmlNodePtr po = lab_cfgsyntax_child(root, "policy-options");

	for (xmlNodePtr p = po ? po->children : NULL; p != NULL; p = p->next) {
		const char *n;
		if (p->type != XML_ELEMENT_NODE || strcmp((const char *)p->name, "policy-statement") != 0)
			continue;
		n = lab_cfgsyntax_leaf(lab_cfgsyntax_child(p, "name"));
		if (n != NULL && strcmp(n, name) == 0)
			return true;
	}
	return false;
}

static bool
lab_cfgdb_is_inactive(xmlNodePtr n)
{
	xmlChar *a = xmlGetProp(n, (const xmlChar *)"inactive");
	bool r = a != NULL;

	xmlFree(a);
	return r;
}

/* Check every BGP group under n (recursively): policies exist, external peers have an AS. */
static void
lab_cfgdb_validate_node(xmlNodePtr root, xmlNodePtr n, struct lab_cfgerrs *errs)
{
	char path[512];

	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || lab_cfgdb_is_inactive(c))
			continue;
		if (strcmp((const char *)c->name, "group") == 0 && n->name != NULL &&
		    strcmp((const char *)n->name, "bgp") == 0) {
			const char *type = lab_cfgsyntax_leaf(lab_cfgsyntax_child(c, "type"));
			bool group_as = lab_cfgsyntax_child(c, "peer-as") != NULL;
			lab_cfgsyntax_edit_path(c, path, sizeof(path));
			for (xmlNodePtr k = c->children; k != NULL; k = k->next) {
				const char *v;
				if (k->type != XML_ELEMENT_NODE || lab_cfgdb_is_inactive(k))
					continue;
				if ((strcmp((const char *)k->name, "export") == 0 ||
				     strcmp((const char *)k->name, "import") == 0) &&
				    (v = lab_cfgsyntax_leaf(k)) != NULL && !lab_cfgdb_policy_defined(root, v))
					lab_cfgsyntax_err(errs, false, path, (const char *)k->name,
							  "Policy error: Policy %s referenced but not defined", v);
				if (strcmp((const char *)k->name, "neighbor") == 0 && type != NULL &&
				    strcmp(type, "external") == 0 && !group_as &&
				    lab_cfgsyntax_child(k, "peer-as") == NULL)
					lab_cfgsyntax_err(errs, false, path, "neighbor",
							  "Error in neighbor %s of group %s:\npeer AS number must be configured for an external peer",
							  lab_cfgsyntax_leaf(lab_cfgsyntax_child(k, "name")) ?: "?",
							  lab_cfgsyntax_leaf(lab_cfgsyntax_child(c, "name")) ?: "?");
			}
		}
		lab_cfgdb_validate_node(root, c, errs);
	}
}

int
lab_cfgdb_validate(xmlNodePtr root, struct lab_cfgerrs *errs)
{
	size_t before = lab_cfgsyntax_nerrors(errs);
	xmlNodePtr in;

	/* Junos checks the configuration its groups make, not the groups themselves */
	if ((in = xmlDocCopyNode(root, root->doc, 1)) == NULL) {
		lab_cfgsyntax_err(errs, false, "", NULL, "out of memory");
		return -1;
	}
	lab_cfgsyntax_inherit(in, false);
	lab_cfgdb_validate_node(in, in, errs);
	xmlFreeNode(in);
	if (lab_cfgsyntax_nerrors(errs) != before) {
		lab_cfgsyntax_err(errs, false, "", NULL, "configuration check-out failed");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ commit */

/* Shift rollback.N to N+1 and write doc as rollback.0 with its history. */
static int
lab_cfgdb_history(struct lab_cfgdb *db, xmlDocPtr doc, const char *user, const char *via,
		  const char *log)
{
	char from[4200], to[4200], name[64], secs[32];
	xmlDocPtr copy;
	xmlNodePtr r;
	char err[256];
	int rc;

	snprintf(name, sizeof(name), "rollback.%d.xml", LAB_CFGDB_ROLLBACKS - 1);
	lab_cfgdb_path(db, from, sizeof(from), name);
	unlink(from);
	for (int i = LAB_CFGDB_ROLLBACKS - 2; i >= 0; i--) {
		snprintf(name, sizeof(name), "rollback.%d.xml", i);
		lab_cfgdb_path(db, from, sizeof(from), name);
		snprintf(name, sizeof(name), "rollback.%d.xml", i + 1);
		lab_cfgdb_path(db, to, sizeof(to), name);
		if (rename(from, to) != 0 && errno != ENOENT)
			return -1;
	}
	if ((copy = xmlCopyDoc(doc, 1)) == NULL)
		return -1;
	r = xmlDocGetRootElement(copy);
	snprintf(secs, sizeof(secs), "%lld", lab_cfgdb_now_ms() / 1000);
	xmlSetProp(r, (const xmlChar *)"commit-seconds", (const xmlChar *)secs);
	xmlSetProp(r, (const xmlChar *)"commit-user", (const xmlChar *)user);
	xmlSetProp(r, (const xmlChar *)"commit-via", (const xmlChar *)(via ? via : "netconf"));
	if (log != NULL)
		xmlSetProp(r, (const xmlChar *)"commit-log", (const xmlChar *)log);
	lab_cfgdb_path(db, to, sizeof(to), "rollback.0.xml");
	rc = lab_cfgdb_write_file(to, copy, err, sizeof(err));
	xmlFreeDoc(copy);
	return rc;
}

/* Make doc the committed configuration (history first, then the atomic rename). */
static int
lab_cfgdb_install(struct lab_cfgdb *db, xmlDocPtr doc, const char *user, const char *via,
		  const char *log, const char *how, char *err, size_t errlen)
{
	char path[4200], first[4200], text[512];
	xmlDocPtr clean;
	xmlNodePtr r;
	int rc;

	/* the configuration as first created becomes rollback 1 on the first commit */
	lab_cfgdb_path(db, first, sizeof(first), "rollback.0.xml");
	if (access(first, F_OK) != 0) {
		xmlDocPtr cur = NULL;
		if (lab_cfgdb_read(db, LAB_CFGDB_COMMITTED, 0, &cur, err, errlen) == 0) {
			lab_cfgdb_history(db, cur, "root", "initial", NULL);
			xmlFreeDoc(cur);
		}
	}
	if (lab_cfgdb_history(db, doc, user, via, log) != 0) {
		snprintf(err, errlen, "%s: cannot write the rollback history", db->device);
		return -1;
	}
	if ((clean = xmlCopyDoc(doc, 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r = xmlDocGetRootElement(clean);
	while (r->properties != NULL)
		xmlRemoveProp(r->properties);
	/* the routing world runs it from this instant on */
	snprintf(text, sizeof(text), "%s by %s via %s%s%s", how, user, via ? via : "netconf",
		 log ? ": " : "", log ? log : "");
	if (lab_world_commit(db->dir, db->device, clean, text, err, errlen) != 0) {
		xmlFreeDoc(clean);
		return -1;
	}
	lab_cfgdb_path(db, path, sizeof(path), "committed.xml");
	rc = lab_cfgdb_write_file(path, clean, err, errlen);
	xmlFreeDoc(clean);
	return rc;
}

int
lab_cfgdb_commit(struct lab_cfgdb *db, xmlDocPtr cand, bool private_,
		 const struct lab_cfgdb_commit *o, struct lab_cfgerrs *errs)
{
	struct lab_cfgdb_state st;
	char msg[512], err[512], base[4200], how[64];
	xmlNodePtr root = xmlDocGetRootElement(cand);

	lab_cfgdb_state_read(db, &st);
	if (lab_cfgdb_locked_by_other(db, &st, msg, sizeof(msg))) {
		lab_cfgsyntax_err(errs, false, "", NULL, "%s", msg);
		return -1;
	}
	if (o->confirmed && private_) {
		lab_cfgsyntax_err(errs, false, "", NULL,
				  "'commit confirmed' is not allowed in a private configuration session");
		return -1;
	}
	if (lab_cfgdb_validate(root, errs) != 0)
		return -1;
	if (o->check)
		return 0;
	lab_cfgdb_path(db, base, sizeof(base), "confirm-base.xml");
	if (o->confirmed && st.confirm_deadline_ms == 0) {
		xmlDocPtr cur = NULL;
		if (lab_cfgdb_read(db, LAB_CFGDB_COMMITTED, 0, &cur, err, sizeof(err)) != 0 ||
		    lab_cfgdb_write_file(base, cur, err, sizeof(err)) != 0) {
			xmlFreeDoc(cur);
			lab_cfgsyntax_err(errs, false, "", NULL, "%s", err);
			return -1;
		}
		xmlFreeDoc(cur);
	}
	if (o->confirmed)
		snprintf(how, sizeof(how), "commit confirmed %u s", o->confirm_s);
	else
		snprintf(how, sizeof(how), "%s", st.confirm_deadline_ms != 0 ? "commit (confirms)" :
			 "commit");
	if (lab_cfgdb_install(db, cand, db->user, o->via, o->log, how, err, sizeof(err)) != 0) {
		lab_cfgsyntax_err(errs, false, "", NULL, "%s", err);
		return -1;
	}
	lab_cfgdb_state_read(db, &st);
	st.commit_seconds = lab_cfgdb_now_ms() / 1000;
	snprintf(st.commit_user, sizeof(st.commit_user), "%s", db->user);
	if (o->confirmed) {
		st.confirm_deadline_ms = lab_cfgdb_now_ms() + (long long)o->confirm_s * 1000;
		snprintf(st.confirm_user, sizeof(st.confirm_user), "%s", db->user);
	} else {
		st.confirm_deadline_ms = 0;
		st.confirm_user[0] = '\0';
		unlink(base);
	}
	if (!private_) {
		char path[4200];
		lab_cfgdb_path(db, path, sizeof(path), "candidate.xml");
		unlink(path);
		st.cand_pid = 0;
		st.cand_user[0] = '\0';
	}
	if (lab_cfgdb_state_write(db, &st) != 0) {
		lab_cfgsyntax_err(errs, false, "", NULL, "%s: cannot write the state", db->device);
		return -1;
	}
	return 0;
}

int
lab_cfgdb_tick(struct lab_cfgdb *db, long long *next_ms)
{
	struct lab_cfgdb_state st;
	char base[4200], path[4200], err[512];
	xmlDocPtr prev;

	*next_ms = 0;
	if (lab_cfgdb_state_read(db, &st) != 0)
		return -1;
	if (st.confirm_deadline_ms == 0)
		return 0;
	if (lab_cfgdb_now_ms() < st.confirm_deadline_ms) {
		*next_ms = st.confirm_deadline_ms;
		return 0;
	}
	/* not confirmed in time: the box goes back on its own */
	lab_cfgdb_path(db, base, sizeof(base), "confirm-base.xml");
	if ((prev = lab_cfgdb_parse_file(base, err, sizeof(err))) == NULL &&
	    lab_cfgdb_read(db, LAB_CFGDB_ROLLBACK, 1, &prev, err, sizeof(err)) != 0)
		return -1;
	if (lab_cfgdb_install(db, prev, "root", "confirmed-timeout",
			      "commit confirmed rollback: not confirmed in time", "rollback", err,
			      sizeof(err)) != 0) {
		xmlFreeDoc(prev);
		return -1;
	}
	xmlFreeDoc(prev);
	unlink(base);
	lab_cfgdb_path(db, path, sizeof(path), "candidate.xml");
	unlink(path);
	st.confirm_deadline_ms = 0;
	st.confirm_user[0] = '\0';
	st.cand_pid = 0;
	st.cand_user[0] = '\0';
	st.commit_seconds = lab_cfgdb_now_ms() / 1000;
	snprintf(st.commit_user, sizeof(st.commit_user), "root");
	return lab_cfgdb_state_write(db, &st);
}

/* ------------------------------------------------------------------ sessions */

int
lab_cfgdb_session_add(struct lab_cfgdb *db)
{
	char path[4200];
	FILE *f;

	lab_cfgdb_path(db, path, sizeof(path), "sessions");
	mkdir(path, 0700);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%ld", db->pid);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "%s %lld\n", db->user, lab_cfgdb_now_ms() / 1000);
	return fclose(f) == 0 ? 0 : -1;
}

void
lab_cfgdb_session_remove(struct lab_cfgdb *db)
{
	char path[4200];

	lab_cfgdb_path(db, path, sizeof(path), "sessions");
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%ld", db->pid);
	unlink(path);
}

bool
lab_cfgdb_session_exists(struct lab_cfgdb *db, long sid)
{
	char path[4200];

	lab_cfgdb_path(db, path, sizeof(path), "sessions");
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%ld", sid);
	return access(path, F_OK) == 0 && lab_cfgdb_alive(sid);
}

void
lab_cfgdb_session_end(struct lab_cfgdb *db)
{
	struct lab_cfgdb_state st;
	char err[256];

	if (lab_cfgdb_begin(db, err, sizeof(err)) != 0)
		return;
	if (lab_cfgdb_state_read(db, &st) == 0 && st.lock_pid == db->pid && !st.lock_fake) {
		lab_cfgdb_unlock_state(db, &st);
	}
	lab_cfgdb_session_remove(db);
	lab_cfgdb_end(db);
}
