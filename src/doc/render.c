/* Drawing the documents (doc/render.h).  Measurements follow Nghị định
 * 30/2020/NĐ-CP, Phụ lục I: A4, margins top/bottom 20 mm, left 30 mm,
 * right 15 mm; the issuing body on the left and the national title on
 * the right of the header; body 14 pt justified; Times New Roman (here the
 * metrically identical Liberation Serif). */
#include "doc/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "doc/pdf.h"
#include "doc/qr.h"
#include "doc/template.h"

static const struct {
	const char *kind, *label, *stem;
} kinds[] = {
	{"receipt", "Biên nhận", "bien-nhan"},
	{"thanks", "Thư cảm ơn", "thu-cam-on"},
	{"invite", "Thư mời", "thu-moi"},
	{"open", "Thư ngỏ", "thu-ngo"},
	{"certificate", "Giấy khen", "giay-khen"},
	{"honour_roll", "Danh sách tôn vinh", "danh-sach-ton-vinh"},
	{"ceremony", "Danh sách công bố tại lễ", "danh-sach-cong-bo"},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static int kind_index(const char *kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return (int)i;
	return -1;
}

int doc_kind_valid(const char *kind)
{
	return kind_index(kind) >= 0;
}

const char *doc_kind_label(const char *kind)
{
	int i = kind_index(kind);
	return i < 0 ? "" : kinds[i].label;
}

const char *doc_kind_stem(const char *kind)
{
	int i = kind_index(kind);
	return i < 0 ? "van-ban" : kinds[i].stem;
}

void doc_page_size(const char *kind, double *w, double *h)
{
	int land = strcmp(kind, "certificate") == 0;
	*w = land ? PDF_A4_H : PDF_A4_W;
	*h = land ? PDF_A4_W : PDF_A4_H;
}

void doc_date_line(struct buf *out, const char *place, const char *iso)
{
	char y[5] = "....", m[3] = "..", d[3] = "..";
	if (iso && strlen(iso) >= 10) {
		memcpy(y, iso, 4);
		memcpy(m, iso + 5, 2);
		memcpy(d, iso + 8, 2);
		/* a 0 before days 1-9 and months 1-2 only (Nghị định 30/2020,
		 * Phụ lục I; the Party's Hướng dẫn 36 writes "tháng 4" too) */
		if (m[0] == '0' && m[1] >= '3')
			memmove(m, m + 1, 2);
	}
	if (place && *place)
		buf_printf(out, "%s, ngày %s tháng %s năm %s", place, d, m, y);
	else
		buf_printf(out, "Ngày %s tháng %s năm %s", d, m, y);
}

const char *doc_campaign_short(const char *name)
{
	static const char *const prefixes[] = {"Cuộc vận động ", "cuộc vận động ", "CUỘC VẬN ĐỘNG "};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(name, prefixes[i], n) == 0 && name[n])
			return name + n;
	}
	return name;
}

/* ---- the common parts of an administrative document ---------------------- */

#define LEFT_CX PDF_MM(57.5)   /* centre of the issuing body's column */
#define LEFT_W PDF_MM(78)
#define RIGHT_CX PDF_MM(145)   /* centre of the national title's column */
#define RIGHT_W PDF_MM(104)
#define BODY_SIZE 14.0
#define LINE_SPACING 1.08

static int party(const struct vars *v)
{
	return strcmp(vars_str(v, "quoc_hieu"), "dang") == 0;
}

static void margins(struct lay *L)
{
	L->top = PDF_MM(20);
	L->bottom = PDF_MM(20);
	L->left = PDF_MM(30);
	L->right = PDF_MM(15);
	L->y = L->top;
}

/* Centred markup in a column; returns its height. */
static double centred(struct lay *L, double cx, double w, double y, double size, const char *m)
{
	struct pdf_style st = {.size = size, .align = PDF_CENTER};
	return lay_text_at(L, m, cx - w / 2, y, w, &st);
}

/* The two-column header: issuing body (left) with its number, national or
 * Party title (right) with the place and date.  number: the whole "Số: …"
 * line, or "" for none. */
