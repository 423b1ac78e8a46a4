/* Excel workbooks (.xlsx) of one table: the lists and reports that the
 * districts forward, opened in Excel or LibreOffice by clerks.
 *
 * A workbook has one sheet laid out the same way for every list:
 *
 *   row 1  the list's name and the campaign's ("Danh sách đóng góp — Cuộc vận động …")
 *   row 2  "Ngày xuất: dd/mm/yyyy HH:MM" (Asia/Ho_Chi_Minh)
 *   row 4  the column titles: bold, filled, bordered, with an autofilter; the
 *          panes are frozen below it so it stays in view
 *   row 5… the rows, then an optional bold totals row
 *
 * Cells are typed: numbers are numbers (a clerk can sum them), dates are real
 * Excel dates shown dd/mm/yyyy.  Column widths fit the longest cell, counted
 * in characters (UTF-8 code points), capped at XLSX_WIDTH_MAX.
 *
 * Memory stays bounded whatever the number of rows: the workbook is written
 * in libxlsxwriter's constant_memory mode (each row goes to a temporary file
 * as soon as the next one starts; strings are stored inline, not in a shared
 * table).  The price is that rows are written in order, once: xlsx_row() and
 * xlsx_total() only ever append.
 *
 * Use:
 *     struct xlsx_table *t;
 *     if (xlsx_open(&t, "ds.xlsx", &meta, cols, ncols, e) < 0) return -1;
 *     for each row: xlsx_row(t, vals);        (errors are kept for xlsx_close)
 *     xlsx_total(t, totals);                  (optional, last)
 *     return xlsx_close(t, e);                (or xlsx_discard(t) on failure)
 *
 * The file appears whole or not at all: the workbook is written to a
 * temporary file next to PATH and renamed over it when complete.  For the web
 * (which serves bytes, not files) see xlsx_temp_open(). */
#ifndef ANSINH_DOC_XLSX_H
#define ANSINH_DOC_XLSX_H

#include <stdint.h>
#include <time.h>

#include "base/buf.h"
#include "base/err.h"

/* Widest column, in characters: longer cells overflow rather than make the
 * sheet unreadable on a laptop screen. */
#define XLSX_WIDTH_MAX 60
/* Rows an Excel sheet holds (Excel 2007 and later, LibreOffice 7). */
#define XLSX_SHEET_ROWS 1048576
/* Excel's limit on a sheet's name, in characters. */
#define XLSX_SHEET_NAME_MAX 31

/* What a cell's text means; each value is given as text, as the CSV has it. */
enum xlsx_type {
	XLSX_TEXT,    /* written as a string, never interpreted ("0301234567" keeps its 0) */
	XLSX_INT,     /* decimal integer: ids, counts; shown as is */
	XLSX_MONEY,   /* integer đồng, shown with thousands separators (see xlsx.c) */
	XLSX_NUM,     /* decimal number "12.34", shown with two decimals */
	XLSX_PERCENT, /* a percentage as "12.34" (meaning 12.34 %), stored as 0.1234 */
	XLSX_DATE,    /* ISO "YYYY-MM-DD", stored as an Excel date, shown dd/mm/yyyy */
	XLSX_BOOL,    /* "0"/"1", shown "không"/"có" */
	XLSX_NTYPES
};

struct xlsx_col {
	const char *title; /* Vietnamese, NFC */
	enum xlsx_type type;
};

struct xlsx_meta {
	const char *title;    /* the list's name: row 1, the sheet's name, the document title */
	const char *campaign; /* the campaign's name, added to row 1; NULL when not per campaign */
	time_t now;           /* the export time shown in row 2 and stored as the creation
			       * date: fixed by the caller for reproducible files */
};

struct xlsx_table;

/* Starts a workbook that will become PATH.  cols (ncols of them) must stay
 * valid until xlsx_close/xlsx_discard.  Fails when the directory cannot
 * hold a temporary file. */
int xlsx_open(struct xlsx_table **t, const char *path, const struct xlsx_meta *m,
	      const struct xlsx_col *cols, int ncols, struct err *e);

/* Appends a row; vals[i] NULL or "" leaves the cell empty (bordered).  A
 * value that does not parse as its column's type is written as text.  An
 * error (a sheet full at XLSX_SHEET_ROWS) is kept and returned by
 * xlsx_close; later rows are then ignored. */
void xlsx_row(struct xlsx_table *t, const char *const vals[]);

/* Appends the bold totals row (after the last xlsx_row). */
void xlsx_total(struct xlsx_table *t, const char *const vals[]);

/* Sets the column widths, the autofilter and the properties, writes the
 * workbook and renames it to PATH; frees t.  -1 with e set on any error
 * (then PATH is untouched). */
int xlsx_close(struct xlsx_table *t, struct err *e);

/* Frees t without writing anything; PATH is untouched. */
void xlsx_discard(struct xlsx_table *t);

/* For the web, which serves bytes, not files: xlsx_open on a temporary
 * file of its own in $TMPDIR (rows then go out with xlsx_row as they come,
 * so a long list is never held in memory), and xlsx_temp_finish to close
 * it, append the whole file to out and remove it (xlsx_discard removes it
 * too). */
int xlsx_temp_open(struct xlsx_table **out, const struct xlsx_meta *m,
		   const struct xlsx_col *cols, int ncols, struct err *e);
int xlsx_temp_finish(struct xlsx_table *t, struct buf *out, struct err *e);

/* The sheet's name for a title: at most XLSX_SHEET_NAME_MAX characters
 * (whole UTF-8 characters), none of []:*?/\ (each becomes '-'), no
 * apostrophe first or last, never empty ("Sheet1").  Written to out. */
void xlsx_sheet_name(struct buf *out, const char *title);

#endif
