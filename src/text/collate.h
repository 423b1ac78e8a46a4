/* Vietnamese sort order through ICU's "vi" collator: a < ă < â < b < c < d <
 * đ < e < ê ..., tones (none, huyền, hỏi, ngã, sắc, nặng) after base letters.
 * Sort keys are stored beside names (a BLOB column) so ORDER BY is correct
 * and cheap.  The collator is opened once per process (thread-safe clones
 * for threads). */
#ifndef ANSINH_TEXT_COLLATE_H
#define ANSINH_TEXT_COLLATE_H

#include "base/buf.h"

/* Appends the binary sort key of the UTF-8 string s to out (replacing
 * nothing: callers reset first).  Keys compare with memcmp. */
void collate_key(struct buf *out, const char *s);
/* Person order: given name (last word) first, then the rest, so
 * "Trần Văn An" sorts before "Lê Thị Bình". */
void collate_key_given_first(struct buf *out, const char *s);
/* strcmp-like comparison of two UTF-8 strings in Vietnamese order. */
int collate_cmp(const char *a, const char *b);

#endif
