#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "base/csv.h"
#include "text/date.h"
#include "text/utf8.h"

/* $ANSINH_NOW (an ISO UTC timestamp) freezes the clock so tests and the demo
 * are reproducible. */
static time_t now_time(void)
{
	const char *fixed = getenv("ANSINH_NOW");
	if (fixed && *fixed) {
		struct tm tm = {0};
		if (sscanf(fixed, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) >= 3) {
			tm.tm_year -= 1900;
			tm.tm_mon -= 1;
			return timegm(&tm);
		}
	}
	return time(NULL);
}

time_t core_time(void)
{
	return now_time();
}

void core_now(char out[32])
{
	struct buf b = BUF_INIT;
	time_utc_iso(&b, now_time());
	snprintf(out, 32, "%s", buf_cstr(&b));
	buf_free(&b);
}

void iso_date(char out[11], long y, long m, long d)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

void core_today(char out[11])
{
	time_t t = now_time() + 7 * 3600; /* Asia/Ho_Chi_Minh, UTC+7 without DST */
	struct tm tm;
	gmtime_r(&t, &tm);
	iso_date(out, tm.tm_year + 1900L, tm.tm_mon + 1L, tm.tm_mday);
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

int kind_is_unit(const char *k)
{
	static const char *const kinds[] = {"province", "district", "commune", "department",
		"organisation", "party", "armed_forces", "other", NULL};
	return in_list(k, kinds);
}

int kind_is_donor(const char *k)
{
	static const char *const kinds[] = {"individual", "business", "cooperative",
		"political_org", "professional_org", "religious_org", "collective", NULL};
	return in_list(k, kinds);
}

int channel_is_valid(const char *c)
{
	static const char *const channels[] = {"cash", "transfer", "payroll", "goods", NULL};
	return in_list(c, channels);
}

/* Codes (units, campaigns) are short identifiers typed in CSV files and
 * URLs: ASCII letters, digits, '-', '_' and '.'. */
int code_check(const char *code, struct err *e)
{
	size_t n = strlen(code);
	if (n == 0 || n > CODE_MAX)
		return err_fail(e, "code must be 1 to %d characters", CODE_MAX);
	for (const char *p = code; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return err_fail(e, "code '%s' may only contain letters A-Z, digits, '-', '_' "
					"and '.'", code);
	}
	return 0;
}

int core_all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

void date_add_months(const char *iso, int months, char out[11])
{
	int y, m, d;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	sscanf(iso, "%d-%d-%d", &y, &m, &d);
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	int dim = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > dim)
		d = dim;
	iso_date(out, y, m, d);
}

int csv_clean_cells(const struct csv_row *row, const char *path, const int idx[],
		    const char *const names[], int n, char *cell[], struct err *e)
{
	for (int i = 0; i < n; i++) {
		free(cell[i]);
		cell[i] = NULL;
		if (idx[i] < 0 || idx[i] >= row->nfields)
			continue;
		cell[i] = text_clean(row->field[idx[i]], row->len[idx[i]], e);
		if (cell[i] == NULL) {
			err_prefix(e, "%s:%ld: %s: ", path, row->line, names[i]);
			return -1;
		}
		if (cell[i][0] == '\0') {
			free(cell[i]);
			cell[i] = NULL;
		}
	}
	return 0;
}

void csv_free_cells(char *cell[], int n)
{
	for (int i = 0; i < n; i++) {
		free(cell[i]);
		cell[i] = NULL;
	}
}

int file_sha256(const char *path, char hex[65], struct err *e)
{
	unsigned char md[32], chunk[1 << 16];
	unsigned int mdlen = 0;
	size_t n;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return err_fail(e, "%s: cannot open", path);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		EVP_DigestUpdate(ctx, chunk, n);
	int bad = ferror(f);
	fclose(f);
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	if (bad)
		return err_fail(e, "%s: read error", path);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}
