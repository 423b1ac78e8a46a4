/* Request input: form and JSON bodies parsed into one parameter list, and
 * typed getters that validate what a handler reads.  Every value is checked
 * as UTF-8 when it is parsed, so a handler never sees invalid text; the
 * getters clean it (NFC, trimmed, no control characters) and check ranges. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"
#include "text/money.h"
#include "text/utf8.h"
#include "web/web.h"

int params_add(struct web_params *p, const char *key, size_t klen, const char *val, size_t vlen,
	       struct err *e)
{
	if (p->n == WEB_FIELDS_MAX)
		return err_fail(e, "quá nhiều trường (tối đa %d)", WEB_FIELDS_MAX);
	if (klen > 64 || vlen > WEB_FIELD_MAX)
		return err_fail(e, "trường quá dài (tối đa %d byte)", WEB_FIELD_MAX);
	if (!text_is_utf8(key, klen) || !text_is_utf8(val, vlen))
		return err_fail(e, "dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ");
	p->v[p->n].key = xstrndup(key, klen);
	p->v[p->n].val = xstrndup(val, vlen);
	p->n++;
	return 0;
}

void params_free(struct web_params *p)
{
	for (int i = 0; i < p->n; i++) {
		free(p->v[i].key);
		free(p->v[i].val);
	}
	p->n = 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes %XX and '+' of s[0..n) into out; -1 on a malformed escape. */
static int url_decode(struct buf *out, const char *s, size_t n)
{
	buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			buf_putc(out, ' ');
		} else if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= n || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return -1;
			buf_putc(out, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_putc(out, s[i]);
		}
	}
	buf_cstr(out);
	return 0;
}

int params_parse_form(struct web_params *p, const char *s, size_t n, struct err *e)
{
	struct buf k = BUF_INIT, v = BUF_INIT;
	int rc = -1;
	for (size_t i = 0; i < n;) {
		size_t end = i;
		while (end < n && s[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && s[eq] != '=')
				eq++;
			if (url_decode(&k, s + i, eq - i) < 0 ||
			    url_decode(&v, s + (eq < end ? eq + 1 : end), eq < end ? end - eq - 1 : 0) < 0) {
				err_fail(e, "biểu mẫu gửi lên bị hỏng (mã %%XX sai)");
				goto cleanup;
			}
			if (params_add(p, k.p, k.len, v.p, v.len, e) < 0)
				goto cleanup;
		}
		i = end + 1;
	}
	rc = 0;
cleanup:
	buf_free(&k);
	buf_free(&v);
	return rc;
}

/* A JSON object whose members are strings, whole numbers, booleans or
 * null; each becomes a parameter in text (numbers in decimal, true as "1"),
 * so forms and JSON go through the same getters.  Nested values and numbers
 * with fractions are refused: money is whole đồng. */
int params_parse_json(struct web_params *p, const char *s, size_t n, struct err *e)
{
	cJSON *root = NULL;
	int rc = -1;
	char num[32];

	if (!text_is_utf8(s, n))
		return err_fail(e, "body is not valid UTF-8");
	root = cJSON_ParseWithLength(s, n);
	if (root == NULL)
		return err_fail(e, "body is not valid JSON");
	if (!cJSON_IsObject(root)) {
		err_fail(e, "body must be a JSON object");
		goto cleanup;
	}
	for (cJSON *m = root->child; m; m = m->next) {
		const char *val;
		if (m->string == NULL)
			continue;
		if (cJSON_IsNull(m)) {
			continue;
		} else if (cJSON_IsString(m)) {
			val = m->valuestring;
		} else if (cJSON_IsBool(m)) {
			val = cJSON_IsTrue(m) ? "1" : "0";
		} else if (cJSON_IsNumber(m)) {
			double d = m->valuedouble;
			/* 2^53: beyond it a double is no longer an exact whole number */
			if (d != (double)(long long)d || d > 9007199254740992.0 || d < -9007199254740992.0) {
				err_fail(e, "%s: must be a whole number (pass large amounts as strings)",
					 m->string);
				goto cleanup;
			}
			snprintf(num, sizeof num, "%lld", (long long)d);
			val = num;
		} else {
			err_fail(e, "%s: must be a string, a number, true/false or null", m->string);
			goto cleanup;
		}
		if (params_add(p, m->string, strlen(m->string), val, strlen(val), e) < 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	cJSON_Delete(root);
	return rc;
}

void url_arg(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_putc(out, (char)*p);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[*p >> 4]);
			buf_putc(out, hex[*p & 15]);
		}
	}
}

