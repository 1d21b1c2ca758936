/*
 * nc_fake_server.c - a scripted Junos-like NETCONF server (see
 * nc_fake_server.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nc_fake_server.h"

static void
serve_write(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w <= 0)
			_exit(9);
		s += w;
		n -= (size_t)w;
	}
}

/* Read one end-of-message framed message from stdin into buf; false at EOF. */
static bool
serve_read_msg(char *buf, size_t size)
{
	size_t n = 0;

	while (n + 1 < size) {
		ssize_t r = read(STDIN_FILENO, buf + n, 1);

		if (r <= 0)
			return false;
		n++;
		if (n >= 6 && memcmp(buf + n - 6, "]]>]]>", 6) == 0) {
			buf[n - 6] = '\0';
			return true;
		}
	}
	return false;
}

static int
serve(const char *mode)
{
	static const char hello[] =
		"<!-- No zombies were killed during the creation of this user interface -->\n"
		"<!-- user erguard, class j-super-user -->\n"
		"<hello xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><capabilities>"
		"<capability>urn:ietf:params:netconf:base:1.0</capability>"
		"<capability>http://xml.juniper.net/netconf/junos/1.0</capability>"
		"</capabilities><session-id>4242</session-id></hello>\n]]>]]>\n";
	char msg[8192], out[512];
	int n;

	serve_write(hello, strlen(hello));
	if (!serve_read_msg(msg, sizeof(msg)) || strstr(msg, "<hello") == NULL)
		return 3;
	while (serve_read_msg(msg, sizeof(msg))) {
		const char *id = strstr(msg, "message-id=\"");
		long mid = id ? strtol(id + 12, NULL, 10) : 0;

		if (strstr(msg, "<close-session") != NULL) {
			n = snprintf(out, sizeof(out), "<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
				     "message-id=\"%ld\"><ok/></rpc-reply>\n]]>]]>\n", mid);
			serve_write(out, (size_t)n);
			return 0;
		}
		if (strcmp(mode, "stall") == 0)
			continue;	/* never answer */
		n = snprintf(out, sizeof(out), "\n<rpc-reply xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" "
			     "xmlns:junos=\"http://xml.juniper.net/junos/21.4R0/junos\" message-id=\"%ld\">\n"
			     "<route-information>", mid);
		serve_write(out, (size_t)n);
		if (strcmp(mode, "drop") == 0)
			return 0;
		if (strcmp(mode, "big") == 0) {
			int i;

			for (i = 0; i < 20000; i++) {
				n = snprintf(out, sizeof(out), "<rt><rt-destination>10.%d.%d.0/24"
					     "</rt-destination></rt>\n", i / 256, i % 256);
				serve_write(out, (size_t)n);
			}
		}
		n = snprintf(out, sizeof(out), "</route-information>\n</rpc-reply>\n]]>]]>\n");
		serve_write(out, (size_t)n);
	}
	return 0;
}

/*
 * The start of main() in a test binary that is also the server: when
 * started as "BINARY --serve MODE", serves and returns the exit status;
 * otherwise stores this binary's path in self (the command the tests have
 * run as the server) and returns -1, or 1 when the path cannot be read.
 */
int
serve_main(int argc, char **argv, char *self, size_t size)
{
	ssize_t n;

	if (argc == 3 && strcmp(argv[1], "--serve") == 0)
		return serve(argv[2]);
	n = readlink("/proc/self/exe", self, size - 1);
	if (n <= 0)
		return 1;
	self[n] = '\0';
	return -1;
}
