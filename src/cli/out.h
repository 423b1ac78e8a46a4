/* One listing, four formats: aligned text for people (money with dot
 * thousands separators, numbers right-aligned), CSV (RFC 4180) and JSON (an
 * array of objects, numbers as numbers) for programs, and an Excel workbook
 * (doc/xlsx.h: typed cells, Vietnamese titles, a title row naming the list
 * and the campaign) for the districts.
 *
 * A listing command takes OUT_DEST_SPECS (--format, --out/-o), checks them
 * with out_dest_check() before it opens the database, and then:
 *     out_open(&o, &dest, ctx->out, "Danh sách …", campaign_name, cols, n, e);
 *     out_row(&o, vals) for each row;
 *     rc = out_close(&o, rc, e);
 * With --out the file appears whole when the listing succeeded, and is left
 * as it was when it failed. */
#ifndef ANSINH_CLI_OUT_H
#define ANSINH_CLI_OUT_H

#include <stdint.h>
#include <stdio.h>

#include "base/afile.h"
#include "base/buf.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "text/labels.h"

struct xlsx_table;

enum col_type {
	COL_TEXT,
	COL_INT,   /* decimal integer */
	COL_MONEY, /* integer đồng: "1.000.000" in text, raw in CSV/JSON */
	COL_NUM,   /* a decimal number given as text ("12.34"); right-aligned */
	COL_BOOL,  /* "0"/"1": true/false in JSON */
	COL_DATE,  /* ISO date: dd/mm/yyyy in text */
	COL_PCT,   /* a percentage as COL_NUM ("12.34"); a percent cell in xlsx */
	COL_TIME,  /* UTC ISO timestamp: dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh in text */
};

struct out_col {
	const char *key;   /* JSON key and CSV header */
	const char *title; /* text and xlsx header: Vietnamese */
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
	struct afile file;       /* --out: the file being written */
	struct xlsx_table *xlsx; /* OUT_XLSX */
	struct xlsx_col *xcols;  /* cols as doc/xlsx.h has them */
};

/* --format and --out, as a listing command parses them. */
struct out_dest {
	char *format;        /* text (default), csv, json or xlsx */
	char *path;          /* --out FILE / -o FILE: written whole or not at all */
	enum out_format fmt; /* set by out_dest_check */
};
#define OUT_DEST_SPECS(d)                                                          \
	{"format", ARG_STR, &(d).format}, {"out", ARG_STR, &(d).path}, {"o", ARG_STR, &(d).path}

/* Parses --format; xlsx needs --out (a workbook is no use on a terminal).
 * Usage error otherwise. */
int out_dest_check(struct out_dest *d, struct err *e);

/* Starts a listing to d->path, or to f when there is none.  title names the
 * list (xlsx: row 1, the sheet, the document) and campaign, when the list
 * is one campaign's, is added to it.  -1 with e set when the file cannot be
 * created; then out_close(o, -1, e) still has to be called. */
int out_open(struct out *o, const struct out_dest *d, FILE *f, const char *title,
	     const char *campaign, const struct out_col *cols, int ncols, struct err *e);
/* A bold totals row after the last row; xlsx only (the other formats carry
 * their totals elsewhere or leave them to the reader). */
void out_total(struct out *o, const char *const vals[]);
/* Ends the listing.  rc is the listing's outcome so far: when it is < 0 the
 * file is discarded and rc returned; else the file is completed (-1 with e
 * set if that fails). */
int out_close(struct out *o, int rc, struct err *e);

/* The same to a stream without a title, for text, CSV and JSON only. */
void out_begin(struct out *o, enum out_format fmt, FILE *f, const struct out_col *cols, int ncols);
/* vals[i] may be NULL (empty / JSON null). */
void out_row(struct out *o, const char *const vals[]);
void out_end(struct out *o);

/* A stored code as this listing shows it: its Vietnamese label for people
 * (text and xlsx: "Tiền mặt"), the code itself for programs (CSV and JSON:
 * "cash"), or the code when the table does not know it. */
const char *out_code(const struct out *o, const struct code_label *table, const char *code);

/* Small formatting helpers for filling vals[]. */
const char *fmt_i64(char tmp[24], int64_t v);
/* percent in hundredths -> "123.45"; NULL when negative (no target). */
const char *fmt_pct(char tmp[32], int64_t pct_x100);

/* A list command with no options of its own ([--format F] [--out FILE]):
 * parses them, opens the database, and writes every row each() gives under
 * the title (workbooks name it in row 1).  For `campaign list`, `user list`,
 * `token list` and their like. */
struct db;
typedef int (*out_each_fn)(struct db *db, struct out *o, struct err *e);
int out_list_cmd(struct cli_ctx *ctx, int argc, char **argv, const char *title,
		 const struct out_col *cols, int ncols, out_each_fn each, struct err *e);

#endif
