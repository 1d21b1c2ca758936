/*
 * cli.h - the command line's shared parts: the options every command
 * parses the same way, the help, colour and standard output, and the
 * commands themselves (cmd_*.c), which main() dispatches to.
 *
 * This layer, above everything in agent/, is the only code that prints
 * to standard output or exits.  Every command returns one of the exit
 * statuses of eg_err.h (documented in erguard(8)).
 */
#ifndef EG_CLI_H
#define EG_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "collect.h"
#include "intent.h"
#include "state.h"

#define EG_CLI_MAX 256		/* --device and --check, each */

/* The options of the commands that share the table (all but drill). */
struct eg_cli_opts {
	const char *intent;
	const char *devices[EG_CLI_MAX];
	size_t ndevices;
	const char *format;
	const char *from;
	const char *out_dir;
	const char *azure_learned;
	const char *azure_advertised;
	const char *checks[EG_CLI_MAX];	/* --check, each a catalogue id */
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
	EG_OPT_DEVICE = 256, EG_OPT_FORMAT, EG_OPT_FROM, EG_OPT_AZ_LEARNED, EG_OPT_AZ_ADV, EG_OPT_TIMEOUT,
	EG_OPT_PARALLEL, EG_OPT_TOFU, EG_OPT_SSH_CONFIG, EG_OPT_NO_COLOR,
	EG_OPT_COLOR = 280, EG_OPT_LIST, EG_OPT_CHECK, EG_OPT_LIVE,	/* a second run: see EG_CLI_OPT() */
	EG_OPT_APPLY, EG_OPT_CONFIRM_MIN, EG_OPT_SETTLE, EG_OPT_YES
};

/*
 * The options each command takes (its SYNOPSIS line in erguard(8)): a bit
 * per option, so that an option another command owns is refused rather
 * than silently ignored.  Bits 0-15 hold the long options numbered from
 * 256, bits 16-26 those numbered from 280, bits 27-31 the letters.
 */
#define EG_CLI_OPT(c)	(1u << ((c) >= 280 ? (c) - 280 + 16 : (c) >= 256 ? (c) - 256 : \
			 (c) == 'c' ? 27 : (c) == 'o' ? 28 : (c) == 'v' ? 29 : \
			 (c) == 'q' ? 30 : 31))
#define EG_CLI_OPTS_COMMON	(EG_CLI_OPT('v') | EG_CLI_OPT('q') | EG_CLI_OPT('h'))
#define EG_CLI_OPTS_CONNECT	(EG_CLI_OPT(EG_OPT_TIMEOUT) | EG_CLI_OPT(EG_OPT_PARALLEL) | \
				 EG_CLI_OPT(EG_OPT_TOFU) | EG_CLI_OPT(EG_OPT_SSH_CONFIG))
#define EG_CLI_OPTS_COLOR		(EG_CLI_OPT(EG_OPT_NO_COLOR) | EG_CLI_OPT(EG_OPT_COLOR))
#define EG_CLI_OPTS_CHECK		(EG_CLI_OPTS_COMMON | EG_CLI_OPTS_CONNECT | EG_CLI_OPT('c') | \
				 EG_CLI_OPT(EG_OPT_DEVICE) | EG_CLI_OPT(EG_OPT_FORMAT) | \
				 EG_CLI_OPT(EG_OPT_FROM) | EG_CLI_OPT(EG_OPT_AZ_LEARNED) | \
				 EG_CLI_OPT(EG_OPT_AZ_ADV) | EG_CLI_OPTS_COLOR | EG_CLI_OPT(EG_OPT_LIST) | \
				 EG_CLI_OPT(EG_OPT_CHECK))
#define EG_CLI_OPTS_SNAPSHOT	(EG_CLI_OPTS_COMMON | EG_CLI_OPTS_CONNECT | EG_CLI_OPT('c') | \
				 EG_CLI_OPT('o') | EG_CLI_OPT(EG_OPT_DEVICE))
#define EG_CLI_OPTS_DIFF		(EG_CLI_OPTS_COMMON | EG_CLI_OPTS_CONNECT | EG_CLI_OPT('c') | \
				 EG_CLI_OPT(EG_OPT_DEVICE) | EG_CLI_OPT(EG_OPT_FORMAT) | EG_CLI_OPTS_COLOR | \
				 EG_CLI_OPT(EG_OPT_CHECK) | EG_CLI_OPT(EG_OPT_LIVE))
#define EG_CLI_OPTS_FIX		(EG_CLI_OPTS_COMMON | EG_CLI_OPT(EG_OPT_TIMEOUT) | EG_CLI_OPT(EG_OPT_TOFU) | \
				 EG_CLI_OPT(EG_OPT_SSH_CONFIG) | EG_CLI_OPT('c') | EG_CLI_OPT(EG_OPT_DEVICE) | \
				 EG_CLI_OPT(EG_OPT_FORMAT) | EG_CLI_OPT(EG_OPT_APPLY) | \
				 EG_CLI_OPT(EG_OPT_CONFIRM_MIN) | EG_CLI_OPT(EG_OPT_SETTLE) | EG_CLI_OPT(EG_OPT_YES))
#define EG_CLI_OPTS_INTENT	(EG_CLI_OPTS_COMMON | EG_CLI_OPT('c') | EG_CLI_OPT(EG_OPT_FORMAT))
#define EG_CLI_OPTS_SCRIPTS	(EG_CLI_OPTS_COMMON | EG_CLI_OPT('c'))

/* ---------------------------------------------------------------- cli.c */

/* The long options of the shared table, ending in a zero row. */
extern const struct option eg_cli_longopts[];

/* The usage: every command's synopsis, then the common options. */
void eg_cli_usage(FILE *f);

/* cmd's synopsis and one line per option in allowed, on standard output. */
void eg_cli_help(const char *cmd, unsigned allowed);

/* Whether the text output is coloured (--color, NO_COLOR, a terminal). */
bool eg_cli_color(void);

/* Whether --color or --no-color was given. */
bool eg_cli_color_given(void);

/* Flush stdout; a write error turns status into a failure, said once. */
int eg_cli_finish(int status);

/* A whole number from 1 to 100000 for option what, or -1 after saying why. */
int eg_cli_parse_uint(const char *s, const char *what, unsigned *out);

/*
 * Parse the options of command cmd (argv[0]), which takes those in
 * allowed; returns -1 after a one-line diagnostic, else optind.
 */
int eg_cli_getopt(int argc, char **argv, const char *cmd, unsigned allowed,
		  struct eg_cli_opts *o);

/* After the options: more than max operands is a usage error (-1). */
int eg_cli_operands(int argc, char **argv, const char *cmd, int max);

/* The intent at path, else $ERGUARD_INTENT, else the built-in design. */
eg_err eg_cli_load_intent(const char *path, struct eg_intent **in);

/* -1 after saying so when dir has no folder for any device st reads. */
int eg_cli_from_devices(const char *dir, const struct eg_state *st);

/* ---------------------------------------------------------------- the commands */

int eg_cmd_check(int argc, char **argv);		/* cmd_check.c */
int eg_cmd_snapshot(int argc, char **argv);		/* cmd_check.c */
int eg_cmd_intent(int argc, char **argv);		/* cmd_intent.c */
int eg_cmd_junos_scripts(int argc, char **argv);	/* cmd_intent.c */
int eg_cmd_diff(int argc, char **argv);			/* cmd_diff.c */
int eg_cmd_fix(int argc, char **argv);			/* cmd_fix.c */
int eg_cmd_watch(int argc, char **argv);		/* cmd_watch.c */

#endif
