/*
 * render_json.c - the report as JSON encoded per RFC 7951 (top member
 * "erguard-report:report"), printed by libyang from the validated tree
 * render.c builds.  Counts, durations and the exit status are JSON
 * numbers; the lines people read (duration, headline) come beside them.
 */
#include <libyang/libyang.h>

#include "render.h"

static eg_err
render_json(const struct eg_report *r, const struct eg_render_opts *o, FILE *f)
{
	(void)o;
	return eg_render_print(r, LYD_JSON, f);
}

const struct eg_renderer eg_render_json = { "json", render_json };
