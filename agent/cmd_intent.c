/*
 * cmd_intent.c - `erguard intent validate|show|schema` and
 * `erguard junos-scripts` (the on-box scripts for the intent).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eg_err.h"
#include "intent.h"
#include "junos_scripts.h"
#include "util.h"

int
eg_cmd_intent(int argc, char **argv)
{
	struct eg_cli_opts o;
	struct eg_intent *in = NULL;
	const char *sub, *file;
	eg_err err;
	int status;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		eg_cli_help("intent", EG_CLI_OPTS_INTENT);
		return eg_cli_finish(EG_EXIT_OK);
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
		if (eg_cli_getopt(argc - 1, argv + 1, sub, EG_CLI_OPTS_COMMON, &o) < 0 ||
		    eg_cli_operands(argc - 1, argv + 1, sub, 0) != 0)
			return EG_EXIT_USAGE;
		err = eg_intent_schema(stdout);
		return eg_cli_finish(err == EG_OK ? EG_EXIT_OK : EG_EXIT_DEVIATION);
	}
	if (eg_cli_getopt(argc - 1, argv + 1, sub, EG_CLI_OPTS_INTENT, &o) < 0 ||
	    eg_cli_operands(argc - 1, argv + 1, sub, o.intent ? 0 : 1) != 0)
		return EG_EXIT_USAGE;
	file = optind < argc - 1 ? argv[1 + optind] : o.intent;
	if (o.format == NULL)
		o.format = "xml";
	if (strcmp(o.format, "xml") != 0 && strcmp(o.format, "json") != 0) {
		eg_log(EG_LOG_ERROR, NULL, "unknown --format %s (xml, json)", o.format);
		return EG_EXIT_USAGE;
	}
	err = eg_cli_load_intent(file, &in);
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
	return eg_cli_finish(status);
}

int
eg_cmd_junos_scripts(int argc, char **argv)
{
	struct eg_cli_opts o;
	struct eg_intent *in = NULL;
	eg_err err;

	memset(&o, 0, sizeof(o));
	if (eg_cli_getopt(argc, argv, "junos-scripts", EG_CLI_OPTS_SCRIPTS, &o) < 0 ||
	    eg_cli_operands(argc, argv, "junos-scripts", 0) != 0)
		return EG_EXIT_USAGE;
	err = eg_cli_load_intent(o.intent, &in);
	if (err != EG_OK) {
		eg_intent_free(in);
		return EG_EXIT_INTENT;
	}
	err = eg_junos_scripts_print(in, stdout);
	eg_intent_free(in);
	return eg_cli_finish(err == EG_OK ? EG_EXIT_OK : EG_EXIT_DEVIATION);
}
