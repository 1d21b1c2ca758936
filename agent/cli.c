/*
 * cli.c - the command line's shared parts (cli.h): the commands'
 * synopses and options, one option table and parser for the commands
 * that share it, the help, colour, and the end of standard output.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks.h"
#include "cli.h"
#include "eg_err.h"
#include "util.h"

/*
 * The commands and their SYNOPSIS lines in erguard(8), in its order; the
 * usage is these lines, and COMMAND --help one of them with its options.
 */
struct cli_cmd {
	const char *name;	/* "check"; "intent" also answers for its subcommands */
	const char *synopsis;	/* after "erguard ", continuation lines indented */
};

static const struct cli_cmd cli_cmds[] = {
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
		   "      [--max-convergence S] [--no-trace] [--format text|json|xml|junit] [--svg FILE]\n"
		   "      [--timeout S] [--accept-new-hostkeys] [--ssh-config FILE]" },
	{ "intent", "intent validate|show [FILE | -c intent] [--format xml|json]\n"
		    "intent schema" },
	{ "junos-scripts", "junos-scripts [-c intent]" },
	{ "version", "version" },
};

#define CLI_NCMDS (sizeof(cli_cmds) / sizeof(cli_cmds[0]))

/*
 * Print cmd's synopsis lines: the first after "usage: erguard " when first
 * is set, each other after "erguard " aligned under it, and a
 * continuation line (one starting with blanks) under its command.
 */
static void
cli_synopsis(FILE *f, const struct cli_cmd *cmd, bool first)
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

void
eg_cli_usage(FILE *f)
{
	size_t i;

	for (i = 0; i < CLI_NCMDS; i++)
		cli_synopsis(f, &cli_cmds[i], i == 0);
	fputs("common options: -v (more diagnostics), -q (errors only), -h (help)\n"
	      "erguard COMMAND --help describes that command's options\n", f);
}

