/*
 * nc_frame_int.h - what nc_frame.c (framing, hello) and nc_frame_reply.c
 * (RPCs and the reply reader) share about struct eg_nc_frame's states.
 * Private to those two files.
 */
#ifndef EG_NC_FRAME_INT_H
#define EG_NC_FRAME_INT_H

#define EG_NC_RBUF (64u * 1024)		/* receive buffer */
#define EG_NC_HEAD_MAX (64u * 1024)	/* a reply's kept head, up to its root start tag */

/* The UTF-8 byte order mark XML allows before a document's first byte. */
#define EG_NC_BOM "\xef\xbb\xbf"
#define EG_NC_BOM_LEN 3

/* Message decoding states (mstate). */
enum { EG_NC_MS_BEGIN, EG_NC_MS_BODY, EG_NC_MS_END };

/* Reply prolog states (see nc_frame_prolog_scan in nc_frame_reply.c). */
enum {
	EG_NC_P_IDLE,		/* no reply expected */
	EG_NC_P_DROP,		/* nothing kept yet: skip space */
	EG_NC_P_CMT_DROP,	/* inside a leading comment, dropped */
	EG_NC_P_BOM,		/* inside a leading byte order mark */
	EG_NC_P_LT1,		/* kept "<" */
	EG_NC_P_LT2,		/* kept "<!" */
	EG_NC_P_LT3,		/* kept "<!-" */
	EG_NC_P_CMT_KEEP,	/* inside a comment after a kept PI */
	EG_NC_P_PI,		/* inside <?...?> */
	EG_NC_P_KEPT,		/* between kept markup */
	EG_NC_P_TAG,		/* inside the root start tag */
	EG_NC_P_FLUSH,		/* handing out the kept head */
	EG_NC_P_PASS,		/* passing the body through */
	EG_NC_P_SKIP,		/* discarding a message that is not a reply */
	EG_NC_P_DONE		/* reply ended */
};

#endif
