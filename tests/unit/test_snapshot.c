/*
 * test_snapshot.c - reading a saved snapshot, with and without the
 * read-ahead: whatever the read-ahead parsed before the plan was known,
 * the observations come out exactly as a plain load gives them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "eg_test_file.h"
#include "eg_test_log.h"
#include "intent.h"
#include "plan.h"
#include "query.h"
#include "snapshot.h"

#define COMPLIANT "tests/snapshots/compliant"

/* eg_test_path(rel) copied into buf, which outlives the next call. */
static const char *
snap_dir(const char *rel, char *buf, size_t size)
{
	snprintf(buf, size, "%s", eg_test_path(rel));
	return buf;
}

/* The default intent's plan, for every device or for one. */
static struct eg_state *
snap_plan(const char *device)
{
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL;
	const char *devs[1] = { device };

	assert_int_equal(eg_intent_default(&in), EG_OK);
	assert_int_equal(eg_plan_build(in, device ? devs : NULL, device ? 1 : 0, &st), EG_OK);
	eg_intent_free(in);
	assert_true(st->nobs > 0);
	return st;
}

static bool
snap_same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Two loads of the same plan agree observation by observation. */
static void
snap_assert_same(const struct eg_state *a, const struct eg_state *b)
{
	size_t i, j;

	assert_int_equal(a->nobs, b->nobs);
	for (i = 0; i < a->nobs; i++) {
		const struct eg_obs *x = &a->obs[i], *y = &b->obs[i];

		assert_int_equal(x->q.kind, y->q.kind);
		assert_string_equal(x->q.device, y->q.device);
		assert_int_equal(x->status, y->status);
		assert_true(snap_same_str(x->why, y->why));
		assert_int_equal(x->warnings.nitems, y->warnings.nitems);
		if (x->status != EG_OK)
			continue;
		switch (eg_qdef(x->q.kind)->data) {
		case EG_QD_RIB:
			assert_int_equal(x->u.rib->npaths, y->u.rib->npaths);
			assert_true(snap_same_str(x->u.rib->table, y->u.rib->table));
			for (j = 0; j < x->u.rib->npaths; j++) {
				const struct eg_path *p = &x->u.rib->paths[j], *r = &y->u.rib->paths[j];
				assert_true(eg_prefix_eq(&p->prefix, &r->prefix));
				assert_true(snap_same_str(p->as_path, r->as_path));
				assert_int_equal(p->local_pref, r->local_pref);
				assert_int_equal(p->flags, r->flags);
			}
			break;
		case EG_QD_BGP:
			assert_int_equal(x->u.bgp->npeers, y->u.bgp->npeers);
			for (j = 0; j < x->u.bgp->npeers; j++)
				assert_true(snap_same_str(x->u.bgp->peers[j].state, y->u.bgp->peers[j].state));
			break;
		case EG_QD_BFD:
			assert_int_equal(x->u.bfd->nsessions, y->u.bfd->nsessions);
			break;
		default:
			break;
		}
	}
}

static size_t
snap_nok(const struct eg_state *st)
{
	size_t i, n = 0;

	for (i = 0; i < st->nobs; i++)
		n += st->obs[i].status == EG_OK;
	return n;
}

/* Read-ahead run before the plan: everything is parsed early and used. */
static void
test_readahead_before_plan(void **state)
{
	char dir[4096];
	struct eg_state *plain = snap_plan(NULL), *ahead = snap_plan(NULL);
	struct eg_snapshot_readahead *ra = NULL;
	size_t listed, parsed;

	(void)state;
	snap_dir(COMPLIANT, dir, sizeof(dir));
	assert_int_equal(eg_snapshot_load(dir, plain, NULL), EG_OK);
	assert_int_equal(snap_nok(plain), plain->nobs);

	assert_int_equal(eg_snapshot_readahead_new(dir, &ra), EG_OK);
	eg_snapshot_readahead_count(ra, &listed, &parsed);
	assert_int_equal(listed, 15);
	assert_int_equal(parsed, 0);
	eg_snapshot_readahead_run(ra);
	eg_snapshot_readahead_count(ra, &listed, &parsed);
	assert_int_equal(parsed, 15);
	eg_snapshot_readahead_plan(ra, ahead);
	assert_int_equal(eg_snapshot_load(dir, ahead, ra), EG_OK);
	snap_assert_same(plain, ahead);
	eg_snapshot_readahead_free(ra);
	eg_state_free(plain);
	eg_state_free(ahead);
}

