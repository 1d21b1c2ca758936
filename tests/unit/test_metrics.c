/*
 * test_metrics.c - the Prometheus metrics of a run.
 *
 * A report and a state built here are printed and the text compared
 * line by line with what the exposition format and metrics.h say: each
 * status's value, HELP and TYPE before a family's samples, label values
 * escaped, a repeated label set folded into one sample holding the worse
 * status, prefix counts distinct and absent when unread.  The file is
 * replaced whole: after a write it holds exactly the printed text and
 * nothing is left beside it; a write that cannot be made leaves the old
 * file as it was and says which file.  Every test also fails when
 * something was logged that it did not expect.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "metrics.h"
#include "model.h"
#include "report.h"
#include "state.h"

#include "eg_test_log.h"

/* What f's writer produced, as one string; caller frees. */
static char *
metrics_text(const struct eg_metrics_run *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(eg_metrics_print(f, m), EG_OK);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* True when text holds line as a whole line. */
static bool
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p;

	for (p = text; (p = strstr(p, line)) != NULL; p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

static size_t
count(const char *text, const char *needle)
{
	size_t n = 0;
	const char *p;

	for (p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* One result of each status, one repeated (fail then unknown), one with a hostile scope. */
static struct eg_report *
sample_report(void)
{
	struct eg_report *r = eg_report_new();
	struct eg_result *res;

	r->started_at = 1796400000;
	eg_report_begin(r, "lp-config", EG_SEV_MAJOR, NULL, NULL, "Cust11", "SEA-MX03-01");
	res = eg_report_begin(r, "lp-config", EG_SEV_MAJOR, NULL, NULL, "Cust11", "SEA-MX03-02");
	eg_result_add(res, EG_ST_FAIL, "SEA-MX03-02", NULL, NULL, NULL, NULL, "no lp");
	res = eg_report_begin(r, "bgp-sessions", EG_SEV_MAJOR, NULL, NULL, "Cust11", "SEA-SRX42-01");
	eg_result_unknown(res, EG_ETRANSPORT, "down");
	res = eg_report_begin(r, "azure-learned", EG_SEV_MINOR, NULL, NULL, "Cust11", "SEA-SRX42-01");
	eg_result_skip(res, "not asked");
	/* the same labels again: folded into the first, the worse status kept */
	res = eg_report_begin(r, "lp-config", EG_SEV_MAJOR, NULL, NULL, "Cust11", "SEA-MX03-01");
	eg_result_unknown(res, EG_ETIMEOUT, "slow");
	res = eg_report_begin(r, "er-adv-symmetry", EG_SEV_MAJOR, NULL, NULL, "Cu\"st\\11\nx",
			      "A+B");
	return r;
}

static void
add_rib_obs(struct eg_state *st, enum eg_qkind kind, const char *device, const char *peer,
	    const char *const *prefixes, size_t n, eg_err status)
{
	struct eg_query q;
	struct eg_obs *o;
	struct eg_path p;
	size_t i;

	memset(&q, 0, sizeof(q));
	q.kind = kind;
	q.device = (char *)device;
	q.instance = (char *)"Cust11";
	q.table = (char *)"Cust11.inet.0";
	assert_int_equal(eg_addr_parse(peer, &q.peer), EG_OK);
	assert_int_equal(eg_state_add(st, &q, &o), EG_OK);
	if (status != EG_OK) {
		eg_obs_fail(o, status, "%s: refused", device);
		return;
	}
	assert_int_equal(eg_obs_data_new(o, EG_QD_RIB), EG_OK);
	for (i = 0; i < n; i++) {
		memset(&p, 0, sizeof(p));
		assert_int_equal(eg_prefix_parse(prefixes[i], &p.prefix), EG_OK);
		assert_int_equal(eg_rib_add(o->u.rib, &p), EG_OK);
	}
	o->status = EG_OK;
}

static struct eg_state *
sample_state(void)
{
	static const char *const adv[] = { "10.1.11.0/25", "10.1.11.128/25", "10.1.11.0/25" };
	static const char *const rcv[] = { "10.17.11.0/25", "10.17.11.128/26" };
	struct eg_state *st = eg_state_new();

	add_rib_obs(st, EG_Q_ADVERTISED, "SEA-MX03-01", "192.168.11.18", adv, 3, EG_OK);
	add_rib_obs(st, EG_Q_RECEIVED, "SEA-SRX42-01", "10.17.11.76", rcv, 2, EG_OK);
	add_rib_obs(st, EG_Q_RECEIVED, "SEA-SRX42-01", "10.17.11.77", rcv, 2, EG_ETRANSPORT);
	return st;
}

static const struct eg_metrics_device sample_devices[] = {
	{ "SEA-MX03-01", true }, { "SEA-SRX42-01", false },
};

static void
sample_run(struct eg_metrics_run *m, struct eg_report *r, struct eg_state *st)
{
	memset(m, 0, sizeof(*m));
	m->rep = r;
	m->st = st;
	m->devices = sample_devices;
	m->ndevices = 2;
	m->duration_s = 0.25;
	m->runs = 7;
}

static void
test_label_escaping(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	eg_metrics_label_fputs(f, "a\\b\"c\nd{}=,");
	eg_metrics_label_fputs(f, NULL);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, "a\\\\b\\\"c\\nd{}=,");
	free(buf);
}

static void
test_status_values(void **state)
{
	struct eg_report *r = sample_report();
	struct eg_metrics_run m;
	char *t;

	(void)state;
	sample_run(&m, r, NULL);
	t = metrics_text(&m);
	assert_true(has_line(t, "erguard_check_status{check=\"lp-config\",service=\"Cust11\","
			     "scope=\"SEA-MX03-02\"} 1"));
	assert_true(has_line(t, "erguard_check_status{check=\"bgp-sessions\",service=\"Cust11\","
			     "scope=\"SEA-SRX42-01\"} 2"));
	assert_true(has_line(t, "erguard_check_status{check=\"azure-learned\",service=\"Cust11\","
			     "scope=\"SEA-SRX42-01\"} 3"));
	assert_true(has_line(t, "erguard_check_status{check=\"er-adv-symmetry\","
			     "service=\"Cu\\\"st\\\\11\\nx\",scope=\"A+B\"} 0"));
	/* pass then unknown under the same labels: one sample, unknown */
	assert_int_equal(count(t, "scope=\"SEA-MX03-01\"}"), 1);
	assert_true(has_line(t, "erguard_check_status{check=\"lp-config\",service=\"Cust11\","
			     "scope=\"SEA-MX03-01\"} 2"));
	assert_true(has_line(t, "erguard_check_results{status=\"pass\"} 2"));
	assert_true(has_line(t, "erguard_check_results{status=\"fail\"} 1"));
	assert_true(has_line(t, "erguard_check_results{status=\"unknown\"} 2"));
	assert_true(has_line(t, "erguard_check_results{status=\"skipped\"} 1"));
	assert_true(has_line(t, "erguard_device_up{device=\"SEA-MX03-01\"} 1"));
	assert_true(has_line(t, "erguard_device_up{device=\"SEA-SRX42-01\"} 0"));
	assert_true(has_line(t, "erguard_last_run_timestamp_seconds 1796400000"));
	assert_true(has_line(t, "erguard_last_run_duration_seconds 0.250"));
	assert_true(has_line(t, "erguard_runs_total 7"));
	/* no state: the prefix families are there, empty */
	assert_null(strstr(t, "erguard_bgp_received_prefixes{"));
	assert_non_null(strstr(t, "# TYPE erguard_bgp_received_prefixes gauge\n"));
	free(t);
	eg_report_free(r);
}

static void
test_prefix_counts(void **state)
{
	struct eg_report *r = sample_report();
	struct eg_state *st = sample_state();
	struct eg_metrics_run m;
	char *t;

	(void)state;
	sample_run(&m, r, st);
	t = metrics_text(&m);
	/* three routes, two of them the same prefix: two distinct */
	assert_true(has_line(t, "erguard_bgp_advertised_prefixes{device=\"SEA-MX03-01\","
			     "instance=\"Cust11\",peer=\"192.168.11.18\"} 2"));
	assert_true(has_line(t, "erguard_bgp_received_prefixes{device=\"SEA-SRX42-01\","
			     "instance=\"Cust11\",peer=\"10.17.11.76\"} 2"));
	/* unread: no sample rather than a zero */
	assert_null(strstr(t, "peer=\"10.17.11.77\""));
	free(t);
	eg_state_free(st);
	eg_report_free(r);
}

/* Every sample's family has HELP then TYPE before it, each once; families are not split. */
static void
test_families(void **state)
{
	static const char *const fams[] = {
		"erguard_check_status", "erguard_check_results", "erguard_device_up",
		"erguard_bgp_advertised_prefixes", "erguard_bgp_received_prefixes",
		"erguard_last_run_timestamp_seconds", "erguard_last_run_duration_seconds",
		"erguard_runs_total",
	};
	struct eg_report *r = sample_report();
	struct eg_state *st = sample_state();
	struct eg_metrics_run m;
	char *t, *line, *save = NULL, help[128], type[128];
	const char *cur = NULL;
	size_t i, k;

	(void)state;
	sample_run(&m, r, st);
	t = metrics_text(&m);
	for (k = 0; k < sizeof(fams) / sizeof(fams[0]); k++) {
		snprintf(help, sizeof(help), "# HELP %s ", fams[k]);
		snprintf(type, sizeof(type), "# TYPE %s ", fams[k]);
		assert_int_equal(count(t, help), 1);
		assert_int_equal(count(t, type), 1);
		assert_true(strstr(t, help) < strstr(t, type));
	}
	assert_non_null(strstr(t, "# TYPE erguard_runs_total counter\n"));
	for (line = strtok_r(t, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strcspn(line, "{ ");

		if (strncmp(line, "# TYPE ", 7) == 0) {
			cur = line + 7;
			continue;
		}
		if (line[0] == '#')
			continue;
		/* a sample belongs to the family whose TYPE came last */
		assert_non_null(cur);
		assert_true(strncmp(cur, line, n) == 0 && cur[n] == ' ');
		for (i = 0; line[i] != '\0'; i++)
			assert_true(line[i] != '\r' && line[i] != '\t');
	}
	free(t);
	eg_state_free(st);
	eg_report_free(r);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static void
test_write_atomic(void **state)
{
	char dir[] = "/tmp/eg-metrics.XXXXXX", path[256], tmp[300];
	struct eg_report *r = sample_report();
	struct eg_metrics_run m;
	char *want, *got;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/erguard.prom", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	sample_run(&m, r, NULL);
	want = metrics_text(&m);
	assert_int_equal(eg_metrics_write(path, &m), EG_OK);
	got = slurp(path);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_not_equal(access(tmp, F_OK), 0);	/* nothing left beside it */
	free(got);

	/* the next write cannot be made: the old file stays whole, the file named */
	assert_int_equal(mkdir(tmp, 0700), 0);
	m.runs = 8;
	assert_int_equal(eg_metrics_write(path, &m), EG_EIO);
	assert_true(eg_test_logged.n >= 1);
	assert_non_null(strstr(eg_test_logged.where[0], "erguard.prom.tmp"));
	eg_test_log_clear();
	got = slurp(path);
	assert_string_equal(got, want);
	free(got);
	assert_int_equal(rmdir(tmp), 0);

	/* no such directory: an error, not a crash */
	snprintf(tmp, sizeof(tmp), "%s/none/erguard.prom", dir);
	assert_int_equal(eg_metrics_write(tmp, &m), EG_EIO);
	assert_true(eg_test_logged.n >= 1);
	eg_test_log_clear();

	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	free(want);
	eg_report_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		EG_TEST_LOG_UNIT(test_label_escaping),
		EG_TEST_LOG_UNIT(test_status_values),
		EG_TEST_LOG_UNIT(test_prefix_counts),
		EG_TEST_LOG_UNIT(test_families),
		EG_TEST_LOG_UNIT(test_write_atomic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
