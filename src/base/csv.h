/* A streaming RFC 4180 CSV reader that knows the physical line each record
 * starts on, so errors can say FILE:LINE.  Accepts LF and CRLF, a UTF-8 BOM,
 * quoted fields with embedded separators, quotes ("") and newlines.
 * Refuses binary files (NUL bytes), unterminated quotes and text after a
 * closing quote.  Field text is not validated as UTF-8 here (the caller
 * cleans each cell). */
#ifndef ANSINH_CSV_H
#define ANSINH_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define CSV_MAX_FIELDS 64
#define CSV_MAX_RECORD (1 << 20) /* one record may not exceed 1 MiB */

struct csv_reader;

struct csv_row {
	int nfields;
	const char *field[CSV_MAX_FIELDS]; /* NUL-terminated, valid until the next call */
	size_t len[CSV_MAX_FIELDS];
	long line;                         /* physical line where the record starts */
	int blank;                         /* every cell empty or white space, e.g. ",,,," */
};

int csv_open(struct csv_reader **out, const char *path, struct err *e);
/* 1: a record in *row; 0: end of file; -1: error with "FILE:LINE: ..." in e. */
int csv_next(struct csv_reader *r, struct csv_row *row, struct err *e);
void csv_close(struct csv_reader *r);
uint64_t csv_offset(const struct csv_reader *r);
uint64_t csv_size(const struct csv_reader *r);
const char *csv_path(const struct csv_reader *r);

/* Maps header names to column indexes: names[i] is looked up (exact,
 * case-insensitive ASCII) among the header cells; idx[i] = column or -1.
 * Unknown header cells, duplicates and missing required columns
 * (required[i] != 0) are errors naming the file, line 1 and the column.
 * From then on a record with more columns than the header makes csv_next
 * fail naming the line (fewer is allowed: trailing cells left out are empty). */
int csv_map_header(struct csv_reader *r, const struct csv_row *hdr, const char *const names[],
		   const int required[], int n, int idx[], struct err *e);

/* csv_open + the header row + csv_map_header, the way every importer starts:
 * an empty file is "FILE:1: empty file (expected a header row)".  On error
 * *out is NULL and nothing needs closing. */
int csv_open_mapped(struct csv_reader **out, const char *path, const char *const names[],
		    const int required[], int n, int idx[], struct err *e);

/* Appends s as one CSV cell: quoted when it holds a separator, a quote, a
 * line break or starts with a space (RFC 4180). */
struct buf;
void csv_put_cell(struct buf *b, const char *s);

#endif