const struct option eg_cli_longopts[] = {
	{ "intent", required_argument, NULL, 'c' },
	{ "device", required_argument, NULL, EG_OPT_DEVICE },
	{ "format", required_argument, NULL, EG_OPT_FORMAT },
	{ "from", required_argument, NULL, EG_OPT_FROM },
	{ "output", required_argument, NULL, 'o' },
	{ "azure-learned", required_argument, NULL, EG_OPT_AZ_LEARNED },
	{ "azure-advertised", required_argument, NULL, EG_OPT_AZ_ADV },
	{ "timeout", required_argument, NULL, EG_OPT_TIMEOUT },
	{ "parallel", required_argument, NULL, EG_OPT_PARALLEL },
	{ "accept-new-hostkeys", no_argument, NULL, EG_OPT_TOFU },
	{ "ssh-config", required_argument, NULL, EG_OPT_SSH_CONFIG },
	{ "no-color", no_argument, NULL, EG_OPT_NO_COLOR },
	{ "color", required_argument, NULL, EG_OPT_COLOR },
	{ "list", no_argument, NULL, EG_OPT_LIST },
	{ "check", required_argument, NULL, EG_OPT_CHECK },
	{ "live", no_argument, NULL, EG_OPT_LIVE },
	{ "apply", no_argument, NULL, EG_OPT_APPLY },
	{ "confirm-minutes", required_argument, NULL, EG_OPT_CONFIRM_MIN },
	{ "settle-seconds", required_argument, NULL, EG_OPT_SETTLE },
	{ "yes", no_argument, NULL, EG_OPT_YES },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/*
 * What each option does, one line each, for COMMAND --help (the option
 * list of erguard(8) says the same at length).  An option whose meaning
 * depends on the command has a row per meaning, told apart by cmd.
 */
struct cli_opthelp {
	int val;
	const char *cmd;	/* only for this command (prefix), or NULL */
	const char *spelling;	/* "-c, --intent FILE" */
	const char *text;
};

static const struct cli_opthelp cli_opthelp[] = {
	{ 'c', NULL, "-c, --intent FILE", "the intent (default $ERGUARD_INTENT, else the built-in design)" },
	{ 'o', NULL, "-o, --output DIR", "save the replies in DIR, a new or empty directory" },
	{ EG_OPT_DEVICE, "fix", "--device NAME", "only plan and change this device (repeatable)" },
	{ EG_OPT_DEVICE, NULL, "--device NAME", "only query and judge this device (repeatable)" },
	{ EG_OPT_CHECK, NULL, "--check ID", "only run this check, and query only what it needs (repeatable)" },
	{ EG_OPT_LIST, NULL, "--list", "list the checks: id, the devices it reads, title" },
	{ EG_OPT_FORMAT, "intent", "--format FMT", "xml (default) or json" },
	{ EG_OPT_FORMAT, "diff", "--format FMT", "text (default), json or junit" },
	{ EG_OPT_FORMAT, "fix", "--format FMT", "text (default), json or xml" },
	{ EG_OPT_FORMAT, NULL, "--format FMT", "text (default), json, xml or junit" },
	{ EG_OPT_FROM, NULL, "--from DIR", "judge the snapshot in DIR; no device is contacted" },
	{ EG_OPT_AZ_LEARNED, NULL, "--azure-learned FILE", "the Azure gateway's learned routes (az ... -o json)" },
	{ EG_OPT_AZ_ADV, NULL, "--azure-advertised FILE", "the Azure gateway's advertised routes (az ... -o json)" },
	{ EG_OPT_LIVE, NULL, "--live", "compare OLD with the devices now (as NEW given as -)" },
	{ EG_OPT_APPLY, NULL, "--apply", "apply the plan: lock, load, commit confirmed, re-check, confirm or roll back" },
	{ EG_OPT_CONFIRM_MIN, NULL, "--confirm-minutes N", "commit confirmed N minutes, 1 to 65535 (default 5)" },
	{ EG_OPT_SETTLE, NULL, "--settle-seconds S", "re-check the repaired checks for up to S seconds (default 60)" },
	{ EG_OPT_YES, NULL, "--yes", "apply without asking on a terminal" },
	{ EG_OPT_TIMEOUT, NULL, "--timeout S", "per-RPC timeout in seconds, 1 to 100000 (default 30)" },
	{ EG_OPT_PARALLEL, NULL, "--parallel N", "devices queried at once, 1 to 100000 (default 16)" },
	{ EG_OPT_TOFU, NULL, "--accept-new-hostkeys", "trust a device's host key on first use (never a changed one)" },
	{ EG_OPT_SSH_CONFIG, NULL, "--ssh-config FILE", "read this ssh_config file instead of ~/.ssh/config" },
	{ EG_OPT_COLOR, NULL, "--color WHEN", "colour the text output: auto (default), always or never" },
	{ EG_OPT_NO_COLOR, NULL, "--no-color", "the same as --color never" },
	{ 'v', NULL, "-v, --verbose", "more diagnostics on standard error; twice for debugging" },
	{ 'q', NULL, "-q, --quiet", "only errors on standard error" },
	{ 'h', NULL, "-h, --help", "print this help and exit" },
};

/* cmd's synopsis and one line per option in allowed, on standard output. */
void
eg_cli_help(const char *cmd, unsigned allowed)
{
	size_t i, k, n = strcspn(cmd, " ");
	int last = -1;

	for (i = 0; i < CLI_NCMDS; i++)
		if (strlen(cli_cmds[i].name) == n && strncmp(cli_cmds[i].name, cmd, n) == 0)
			cli_synopsis(stdout, &cli_cmds[i], true);
	fputs("options:\n", stdout);
	for (k = 0; k < sizeof(cli_opthelp) / sizeof(cli_opthelp[0]); k++) {
		const struct cli_opthelp *h = &cli_opthelp[k];

		if ((allowed & EG_CLI_OPT(h->val)) == 0 || h->val == last ||
		    (h->cmd != NULL && strncmp(cmd, h->cmd, strlen(h->cmd)) != 0))
			continue;
		printf("  %-25s %s\n", h->spelling, h->text);
		last = h->val;
	}
}

/* --color: auto (the default) colours only a terminal that can show it. */
enum cli_color { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };
static enum cli_color cli_color;
static const char *cli_color_arg;	/* how --color or --no-color was given, once */

/*
 * Whether the text output is coloured: always, never, or (auto) when
 * standard output is a terminal, TERM names one that is not "dumb" and
 * NO_COLOR is unset or empty.
 */
bool
eg_cli_color(void)
{
	const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");

	if (cli_color != CLI_COLOR_AUTO)
		return cli_color == CLI_COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && term != NULL && *term != '\0' &&
	       strcmp(term, "dumb") != 0 && (nc == NULL || *nc == '\0');
}

static int
cli_set_color(int c, const char *arg)
{
	static const char *const names[] = { "auto", "always", "never" };
	size_t i;

	if (cli_color_arg != NULL) {
		eg_log(EG_LOG_ERROR, NULL, "--color and --no-color: only one, once");
		return -1;
	}
	cli_color_arg = c == EG_OPT_NO_COLOR ? "--no-color" : arg;
	if (c == EG_OPT_NO_COLOR) {
		cli_color = CLI_COLOR_NEVER;
		return 0;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(arg, names[i]) == 0) {
			cli_color = (enum cli_color)i;
			return 0;
		}
	eg_log(EG_LOG_ERROR, NULL, "unknown --color %s (auto, always, never)", arg);
	return -1;
}

/* Flush stdout and make sure everything was written (a full disk is an error). */
int
eg_cli_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		eg_log(EG_LOG_ERROR, NULL, "cannot write to standard output: %s", strerror(errno));
		return status == EG_EXIT_OK ? EG_EXIT_DEVIATION : status;
	}
	return status;
}

