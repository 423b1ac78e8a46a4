/* One listing, three formats: aligned text for people (money with dot
 * thousands separators, numbers right-aligned), CSV (RFC 4180) and JSON (an
 * array of objects, numbers as numbers) for programs. */
#ifndef ANSINH_CLI_OUT_H
#define ANSINH_CLI_OUT_H

#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "cli/cli.h"

enum col_type {
	COL_TEXT,
	COL_INT,   /* decimal integer */
	COL_MONEY, /* integer đồng: "1.000.000" in text, raw in CSV/JSON */
	COL_NUM,   /* a decimal number given as text ("12.34"); right-aligned */
	COL_BOOL,  /* "0"/"1": true/false in JSON */
	COL_DATE,  /* ISO date: dd/mm/yyyy in text */
	COL_TIME,  /* UTC ISO timestamp: dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh in text */
};

struct out_col {
	const char *key;   /* JSON key and CSV header */
	const char *title; /* text header */
	enum col_type type;
};

struct out {
	enum out_format fmt;
	FILE *f;
	const struct out_col *cols;
	int ncols;
	int nrows;
	char **cells; /* text: rows kept to align columns */
	int cap;
	struct buf line;
};

void out_begin(struct out *o, enum out_format fmt, FILE *f, const struct out_col *cols, int ncols);
/* vals[i] may be NULL (empty / JSON null). */
void out_row(struct out *o, const char *const vals[]);
void out_end(struct out *o);

/* Small formatting helpers for filling vals[]. */
const char *fmt_i64(char tmp[24], int64_t v);
/* percent in hundredths -> "123.45"; NULL when negative (no target). */
const char *fmt_pct(char tmp[32], int64_t pct_x100);

#endif
