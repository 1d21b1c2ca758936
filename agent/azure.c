/*
 * azure.c - read the Azure gateway's route exports.
 *
 * Accepts the JSON of `az network vnet-gateway list-learned-routes` and
 * `list-advertised-routes` ({"value":[{"network":..,"asPath":..}]}) and
 * of PowerShell's Get-AzVirtualNetworkGateway{Learned,Advertised}Route |
 * ConvertTo-Json (a bare array, or a single object when there is one
 * route, with PascalCase keys).  Keys are matched without regard to case;
 * unknown keys are ignored.  Files may be UTF-8 (with or without BOM) or
 * UTF-16 with BOM, which Windows PowerShell writes by default.  AS paths
 * are normalised to space-separated AS numbers ("12076-65020" becomes
 * "12076 65020").  Guarantees: either every route parsed, or EG_EPARSE
 * with one diagnostic naming the file (and line or route) and nothing
 * returned.  Out of memory is fatal (util.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "azure.h"
#include "utf8.h"
#include "util.h"

/* An export larger than this is refused: 10,000 routes take a few MB. */
#define AZURE_MAX_BYTES ((size_t)64 << 20)

void
eg_azure_free(struct eg_azure_routes *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nitems; i++) {
		free(a->items[i].as_path);
		free(a->items[i].origin);
	}
	free(a->items);
	free(a->source);
	free(a);
}

/* UTF-16 (big endian when be) to a new NUL-terminated UTF-8 string. */
static eg_err
azure_from_utf16(const unsigned char *s, size_t len, bool be, char **out, size_t *outlen)
{
	char *u = eg_xmalloc(len / 2 * 3 + 4 + 1);
	size_t i, o = 0;

	*out = NULL;
	for (i = 0; i + 1 < len; i += 2) {
		unsigned long cp = be ? (unsigned long)(s[i] << 8 | s[i + 1])
				      : (unsigned long)(s[i + 1] << 8 | s[i]);
		if (cp >= 0xd800 && cp < 0xdc00 && i + 3 < len) {
			unsigned long lo = be ? (unsigned long)(s[i + 2] << 8 | s[i + 3])
					      : (unsigned long)(s[i + 3] << 8 | s[i + 2]);
			if (lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
		}
		if (cp == 0) {
			free(u);
			return EG_EPARSE;
		}
		o += eg_utf8_put(cp, u + o);
	}
	u[o] = '\0';
	*out = u;
	*outlen = o;
	return EG_OK;
}

/* The value of key in object o, compared without case; NULL if absent or null. */
static struct json_object *
azure_get(struct json_object *o, const char *key)
{
	struct json_object_iterator it = json_object_iter_begin(o), end = json_object_iter_end(o);

	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		if (strcasecmp(json_object_iter_peek_name(&it), key) == 0) {
			struct json_object *v = json_object_iter_peek_value(&it);
			return json_object_is_type(v, json_type_null) ? NULL : v;
		}
	}
	return NULL;
}

/* A string (or number) field as text; NULL if absent. */
static const char *
azure_text(struct json_object *o, const char *key)
{
	struct json_object *v = azure_get(o, key);

	if (v == NULL)
		return NULL;
	if (json_object_is_type(v, json_type_string) || json_object_is_type(v, json_type_int))
		return json_object_get_string(v);
	return NULL;
}

/* "12076-65020", "12076, 65020" or "12076 65020" -> "12076 65020". */
static char *
azure_aspath(const char *in)
{
	char *out = eg_xmalloc(strlen(in ? in : "") + 1);
	size_t o = 0;
	bool sep = false;

	for (; in != NULL && *in != '\0'; in++) {
		if (*in == '-' || *in == ',' || isspace((unsigned char)*in)) {
			sep = o > 0;
			continue;
		}
		if (sep)
			out[o++] = ' ';
		sep = false;
		out[o++] = *in;
	}
	out[o] = '\0';
	return out;
}

