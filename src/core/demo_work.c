/* The Trà Vinh demo's people and goods (after demo.c's money): the steering
 * committee as such a province has it, canvassing of businesses at every
 * stage, the fund's collection accounts, goods received, handed over and
 * distributed, one payroll list and one bank statement of the province's
 * collection account.  Fixed data, in a fixed order, through
 * the same core functions as real use; names of people are invented. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/afile.h"
#include "base/csv.h"
#include "core/bank.h"
#include "core/canvass.h"
#include "core/demo_data.h"
#include "core/document.h"
#include "core/money_in.h"
#include "ledger/log.h"
#include "store/bank.h"
#include "text/money.h"

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

/* The demo's files come as an agency or a bank sends them: data is written
 * to a temporary file named like name (in $TMPDIR), given to import, then
 * removed. */
typedef int (*file_import_fn)(void *ctx, const char *path, struct err *e);

static int through_file(const char *name, const char *data, size_t len, file_import_fn import,
			void *ctx, struct err *e)
{
	char *tmp = afile_temp_with(name, data, len, e);
	if (tmp == NULL)
		return -1;
	int rc = import(ctx, tmp, e);
	unlink(tmp);
	free(tmp);
	return rc;
}

struct demo_import {
	struct db *db;
	const struct actor *a;
	const char *name;
};

static int import_payroll(void *ctx, const char *path, struct err *e)
{
	struct demo_import *d = ctx;
	struct payroll_result res;
	struct payroll_input in = {.path = path, .agency = "TV-STC", .period = "tháng 9/2019",
				   .transfer = PAYROLL_TOTAL, .campaign_code = "TV2019",
				   .date = "2019-09-30"};
	return payroll_import(d->db, d->a, &in, &res, e);
}

static int add_payroll(struct db *db, const struct actor *a, struct err *e)
{
	struct demo_import d = {db, a, NULL};
	return through_file("bang-luong-so-tai-chinh-t9-2019.csv", payroll_csv, strlen(payroll_csv),
			    import_payroll, &d, e);
}

static int import_statement(void *ctx, const char *path, struct err *e)
{
	struct demo_import *d = ctx;
	struct bank_import_result res;
	struct bank_import_opts o = {.path = path, .name = d->name};
	return bank_import(d->db, d->a, &o, &res, e);
}

/* Donors whose transfers the demo's statement carries: people without a
 * tax code and with a three-word name, every fifth such. */
#define STATEMENT_SENDERS 7
struct senders {
	char name[STATEMENT_SENDERS][160]; /* folded, upper case: NGUYEN VAN DUC */
	int n, seen;
};

static int pick_sender(void *ctx, int64_t id, const char *name, const char *fold, const char *tax,
		       int64_t unit_id)
{
	struct senders *s = ctx;
	int words = 1;
	(void)id, (void)name, (void)unit_id;
	for (const char *c = fold; *c; c++)
		words += *c == ' ';
	if (s->n == STATEMENT_SENDERS || (tax && tax[0]) || words != 3 || s->seen++ % 5)
		return 0;
	snprintf(s->name[s->n], sizeof s->name[0], "%s", fold);
	for (char *c = s->name[s->n]; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	s->n++;
	return 0;
}

/* "NGUYEN VAN DUC" as "NGUYEN DUC" (the middle name left out) or "DUC
 * NGUYEN VAN" (the given name first), as people type them. */
static void typed(struct buf *out, const char *upper, int given_first)
{
	const char *sp1 = strchr(upper, ' '), *sp2 = strrchr(upper, ' ');
	buf_reset(out);
	if (given_first)
		buf_printf(out, "%s %.*s", sp2 + 1, (int)(sp2 - upper), upper);
	else
		buf_printf(out, "%.*s%s", (int)(sp1 - upper), upper, sp2);
}

/* The statement of the province's account at Agribank for early December
 * as the clerk downloads it: transfers from the demo's donors typed the
 * way people type them (no diacritics, upper case, behind the banks'
 * prefixes, a middle name left out, a given name first), one without a
 * name, one from someone not yet a donor, a bank fee.  Imported and
 * reconciled as any statement is: the sure ones go to their donors, the
 * rest wait in the clerks' queue. */
static int add_bank_statement(struct db *db, const struct actor *a, struct err *e)
{
	struct senders who = {0};
	struct buf csv = BUF_INIT, alt = BUF_INIT;
	int64_t balance = 1250000000;
	int rc;

	if (store_bank_donors_each(db, pick_sender, &who, e) < 0)
		return -1;
	if (who.n < STATEMENT_SENDERS)
		return 0; /* a demo too small for a statement */
	struct {
		int64_t debit, credit;
		const char *pre, *post; /* the description: pre NAME post, or pre alone */
		int sender, how; /* how: 0 as is, 1 no middle name, 2 given name first, 3 no name */
	} lines[] = {
		{0, 2000000, "MBVCB.3278865371.", " chuyen tien ung ho quy an sinh.CT tu 0071000234567",
		 0, 0},
		{0, 500000, "IBFT ", " UNG HO QUY AN SINH XA HOI", 1, 0},
		{11000, 0, "Phi quan ly tai khoan", NULL, 0, 3},
		{0, 1000000, "CT nhanh 247 ", " ung ho quy an sinh", 2, 1},
		{0, 300000, "UNG HO QUY ASXH", NULL, 0, 3},
		{0, 5000000, "FT19337425061 ", " CK UNG HO ASXH TRA VINH", 3, 0},
		{0, 700000, "", " chuyen tien ung ho", 4, 2},
		{0, 1500000, "UNG HO ", "", 5, 0},
		{0, 250000, "IBFT LAM THI KIEU OANH UNG HO QUY AN SINH", NULL, 0, 3},
		{0, 3000000, "CT nhanh 247 ", " ung ho nguoi ngheo", 6, 0},
	};
	buf_printf(&csv, "NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM\nSỐ PHỤ TÀI KHOẢN\n"
		   "Số tài khoản: %s\nSTT,Ngày giao dịch,Số bút toán,Diễn giải,Phát sinh nợ,"
		   "Phát sinh có,Số dư cuối\n", accounts[0].account);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		const char *name = who.name[lines[i].sender];
		struct buf desc = BUF_INIT;
		if (lines[i].how == 1 || lines[i].how == 2) {
			typed(&alt, name, lines[i].how == 2);
			name = alt.p;
		}
		buf_puts(&desc, lines[i].pre);
		if (lines[i].how != 3)
			buf_printf(&desc, "%s%s", name, lines[i].post);
		balance += lines[i].credit - lines[i].debit;
		buf_printf(&csv, "%zu,%02zu/12/2019,AGR19%07zu,", i + 1, 2 + i / 3, 4821 + i * 17);
		csv_put_cell(&csv, desc.p, 0);
		buf_putc(&csv, ',');
		if (lines[i].debit)
			money_format_plain(&csv, lines[i].debit); /* 11.000: dots, no quotes needed */
		buf_putc(&csv, ',');
		if (lines[i].credit)
			money_format_plain(&csv, lines[i].credit);
		buf_putc(&csv, ',');
		money_format_plain(&csv, balance);
		buf_putc(&csv, '\n');
		buf_free(&desc);
	}
	struct demo_import d = {db, a, "sao-ke-agribank-12-2019.csv"};
	rc = through_file(d.name, csv.p, csv.len, import_statement, &d, e);
	buf_free(&alt);
	buf_free(&csv);
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
	    add_goods(db, a, business, nbusiness, e) < 0 || add_payroll(db, a, e) < 0 ||
	    add_bank_statement(db, a, e) < 0 || demo_fund(db, a, e) < 0)
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
