/* Money is int64_t đồng.  These parse what people type and print what they
 * expect to read. */
#ifndef ANSINH_TEXT_MONEY_H
#define ANSINH_TEXT_MONEY_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

/* Largest amount that can be read in words: 999.999.999.999.999.999 đ. */
#define MONEY_WORDS_MAX INT64_C(999999999999999999)

/* Parses a non-negative whole amount of đồng as typed: "1.000.000",
 * "1,000,000", "1000000", "1 000 000", with an optional currency suffix
 * "đ", "đồng", "VND", "VNĐ" (any case, with or without a space).  Rejects
 * empty text, signs, fractions ("1.000,5", "1.5"), ambiguous or misplaced
 * separators ("1.00.000", "1,000.000"), overflow.  On error returns -1 and
 * sets e to a short reason without location, e.g. "not an amount: '1.5'";
 * callers prefix the place. */
int money_parse(const char *s, int64_t *out, struct err *e);

/* "232.000.000.000 đ" (dot thousands separator, negative with a leading
 * minus sign). */
void money_format(struct buf *out, int64_t v);
/* The same without the " đ" suffix: "232.000.000.000". */
void money_format_plain(struct buf *out, int64_t v);
/* Dashboard form: "232 tỷ", "1,5 tỷ", "850 triệu", "12,3 nghìn"; one
 * decimal at most, trailing ",0" dropped, below 1.000 just the number + " đ". */
void money_format_short(struct buf *out, int64_t v);

enum money_dialect { MONEY_NORTH = 0, MONEY_SOUTH = 1 };

/* Amount in words, first letter capitalised, ending in "đồng":
 * 232000000000 -> "Hai trăm ba mươi hai tỷ đồng".  Rules of issue #3
 * (linh/lẻ, mốt, lăm, không trăm, nghìn/ngàn, tỷ counts above 999).
 * Returns -1 with e set for v < 0 or v > MONEY_WORDS_MAX. */
int money_words(struct buf *out, int64_t v, enum money_dialect d, struct err *e);

#endif
