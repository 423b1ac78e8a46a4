/* Folding for search: lower case, every diacritic stripped, đ/Đ mapped to d,
 * so that "duc" finds "Đức" and "NGUYEN" finds "Nguyễn".  Input must be
 * valid UTF-8.  Non-letters other than digits become spaces; runs of spaces
 * are collapsed and the result is trimmed, so the output is a sequence of
 * ASCII-or-other-script words separated by single spaces. */
#ifndef ANSINH_TEXT_FOLD_H
#define ANSINH_TEXT_FOLD_H

#include <stddef.h>

#include "base/buf.h"

void text_fold(struct buf *out, const char *s, size_t len);
/* Convenience: malloc'd folded copy of a C string. */
char *text_fold_dup(const char *s);

/* Finds word w (n bytes) among the space-separated words of the folded
 * text s: 2 when a word equals it, 1 when a word only starts with it, 0 when
 * no word does. */
int text_word_in(const char *s, const char *w, size_t n);
/* Every word of the folded query q starts a word of s: 2 when all are whole
 * words, 1 when all are at least prefixes, 0 otherwise (also for an empty q). */
int text_words_match(const char *s, const char *q);

#endif
