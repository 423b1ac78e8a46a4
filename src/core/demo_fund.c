/* The demo's money out (R11, R12): the Provincial People's Committee's
 * decision hands the fund over to the Department of Labour, Invalids and
 * Social Affairs, which spends it across Trà Vinh's districts — houses of
 * 50 triệu, heart surgery for children of 30 to 80 triệu, production
 * capital of 10 to 20 triệu, rural bridges and roads, families of people
 * with meritorious service; then what the annual reviews of poor
 * households found for most of the households supported.  Written after everything else, so the demo's
 * other entries keep their ids.  A demo too small to pay for it (a test's
 * few contributions) leaves it out. */
#include <stdio.h>

#include "core/demo_data.h"
#include "core/fund.h"

static const struct {
	const char *date, *purpose, *kind, *name, *unit, *amount;
	int public_name;
} spent[] = {
	{"2020-02-10", "house", "household", "Hộ bà Thạch Thị Sa", "TV-CK-CHAUDIEN", "50.000.000", 1},
	{"2020-02-10", "house", "household", "Hộ ông Kim Sóc", "TV-TCU-NGOCBIEN", "50.000.000", 0},
	{"2020-02-10", "house", "household", "Hộ bà Nguyễn Thị Lệ", "TV-CL-ANTRUONG", "50.000.000", 1},
	{"2020-02-12", "house", "household", "Hộ ông Sơn Văn Đen", "TV-CN-KIMHOA", "50.000.000", 0},
	{"2020-02-12", "house", "household", "Hộ bà Lâm Thị Hương", "TV-DH-NGULAC", "50.000.000", 1},
	{"2020-02-12", "house", "household", "Hộ ông Trần Văn Út", "TV-TC-HIEUTU", "50.000.000", 1},
	{"2020-02-14", "house", "household", "Hộ bà Thạch Thị Phol", "TV-CT-DALOC", "50.000.000", 0},
	{"2020-02-14", "house", "household", "Hộ ông Dương Văn Tư", "TV-DHTX-LONGTOAN", "50.000.000", 1},
	{"2020-02-14", "house", "household", "Hộ bà Kim Thị Sà Rươne", "TV-TCU-TAPSON", "50.000.000", 0},
	{"2020-02-17", "house", "household", "Hộ ông Huỳnh Văn Nhỏ", "TV-TP-LONGDUC", "50.000.000", 1},
	{"2020-02-18", "heart_surgery", "person", "Cháu Thạch Ngọc Hân", "TV-TCU-DAIAN", "65.000.000", 0},
	{"2020-02-18", "heart_surgery", "person", "Cháu Nguyễn Gia Bảo", "TV-CL-MYCAM", "48.000.000", 1},
	{"2020-03-02", "heart_surgery", "person", "Cháu Sơn Thị Bé Ngoan", "TV-CN-VINHKIM", "80.000.000", 0},
	{"2020-03-02", "heart_surgery", "person", "Cháu Lê Minh Khang", "TV-CK-PHONGPHU", "30.000.000", 0},
	{"2020-03-16", "heart_surgery", "person", "Cháu Kim Hoàng Phúc", "TV-DH-DONCHAU", "72.500.000", 0},
	{"2020-02-20", "production_capital", "household", "Hộ ông Thạch Sang", "TV-TCU-LONGHIEP", "20.000.000", 1},
	{"2020-02-20", "production_capital", "household", "Hộ bà Trần Thị Bích", "TV-CK-HOAAN", "15.000.000", 0},
	{"2020-02-20", "production_capital", "household", "Hộ ông Lý Văn Sơn", "TV-CN-NHITRUONG", "10.000.000", 1},
	{"2020-02-21", "production_capital", "household", "Hộ bà Thạch Thị Mây", "TV-CT-SONGLOC", "20.000.000", 1},
	{"2020-02-21", "production_capital", "household", "Hộ ông Ngô Văn Lành", "TV-TC-LONGTHOI", "12.000.000", 0},
	{"2020-02-21", "production_capital", "household", "Hộ bà Sơn Thị Mỹ", "TV-DH-DONGHAI", "18.000.000", 1},
	{"2020-02-24", "production_capital", "household", "Hộ ông Kiên Văn Thái", "TV-CL-HUYENHOI", "15.000.000", 0},
	{"2020-02-24", "production_capital", "household", "Hộ bà Châu Thị Ren", "TV-DHTX-DANTHANH", "10.000.000", 1},
	{"2020-01-20", "policy_family", "household", "Gia đình Mẹ Việt Nam anh hùng Trương Thị Bảy",
	 "TV-CL-DAIPHUOC", "30.000.000", 1},
	{"2020-01-20", "policy_family", "person", "Ông Nguyễn Văn Hai (thương binh 2/4)", "TV-CT-HOATHUAN",
	 "20.000.000", 1},
	{"2020-01-20", "policy_family", "household", "Gia đình liệt sĩ Thạch Chanh", "TV-TCU-DINHAN",
	 "20.000.000", 0},
	{"2020-01-21", "policy_family", "person", "Bà Lê Thị Tám (người có công)", "TV-TP-P8",
	 "15.000.000", 1},
	{"2020-03-20", "bridge_road", "project", "Cầu Bến Cát, ấp Bến Cát", "TV-DH-LONGKHANH",
	 "500.000.000", 1},
	{"2020-03-25", "bridge_road", "project", "Đường đal ấp Sóc Ruộng (1,2 km)", "TV-TCU-NGOCBIEN",
	 "350.000.000", 1},
	{"2020-04-06", "bridge_road", "project", "Cầu Kênh Xáng, ấp Chợ", "TV-CK-TAMNGAI",
	 "450.000.000", 1},
	{"2020-04-08", "other", "unit", "Trường Tiểu học Long Hiệp A (học bổng học sinh nghèo)",
	 "TV-TCU-LONGHIEP", "40.000.000", 1},
};