/* How the user spelled option c, for a diagnostic. */
static const char *
cli_optname(int c, char *buf, size_t len)
{
	size_t i;

	for (i = 0; eg_cli_longopts[i].name != NULL; i++)
		if (eg_cli_longopts[i].val == c && c >= 256) {
			snprintf(buf, len, "--%s", eg_cli_longopts[i].name);
			return buf;
		}
	snprintf(buf, len, "-%c", c);
	return buf;
}

int
eg_cli_parse_uint(const char *s, const char *what, unsigned *out)
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
cli_set_once(const char **slot, int c)
{
	char name[32];

	if (*slot != NULL) {
		eg_log(EG_LOG_ERROR, NULL, "%s given twice", cli_optname(c, name, sizeof(name)));
		return -1;
	}
	*slot = optarg;
	return 0;
}

/*
 * Parse the options of command cmd (argv[0]), which takes those in
 * allowed; returns -1 after a one-line diagnostic, else optind.
 */
int
eg_cli_getopt(int argc, char **argv, const char *cmd, unsigned allowed, struct eg_cli_opts *o)
{
	const char *timeout = NULL, *parallel = NULL;
	char name[32];
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:o:vqh", eg_cli_longopts, NULL)) != -1) {
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
		if ((allowed & EG_CLI_OPT(c)) == 0) {
			eg_log(EG_LOG_ERROR, NULL, "%s: %s is not an option of %s", cmd,
			       cli_optname(c, name, sizeof(name)), cmd);
			return -1;
		}
		switch (c) {
		case 'c':
			if (cli_set_once(&o->intent, c) != 0)
				return -1;
			break;
		case 'o':
			if (cli_set_once(&o->out_dir, c) != 0)
				return -1;
			break;
		case EG_OPT_DEVICE:
			if (o->ndevices == EG_CLI_MAX) {
				eg_log(EG_LOG_ERROR, NULL, "too many --device options");
				return -1;
			}
			o->devices[o->ndevices++] = optarg;
			break;
		case EG_OPT_FORMAT:
			if (cli_set_once(&o->format, c) != 0)
				return -1;
			break;
		case EG_OPT_FROM:
			if (cli_set_once(&o->from, c) != 0)
				return -1;
			break;
		case EG_OPT_AZ_LEARNED:
			if (cli_set_once(&o->azure_learned, c) != 0)
				return -1;
			break;
		case EG_OPT_AZ_ADV:
			if (cli_set_once(&o->azure_advertised, c) != 0)
				return -1;
			break;
		case EG_OPT_TIMEOUT:
			if (cli_set_once(&timeout, c) != 0 ||
			    eg_cli_parse_uint(optarg, "--timeout", &o->collect.rpc_timeout_s) != 0)
				return -1;
			break;
		case EG_OPT_PARALLEL:
			if (cli_set_once(&parallel, c) != 0 ||
			    eg_cli_parse_uint(optarg, "--parallel", &o->collect.parallel) != 0)
				return -1;
			break;
		case EG_OPT_TOFU:
			o->collect.accept_new_hostkeys = true;
			break;
		case EG_OPT_SSH_CONFIG:
			if (cli_set_once(&o->collect.ssh_config, c) != 0)
				return -1;
			break;
		case EG_OPT_NO_COLOR:
		case EG_OPT_COLOR:
			if (cli_set_color(c, optarg) != 0)
				return -1;
			break;
		case EG_OPT_LIST:
			o->list = true;
			break;
		case EG_OPT_LIVE:
			o->live = true;
			break;
		case EG_OPT_APPLY:
			o->apply = true;
			break;
		case EG_OPT_YES:
			o->yes = true;
			break;
		case EG_OPT_CONFIRM_MIN:
			if (o->confirm_minutes != 0) {
				eg_log(EG_LOG_ERROR, NULL, "--confirm-minutes given twice");
				return -1;
			}
			if (eg_cli_parse_uint(optarg, "--confirm-minutes", &o->confirm_minutes) != 0)
				return -1;
			if (o->confirm_minutes > 65535) {
				eg_log(EG_LOG_ERROR, NULL, "--confirm-minutes: Junos takes 1 to 65535: %s",
				       optarg);
				return -1;
			}
			break;
		case EG_OPT_SETTLE:
			if (o->settle_seconds != 0) {
				eg_log(EG_LOG_ERROR, NULL, "--settle-seconds given twice");
				return -1;
			}
			if (eg_cli_parse_uint(optarg, "--settle-seconds", &o->settle_seconds) != 0)
				return -1;
			break;
		case EG_OPT_CHECK:
			if (eg_check_find(optarg) == NULL) {
				eg_log(EG_LOG_ERROR, NULL, "%s: --check %s: no such check (erguard "
				       "check --list lists them)", cmd, optarg);
				return -1;
			}
			if (o->nchecks == EG_CLI_MAX) {
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
			eg_cli_help(cmd, allowed);
			exit(eg_cli_finish(EG_EXIT_OK));
		}
	}
	return optind;
}

/* After the options: more than max operands is a usage error. */
int
eg_cli_operands(int argc, char **argv, const char *cmd, int max)
{
	if (argc - optind <= max)
		return 0;
	eg_log(EG_LOG_ERROR, NULL, "%s: unexpected argument: %s", cmd, argv[optind + max]);
	return -1;
}

eg_err
eg_cli_load_intent(const char *path, struct eg_intent **in)
{
	if (path == NULL)
		path = getenv("ERGUARD_INTENT");
	if (path == NULL || *path == '\0')
		return eg_intent_default(in);
	return eg_intent_load(path, in);
}

/*
 * A snapshot directory with no folder for any device to judge is the
 * wrong directory (or an empty one), not a set of missing replies: say so
 * rather than report every check unknown.  Other problems with dir are
 * eg_snapshot_load()'s to report.
 */
int
eg_cli_from_devices(const char *dir, const struct eg_state *st)
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

bool
eg_cli_color_given(void)
{
	return cli_color_arg != NULL;
}
