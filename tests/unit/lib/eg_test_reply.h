/*
 * eg_test_reply.h - a large Junos reply generated on the fly, for the
 * parser's reader callback (eg_junos_parse_io).
 *
 * The reply is a head, n items and a tail.  The caller gives the head and
 * the tail as text and the items as a function that writes item i (a
 * route-information <rt>, say) into a buffer; eg_test_reply_read() hands
 * them out in the sizes the parser asks for, so the reply is never held
 * whole.  i counts the items written so far.
 *
 * Implemented in eg_test_reply.c, part of libegtest.a.
 */
#ifndef EG_TEST_REPLY_H
#define EG_TEST_REPLY_H

#include <stddef.h>

/* Writes item i into buf (snprintf's contract: the length it wanted). */
typedef int (*eg_test_reply_item_fn)(char *buf, size_t size, size_t i);

struct eg_test_reply {
	const char *head, *tail;
	eg_test_reply_item_fn item;
	size_t n, i;		/* items to write, items written */
	/* the generator's own */
	int stage;		/* 0 head, 1 items then tail, 2 done */
	const char *cur;	/* what is being handed out: buf, head or tail */
	char buf[1024];
	size_t len, pos;
};

/* An eg_read_fn: copies up to len bytes of the reply into out; 0 at its end. */
int eg_test_reply_read(void *ctx, char *out, int len);

#endif
