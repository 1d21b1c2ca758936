/*
 * main.c - the erguard command line.
 *
 * The only code that prints to stdout or exits.  Every command returns one
 * of the exit statuses of eg_err.h (documented in erguard(8)):
 * 0 compliant, 1 deviations, 2 usage, 3 invalid intent, 4 transport or
 * authentication, 5 device RPC error.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "azure.h"
#include "cfg_txn.h"
#include "checks.h"
#include "collect.h"
#include "diff.h"
#include "eg_err.h"
#include "drill.h"
#include "fix.h"
#include "intent.h"
#include "junos_scripts.h"
#include "plan.h"
#include "render.h"
#include "report.h"
#include "snapshot.h"
#include "state.h"
#include "util.h"
#include "watch.h"

#define MAIN_MAX_DEVICES 256

/*
 * The commands and their SYNOPSIS lines in erguard(8), in its order; the
 * usage is these lines, and COMMAND --help one of them with its options.
 */
struct main_cmd {
	const char *name;	/* "check"; "intent" also answers for its subcommands */
	const char *synopsis;	/* after "erguard ", continuation lines indented */
};

static const struct main_cmd main_cmds[] = {
	{ "check", "check [-c intent] [--device NAME]... [--check ID]...\n"
		   "      [--format text|json|xml|junit] [--from DIR] [--azure-learned FILE]\n"
		   "      [--azure-advertised FILE] [--timeout S] [--parallel N]\n"
		   "      [--accept-new-hostkeys] [--ssh-config FILE] [--color WHEN | --no-color]\n"
		   "check --list" },
	{ "snapshot", "snapshot -o DIR [-c intent] [--device NAME]... [--timeout S] [--parallel N]\n"
		      "      [--accept-new-hostkeys] [--ssh-config FILE]" },
	{ "diff", "diff [-c intent] [--device NAME]... [--check ID]... [--format text|json|junit]\n"
		  "      [--color WHEN | --no-color] [--timeout S] [--parallel N]\n"
		  "      [--accept-new-hostkeys] [--ssh-config FILE] OLD {NEW | - | --live}" },
	{ "fix", "fix [-c intent] [--device NAME]... [--format text|json|xml]\n"
		 "      [--apply [--confirm-minutes N] [--settle-seconds S] [--yes]]\n"
		 "      [--timeout S] [--accept-new-hostkeys] [--ssh-config FILE]" },
	{ "watch", "watch [-c intent] [--device NAME]... [--interval S] [--metrics FILE]\n"
		   "      [--timeout S] [--parallel N] [--accept-new-hostkeys] [--ssh-config FILE]\n"
		   "      [--color WHEN | --no-color]" },
	{ "drill", "drill [-c intent] [--plan] [--links primary|secondary|both]\n"
		   "      [--trigger bgp|interface|blackhole|external [--since now|MS]]\n"
		   "      [--max-convergence S] [--format text|json|junit] [--svg FILE] [--timeout S]\n"
		   "      [--accept-new-hostkeys] [--ssh-config FILE]" },
	{ "intent", "intent validate|show [FILE | -c intent] [--format xml|json]\n"
		    "intent schema" },
	{ "junos-scripts", "junos-scripts [-c intent]" },
	{ "version", "version" },
};

#define MAIN_NCMDS (sizeof(main_cmds) / sizeof(main_cmds[0]))

/*
 * Print cmd's synopsis lines: the first after "usage: erguard " when first
 * is set, each other after "erguard " aligned under it, and a
 * continuation line (one starting with blanks) under its command.
 */
static void
main_synopsis(FILE *f, const struct main_cmd *cmd, bool first)
{
	const char *p = cmd->synopsis;
	size_t n;

	for (; *p != '\0'; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		if (*p == ' ')
			fprintf(f, "%15s%.*s\n", "", (int)n, p);
		else
			fprintf(f, "%s%.*s\n", first ? "usage: erguard " : "       erguard ",
				(int)n, p);
		first = false;
	}
}

static void
main_usage(FILE *f)
{
	size_t i;

	for (i = 0; i < MAIN_NCMDS; i++)
		main_synopsis(f, &main_cmds[i], i == 0);
	fputs("common options: -v (more diagnostics), -q (errors only), -h (help)\n"
	      "erguard COMMAND --help describes that command's options\n", f);
}

/* Options shared by check and snapshot. */
struct main_opts {
	const char *intent;
	const char *devices[MAIN_MAX_DEVICES];
	size_t ndevices;
	const char *format;
	const char *from;
	const char *out_dir;
	const char *azure_learned;
	const char *azure_advertised;
	const char *checks[MAIN_MAX_DEVICES];	/* --check, each a catalogue id */
	size_t nchecks;
	bool list;				/* --list */
	bool live;				/* diff --live */
	bool apply;				/* fix --apply */
	bool yes;				/* fix --yes */
	unsigned confirm_minutes;		/* fix --confirm-minutes */
	unsigned settle_seconds;		/* fix --settle-seconds */
	struct eg_collect_opts collect;
};

enum {
	OPT_DEVICE = 256, OPT_FORMAT, OPT_FROM, OPT_AZ_LEARNED, OPT_AZ_ADV, OPT_TIMEOUT,
	OPT_PARALLEL, OPT_TOFU, OPT_SSH_CONFIG, OPT_NO_COLOR,
	OPT_COLOR = 280, OPT_LIST, OPT_CHECK, OPT_LIVE,	/* a second run: see MAIN_OPT() */
	OPT_APPLY, OPT_CONFIRM_MIN, OPT_SETTLE, OPT_YES
};

static const struct option main_longopts[] = {
	{ "intent", required_argument, NULL, 'c' },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "output", required_argument, NULL, 'o' },
	{ "azure-learned", required_argument, NULL, OPT_AZ_LEARNED },
	{ "azure-advertised", required_argument, NULL, OPT_AZ_ADV },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "parallel", required_argument, NULL, OPT_PARALLEL },
	{ "accept-new-hostkeys", no_argument, NULL, OPT_TOFU },
	{ "ssh-config", required_argument, NULL, OPT_SSH_CONFIG },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "check", required_argument, NULL, OPT_CHECK },
	{ "live", no_argument, NULL, OPT_LIVE },
	{ "apply", no_argument, NULL, OPT_APPLY },
	{ "confirm-minutes", required_argument, NULL, OPT_CONFIRM_MIN },
	{ "settle-seconds", required_argument, NULL, OPT_SETTLE },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/*
 * The options each command takes (its SYNOPSIS line in erguard(8)): a bit
 * per option, so that an option another command owns is refused rather
 * than silently ignored.  Bits 0-15 hold the long options numbered from
 * 256, bits 16-26 those numbered from 280, bits 27-31 the letters.
 */
#define MAIN_OPT(c)	(1u << ((c) >= 280 ? (c) - 280 + 16 : (c) >= 256 ? (c) - 256 : \
			 (c) == 'c' ? 27 : (c) == 'o' ? 28 : (c) == 'v' ? 29 : \
			 (c) == 'q' ? 30 : 31))
#define MAIN_OPTS_COMMON	(MAIN_OPT('v') | MAIN_OPT('q') | MAIN_OPT('h'))
#define MAIN_OPTS_CONNECT	(MAIN_OPT(OPT_TIMEOUT) | MAIN_OPT(OPT_PARALLEL) | \
				 MAIN_OPT(OPT_TOFU) | MAIN_OPT(OPT_SSH_CONFIG))
