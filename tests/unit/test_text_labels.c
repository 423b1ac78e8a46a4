/* text/labels: the Vietnamese names of stored codes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/labels.h"

static const struct code_label *const tables[] = {
	unit_kinds, donor_kinds, contribution_channels, committee_roles, canvass_statuses,
	goods_movements, goods_recipients, goods_valuations, fund_kinds, fund_sources, fund_purposes,
	fund_beneficiaries,
};

/* Every table: codes unique and ASCII, labels non-empty, NFC, unique. */
static void test_tables_well_formed(void **state)
{
	(void)state;
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		int n = 0;
		for (const struct code_label *p = tables[t]; p->code; p++, n++) {
			assert_non_null(p->label);
			assert_true(p->label[0]);
			for (const char *c = p->code; *c; c++)
				assert_true(*c == '_' || (*c >= 'a' && *c <= 'z'));
			char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)p->label);
			assert_string_equal(nfc, p->label);
			free(nfc);
			for (const struct code_label *q = tables[t]; q != p; q++) {
				assert_string_not_equal(q->code, p->code);
				assert_string_not_equal(q->label, p->label);
			}
			assert_string_equal(code_label(tables[t], p->code), p->label);
		}
		assert_true(n >= 2);
	}
}

static void test_known_labels(void **state)
{
	(void)state;
	assert_string_equal(unit_kind_label("province"), "Tỉnh");
	assert_string_equal(channel_label("cash"), "Tiền mặt");
	assert_string_equal(channel_label("transfer"), "Chuyển khoản");
	assert_string_equal(channel_label("payroll"), "Trích lương");
	assert_string_equal(channel_label("goods"), "Hiện vật");
	assert_string_equal(donor_kind_label("business"), "Doanh nghiệp");
	assert_string_equal(code_label(committee_roles, "head"), "Trưởng ban");
	assert_string_equal(code_label(canvass_statuses, "pledged"), "Đã cam kết");
	assert_string_equal(code_label(goods_movements, "handover"), "Bàn giao");
	assert_string_equal(code_label(fund_purposes, "heart_surgery"), "Phẫu thuật tim cho trẻ em");
	assert_string_equal(code_label(fund_purposes, "bridge_road"),
			    "Cầu, đường giao thông nông thôn");
	assert_string_equal(code_label(fund_beneficiaries, "project"), "Công trình");
}

static void test_unknown_codes(void **state)
{
	(void)state;
	assert_string_equal(channel_label(NULL), "");
	assert_string_equal(channel_label("Cash"), "");
	assert_string_equal(unit_kind_label(""), "");
	assert_string_equal(code_label(donor_kinds, "province"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_well_formed),
		cmocka_unit_test(test_known_labels),
		cmocka_unit_test(test_unknown_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
