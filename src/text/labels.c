/* The Vietnamese names of stored codes (see labels.h). */
#include "text/labels.h"

#include <string.h>

const struct code_label unit_kinds[] = {
	{"province", "Tỉnh"},
	{"district", "Huyện, thị xã, thành phố"},
	{"commune", "Xã, phường, thị trấn"},
	{"department", "Sở, ban, ngành"},
	{"organisation", "Mặt trận, đoàn thể, tổ chức"},
	{"party", "Đảng bộ trực thuộc"},
	{"armed_forces", "Lực lượng vũ trang"},
	{"other", "Khác"},
	{NULL, NULL},
};

const struct code_label donor_kinds[] = {
	{"individual", "Cá nhân"},
	{"business", "Doanh nghiệp"},
	{"cooperative", "Hợp tác xã"},
	{"political_org", "Tổ chức chính trị - xã hội"},
	{"professional_org", "Tổ chức xã hội - nghề nghiệp"},
	{"religious_org", "Tổ chức tôn giáo"},
	{"collective", "Tập thể"},
	{NULL, NULL},
};

const struct code_label contribution_channels[] = {
	{"cash", "Tiền mặt"},
	{"transfer", "Chuyển khoản"},
	{"payroll", "Trích lương"},
	{"goods", "Hiện vật"},
	{NULL, NULL},
};

const struct code_label committee_roles[] = {
	{"head", "Trưởng ban"},
	{"deputy", "Phó Trưởng ban"},
	{"member", "Thành viên"},
	{"assistant", "Tổ giúp việc"},
	{"collaborator", "Cộng tác viên vận động"},
	{NULL, NULL},
};

const struct code_label canvass_statuses[] = {
	{"new", "Chưa liên hệ"},
	{"contacted", "Đã liên hệ"},
	{"meeting", "Đã hẹn gặp"},
	{"pledged", "Đã cam kết"},
	{"declined", "Từ chối"},
	{NULL, NULL},
};

const struct code_label goods_movements[] = {
	{"handover", "Bàn giao"},
	{"distribution", "Phân phối"},
	{NULL, NULL},
};

const struct code_label goods_recipients[] = {
	{"household", "Hộ gia đình"},
	{"person", "Cá nhân"},
	{"unit", "Đơn vị"},
	{NULL, NULL},
};

const struct code_label goods_valuations[] = {
	{"invoice", "Hóa đơn"},
	{"market", "Giá thị trường"},
	{"declared", "Nhà hảo tâm kê khai"},
	{"committee", "Ban vận động định giá"},
	{NULL, NULL},
};

const struct code_label fund_kinds[] = {
	{"handover", "Bàn giao"},
	{"disbursement", "Chi hỗ trợ"},
	{NULL, NULL},
};

const struct code_label fund_sources[] = {
	{"bank", "Tiền gửi ngân hàng"},
	{"cash", "Tiền mặt"},
	{NULL, NULL},
};

const struct code_label fund_purposes[] = {
	{"policy_family", "Gia đình chính sách, người có công"},
	{"house", "Nhà đại đoàn kết, nhà ở"},
	{"production_capital", "Vốn sản xuất"},
	{"heart_surgery", "Phẫu thuật tim cho trẻ em"},
	{"bridge_road", "Cầu, đường giao thông nông thôn"},
	{"other", "Khác"},
	{NULL, NULL},
};

const struct code_label fund_beneficiaries[] = {
	{"household", "Hộ gia đình"},
	{"person", "Cá nhân"},
	{"project", "Công trình"},
	{"unit", "Đơn vị"},
	{NULL, NULL},
};

/* what the annual review of poor and near-poor households found (R15) */
const struct code_label fund_outcomes[] = {
	{"thoat-ngheo", "Đã thoát nghèo"},
	{"can-ngheo", "Thoát nghèo, còn cận nghèo"},
	{"chua-thoat", "Chưa thoát nghèo"},
	{NULL, NULL},
};

const char *code_label(const struct code_label *table, const char *code)
{
	for (const struct code_label *t = table; code && t->code; t++)
		if (strcmp(t->code, code) == 0)
			return t->label;
	return "";
}

const char *channel_label(const char *channel)
{
	return code_label(contribution_channels, channel);
}

const char *donor_kind_label(const char *kind)
{
	return code_label(donor_kinds, kind);
}

const char *unit_kind_label(const char *kind)
{
	return code_label(unit_kinds, kind);
}
