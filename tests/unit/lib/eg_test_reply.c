/*
 * eg_test_reply.c - a large Junos reply generated on the fly (see
 * eg_test_reply.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "eg_test_reply.h"

int
eg_test_reply_read(void *ctx, char *out, int len)
{
	struct eg_test_reply *g = ctx;
	int done = 0;

	while (done < len) {
		if (g->pos == g->len) {
			if (g->stage == 0) {
				g->cur = g->head;
				g->len = strlen(g->head);
				g->stage = 1;
			} else if (g->stage == 1 && g->i < g->n) {
				int w = g->item(g->buf, sizeof(g->buf), g->i++);

				assert_true(w > 0 && (size_t)w < sizeof(g->buf));
				g->cur = g->buf;
				g->len = (size_t)w;
			} else if (g->stage == 1) {
				g->cur = g->tail;
				g->len = strlen(g->tail);
				g->stage = 2;
			} else {
				return done;
			}
			g->pos = 0;
		}
		while (done < len && g->pos < g->len)
			out[done++] = g->cur[g->pos++];
	}
	return done;
}
