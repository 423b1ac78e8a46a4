/* VietQR payloads: build, and read back (for the tests and for checking a
 * code printed elsewhere).  Pure: no database, no I/O. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/vietqr.h"
#include "text/fold.h"

uint16_t vietqr_crc16(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint16_t crc = 0xFFFF;
	for (size_t i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int b = 0; b < 8; b++)
			crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
	}
	return crc;
}

int vietqr_purpose(struct buf *out, const char *text, struct err *e)
{
	struct buf f = BUF_INIT;
	int rc = -1;
	buf_reset(out);
	text_fold(&f, text, strlen(text));
	for (size_t i = 0; i < f.len; i++) {
		unsigned char c = (unsigned char)f.p[i];
		if (c >= 0x80) {
			err_fail(e, "purpose: '%s' has letters that cannot be written in ASCII", text);
			goto cleanup;
		}
		buf_putc(out, c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : (char)c);
	}
	if (out->len > VIETQR_PURPOSE_MAX) {
		err_fail(e, "purpose: '%s' is %zu characters once folded; banks take at most %d",
			 buf_cstr(out), out->len, VIETQR_PURPOSE_MAX);
		goto cleanup;
	}
	buf_cstr(out);
	rc = 0;
cleanup:
	buf_free(&f);
	return rc;
}

static void tlv(struct buf *out, const char *id, const char *value)
{
	buf_printf(out, "%s%02zu%s", id, strlen(value), value);
}

static int account_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > VIETQR_ACCOUNT_MAX)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
			return 0;
	return 1;
}

int vietqr_payload(struct buf *out, const char *bin, const char *account, int64_t amount,
		   const char *purpose, struct err *e)
{
	struct buf p = BUF_INIT, acct = BUF_INIT, merchant = BUF_INIT, extra = BUF_INIT;
	char num[24];
	int rc = -1;

	if (bin == NULL || strlen(bin) != VIETQR_BIN_LEN || !core_all_digits(bin))
		return err_fail(e, "bin: '%s' is not a bank BIN (6 digits, e.g. 970403)",
				bin ? bin : "");
	if (account == NULL || !account_ok(account))
		return err_fail(e, "account: '%s' is not an account number (1 to %d letters or "
				"digits)", account ? account : "", VIETQR_ACCOUNT_MAX);
	if (amount < 0 || amount > VIETQR_AMOUNT_MAX)
		return err_fail(e, "amount: %lld is outside 1 to 9.999.999.999.999 đồng",
				(long long)amount);
	if (purpose && purpose[0] && vietqr_purpose(&p, purpose, e) < 0)
		goto cleanup;

	tlv(&acct, "00", bin);
	tlv(&acct, "01", account);
	tlv(&merchant, "00", VIETQR_GUID);
	tlv(&merchant, "01", buf_cstr(&acct));
	tlv(&merchant, "02", VIETQR_SERVICE);
	buf_reset(out);
	tlv(out, "00", "01");
	tlv(out, "01", amount > 0 ? "12" : "11");
	tlv(out, "38", buf_cstr(&merchant));
	tlv(out, "53", "704");
	if (amount > 0) {
		snprintf(num, sizeof num, "%lld", (long long)amount);
		tlv(out, "54", num);
	}
	tlv(out, "58", "VN");
	if (p.len) {
		tlv(&extra, "08", p.p);
		tlv(out, "62", extra.p);
	}
	buf_puts(out, "6304");
	buf_printf(out, "%04X", vietqr_crc16(out->p, out->len));
	rc = 0;
cleanup:
	buf_free(&p);
	buf_free(&acct);
	buf_free(&merchant);
	buf_free(&extra);
	return rc;
}

/* One TLV at s (n bytes left): id and value (pointer, length) and the length
 * consumed; -1 when it does not fit. */
static int tlv_next(const char *s, size_t n, char id[3], const char **val, size_t *len,
		    size_t *used)
{
	if (n < 4 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] < '0' ||
	    s[2] > '9' || s[3] < '0' || s[3] > '9')
		return -1;
	id[0] = s[0];
	id[1] = s[1];
	id[2] = '\0';
	*len = (size_t)((s[2] - '0') * 10 + (s[3] - '0'));
	if (*len > n - 4)
		return -1;
	*val = s + 4;
	*used = 4 + *len;
	return 0;
}