#define MAIN_OPTS_COLOR		(MAIN_OPT(OPT_NO_COLOR) | MAIN_OPT(OPT_COLOR))
#define MAIN_OPTS_CHECK		(MAIN_OPTS_COMMON | MAIN_OPTS_CONNECT | MAIN_OPT('c') | \
				 MAIN_OPT(OPT_DEVICE) | MAIN_OPT(OPT_FORMAT) | \
				 MAIN_OPT(OPT_FROM) | MAIN_OPT(OPT_AZ_LEARNED) | \
				 MAIN_OPT(OPT_AZ_ADV) | MAIN_OPTS_COLOR | MAIN_OPT(OPT_LIST) | \
				 MAIN_OPT(OPT_CHECK))
#define MAIN_OPTS_SNAPSHOT	(MAIN_OPTS_COMMON | MAIN_OPTS_CONNECT | MAIN_OPT('c') | \
				 MAIN_OPT('o') | MAIN_OPT(OPT_DEVICE))
#define MAIN_OPTS_DIFF		(MAIN_OPTS_COMMON | MAIN_OPTS_CONNECT | MAIN_OPT('c') | \
				 MAIN_OPT(OPT_DEVICE) | MAIN_OPT(OPT_FORMAT) | MAIN_OPTS_COLOR | \
				 MAIN_OPT(OPT_CHECK) | MAIN_OPT(OPT_LIVE))
#define MAIN_OPTS_FIX		(MAIN_OPTS_COMMON | MAIN_OPT(OPT_TIMEOUT) | MAIN_OPT(OPT_TOFU) | \
				 MAIN_OPT(OPT_SSH_CONFIG) | MAIN_OPT('c') | MAIN_OPT(OPT_DEVICE) | \
				 MAIN_OPT(OPT_FORMAT) | MAIN_OPT(OPT_APPLY) | \
				 MAIN_OPT(OPT_CONFIRM_MIN) | MAIN_OPT(OPT_SETTLE) | MAIN_OPT(OPT_YES))
#define MAIN_OPTS_INTENT	(MAIN_OPTS_COMMON | MAIN_OPT('c') | MAIN_OPT(OPT_FORMAT))
#define MAIN_OPTS_SCRIPTS	(MAIN_OPTS_COMMON | MAIN_OPT('c'))

/*
 * What each option does, one line each, for COMMAND --help (the option
 * list of erguard(8) says the same at length).  An option whose meaning
 * depends on the command has a row per meaning, told apart by cmd.
 */
struct main_opthelp {
	int val;
	const char *cmd;	/* only for this command (prefix), or NULL */
	const char *spelling;	/* "-c, --intent FILE" */
	const char *text;
};

static const struct main_opthelp main_opthelp[] = {
	{ 'c', NULL, "-c, --intent FILE", "the intent (default $ERGUARD_INTENT, else the built-in design)" },
	{ 'o', NULL, "-o, --output DIR", "save the replies in DIR, a new or empty directory" },
	{ OPT_DEVICE, "fix", "--device NAME", "only plan and change this device (repeatable)" },
	{ OPT_DEVICE, NULL, "--device NAME", "only query and judge this device (repeatable)" },
	{ OPT_CHECK, NULL, "--check ID", "only run this check, and query only what it needs (repeatable)" },
	{ OPT_LIST, NULL, "--list", "list the checks: id, the devices it reads, title" },
	{ OPT_FORMAT, "intent", "--format FMT", "xml (default) or json" },
	{ OPT_FORMAT, "diff", "--format FMT", "text (default), json or junit" },
	{ OPT_FORMAT, "fix", "--format FMT", "text (default), json or xml" },
	{ OPT_FORMAT, NULL, "--format FMT", "text (default), json, xml or junit" },
	{ OPT_FROM, NULL, "--from DIR", "judge the snapshot in DIR; no device is contacted" },
	{ OPT_AZ_LEARNED, NULL, "--azure-learned FILE", "the Azure gateway's learned routes (az ... -o json)" },
	{ OPT_AZ_ADV, NULL, "--azure-advertised FILE", "the Azure gateway's advertised routes (az ... -o json)" },
	{ OPT_LIVE, NULL, "--live", "compare OLD with the devices now (as NEW given as -)" },
	{ OPT_APPLY, NULL, "--apply", "apply the plan: lock, load, commit confirmed, re-check, confirm or roll back" },
	{ OPT_CONFIRM_MIN, NULL, "--confirm-minutes N", "commit confirmed N minutes, 1 to 65535 (default 5)" },
	{ OPT_SETTLE, NULL, "--settle-seconds S", "re-check the repaired checks for up to S seconds (default 60)" },
	{ OPT_YES, NULL, "--yes", "apply without asking on a terminal" },
	{ OPT_TIMEOUT, NULL, "--timeout S", "per-RPC timeout in seconds, 1 to 100000 (default 30)" },
	{ OPT_PARALLEL, NULL, "--parallel N", "devices queried at once, 1 to 100000 (default 16)" },
	{ OPT_TOFU, NULL, "--accept-new-hostkeys", "trust a device's host key on first use (never a changed one)" },
	{ OPT_SSH_CONFIG, NULL, "--ssh-config FILE", "read this ssh_config file instead of ~/.ssh/config" },
	{ OPT_COLOR, NULL, "--color WHEN", "colour the text output: auto (default), always or never" },
	{ OPT_NO_COLOR, NULL, "--no-color", "the same as --color never" },
	{ 'v', NULL, "-v, --verbose", "more diagnostics on standard error; twice for debugging" },
	{ 'q', NULL, "-q, --quiet", "only errors on standard error" },
	{ 'h', NULL, "-h, --help", "print this help and exit" },
};

/* cmd's synopsis and one line per option in allowed, on standard output. */
static void
main_help(const char *cmd, unsigned allowed)
{
	size_t i, k, n = strcspn(cmd, " ");
	int last = -1;

	for (i = 0; i < MAIN_NCMDS; i++)
		if (strlen(main_cmds[i].name) == n && strncmp(main_cmds[i].name, cmd, n) == 0)
			main_synopsis(stdout, &main_cmds[i], true);
	fputs("options:\n", stdout);
	for (k = 0; k < sizeof(main_opthelp) / sizeof(main_opthelp[0]); k++) {
		const struct main_opthelp *h = &main_opthelp[k];

		if ((allowed & MAIN_OPT(h->val)) == 0 || h->val == last ||
		    (h->cmd != NULL && strncmp(cmd, h->cmd, strlen(h->cmd)) != 0))
			continue;
		printf("  %-25s %s\n", h->spelling, h->text);
		last = h->val;
	}
}

/* --color: auto (the default) colours only a terminal that can show it. */
enum main_color { MAIN_COLOR_AUTO, MAIN_COLOR_ALWAYS, MAIN_COLOR_NEVER };
static enum main_color main_color;
static const char *main_color_arg;	/* how --color or --no-color was given, once */

/*
 * Whether the text output is coloured: always, never, or (auto) when
 * standard output is a terminal, TERM names one that is not "dumb" and
 * NO_COLOR is unset or empty.
 */
static bool
main_use_color(void)
{
	const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");

	if (main_color != MAIN_COLOR_AUTO)
		return main_color == MAIN_COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && term != NULL && *term != '\0' &&
	       strcmp(term, "dumb") != 0 && (nc == NULL || *nc == '\0');
}

static int
main_set_color(int c, const char *arg)
{
	static const char *const names[] = { "auto", "always", "never" };
	size_t i;

	if (main_color_arg != NULL) {
		eg_log(EG_LOG_ERROR, NULL, "--color and --no-color: only one, once");
		return -1;
	}
	main_color_arg = c == OPT_NO_COLOR ? "--no-color" : arg;
	if (c == OPT_NO_COLOR) {
		main_color = MAIN_COLOR_NEVER;
		return 0;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(arg, names[i]) == 0) {
			main_color = (enum main_color)i;
			return 0;
		}
	eg_log(EG_LOG_ERROR, NULL, "unknown --color %s (auto, always, never)", arg);
	return -1;
}

