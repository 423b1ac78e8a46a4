/* Calendar dates and Vietnamese local time.  Asia/Ho_Chi_Minh has been UTC+7
 * without daylight saving since 1975, so local time is computed as a fixed
 * offset: no dependence on the TZ database being installed in a container,
 * and no setenv("TZ"), which is not thread-safe. */
#include "text/date.h"

#include <string.h>

#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2999
#define VN_UTC_OFFSET (7 * 3600)

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Writes "YYYY-MM-DD" for a year in 0..9999 (callers have checked). */
static void put_iso(char iso[DATE_ISO_LEN + 1], int y, int m, int d)
{
	iso[0] = (char)('0' + y / 1000 % 10);
	iso[1] = (char)('0' + y / 100 % 10);
	iso[2] = (char)('0' + y / 10 % 10);
	iso[3] = (char)('0' + y % 10);
	iso[4] = '-';
	iso[5] = (char)('0' + m / 10);
	iso[6] = (char)('0' + m % 10);
	iso[7] = '-';
	iso[8] = (char)('0' + d / 10);
	iso[9] = (char)('0' + d % 10);
	iso[10] = '\0';
}

/* Reads exactly min..max ASCII digits at *p into *v and advances *p. */
static int read_num(const char **p, int min, int max, int *v)
{
	int n = 0, x = 0;
	while (n < max && (*p)[n] >= '0' && (*p)[n] <= '9') {
		x = x * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n < min || ((*p)[n] >= '0' && (*p)[n] <= '9'))
		return -1;
	*p += n;
	*v = x;
	return 0;
}

int date_parse(const char *s, char iso[DATE_ISO_LEN + 1], struct err *e)
{
	const char *start = s, *p;
	int y = 0, m = 0, d = 0;
	while (*start == ' ')
		start++;
	p = start;
	if (read_num(&p, 4, 4, &y) == 0 && *p == '-') {
		/* ISO: exactly yyyy-mm-dd, so that stored dates compare as text. */
		p++;
		if (read_num(&p, 2, 2, &m) < 0 || *p++ != '-' || read_num(&p, 2, 2, &d) < 0)
			goto bad;
	} else {
		p = start;
		if (read_num(&p, 1, 2, &d) < 0 || *p++ != '/' || read_num(&p, 1, 2, &m) < 0 ||
		    *p++ != '/' || read_num(&p, 4, 4, &y) < 0)
			goto bad;
	}
	while (*p == ' ')
		p++;
	if (*p != '\0')
		goto bad;
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		goto bad;
	put_iso(iso, y, m, d);
	return 0;
bad:
	return err_fail(e, "not a date: '%.40s'", s);
}

/* Splits a well-formed "YYYY-MM-DD" prefix; -1 if it is not one. */
static int iso_split(const char *iso, int *y, int *m, int *d)
{
	const char *p = iso;
	if (read_num(&p, 4, 4, y) < 0 || *p++ != '-' || read_num(&p, 2, 2, m) < 0 || *p++ != '-')
		return -1;
	/* The day may be followed by a time part. */
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	*d = (p[0] - '0') * 10 + (p[1] - '0');
	if (*m < 1 || *m > 12 || *d < 1 || *d > 31)
		return -1;
	return 0;
}

void date_format_vn(struct buf *out, const char *iso)
{
	int y, m, d;
	if (iso_split(iso, &y, &m, &d) < 0 || strlen(iso) != DATE_ISO_LEN) {
		buf_puts(out, iso); /* show what is stored rather than hide it */
		return;
	}
	buf_printf(out, "%02d/%02d/%04d", d, m, y);
}

/* Howard Hinnant's days_from_civil: proleptic Gregorian, exact for any year
 * we accept, no tables and no time zone. */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long date_days(const char *iso)
{
	int y, m, d;
	if (iso_split(iso, &y, &m, &d) < 0)
		return 0;
	return days_from_civil(y, m, d);
}

void date_today(char iso[DATE_ISO_LEN + 1])
{
	time_t t = time(NULL) + VN_UTC_OFFSET;
	struct tm tm;
	gmtime_r(&t, &tm);
	put_iso(iso, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void time_utc_iso(struct buf *out, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		   tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Accepts our own "YYYY-MM-DDTHH:MM:SSZ" and SQLite's datetime() form
 * "YYYY-MM-DD HH:MM:SS" (also UTC); anything else is shown unchanged. */
void time_format_vn(struct buf *out, const char *utc_iso)
{
	int y, mo, d, h, mi, sec = 0;
	const char *p = utc_iso;
	if (iso_split(utc_iso, &y, &mo, &d) < 0 || d > days_in_month(y, mo))
		goto raw;
	p += DATE_ISO_LEN;
	if (*p != 'T' && *p != ' ')
		goto raw;
	p++;
	if (read_num(&p, 2, 2, &h) < 0 || *p++ != ':' || read_num(&p, 2, 2, &mi) < 0)
		goto raw;
	if (*p == ':') {
		p++;
		if (read_num(&p, 2, 2, &sec) < 0)
			goto raw;
		if (*p == '.') /* fractional seconds: ignored */
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
	}
	if (*p == 'Z')
		p++;
	if (*p != '\0' || h > 23 || mi > 59 || sec > 60)
		goto raw;

	long long t = (long long)days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	t += VN_UTC_OFFSET;
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	buf_printf(out, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900,
		   tm.tm_hour, tm.tm_min);
	return;
raw:
	buf_puts(out, utc_iso);
}