/* An optional address field: absent or "" leaves family 0. */
static bool
azure_addr(struct json_object *o, const char *key, struct eg_addr *out)
{
	const char *s = azure_text(o, key);
	const char *p = s;

	memset(out, 0, sizeof(*out));
	while (p != NULL && isspace((unsigned char)*p))
		p++;
	if (p == NULL || *p == '\0')
		return true;
	return eg_addr_parse(p, out) == EG_OK;
}

/* Fill one route from an object; on error *why says what is wrong. */
static eg_err
azure_route(struct json_object *o, struct eg_azure_route *rt, const char **why, const char **bad)
{
	const char *net;
	struct json_object *w;

	memset(rt, 0, sizeof(*rt));
	*bad = NULL;
	if (!json_object_is_type(o, json_type_object)) {
		*why = "not an object";
		return EG_EPARSE;
	}
	net = azure_text(o, "network");
	if (net == NULL) {
		*why = "no network";
		return EG_EPARSE;
	}
	if (eg_prefix_parse(net, &rt->prefix) != EG_OK) {
		*why = "bad network";
		*bad = net;
		return EG_EPARSE;
	}
	if (!azure_addr(o, "nextHop", &rt->nexthop)) {
		*why = "bad nextHop";
		*bad = azure_text(o, "nextHop");
		return EG_EPARSE;
	}
	if (!azure_addr(o, "sourcePeer", &rt->source_peer)) {
		*why = "bad sourcePeer";
		*bad = azure_text(o, "sourcePeer");
		return EG_EPARSE;
	}
	if (!azure_addr(o, "localAddress", &rt->local_address)) {
		*why = "bad localAddress";
		*bad = azure_text(o, "localAddress");
		return EG_EPARSE;
	}
	w = azure_get(o, "weight");
	if (w != NULL) {
		if (json_object_is_type(w, json_type_int)) {
			int64_t v = json_object_get_int64(w);
			if (v < 0 || v > (int64_t)UINT32_MAX) {
				*why = "weight out of range";
				*bad = json_object_get_string(w);
				return EG_EPARSE;
			}
			rt->weight = (uint32_t)v;
		} else if (!json_object_is_type(w, json_type_string) ||
			   eg_parse_u32(json_object_get_string(w), &rt->weight) != EG_OK) {
			*why = "bad weight";
			*bad = json_object_get_string(w);
			return EG_EPARSE;
		}
	}
	rt->as_path = azure_aspath(azure_text(o, "asPath"));
	rt->origin = eg_xstrdup(azure_text(o, "origin"));
	return EG_OK;
}

/* 1-based line of byte offset off in buf. */
static unsigned
azure_line(const char *buf, size_t off)
{
	unsigned line = 1;
	size_t i;

	for (i = 0; i < off && buf[i] != '\0'; i++)
		if (buf[i] == '\n')
			line++;
	return line;
}

/* Parse the whole of text (len bytes and a NUL) into a JSON value. */
static eg_err
azure_json(const char *name, const char *text, size_t len, struct json_object **out)
{
	struct json_tokener *tok = json_tokener_new();
	enum json_tokener_error jerr;
	struct json_object *top = NULL;
	char where[512];
	size_t end, i;
	eg_err err = EG_EPARSE;

	*out = NULL;
	if (tok == NULL)
		eg_oom(__func__);
	if (len > (size_t)INT32_MAX) {
		eg_log(EG_LOG_ERROR, name, "file too large");
		goto cleanup;
	}
	/* The terminating NUL is passed too: it ends a bare top-level number. */
	top = json_tokener_parse_ex(tok, text, (int)len + 1);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (top == NULL || jerr != json_tokener_success) {
		snprintf(where, sizeof(where), "%s:%u", name, azure_line(text, end));
		if (jerr == json_tokener_continue || jerr == json_tokener_success ||
		    jerr == json_tokener_error_parse_eof)
			eg_log(EG_LOG_ERROR, where, "unexpected end of JSON");
		else
			eg_log(EG_LOG_ERROR, where, "%s", json_tokener_error_desc(jerr));
		goto cleanup;
	}
	for (i = end; i < len; i++) {
		if (!isspace((unsigned char)text[i])) {
			snprintf(where, sizeof(where), "%s:%u", name, azure_line(text, i));
			eg_log(EG_LOG_ERROR, where, "unexpected text after the JSON value");
			goto cleanup;
		}
	}
	*out = top;
	top = NULL;
	err = EG_OK;
cleanup:
	json_object_put(top);
	json_tokener_free(tok);
	return err;
}