static void header(struct lay *L, const struct vars *v, const char *number, int with_date)
{
	struct buf *m = &L->m;
	double yl = L->y, yr = L->y;
	const char *parent = vars_str(v, "co_quan_cap_tren"), *body = vars_str(v, "co_quan");

	/* left */
	if (*parent) {
		buf_reset(m);
		pdf_mk(m, "%s", parent);
		yl += centred(L, LEFT_CX, LEFT_W, yl, 13, m->p);
	}
	buf_reset(m);
	pdf_mk(m, "<b>%s</b>", body);
	yl += centred(L, LEFT_CX, LEFT_W, yl, 13, m->p);
	if (party(v)) {
		yl += centred(L, LEFT_CX, LEFT_W, yl, 13, "*");
	} else {
		yl += 3;
		lay_rule(L, LEFT_CX, PDF_MM(22), yl, 0.6);
		yl += 6;
	}

	/* right */
	double title_w;
	if (party(v)) {
		const char *t = "<b>ĐẢNG CỘNG SẢN VIỆT NAM</b>";
		title_w = lay_text_width(L, t, 14);
		yr += centred(L, RIGHT_CX, RIGHT_W, yr, 14, t);
	} else {
		yr += centred(L, RIGHT_CX, RIGHT_W, yr, 12.5, "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>");
		const char *t = "<b>Độc lập - Tự do - Hạnh phúc</b>";
		title_w = lay_text_width(L, t, 14);
		yr += centred(L, RIGHT_CX, RIGHT_W, yr, 14, t);
	}
	yr += 2;
	lay_rule(L, RIGHT_CX, title_w, yr, 0.6);
	yr += 6;

	/* The number and the date line stand on one line. */
	double y = yl > yr ? yl : yr;
	double hl = 0;
	if (*number) {
		buf_reset(m);
		pdf_mk(m, "%s", number);
		hl = centred(L, LEFT_CX, LEFT_W, y, 13, m->p);
	}
	if (with_date) {
		struct buf date = BUF_INIT;
		doc_date_line(&date, vars_str(v, "dia_danh"), vars_str(v, "ngay_van_ban_iso"));
		buf_reset(m);
		pdf_mk(m, "<i>%s</i>", date.p);
		buf_free(&date);
		double hr = centred(L, RIGHT_CX, RIGHT_W, y, 14, m->p);
		if (hr > hl)
			hl = hr;
	}
	L->y = y + hl + PDF_MM(8);
}

/* Title (bold capitals), subtitle, "Kính gửi:" — all markup already. */
static void title(struct lay *L, const struct vars *v, const char *t, const char *sub,
		  const char *to)
{
	struct pdf_style st = {.size = 14, .align = PDF_CENTER};
	double cx = L->left + lay_width(L) / 2;
	if (t && *t) {
		st.size = 15;
		buf_reset(&L->m);
		buf_printf(&L->m, "<b>%s</b>", t);
		lay_para(L, L->m.p, &st);
		st.size = 14;
	}
	if (sub && *sub) {
		buf_reset(&L->m);
		buf_printf(&L->m, "<b>%s</b>", sub);
		lay_para(L, L->m.p, &st);
	}
	/* State documents rule off the title (Party ones do not). */
	if (((t && *t) || (sub && *sub)) && !party(v)) {
		L->y += 5;
		lay_rule(L, cx, PDF_MM(30), L->y, 0.6);
		L->y += 4;
	}
	if (to && *to) {
		buf_reset(&L->m);
		buf_printf(&L->m, "Kính gửi: <b>%s</b>", to);
		st.before = 6;
		st.after = 4;
		lay_para(L, L->m.p, &st);
	}
	L->y += 4;
}

static void body_para(struct lay *L, const char *markup)
{
	struct pdf_style st = {.size = BODY_SIZE, .align = PDF_JUSTIFY, .indent = PDF_MM(10),
			       .spacing = LINE_SPACING, .after = 6};
	lay_para(L, markup, &st);
}

