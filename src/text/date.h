/* Dates are stored as ISO 8601 "YYYY-MM-DD" and shown as dd/mm/yyyy; times
 * are stored in UTC and shown in Asia/Ho_Chi_Minh (UTC+7, no DST). */
#ifndef ANSINH_TEXT_DATE_H
#define ANSINH_TEXT_DATE_H

#include <time.h>

#include "base/buf.h"
#include "base/err.h"

#define DATE_ISO_LEN 10 /* "YYYY-MM-DD" */

/* Accepts "dd/mm/yyyy", "d/m/yyyy" and "yyyy-mm-dd"; checks the calendar
 * (leap years, days per month) and years 1900..2999.  Writes the ISO form
 * (NUL-terminated) to iso[DATE_ISO_LEN + 1].  Error: "not a date: '31/02/2020'". */
int date_parse(const char *s, char iso[DATE_ISO_LEN + 1], struct err *e);

/* ISO "YYYY-MM-DD" -> "dd/mm/yyyy" appended to out. */
void date_format_vn(struct buf *out, const char *iso);

/* Today in Asia/Ho_Chi_Minh as ISO. */
void date_today(char iso[DATE_ISO_LEN + 1]);
/* Days from 1970-01-01 for an ISO date already validated; used for
 * "days left" and overdue arithmetic. */
long date_days(const char *iso);

/* A UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" for time t. */
void time_utc_iso(struct buf *out, time_t t);
/* UTC ISO timestamp -> "dd/mm/yyyy HH:MM" in Asia/Ho_Chi_Minh. */
void time_format_vn(struct buf *out, const char *utc_iso);

#endif
