/* core/vietqr: payloads against ones written out by hand, whose CRCs were
 * computed with another implementation (Python's binascii.crc_hqx with
 * initial value 0xFFFF, which is CRC-16/CCITT-FALSE); the decoder; and
 * every refusal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/vietqr.h"

static void test_crc_check_value(void **state)
{
	(void)state;
	assert_int_equal(vietqr_crc16("123456789", 9), 0x29B1);
	assert_int_equal(vietqr_crc16("", 0), 0xFFFF);
}

struct known {
	const char *bin, *account;
	int64_t amount;
	const char *purpose;
	const char *payload;
};

static const struct known known[] = {
	/* static: no amount, no purpose */
	{"970403", "0011012345678", 0, NULL,
	 "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN"
	 "63049E6F"},
	/* a pledge: amount and the payment reference */
	{"970403", "0011012345678", 5000000, "UH ASXH P001234",
	 "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA5303704540750"
	 "000005802VN62190815UH ASXH P0012346304"
	 "0A85"},
	/* the largest amount tag 54 holds */
	{"970436", "1234567890", INT64_C(9999999999999), "",
	 "00020101021238540010A00000072701240006970436011012345678900208QRIBFTTA53037045413999999"
	 "99999995802VN63043833"},
	/* a purpose typed with diacritics and punctuation, a letter in the account */
	{"970415", "10203040A", 0, "  Đức  (an) 1 ",
	 "00020101021138530010A00000072701230006970415010910203040A0208QRIBFTTA53037045802VN6212"
	 "0808DUC AN 16304E61C"},
};

static void test_known_payloads(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		const struct known *k = &known[i];
		struct buf b = BUF_INIT;
		struct err e = {0};
		struct vietqr_fields f;
		if (vietqr_payload(&b, k->bin, k->account, k->amount, k->purpose, &e) < 0)
			fail_msg("case %zu: %s", i, e.msg);
		assert_string_equal(b.p, k->payload);
		if (vietqr_decode(b.p, &f, &e) < 0)
			fail_msg("case %zu decode: %s", i, e.msg);
		assert_string_equal(f.bin, k->bin);
		assert_string_equal(f.account, k->account);
		assert_string_equal(f.service, "QRIBFTTA");
		assert_true(f.amount == k->amount);
		assert_int_equal(f.dynamic, k->amount > 0);
		buf_free(&b);
	}
}

static void test_purpose_folding(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Ủng hộ Quỹ An sinh", "UNG HO QUY AN SINH"},
		{"đóng góp - đợt 2/2019", "DONG GOP DOT 2 2019"},
		{"ĐẶNG THỊ HỒNG", "DANG THI HONG"},
		{"1234567890123456789012345", "1234567890123456789012345"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT;
		struct err e = {0};
		if (vietqr_purpose(&b, cases[i].in, &e) < 0)
			fail_msg("%s: %s", cases[i].in, e.msg);
		assert_string_equal(b.p, cases[i].out);
		buf_free(&b);
	}
}

static void test_refusals(void **state)
{
	(void)state;
	static const struct {
		const char *bin, *account;
		int64_t amount;
		const char *purpose, *field;
	} bad[] = {
		{"97040", "123", 0, NULL, "bin:"},
		{"9704033", "123", 0, NULL, "bin:"},
		{"97040a", "123", 0, NULL, "bin:"},
		{"970403", "", 0, NULL, "account:"},
		{"970403", "12345678901234567890", 0, NULL, "account:"},
		{"970403", "123-456", 0, NULL, "account:"},
		{"970403", "123", -1, NULL, "amount:"},
		{"970403", "123", INT64_C(10000000000000), NULL, "amount:"},
		{"970403", "123", 1, "12345678901234567890123456", "purpose:"},
		{"970403", "123", 1, "Ủng hộ quỹ an sinh xã hội tỉnh", "purpose:"},
		{"970403", "123", 1, "捐款", "purpose:"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct buf b = BUF_INIT;
		struct err e = {0};
		assert_int_equal(vietqr_payload(&b, bad[i].bin, bad[i].account, bad[i].amount,
						 bad[i].purpose, &e), -1);
		if (strncmp(e.msg, bad[i].field, strlen(bad[i].field)) != 0)
			fail_msg("case %zu: '%s' does not name %s", i, e.msg, bad[i].field);
		buf_free(&b);
	}
}

static void test_decoder_refuses(void **state)
{
	(void)state;
	static const char *const bad[] = {
		/* CRC of another payload */
		"00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN"
		"63040000",
		/* one digit of the account changed, CRC left */
		"00020101021138570010A00000072701270006970403011300110123456789208QRIBFTTA53037045802VN"
		"63049E6F",
		/* no CRC */
		"00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN",
		/* lower-case hex */
		"00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN"
		"63049e6f",
		"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct vietqr_fields f;
		struct err e = {0};
		if (vietqr_decode(bad[i], &f, &e) != -1)
			fail_msg("case %zu decoded", i);
	}
	/* a well-formed CRC over a payload that says 12 without an amount */
	struct buf b = BUF_INIT;
	char crc[8];
	buf_puts(&b, "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
		     "53037045802VN6304");
	snprintf(crc, sizeof crc, "%04X", vietqr_crc16(b.p, b.len));
	buf_puts(&b, crc);
	struct vietqr_fields f;
	struct err e = {0};
	assert_int_equal(vietqr_decode(b.p, &f, &e), -1);
	assert_non_null(strstr(e.msg, "tag 01"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc_check_value),
		cmocka_unit_test(test_known_payloads),
		cmocka_unit_test(test_purpose_folding),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_decoder_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
