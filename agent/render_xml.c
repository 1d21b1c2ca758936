/*
 * render_xml.c - the report as XML: an instance of erguard-report
 * (namespace urn:erguard:report), printed by libyang from the validated
 * tree render.c builds, so it is always valid report data.
 */
#include <libyang/libyang.h>

#include "render.h"

static eg_err
render_xml(const struct eg_report *r, const struct eg_render_opts *o, FILE *f)
{
	(void)o;
	return eg_render_print(r, LYD_XML, f);
}

const struct eg_renderer eg_render_xml = { "xml", render_xml };