/* Flush stdout and make sure everything was written (a full disk is an error). */
static int
main_finish_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		eg_log(EG_LOG_ERROR, NULL, "cannot write to standard output: %s", strerror(errno));
		return status == EG_EXIT_OK ? EG_EXIT_DEVIATION : status;
	}
	return status;
}

/* How the user spelled option c, for a diagnostic. */
static const char *
main_optname(int c, char *buf, size_t len)
{
	size_t i;

	for (i = 0; main_longopts[i].name != NULL; i++)
		if (main_longopts[i].val == c && c >= 256) {
			snprintf(buf, len, "--%s", main_longopts[i].name);
			return buf;
		}
	snprintf(buf, len, "-%c", c);
	return buf;
}

static int
main_parse_uint(const char *s, const char *what, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *s == '\0' || *s == '-' || *end != '\0' || v == 0 || v > 100000) {
		eg_log(EG_LOG_ERROR, NULL, "%s: not a whole number from 1 to 100000: %s",
		       what, s);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* Keep a single-valued option's argument; the option given twice is an error. */
static int
main_set_once(const char **slot, int c)
{
	char name[32];

	if (*slot != NULL) {
		eg_log(EG_LOG_ERROR, NULL, "%s given twice", main_optname(c, name, sizeof(name)));
		return -1;
	}
	*slot = optarg;
	return 0;
}

/*
 * Parse the options of command cmd (argv[0]), which takes those in
 * allowed; returns -1 after a one-line diagnostic, else optind.
 */
static int
main_getopt(int argc, char **argv, const char *cmd, unsigned allowed, struct main_opts *o)
{
	const char *timeout = NULL, *parallel = NULL;
	char name[32];
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:o:vqh", main_longopts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			/* a long option as typed, else the short option's letter */
			bool islong = strncmp(argv[optind - 1], "--", 2) == 0;
			const char *arg = argv[optind - 1];

			if (!islong) {
				snprintf(name, sizeof(name), "-%c", optopt);
				arg = name;
			}
			if (c == ':')
				eg_log(EG_LOG_ERROR, NULL, "%s: %s needs an argument", cmd, arg);
			else if (islong && optopt != 0)
				eg_log(EG_LOG_ERROR, NULL, "%s: %.*s takes no argument", cmd,
				       (int)strcspn(arg, "="), arg);
			else
				eg_log(EG_LOG_ERROR, NULL, "%s: unknown %soption %s (erguard --help "
				       "lists the options)", cmd, islong ? "or ambiguous " : "", arg);
			return -1;
		}
		if ((allowed & MAIN_OPT(c)) == 0) {
			eg_log(EG_LOG_ERROR, NULL, "%s: %s is not an option of %s", cmd,
			       main_optname(c, name, sizeof(name)), cmd);
			return -1;
		}
		switch (c) {
		case 'c':
			if (main_set_once(&o->intent, c) != 0)
				return -1;
			break;
		case 'o':
			if (main_set_once(&o->out_dir, c) != 0)
				return -1;
			break;
		case OPT_DEVICE:
			if (o->ndevices == MAIN_MAX_DEVICES) {
				eg_log(EG_LOG_ERROR, NULL, "too many --device options");
				return -1;
			}
			o->devices[o->ndevices++] = optarg;
			break;
		case OPT_FORMAT:
			if (main_set_once(&o->format, c) != 0)
				return -1;
			break;
		case OPT_FROM:
			if (main_set_once(&o->from, c) != 0)
				return -1;
			break;
		case OPT_AZ_LEARNED:
			if (main_set_once(&o->azure_learned, c) != 0)
				return -1;
			break;
		case OPT_AZ_ADV:
			if (main_set_once(&o->azure_advertised, c) != 0)
				return -1;
			break;
		case OPT_TIMEOUT:
			if (main_set_once(&timeout, c) != 0 ||
			    main_parse_uint(optarg, "--timeout", &o->collect.rpc_timeout_s) != 0)
				return -1;
			break;
		case OPT_PARALLEL:
			if (main_set_once(&parallel, c) != 0 ||
			    main_parse_uint(optarg, "--parallel", &o->collect.parallel) != 0)
				return -1;
			break;
		case OPT_TOFU:
			o->collect.accept_new_hostkeys = true;
			break;
		case OPT_SSH_CONFIG:
			if (main_set_once(&o->collect.ssh_config, c) != 0)
				return -1;
			break;
		case OPT_NO_COLOR:
		case OPT_COLOR:
			if (main_set_color(c, optarg) != 0)
				return -1;
			break;
		case OPT_LIST:
			o->list = true;
			break;
		case OPT_LIVE:
			o->live = true;
			break;
		case OPT_APPLY:
			o->apply = true;
			break;
		case OPT_YES:
			o->yes = true;
			break;
		case OPT_CONFIRM_MIN:
			if (o->confirm_minutes != 0) {
				eg_log(EG_LOG_ERROR, NULL, "--confirm-minutes given twice");
				return -1;
			}
			if (main_parse_uint(optarg, "--confirm-minutes", &o->confirm_minutes) != 0)
				return -1;
			if (o->confirm_minutes > 65535) {
				eg_log(EG_LOG_ERROR, NULL, "--confirm-minutes: Junos takes 1 to 65535: %s",
				       optarg);
				return -1;
			}
			break;
		case OPT_SETTLE:
			if (o->settle_seconds != 0) {
				eg_log(EG_LOG_ERROR, NULL, "--settle-seconds given twice");
				return -1;
			}
			if (main_parse_uint(optarg, "--settle-seconds", &o->settle_seconds) != 0)
				return -1;
			break;
		case OPT_CHECK:
			if (eg_check_find(optarg) == NULL) {
				eg_log(EG_LOG_ERROR, NULL, "%s: --check %s: no such check (erguard "
				       "check --list lists them)", cmd, optarg);
				return -1;
			}
			if (o->nchecks == MAIN_MAX_DEVICES) {
				eg_log(EG_LOG_ERROR, NULL, "too many --check options");
				return -1;
			}
			o->checks[o->nchecks++] = optarg;
			break;
		case 'v':
			eg_log_set_level(eg_log_get_level() < EG_LOG_DEBUG ?
					 eg_log_get_level() + 1 : EG_LOG_DEBUG);
			break;
		case 'q':
			eg_log_set_level(EG_LOG_ERROR);
			break;
		case 'h':
			main_help(cmd, allowed);
			exit(main_finish_stdout(EG_EXIT_OK));
		}
	}
	return optind;
}

/* After the options: more than max operands is a usage error. */
static int
main_operands(int argc, char **argv, const char *cmd, int max)
{
	if (argc - optind <= max)
		return 0;
	eg_log(EG_LOG_ERROR, NULL, "%s: unexpected argument: %s", cmd, argv[optind + max]);
	return -1;
}

static eg_err
main_load_intent(const char *path, struct eg_intent **in)
{
	if (path == NULL)
		path = getenv("ERGUARD_INTENT");
	if (path == NULL || *path == '\0')
		return eg_intent_default(in);
	return eg_intent_load(path, in);
}

/* What check needs before it reads a reply: the intent, the Azure exports, the plan. */
struct main_prep {
	const struct main_opts *o;
	struct eg_snapshot_readahead *ra;	/* told the plan when it is known */
	struct eg_intent *in;
	struct eg_azure_routes *azl, *aza;
	struct eg_state *st;
	int status;				/* EG_EXIT_OK when all is ready */
};