/* Plan known first (one device): the other devices' files are never parsed. */
static void
test_readahead_after_plan(void **state)
{
	char dir[4096];
	struct eg_state *plain = snap_plan("SEA-MX03-01"), *ahead = snap_plan("SEA-MX03-01");
	struct eg_snapshot_readahead *ra = NULL;
	size_t listed, parsed;

	(void)state;
	snap_dir(COMPLIANT, dir, sizeof(dir));
	assert_int_equal(eg_snapshot_load(dir, plain, NULL), EG_OK);
	assert_int_equal(eg_snapshot_readahead_new(dir, &ra), EG_OK);
	eg_snapshot_readahead_plan(ra, ahead);
	eg_snapshot_readahead_run(ra);
	eg_snapshot_readahead_count(ra, &listed, &parsed);
	assert_int_equal(listed, 15);
	assert_int_equal(parsed, 4);	/* SEA-MX03-01's four files */
	assert_int_equal(eg_snapshot_load(dir, ahead, ra), EG_OK);
	snap_assert_same(plain, ahead);
	assert_int_equal(snap_nok(ahead), ahead->nobs);
	eg_snapshot_readahead_free(ra);
	eg_state_free(plain);
	eg_state_free(ahead);
}

static void *
snap_runner(void *arg)
{
	eg_snapshot_readahead_run(arg);
	return NULL;
}

/* Two threads run the read-ahead at once, as check does: each file is parsed once, all used. */
static void
test_readahead_two_runners(void **state)
{
	char dir[4096];
	struct eg_state *plain = snap_plan(NULL), *ahead = snap_plan(NULL);
	struct eg_snapshot_readahead *ra = NULL;
	size_t listed, parsed;
	pthread_t t;

	(void)state;
	snap_dir(COMPLIANT, dir, sizeof(dir));
	assert_int_equal(eg_snapshot_load(dir, plain, NULL), EG_OK);
	assert_int_equal(eg_snapshot_readahead_new(dir, &ra), EG_OK);
	assert_int_equal(pthread_create(&t, NULL, snap_runner, ra), 0);
	eg_snapshot_readahead_plan(ra, ahead);
	eg_snapshot_readahead_run(ra);
	pthread_join(t, NULL);
	eg_snapshot_readahead_count(ra, &listed, &parsed);
	assert_int_equal(listed, 15);
	assert_int_equal(parsed, 15);
	assert_int_equal(eg_snapshot_load(dir, ahead, ra), EG_OK);
	snap_assert_same(plain, ahead);
	eg_snapshot_readahead_free(ra);
	eg_state_free(plain);
	eg_state_free(ahead);
}

/* A failed plan (no state) leaves nothing wanted: the read-ahead parses nothing. */
static void
test_readahead_no_plan(void **state)
{
	char dir[4096];
	struct eg_snapshot_readahead *ra = NULL;
	size_t listed, parsed;

	(void)state;
	snap_dir(COMPLIANT, dir, sizeof(dir));
	assert_int_equal(eg_snapshot_readahead_new(dir, &ra), EG_OK);
	eg_snapshot_readahead_plan(ra, NULL);
	eg_snapshot_readahead_run(ra);
	eg_snapshot_readahead_count(ra, &listed, &parsed);
	assert_int_equal(listed, 15);
	assert_int_equal(parsed, 0);
	eg_snapshot_readahead_free(ra);
	eg_snapshot_readahead_free(NULL);
}

static void
snap_copy(const char *from, const char *to)
{
	char *buf;
	size_t len;
	FILE *f;

	buf = eg_test_slurp(from, &len);
	f = fopen(to, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(buf);
}

/*
 * A hand-made snapshot: names written with spaces, a file whose name is
 * no command, a non-XML file, a malformed reply and a missing one.  The
 * read-ahead lists only what names a command, and the results equal a
 * plain load's, errors and reasons included.
 */
static void
test_readahead_hand_made(void **state)
{
	static const char *const names[][2] = {
		{ "show_bgp_summary_instance_Cust11.xml", "show bgp summary instance Cust11.xml" },
		{ "show_bfd_session.xml", "show_bfd_session.xml" },
		{ "show_configuration_routing-instances_Cust11.xml", NULL },
		{ "show_route_advertising-protocol_bgp_192.168.11.18_table_Cust11.inet.0_detail.xml",
		  "show route advertising-protocol bgp 192.168.11.18 table Cust11.inet.0 detail.xml" },
	};
	char tmpl[] = "/tmp/eg-test-snapshot.XXXXXX", src[4096], from[8192], to[8192];
	struct eg_state *plain = snap_plan("SEA-MX03-01"), *ahead = snap_plan("SEA-MX03-01");
	struct eg_snapshot_readahead *ra = NULL;
	size_t i, listed, parsed;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	snprintf(to, sizeof(to), "%s/SEA-MX03-01", tmpl);
	assert_int_equal(mkdir(to, 0755), 0);
	snap_dir(COMPLIANT "/SEA-MX03-01", src, sizeof(src));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i][1] == NULL)
			continue;	/* the configuration is missing */
		snprintf(from, sizeof(from), "%s/%s", src, names[i][0]);
		snprintf(to, sizeof(to), "%s/SEA-MX03-01/%s", tmpl, names[i][1]);
		snap_copy(from, to);
	}
	/* the BFD reply is cut short */
	snprintf(to, sizeof(to), "%s/SEA-MX03-01/show_bfd_session.xml", tmpl);
	assert_int_equal(truncate(to, 200), 0);
	snprintf(to, sizeof(to), "%s/SEA-MX03-01/notes.txt", tmpl);
	f = fopen(to, "w");
	assert_non_null(f);
	fputs("taken on the jump host\n", f);
	fclose(f);
	snprintf(to, sizeof(to), "%s/SEA-MX03-01/show_version.xml", tmpl);
	snprintf(from, sizeof(from), "%s/show_bfd_session.xml", src);
	snap_copy(from, to);

	assert_int_equal(eg_snapshot_load(tmpl, plain, NULL), EG_OK);
	assert_int_equal(eg_snapshot_readahead_new(tmpl, &ra), EG_OK);
	eg_snapshot_readahead_run(ra);
	eg_snapshot_readahead_count(ra, &listed, &parsed);
	assert_int_equal(listed, 3);	/* not notes.txt, not show version */
	eg_snapshot_readahead_plan(ra, ahead);
	assert_int_equal(eg_snapshot_load(tmpl, ahead, ra), EG_OK);
	snap_assert_same(plain, ahead);
	assert_int_equal(snap_nok(ahead), 2);
	for (i = 0; i < ahead->nobs; i++) {
		if (ahead->obs[i].q.kind == EG_Q_CONFIG)
			assert_int_equal(ahead->obs[i].status, EG_ENOTFOUND);
		if (ahead->obs[i].q.kind == EG_Q_BFD)
			assert_int_equal(ahead->obs[i].status, EG_EPARSE);
	}
	eg_snapshot_readahead_free(ra);
	eg_state_free(plain);
	eg_state_free(ahead);
	snprintf(to, sizeof(to), "rm -rf '%s'", tmpl);
	assert_int_equal(system(to), 0);
}

