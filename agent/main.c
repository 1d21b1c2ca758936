/*
 * main.c - the erguard command line: the command named first gets the
 * rest (cli.h, cmd_*.c), and `erguard drill` is here.
 *
 * Every command returns one of the exit statuses of eg_err.h (documented
 * in erguard(8)): 0 compliant, 1 deviations, 2 usage, 3 invalid intent,
 * 4 transport or authentication, 5 device RPC error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "drill.h"
#include "eg_err.h"
#include "util.h"

/* drill's own options: a table apart, so the shared option bits stay as they are. */
static const struct option main_drill_longopts[] = {
	{ "intent", required_argument, NULL, 'c' },
	{ "plan", no_argument, NULL, 'P' },
	{ "links", required_argument, NULL, 'L' },
	{ "trigger", required_argument, NULL, 'T' },
	{ "since", required_argument, NULL, 'I' },
	{ "max-convergence", required_argument, NULL, 'M' },
	{ "format", required_argument, NULL, 'F' },
	{ "timeout", required_argument, NULL, 't' },
	{ "accept-new-hostkeys", no_argument, NULL, 'A' },
	{ "ssh-config", required_argument, NULL, 'S' },
	{ "svg", required_argument, NULL, 'G' },
	{ "no-trace", no_argument, NULL, 'N' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
main_drill_help(void)
{
	eg_cli_help("drill", 0);
	fputs("  -c, --intent FILE         the intent (default $ERGUARD_INTENT, else the built-in design)\n"
	      "  --plan                    print what the drill will do and exit; nothing is contacted\n"
	      "  --links WHICH             the ExpressRoute links taken down: primary, secondary or both (default)\n"
	      "  --trigger T               bgp: deactivate the CE's ExpressRoute eBGP neighbor (default);\n"
	      "                            interface: disable its ExpressRoute unit; blackhole: an input\n"
	      "                            filter on that unit discards all (BFD or the hold timer detects);\n"
	      "                            external: commit nothing, watch a failure caused elsewhere\n"
	      "  --since now|MS            external: the failure's instant, ms since the epoch (default now)\n"
	      "  --max-convergence S       the bound for failover and failback, seconds (default: the intent's, 10)\n"
	      "  --no-trace                skip the path proof (traceroutes to the test host)\n"
	      "  --format FMT              text (default), json, xml or junit\n"
	      "  --svg FILE                also draw the timeline into FILE (SVG)\n"
	      "  --timeout S               per-RPC timeout in seconds, 1 to 100000 (default 30)\n"
	      "  --accept-new-hostkeys     trust a device's host key on first use (never a changed one)\n"
	      "  --ssh-config FILE         read this ssh_config file instead of ~/.ssh/config\n"
	      "  -v, --verbose, -q, --quiet, -h, --help\n", stdout);
}

/*
 * drill: the failover test.  Exit 0 when it passed, 1 when refused
 * (not compliant) or a phase was over the bound, 4/5 when a device could
 * not be reached or refused, with what is left said on standard error.
 */
static int
main_drill(int argc, char **argv)
{
	struct eg_drill_opts d;
	struct eg_drill_result r;
	struct eg_intent *in = NULL;
	const char *intent = NULL, *format = "text", *svg = NULL;
	FILE *sf = NULL;
	bool plan = false;
	int c, status = EG_EXIT_USAGE;
	eg_err err;

	memset(&d, 0, sizeof(d));
	memset(&r, 0, sizeof(r));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:vqh", main_drill_longopts, NULL)) != -1) {
		switch (c) {
		case 'c': intent = optarg; break;
		case 'P': plan = true; break;
		case 'L':
			if ((d.links = eg_drill_links_parse(optarg)) == 0) {
				eg_log(EG_LOG_ERROR, NULL, "drill: unknown --links %s (primary, "
				       "secondary, both)", optarg);
				return EG_EXIT_USAGE;
			}
			break;
		case 'T':
			if ((d.trigger = eg_drill_trigger_parse(optarg)) < 0) {
				eg_log(EG_LOG_ERROR, NULL, "drill: unknown --trigger %s (bgp, interface, "
				       "blackhole, external)", optarg);
				return EG_EXIT_USAGE;
			}
			break;
		case 'I': {
			char *end;
			long long v = strcmp(optarg, "now") == 0 ? 0 : strtoll(optarg, &end, 10);

			if (strcmp(optarg, "now") != 0 && (end == optarg || *end != '\0' || v <= 0)) {
				eg_log(EG_LOG_ERROR, NULL, "drill: --since %s: not now nor a time in "
				       "ms since the epoch", optarg);
				return EG_EXIT_USAGE;
			}
			d.since_wall_ms = v;
			break;
		}
		case 'M':
			if (eg_cli_parse_uint(optarg, "--max-convergence", &d.max_convergence_s) != 0)
				return EG_EXIT_USAGE;
			break;
		case 'F': format = optarg; break;
		case 'G': svg = optarg; break;
		case 'N': d.no_trace = true; break;
		case 't':
			if (eg_cli_parse_uint(optarg, "--timeout", &d.collect.rpc_timeout_s) != 0)
				return EG_EXIT_USAGE;
			break;
		case 'A': d.collect.accept_new_hostkeys = true; break;
		case 'S': d.collect.ssh_config = optarg; break;
		case 'v':
			eg_log_set_level(eg_log_get_level() < EG_LOG_DEBUG ?
					 eg_log_get_level() + 1 : EG_LOG_DEBUG);
			break;
		case 'q': eg_log_set_level(EG_LOG_ERROR); break;
		case 'h':
			main_drill_help();
			return eg_cli_finish(EG_EXIT_OK);
		default:
			eg_log(EG_LOG_ERROR, NULL, "drill: %s option %s (erguard drill --help lists "
			       "the options)", c == ':' ? "an argument is missing for" : "unknown",
			       argv[optind - 1]);
			return EG_EXIT_USAGE;
		}
	}
	if (eg_cli_operands(argc, argv, "drill", 0) != 0)
		return EG_EXIT_USAGE;
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "xml") != 0 && strcmp(format, "junit") != 0) {
		eg_log(EG_LOG_ERROR, NULL, "drill: unknown --format %s (text, json, xml, junit)", format);
		return EG_EXIT_USAGE;
	}
	err = eg_cli_load_intent(intent, &in);
	if (err != EG_OK)
		return eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
	if (plan) {
		err = eg_drill_plan_print(in, &d, stdout);
		status = err == EG_OK ? eg_cli_finish(EG_EXIT_OK) : EG_EXIT_INTENT;
		goto cleanup;
	}
	/* the picture's file first: a drill is not run for a file that cannot be written */
	if (svg != NULL && (sf = fopen(svg, "w")) == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "drill: --svg %s: %s", svg, strerror(errno));
		goto cleanup;
	}
	err = eg_drill_run(in, &d, &r);
	if (eg_drill_print(in, &r, format, stdout) != EG_OK) {
		status = eg_cli_finish(EG_EXIT_DEVIATION);
		goto cleanup;
	}
	if (r.why != NULL)
		eg_log(EG_LOG_ERROR, NULL, "drill: %s: %s", eg_drill_outcome_name(r.outcome), r.why);
	if (sf != NULL) {
		eg_err se = eg_drill_svg(in, &r, sf);

		if (fclose(sf) != 0)
			se = EG_EIO;
		sf = NULL;
		if (se != EG_OK) {
			eg_log(EG_LOG_ERROR, NULL, "drill: --svg %s: cannot write: %s", svg,
			       strerror(errno));
			status = EG_EXIT_DEVIATION;
			goto cleanup;
		}
	}
	switch (r.outcome) {
	case EG_DRILL_PASSED:
		status = EG_EXIT_OK;
		break;
	case EG_DRILL_REFUSED:
	case EG_DRILL_SLOW:
	case EG_DRILL_WRONG_PATH:
		status = EG_EXIT_DEVIATION;
		break;
	case EG_DRILL_UNRESTORED:
	case EG_DRILL_ABORTED:
		status = err == EG_OK ? EG_EXIT_DEVIATION : eg_exit_for(err);
		if (status == EG_EXIT_OK)
			status = EG_EXIT_DEVIATION;
		break;
	}
	status = eg_cli_finish(status);