static void *
main_prepare(void *arg)
{
	struct main_prep *p = arg;
	const struct main_opts *o = p->o;
	eg_err err;

	p->status = EG_EXIT_OK;
	err = main_load_intent(o->intent, &p->in);
	if (err != EG_OK) {
		p->status = eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
		goto done;
	}
	if ((o->azure_learned && eg_azure_load(o->azure_learned, &p->azl) != EG_OK) ||
	    (o->azure_advertised && eg_azure_load(o->azure_advertised, &p->aza) != EG_OK)) {
		p->status = EG_EXIT_USAGE;
		goto done;
	}
	err = eg_plan_build_checks(p->in, o->devices, o->ndevices,
				   o->nchecks ? o->checks : NULL, o->nchecks, &p->st);
	if (err != EG_OK)
		p->status = err == EG_EINVAL ? EG_EXIT_USAGE : EG_EXIT_DEVIATION;
done:
	eg_snapshot_readahead_plan(p->ra, p->status == EG_EXIT_OK ? p->st : NULL);
	eg_snapshot_readahead_run(p->ra);	/* then help with the wanted files */
	return NULL;
}

/*
 * A snapshot directory with no folder for any device to judge is the
 * wrong directory (or an empty one), not a set of missing replies: say so
 * rather than report every check unknown.  Other problems with dir are
 * eg_snapshot_load()'s to report.
 */
static int
main_from_devices(const char *dir, const struct eg_state *st)
{
	char names[256] = "", *path;
	struct stat sb;
	size_t i, len = 0;
	bool found = false;

	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return 0;
	for (i = 0; i < st->nobs && !found; i++) {
		const char *dev = st->obs[i].q.device;

		if (asprintf(&path, "%s/%s", dir, dev) < 0)
			return 0;
		found = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
		free(path);
		if (strstr(names, dev) == NULL && len < sizeof(names))
			len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
						len ? ", " : "", dev);
	}
	if (found || st->nobs == 0)
		return 0;
	eg_log(EG_LOG_ERROR, dir, "no folder for any device to check (%s): not a snapshot "
	       "directory", names);
	return -1;
}

/*
 * check --list: the catalogue, one check a line (id, the devices it
 * reads, title), only those --check names when given.  Nothing else may
 * come with it but --check, -v and -q.
 */
static int
main_check_list(const struct main_opts *o)
{
	const struct eg_check_def *defs;
	size_t n, i;
	int w = 2;

	if (o->intent || o->ndevices || o->format || o->from || o->azure_learned ||
	    o->azure_advertised || o->collect.ssh_config || o->collect.rpc_timeout_s ||
	    o->collect.parallel || o->collect.accept_new_hostkeys || main_color_arg) {
		eg_log(EG_LOG_ERROR, NULL, "check: --list takes no option but --check, -v and -q");
		return EG_EXIT_USAGE;
	}
	defs = eg_checks(&n);
	for (i = 0; i < n; i++)
		if ((int)strlen(defs[i].id) > w)
			w = (int)strlen(defs[i].id);
	printf("%-*s  %-12s  %s\n", w, "ID", "SCOPE", "TITLE");
	for (i = 0; i < n; i++)
		if (eg_check_selected(defs[i].id, o->nchecks ? o->checks : NULL, o->nchecks))
			printf("%-*s  %-12s  %s\n", w, defs[i].id, eg_check_scope(&defs[i]),
			       defs[i].title);
	return main_finish_stdout(EG_EXIT_OK);
}

static int
main_check(int argc, char **argv)
{
	struct main_opts o;
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL;
	struct eg_snapshot_readahead *ra = NULL;
	struct eg_report *rep = NULL;
	struct eg_azure_routes *azl = NULL, *aza = NULL;
	const struct eg_renderer *rend;
	struct eg_render_opts ropts;
	struct eg_check_ctx ctx;
	struct main_prep prep;
	pthread_t prep_thread;
	struct timeval t0, t1;
	eg_err err;
	int status = EG_EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	memset(&prep, 0, sizeof(prep));
	if (main_getopt(argc, argv, "check", MAIN_OPTS_CHECK, &o) < 0 ||
	    main_operands(argc, argv, "check", 0) != 0)
		return EG_EXIT_USAGE;
	if (o.list)
		return main_check_list(&o);
	if (o.format == NULL)
		o.format = "text";
	rend = eg_renderer_find(o.format);
	if (rend == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "unknown --format %s (text, json, xml, junit)", o.format);
		return EG_EXIT_USAGE;
	}
	gettimeofday(&t0, NULL);
	prep.o = &o;
	/*
	 * Offline, the saved replies start parsing on this thread while a
	 * second one loads the intent (libyang's context takes as long as a
	 * small snapshot) and plans the queries.
	 */
	if (o.from != NULL && eg_snapshot_readahead_new(o.from, &prep.ra) != EG_OK)
		prep.ra = NULL;
	if (prep.ra != NULL && pthread_create(&prep_thread, NULL, main_prepare, &prep) == 0) {
		eg_snapshot_readahead_run(prep.ra);
		pthread_join(prep_thread, NULL);
	} else {
		main_prepare(&prep);
	}
	in = prep.in;
	st = prep.st;
	azl = prep.azl;
	aza = prep.aza;
	ra = prep.ra;
	if (prep.status != EG_EXIT_OK) {
		status = prep.status;
		goto cleanup;
	}
	if (o.from != NULL && main_from_devices(o.from, st) != 0) {
		status = EG_EXIT_USAGE;
		goto cleanup;
	}
	if (o.from != NULL)
		err = eg_snapshot_load(o.from, st, ra);
	else
		err = eg_collect_live(in, st, &o.collect);
	eg_snapshot_readahead_free(ra);
	ra = NULL;
	if (err != EG_OK) {
		status = o.from && err == EG_EIO ? EG_EXIT_USAGE : eg_exit_for(err);
		goto cleanup;
	}
	rep = eg_report_new();
	free(rep->tool_version);
	rep->tool_version = strdup(EG_VERSION);
	rep->intent_source = eg_xstrdup(in->source);
	rep->mode = strdup(o.from ? "offline" : "live");
	rep->snapshot_dir = eg_xstrdup(o.from);
	rep->started_at = t0.tv_sec;
	memset(&ctx, 0, sizeof(ctx));
	ctx.azure_learned = azl;
	ctx.azure_advertised = aza;
	ctx.devices = o.ndevices ? o.devices : NULL;
	ctx.ndevices = o.ndevices;
	ctx.checks = o.nchecks ? o.checks : NULL;
	ctx.nchecks = o.nchecks;
	err = eg_checks_run(in, st, &ctx, rep);
	if (err != EG_OK) {
		eg_log(EG_LOG_ERROR, NULL, "checks failed to run: %s", eg_strerror(err));
		status = EG_EXIT_DEVIATION;
		goto cleanup;
	}
	gettimeofday(&t1, NULL);
	rep->duration_ms = (uint32_t)((t1.tv_sec - t0.tv_sec) * 1000 +
				      (t1.tv_usec - t0.tv_usec) / 1000);
	memset(&ropts, 0, sizeof(ropts));
	ropts.color = main_use_color();
	ropts.verbose = eg_log_get_level() >= EG_LOG_INFO;
	err = rend->render(rep, &ropts, stdout);
	if (err != EG_OK && ferror(stdout)) {
		status = main_finish_stdout(EG_EXIT_DEVIATION);
		goto cleanup;
	}
	if (err != EG_OK) {
		eg_log(EG_LOG_ERROR, NULL, "cannot render the report: %s", eg_strerror(err));
		status = EG_EXIT_DEVIATION;
		goto cleanup;
	}
	status = main_finish_stdout(eg_report_exit(rep));
