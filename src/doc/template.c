/* Letter templates (doc/template.h): the placeholders, the defaults shipped
 * in the binary, and filling a template into markup. */
#include "doc/template.h"

#include <stdlib.h>
#include <string.h>

#include "doc/pdf.h"

const struct tmpl_key tmpl_keys[] = {
	/* values of the document */
	{"ten", "tên nhà hảo tâm (tổ chức, cá nhân)", NULL},
	{"xung_ho", "cách xưng hô: Ông, Bà, Ông/Bà, Quý Công ty, Quý cơ quan ...", NULL},
	{"ten_goi", "xưng hô và tên: Ông Nguyễn Văn Đức, Quý Công ty TNHH An Phú", NULL},
	{"ten_day_du", "tên trên giấy khen: Ông Nguyễn Văn Đức, Công ty TNHH An Phú", NULL},
	{"so_tien", "số tiền bằng số: 5.000.000 đồng", NULL},
	{"so_tien_bang_chu", "số tiền bằng chữ: Năm triệu đồng", NULL},
	{"ngay", "ngày đóng góp (dd/mm/yyyy)", NULL},
	{"so_bien_nhan", "số biên nhận", NULL},
	{"hinh_thuc", "hình thức: tiền mặt, chuyển khoản, trích lương, hiện vật", NULL},
	{"hien_vat", "hiện vật", NULL},
	{"hien_vat_so_luong", "số lượng hiện vật", NULL},
	{"don_vi", "đơn vị (địa bàn) của nhà hảo tâm", NULL},
	{"dia_chi", "địa chỉ của nhà hảo tâm", NULL},
	{"chien_dich", "tên cuộc vận động", NULL},
	{"chien_dich_ngan", "tên cuộc vận động, bỏ chữ “Cuộc vận động” ở đầu: viết sau chữ "
			    "“cuộc vận động”", NULL},
	{"ngay_bat_dau", "ngày bắt đầu cuộc vận động", NULL},
	{"ngay_ket_thuc", "ngày kết thúc cuộc vận động", NULL},
	{"ngay_le", "ngày lễ mít tinh (dd/mm/yyyy)", NULL},
	{"ngay_van_ban", "ngày của văn bản (dd/mm/yyyy)", NULL},
	{"tong_so_tien", "tổng số tiền của nhà hảo tâm trong kỳ", NULL},
	{"tong_so_tien_bang_chu", "tổng số tiền bằng chữ", NULL},
	{"so", "số văn bản", NULL},
	/* the campaign's settings (ansinh doc settings) */
	{"co_quan_cap_tren", "cơ quan cấp trên (dòng đầu, chữ in hoa), ví dụ TỈNH ỦY TRÀ VINH", ""},
	{"co_quan", "cơ quan ban hành (chữ in hoa, đậm)", "BAN CHỈ ĐẠO CUỘC VẬN ĐỘNG"},
	{"co_quan_ten", "tên cơ quan ban hành viết trong câu", "Ban Chỉ đạo cuộc vận động"},
	{"quoc_hieu", "tiêu đề bên phải: nha_nuoc (Cộng hòa xã hội chủ nghĩa Việt Nam) hoặc dang "
		      "(Đảng Cộng sản Việt Nam)", "nha_nuoc"},
	{"ky_hieu", "ký hiệu cơ quan trong số văn bản (Số: 12-TCO/BCĐ)", "BCĐ"},
	{"dia_danh", "địa danh trên dòng ngày tháng (Trà Vinh, ngày ...)", ""},
	{"ky_thay_mat", "dòng thẩm quyền ký, ví dụ T/M BAN CHỈ ĐẠO", "T/M BAN CHỈ ĐẠO"},
	{"chuc_vu", "chức vụ người ký, ví dụ TRƯỞNG BAN", "TRƯỞNG BAN"},
	{"nguoi_ky", "họ tên người ký", ""},
	{"nguoi_nhan_tien", "người nhận tiền ký biên nhận (trống: tài khoản ghi khoản đóng góp)", ""},
	{"url_cong_khai", "địa chỉ trang công khai (mã QR tra cứu biên nhận)",
	 "http://127.0.0.1:8080"},
	{"muc_vinh_danh", "các mức tôn vinh, từ cao xuống thấp, cách nhau bằng dấu ;",
	 "1.000.000.000; 500.000.000; 100.000.000"},
	{"danh_hieu", "tên hình thức khen: GIẤY KHEN hoặc BẰNG KHEN", "GIẤY KHEN"},
	{"dia_diem_le", "địa điểm lễ mít tinh", "Trung tâm Hội nghị tỉnh"},
	{"gio_le", "giờ lễ mít tinh", "07 giờ 30"},
	{"tai_khoan", "tài khoản nhận đóng góp (thư ngỏ)", ""},
	{"phuong_ngu", "đọc số tiền bằng chữ: north (linh, nghìn) hoặc south (lẻ, ngàn)", "north"},
	{NULL, NULL, NULL},
};