cleanup:
	if (sf != NULL)
		fclose(sf);
	eg_drill_result_free(&r);
	eg_intent_free(in);
	return status;
}

int
main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		eg_cli_usage(stderr);
		return EG_EXIT_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		eg_cli_usage(stdout);
		return eg_cli_finish(EG_EXIT_OK);
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		if (argc == 3 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
			eg_cli_help("version", EG_CLI_OPT('h'));
			return eg_cli_finish(EG_EXIT_OK);
		}
		if (argc > 2) {
			eg_log(EG_LOG_ERROR, NULL, "%s: unexpected argument: %s", cmd, argv[2]);
			return EG_EXIT_USAGE;
		}
		printf("erguard %s\n", EG_VERSION);
		return eg_cli_finish(EG_EXIT_OK);
	}
	if (strcmp(cmd, "check") == 0)
		return eg_cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "snapshot") == 0)
		return eg_cmd_snapshot(argc - 1, argv + 1);
	if (strcmp(cmd, "intent") == 0)
		return eg_cmd_intent(argc - 1, argv + 1);
	if (strcmp(cmd, "junos-scripts") == 0)
		return eg_cmd_junos_scripts(argc - 1, argv + 1);
	if (strcmp(cmd, "diff") == 0)
		return eg_cmd_diff(argc - 1, argv + 1);
	if (strcmp(cmd, "fix") == 0)
		return eg_cmd_fix(argc - 1, argv + 1);
	if (strcmp(cmd, "watch") == 0)
		return eg_cmd_watch(argc - 1, argv + 1);
	if (strcmp(cmd, "drill") == 0)
		return main_drill(argc - 1, argv + 1);
	eg_log(EG_LOG_ERROR, NULL, "unknown command: %s (check, snapshot, diff, fix, drill, watch, "
	       "intent, "
	       "junos-scripts, version)", cmd);
	return EG_EXIT_USAGE;
}
