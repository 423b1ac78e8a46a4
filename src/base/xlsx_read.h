/* A small read-only .xlsx reader: the first sheet of a workbook, row by
 * row, each cell as the text a spreadsheet would show in a CSV export.
 * Shared, inline and formula strings as written (rich-text runs joined);
 * numbers without exponent (integers as integers, at most 15 significant
 * digits like Excel shows them); cells whose style is a date or time format
 * as dd/mm/yyyy (and HH:MM:SS when the format shows the time); booleans as
 * TRUE/FALSE; gaps between cells filled with empty cells.  The sheet XML is
 * streamed (expat over libzip), so memory stays bounded; a workbook over
 * XLSX_MAX_SHEET bytes uncompressed or XLSX_MAX_ROWS rows is refused. */
#ifndef ANSINH_XLSX_READ_H
#define ANSINH_XLSX_READ_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define XLSX_MAX_SHEET ((uint64_t)2 << 30)   /* uncompressed sheet XML */
#define XLSX_MAX_PART ((uint64_t)256 << 20)  /* shared strings, styles, workbook */
#define XLSX_MAX_ROWS 1048576L              /* as in Excel */
#define XLSX_MAX_COLS 16384                  /* XFD, as in Excel */
#define XLSX_MAX_CELL (1 << 20)              /* text of one cell */

struct xlsx_reader;

struct xlsx_row {
	long row;            /* the spreadsheet's row number (1-based) */
	int ncells;          /* cells up to the last one the row has */
	const char **cell;   /* NUL-terminated UTF-8, valid until the next call */
	const size_t *len;
};

/* 1 when the file starts like a zip archive (an .xlsx), 0 otherwise. */
int xlsx_is_zip(const char *path);
int xlsx_read_open(struct xlsx_reader **out, const char *path, struct err *e);
/* 1: a row in *row; 0: end of sheet; -1: error naming the file (and row). */
int xlsx_read_next(struct xlsx_reader *x, struct xlsx_row *row, struct err *e);
/* Share of the sheet read so far, in [0, 1]. */
double xlsx_read_progress(const struct xlsx_reader *x);
void xlsx_read_close(struct xlsx_reader *x);

/* Excel's serial day number (1900 system, or 1904 when date1904) as
 * dd/mm/yyyy appended to out, with " HH:MM:SS" when time is set. */
struct buf;
void xlsx_serial_date(struct buf *out, double serial, int date1904, int time);

#endif