cleanup:
	eg_report_free(rep);
	eg_snapshot_readahead_free(ra);
	eg_state_free(st);
	eg_azure_free(azl);
	eg_azure_free(aza);
	eg_intent_free(in);
	return status;
}

/*
 * Make snapshot's directory: a new one, or an empty one.  Replies saved
 * over an older snapshot would be judged beside its leftovers (a file the
 * new run could not save is found under another output level), so a
 * directory already holding files is refused.
 */
static int
main_snapshot_dir(const char *dir)
{
	struct dirent *e;
	DIR *d;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST) {
		eg_log(EG_LOG_ERROR, NULL, "%s: cannot create the snapshot directory: %s", dir,
		       strerror(errno));
		return -1;
	}
	d = opendir(dir);
	if (d == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "%s: not a directory to save a snapshot in: %s", dir,
		       strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			break;
	closedir(d);
	if (e != NULL) {
		eg_log(EG_LOG_ERROR, NULL, "%s: not empty; snapshot saves into a new or empty "
		       "directory", dir);
		return -1;
	}
	if (access(dir, W_OK) != 0) {
		eg_log(EG_LOG_ERROR, NULL, "%s: cannot write there: %s", dir, strerror(errno));
		return -1;
	}
	return eg_snapshot_dir_check(dir) == EG_OK ? 0 : -1;
}

/* Whether o's reply is on disk in dir (collect drops a file it could not write whole). */
static bool
main_snapshot_saved(const char *dir, const struct eg_obs *o)
{
	char *path = NULL;
	bool saved;

	if (eg_snapshot_path(dir, &o->q, false, &path) != EG_OK)
		return false;
	saved = access(path, F_OK) == 0;
	free(path);
	return saved;
}

static int
main_snapshot(int argc, char **argv)
{
	struct main_opts o;
	struct eg_intent *in = NULL;
	struct eg_state *st = NULL;
	size_t i, nok = 0;
	eg_err err, worst = EG_OK;
	int status = EG_EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	if (main_getopt(argc, argv, "snapshot", MAIN_OPTS_SNAPSHOT, &o) < 0 ||
	    main_operands(argc, argv, "snapshot", 0) != 0)
		return EG_EXIT_USAGE;
	if (o.out_dir == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "snapshot needs -o DIR");
		return EG_EXIT_USAGE;
	}
	err = main_load_intent(o.intent, &in);
	if (err != EG_OK) {
		status = eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
		goto cleanup;
	}
	err = eg_plan_build(in, o.devices, o.ndevices, &st);
	if (err != EG_OK) {
		status = err == EG_EINVAL ? EG_EXIT_USAGE : EG_EXIT_DEVIATION;
		goto cleanup;
	}
	if (main_snapshot_dir(o.out_dir) != 0) {
		status = EG_EXIT_USAGE;
		goto cleanup;
	}
	o.collect.snapshot_dir = o.out_dir;
	err = eg_collect_live(in, st, &o.collect);
	if (err != EG_OK) {
		status = eg_exit_for(err);
		goto cleanup;
	}
	/* The collector has said, per device, why a reply is missing. */
	for (i = 0; i < st->nobs; i++) {
		if (st->obs[i].status == EG_OK) {
			if (main_snapshot_saved(o.out_dir, &st->obs[i]))
				nok++;
			else if (worst == EG_OK)
				worst = EG_EIO;
			continue;
		}
		if (eg_exit_for(st->obs[i].status) > eg_exit_for(worst) ||
		    worst == EG_OK)
			worst = st->obs[i].status;
	}
	printf("saved %zu of %zu replies in %s\n", nok, st->nobs, o.out_dir);
	status = main_finish_stdout(worst == EG_OK ? EG_EXIT_OK : eg_exit_for(worst));
	if (status == EG_EXIT_OK && worst != EG_OK)
		status = EG_EXIT_DEVIATION;
cleanup:
	eg_state_free(st);
	eg_intent_free(in);
	return status;
}

static int
main_intent(int argc, char **argv)
{
	struct main_opts o;
	struct eg_intent *in = NULL;
	const char *sub, *file;
	eg_err err;
	int status;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		main_help("intent", MAIN_OPTS_INTENT);
		return main_finish_stdout(EG_EXIT_OK);
	}
	if (argc < 2) {
		eg_log(EG_LOG_ERROR, NULL, "intent needs validate, show or schema");
		return EG_EXIT_USAGE;
	}
	sub = argv[1];
	if (strcmp(sub, "validate") == 0)
		sub = "intent validate";
	else if (strcmp(sub, "show") == 0)
		sub = "intent show";
	else if (strcmp(sub, "schema") == 0)
		sub = "intent schema";
	else {
		eg_log(EG_LOG_ERROR, NULL, "unknown intent command: %s (validate, show, schema)",
		       sub);
		return EG_EXIT_USAGE;
	}
	memset(&o, 0, sizeof(o));
	if (strcmp(sub, "intent schema") == 0) {
		if (main_getopt(argc - 1, argv + 1, sub, MAIN_OPTS_COMMON, &o) < 0 ||
		    main_operands(argc - 1, argv + 1, sub, 0) != 0)
			return EG_EXIT_USAGE;
		err = eg_intent_schema(stdout);
		return main_finish_stdout(err == EG_OK ? EG_EXIT_OK : EG_EXIT_DEVIATION);
	}
	if (main_getopt(argc - 1, argv + 1, sub, MAIN_OPTS_INTENT, &o) < 0 ||
	    main_operands(argc - 1, argv + 1, sub, o.intent ? 0 : 1) != 0)
		return EG_EXIT_USAGE;
	file = optind < argc - 1 ? argv[1 + optind] : o.intent;
	if (o.format == NULL)
		o.format = "xml";
	if (strcmp(o.format, "xml") != 0 && strcmp(o.format, "json") != 0) {
		eg_log(EG_LOG_ERROR, NULL, "unknown --format %s (xml, json)", o.format);
		return EG_EXIT_USAGE;
	}
	err = main_load_intent(file, &in);
	if (err != EG_OK) {
		eg_intent_free(in);
		return EG_EXIT_INTENT;
	}
	if (strcmp(sub, "intent validate") == 0) {
		printf("%s: valid (%zu device%s, %zu service%s)\n", in->source,
		       in->ndevices, in->ndevices == 1 ? "" : "s",
		       in->nservices, in->nservices == 1 ? "" : "s");
		status = EG_EXIT_OK;
	} else {
		err = eg_intent_print(in, o.format, stdout);
		status = err == EG_OK ? EG_EXIT_OK : EG_EXIT_DEVIATION;
	}
	eg_intent_free(in);
	return main_finish_stdout(status);
}

static int
main_junos_scripts(int argc, char **argv)
{
	struct main_opts o;
	struct eg_intent *in = NULL;
	eg_err err;

	memset(&o, 0, sizeof(o));
	if (main_getopt(argc, argv, "junos-scripts", MAIN_OPTS_SCRIPTS, &o) < 0 ||
	    main_operands(argc, argv, "junos-scripts", 0) != 0)
		return EG_EXIT_USAGE;
	err = main_load_intent(o.intent, &in);
	if (err != EG_OK) {
		eg_intent_free(in);
		return EG_EXIT_INTENT;
	}
	err = eg_junos_scripts_print(in, stdout);
	eg_intent_free(in);
	return main_finish_stdout(err == EG_OK ? EG_EXIT_OK : EG_EXIT_DEVIATION);
}