/* Recipients (left) and the signature (right), kept together on a page. */
static void footer(struct lay *L, const struct vars *v, char *const *rec, int nrec)
{
	struct buf *m = &L->m;
	const char *for_ = vars_str(v, "ky_thay_mat"), *title_ = vars_str(v, "chuc_vu"),
		   *name = vars_str(v, "nguoi_ky");
	double need = PDF_MM(55);
	double rec_h = nrec ? 16 + nrec * 13.0 : 0;
	if (rec_h > need)
		need = rec_h;
	L->y += 14;
	lay_need(L, need);
	double y0 = L->y, yr = y0;
	if (nrec) {
		struct pdf_style st = {.size = 12};
		double y = y0, x = L->left, w = PDF_MM(80);
		y += lay_text_at(L, "<b><i>Nơi nhận:</i></b>", x, y, w, &st);
		st.size = 11;
		for (int i = 0; i < nrec; i++) {
			buf_reset(m);
			buf_printf(m, "- %s", rec[i]);
			y += lay_text_at(L, m->p, x, y, w, &st);
		}
		if (y > L->y)
			L->y = y;
	}
	if (*for_) {
		buf_reset(m);
		pdf_mk(m, "<b>%s</b>", for_);
		yr += centred(L, RIGHT_CX, RIGHT_W, yr, 14, m->p);
	}
	if (*title_) {
		buf_reset(m);
		pdf_mk(m, "<b>%s</b>", title_);
		yr += centred(L, RIGHT_CX, RIGHT_W, yr, 14, m->p);
	}
	yr += PDF_MM(24);
	if (*name) {
		buf_reset(m);
		pdf_mk(m, "<b>%s</b>", name);
		yr += centred(L, RIGHT_CX, RIGHT_W, yr, 14, m->p);
	}
	if (yr > L->y)
		L->y = yr;
}

/* "Số: 12-TCO/BCĐ" (Party) or "Số: 12/TCO-BCĐ" (State), "" when the
 * document has no number. */
static void number_line(struct buf *out, const struct vars *v, const char *abbr)
{
	const char *n = vars_str(v, "so"), *sym = vars_str(v, "ky_hieu");
	if (!*n)
		return;
	if (!abbr)
		buf_printf(out, "Số: %s", n);
	else if (party(v))
		buf_printf(out, "Số: %s-%s%s%s", n, abbr, *sym ? "/" : "", sym);
	else /* a 0 before numbers 1-9 (Nghị định 30/2020, Phụ lục I) */
		buf_printf(out, "Số: %s%s/%s%s%s", n[0] >= '1' && n[0] <= '9' && !n[1] ? "0" : "", n,
			   abbr, *sym ? "-" : "", sym);
}

/* ---- letters ----------------------------------------------------------- */

static const char *letter_abbr(const char *kind)
{
	if (strcmp(kind, "thanks") == 0)
		return "TCO";
	if (strcmp(kind, "invite") == 0)
		return "TM";
	if (strcmp(kind, "open") == 0)
		return "TN";
	return NULL;
}

static int render_letter(struct lay *L, const char *kind, const char *tname, const char *tbody,
			 const struct vars *v, struct err *e)
{
	struct tmpl_doc d;
	struct buf num = BUF_INIT;
	if (tmpl_fill(tname, tbody, v, &d, e) < 0)
		return -1;
	margins(L);
	number_line(&num, v, letter_abbr(kind));
	header(L, v, buf_cstr(&num), 1);
	title(L, v, d.title, d.subtitle, d.to);
	for (int i = 0; i < d.npara; i++)
		body_para(L, d.para[i]);
	footer(L, v, d.recipient, d.nrecipient);
	tmpl_doc_free(&d);
	buf_free(&num);
	return 0;
}

/* ---- receipts -------------------------------------------------------------- */

/* "Label: value" with the value in bold (both escaped here). */
static void field(struct lay *L, const char *label, const char *value)
{
	struct pdf_style st = {.size = BODY_SIZE, .spacing = LINE_SPACING, .after = 5};
	buf_reset(&L->m);
	pdf_mk(&L->m, "%s: <b>%s</b>", label, value);
	lay_para(L, L->m.p, &st);
}