eg_err
eg_azure_load_mem(const char *name, const char *buf, size_t len, struct eg_azure_routes **out)
{
	const unsigned char *u = (const unsigned char *)buf;
	struct eg_azure_routes *a = NULL;
	struct json_object *top = NULL, *list = NULL;
	char *text = NULL;
	size_t tlen = 0, n, i, start;
	eg_err err;

	*out = NULL;
	if (name == NULL)
		name = "(azure)";
	/* Encoding: a BOM says; UTF-16 without BOM shows as zero bytes. */
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		err = azure_from_utf16(u + 2, len - 2, u[0] == 0xfe, &text, &tlen);
	} else if (len >= 2 && u[0] != 0 && u[1] == 0) {
		err = azure_from_utf16(u, len, false, &text, &tlen);
	} else if (len >= 2 && u[0] == 0 && u[1] != 0) {
		err = azure_from_utf16(u, len, true, &text, &tlen);
	} else {
		start = len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf ? 3 : 0;
		text = eg_xmalloc(len - start + 1);
		memcpy(text, buf + start, len - start);
		text[len - start] = '\0';
		tlen = len - start;
		err = memchr(text, '\0', tlen) != NULL ? EG_EPARSE : EG_OK;
	}
	if (err != EG_OK) {
		eg_log(EG_LOG_ERROR, name, "not UTF-8 or UTF-16 text");
		goto cleanup;
	}
	for (i = 0; i < tlen && isspace((unsigned char)text[i]); i++)
		;
	if (i == tlen) {
		eg_log(EG_LOG_ERROR, name, "empty file: no JSON");
		err = EG_EPARSE;
		goto cleanup;
	}
	if ((err = azure_json(name, text, tlen, &top)) != EG_OK)
		goto cleanup;

	err = EG_EPARSE;
	if (json_object_is_type(top, json_type_array)) {
		list = top;
	} else if (json_object_is_type(top, json_type_object) && azure_get(top, "network") != NULL) {
		list = NULL;	/* a single route */
	} else if (json_object_is_type(top, json_type_object) &&
		   (list = azure_get(top, "value")) != NULL &&
		   json_object_is_type(list, json_type_array)) {
		;
	} else {
		eg_log(EG_LOG_ERROR, name, "not a route list: expected {\"value\": [...]}, "
		       "an array of routes or one route object");
		goto cleanup;
	}
	n = list != NULL ? json_object_array_length(list) : 1;
	a = eg_xcalloc(1, sizeof(*a));
	a->source = eg_xstrdup(name);
	if (n > 0)
		a->items = eg_xcalloc(n, sizeof(*a->items));
	for (i = 0; i < n; i++) {
		struct json_object *o = list != NULL ? json_object_array_get_idx(list, i) : top;
		const char *why = NULL, *bad = NULL;

		err = azure_route(o, &a->items[i], &why, &bad);
		a->nitems = i + 1;	/* free what the route holds, even half-filled */
		if (err != EG_OK) {
			if (bad != NULL)
				eg_log(EG_LOG_ERROR, name, "route %zu: %s \"%s\"", i + 1, why, bad);
			else
				eg_log(EG_LOG_ERROR, name, "route %zu: %s", i + 1, why);
			goto cleanup;
		}
	}
	*out = a;
	a = NULL;
	err = EG_OK;
cleanup:
	eg_azure_free(a);
	json_object_put(top);
	free(text);
	return err;
}

eg_err
eg_azure_load(const char *path, struct eg_azure_routes **out)
{
	char *buf;
	size_t len;
	eg_err err;

	*out = NULL;
	if ((err = eg_file_read(path, AZURE_MAX_BYTES, &buf, &len)) != EG_OK)
		return err;
	err = eg_azure_load_mem(path, buf, len, out);
	free(buf);
	return err;
}