/* What the reviews of poor and near-poor households at the end of 2020 and
 * of 2021 found for the households (by their line in spent[]); a few are
 * not reviewed yet. */
static const struct {
	size_t i;
	const char *status, *date, *note;
} reviewed[] = {
	{0, "thoat-ngheo", "2020-12-15", "Rà soát cuối năm 2020"},
	{1, "can-ngheo", "2020-12-15", "Rà soát cuối năm 2020"},
	{2, "thoat-ngheo", "2020-12-15", "Rà soát cuối năm 2020"},
	{3, "chua-thoat", "2020-12-15", "Rà soát cuối năm 2020"},
	{3, "can-ngheo", "2021-12-10", "Rà soát cuối năm 2021"},
	{4, "thoat-ngheo", "2020-12-16", "Rà soát cuối năm 2020"},
	{5, "chua-thoat", "2020-12-16", "Chủ hộ ốm dài ngày"},
	{6, "thoat-ngheo", "2020-12-16", NULL},
	{8, "can-ngheo", "2020-12-17", NULL},
	{9, "thoat-ngheo", "2020-12-17", NULL},
	{15, "thoat-ngheo", "2021-12-10", "Nuôi bò sinh sản, đã có thu nhập ổn định"},
	{16, "can-ngheo", "2020-12-15", NULL},
	{17, "chua-thoat", "2020-12-15", NULL},
	{18, "thoat-ngheo", "2021-12-10", NULL},
	{19, "thoat-ngheo", "2020-12-16", NULL},
	{21, "chua-thoat", "2020-12-16", NULL},
	{22, "thoat-ngheo", "2021-12-11", NULL},
};

#define HANDOVER "20.000.000.000"
#define HANDOVER_MIN INT64_C(20000000000)

int demo_fund(struct db *db, const struct actor *a, struct err *e)
{
	struct fund_totals t;
	struct campaign_row c;
	char doc[64];
	int64_t id, ids[sizeof spent / sizeof spent[0]];
	int found = store_campaign_latest(db, &c, e);
	if (found <= 0)
		return found;
	if (store_fund_totals(db, c.id, &t, e) < 0)
		return -1;
	if (t.received < HANDOVER_MIN)
		return 0;
	struct fund_handover_input h = {
		.campaign_code = "TV2019", .date = "2020-01-15", .amount = HANDOVER, .source = "bank",
		.document = "85/QĐ-UBND ngày 14/01/2020 của Ủy ban nhân dân tỉnh",
		.organisation = "Sở Lao động - Thương binh và Xã hội tỉnh Trà Vinh",
		.note = "Bàn giao đợt 1 để quản lý, sử dụng theo kế hoạch hỗ trợ năm 2020",
	};
	if (fund_handover(db, a, &h, &id, e) < 0)
		return -1;
	for (size_t i = 0; i < sizeof spent / sizeof spent[0]; i++) {
		snprintf(doc, sizeof doc, "%zu/QĐ-SLĐTBXH", 112 + i * 3);
		struct fund_disburse_input d = {
			.campaign_code = "TV2019", .date = spent[i].date, .amount = spent[i].amount,
			.purpose = spent[i].purpose, .beneficiary_kind = spent[i].kind,
			.beneficiary = spent[i].name, .unit_code = spent[i].unit, .document = doc,
			.publish_name = spent[i].public_name,
		};
		if (fund_disburse(db, a, &d, &ids[i], e) < 0)
			return -1;
	}
	for (size_t k = 0; k < sizeof reviewed / sizeof reviewed[0]; k++) {
		struct fund_outcome_input o = {
			.disbursement_id = ids[reviewed[k].i], .status = reviewed[k].status,
			.date = reviewed[k].date, .note = reviewed[k].note,
		};
		if (fund_outcome(db, a, &o, &id, e) < 0)
			return -1;
	}
	return 0;
}
