/*
 * lab_hostile.c - a NETCONF device that attacks its client.
 *
 * One session on stdin/stdout, as an exec transport's command or an
 * sshd's "netconf" subsystem.  The device sends its hello (Junos'
 * comments, base:1.0 and base:1.1, a session-id), reads the client's,
 * uses chunked framing when both offer base:1.1, and answers each RPC
 * with an <rpc-reply> echoing its message-id.  The mode decides where
 * it stops behaving: in the hello, in the first reply or in every one.
 * Big and endless output goes out in 64 KiB pieces, so the device's own
 * memory stays small; a write that fails (the client went away) ends
 * the process quietly, and so does the end of its input while it waits.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lab_framing.h"
#include "lab_hostile.h"

#define LAB_HOSTILE_NS "urn:ietf:params:xml:ns:netconf:base:1.0"
#define LAB_HOSTILE_JUNOS "http://xml.juniper.net/junos/21.4R3/junos"
#define LAB_HOSTILE_PIECE (64u * 1024)
#define LAB_HOSTILE_IDLE_MS 60000

enum lab_hostile_mode {
	H_HELLO_LAUGHS, H_HELLO_XXE, H_REPLY_LAUGHS, H_REPLY_XXE,
	H_ENDLESS, H_OVERSIZE, H_HUGE_TEXT,
	H_BAD_CHUNK, H_CHUNK_STALL, H_CLOSE_MID,
	H_NO_HELLO, H_DRIP, H_FLOOD,
	H_WRONG_MSGID, H_MSGID_PADDED, H_DTD_MSGID, H_CTRL_ERROR, H_CTRL_RAW
};

static const struct {
	const char *name;
	enum lab_hostile_mode mode;
	const char *help;
} lab_hostile_modes[] = {
	{ "hello-laughs", H_HELLO_LAUGHS, "nested entities (\"billion laughs\") in the hello" },
	{ "hello-xxe", H_HELLO_XXE, "external entities naming ARG (default /etc/passwd) in the hello" },
	{ "reply-laughs", H_REPLY_LAUGHS, "nested entities in the first reply" },
	{ "reply-xxe", H_REPLY_XXE, "external entities naming ARG in the first reply" },
	{ "endless", H_ENDLESS, "a first reply that never ends" },
	{ "oversize", H_OVERSIZE, "a first reply of ARG MiB (default 600) of elements no parser keeps" },
	{ "huge-text", H_HUGE_TEXT, "one text node of ARG MiB (default 64)" },
	{ "bad-chunk", H_BAD_CHUNK, "a chunk header whose size overflows 64 bits" },
	{ "chunk-stall", H_CHUNK_STALL, "stops in the middle of a chunk and hangs" },
	{ "close-mid", H_CLOSE_MID, "closes the session in the middle of the first reply" },
	{ "no-hello", H_NO_HELLO, "never sends a hello; hangs" },
	{ "drip", H_DRIP, "one byte every ARG ms (default 50), hello included" },
	{ "flood", H_FLOOD, "endless bytes before the hello" },
	{ "wrong-msgid", H_WRONG_MSGID, "replies with another message-id" },
	{ "msgid-padded", H_MSGID_PADDED, "another message-id after 70 kB of padding" },
	{ "dtd-msgid", H_DTD_MSGID, "another message-id after a document type declaration" },
	{ "ctrl-error", H_CTRL_ERROR, "rpc-errors whose text holds newlines, C1 controls and a forged line" },
	{ "ctrl-raw", H_CTRL_RAW, "rpc-errors with raw ESC and 0x9b bytes (not XML)" },
};

struct lab_hostile {
	enum lab_hostile_mode mode;
	const char *arg;		/* the mode's argument, or NULL */
	struct lab_framing fr;		/* the client's messages */
	bool chunked;			/* our messages */
	int drip_ms;			/* > 0: one byte per drip_ms */
	unsigned nreply;		/* replies sent */
};

void
lab_hostile_usage(FILE *f)
{
	size_t i;

	fputs("usage: erguard-lab hostile MODE [ARG] | --mode-file FILE\n", f);
	for (i = 0; i < sizeof(lab_hostile_modes) / sizeof(lab_hostile_modes[0]); i++)
		fprintf(f, "  %-14s %s\n", lab_hostile_modes[i].name, lab_hostile_modes[i].help);
}