const struct tmpl_key *tmpl_setting(const char *key)
{
	for (const struct tmpl_key *k = tmpl_keys; k->name; k++)
		if (k->dflt && strcmp(k->name, key) == 0)
			return k;
	return NULL;
}

static const struct tmpl_key *key_find(const char *name, size_t len)
{
	for (const struct tmpl_key *k = tmpl_keys; k->name; k++)
		if (strlen(k->name) == len && memcmp(k->name, name, len) == 0)
			return k;
	return NULL;
}

const struct tmpl_default tmpl_defaults[] = {
	{"thu-cam-on", "thanks", "Thư cảm ơn",
	 "# Thư cảm ơn: một thư cho mỗi khoản đóng góp (hoặc mỗi nhà hảo tâm trong kỳ).\n"
	 "tieu_de: THƯ CẢM ƠN\n"
	 "kinh_gui: {{ten_goi}}\n"
	 "noi_nhan: Như trên;\n"
	 "noi_nhan: Lưu: VT.\n"
	 "---\n"
	 "{{co_quan_ten}} xin gửi đến {{xung_ho}} lời chào trân trọng và lời cảm ơn sâu sắc.\n"
	 "\n"
	 "Ngày {{ngay}}, **{{ten_goi}}** đã đóng góp cho cuộc vận động **{{chien_dich_ngan}}** "
	 "số tiền **{{so_tien}}** (*{{so_tien_bang_chu}}*), biên nhận số {{so_bien_nhan}}.\n"
	 "\n"
	 "Sự đóng góp của {{xung_ho}} là nghĩa cử cao đẹp, thể hiện truyền thống “tương thân "
	 "tương ái”, “lá lành đùm lá rách” của dân tộc, cùng Đảng bộ, chính quyền và Nhân dân "
	 "chăm lo cho gia đình chính sách, hộ nghèo, hộ cận nghèo và người có hoàn cảnh khó khăn. "
	 "Mọi khoản đóng góp đều được công khai, minh bạch; {{xung_ho}} có thể tra cứu khoản đóng "
	 "góp của mình tại {{url_cong_khai}}.\n"
	 "\n"
	 "Kính chúc {{xung_ho}} dồi dào sức khỏe, hạnh phúc và thành công.\n"
	 "\n"
	 "Trân trọng cảm ơn!\n"},
	{"thu-moi", "invite", "Thư mời dự lễ mít tinh",
	 "# Thư mời dự lễ mít tinh công bố kết quả cuộc vận động.\n"
	 "tieu_de: THƯ MỜI\n"
	 "kinh_gui: {{ten_goi}}\n"
	 "noi_nhan: Như trên;\n"
	 "noi_nhan: Lưu: VT.\n"
	 "---\n"
	 "{{co_quan_ten}} trân trọng kính mời **{{ten_goi}}** đến dự **Lễ mít tinh công "
	 "bố kết quả cuộc vận động {{chien_dich_ngan}}**, gắn với tôn vinh, biểu dương, khen thưởng các "
	 "tổ chức, cá nhân tích cực tham gia đóng góp.\n"
	 "\n"
	 "Thời gian: **{{gio_le}}, ngày {{ngay_le}}**.\n"
	 "\n"
	 "Địa điểm: **{{dia_diem_le}}**.\n"
	 "\n"
	 "Sự hiện diện của {{xung_ho}} là niềm vinh dự và nguồn động viên to lớn đối với cuộc vận "
	 "động.\n"
	 "\n"
	 "Trân trọng kính mời!\n"},
	{"thu-ngo", "open", "Thư ngỏ kêu gọi đóng góp",
	 "# Thư ngỏ: một nội dung, gửi đến nhiều nhà hảo tâm.\n"
	 "tieu_de: THƯ NGỎ\n"
	 "trich_yeu: Về việc kêu gọi đóng góp cho cuộc vận động {{chien_dich_ngan}}\n"
	 "kinh_gui: {{ten_goi}}\n"
	 "noi_nhan: Như trên;\n"
	 "noi_nhan: Lưu: VT.\n"
	 "---\n"
	 "An sinh xã hội là một chủ trương lớn của Đảng và Nhà nước, thể hiện tính nhân văn sâu "
	 "sắc của chế độ xã hội chủ nghĩa. Trên địa bàn tỉnh vẫn còn nhiều hộ nghèo, hộ cận nghèo "
	 "cần hỗ trợ vốn sản xuất, nhà ở; nhiều trẻ em cần được hỗ trợ phẫu thuật tim; nhiều xã "
	 "vùng sâu, vùng xa cần cầu, đường để phát triển kinh tế - xã hội.\n"
	 "\n"
	 "{{co_quan_ten}} tha thiết kêu gọi **{{ten_goi}}** chung tay đóng góp cho cuộc vận "
	 "động **{{chien_dich_ngan}}** từ ngày {{ngay_bat_dau}} đến ngày {{ngay_ket_thuc}}. Mọi đóng góp "
	 "bằng tiền hoặc hiện vật đều được ghi nhận, cấp biên nhận và công khai tại {{url_cong_khai}}. "
	 "{{tai_khoan}}\n"
	 "\n"
	 "Sự chung tay của {{xung_ho}} sẽ góp phần chăm lo tốt hơn cho gia đình chính sách, hộ "
	 "nghèo, hộ cận nghèo và người có hoàn cảnh khó khăn.\n"
	 "\n"
	 "Trân trọng!\n"},
	{"giay-khen", "certificate", "Giấy khen (bằng khen)",
	 "# Giấy khen, khổ A4 ngang: tieu_de là hình thức khen, kinh_gui là người được tặng.\n"
	 "tieu_de: {{danh_hieu}}\n"
	 "kinh_gui: {{ten_day_du}}\n"
	 "---\n"
	 "Đã có thành tích tích cực đóng góp {{tong_so_tien}} cho cuộc vận động\n"
	 "**{{chien_dich_ngan}}**\n"},
	{NULL, NULL, NULL, NULL},
};