/*
 * One side of diff: the observations of dir (a snapshot) or, dir NULL,
 * of the devices now, and the report of the checks on them.  Returns an
 * exit status, EG_EXIT_OK when both are made.
 */
static int
main_diff_side(const struct main_opts *o, const struct eg_intent *in, const char *dir,
	       struct eg_state **st, struct eg_report **rep)
{
	struct eg_check_ctx ctx;
	struct timeval t0, t1;
	eg_err err;

	gettimeofday(&t0, NULL);
	err = eg_plan_build_checks(in, o->devices, o->ndevices, o->nchecks ? o->checks : NULL,
				   o->nchecks, st);
	if (err != EG_OK)
		return err == EG_EINVAL ? EG_EXIT_USAGE : EG_EXIT_DEVIATION;
	if (dir != NULL && main_from_devices(dir, *st) != 0)
		return EG_EXIT_USAGE;
	err = dir != NULL ? eg_snapshot_load(dir, *st, NULL) : eg_collect_live(in, *st, &o->collect);
	if (err != EG_OK)
		return dir != NULL && err == EG_EIO ? EG_EXIT_USAGE : eg_exit_for(err);
	*rep = eg_report_new();
	(*rep)->intent_source = eg_xstrdup(in->source);
	(*rep)->mode = eg_xstrdup(dir ? "offline" : "live");
	(*rep)->snapshot_dir = eg_xstrdup(dir);
	(*rep)->started_at = t0.tv_sec;
	memset(&ctx, 0, sizeof(ctx));
	ctx.devices = o->ndevices ? o->devices : NULL;
	ctx.ndevices = o->ndevices;
	ctx.checks = o->nchecks ? o->checks : NULL;
	ctx.nchecks = o->nchecks;
	err = eg_checks_run(in, *st, &ctx, *rep);
	if (err != EG_OK) {
		eg_log(EG_LOG_ERROR, NULL, "checks failed to run: %s", eg_strerror(err));
		return EG_EXIT_DEVIATION;
	}
	gettimeofday(&t1, NULL);
	(*rep)->duration_ms = (uint32_t)((t1.tv_sec - t0.tv_sec) * 1000 +
					 (t1.tv_usec - t0.tv_usec) / 1000);
	return EG_EXIT_OK;
}

/*
 * diff OLD NEW: what changed between two snapshots, or between a snapshot
 * and the devices now (NEW "-", or --live).  Exit 1 when a change is
 * worse for the intent, 0 otherwise.
 */
static int
main_diff(int argc, char **argv)
{
	struct main_opts o;
	struct eg_intent *in = NULL;
	struct eg_state *sa = NULL, *sb = NULL;
	struct eg_report *ra = NULL, *rb = NULL;
	struct eg_diff *d = NULL;
	const struct eg_diff_renderer *rend;
	struct eg_render_opts ropts;
	const char *old, *new;
	int nops, status = EG_EXIT_USAGE;
	eg_err err;

	memset(&o, 0, sizeof(o));
	if (main_getopt(argc, argv, "diff", MAIN_OPTS_DIFF, &o) < 0 ||
	    main_operands(argc, argv, "diff", o.live ? 1 : 2) != 0)
		return EG_EXIT_USAGE;
	nops = argc - optind;
	if (nops < (o.live ? 1 : 2)) {
		eg_log(EG_LOG_ERROR, NULL, "diff needs OLD and NEW: snapshot directories, NEW - or "
		       "--live for the devices now");
		return EG_EXIT_USAGE;
	}
	old = argv[optind];
	new = o.live || strcmp(argv[optind + 1], "-") == 0 ? NULL : argv[optind + 1];
	if (strcmp(old, "-") == 0) {
		eg_log(EG_LOG_ERROR, NULL, "diff: OLD is a snapshot directory, not -");
		return EG_EXIT_USAGE;
	}
	rend = eg_diff_renderer_find(o.format ? o.format : "text");
	if (rend == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "unknown --format %s (text, json, junit)", o.format);
		return EG_EXIT_USAGE;
	}
	err = main_load_intent(o.intent, &in);
	if (err != EG_OK) {
		status = eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
		goto cleanup;
	}
	if ((status = main_diff_side(&o, in, old, &sa, &ra)) != EG_EXIT_OK ||
	    (status = main_diff_side(&o, in, new, &sb, &rb)) != EG_EXIT_OK)
		goto cleanup;
	if (eg_diff_build(in, sa, ra, sb, rb, old, new ? new : "live", &d) != EG_OK) {
		status = EG_EXIT_DEVIATION;
		goto cleanup;
	}
	memset(&ropts, 0, sizeof(ropts));
	ropts.color = main_use_color();
	err = rend->render(d, &ropts, stdout);
	if (err != EG_OK) {
		if (!ferror(stdout))
			eg_log(EG_LOG_ERROR, NULL, "cannot render the diff: %s", eg_strerror(err));
		status = main_finish_stdout(EG_EXIT_DEVIATION);
		goto cleanup;
	}
	status = main_finish_stdout(eg_diff_nworse(d) ? EG_EXIT_DEVIATION : EG_EXIT_OK);
cleanup:
	eg_diff_free(d);
	eg_report_free(ra);
	eg_report_free(rb);
	eg_state_free(sa);
	eg_state_free(sb);
	eg_intent_free(in);
	return status;
}

/* The checks that fail (or cannot decide) on the devices now, into p->failing. */
static int
main_fix_failing(const struct main_opts *o, const struct eg_intent *in, struct eg_fix_plan *p)
{
	struct eg_report *rep = NULL;
	size_t i, j;
	eg_err err;

	err = eg_cfg_check_live(in, &o->collect, NULL, 0, &rep);
	for (i = 0; err == EG_OK && i < rep->nresults; i++) {
		const char *id = rep->results[i].check_id;
		bool seen = false;

		if (rep->results[i].status != EG_ST_FAIL && rep->results[i].status != EG_ST_UNKNOWN)
			continue;
		for (j = 0; j < rep->results[i].nfindings; j++) {
			const struct eg_finding *f = &rep->results[i].findings[j];
			size_t k;

			for (k = 0; f->status != EG_ST_PASS && f->device != NULL && k < p->ndevs; k++)
				p->devs[k].findings += strcmp(p->devs[k].device, f->device) == 0;
		}
		for (j = 0; j < p->nfailing && !seen; j++)
			seen = strcmp(p->failing[j], id) == 0;
		if (seen)
			continue;
		p->failing = eg_xrealloc(p->failing, (p->nfailing + 1) * sizeof(*p->failing));
		p->failing[p->nfailing++] = eg_xstrdup(id);
	}
	p->checked = err == EG_OK;
	eg_report_free(rep);
	if (err != EG_OK)
		eg_log(EG_LOG_ERROR, NULL, "fix: the checks could not run: %s", eg_strerror(err));
	return err == EG_OK ? 0 : -1;
}

/*
 * How many of device d's repaired checks fail now, then how many failing
 * findings name it: the failing side goes first.
 */
static size_t
main_fix_weight(const struct eg_fix_plan *p, const struct eg_fix_device *d)
{
	size_t i, j, n = 0;

	for (i = 0; i < d->nchecks; i++)
		for (j = 0; j < p->nfailing; j++)
			n += strcmp(d->checks[i], p->failing[j]) == 0;
	return n * 100000 + (d->findings < 100000 ? d->findings : 99999);
}

