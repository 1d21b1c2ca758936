/*
 * lab_framing.c - end-of-message and chunked framing for the lab's device
 * server (see lab_framing.h for the guarantees).
 */
#include "lab_framing.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
lab_framing_init(struct lab_framing *f, int rfd, int wfd, int idle_ms)
{
	memset(f, 0, sizeof(*f));
	f->rfd = rfd;
	f->wfd = wfd;
	f->idle_ms = idle_ms;
}

void
lab_framing_clear(struct lab_framing *f)
{
	if (f == NULL)
		return;
	free(f->buf);
	f->buf = NULL;
	f->len = f->cap = 0;
}

/* Read more input into the buffer: 0 got some, 1 end of input, -1 error. */
static int
lab_framing_fill(struct lab_framing *f, char *err, size_t errlen)
{
	struct pollfd p = { .fd = f->rfd, .events = POLLIN };
	ssize_t n;
	int r;

	if (f->len >= LAB_FRAMING_MAX + 64) {
		snprintf(err, errlen, "input message larger than %u bytes", LAB_FRAMING_MAX);
		return -1;
	}
	if (f->cap - f->len < 65536) {
		size_t cap = f->cap ? f->cap * 2 : 131072;
		char *nb = realloc(f->buf, cap + 1);
		if (nb == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		f->buf = nb;
		f->cap = cap;
	}
	do {
		r = poll(&p, 1, f->idle_ms > 0 ? f->idle_ms : -1);
	} while (r < 0 && errno == EINTR);
	if (r == 0) {
		snprintf(err, errlen, "idle for %d s: closing the session", f->idle_ms / 1000);
		return -1;
	}
	if (r < 0) {
		snprintf(err, errlen, "poll: %s", strerror(errno));
		return -1;
	}
	do {
		n = read(f->rfd, f->buf + f->len, f->cap - f->len);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(err, errlen, "read: %s", strerror(errno));
		return -1;
	}
	if (n == 0)
		return 1;
	f->len += (size_t)n;
	f->buf[f->len] = '\0';
	return 0;
}

/* Remove the first n bytes of the buffer. */
static void
lab_framing_consume(struct lab_framing *f, size_t n)
{
	memmove(f->buf, f->buf + n, f->len - n);
	f->len -= n;
	if (f->buf != NULL)
		f->buf[f->len] = '\0';
}

static int
lab_framing_take(const char *p, size_t n, char **msg, size_t *len, char *err, size_t errlen)
{
	char *m = malloc(n + 1);

	if (m == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(m, p, n);
	m[n] = '\0';
	*msg = m;
	*len = n;
	return 0;
}

static int
lab_framing_read_eom(struct lab_framing *f, char **msg, size_t *len, char *err, size_t errlen)
{
	size_t scanned = 0;

	for (;;) {
		if (f->len >= 6) {
			char *d = memmem(f->buf + scanned, f->len - scanned, LAB_FRAMING_EOM, 6);
			if (d != NULL) {
				size_t n = (size_t)(d - f->buf);
				int rc = lab_framing_take(f->buf, n, msg, len, err, errlen);
				lab_framing_consume(f, n + 6);
				return rc;
			}
			scanned = f->len - 5;
		}
		{
			int rc = lab_framing_fill(f, err, errlen);
			if (rc == 1) {
				size_t i = 0;
				while (i < f->len && strchr(" \t\r\n", f->buf[i]) != NULL)
					i++;
				if (i == f->len)
					return 1;
				snprintf(err, errlen, "input ended inside a message");
				return -1;
			}
			if (rc != 0)
				return rc;
		}
	}
}

/*
 * Chunked framing: "\n#<len>\n<data>" repeated, then "\n##\n".  Parse from
 * the start of the buffer; when more input is needed, read and start over
 * (messages are small next to the cost of the round trip).
 */
static int
lab_framing_read_chunked(struct lab_framing *f, char **msg, size_t *len, char *err, size_t errlen)
{
	for (;;) {
		size_t pos = 0, total = 0;
		bool need_more = false;
		char *out = NULL;
		/* first pass: validate and size; second: copy */
		for (int pass = 0; pass < 2 && !need_more; pass++) {
			pos = 0;
			total = 0;
			while (pos < f->len && strchr("\r\n \t", f->buf[pos]) != NULL &&
			       !(f->buf[pos] == '\n' && pos + 1 < f->len && f->buf[pos + 1] == '#'))
				pos++;
			for (;;) {
				if (f->len - pos < 4) {
					need_more = true;
					break;
				}
				if (f->buf[pos] != '\n' || f->buf[pos + 1] != '#') {
					snprintf(err, errlen, "chunked framing: expected a chunk header");
					free(out);
					return -1;
				}
				if (f->buf[pos + 2] == '#') {
					if (f->buf[pos + 3] != '\n') {
						snprintf(err, errlen, "chunked framing: bad end-of-chunks");
						free(out);
						return -1;
					}
					pos += 4;
					break;
				}
				{
					size_t i = pos + 2, n = 0;
					while (i < f->len && f->buf[i] >= '0' && f->buf[i] <= '9' && i - pos < 14) {
						n = n * 10 + (size_t)(f->buf[i] - '0');
						i++;
					}
					if (i >= f->len) {
						need_more = true;
						break;
					}
					if (f->buf[i] != '\n' || i == pos + 2 || n == 0 || n > LAB_FRAMING_MAX) {
						snprintf(err, errlen, "chunked framing: bad chunk size");
						free(out);
						return -1;
					}
					i++;
					if (f->len - i < n) {
						need_more = true;
						break;
					}
					if (pass == 1)
						memcpy(out + total, f->buf + i, n);
					total += n;
					if (total > LAB_FRAMING_MAX) {
						snprintf(err, errlen, "input message too large");
						free(out);
						return -1;
					}
					pos = i + n;
				}
			}
			if (!need_more && pass == 0) {
				out = malloc(total + 1);
				if (out == NULL) {
					snprintf(err, errlen, "out of memory");
					return -1;
				}
			}
		}
		if (!need_more) {
			out[total] = '\0';
			*msg = out;
			*len = total;
			lab_framing_consume(f, pos);
			return 0;
		}
		free(out);
		{
			int rc = lab_framing_fill(f, err, errlen);
			if (rc == 1) {
				size_t i = 0;
				while (i < f->len && strchr(" \t\r\n", f->buf[i]) != NULL)
					i++;
				if (i == f->len)
					return 1;
				snprintf(err, errlen, "input ended inside a message");
				return -1;
			}
			if (rc != 0)
				return rc;
		}
	}
}

int
lab_framing_read(struct lab_framing *f, char **msg, size_t *len, char *err, size_t errlen)
{
	*msg = NULL;
	*len = 0;
	return f->chunked ? lab_framing_read_chunked(f, msg, len, err, errlen)
			  : lab_framing_read_eom(f, msg, len, err, errlen);
}

int
lab_framing_write_raw(int fd, const char *buf, size_t len, char *err, size_t errlen)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "write: %s", n < 0 ? strerror(errno) : "nothing written");
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

int
lab_framing_write(struct lab_framing *f, const char *msg, size_t len, size_t limit,
		  char *err, size_t errlen)
{
	char head[32];
	size_t hl = 0, total;
	char *out;
	int rc;

	if (f->chunked)
		hl = (size_t)snprintf(head, sizeof(head), "\n#%zu\n", len);
	total = hl + len + (f->chunked ? 4 : 6);
	if ((out = malloc(total)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(out, head, hl);
	memcpy(out + hl, msg, len);
	memcpy(out + hl + len, f->chunked ? "\n##\n" : LAB_FRAMING_EOM, f->chunked ? 4 : 6);
	if (limit != (size_t)-1 && limit < total)
		total = limit;
	if (f->chunked && len == 0) {
		/* an empty chunk is not allowed: send only the end marker */
		rc = lab_framing_write_raw(f->wfd, "\n##\n", 4, err, errlen);
	} else {
		rc = lab_framing_write_raw(f->wfd, out, total, err, errlen);
	}
	free(out);
	return rc;
}