const struct web_params *web_input(const struct web_req *rq)
{
	return strcmp(rq->method, "POST") == 0 ? &rq->form : &rq->query;
}

/* The first value given for key. */
const char *web_raw(const struct web_req *rq, const char *key)
{
	const struct web_params *p = web_input(rq);
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->v[i].key, key) == 0)
			return p->v[i].val;
	return NULL;
}

char *web_keep(struct web_req *rq, char *s)
{
	if (rq->nowned == (int)(sizeof rq->owned / sizeof rq->owned[0]))
		fatal("web_keep: too many strings for one request");
	rq->owned[rq->nowned++] = s;
	return s;
}

int web_text(struct web_req *rq, const char *key, const char *label, size_t max, char **out,
	     struct err *e)
{
	const char *raw = web_raw(rq, key);
	struct err why = {0};
	char *clean;
	*out = NULL;
	if (raw == NULL)
		return 0;
	if ((clean = text_clean(raw, strlen(raw), &why)) == NULL)
		return err_fail(e, "%s: có ký tự không hợp lệ (%s)", label, why.msg);
	if (strlen(clean) > max) {
		free(clean);
		return err_fail(e, "%s: dài quá %zu byte", label, max);
	}
	if (clean[0] == '\0') {
		free(clean);
		return 0;
	}
	*out = web_keep(rq, clean);
	return 0;
}

int web_int(struct web_req *rq, const char *key, const char *label, int64_t min, int64_t max,
	    int64_t dflt, int64_t *out, struct err *e)
{
	const char *raw = web_raw(rq, key);
	char *end;
	*out = dflt;
	if (raw == NULL || raw[0] == '\0')
		return 0;
	if (raw[0] < '0' || raw[0] > '9' || strlen(raw) > 18)
		return err_fail(e, "%s: '%s' không phải là số nguyên từ %lld đến %lld", label, raw,
				(long long)min, (long long)max);
	long long v = strtoll(raw, &end, 10);
	if (*end || v < min || v > max)
		return err_fail(e, "%s: '%s' không phải là số nguyên từ %lld đến %lld", label, raw,
				(long long)min, (long long)max);
	*out = v;
	return 0;
}

int web_money(struct web_req *rq, const char *key, const char *label, int64_t *out,
	      int *present, struct err *e)
{
	char *text;
	struct err why = {0};
	*out = 0;
	*present = 0;
	if (web_text(rq, key, label, 64, &text, e) < 0)
		return -1;
	if (text == NULL)
		return 0;
	*present = 1;
	if (money_parse(text, out, &why) < 0)
		return err_fail(e, "%s: '%s' không phải là số tiền (viết số đồng, ví dụ 5.000.000;"
				" không có phần lẻ, không có dấu âm)", label, text);
	return 0;
}

int web_date(struct web_req *rq, const char *key, const char *label, char iso[11],
	     struct err *e)
{
	char *text;
	struct err why = {0};
	iso[0] = '\0';
	if (web_text(rq, key, label, 32, &text, e) < 0)
		return -1;
	if (text == NULL)
		return 0;
	if (date_parse(text, iso, &why) < 0)
		return err_fail(e, "%s: '%s' không phải là ngày có thật (viết ngày/tháng/năm, ví dụ "
				"15/09/2019)", label, text);
	return 0;
}

int web_flag(struct web_req *rq, const char *key)
{
	const char *v = web_raw(rq, key);
	return v && (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes"));
}
