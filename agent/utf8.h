/*
 * utf8.h - UTF-8 encoding and decoding (utf8.c).
 */
#ifndef EG_UTF8_H
#define EG_UTF8_H

#include <stddef.h>

/* Write the UTF-8 encoding of code point cp to out (4 bytes room); bytes written. */
size_t eg_utf8_put(unsigned long cp, char *out);

/*
 * The code point of the well-formed UTF-8 sequence at p into *cp, and its
 * length (1 to 4); 0 when p holds no well-formed sequence (a stray byte,
 * an overlong form, a surrogate, beyond U+10FFFF).
 */
size_t eg_utf8_get(const unsigned char *p, unsigned long *cp);

#endif