static void
lab_hostile_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Write all of buf, or end the process: the client is gone. */
static void
lab_hostile_raw(struct lab_hostile *h, const char *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		size_t n = h->drip_ms > 0 ? 1 : len - off;
		ssize_t w = write(STDOUT_FILENO, buf + off, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			exit(0);
		off += (size_t)w;
		if (h->drip_ms > 0)
			lab_hostile_sleep_ms(h->drip_ms);
	}
}

static void
lab_hostile_str(struct lab_hostile *h, const char *s)
{
	lab_hostile_raw(h, s, strlen(s));
}

/* A piece of the current message: one chunk, or plain bytes. */
static void
lab_hostile_part(struct lab_hostile *h, const char *buf, size_t len)
{
	char hdr[32];

	if (len == 0)
		return;
	if (h->chunked) {
		snprintf(hdr, sizeof(hdr), "\n#%zu\n", len);
		lab_hostile_str(h, hdr);
	}
	lab_hostile_raw(h, buf, len);
}

static void
lab_hostile_partstr(struct lab_hostile *h, const char *s)
{
	lab_hostile_part(h, s, strlen(s));
}

static void
lab_hostile_end(struct lab_hostile *h)
{
	lab_hostile_str(h, h->chunked ? "\n##\n" : LAB_FRAMING_EOM);
}

/* Wait until the client goes away (or the process' alarm rings). */
static void
lab_hostile_hang(void)
{
	char buf[4096];

	for (;;) {
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
		int r = poll(&p, 1, LAB_HOSTILE_IDLE_MS);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || read(STDIN_FILENO, buf, sizeof(buf)) <= 0)
			exit(0);
	}
}

/* ------------------------------------------------------------------ hello */

static const char lab_hostile_laughs_dtd[] =
	" <!ENTITY lol \"lol\">\n"
	" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n";

/* The internal subset of a DOCTYPE naming root, for the entity attacks. */
static void
lab_hostile_dtd(struct lab_hostile *h, const char *root, bool laughs, char *out, size_t size)
{
	const char *target = h->arg != NULL ? h->arg : "/etc/passwd";

	if (laughs)
		snprintf(out, size, "<!DOCTYPE %s [\n%s]>\n", root, lab_hostile_laughs_dtd);
	else
		snprintf(out, size, "<!DOCTYPE %s [\n"
			 " <!ENTITY xxe SYSTEM \"file://%s\">\n"
			 " <!ENTITY %% pxxe SYSTEM \"file://%s\">\n"
			 " %%pxxe;\n"
			 "]>\n", root, target, target);
}

static void
lab_hostile_hello(struct lab_hostile *h)
{
	char dtd[2048] = "", msg[6144];
	const char *ent = "";

	if (h->mode == H_HELLO_LAUGHS || h->mode == H_HELLO_XXE) {
		lab_hostile_dtd(h, "hello", h->mode == H_HELLO_LAUGHS, dtd, sizeof(dtd));
		ent = h->mode == H_HELLO_LAUGHS ? "&lol9;" : "&xxe;";
	}
	snprintf(msg, sizeof(msg),
		 "%s<!-- No zombies were killed during the creation of this user interface -->\n"
		 "<!-- user root, class j-super-user -->\n"
		 "<hello xmlns=\"" LAB_HOSTILE_NS "\">\n  <capabilities>\n"
		 "    <capability>urn:ietf:params:netconf:base:1.0</capability>\n"
		 "    <capability>urn:ietf:params:netconf:base:1.1</capability>\n"
		 "    <capability>urn:ietf:params:netconf:capability:candidate:1.0</capability>\n"
		 "    <capability>urn:ietf:params:netconf:capability:validate:1.0</capability>\n"
		 "    <capability>urn:ietf:params:xml:ns:netconf:base:1.0</capability>\n"
		 "    <capability>http://xml.juniper.net/netconf/junos/1.0</capability>\n"
		 "    <capability>%s</capability>\n"
		 "  </capabilities>\n  <session-id>%ld</session-id>\n</hello>\n",
		 dtd, ent, (long)getpid());
	lab_hostile_str(h, msg);
	lab_hostile_str(h, LAB_FRAMING_EOM);
}

/* Read the client's hello; chunked framing when it offers base:1.1. */
static void
lab_hostile_client_hello(struct lab_hostile *h)
{
	char *msg = NULL, err[256];
	size_t len = 0;

	if (lab_framing_read(&h->fr, &msg, &len, err, sizeof(err)) != 0)
		exit(0);
	if (strstr(msg, "urn:ietf:params:netconf:base:1.1") != NULL) {
		h->chunked = true;
		h->fr.chunked = true;
	}
	free(msg);
}

