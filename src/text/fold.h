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

#endif
