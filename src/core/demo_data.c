#include "core/demo_data.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Trà Vinh as it was in 2019: one city, one town (thị xã Duyên Hải, split
 * off in 2015) and seven districts, each with a few
 * of its real communes, wards (phường) and townships (thị trấn).  Codes are
 * the district code plus the commune name without diacritics. */
const struct demo_unit demo_units[] = {
	{"TV", "Tỉnh Trà Vinh", "province", NULL},

	{"TV-TP", "Thành phố Trà Vinh", "district", "TV"},
	{"TV-DHTX", "Thị xã Duyên Hải", "district", "TV"},
	{"TV-CL", "Huyện Càng Long", "district", "TV"},
	{"TV-CK", "Huyện Cầu Kè", "district", "TV"},
	{"TV-TC", "Huyện Tiểu Cần", "district", "TV"},
	{"TV-CT", "Huyện Châu Thành", "district", "TV"},
	{"TV-CN", "Huyện Cầu Ngang", "district", "TV"},
	{"TV-TCU", "Huyện Trà Cú", "district", "TV"},
	{"TV-DH", "Huyện Duyên Hải", "district", "TV"},

	{"TV-TP-P1", "Phường 1", "commune", "TV-TP"},
	{"TV-TP-P2", "Phường 2", "commune", "TV-TP"},
	{"TV-TP-P3", "Phường 3", "commune", "TV-TP"},
	{"TV-TP-P7", "Phường 7", "commune", "TV-TP"},
	{"TV-TP-P8", "Phường 8", "commune", "TV-TP"},
	{"TV-TP-LONGDUC", "Xã Long Đức", "commune", "TV-TP"},

	{"TV-DHTX-P1", "Phường 1", "commune", "TV-DHTX"},
	{"TV-DHTX-P2", "Phường 2", "commune", "TV-DHTX"},
	{"TV-DHTX-LONGTOAN", "Xã Long Toàn", "commune", "TV-DHTX"},
	{"TV-DHTX-DANTHANH", "Xã Dân Thành", "commune", "TV-DHTX"},
	{"TV-DHTX-HIEPTHANH", "Xã Hiệp Thạnh", "commune", "TV-DHTX"},
	{"TV-DHTX-TRUONGLONGHOA", "Xã Trường Long Hòa", "commune", "TV-DHTX"},

	{"TV-CL-CANGLONG", "Thị trấn Càng Long", "commune", "TV-CL"},
	{"TV-CL-ANTRUONG", "Xã An Trường", "commune", "TV-CL"},
	{"TV-CL-BINHPHU", "Xã Bình Phú", "commune", "TV-CL"},
	{"TV-CL-DAIPHUOC", "Xã Đại Phước", "commune", "TV-CL"},
	{"TV-CL-HUYENHOI", "Xã Huyền Hội", "commune", "TV-CL"},
	{"TV-CL-MYCAM", "Xã Mỹ Cẩm", "commune", "TV-CL"},

	{"TV-CK-CAUKE", "Thị trấn Cầu Kè", "commune", "TV-CK"},
	{"TV-CK-CHAUDIEN", "Xã Châu Điền", "commune", "TV-CK"},
	{"TV-CK-HOAAN", "Xã Hòa Ân", "commune", "TV-CK"},
	{"TV-CK-PHONGPHU", "Xã Phong Phú", "commune", "TV-CK"},
	{"TV-CK-TAMNGAI", "Xã Tam Ngãi", "commune", "TV-CK"},

	{"TV-TC-TIEUCAN", "Thị trấn Tiểu Cần", "commune", "TV-TC"},
	{"TV-TC-CAUQUAN", "Thị trấn Cầu Quan", "commune", "TV-TC"},
	{"TV-TC-HIEUTU", "Xã Hiếu Tử", "commune", "TV-TC"},
	{"TV-TC-LONGTHOI", "Xã Long Thới", "commune", "TV-TC"},
	{"TV-TC-TAPNGAI", "Xã Tập Ngãi", "commune", "TV-TC"},

	{"TV-CT-CHAUTHANH", "Thị trấn Châu Thành", "commune", "TV-CT"},
	{"TV-CT-DALOC", "Xã Đa Lộc", "commune", "TV-CT"},
	{"TV-CT-HOATHUAN", "Xã Hòa Thuận", "commune", "TV-CT"},
	{"TV-CT-LUONGHOA", "Xã Lương Hòa", "commune", "TV-CT"},
	{"TV-CT-NGUYETHOA", "Xã Nguyệt Hóa", "commune", "TV-CT"},
	{"TV-CT-SONGLOC", "Xã Song Lộc", "commune", "TV-CT"},

	{"TV-CN-CAUNGANG", "Thị trấn Cầu Ngang", "commune", "TV-CN"},
	{"TV-CN-MYLONG", "Thị trấn Mỹ Long", "commune", "TV-CN"},
	{"TV-CN-HIEPMYDONG", "Xã Hiệp Mỹ Đông", "commune", "TV-CN"},
	{"TV-CN-KIMHOA", "Xã Kim Hòa", "commune", "TV-CN"},
	{"TV-CN-NHITRUONG", "Xã Nhị Trường", "commune", "TV-CN"},
	{"TV-CN-VINHKIM", "Xã Vinh Kim", "commune", "TV-CN"},

	{"TV-TCU-TRACU", "Thị trấn Trà Cú", "commune", "TV-TCU"},
	{"TV-TCU-DINHAN", "Thị trấn Định An", "commune", "TV-TCU"},
	{"TV-TCU-DAIAN", "Xã Đại An", "commune", "TV-TCU"},
	{"TV-TCU-LONGHIEP", "Xã Long Hiệp", "commune", "TV-TCU"},
	{"TV-TCU-NGOCBIEN", "Xã Ngọc Biên", "commune", "TV-TCU"},
	{"TV-TCU-TAPSON", "Xã Tập Sơn", "commune", "TV-TCU"},

	{"TV-DH-DONCHAU", "Xã Đôn Châu", "commune", "TV-DH"},
	{"TV-DH-DONXUAN", "Xã Đôn Xuân", "commune", "TV-DH"},
	{"TV-DH-LONGKHANH", "Xã Long Khánh", "commune", "TV-DH"},
	{"TV-DH-NGULAC", "Xã Ngũ Lạc", "commune", "TV-DH"},
	{"TV-DH-DONGHAI", "Xã Đông Hải", "commune", "TV-DH"},

	/* Sở, ban, ngành tỉnh.  The three that are not a Sở keep their own
	 * abbreviation rather than a fake "S". */
	{"TV-SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "department", "TV"},
	{"TV-STC", "Sở Tài chính", "department", "TV"},
	{"TV-SYT", "Sở Y tế", "department", "TV"},
	{"TV-SGDDT", "Sở Giáo dục và Đào tạo", "department", "TV"},
	{"TV-SKHDT", "Sở Kế hoạch và Đầu tư", "department", "TV"},
	{"TV-SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "department", "TV"},
	{"TV-SGTVT", "Sở Giao thông vận tải", "department", "TV"},
	{"TV-SXD", "Sở Xây dựng", "department", "TV"},
	{"TV-SCT", "Sở Công Thương", "department", "TV"},
	{"TV-SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "department", "TV"},
	{"TV-STTTT", "Sở Thông tin và Truyền thông", "department", "TV"},
	{"TV-SNV", "Sở Nội vụ", "department", "TV"},
	{"TV-STP", "Sở Tư pháp", "department", "TV"},
	{"TV-STNMT", "Sở Tài nguyên và Môi trường", "department", "TV"},
	{"TV-SKHCN", "Sở Khoa học và Công nghệ", "department", "TV"},
	{"TV-BDT", "Ban Dân tộc tỉnh", "department", "TV"},
	{"TV-VPUBND", "Văn phòng Ủy ban nhân dân tỉnh", "department", "TV"},
	{"TV-TTRA", "Thanh tra tỉnh", "department", "TV"},

	/* Mặt trận and the mass organisations. */
	{"TV-MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "organisation", "TV"},
	{"TV-HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "organisation", "TV"},
	{"TV-TDOAN", "Tỉnh Đoàn", "organisation", "TV"},
	{"TV-HND", "Hội Nông dân tỉnh", "organisation", "TV"},
	{"TV-HCCB", "Hội Cựu chiến binh tỉnh", "organisation", "TV"},
	{"TV-LDLD", "Liên đoàn Lao động tỉnh", "organisation", "TV"},
	{"TV-HCTD", "Hội Chữ thập đỏ tỉnh", "organisation", "TV"},

	/* Party committees and agencies directly under the Provincial Party
	 * Committee (the plan was issued by the Ban Tuyên giáo). */
	{"TV-DUKCQ", "Đảng ủy Khối Cơ quan tỉnh", "party", "TV"},
	{"TV-DUKDN", "Đảng ủy Khối Doanh nghiệp tỉnh", "party", "TV"},
	{"TV-VPTU", "Văn phòng Tỉnh ủy", "party", "TV"},
	{"TV-BTGTU", "Ban Tuyên giáo Tỉnh ủy", "party", "TV"},

	{"TV-BCHQS", "Bộ Chỉ huy Quân sự tỉnh", "armed_forces", "TV"},
	{"TV-CA", "Công an tỉnh", "armed_forces", "TV"},
	{"TV-BDBP", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "armed_forces", "TV"},

	/* Public bodies that are handed their own target but fit no kind above. */
	{"TV-BAOTV", "Báo Trà Vinh", "other", "TV"},
	{"TV-DPTTH", "Đài Phát thanh và Truyền hình Trà Vinh", "other", "TV"},
	{"TV-DHTV", "Trường Đại học Trà Vinh", "other", "TV"},
};
const size_t demo_units_count = COUNT(demo_units);

/* TV2017 dates are a guess that fits the plan's "5/1992 - 5/2017": launched
 * in February, ceremony at the anniversary in early May. */
const struct demo_campaign demo_campaigns[] = {
	{
		"TV2017",
		"Cuộc vận động an sinh xã hội nhân kỷ niệm 25 năm tái lập tỉnh Trà Vinh (5/1992 - 5/2017)",
		"2017-02-01", "2017-04-30", "2017-05-06", "2017-08-06", "2017-08-31",
		INT64_C(200000000000),
	},
	{
		"TV2019",
		"Cuộc vận động quỹ An sinh xã hội nhân kỷ niệm 120 năm Ngày thành lập tỉnh Trà Vinh (01/01/1900 - 01/01/2020)",
		"2019-08-01", "2019-12-31", "2020-01-10", "2020-04-10", "2020-04-30",
		INT64_C(250000000000),
	},
};
const size_t demo_campaigns_count = COUNT(demo_campaigns);

#define TY INT64_C(1000000000)
#define TRIEU INT64_C(1000000)

/* TV2019 targets.  They add up to 206,5 tỷ of the 250 tỷ goal: the rest is
 * what the Ban Chỉ đạo raises itself from large businesses in and outside
 * the province (R5), which is not handed down to any unit. */
const struct demo_target demo_targets_2019[] = {
	{"TV-TP", 20 * TY},
	{"TV-DHTX", 12 * TY},
	{"TV-CL", 10 * TY},
	{"TV-CK", 7 * TY},
	{"TV-TC", 8 * TY},
	{"TV-CT", 9 * TY},
	{"TV-CN", 8 * TY},
	{"TV-TCU", 8 * TY},
	{"TV-DH", 6 * TY},

	/* Departments that license or contract businesses canvass them. */
	{"TV-SKHDT", 12 * TY},
	{"TV-SXD", 10 * TY},
	{"TV-SGTVT", 10 * TY},
	{"TV-SCT", 8 * TY},
	{"TV-STC", 6 * TY},
	{"TV-SGDDT", 6 * TY},
	{"TV-SYT", 5 * TY},
	{"TV-SNNPTNT", 5 * TY},
	{"TV-STNMT", 4 * TY},
	{"TV-SLDTBXH", 3 * TY},
	{"TV-SVHTTDL", 1500 * TRIEU},
	{"TV-STTTT", 1500 * TRIEU},
	{"TV-SNV", 800 * TRIEU},
	{"TV-STP", 500 * TRIEU},
	{"TV-SKHCN", 500 * TRIEU},
	{"TV-BDT", 500 * TRIEU},
	{"TV-VPUBND", 1 * TY},
	{"TV-TTRA", 300 * TRIEU},

	/* The Front collects from religious and socio-professional bodies. */
	{"TV-MTTQ", 10 * TY},
	{"TV-HLHPN", 1 * TY},
	{"TV-TDOAN", 1 * TY},
	{"TV-HND", 1 * TY},
	{"TV-HCCB", 500 * TRIEU},
	{"TV-LDLD", 3 * TY},
	{"TV-HCTD", 700 * TRIEU},

	{"TV-DUKCQ", 2 * TY},
	{"TV-DUKDN", 15 * TY},
	{"TV-VPTU", 600 * TRIEU},
	{"TV-BTGTU", 300 * TRIEU},

	{"TV-BCHQS", 1500 * TRIEU},
	{"TV-CA", 3 * TY},
	{"TV-BDBP", 1 * TY},

	{"TV-BAOTV", 300 * TRIEU},
	{"TV-DPTTH", 500 * TRIEU},
	{"TV-DHTV", 1500 * TRIEU},
};
const size_t demo_targets_2019_count = COUNT(demo_targets_2019);

/* TV2017 by unit: 231.947.536.000 đ, "gần 232 tỷ".  The province row is
 * what the Ban Chỉ đạo raised directly, mostly from large businesses. */
const struct demo_target demo_results_2017[] = {
	{"TV", INT64_C(62229676000)},
	{"TV-TP", INT64_C(17635420000)},
	{"TV-DHTX", INT64_C(9874150000)},
	{"TV-CL", INT64_C(8912760000)},
	{"TV-CK", INT64_C(6318900000)},
	{"TV-TC", INT64_C(7245310000)},
	{"TV-CT", INT64_C(8106440000)},
	{"TV-CN", INT64_C(7583220000)},
	{"TV-TCU", INT64_C(7921080000)},
	{"TV-DH", INT64_C(5467900000)},
	{"TV-SKHDT", INT64_C(10250000000)},
	{"TV-SXD", INT64_C(8730500000)},
	{"TV-SGTVT", INT64_C(9115000000)},
	{"TV-SCT", INT64_C(6482000000)},
	{"TV-STC", INT64_C(4926350000)},
	{"TV-SYT", INT64_C(4318760000)},
	{"TV-SGDDT", INT64_C(5204890000)},
	{"TV-SNNPTNT", INT64_C(3987600000)},
	{"TV-STNMT", INT64_C(2845000000)},
	{"TV-SLDTBXH", INT64_C(1964270000)},
	{"TV-SVHTTDL", INT64_C(1126500000)},
	{"TV-STTTT", INT64_C(1307000000)},
	{"TV-SNV", INT64_C(612450000)},
	{"TV-STP", INT64_C(418300000)},
	{"TV-SKHCN", INT64_C(397600000)},
	{"TV-BDT", INT64_C(356200000)},
	{"TV-VPUBND", INT64_C(842000000)},
	{"TV-TTRA", INT64_C(215760000)},
	{"TV-MTTQ", INT64_C(6514300000)},
	{"TV-HLHPN", INT64_C(734500000)},
	{"TV-TDOAN", INT64_C(689250000)},
	{"TV-HND", INT64_C(812400000)},
	{"TV-HCCB", INT64_C(356900000)},
	{"TV-LDLD", INT64_C(2107800000)},
	{"TV-HCTD", INT64_C(498000000)},
	{"TV-DUKCQ", INT64_C(1412600000)},
	{"TV-DUKDN", INT64_C(7936500000)},
	{"TV-VPTU", INT64_C(431200000)},
	{"TV-BTGTU", INT64_C(187350000)},
	{"TV-BCHQS", INT64_C(1104700000)},
	{"TV-CA", INT64_C(2318900000)},
	{"TV-BDBP", INT64_C(763400000)},
	{"TV-BAOTV", INT64_C(196800000)},
	{"TV-DPTTH", INT64_C(372500000)},
	{"TV-DHTV", INT64_C(1115400000)},
};
const size_t demo_results_2017_count = COUNT(demo_results_2017);

const struct demo_unit *demo_unit_find(const char *code)
{
	for (size_t i = 0; i < demo_units_count; i++)
		if (strcmp(demo_units[i].code, code) == 0)
			return &demo_units[i];
	return NULL;
}

static int unit_matches(const struct demo_unit *u, const char *kind, const char *parent)
{
	/* The eight kinds differ in their first two letters; checking those
	 * first keeps strcmp out of the scan, which donor generation runs
	 * for nearly every donor. */
	if (u->kind[0] != kind[0] || u->kind[0] == '\0' || u->kind[1] != kind[1]
	    || strcmp(u->kind, kind) != 0)
		return 0;
	return parent == NULL || (u->parent && strcmp(u->parent, parent) == 0);
}

/* Two passes (count, then index) rather than a cached index, so the tables
 * stay const and there is no state to initialise. */
const struct demo_unit *demo_unit_pick(struct rng *r, const char *kind, const char *parent)
{
	size_t n = 0;
	for (size_t i = 0; i < demo_units_count; i++)
		n += (size_t)unit_matches(&demo_units[i], kind, parent);
	if (n == 0)
		return NULL;
	size_t k = (size_t)rng_below(r, n);
	for (size_t i = 0; i < demo_units_count; i++)
		if (unit_matches(&demo_units[i], kind, parent) && k-- == 0)
			return &demo_units[i];
	return NULL;
}

struct weighted_code {
	const char *code;
	unsigned w;
};

static const char *pick_weighted(struct rng *r, const struct weighted_code *t, size_t n)
{
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += t[i].w;
	uint64_t x = rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < t[i].w)
			return t[i].code;
		x -= t[i].w;
	}
	return t[n - 1].code;
}

/* Population in thousands (2019 census, rounded) split by the rough share
 * of Khmer people in each district, so Khmer names land mostly in Trà Cú,
 * Châu Thành and Cầu Ngang, as they do in life. */
static const struct weighted_code district_kinh[] = {
	{"TV-TP", 90}, {"TV-DHTX", 48}, {"TV-CL", 135}, {"TV-CK", 77},
	{"TV-TC", 74}, {"TV-CT", 87}, {"TV-CN", 75}, {"TV-TCU", 72}, {"TV-DH", 50},
};
static const struct weighted_code district_khmer[] = {
	{"TV-TP", 22}, {"TV-DHTX", 3}, {"TV-CL", 10}, {"TV-CK", 33},
	{"TV-TC", 31}, {"TV-CT", 58}, {"TV-CN", 50}, {"TV-TCU", 108}, {"TV-DH", 5},
};
/* Where businesses are registered: mostly the city and the Duyên Hải
 * power-and-port area. */
static const struct weighted_code district_business[] = {
	{"TV-TP", 40}, {"TV-DHTX", 12}, {"TV-CL", 8}, {"TV-CK", 5},
	{"TV-TC", 7}, {"TV-CT", 7}, {"TV-CN", 6}, {"TV-TCU", 8}, {"TV-DH", 5},
};
/* Departments that canvass businesses of their sector. */
static const struct weighted_code business_departments[] = {
	{"TV-SKHDT", 4}, {"TV-SXD", 3}, {"TV-SGTVT", 3}, {"TV-SCT", 3},
	{"TV-SNNPTNT", 1}, {"TV-STNMT", 1}, {"TV-SYT", 1},
};

static const char *pick_individual(struct rng *r, const struct gen_donor *d)
{
	if (!d->in_province)
		return rng_below(r, 4) ? "TV" : "TV-MTTQ";
	uint64_t roll = rng_below(r, 100);
	if (roll < 84) {
		const char *district = d->khmer
			? pick_weighted(r, district_khmer, COUNT(district_khmer))
			: pick_weighted(r, district_kinh, COUNT(district_kinh));
		if (roll >= 72)
			return district;
		const struct demo_unit *c = demo_unit_pick(r, "commune", district);
		return c ? c->code : district;
	}
	/* Cadres who give as individuals count toward their agency. */
	static const char *const agency_kinds[] = {
		"department", "department", "department", "organisation",
		"party", "armed_forces", "other",
	};
	const struct demo_unit *u = demo_unit_pick(r,
		agency_kinds[rng_below(r, COUNT(agency_kinds))], NULL);
	return u ? u->code : "TV";
}

static const char *pick_business(struct rng *r, const struct gen_donor *d)
{
	uint64_t roll = rng_below(r, 100);
	if (d->large || !d->in_province) {
		if (roll < 70)
			return "TV";
		if (roll < 85)
			return "TV-DUKDN";
		return pick_weighted(r, business_departments, COUNT(business_departments));
	}
	if (roll < 45)
		return pick_weighted(r, district_business, COUNT(district_business));
	if (roll < 70)
		return pick_weighted(r, business_departments, COUNT(business_departments));
	if (roll < 85)
		return "TV-DUKDN";
	return "TV";
}

const char *demo_pick_unit(struct rng *r, const struct gen_donor *d)
{
	const char *k = d->kind ? d->kind : "individual";
	if (strcmp(k, "individual") == 0)
		return pick_individual(r, d);
	if (strcmp(k, "business") == 0)
		return pick_business(r, d);
	if (strcmp(k, "cooperative") == 0)
		return pick_weighted(r, district_kinh, COUNT(district_kinh));
	if (strcmp(k, "collective") == 0) {
		const struct demo_unit *u = demo_unit_pick(r, "department", NULL);
		return u ? u->code : "TV";
	}
	if (strcmp(k, "political_org") == 0)
		return rng_below(r, 2) ? "TV-MTTQ"
			: pick_weighted(r, district_kinh, COUNT(district_kinh));
	/* Professional and religious bodies give through the Front, or to the
	 * Ban Chỉ đạo directly at the ceremony. */
	return rng_below(r, 3) ? "TV-MTTQ" : "TV";
}