const struct tmpl_default *tmpl_default_find(const char *name)
{
	for (const struct tmpl_default *d = tmpl_defaults; d->name; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

const struct tmpl_default *tmpl_default_for_kind(const char *kind)
{
	for (const struct tmpl_default *d = tmpl_defaults; d->name; d++)
		if (strcmp(d->kind, kind) == 0)
			return d;
	return NULL;
}

/* ---- filling ------------------------------------------------------------- */

struct fill {
	const char *name;
	int line;
	const struct vars *v;
	int open[4]; /* stack of open markers: 'b' or 'i' */
	int nopen;
	struct err *e;
};

static int toggle(struct fill *f, struct buf *out, int tag)
{
	if (f->nopen > 0 && f->open[f->nopen - 1] == tag) {
		f->nopen--;
		buf_puts(out, tag == 'b' ? "</b>" : "</i>");
		return 0;
	}
	for (int i = 0; i < f->nopen; i++)
		if (f->open[i] == tag)
			return err_fail(f->e, "%s:%d: %s and %s overlap: close the inner one first",
					f->name, f->line, "**", "*");
	if (f->nopen == 4)
		return err_fail(f->e, "%s:%d: too many nested markers", f->name, f->line);
	f->open[f->nopen++] = tag;
	buf_puts(out, tag == 'b' ? "<b>" : "<i>");
	return 0;
}

/* One line of text into markup: placeholders replaced by their (escaped)
 * values, ** and * turned into bold and italic, \* a literal star. */
static int fill_line(struct fill *f, const char *s, size_t len, struct buf *out)
{
	const char *end = s + len;
	while (s < end) {
		if (s[0] == '{' && s + 1 < end && s[1] == '{') {
			const char *close = NULL;
			for (const char *q = s + 2; q + 1 < end; q++)
				if (q[0] == '}' && q[1] == '}') {
					close = q;
					break;
				}
			if (close == NULL)
				return err_fail(f->e, "%s:%d: {{ without }}", f->name, f->line);
			const char *k = s + 2, *ke = close;
			while (k < ke && *k == ' ')
				k++;
			while (ke > k && ke[-1] == ' ')
				ke--;
			if (key_find(k, (size_t)(ke - k)) == NULL)
				return err_fail(f->e, "%s:%d: unknown placeholder {{%.*s}}", f->name, f->line,
						(int)(ke - k > 40 ? 40 : ke - k), k);
			char *key = xstrndup(k, (size_t)(ke - k));
			pdf_esc(out, vars_str(f->v, key));
			free(key);
			s = close + 2;
		} else if (s[0] == '\\' && s + 1 < end && (s[1] == '*' || s[1] == '{' || s[1] == '\\')) {
			buf_putc(out, s[1]);
			s += 2;
		} else if (s[0] == '*') {
			int bold = s + 1 < end && s[1] == '*';
			if (toggle(f, out, bold ? 'b' : 'i') < 0)
				return -1;
			s += bold ? 2 : 1;
		} else {
			const char *p = s;
			while (p < end && *p != '{' && *p != '*' && *p != '\\')
				p++;
			if (p == s)
				p++;
			char *chunk = xstrndup(s, (size_t)(p - s));
			pdf_esc(out, chunk);
			free(chunk);
			s = p;
		}
	}
	return 0;
}

static int close_para(struct fill *f)
{
	if (f->nopen)
		return err_fail(f->e, "%s:%d: %s not closed", f->name, f->line,
				f->open[f->nopen - 1] == 'b' ? "** (bold)" : "* (italic)");
	return 0;
}

static int push_para(struct fill *f, struct tmpl_doc *out, struct buf *para)
{
	if (close_para(f) < 0)
		return -1;
	if (out->npara == TMPL_PARAS_MAX)
		return err_fail(f->e, "%s:%d: more than %d paragraphs", f->name, f->line,
				TMPL_PARAS_MAX);
	out->para[out->npara++] = buf_detach(para);
	return 0;
}

static int header_value(struct fill *f, const char *s, size_t len, char **dst)
{
	struct buf b = BUF_INIT;
	while (len && *s == ' ')
		s++, len--;
	if (fill_line(f, s, len, &b) < 0 || close_para(f) < 0) {
		buf_free(&b);
		return -1;
	}
	free(*dst);
	*dst = buf_detach(&b);
	return 0;
}

int tmpl_fill(const char *name, const char *body, const struct vars *v, struct tmpl_doc *out,
	      struct err *e)
{
	struct fill f = {.name = name, .v = v, .e = e};
	struct buf para = BUF_INIT;
	int in_body = 0, rc = -1;
	memset(out, 0, sizeof *out);
	if (strlen(body) > TMPL_BODY_MAX) {
		err_fail(e, "%s: longer than %d bytes", name, TMPL_BODY_MAX);
		goto cleanup;
	}
	for (const char *p = body; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *next = nl ? nl + 1 : p + len;
		if (len && p[len - 1] == '\r')
			len--;
		int blank = 1;
		for (size_t i = 0; i < len; i++)
			if (p[i] != ' ' && p[i] != '\t')
				blank = 0;
		f.line++;
		if (!in_body) {
			if (blank || p[0] == '#') {
				/* comment or empty header line */
			} else if (len == 3 && memcmp(p, "---", 3) == 0) {
				in_body = 1;
			} else {
				const char *colon = memchr(p, ':', len);
				size_t kl = colon ? (size_t)(colon - p) : 0;
				const char *val = colon ? colon + 1 : p;
				size_t vl = colon ? len - kl - 1 : 0;
				int r;
				if (colon && kl == 7 && memcmp(p, "tieu_de", 7) == 0)
					r = header_value(&f, val, vl, &out->title);
				else if (colon && kl == 9 && memcmp(p, "trich_yeu", 9) == 0)
					r = header_value(&f, val, vl, &out->subtitle);
				else if (colon && kl == 8 && memcmp(p, "kinh_gui", 8) == 0)
					r = header_value(&f, val, vl, &out->to);
				else if (colon && kl == 8 && memcmp(p, "noi_nhan", 8) == 0) {
					if (out->nrecipient == TMPL_RECIPIENTS_MAX) {
						err_fail(e, "%s:%d: more than %d recipients", name, f.line,
							 TMPL_RECIPIENTS_MAX);
						goto cleanup;
					}
					r = header_value(&f, val, vl, &out->recipient[out->nrecipient++]);
				} else {
					err_fail(e,
						 "%s:%d: not a header line (tieu_de:, trich_yeu:, kinh_gui:, "
						 "noi_nhan:, or --- before the body)",
						 name, f.line);
					goto cleanup;
				}
				if (r < 0)
					goto cleanup;
			}
		} else if (blank) {
			if (para.len && push_para(&f, out, &para) < 0)
				goto cleanup;
		} else {
			if (para.len)
				buf_putc(&para, ' ');
			if (fill_line(&f, p, len, &para) < 0)
				goto cleanup;
		}
		p = next;
	}
	if (para.len && push_para(&f, out, &para) < 0)
		goto cleanup;
	if (!in_body) {
		err_fail(e, "%s: no line --- between the header and the body", name);
		goto cleanup;
	}
	rc = 0;
cleanup:
	buf_free(&para);
	if (rc < 0)
		tmpl_doc_free(out);
	return rc;
}

void tmpl_doc_free(struct tmpl_doc *d)
{
	free(d->title);
	free(d->subtitle);
	free(d->to);
	for (int i = 0; i < d->nrecipient; i++)
		free(d->recipient[i]);
	for (int i = 0; i < d->npara; i++)
		free(d->para[i]);
	memset(d, 0, sizeof *d);
}

int tmpl_check(const char *name, const char *body, struct err *e)
{
	struct vars v = {0};
	struct tmpl_doc d;
	for (const struct tmpl_key *k = tmpl_keys; k->name; k++)
		vars_add(&v, k->name, k->name);
	int rc = tmpl_fill(name, body, &v, &d, e);
	if (rc == 0)
		tmpl_doc_free(&d);
	vars_free(&v);
	return rc;
}

/* Markup back to text: tags dropped, entities decoded. */
static void unmark(struct buf *out, const char *s)
{
	static const struct {
		const char *ent, *ch;
	} ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
	while (*s) {
		if (*s == '<') {
			const char *gt = strchr(s, '>');
			s = gt ? gt + 1 : s + strlen(s);
			continue;
		}
		if (*s == '&') {
			size_t i;
			for (i = 0; i < sizeof ents / sizeof ents[0]; i++)
				if (strncmp(s, ents[i].ent, strlen(ents[i].ent)) == 0)
					break;
			if (i < sizeof ents / sizeof ents[0]) {
				buf_puts(out, ents[i].ch);
				s += strlen(ents[i].ent);
				continue;
			}
		}
		buf_putc(out, *s++);
	}
}

void tmpl_doc_text(const struct tmpl_doc *d, struct buf *out)
{
	if (d->title) {
		unmark(out, d->title);
		buf_puts(out, "\n");
	}
	if (d->subtitle) {
		unmark(out, d->subtitle);
		buf_puts(out, "\n");
	}
	if (d->to) {
		buf_puts(out, "Kính gửi: ");
		unmark(out, d->to);
		buf_puts(out, "\n");
	}
	for (int i = 0; i < d->npara; i++) {
		buf_puts(out, "\n");
		unmark(out, d->para[i]);
		buf_puts(out, "\n");
	}
	if (d->nrecipient) {
		buf_puts(out, "\nNơi nhận:\n");
		for (int i = 0; i < d->nrecipient; i++) {
			buf_puts(out, "- ");
			unmark(out, d->recipient[i]);
			buf_puts(out, "\n");
		}
	}
}
