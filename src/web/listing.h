/* One staff list, three outputs: the HTML table of the page, the CSV file
 * of "Xuất CSV" (?format=csv) and the Excel workbook of "Xuất Excel"
 * (?format=xlsx), both on the same URL with the same filters, every
 * matching row, no paging.  A page describes its columns once and hands
 * each row's values as text; this file writes the table cells through the
 * HTML writer, CSV cells through base/csv's writer with the formula guard
 * on, after a UTF-8 byte-order mark (Excel reads Vietnamese right only with
 * it), or typed cells through doc/xlsx (title row naming the list and the
 * campaign, export date, Vietnamese headers, money and dates as numbers). */
#ifndef ANSINH_WEB_LISTING_H
#define ANSINH_WEB_LISTING_H

#include "core/canvass.h"
#include "doc/xlsx.h"
#include "web/html.h"
#include "web/web.h"

enum lcol_type {
	LC_TEXT,
	LC_CODE,  /* a short code or figure (unit, receipt, "9,06 %"): text, never broken
		   * across lines in HTML */
	LC_MONEY, /* integer đồng: "1.000.000 đ" in HTML, digits in CSV */
	LC_INT,   /* right-aligned integer */
	LC_DATE,  /* ISO date: dd/mm/yyyy in HTML and CSV */
	LC_TIME,  /* UTC timestamp: dd/mm/yyyy HH:MM (Asia/Ho_Chi_Minh) in HTML and CSV */
};
struct lcol {
	const char *title; /* table header and CSV header */
	enum lcol_type type;
};

enum { LISTING_HTML, LISTING_CSV, LISTING_XLSX };

struct listing {
	struct web_req *rq;
	struct html *h;
	struct buf csv;
	int csv_mode; /* LISTING_HTML (0), or the export: LISTING_CSV or LISTING_XLSX */
	const struct lcol *cols;
	int ncols, n;
	const char *title, *campaign; /* the workbook's title row (see listing_title) */
	struct xlsx_table *xt;        /* xlsx: the workbook, opened at the first row */
	struct xlsx_col xcols[32];    /* xlsx: its columns */
	struct err xerr;              /* xlsx: why the workbook could not be started */
};

/* The export the request asks for: LISTING_CSV (?format=csv), LISTING_XLSX
 * (?format=xlsx), or 0 for the HTML page — so "if (listing_wants_csv(rq))"
 * means "an export: every row, no paging". */
int listing_wants_csv(struct web_req *rq);
/* Names the list and its campaign (NULL: not per campaign) in the
 * workbook's title row; without it the file name stands for the title. */
void listing_title(struct listing *l, const char *title, const char *campaign);
/* h receives the HTML table (unused in CSV mode). */
void listing_begin(struct listing *l, struct web_req *rq, struct html *h, const struct lcol *cols,
		   int ncols);
/* One row: vals[i] for column i (NULL = empty); href (NULL for none) links
 * the first cell; marked adds class "marked" (overdue, disabled, ...). */
void listing_row(struct listing *l, const char *const vals[], const char *href, int marked);
/* Closes the table, or says empty_msg when there was no row. */
void listing_end(struct listing *l, const char *empty_msg);
/* The export as an attachment: the CSV named filename ("dong-gop.csv"), or
 * the workbook named after it with .xlsx for .csv. */
int listing_send_csv(struct listing *l, struct web_resp *rs, const char *filename);
void listing_free(struct listing *l);

/* The "Xuất CSV" and "Xuất Excel" links: path with the current query,
 * page dropped. */
void listing_csv_link(struct html *h, struct web_req *rq, const char *path);
/* Previous / next links keeping the current query. */
void listing_pager(struct html *h, struct web_req *rq, const char *path, int64_t page,
		   int64_t total, int64_t per_page);
/* <option>s from code/label pairs ending with NULL, selected one marked;
 * first is the empty choice's label (NULL: none). */
void html_options(struct html *h, const struct code_label *pairs, const char *selected,
		  const char *first);

/* Form pieces: a labelled one-line input (value may be NULL), and a
 * labelled <select> over value/label pairs. */
void form_input(struct html *h, const char *name, const char *label, const char *value,
		int maxlen, int required);
void form_select(struct html *h, const char *name, const char *label, const struct code_label *pairs,
		 const char *selected, const char *first);
/* The value to show in a form field: what was posted, else dflt. */
const char *form_value(struct web_req *rq, const char *name, const char *dflt);

/* The route's first {…} part as a positive id; 0 when it is not one. */
int64_t web_path_id(struct web_req *rq);

#endif