/* The step of an apply's account that went wrong: its last line but "unlocked". */
static const char *
main_fix_reason(const char *account)
{
	static char line[512];
	const char *p = account ? account : "", *best = "";
	size_t n, bestn = 0;

	for (; *p != '\0'; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		if (n > 0 && strncmp(p, "unlocked", n) != 0) {
			best = p;
			bestn = n;
		}
	}
	snprintf(line, sizeof(line), "%.*s", (int)bestn, best);
	return line;
}

/* On a terminal, show nothing more and ask once; true to go on. */
static bool
main_fix_ask(void)
{
	char line[16];

	fputs("Apply these changes (commit confirmed, re-check, confirm)? [y/N] ", stderr);
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

/* Exit status of an apply whose first failure was outcome x with error err. */
static int
main_fix_exit(enum eg_fix_outcome x, eg_err err)
{
	switch (x) {
	case EG_FIX_LOCKED:
	case EG_FIX_LOST:
	case EG_FIX_UNREACHED:
		return EG_EXIT_TRANSPORT;
	case EG_FIX_REJECTED:
		return EG_EXIT_RPC;
	case EG_FIX_ROLLEDBACK:
		return EG_EXIT_DEVIATION;
	default:
		return err == EG_OK ? EG_EXIT_OK : eg_exit_for(err);
	}
}

/*
 * fix: plan the minimal change that makes the owned configuration match
 * the intent, and with --apply make it, one device at a time.
 */
static int
main_fix(int argc, char **argv)
{
	struct main_opts o;
	struct eg_intent *in = NULL;
	struct eg_fix_plan plan;
	struct eg_fix_opts fo;
	size_t i, j, *order = NULL, norder = 0, unread = 0;
	struct eg_fix_device **later = NULL;
	enum eg_fix_outcome first_bad = EG_FIX_NOTHING;
	eg_err err, bad_err = EG_OK;
	int status = EG_EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	memset(&plan, 0, sizeof(plan));
	if (main_getopt(argc, argv, "fix", MAIN_OPTS_FIX, &o) < 0 ||
	    main_operands(argc, argv, "fix", 0) != 0)
		return EG_EXIT_USAGE;
	if (!o.apply && (o.yes || o.confirm_minutes || o.settle_seconds)) {
		eg_log(EG_LOG_ERROR, NULL, "fix: --yes, --confirm-minutes and --settle-seconds "
		       "go with --apply");
		return EG_EXIT_USAGE;
	}
	if (o.format == NULL)
		o.format = "text";
	if (strcmp(o.format, "text") != 0 && strcmp(o.format, "json") != 0 &&
	    strcmp(o.format, "xml") != 0) {
		eg_log(EG_LOG_ERROR, NULL, "unknown --format %s (text, json, xml)", o.format);
		return EG_EXIT_USAGE;
	}
	err = main_load_intent(o.intent, &in);
	if (err != EG_OK) {
		status = eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
		goto cleanup;
	}
	for (i = 0; i < o.ndevices; i++)
		if (eg_intent_device(in, o.devices[i]) == NULL) {
			eg_log(EG_LOG_ERROR, NULL, "fix: --device %s: not a device of the intent",
			       o.devices[i]);
			goto cleanup;
		}
	memset(&fo, 0, sizeof(fo));
	fo.collect = o.collect;
	fo.confirm_minutes = o.confirm_minutes ? o.confirm_minutes : 5;
	fo.settle_seconds = o.settle_seconds ? o.settle_seconds : 60;
	fo.intent_source = in->source;
	eg_fix_plan_live(in, o.ndevices ? o.devices : NULL, o.ndevices, &fo, &plan);
	main_fix_failing(&o, in, &plan);
	eg_fix_plan_unrepaired(&plan);
	for (i = 0; i < plan.ndevs; i++)
		if (plan.devs[i].status != EG_OK) {
			unread++;
			if (bad_err == EG_OK)
				bad_err = plan.devs[i].status;
		}
	if (!o.apply || eg_fix_plan_nlines(&plan) == 0 || unread > 0) {
		if (o.apply && unread > 0)
			eg_log(EG_LOG_ERROR, NULL, "fix: no device changed: %zu device%s could not "
			       "be read (--device narrows the run)", unread, unread == 1 ? "" : "s");
		if (eg_fix_plan_print(&plan, o.format, stdout) != EG_OK) {
			status = main_finish_stdout(EG_EXIT_DEVIATION);
			goto cleanup;
		}
		if (unread > 0)
			status = eg_exit_for(bad_err);
		else
			status = eg_fix_plan_nlines(&plan) > 0 || plan.nunrepaired > 0 ||
				 !plan.checked ? EG_EXIT_DEVIATION : EG_EXIT_OK;
		status = main_finish_stdout(status);
		goto cleanup;
	}
	if (isatty(STDIN_FILENO) && !o.yes) {
		eg_fix_plan_print(&plan, "text", stdout);
		fflush(stdout);
		if (!main_fix_ask()) {
			eg_log(EG_LOG_ERROR, NULL, "fix: not applied");
			status = EG_EXIT_DEVIATION;
			goto cleanup;
		}
	}
	/* the failing side first, one device at a time; a failure stops the run */
	order = eg_xcalloc(plan.ndevs ? plan.ndevs : 1, sizeof(*order));
	later = eg_xcalloc(plan.ndevs ? plan.ndevs : 1, sizeof(*later));
	for (i = 0; i < plan.ndevs; i++)
		if (plan.devs[i].nlines > 0)
			order[norder++] = i;
	for (i = 1; i < norder; i++)
		for (j = i; j > 0 && main_fix_weight(&plan, &plan.devs[order[j]]) >
				     main_fix_weight(&plan, &plan.devs[order[j - 1]]); j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; i < norder; i++) {
		struct eg_fix_device *d = &plan.devs[order[i]];
		enum eg_fix_outcome x;

		if (first_bad != EG_FIX_NOTHING) {
			d->outcome = eg_xstrdup(eg_fix_outcome_name(EG_FIX_SKIPPED));
			continue;
		}
		eg_log(EG_LOG_INFO, d->device, "applying %zu line%s", d->nlines,
		       d->nlines == 1 ? "" : "s");
		fo.later = (const struct eg_fix_device *const *)later;
		fo.nlater = 0;
		for (j = i + 1; j < norder; j++)
			later[fo.nlater++] = &plan.devs[order[j]];
		err = eg_fix_apply_device(in, d, &fo, &x);
		if (x != EG_FIX_CONFIRMED) {
			first_bad = x;
			bad_err = err;
			eg_log(EG_LOG_ERROR, d->device, "%s: %s", eg_fix_outcome_name(x),
			       main_fix_reason(d->account));
		}
	}
	if (eg_fix_plan_print(&plan, o.format, stdout) != EG_OK) {
		status = main_finish_stdout(EG_EXIT_DEVIATION);
		goto cleanup;
	}
	status = main_fix_exit(first_bad, bad_err);
	if (status == EG_EXIT_OK && plan.nunrepaired > 0)
		status = EG_EXIT_DEVIATION;
	status = main_finish_stdout(status);
cleanup:
	free(later);
	free(order);
	eg_fix_plan_free(&plan);
	eg_intent_free(in);
	return status;
}

/*
 * watch: check's pipeline again and again over sessions kept open
 * (watch.h).  Its own options, --interval and --metrics, are taken out
 * of argv here; the others are check's, parsed by main_getopt().
 */
static int
main_watch(int argc, char **argv)
{
	static const struct { const char *name, *spelling, *text; } own[] = {
		{ "interval", "--interval S", "run every S seconds, 1 to 100000 (default 60)" },
		{ "metrics", "--metrics FILE", "replace FILE with Prometheus metrics after each run" },
	};
	const unsigned allowed = MAIN_OPTS_COMMON | MAIN_OPTS_CONNECT | MAIN_OPT('c') |
				 MAIN_OPT(OPT_DEVICE) | MAIN_OPTS_COLOR;
	const char *vals[2] = { NULL, NULL }, *path;
	struct eg_watch_opts wo;
	struct main_opts o;
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

			for (lo = main_longopts; strncmp(a, "--", 2) == 0 && lo->name; lo++)
				if (strlen(lo->name) == n - 2 && strncmp(a + 2, lo->name, n - 2) == 0)
					takes = lo->has_arg == required_argument && a[n] == '\0';
			if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
				main_help("watch", allowed);
				for (k = 0; k < 2; k++)
					printf("  %-25s %s\n", own[k].spelling, own[k].text);
				free(rest);
				return main_finish_stdout(EG_EXIT_OK);
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
	if (main_getopt(nrest, rest, "watch", allowed, &o) < 0 ||
	    main_operands(nrest, rest, "watch", 0) != 0 ||
	    (vals[0] != NULL && main_parse_uint(vals[0], "--interval", &wo.interval_s) != 0) ||
	    (vals[1] != NULL && *vals[1] == '\0' &&
	     (eg_log(EG_LOG_ERROR, NULL, "--metrics needs a file name"), 1))) {
		free(rest);
		return EG_EXIT_USAGE;
	}
	free(rest);
	path = o.intent != NULL ? o.intent : getenv("ERGUARD_INTENT");
	if (path != NULL && *path == '\0')
		path = NULL;
	err = main_load_intent(o.intent, &in);
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
	wo.ropts.color = main_use_color();
	wo.ropts.verbose = eg_log_get_level() >= EG_LOG_INFO;
	wo.out = stdout;
	err = eg_watch_run(&in, &wo);
	eg_intent_free(in);
	status = err == EG_OK ? EG_EXIT_OK : err == EG_EINVAL ? EG_EXIT_USAGE : EG_EXIT_DEVIATION;
	return main_finish_stdout(status);
}

/* drill's own options: a table apart, so the shared option bits stay as they are. */
static const struct option main_drill_longopts[] = {
	{ "intent", required_argument, NULL, 'c' },
	{ "plan", no_argument, NULL, 'P' },
	{ "links", required_argument, NULL, 'L' },
	{ "trigger", required_argument, NULL, 'T' },
	{ "since", required_argument, NULL, 'N' },
	{ "max-convergence", required_argument, NULL, 'M' },
	{ "format", required_argument, NULL, 'F' },
	{ "timeout", required_argument, NULL, 't' },
	{ "accept-new-hostkeys", no_argument, NULL, 'A' },
	{ "ssh-config", required_argument, NULL, 'S' },
	{ "svg", required_argument, NULL, 'G' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
main_drill_help(void)
{
	main_help("drill", 0);
	fputs("  -c, --intent FILE         the intent (default $ERGUARD_INTENT, else the built-in design)\n"
	      "  --plan                    print what the drill will do and exit; nothing is contacted\n"
	      "  --links WHICH             the ExpressRoute links taken down: primary, secondary or both (default)\n"
	      "  --trigger T               bgp: deactivate the CE's ExpressRoute eBGP neighbor (default);\n"
	      "                            interface: disable its ExpressRoute unit; blackhole: an input\n"
	      "                            filter on that unit discards all (BFD or the hold timer detects);\n"
	      "                            external: commit nothing, watch a failure caused elsewhere\n"
	      "  --since now|MS            external: the failure's instant, ms since the epoch (default now)\n"
	      "  --max-convergence S       the bound for failover and failback, seconds (default: the intent's, 10)\n"
	      "  --format FMT              text (default), json or junit\n"
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
		case 'N': {
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
			if (main_parse_uint(optarg, "--max-convergence", &d.max_convergence_s) != 0)
				return EG_EXIT_USAGE;
			break;
		case 'F': format = optarg; break;
		case 'G': svg = optarg; break;
		case 't':
			if (main_parse_uint(optarg, "--timeout", &d.collect.rpc_timeout_s) != 0)
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
			return main_finish_stdout(EG_EXIT_OK);
		default:
			eg_log(EG_LOG_ERROR, NULL, "drill: %s option %s (erguard drill --help lists "
			       "the options)", c == ':' ? "an argument is missing for" : "unknown",
			       argv[optind - 1]);
			return EG_EXIT_USAGE;
		}
	}
	if (main_operands(argc, argv, "drill", 0) != 0)
		return EG_EXIT_USAGE;
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "junit") != 0) {
		eg_log(EG_LOG_ERROR, NULL, "drill: unknown --format %s (text, json, junit)", format);
		return EG_EXIT_USAGE;
	}
	err = main_load_intent(intent, &in);
	if (err != EG_OK)
		return eg_exit_for(err == EG_EIO ? EG_EINTENT : err);
	if (plan) {
		err = eg_drill_plan_print(in, &d, stdout);
		status = err == EG_OK ? main_finish_stdout(EG_EXIT_OK) : EG_EXIT_INTENT;
		goto cleanup;
	}
	/* the picture's file first: a drill is not run for a file that cannot be written */
	if (svg != NULL && (sf = fopen(svg, "w")) == NULL) {
		eg_log(EG_LOG_ERROR, NULL, "drill: --svg %s: %s", svg, strerror(errno));
		goto cleanup;
	}
	err = eg_drill_run(in, &d, &r);
	if (eg_drill_print(in, &r, format, stdout) != EG_OK) {
		status = main_finish_stdout(EG_EXIT_DEVIATION);
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
		status = EG_EXIT_DEVIATION;
		break;
	case EG_DRILL_UNRESTORED:
	case EG_DRILL_ABORTED:
		status = err == EG_OK ? EG_EXIT_DEVIATION : eg_exit_for(err);
		if (status == EG_EXIT_OK)
			status = EG_EXIT_DEVIATION;
		break;
	}
	status = main_finish_stdout(status);
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
		main_usage(stderr);
		return EG_EXIT_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		main_usage(stdout);
		return main_finish_stdout(EG_EXIT_OK);
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		if (argc == 3 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
			main_help("version", MAIN_OPT('h'));
			return main_finish_stdout(EG_EXIT_OK);
		}
		if (argc > 2) {
			eg_log(EG_LOG_ERROR, NULL, "%s: unexpected argument: %s", cmd, argv[2]);
			return EG_EXIT_USAGE;
		}
		printf("erguard %s\n", EG_VERSION);
		return main_finish_stdout(EG_EXIT_OK);
	}
	if (strcmp(cmd, "check") == 0)
		return main_check(argc - 1, argv + 1);
	if (strcmp(cmd, "snapshot") == 0)
		return main_snapshot(argc - 1, argv + 1);
	if (strcmp(cmd, "intent") == 0)
		return main_intent(argc - 1, argv + 1);
	if (strcmp(cmd, "junos-scripts") == 0)
		return main_junos_scripts(argc - 1, argv + 1);
	if (strcmp(cmd, "diff") == 0)
		return main_diff(argc - 1, argv + 1);
	if (strcmp(cmd, "fix") == 0)
		return main_fix(argc - 1, argv + 1);
	if (strcmp(cmd, "watch") == 0)
		return main_watch(argc - 1, argv + 1);
	if (strcmp(cmd, "drill") == 0)
		return main_drill(argc - 1, argv + 1);
	eg_log(EG_LOG_ERROR, NULL, "unknown command: %s (check, snapshot, diff, fix, drill, watch, "
	       "intent, "
	       "junos-scripts, version)", cmd);
	return EG_EXIT_USAGE;
}