static void copy_mark(struct lay *L)
{
	cairo_t *cr = L->cr;
	struct pdf_style st = {.size = 16, .align = PDF_CENTER};
	double w = PDF_MM(34), h = PDF_MM(10), x = L->w - L->right - w, y = PDF_MM(8);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.75, 0.05, 0.05);
	cairo_set_line_width(cr, 1.5);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
	lay_text_at(L, "<b>BẢN SAO</b>", x, y + (h - 19) / 2, w, &st);
	/* and across the page, faint, so a cut-off corner still shows it */
	cairo_set_source_rgba(cr, 0.75, 0.05, 0.05, 0.07);
	cairo_translate(cr, L->w / 2, L->h / 2);
	cairo_rotate(cr, -0.6);
	st.size = 110;
	lay_text_at(L, "<b>BẢN SAO</b>", -L->w, -70, 2 * L->w, &st);
	cairo_restore(cr);
}

static int render_receipt(struct lay *L, const struct vars *v, struct err *e)
{
	struct buf s = BUF_INIT;
	margins(L);
	if (strcmp(vars_str(v, "ban_sao"), "1") == 0)
		copy_mark(L);
	header(L, v, "", 0);
	{
		struct pdf_style st = {.size = 15, .align = PDF_CENTER};
		lay_para(L, "<b>BIÊN NHẬN</b>", &st);
		st.size = 14;
		buf_reset(&L->m);
		pdf_mk(&L->m, "Số: <b>%s</b>", vars_str(v, "so_bien_nhan"));
		lay_para(L, L->m.p, &st);
		buf_reset(&L->m);
		pdf_mk(&L->m, "<i>Tiền, hiện vật đóng góp cuộc vận động %s</i>",
		       doc_campaign_short(vars_str(v, "chien_dich")));
		st.after = PDF_MM(6);
		lay_para(L, L->m.p, &st);
	}
	field(L, "Nhận của", vars_str(v, "ten_day_du"));
	if (*vars_str(v, "dia_chi"))
		field(L, "Địa chỉ", vars_str(v, "dia_chi"));
	if (*vars_str(v, "don_vi"))
		field(L, "Đơn vị (địa bàn)", vars_str(v, "don_vi"));
	field(L, "Hình thức", vars_str(v, "hinh_thuc"));
	if (*vars_str(v, "hien_vat")) {
		field(L, "Hiện vật", vars_str(v, "hien_vat"));
		if (*vars_str(v, "hien_vat_so_luong"))
			field(L, "Số lượng", vars_str(v, "hien_vat_so_luong"));
		field(L, "Trị giá", vars_str(v, "so_tien"));
	} else {
		field(L, "Số tiền", vars_str(v, "so_tien"));
	}
	field(L, "Viết bằng chữ", vars_str(v, "so_tien_bang_chu"));
	field(L, "Ngày nhận", vars_str(v, "ngay"));

	/* date line, then payer (left) and receiver (right) */
	L->y += 8;
	lay_need(L, PDF_MM(95));
	struct buf date = BUF_INIT;
	doc_date_line(&date, vars_str(v, "dia_danh"), vars_str(v, "ngay_van_ban_iso"));
	buf_reset(&L->m);
	pdf_mk(&L->m, "<i>%s</i>", date.p);
	buf_free(&date);
	double y = L->y + centred(L, RIGHT_CX, RIGHT_W, L->y, 14, L->m.p);
	double lcx = L->left + PDF_MM(40);
	centred(L, lcx, PDF_MM(80), y, 14, "<b>NGƯỜI NỘP</b>");
	double y2 = y + centred(L, RIGHT_CX, RIGHT_W, y, 14, "<b>NGƯỜI NHẬN</b>");
	centred(L, lcx, PDF_MM(80), y2, 12, "<i>(Ký, ghi rõ họ tên)</i>");
	y2 += centred(L, RIGHT_CX, RIGHT_W, y2, 12, "<i>(Ký, ghi rõ họ tên)</i>");
	y2 += PDF_MM(22);
	buf_reset(&L->m);
	pdf_mk(&L->m, "<b>%s</b>", vars_str(v, "nguoi_nhan"));
	y2 += centred(L, RIGHT_CX, RIGHT_W, y2, 14, L->m.p);
	L->y = y2 + PDF_MM(10);

	/* the verification code and its QR code */
	const char *code = vars_str(v, "ma_xac_minh");
	if (*code) {
		double q = PDF_MM(30), x = L->left, yq = L->y;
		cairo_save(L->cr);
		cairo_set_line_width(L->cr, 0.5);
		cairo_rectangle(L->cr, x, yq, lay_width(L), q + PDF_MM(4));
		cairo_stroke(L->cr);
		cairo_restore(L->cr);
		if (qr_draw(L->cr, vars_str(v, "url_xac_minh"), x + PDF_MM(2), yq + PDF_MM(2), q, e) < 0) {
			buf_free(&s);
			return -1;
		}
		struct pdf_style st = {.size = 11, .spacing = 1.05};
		double tx = x + q + PDF_MM(6), tw = lay_width(L) - q - PDF_MM(10);
		/* the receipt number, then the salt on a line of its own: a code is
		 * never broken inside */
		const char *dot = strchr(code, '.');
		char *number = xstrndup(code, dot ? (size_t)(dot - code + 1) : strlen(code));
		buf_reset(&L->m);
		pdf_mk(&L->m,
		       "<b>Mã xác minh:</b> %s\n<span size=\"10pt\" insert_hyphens=\"false\">%s</span>\n"
		       "Khoản đóng góp này được ghi vào sổ cái công khai. Quét mã QR hoặc mở "
		       "%s/verify và nhập mã xác minh để kiểm tra.",
		       number, dot ? dot + 1 : "", vars_str(v, "url_cong_khai"));
		free(number);
		lay_text_at(L, L->m.p, tx, yq + PDF_MM(5), tw, &st);
		L->y = yq + q + PDF_MM(4);
	}
	cairo_show_page(L->cr);
	buf_free(&s);
	return 0;
}

