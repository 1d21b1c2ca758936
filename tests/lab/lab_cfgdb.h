/*
 * lab_cfgdb.h - the configuration database of a lab device.
 *
 * Everything lives in DIR/devices/<NAME>/ and is shared by every session
 * of the device (each session is its own `erguard-lab serve` process):
 *   committed.xml      the active configuration; replaced atomically by
 *                      rename(), so the routing world sees a commit at once
 *   candidate.xml      the shared candidate ("configure"); absent = same as
 *                      committed
 *   rollback.N.xml     commit history, 0 (current) .. 49, with who, when,
 *                      how and the log message as attributes of the root
 *   confirm-base.xml   what a pending "commit confirmed" rolls back to
 *   state              key=value: the exclusive lock's owner (user, pid,
 *                      session, since), who changed the candidate, the
 *                      pending confirmation deadline, the last commit
 *   sessions/<ID>      one file per open NETCONF session (user, start)
 *   .db.lock           flock()ed around every operation
 *
 * Guarantees: every read or change happens between lab_cfgdb_begin() and
 * lab_cfgdb_end(), which hold an exclusive flock, so concurrent sessions
 * see whole states; begin() first applies an expired commit-confirmed
 * rollback and releases locks whose owner process is gone (discarding its
 * uncommitted changes, as Junos does when an exclusive session ends).
 *
 * Return convention: 0 success, -1 failure with a reason in err; the
 * lock functions return 1 when refused (the Junos message in msg).
 */
#ifndef LAB_CFGDB_H
#define LAB_CFGDB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <libxml/tree.h>

#include "lab_cfgsyntax.h"

#define LAB_CFGDB_ROLLBACKS 50

struct lab_cfgdb_state {
	char lock_user[64];
	long lock_pid;			/* 0: not locked */
	long lock_sid;
	long long lock_since;		/* epoch seconds */
	int lock_fake;			/* held by a fault: never stale */
	long cand_pid;			/* session that last changed the shared candidate */
	char cand_user[64];
	long long cand_seconds;
	long long confirm_deadline_ms;	/* 0: no commit awaiting confirmation */
	char confirm_user[64];
	long long commit_seconds;
	char commit_user[64];
};

struct lab_cfgdb {
	char *dir;		/* the lab folder */
	char *device;
	char *ddir;		/* DIR/devices/NAME */
	char user[64];		/* this session's user */
	long pid;		/* this session's id (its process id) */
	int lockfd;
	int depth;		/* begin() nesting */
};

enum lab_cfgdb_which { LAB_CFGDB_COMMITTED, LAB_CFGDB_CANDIDATE, LAB_CFGDB_ROLLBACK };

/* Open the database of device in dir for a session of user (pid = getpid()). */
int lab_cfgdb_open(const char *dir, const char *device, const char *user, struct lab_cfgdb **out,
		   char *err, size_t errlen);
/* Release (ends a begin() still held).  Accepts NULL. */
void lab_cfgdb_free(struct lab_cfgdb *db);

int lab_cfgdb_begin(struct lab_cfgdb *db, char *err, size_t errlen);
void lab_cfgdb_end(struct lab_cfgdb *db);

int lab_cfgdb_state_read(struct lab_cfgdb *db, struct lab_cfgdb_state *st);
int lab_cfgdb_state_write(struct lab_cfgdb *db, const struct lab_cfgdb_state *st);

/*
 * Read a configuration: which, and for ROLLBACK its number.  *out is a
 * document the caller frees with xmlFreeDoc (root <configuration>).
 */
int lab_cfgdb_read(struct lab_cfgdb *db, enum lab_cfgdb_which which, int rollback, xmlDocPtr *out,
		   char *err, size_t errlen);
/* Replace the shared candidate (this session becomes its changer). */
int lab_cfgdb_write_candidate(struct lab_cfgdb *db, xmlDocPtr doc, char *err, size_t errlen);
/* Does the shared candidate differ from the committed configuration? */
bool lab_cfgdb_candidate_modified(struct lab_cfgdb *db);
/* Throw the shared candidate's changes away. */
int lab_cfgdb_discard(struct lab_cfgdb *db);

/*
 * The Junos text for a lock owned by another session, into msg
 * ("configuration database locked by:\n  admin terminal p0 (pid 4242) ...").
 * Returns true when someone else holds the lock.
 */
bool lab_cfgdb_locked_by_other(struct lab_cfgdb *db, const struct lab_cfgdb_state *st, char *msg,
			       size_t msglen);
/* Take the exclusive lock: 0 taken (or already ours), 1 refused (msg), -1 error. */
int lab_cfgdb_lock(struct lab_cfgdb *db, char *msg, size_t msglen);
/* Release our lock: 0 released or not held, 1 held by someone else (msg). */
int lab_cfgdb_unlock(struct lab_cfgdb *db, char *msg, size_t msglen);
/* Hold the lock as another user (a fault); user NULL = "admin".  clear: release it. */
int lab_cfgdb_fake_lock(struct lab_cfgdb *db, const char *user, bool clear);

/* Commit-time checks Junos would refuse to commit on (policies, peer AS). */
int lab_cfgdb_validate(xmlNodePtr root, struct lab_cfgerrs *errs);

struct lab_cfgdb_commit {
	bool check;		/* commit check: validate only */
	bool confirmed;
	unsigned confirm_s;	/* seconds until the automatic rollback */
	const char *log;	/* commit comment or NULL */
	const char *via;	/* "netconf", "junoscript", ... for the history */
};

/*
 * Commit cand (the shared candidate or a private copy): validate, write
 * the history and committed.xml, handle confirmation.  A plain commit
 * confirms a pending confirmed one.  Errors (lock held elsewhere, invalid
 * configuration) are added to errs and -1 returned.  When private_ is
 * true the shared candidate is left alone.
 */
int lab_cfgdb_commit(struct lab_cfgdb *db, xmlDocPtr cand, bool private_,
		     const struct lab_cfgdb_commit *o, struct lab_cfgerrs *errs);

/*
 * Apply an expired confirmation (roll back) for the device.  *next_ms is
 * the pending deadline (epoch ms) or 0.  Called by begin() and by the
 * lab's timer process.
 */
int lab_cfgdb_tick(struct lab_cfgdb *db, long long *next_ms);

/* Register / unregister this session; sessions of the device, for kill-session. */
int lab_cfgdb_session_add(struct lab_cfgdb *db);
void lab_cfgdb_session_remove(struct lab_cfgdb *db);
bool lab_cfgdb_session_exists(struct lab_cfgdb *db, long sid);

/*
 * The session is ending: if it holds the lock, release it and discard
 * its uncommitted changes.  Takes and releases the flock itself.
 */
void lab_cfgdb_session_end(struct lab_cfgdb *db);

/* Current time in epoch milliseconds. */
long long lab_cfgdb_now_ms(void);

/* Read a configuration file (normalised). */
xmlDocPtr lab_cfgdb_parse_file(const char *path, char *err, size_t errlen);
/* Write doc to path through a temporary file and rename(). */
int lab_cfgdb_write_file(const char *path, xmlDocPtr doc, char *err, size_t errlen);

#endif
