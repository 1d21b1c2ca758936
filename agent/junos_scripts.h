/*
 * junos_scripts.h - the on-box installation of erguard's Junos scripts.
 *
 * erguard's commit, op and event scripts (junos-scripts/) read their
 * parameters from an "apply-macro erguard" under each routing instance.
 * This module turns an intent into what an engineer pastes on each device
 * to install them: the files to copy and where they go, the
 * "set system scripts ..." and "set event-options ..." lines, and the
 * apply-macro lines for every routing instance the device serves, with the
 * role (ce or firewall) the intent gives it there.  It only formats; it
 * never touches a device.
 */
#ifndef EG_JUNOS_SCRIPTS_H
#define EG_JUNOS_SCRIPTS_H

#include <stdio.h>

#include "eg_err.h"
#include "intent.h"

/* One script erguard ships for the box. */
struct eg_junos_script {
	const char *source;	/* relative to junos-scripts/: "erguard-commit/erguard-commit.xsl" */
	const char *dir;	/* on the box: "/var/db/scripts/commit/" */
	const char *file;	/* "erguard-commit.xsl" */
	const char *kind;	/* "commit", "op", "event" */
};

/* The scripts, in installation order; *n set to their number. */
const struct eg_junos_script *eg_junos_scripts(size_t *n);

/*
 * Print, for every device of the intent, the installation of the scripts:
 * comment lines ("# ...") naming the files and their destinations, then
 * the configuration-mode set lines, grouped by device.  Devices no service
 * uses get a comment only.  EG_EINVAL when in or f is NULL, EG_EIO when
 * writing f fails.
 */
eg_err eg_junos_scripts_print(const struct eg_intent *in, FILE *f);

#endif
