/* UTF-8 validation and NFC normalisation: every piece of text that enters
 * ansinh (CLI argument, CSV cell, form field, JSON string) passes through
 * text_clean() or text_nfc() before it is stored or compared. */
#ifndef ANSINH_TEXT_UTF8_H
#define ANSINH_TEXT_UTF8_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* 1 when s[0..len) is well-formed UTF-8 with no NUL byte, else 0. */
int text_is_utf8(const char *s, size_t len);

/* Validates and returns a malloc'd NFC copy.  On invalid UTF-8 returns NULL
 * and sets e to "invalid UTF-8 at byte N".  Keeps all white space. */
char *text_nfc(const char *s, size_t len, struct err *e);

/* As text_nfc, and also trims leading/trailing white space and collapses each
 * inner run of white space (including tabs, newlines, NBSP) to one space:
 * the rule for names, codes and other one-line fields.  Refuses control
 * characters, DEL, zero-width and bidi-override characters and the BOM,
 * which hide text or drive terminals ("control or invisible character
 * U+001B at byte N"). */
char *text_clean(const char *s, size_t len, struct err *e);

/* Lower case (Unicode simple case folding), diacritics kept: the key used to
 * decide that two spellings of a name are the same donor.  Input must be
 * valid UTF-8 (already cleaned); result is NFC, malloc'd. */
char *text_lower(const char *s);

/* Number of terminal columns the string takes (code points minus combining
 * marks; East Asian wide characters count 2).  Input must be valid UTF-8. */
size_t text_width(const char *s);

#endif