static int copy_field(char *dst, size_t cap, const char *v, size_t n)
{
	if (n >= cap)
		return -1;
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

static int decode_merchant(const char *s, size_t n, struct vietqr_fields *out, struct err *e)
{
	int guid = 0;
	while (n) {
		char id[3];
		const char *v;
		size_t len, used;
		if (tlv_next(s, n, id, &v, &len, &used) < 0)
			return err_fail(e, "tag 38: malformed");
		if (!strcmp(id, "00")) {
			guid = len == strlen(VIETQR_GUID) && !memcmp(v, VIETQR_GUID, len);
		} else if (!strcmp(id, "01")) {
			const char *w = v;
			size_t m = len;
			while (m) {
				char id2[3];
				const char *v2;
				size_t len2, used2;
				if (tlv_next(w, m, id2, &v2, &len2, &used2) < 0)
					return err_fail(e, "tag 38/01: malformed");
				if ((!strcmp(id2, "00") && copy_field(out->bin, sizeof out->bin, v2, len2) < 0) ||
				    (!strcmp(id2, "01") &&
				     copy_field(out->account, sizeof out->account, v2, len2) < 0))
					return err_fail(e, "tag 38/01/%s: too long", id2);
				w += used2;
				m -= used2;
			}
		} else if (!strcmp(id, "02")) {
			if (copy_field(out->service, sizeof out->service, v, len) < 0)
				return err_fail(e, "tag 38/02: too long");
		}
		s += used;
		n -= used;
	}
	if (!guid)
		return err_fail(e, "tag 38: not the NAPAS GUID %s", VIETQR_GUID);
	if (strlen(out->bin) != VIETQR_BIN_LEN || !core_all_digits(out->bin))
		return err_fail(e, "tag 38: bank BIN '%s' is not 6 digits", out->bin);
	if (!account_ok(out->account))
		return err_fail(e, "tag 38: account '%s' is not 1 to 19 letters or digits",
				out->account);
	return 0;
}

int vietqr_decode(const char *payload, struct vietqr_fields *out, struct err *e)
{
	size_t n = strlen(payload);
	const char *s = payload;
	int seen_crc = 0, seen_version = 0, seen_currency = 0, seen_country = 0;
	char num[16];

	memset(out, 0, sizeof *out);
	if (n < 8 || memcmp(payload + n - 8, "6304", 4) != 0)
		return err_fail(e, "no CRC (tag 63) at the end");
	unsigned crc_read = 0;
	for (int i = 0; i < 4; i++) {
		char c = payload[n - 4 + i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return err_fail(e, "tag 63: '%s' is not 4 upper-case hex digits", payload + n - 4);
		crc_read = crc_read * 16 + (unsigned)d;
	}
	out->crc = vietqr_crc16(payload, n - 4);
	if (out->crc != crc_read)
		return err_fail(e, "tag 63: CRC %04X, but the payload's is %04X", crc_read, out->crc);
	while (n) {
		char id[3];
		const char *v;
		size_t len, used;
		if (tlv_next(s, n, id, &v, &len, &used) < 0)
			return err_fail(e, "malformed TLV at byte %zu", (size_t)(s - payload));
		if (seen_crc)
			return err_fail(e, "tag %s after the CRC", id);
		if (!strcmp(id, "00")) {
			if (len != 2 || memcmp(v, "01", 2))
				return err_fail(e, "tag 00: payload format must be 01");
			seen_version = 1;
		} else if (!strcmp(id, "01")) {
			if (len != 2 || (memcmp(v, "11", 2) && memcmp(v, "12", 2)))
				return err_fail(e, "tag 01: must be 11 or 12");
			out->dynamic = v[1] == '2';
		} else if (!strcmp(id, "38")) {
			if (decode_merchant(v, len, out, e) < 0)
				return -1;
		} else if (!strcmp(id, "53")) {
			if (len != 3 || memcmp(v, "704", 3))
				return err_fail(e, "tag 53: currency must be 704 (VND)");
			seen_currency = 1;
		} else if (!strcmp(id, "54")) {
			if (len < 1 || len > 13 || copy_field(num, sizeof num, v, len) < 0 ||
			    !core_all_digits(num) || num[0] == '0')
				return err_fail(e, "tag 54: '%.*s' is not a whole amount", (int)len, v);
			out->amount = strtoll(num, NULL, 10);
		} else if (!strcmp(id, "58")) {
			if (len != 2 || memcmp(v, "VN", 2))
				return err_fail(e, "tag 58: country must be VN");
			seen_country = 1;
		} else if (!strcmp(id, "62")) {
			const char *w = v;
			size_t m = len;
			while (m) {
				char id2[3];
				const char *v2;
				size_t len2, used2;
				if (tlv_next(w, m, id2, &v2, &len2, &used2) < 0)
					return err_fail(e, "tag 62: malformed");
				if (!strcmp(id2, "08") &&
				    copy_field(out->purpose, sizeof out->purpose, v2, len2) < 0)
					return err_fail(e, "tag 62/08: purpose longer than %d",
							VIETQR_PURPOSE_MAX);
				w += used2;
				m -= used2;
			}
		} else if (!strcmp(id, "63")) {
			seen_crc = 1;
		}
		s += used;
		n -= used;
	}
	if (!seen_version || !seen_currency || !seen_country || out->bin[0] == '\0')
		return err_fail(e, "a required tag (00, 38, 53 or 58) is missing");
	if (out->dynamic != (out->amount > 0))
		return err_fail(e, "tag 01 says %s but tag 54 is %s", out->dynamic ? "12" : "11",
				out->amount > 0 ? "present" : "absent");
	return 0;
}