/* ---- certificates ------------------------------------------------------------ */

/* A double frame with a chain of small lozenges between its lines and a
 * rosette in each corner. */
static void border(struct lay *L)
{
	cairo_t *cr = L->cr;
	double w = L->w, h = L->h, o = PDF_MM(8), i = PDF_MM(14);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.62, 0.09, 0.07);
	cairo_set_line_width(cr, 3);
	cairo_rectangle(cr, o, o, w - 2 * o, h - 2 * o);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, i, i, w - 2 * i, h - 2 * i);
	cairo_stroke(cr);
	/* lozenges along the band between the two frames */
	cairo_set_source_rgb(cr, 0.80, 0.62, 0.18);
	double mid = (o + i) / 2, r = PDF_MM(1.4), step = PDF_MM(6);
	for (int side = 0; side < 2; side++) {
		double len = side ? h - 2 * mid : w - 2 * mid;
		int n = (int)(len / step);
		double st = len / n;
		for (int k = 1; k < n; k++) {
			double a = mid + k * st;
			for (int edge = 0; edge < 2; edge++) {
				double cx = side ? (edge ? w - mid : mid) : a;
				double cy = side ? a : (edge ? h - mid : mid);
				cairo_move_to(cr, cx - r, cy);
				cairo_line_to(cr, cx, cy - r);
				cairo_line_to(cr, cx + r, cy);
				cairo_line_to(cr, cx, cy + r);
				cairo_close_path(cr);
			}
		}
	}
	cairo_fill(cr);
	/* corner rosettes */
	double cxs[2] = {mid, w - mid}, cys[2] = {mid, h - mid};
	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 2; b++) {
			cairo_set_source_rgb(cr, 0.62, 0.09, 0.07);
			cairo_arc(cr, cxs[a], cys[b], PDF_MM(4.2), 0, 6.283185307);
			cairo_fill(cr);
			cairo_set_source_rgb(cr, 0.80, 0.62, 0.18);
			for (int k = 0; k < 8; k++) {
				double t = k * 0.785398163;
				cairo_arc(cr, cxs[a] + PDF_MM(2.4) * cos(t),
					  cys[b] + PDF_MM(2.4) * sin(t), PDF_MM(0.9), 0, 6.283185307);
				cairo_fill(cr);
			}
		}
	cairo_restore(cr);
}

