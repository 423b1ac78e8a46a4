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

/* Word-pair tokens (issue #3: search stays fast on names made of the
 * commonest words).  For two different words a, b of one name: "a_b_", both
 * whole, the smaller (memcmp) first; and when a has 3 characters or more,
 * "A_Bk" for k = 2, 3, 4 up to the length of b, A the first 3 characters of
 * a and Bk the first k of b.  A typed pair (x, y) looks up
 * text_pair_token(x, y, whole): when both must be whole words, "x_y_" in
 * order; when they may be prefixes (x of 3 characters or more, y of 2 or
 * more), "X_Y" with X the first 3 characters of x and Y the first 4 of y
 * (all of y when shorter).  A query ANDs a few such tokens, whose doclists
 * are small where those of single words ("thi", "nguyen") are huge; what it
 * finds is a superset, to be checked against the name.  words: folded words
 * separated by single spaces; at most TEXT_PAIR_WORDS_MAX distinct words
 * are paired, a longer list writes the single token TEXT_PAIR_LONG instead.
 * Tokens are appended to out separated by spaces. */
#define TEXT_PAIR_WORDS_MAX 32
/* The longest prefix of b in a token (k above). */
#define TEXT_PAIR_PREFIX_MAX 4
#define TEXT_PAIR_LONG "_long"
void text_pair_tokens(struct buf *out, const char *words);
/* The token that a typed pair looks up (see above). */
void text_pair_token(struct buf *out, const char *x, size_t xn, const char *y, size_t yn,
		     int whole);
/* Number of characters (code points) of the n bytes at s. */
size_t text_chars(const char *s, size_t n);

#endif
