/*
 * cmd_watch.c - `erguard watch`: check's pipeline again and again over
 * sessions kept open, printing changes and writing metrics.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eg_err.h"
#include "render.h"
#include "util.h"
#include "watch.h"

/*
 * watch: check's pipeline again and again over sessions kept open
 * (watch.h).  Its own options, --interval and --metrics, are taken out
 * of argv here; the others are check's, parsed by eg_cli_getopt().
 */
int
eg_cmd_watch(int argc, char **argv)
{
	static const struct { const char *name, *spelling, *text; } own[] = {
		{ "interval", "--interval S", "run every S seconds, 1 to 100000 (default 60)" },
		{ "metrics", "--metrics FILE", "replace FILE with Prometheus metrics after each run" },
	};
	const unsigned allowed = EG_CLI_OPTS_COMMON | EG_CLI_OPTS_CONNECT | EG_CLI_OPT('c') |
				 EG_CLI_OPT(EG_OPT_DEVICE) | EG_CLI_OPTS_COLOR;
	const char *vals[2] = { NULL, NULL }, *path;
	struct eg_watch_opts wo;
	struct eg_cli_opts o;
	struct eg_intent *in = NULL;
	char **rest;
	int i, k, nrest = 1, status;
	eg_err err;

	rest = eg_xcalloc((size_t)argc + 1, sizeof(*rest));
	rest[0] = argv[0];
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		size_t n = strcspn(a, "=");

		for (k = 0; k < 2 && !(strncmp(a, "--", 2) == 0 && n - 2 == strlen(own[k].name) &&
				       strncmp(a + 2, own[k].name, n - 2) == 0); k++)
			;
		if (strcmp(a, "--") == 0 || k == 2) {
			/* not ours: kept, with the argument of an option that takes one */
			const struct option *lo;
			bool takes = (a[0] == '-' && a[1] != '-' && a[1] != '\0' &&
				      strpbrk(a + 1, "co") != NULL &&
				      a[1 + strcspn(a + 1, "co") + 1] == '\0');

			for (lo = eg_cli_longopts; strncmp(a, "--", 2) == 0 && lo->name; lo++)
				if (strlen(lo->name) == n - 2 && strncmp(a + 2, lo->name, n - 2) == 0)
					takes = lo->has_arg == required_argument && a[n] == '\0';
			if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
				eg_cli_help("watch", allowed);
				for (k = 0; k < 2; k++)
					printf("  %-25s %s\n", own[k].spelling, own[k].text);
				free(rest);
				return eg_cli_finish(EG_EXIT_OK);
			}
			rest[nrest++] = argv[i];
			if (strcmp(a, "--") == 0)
				while (++i < argc)
					rest[nrest++] = argv[i];
			else if (takes && i + 1 < argc)
				rest[nrest++] = argv[++i];
			continue;
		}
		if (vals[k] != NULL || (a[n] == '\0' && i + 1 >= argc)) {
			eg_log(EG_LOG_ERROR, NULL, vals[k] ? "--%s given twice" :
			       "watch: --%s needs an argument", own[k].name);
			free(rest);
			return EG_EXIT_USAGE;
		}
		vals[k] = a[n] == '=' ? a + n + 1 : argv[++i];
	}
	memset(&o, 0, sizeof(o));
	memset(&wo, 0, sizeof(wo));
	if (eg_cli_getopt(nrest, rest, "watch", allowed, &o) < 0 ||
	    eg_cli_operands(nrest, rest, "watch", 0) != 0 ||
	    (vals[0] != NULL && eg_cli_parse_uint(vals[0], "--interval", &wo.interval_s) != 0) ||
	    (vals[1] != NULL && *vals[1] == '\0' &&
	     (eg_log(EG_LOG_ERROR, NULL, "--metrics needs a file name"), 1))) {
		free(rest);
		return EG_EXIT_USAGE;
	}
	free(rest);
	path = o.intent != NULL ? o.intent : getenv("ERGUARD_INTENT");
	if (path != NULL && *path == '\0')
		path = NULL;
	err = eg_cli_load_intent(o.intent, &in);
	if (err != EG_OK) {
		eg_intent_free(in);
		return eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
	}
	wo.intent_path = path;
	wo.devices = o.ndevices ? o.devices : NULL;
	wo.ndevices = o.ndevices;
	wo.metrics_path = vals[1];
	wo.collect = o.collect;
	wo.rend = &eg_render_text;
	wo.ropts.color = eg_cli_color();
	wo.ropts.verbose = eg_log_get_level() >= EG_LOG_INFO;
	wo.out = stdout;
	err = eg_watch_run(&in, &wo);
	eg_intent_free(in);
	status = err == EG_OK ? EG_EXIT_OK : err == EG_EINVAL ? EG_EXIT_USAGE : EG_EXIT_DEVIATION;
	return eg_cli_finish(status);
}