static int render_certificate(struct lay *L, const char *tname, const char *tbody,
			      const struct vars *v, struct err *e)
{
	struct tmpl_doc d;
	struct buf *m = &L->m;
	if (tmpl_fill(tname, tbody, v, &d, e) < 0)
		return -1;
	border(L);
	double cx = L->w / 2, w = L->w - PDF_MM(50), y = PDF_MM(20);
	if (party(v)) {
		y += centred(L, cx, w, y, 14, "<b>ĐẢNG CỘNG SẢN VIỆT NAM</b>");
	} else {
		y += centred(L, cx, w, y, 13, "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>");
		double tw = lay_text_width(L, "<b>Độc lập - Tự do - Hạnh phúc</b>", 14);
		y += centred(L, cx, w, y, 14, "<b>Độc lập - Tự do - Hạnh phúc</b>");
		lay_rule(L, cx, tw, y + 1, 0.6);
	}
	y += PDF_MM(10);
	if (*vars_str(v, "co_quan_cap_tren")) {
		buf_reset(m);
		pdf_mk(m, "<b>%s</b>", vars_str(v, "co_quan_cap_tren"));
		y += centred(L, cx, w, y, 15, m->p);
	}
	buf_reset(m);
	pdf_mk(m, "<b>%s</b>", vars_str(v, "co_quan"));
	y += centred(L, cx, w, y, 15, m->p);
	y += centred(L, cx, w, y, 15, "<b>TẶNG</b>") + PDF_MM(5);
	cairo_save(L->cr);
	cairo_set_source_rgb(L->cr, 0.72, 0.07, 0.05);
	buf_reset(m);
	buf_printf(m, "<b>%s</b>", d.title ? d.title : "");
	y += centred(L, cx, w, y, 40, m->p) + PDF_MM(5);
	cairo_restore(L->cr);
	buf_reset(m);
	buf_printf(m, "<b>%s</b>", d.to ? d.to : "");
	y += centred(L, cx, w, y, 24, m->p) + PDF_MM(6);
	for (int i = 0; i < d.npara; i++) {
		buf_reset(m);
		buf_printf(m, "<i>%s</i>", d.para[i]);
		struct pdf_style pst = {.size = 17, .align = PDF_CENTER, .spacing = 1.15};
		y += lay_text_at(L, m->p, cx - PDF_MM(110), y, PDF_MM(220), &pst) + 4;
	}
	/* number (left) and date, signer (right) */
	double rcx = L->w - PDF_MM(80), ybot = L->h - PDF_MM(62);
	if (y + PDF_MM(4) > ybot)
		ybot = y + PDF_MM(4);
	struct buf date = BUF_INIT;
	doc_date_line(&date, vars_str(v, "dia_danh"), vars_str(v, "ngay_van_ban_iso"));
	buf_reset(m);
	pdf_mk(m, "<i>%s</i>", date.p);
	buf_free(&date);
	double yr = ybot + centred(L, rcx, PDF_MM(110), ybot, 14, m->p);
	if (*vars_str(v, "so")) {
		buf_reset(m);
		pdf_mk(m, "Số: %s", vars_str(v, "so"));
		centred(L, PDF_MM(70), PDF_MM(80), ybot, 14, m->p);
	}
	const char *lines[2] = {vars_str(v, "ky_thay_mat"), vars_str(v, "chuc_vu")};
	for (int i = 0; i < 2; i++)
		if (*lines[i]) {
			buf_reset(m);
			pdf_mk(m, "<b>%s</b>", lines[i]);
			yr += centred(L, rcx, PDF_MM(110), yr, 14, m->p);
		}
	yr += PDF_MM(20);
	buf_reset(m);
	pdf_mk(m, "<b>%s</b>", vars_str(v, "nguoi_ky"));
	centred(L, rcx, PDF_MM(110), yr, 14, m->p);
	cairo_show_page(L->cr);
	tmpl_doc_free(&d);
	return 0;
}

/* ---- lists ------------------------------------------------------------------------ */

/* Rows are values "hang" (a tier heading) and "dong" (cells separated by
 * tabs), in order. */
