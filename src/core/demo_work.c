/* The Trà Vinh demo's people and goods (after demo.c's money): the steering
 * committee as such a province has it, canvassing of businesses at every
 * stage, the fund's collection accounts, goods received, handed over and
 * distributed, and one payroll list.  Fixed data, in a fixed order, through
 * the same core functions as real use; names of people are invented. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/afile.h"
#include "core/canvass.h"
#include "core/demo_data.h"
#include "core/document.h"
#include "core/money_in.h"
#include "ledger/log.h"

static const struct committee_input members[] = {
	{"Trần Quốc Thịnh", "head", "Bí thư Tỉnh ủy", "Tỉnh ủy Trà Vinh",
	 "Chỉ đạo chung; trực tiếp vận động các tập đoàn, tổng công ty", "TV", NULL, NULL},
	{"Lê Thị Thu Hà", "deputy", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban MTTQ Việt Nam tỉnh",
	 "Phó Trưởng ban thường trực; điều hành Tổ giúp việc; tổng hợp báo cáo", "TV-MTTQ",
	 "0294 3862 101", NULL},
	{"Nguyễn Văn Sang", "deputy", "Phó Chủ tịch UBND tỉnh", "Ủy ban nhân dân tỉnh",
	 "Chỉ đạo các sở, ngành và huyện, thị xã, thành phố", "TV-VPUBND", NULL, NULL},
	{"Phạm Minh Khoa", "member", "Giám đốc Sở Tài chính", "Sở Tài chính",
	 "Quản lý, kiểm tra việc sử dụng Quỹ", "TV-STC", NULL, NULL},
	{"Huỳnh Thị Ngọc Lan", "member", "Giám đốc Sở Lao động - Thương binh và Xã hội",
	 "Sở Lao động - Thương binh và Xã hội", "Rà soát đối tượng thụ hưởng; phân bổ hỗ trợ",
	 "TV-SLDTBXH", NULL, NULL},
	{"Thạch Thị Sa Ry", "member", "Tổng Biên tập Báo Trà Vinh", "Báo Trà Vinh",
	 "Tuyên truyền cuộc vận động; đăng danh sách nhà hảo tâm", "TV-BAOTV", NULL, NULL},
	{"Võ Thanh Tùng", "member", "Trưởng Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy",
	 "Định hướng tuyên truyền", "TV-BTGTU", NULL, NULL},
	{"Đặng Văn Lực", "member", "Chủ tịch Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh",
	 "Vận động công nhân, viên chức, người lao động", "TV-LDLD", NULL, NULL},
	{"Kim Thị Sa Rết", "member", "Bí thư Huyện ủy Càng Long", "Huyện ủy Càng Long",
	 "Phụ trách vận động tại huyện Càng Long", "TV-CL", NULL, NULL},
	{"Ngô Thị Bích Trâm", "assistant", "Trưởng ban Phong trào, Ủy ban MTTQ tỉnh",
	 "Ủy ban MTTQ Việt Nam tỉnh", "Tổ trưởng Tổ giúp việc; theo dõi tiến độ các đơn vị",
	 "TV-MTTQ", "0918 204 315", NULL},
	{"Lâm Quốc Bảo", "assistant", "Chuyên viên Sở Tài chính", "Sở Tài chính",
	 "Kế toán Quỹ; đối chiếu tài khoản", "TV-STC", NULL, NULL},
	{"Trương Văn Mười", "collaborator", "Nguyên Phó Chủ tịch UBND tỉnh (nghỉ hưu)", NULL,
	 "Vận động doanh nghiệp ngoài tỉnh", "TV", "0913 777 021", NULL},
	{"Châu Thị Mỹ", "collaborator", "Nguyên Chủ tịch Hội Liên hiệp Phụ nữ tỉnh (nghỉ hưu)", NULL,
	 "Vận động doanh nghiệp tại thành phố Trà Vinh", "TV-TP", NULL, NULL},
};
#define NMEMBERS (int)(sizeof members / sizeof members[0])

/* Who approaches which business (by position among the demo's businesses),
 * how far it went and what comes next. */
static const struct {
	int business, member;
	const char *status, *next_step, *next_date, *note;
} approaches[] = {
	{0, 0, "pledged", "Dự lễ ra quân, trao biểu trưng", "2020-01-10", "Đăng ký 500 triệu đồng"},
	{1, 0, "meeting", "Gặp Tổng Giám đốc tại TP. Hồ Chí Minh", "2019-12-12", NULL},
	{2, 11, "contacted", "Gửi thư ngỏ và kế hoạch vận động", "2019-11-20", "Hẹn trả lời sau họp HĐQT"},
	{3, 11, "new", "Gọi điện giới thiệu cuộc vận động", "2019-12-05", NULL},
	{4, 1, "pledged", "Nhắc nộp đợt 2", "2019-12-20", "Nộp 2 đợt, mỗi đợt 50 triệu"},
	{5, 12, "declined", NULL, NULL, "Doanh nghiệp khó khăn năm nay; hẹn năm sau"},
	{6, 12, "meeting", "Làm việc với Ban Giám đốc", "2019-11-28", NULL},
	{7, 2, "contacted", "Gửi công văn của UBND tỉnh", "2019-12-03", NULL},
	{8, 8, "new", "Đến thăm cơ sở sản xuất", "2019-12-09", NULL},
	{9, 3, "pledged", "Gửi thư cảm ơn", "2019-12-15", "Ủng hộ 200 triệu đồng bằng chuyển khoản"},
};
#define NAPPROACHES (int)(sizeof approaches / sizeof approaches[0])