/* A directory that is not there: nothing listed, and the load says so. */
static void
test_readahead_no_dir(void **state)
{
	struct eg_state *st = snap_plan(NULL);
	struct eg_snapshot_readahead *ra = NULL;
	size_t listed, parsed;

	(void)state;
	assert_int_equal(eg_snapshot_readahead_new("/nonexistent/snapshot", &ra), EG_OK);
	eg_snapshot_readahead_run(ra);
	eg_snapshot_readahead_count(ra, &listed, &parsed);
	assert_int_equal(listed, 0);
	assert_int_equal(eg_snapshot_load("/nonexistent/snapshot", st, ra), EG_EIO);
	assert_int_equal(eg_test_logged.n, 1);
	assert_string_equal(eg_test_logged.where[0], "/nonexistent/snapshot");
	assert_non_null(strstr(eg_test_logged.msg[0], "not a snapshot directory"));
	eg_test_log_clear();
	eg_snapshot_readahead_free(ra);
	eg_state_free(st);
}

/*
 * Writing a snapshot is safe against whoever could swap what its
 * directory holds: a device folder or a file that is a symbolic link is
 * refused, a file is never written over, what is made is 0700/0600, and a
 * directory others may write to is not fit to save in.
 */
static void
test_create_safely(void **state)
{
	char dir[] = "/tmp/eg-test-snapcreate-XXXXXX", p[600], cmd[700];
	struct eg_query q = { 0 };
	struct stat sb;
	char *path = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(eg_snapshot_dir_check(dir), EG_OK);
	q.kind = EG_Q_BFD;
	q.device = (char *)"SEA-MX03-01";
	/* made new: folder 0700, file 0600 */
	f = eg_snapshot_create(dir, &q, &path);
	assert_non_null(f);
	fclose(f);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(p, sizeof(p), "%s/SEA-MX03-01", dir);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	/* never written over, and never through a link */
	free(path);
	assert_null(eg_snapshot_create(dir, &q, &path));
	free(path);
	q.device = (char *)"SEA-MX03-02";
	snprintf(p, sizeof(p), "%s/SEA-MX03-02", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/SEA-MX03-02/show_bfd_session.xml", dir);
	assert_int_equal(symlink("/tmp/eg-test-snapcreate-victim", p), 0);
	assert_null(eg_snapshot_create(dir, &q, &path));
	free(path);
	assert_int_equal(access("/tmp/eg-test-snapcreate-victim", F_OK), -1);
	/* a device folder that is a link to elsewhere */
	q.device = (char *)"SEA-SRX42-01";
	snprintf(p, sizeof(p), "%s/SEA-SRX42-01", dir);
	assert_int_equal(symlink("/tmp", p), 0);
	assert_null(eg_snapshot_create(dir, &q, &path));
	free(path);
	/* a directory others may write to */
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(eg_snapshot_dir_check(dir), EG_EINVAL);
	assert_int_equal(eg_test_logged.n, 1);
	eg_test_log_clear();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		EG_TEST_LOG_UNIT(test_readahead_before_plan),
		EG_TEST_LOG_UNIT(test_readahead_after_plan),
		EG_TEST_LOG_UNIT(test_readahead_two_runners),
		EG_TEST_LOG_UNIT(test_readahead_no_plan),
		EG_TEST_LOG_UNIT(test_readahead_hand_made),
		EG_TEST_LOG_UNIT(test_readahead_no_dir),
		EG_TEST_LOG_UNIT(test_create_safely),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