static void list_table(struct lay *L, const struct vars *v, int ncols, const double *mm,
		       const enum pdf_align *al, const char *const *head)
{
	struct lay_table t = {.ncols = ncols, .size = 12, .pad = 4};
	struct buf cell[LAY_COLS_MAX];
	memset(cell, 0, sizeof cell);
	for (int i = 0; i < ncols; i++) {
		t.width[i] = PDF_MM(mm[i]);
		t.align[i] = al[i];
		t.head[i] = head[i];
	}
	lay_table_begin(L, &t);
	for (int i = 0; i < v->n; i++) {
		if (strcmp(v->k[i], "hang") == 0) {
			buf_reset(&L->m);
			pdf_mk(&L->m, "<b>%s</b>", v->v[i]);
			char *mk = xstrdup(L->m.p);
			lay_table_span(L, &t, mk);
			free(mk);
		} else if (strcmp(v->k[i], "dong") == 0) {
			const char *cells[LAY_COLS_MAX] = {0};
			const char *p = v->v[i];
			for (int c = 0; c < ncols; c++) {
				const char *tab = strchr(p, '\t');
				size_t len = tab ? (size_t)(tab - p) : strlen(p);
				char *raw = xstrndup(p, len);
				buf_reset(&cell[c]);
				pdf_esc(&cell[c], raw);
				free(raw);
				cells[c] = buf_cstr(&cell[c]);
				p += len + (tab != NULL);
			}
			lay_table_row(L, &t, cells);
		}
	}
	lay_table_end(L, &t);
	for (int i = 0; i < ncols; i++)
		buf_free(&cell[i]);
}

static int render_list(struct lay *L, const char *kind, const struct vars *v)
{
	struct buf *m = &L->m;
	int ceremony = strcmp(kind, "ceremony") == 0;
	struct buf sub = BUF_INIT;
	margins(L);
	header(L, v, "", 1);
	pdf_mk(&sub, "Các tổ chức, cá nhân đóng góp cho cuộc vận động %s",
	       doc_campaign_short(vars_str(v, "chien_dich")));
	title(L, v, ceremony ? "DANH SÁCH CÔNG BỐ TẠI LỄ MÍT TINH" : "DANH SÁCH TÔN VINH", sub.p, NULL);
	buf_free(&sub);
	if (ceremony) {
		buf_reset(m);
		pdf_mk(m, "Tổng số tiền vận động được đến ngày %s: <b>%s</b>", vars_str(v, "ngay_van_ban"),
		       vars_str(v, "tong_so_tien"));
		body_para(L, m->p);
		buf_reset(m);
		pdf_mk(m, "Bằng chữ: <i>%s</i>", vars_str(v, "tong_so_tien_bang_chu"));
		body_para(L, m->p);
		buf_reset(m);
		pdf_mk(m, "Số tổ chức, cá nhân đóng góp: <b>%s</b>; trong đó được tôn vinh: <b>%s</b>.",
		       vars_str(v, "so_nha_hao_tam"), vars_str(v, "so_ton_vinh"));
		body_para(L, m->p);
		L->y += 4;
	}
	static const double mm[4] = {12, 80, 40, 33};
	static const enum pdf_align al[4] = {PDF_CENTER, PDF_LEFT, PDF_LEFT, PDF_RIGHT};
	static const char *const head[4] = {"<b>STT</b>", "<b>Tên tổ chức, cá nhân</b>",
					    "<b>Đơn vị</b>", "<b>Số tiền (đồng)</b>"};
	list_table(L, v, 4, mm, al, head);
	footer(L, v, NULL, 0);
	cairo_show_page(L->cr);
	return 0;
}

int doc_render(cairo_t *cr, const char *kind, const char *tmpl_name, const char *tmpl_body,
	       const struct vars *v, struct err *e)
{
	struct lay L;
	double w, h;
	int rc;
	doc_page_size(kind, &w, &h);
	lay_begin(&L, cr, w, h);
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (strcmp(kind, "receipt") == 0) {
		rc = render_receipt(&L, v, e);
	} else if (strcmp(kind, "certificate") == 0) {
		rc = render_certificate(&L, tmpl_name, tmpl_body, v, e);
	} else if (strcmp(kind, "honour_roll") == 0 || strcmp(kind, "ceremony") == 0) {
		rc = render_list(&L, kind, v);
	} else if (letter_abbr(kind)) {
		rc = render_letter(&L, kind, tmpl_name ? tmpl_name : kind, tmpl_body ? tmpl_body : "",
				   v, e);
		if (rc == 0)
			cairo_show_page(cr);
	} else {
		rc = err_fail(e, "no such kind of document: %s", kind);
	}
	lay_end(&L);
	return rc;
}