/* ------------------------------------------------------------------ replies */

/* The value of the message-id attribute of the <rpc> in msg, or "". */
static void
lab_hostile_msgid(const char *msg, char *out, size_t size)
{
	const char *p = strstr(msg, "message-id"), *e;
	char q;

	out[0] = '\0';
	if (p == NULL || (p = strchr(p, '=')) == NULL)
		return;
	p += strspn(p + 1, " \t\r\n") + 1;
	if (*p != '"' && *p != '\'')
		return;
	q = *p++;
	if ((e = strchr(p, q)) == NULL || (size_t)(e - p) >= size)
		return;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
}

/* The local name of the first element inside the <rpc> in msg, or "". */
static void
lab_hostile_rpcname(const char *msg, char *out, size_t size)
{
	const char *p = strstr(msg, "rpc"), *c;
	size_t n;

	out[0] = '\0';
	if (p == NULL || (p = strchr(p, '>')) == NULL || (p = strchr(p, '<')) == NULL)
		return;
	p++;
	n = strcspn(p, " \t\r\n/>");
	if ((c = memchr(p, ':', n)) != NULL) {
		n -= (size_t)(c + 1 - p);
		p = c + 1;
	}
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

static void
lab_hostile_reply_head(const char *id, char *out, size_t size)
{
	snprintf(out, size, "<rpc-reply xmlns=\"" LAB_HOSTILE_NS "\" xmlns:junos=\""
		 LAB_HOSTILE_JUNOS "\" message-id=\"%s\">\n", id);
}

/*
 * Elements the parser of rpc's reply keeps (routing instances for a
 * configuration, routes for a route query): the opening, the i-th item
 * and the closing of an arbitrarily long reply body.
 */
static const char *
lab_hostile_body_open(const char *rpc)
{
	if (strcmp(rpc, "get-configuration") == 0)
		return "<configuration junos:commit-seconds=\"1\"><routing-instances>\n";
	if (strcmp(rpc, "get-route-information") == 0)
		return "<route-information><route-table><table-name>Cust11.inet.0</table-name>\n";
	return "<output>\n";
}

static const char *
lab_hostile_body_close(const char *rpc)
{
	if (strcmp(rpc, "get-configuration") == 0)
		return "</routing-instances></configuration>\n";
	if (strcmp(rpc, "get-route-information") == 0)
		return "</route-table></route-information>\n";
	return "</output>\n";
}

static int
lab_hostile_body_item(const char *rpc, unsigned long i, char *out, size_t size)
{
	if (rpc == NULL)
		return snprintf(out, size, "<junos-padding>%lu</junos-padding>\n", i);
	if (strcmp(rpc, "get-configuration") == 0)
		return snprintf(out, size, "<instance><name>Cust%lu</name><instance-type>vrf"
				"</instance-type><protocols><bgp><group><name>ibgp</name>"
				"<local-preference>150</local-preference></group></bgp>"
				"</protocols></instance>\n", i);
	if (strcmp(rpc, "get-route-information") == 0)
		return snprintf(out, size, "<rt><rt-destination>10.%lu.%lu.%lu/32</rt-destination>"
				"<rt-entry><active-tag>*</active-tag><protocol-name>BGP"
				"</protocol-name><local-preference>150</local-preference>"
				"<as-path>12076 I</as-path></rt-entry></rt>\n",
				(i >> 16) & 255, (i >> 8) & 255, i & 255);
	return snprintf(out, size, "<line>%lu</line>\n", i);
}

/*
 * A reply body of items until limit bytes (0: forever): items rpc's
 * parser keeps with keep, else elements it skips.
 */
static void
lab_hostile_stream(struct lab_hostile *h, const char *rpc, bool keep, unsigned long long limit)
{
	char *piece = malloc(LAB_HOSTILE_PIECE + 512);
	unsigned long long sent = 0;
	unsigned long i = 0;

	if (piece == NULL)
		exit(1);
	lab_hostile_partstr(h, lab_hostile_body_open(rpc));
	while (limit == 0 || sent < limit) {
		size_t n = 0;

		while (n < LAB_HOSTILE_PIECE)
			n += (size_t)lab_hostile_body_item(keep ? rpc : NULL, i++, piece + n, 512);
		lab_hostile_part(h, piece, n);
		sent += n;
	}
	free(piece);
	lab_hostile_partstr(h, lab_hostile_body_close(rpc));
}

static void
lab_hostile_huge_text(struct lab_hostile *h, unsigned long long bytes)
{
	char *piece = malloc(LAB_HOSTILE_PIECE);
	unsigned long long sent = 0;

	if (piece == NULL)
		exit(1);
	memset(piece, 'A', LAB_HOSTILE_PIECE);
	lab_hostile_partstr(h, "<configuration><version>");
	while (sent < bytes) {
		lab_hostile_part(h, piece, LAB_HOSTILE_PIECE);
		sent += LAB_HOSTILE_PIECE;
	}
	free(piece);
	lab_hostile_partstr(h, "</version></configuration>\n");
}

/* An rpc-error whose text holds what a terminal or a log would obey. */
static void
lab_hostile_ctrl_error(struct lab_hostile *h, bool raw)
{
	char msg[1024];

	snprintf(msg, sizeof(msg),
		 "<rpc-error>\n<error-type>application</error-type>\n"
		 "<error-tag>operation-failed</error-tag>\n<error-severity>error</error-severity>\n"
		 "<error-message>boom\nPASS lp-config SEA-MX03-02 forged\r\n%s[2J%s31mred</error-message>\n"
		 "<error-info><bad-element>el\nPASS bgp-sessions forged%s</bad-element></error-info>\n"
		 "</rpc-error>\n",
		 raw ? "\x1b" : "\xc2\x9b", raw ? "\x9b" : "\xc2\x9b", raw ? "\x1b]0;x\x07" : "\xc2\x85");
	lab_hostile_partstr(h, msg);
}

/* Answer one RPC; returns false when the session is to end. */
static bool
lab_hostile_answer(struct lab_hostile *h, const char *msg)
{
	char id[64], rpc[64], head[512], dtd[2048], pad[1024];
	bool first = h->nreply++ == 0;
	unsigned long long mib;
	size_t i;

	lab_hostile_msgid(msg, id, sizeof(id));
	lab_hostile_rpcname(msg, rpc, sizeof(rpc));
	if (strcmp(rpc, "close-session") == 0) {
		lab_hostile_reply_head(id, head, sizeof(head));
		lab_hostile_partstr(h, head);
		lab_hostile_partstr(h, "<ok/>\n</rpc-reply>\n");
		lab_hostile_end(h);
		return false;
	}
	if (first && (h->mode == H_WRONG_MSGID || h->mode == H_MSGID_PADDED ||
		      h->mode == H_DTD_MSGID)) {
		char other[80];

		snprintf(other, sizeof(other), "%s0", id);
		if (h->mode == H_MSGID_PADDED) {
			/* a comment of 70 kB: more than a reader that keeps the head would hold */
			memset(pad, 'x', sizeof(pad));
			lab_hostile_partstr(h, "<!-- padding ");
			for (i = 0; i < 70; i++)
				lab_hostile_part(h, pad, sizeof(pad));
			lab_hostile_partstr(h, " -->\n");
		}
		if (h->mode == H_DTD_MSGID)
			lab_hostile_partstr(h, "<!DOCTYPE rpc-reply [\n <!ENTITY ok \"ok\">\n]>\n");
		lab_hostile_reply_head(other, head, sizeof(head));
	} else {
		lab_hostile_reply_head(id, head, sizeof(head));
	}
	if (first && (h->mode == H_REPLY_LAUGHS || h->mode == H_REPLY_XXE)) {
		lab_hostile_dtd(h, "rpc-reply", h->mode == H_REPLY_LAUGHS, dtd, sizeof(dtd));
		lab_hostile_partstr(h, dtd);
	}
	if (first && h->mode == H_CLOSE_MID) {
		lab_hostile_partstr(h, head);
		lab_hostile_partstr(h, lab_hostile_body_open(rpc));
		lab_hostile_partstr(h, "<instance><name>Cust11</name><instance-ty");
		exit(0);
	}
	if (first && h->mode == H_CHUNK_STALL) {
		lab_hostile_str(h, "\n#65536\n");
		lab_hostile_str(h, head);
		lab_hostile_hang();
	}
	if (first && h->mode == H_BAD_CHUNK) {
		lab_hostile_partstr(h, head);
		lab_hostile_str(h, "\n#18446744073709551617\n<configuration/>");
		lab_hostile_hang();
	}
	lab_hostile_partstr(h, head);
	if (h->mode == H_CTRL_ERROR || h->mode == H_CTRL_RAW) {
		lab_hostile_ctrl_error(h, h->mode == H_CTRL_RAW);
	} else if (first && h->mode == H_ENDLESS) {
		lab_hostile_stream(h, rpc, true, 0);
	} else if (first && h->mode == H_OVERSIZE) {
		mib = h->arg != NULL ? strtoull(h->arg, NULL, 10) : 600;
		lab_hostile_stream(h, rpc, false, (mib ? mib : 600) << 20);
	} else if (first && h->mode == H_HUGE_TEXT) {
		mib = h->arg != NULL ? strtoull(h->arg, NULL, 10) : 64;
		lab_hostile_huge_text(h, (mib ? mib : 64) << 20);
	} else if (first && h->mode == H_REPLY_LAUGHS) {
		lab_hostile_partstr(h, "<configuration><version>&lol9;</version></configuration>\n");
	} else if (first && h->mode == H_REPLY_XXE) {
		lab_hostile_partstr(h, "<configuration><version>&xxe;</version></configuration>\n");
	} else {
		/* what a box answers to a query it has nothing for */
		lab_hostile_partstr(h, lab_hostile_body_open(rpc));
		lab_hostile_partstr(h, lab_hostile_body_close(rpc));
	}
	lab_hostile_partstr(h, "</rpc-reply>\n");
	lab_hostile_end(h);
	return true;
}

/* ------------------------------------------------------------------ main */

static int
lab_hostile_parse(int argc, char **argv, char *line, size_t size, struct lab_hostile *h)
{
	const char *name = NULL;
	size_t i;

	if (argc >= 2 && strcmp(argv[0], "--mode-file") == 0) {
		FILE *f = fopen(argv[1], "r");
		char *sp;

		if (f == NULL || fgets(line, (int)size, f) == NULL) {
			fprintf(stderr, "erguard-lab hostile: cannot read %s\n", argv[1]);
			if (f != NULL)
				fclose(f);
			return -1;
		}
		fclose(f);
		line[strcspn(line, "\r\n")] = '\0';
		name = line;
		if ((sp = strchr(line, ' ')) != NULL) {
			*sp = '\0';
			h->arg = sp + 1;
		}
	} else if (argc >= 1 && argc <= 2) {
		name = argv[0];
		h->arg = argc == 2 ? argv[1] : NULL;
	}
	for (i = 0; name != NULL && i < sizeof(lab_hostile_modes) / sizeof(lab_hostile_modes[0]); i++) {
		if (strcmp(name, lab_hostile_modes[i].name) == 0) {
			h->mode = lab_hostile_modes[i].mode;
			return 0;
		}
	}
	if (name != NULL)
		fprintf(stderr, "erguard-lab hostile: unknown mode '%s'\n", name);
	lab_hostile_usage(stderr);
	return -1;
}

int
lab_hostile_main(int argc, char **argv)
{
	struct lab_hostile h;
	char line[512];
	char *msg, err[256], junk[4096];
	size_t len, i;

	memset(&h, 0, sizeof(h));
	if (lab_hostile_parse(argc, argv, line, sizeof(line), &h) != 0)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	alarm(LAB_HOSTILE_MAX_S);
	lab_framing_init(&h.fr, STDIN_FILENO, STDOUT_FILENO, LAB_HOSTILE_IDLE_MS);
	switch (h.mode) {
	case H_NO_HELLO:
		lab_hostile_hang();
		break;
	case H_FLOOD:
		for (i = 0; i < sizeof(junk); i++)
			junk[i] = i % 64 == 63 ? '\n' : "<flood/>"[i % 8];
		for (;;)
			lab_hostile_raw(&h, junk, sizeof(junk));
		break;
	case H_DRIP:
		h.drip_ms = h.arg != NULL ? atoi(h.arg) : 50;
		if (h.drip_ms <= 0)
			h.drip_ms = 50;
		break;
	default:
		break;
	}
	lab_hostile_hello(&h);
	lab_hostile_client_hello(&h);
	for (;;) {
		bool more;

		if (lab_framing_read(&h.fr, &msg, &len, err, sizeof(err)) != 0)
			break;
		more = lab_hostile_answer(&h, msg);
		free(msg);
		if (!more)
			break;
	}
	lab_framing_clear(&h.fr);
	return 0;
}