static const struct {
	const char *unit, *bin, *account, *name;
} accounts[] = {
	{NULL, "970405", "7300201006868", "UY BAN MTTQ VIET NAM TINH TRA VINH"},
	{"TV-CL", "970405", "7306201001919", "UY BAN MTTQ VN HUYEN CANG LONG"},
	{"TV-TP", "970418", "74010000383838", "UY BAN MTTQ VN THANH PHO TRA VINH"},
	{"TV-CK", "970405", "7303201002020", "UY BAN MTTQ VN HUYEN CAU KE"},
};

/* Goods: from the business at position business; handed over and given out. */
static const struct {
	int business;
	const char *description, *measure, *quantity, *value, *valued_by, *date;
	const char *handed, *handed_date, *handover_doc;
} goods[] = {
	{0, "Gạo ST25", "kg", "5000", "90.000.000", "invoice", "2019-10-02", "5000", "2019-10-05",
	 "BBBG-01/2019"},
	{4, "Chăn ấm", "cái", "400", "60.000.000", "market", "2019-11-12", "300", "2019-11-15",
	 "BBBG-02/2019"},
	{9, "Xe lăn", "chiếc", "20", "36.000.000", "declared", "2019-11-25", NULL, NULL, NULL},
};
static const struct {
	int item;
	const char *quantity, *kind, *recipient, *document, *date;
} handouts[] = {
	{0, "1500", "unit", "TV-CL", "QĐ 152/QĐ-BVĐ", "2019-10-10"},
	{0, "20", "household", "Hộ bà Thạch Thị Sóc, ấp Tân Ngại, xã Phương Thạnh",
	 "QĐ 153/QĐ-BVĐ", "2019-10-12"},
	{1, "100", "unit", "TV-CK", "QĐ 171/QĐ-BVĐ", "2019-11-20"},
	{1, "2", "person", "Ông Lê Văn Tám, xã An Trường", "QĐ 172/QĐ-BVĐ", "2019-11-21"},
};

/* The Sở Tài chính's staff giving a day's pay, deducted in September. */
static const char payroll_csv[] =
	"STT,Họ và tên,Chức vụ,Phòng,Số tiền\n"
	"1,Phạm Minh Khoa,Giám đốc,Ban Giám đốc,1.200.000\n"
	"2,Trần Thị Kim Ngân,Phó Giám đốc,Ban Giám đốc,1.000.000\n"
	"3,Lý Văn Hậu,Phó Giám đốc,Ban Giám đốc,1.000.000\n"
	"4,Nguyễn Thị Hồng Nhung,Chánh Văn phòng,Văn phòng,700.000\n"
	"5,Lâm Quốc Bảo,Chuyên viên,Phòng Tài chính hành chính sự nghiệp,500.000\n"
	"6,Dương Thị Ngọc Diễm,Chuyên viên,Phòng Quản lý ngân sách,500.000\n"
	"7,Sơn Thị Ngọc Hân,Chuyên viên,Phòng Quản lý giá và công sản,450.000\n"
	"8,Huỳnh Văn Đức,Chuyên viên,Phòng Tài chính đầu tư,450.000\n"
	"9,Kiên Thị Mỹ Duyên,Kế toán,Văn phòng,400.000\n"
	"10,Trần Văn Út,Nhân viên,Văn phòng,300.000\n";
#define PAYROLL_TOTAL "6.500.000"

static int add_committee(struct db *db, const struct actor *a, int64_t ids[], struct err *e)
{
	for (int i = 0; i < NMEMBERS; i++)
		if (committee_add(db, a, &members[i], &ids[i], e) < 0)
			return -1;
	return 0;
}

static int add_canvassing(struct db *db, const struct actor *a, const int64_t member_ids[],
			  const int64_t *business, int nbusiness, struct err *e)
{
	for (int i = 0; i < NAPPROACHES; i++) {
		int64_t id;
		if (approaches[i].business >= nbusiness)
			continue;
		struct canvass_input in = {
			.campaign_code = "TV2019", .donor_id = business[approaches[i].business],
			.member_id = member_ids[approaches[i].member], .next_step = approaches[i].next_step,
			.next_date = approaches[i].next_date, .note = approaches[i].note,
		};
		if (canvass_add(db, a, 0, &in, &id, e) < 0)
			return -1;
		if (strcmp(approaches[i].status, "new") == 0)
			continue;
		in.status = approaches[i].status;
		if (canvass_update(db, a, 0, id, &in, 1, e) < 0)
			return -1;
	}
	return 0;
}

static int add_goods(struct db *db, const struct actor *a, const int64_t *business, int nbusiness,
		     struct err *e)
{
	int64_t items[sizeof goods / sizeof goods[0]] = {0}, mid;
	struct buf receipt = BUF_INIT;
	int rc = -1;
	for (size_t i = 0; i < sizeof goods / sizeof goods[0]; i++) {
		if (goods[i].business >= nbusiness)
			continue;
		struct goods_input in = {
			.donor_id = business[goods[i].business], .campaign_code = "TV2019",
			.date = goods[i].date, .description = goods[i].description,
			.measure = goods[i].measure, .quantity = goods[i].quantity, .value = goods[i].value,
			.valued_by = goods[i].valued_by,
		};
		buf_reset(&receipt);
		if (goods_receive(db, a, &in, &items[i], &receipt, e) < 0)
			goto done;
		if (goods[i].handed == NULL)
			continue;
		struct goods_move_input mv = {.item_id = items[i], .quantity = goods[i].handed,
					      .date = goods[i].handed_date, .document = goods[i].handover_doc};
		if (goods_handover(db, a, &mv, &mid, e) < 0)
			goto done;
	}
	for (size_t i = 0; i < sizeof handouts / sizeof handouts[0]; i++) {
		if (items[handouts[i].item] == 0)
			continue;
		struct goods_move_input mv = {
			.item_id = items[handouts[i].item], .quantity = handouts[i].quantity,
			.date = handouts[i].date, .document = handouts[i].document,
			.recipient_kind = handouts[i].kind, .recipient = handouts[i].recipient,
		};
		if (goods_distribute(db, a, &mv, &mid, e) < 0)
			goto done;
	}
	rc = 0;
done:
	buf_free(&receipt);
	return rc;
}

/* The list is a file as it comes from the agency; written to a temporary
 * file for the import, then removed. */
static int add_payroll(struct db *db, const struct actor *a, struct err *e)
{
	const char *dir = getenv("TMPDIR");
	struct buf path = BUF_INIT;
	struct payroll_result res;
	int rc = -1;
	buf_printf(&path, "%s/bang-luong-so-tai-chinh-t9-2019.csv", dir && *dir ? dir : "/tmp");
	char *tmp = afile_temp_beside(path.p, e);
	FILE *f = tmp ? fopen(tmp, "w") : NULL;
	if (tmp && f == NULL)
		err_fail(e, "%s: cannot write the demo's payroll list", tmp);
	if (f) {
		int bad = fputs(payroll_csv, f) < 0;
		bad |= fclose(f) != 0;
		struct payroll_input in = {.path = tmp, .agency = "TV-STC", .period = "tháng 9/2019",
					   .transfer = PAYROLL_TOTAL, .campaign_code = "TV2019",
					   .date = "2019-09-30"};
		if (bad)
			err_fail(e, "%s: cannot write the demo's payroll list", tmp);
		else if (payroll_import(db, a, &in, &res, e) == 0)
			rc = 0;
	}
	if (tmp)
		unlink(tmp);
	free(tmp);
	buf_free(&path);
	return rc;
}

/* What the papers of both demo campaigns say about who issues them: the
 * Provincial Party Committee's steering committee (Party style header), in
 * Trà Vinh, signed by its head; money received by the committee's clerk. */
static const char *const paper_settings[][2] = {
	{"co_quan_cap_tren", "TỈNH ỦY TRÀ VINH"},
	{"quoc_hieu", "dang"},
	{"dia_danh", "Trà Vinh"},
	{"nguoi_ky", "Trần Quốc Thịnh"},
	{"nguoi_nhan_tien", "Ngô Thị Bích Trâm"},
};

static int add_paper_settings(struct db *db, const struct actor *a, struct err *e)
{
	static const char *const campaigns[] = {"TV2017", "TV2019"};
	for (size_t c = 0; c < sizeof campaigns / sizeof campaigns[0]; c++)
		for (size_t i = 0; i < sizeof paper_settings / sizeof paper_settings[0]; i++)
			if (doc_setting_set(db, a, campaigns[c], paper_settings[i][0],
					    paper_settings[i][1], e) < 0)
				return -1;
	return 0;
}

int demo_work(struct db *db, const struct actor *a, const int64_t *business, int nbusiness,
	      struct err *e)
{
	int64_t member_ids[NMEMBERS];
	if (add_paper_settings(db, a, e) < 0)
		return -1;
	for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++)
		if (collection_account_set(db, a, "TV2019", accounts[i].unit, accounts[i].bin,
					   accounts[i].account, accounts[i].name, e) < 0)
			return -1;
	if (add_committee(db, a, member_ids, e) < 0 ||
	    add_canvassing(db, a, member_ids, business, nbusiness, e) < 0 ||
	    add_goods(db, a, business, nbusiness, e) < 0 || add_payroll(db, a, e) < 0)
		return -1;
	/* a checkpoint over everything, as the demo's first one was */
	char now[32];
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if (log_sign(db, now, NULL, e) < 0 || db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}
