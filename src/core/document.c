/* Documents: what goes on paper, the record of what was printed, and the
 * files (core/document.h). */
#include "core/document.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/strmap.h"
#include "doc/pdf.h"
#include "doc/render.h"
#include "doc/template.h"
#include "doc/xlsx.h"
#include "store/document.h"
#include "store/store.h"
#include "text/date.h"
#include "text/money.h"
#include "text/utf8.h"

/* ---- forms of address ---------------------------------------------------- */

const char *doc_address_form(const char *kind, const char *gender, const char *name)
{
	if (strcmp(kind, "individual") == 0) {
		if (gender && strcmp(gender, "M") == 0)
			return "Ông";
		if (gender && strcmp(gender, "F") == 0)
			return "Bà";
		return "Ông/Bà";
	}
	if (strcmp(kind, "business") == 0) {
		char *low = text_lower(name ? name : "");
		int company = strncmp(low, "công ty", strlen("công ty")) == 0;
		free(low);
		return company ? "Quý Công ty" : "Quý doanh nghiệp";
	}
	if (strcmp(kind, "cooperative") == 0)
		return "Quý Hợp tác xã";
	if (strcmp(kind, "political_org") == 0)
		return "Quý cơ quan";
	if (strcmp(kind, "professional_org") == 0)
		return "Quý đơn vị";
	if (strcmp(kind, "collective") == 0)
		return "Quý tập thể";
	if (strcmp(kind, "religious_org") == 0)
		return "Quý cơ sở tôn giáo";
	return "Quý vị";
}

void doc_addressee(struct buf *out, const char *form, const char *name)
{
	/* "Quý Công ty" + "Công ty TNHH An Phú" -> "Quý Công ty TNHH An Phú" */
	static const char quy[] = "Quý ";
	if (strncmp(form, quy, sizeof quy - 1) == 0) {
		char *f = text_lower(form + sizeof quy - 1), *n = text_lower(name);
		int same = strncmp(n, f, strlen(f)) == 0;
		free(f);
		free(n);
		if (same) {
			buf_printf(out, "Quý %s", name);
			return;
		}
	}
	buf_printf(out, "%s %s", form, name);
}

const char *doc_channel_label(const char *channel)
{
	if (strcmp(channel, "cash") == 0)
		return "Tiền mặt";
	if (strcmp(channel, "transfer") == 0)
		return "Chuyển khoản";
	if (strcmp(channel, "payroll") == 0)
		return "Trích lương";
	if (strcmp(channel, "goods") == 0)
		return "Hiện vật";
	return channel;
}

/* ---- settings ---------------------------------------------------------------- */

static int setting_put(void *ctx, const char *key, const char *value)
{
	vars_set(ctx, key, value);
	return 0;
}

int doc_settings(struct db *db, int64_t campaign_id, struct vars *v, struct err *e)
{
	for (const struct tmpl_key *k = tmpl_keys; k->name; k++)
		if (k->dflt)
			vars_set(v, k->name, k->dflt);
	return store_doc_setting_each(db, campaign_id, setting_put, v, e);
}

int doc_tiers_parse(const char *s, int64_t *tier, int *n, struct err *e)
{
	*n = 0;
	while (*s) {
		const char *semi = strchr(s, ';');
		size_t len = semi ? (size_t)(semi - s) : strlen(s);
		char *one = xstrndup(s, len);
		char *t = one;
		while (*t == ' ')
			t++;
		int64_t v;
		int rc = money_parse(t, &v, e);
		free(one);
		if (rc < 0) {
			err_prefix(e, "muc_vinh_danh: ");
			return -1;
		}
		if (*n == DOC_TIERS_MAX)
			return err_fail(e, "muc_vinh_danh: at most %d tiers", DOC_TIERS_MAX);
		if (v <= 0 || (*n > 0 && v >= tier[*n - 1]))
			return err_fail(e, "muc_vinh_danh: amounts must be above 0 and decreasing");
		tier[(*n)++] = v;
		s += len + (semi != NULL);
	}
	if (*n == 0)
		return err_fail(e, "muc_vinh_danh: no amount");
	return 0;
}

static int setting_check(const char *key, const char *value, struct err *e)
{
	if (tmpl_setting(key) == NULL)
		return err_usage(e, "no setting '%s' (see `ansinh doc settings show`)", key);
	if (strcmp(key, "quoc_hieu") == 0 && strcmp(value, "nha_nuoc") && strcmp(value, "dang"))
		return err_usage(e, "quoc_hieu: nha_nuoc or dang, not '%s'", value);
	if (strcmp(key, "phuong_ngu") == 0 && strcmp(value, "north") && strcmp(value, "south"))
		return err_usage(e, "phuong_ngu: north or south, not '%s'", value);
	if (strcmp(key, "url_cong_khai") == 0 && strncmp(value, "http://", 7) &&
	    strncmp(value, "https://", 8))
		return err_usage(e, "url_cong_khai: an http:// or https:// address, not '%s'", value);
	if (strcmp(key, "muc_vinh_danh") == 0) {
		int64_t t[DOC_TIERS_MAX];
		int n;
		if (doc_tiers_parse(value, t, &n, e) < 0) {
			e->kind = ERR_USAGE;
			return -1;
		}
	}
	return 0;
}

int doc_setting_set(struct db *db, const struct actor *a, const char *campaign_code,
		    const char *key, const char *value, struct err *e)
{
	struct campaign_row c;
	char now[32], *url = NULL;
	int rc = -1;
	if (setting_check(key, value, e) < 0 || campaign_resolve(db, campaign_code, NULL, &c, e) < 0)
		return -1;
	/* no trailing slash: "<url>/verify?code=" */
	if (strcmp(key, "url_cong_khai") == 0) {
		url = xstrdup(value);
		for (size_t n = strlen(url); n > 8 && url[n - 1] == '/'; n--)
			url[n - 1] = 0;
		value = url;
	}
	core_now(now);
	if (db_begin(db, e) < 0)
		goto cleanup;
	struct buf detail = BUF_INIT;
	buf_printf(&detail, "%s: %s", c.code, value);
	if (store_doc_setting_set(db, c.id, key, value, now, e) < 0 ||
	    store_audit(db, now, a->name, "doc.setting", key, detail.p, e) < 0 ||
	    db_commit(db, e) < 0) {
		db_rollback(db);
		buf_free(&detail);
		goto cleanup;
	}
	buf_free(&detail);
	rc = 0;
cleanup:
	free(url);
	return rc;
}

/* ---- templates ---------------------------------------------------------------- */

struct tmpl_got {
	int64_t id, version;
	struct buf *body;
};

static int take_template(void *ctx, const struct doc_template_row *t)
{
	struct tmpl_got *g = ctx;
	g->id = t->id;
	g->version = t->version;
	if (g->body) {
		buf_reset(g->body);
		buf_puts(g->body, t->body);
	}
	return 0;
}

static int name_check(const char *name, struct err *e)
{
	size_t n = strlen(name);
	if (n == 0 || n > 64)
		return err_usage(e, "template name: 1 to 64 characters");
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return err_usage(e, "template name '%s': only a-z, 0-9 and '-'", name);
	return 0;
}

/* Inside a transaction. */
static int template_current(struct db *db, const struct actor *a, const char *name,
			    struct tmpl_got *g, struct err *e)
{
	int found = store_doc_template_latest(db, name, take_template, g, e);
	if (found != 0)
		return found < 0 ? -1 : 0;
	const struct tmpl_default *d = tmpl_default_find(name);
	if (d == NULL)
		return err_fail(e, "no template '%s'", name);
	char now[32];
	core_now(now);
	if (store_doc_template_insert(db, name, 1, d->body, a->name, now, &g->id, e) < 0)
		return -1;
	g->version = 1;
	if (g->body) {
		buf_reset(g->body);
		buf_puts(g->body, d->body);
	}
	return 0;
}

int doc_template_current(struct db *db, const struct actor *a, const char *name, int64_t *id,
			 int64_t *version, struct buf *body, struct err *e)
{
	struct tmpl_got g = {0, 0, body};
	if (name_check(name, e) < 0 || db_begin(db, e) < 0)
		return -1;
	if (template_current(db, a, name, &g, e) < 0 || db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	*id = g.id;
	*version = g.version;
	return 0;
}

int doc_template_save(struct db *db, const struct actor *a, const char *name, const char *body,
		      int64_t *version, struct err *e)
{
	struct tmpl_got g = {0};
	char now[32], detail[96];
	int64_t id;
	if (name_check(name, e) < 0)
		return -1;
	if (tmpl_default_find(name) == NULL)
		return err_usage(e, "no template '%s' (templates: thu-cam-on thu-moi thu-ngo giay-khen)",
				 name);
	if (!text_is_utf8(body, strlen(body)))
		return err_fail(e, "%s: not UTF-8 text", name);
	char *nfc = text_nfc(body, strlen(body), e);
	if (nfc == NULL)
		return -1;
	if (tmpl_check(name, nfc, e) < 0 || db_begin(db, e) < 0) {
		free(nfc);
		return -1;
	}
	core_now(now);
	if (template_current(db, a, name, &g, e) < 0)
		goto fail;
	snprintf(detail, sizeof detail, "version %lld", (long long)(g.version + 1));
	if (store_doc_template_insert(db, name, g.version + 1, nfc, a->name, now, &id, e) < 0 ||
	    store_audit(db, now, a->name, "doc.template", name, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	*version = g.version + 1;
	free(nfc);
	return 0;
fail:
	db_rollback(db);
	free(nfc);
	return -1;
}

/* ---- values of one document ----------------------------------------------------- */

static void put_money(struct vars *v, const char *key, const char *words_key, int64_t amount,
		      const struct vars *cfg)
{
	struct buf b = BUF_INIT;
	struct err e = {0};
	money_format_plain(&b, amount);
	buf_puts(&b, " đồng");
	vars_set(v, key, b.p);
	buf_reset(&b);
	enum money_dialect d = strcmp(vars_str(cfg, "phuong_ngu"), "south") == 0 ? MONEY_SOUTH
										  : MONEY_NORTH;
	if (money_words(&b, amount, d, &e) == 0)
		vars_set(v, words_key, b.p);
	buf_free(&b);
}

static void put_date(struct vars *v, const char *key, const char *iso)
{
	struct buf b = BUF_INIT;
	if (iso && *iso)
		date_format_vn(&b, iso);
	vars_set(v, key, buf_cstr(&b));
	buf_free(&b);
}

static void put_i64(struct vars *v, const char *key, int64_t n)
{
	char s[24];
	snprintf(s, sizeof s, "%lld", (long long)n);
	vars_set(v, key, s);
}

/* What every document of the campaign shares: settings, campaign, date. */
static int base_vars(struct db *db, const struct campaign_row *c, const char *date,
		     struct vars *v, struct err *e)
{
	if (doc_settings(db, c->id, v, e) < 0)
		return -1;
	vars_set(v, "chien_dich", c->name);
	vars_set(v, "chien_dich_ngan", doc_campaign_short(c->name));
	put_date(v, "ngay_bat_dau", c->start);
	put_date(v, "ngay_ket_thuc", c->end);
	put_date(v, "ngay_le", c->ceremony);
	vars_set(v, "ngay_van_ban_iso", date);
	put_date(v, "ngay_van_ban", date);
	return 0;
}

static void donor_vars(struct vars *v, const char *name, const char *kind, const char *gender,
		       const char *address, const char *unit_name)
{
	const char *form = doc_address_form(kind, gender, name);
	struct buf b = BUF_INIT;
	vars_set(v, "ten", name);
	vars_set(v, "xung_ho", form);
	doc_addressee(&b, form, name);
	vars_set(v, "ten_goi", b.p);
	buf_reset(&b);
	if (strcmp(kind, "individual") == 0)
		buf_printf(&b, "%s %s", form, name);
	else
		buf_puts(&b, name);
	vars_set(v, "ten_day_du", b.p);
	vars_set(v, "dia_chi", address);
	vars_set(v, "don_vi", unit_name);
	buf_free(&b);
}

static void contribution_vars(struct vars *v, const struct doc_contribution *c,
			      const struct vars *cfg)
{
	donor_vars(v, c->donor_name, c->donor_kind, c->gender, c->address, c->unit_name);
	put_money(v, "so_tien", "so_tien_bang_chu", c->amount, cfg);
	put_date(v, "ngay", c->date);
	vars_set(v, "so_bien_nhan", c->receipt_no);
	vars_set(v, "hinh_thuc", doc_channel_label(c->channel));
	vars_set(v, "hien_vat", c->goods);
	vars_set(v, "hien_vat_so_luong", c->goods_qty);
}

/* ---- a run: records, files, one transaction ------------------------------------------ */

#define RUN_FILES_MAX 100000

struct run {
	struct db *db;
	const struct actor *a;
	const struct campaign_row *c;
	const char *dir;
	char now[32];
	int progress;
	int64_t total, done;
	struct pdf_file all;     /* the combined file */
	int all_open;
	char **tmp, **final;     /* files written, renamed after the commit */
	int nfiles, capfiles;
	struct pending *q;       /* documents recorded, drawn by run_end */
	int64_t nq, capq;
	struct doc_result *res;
};

/* A document recorded and waiting to be drawn: its values and template
 * stay owned by the caller until run_end. */
struct pending {
	const char *kind, *tname, *tbody, *tmp;
	const struct vars *v;
};

#define RUN_JOBS_MAX 8

static void progress_draw(const struct run *r, int done)
{
	int pct = r->total ? (int)(r->done * 100 / r->total) : 100;
	int bar = pct * 30 / 100;
	fprintf(stderr, "\r[%.*s%*s] %3d%% %lld/%lld documents", bar, "##############################",
		30 - bar, "", pct, (long long)r->done, (long long)r->total);
	if (done)
		fputc('\n', stderr);
	fflush(stderr);
}

static char *path_join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b);
}

static void run_file(struct run *r, const char *name, char **tmp, char **final)
{
	struct buf b = BUF_INIT;
	if (r->nfiles == r->capfiles) {
		r->capfiles = r->capfiles ? 2 * r->capfiles : 64;
		r->tmp = xrealloc(r->tmp, sizeof *r->tmp * (size_t)r->capfiles);
		r->final = xrealloc(r->final, sizeof *r->final * (size_t)r->capfiles);
	}
	buf_printf(&b, "%s/.%s.tmp", r->dir, name);
	*tmp = r->tmp[r->nfiles] = buf_detach(&b);
	*final = r->final[r->nfiles] = path_join(r->dir, name);
	r->nfiles++;
}

static int run_begin(struct run *r, struct db *db, const struct actor *a,
		     const struct campaign_row *c, const char *dir, int progress,
		     struct doc_result *res, struct err *e)
{
	struct stat st;
	memset(r, 0, sizeof *r);
	memset(res, 0, sizeof *res);
	r->db = db;
	r->a = a;
	r->c = c;
	r->dir = dir;
	r->progress = progress;
	r->res = res;
	core_now(r->now);
	if (stat(dir, &st) < 0 && mkdir(dir, 0777) < 0)
		return err_fail(e, "%s: cannot create directory: %s", dir, strerror(errno));
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return err_fail(e, "%s: not a directory", dir);
	if (pdf_font_check(e) < 0)
		return -1;
	return db_begin(db, e);
}

/* Opens the combined file (stem-tat-ca.pdf). */
static int run_combined(struct run *r, const char *stem, const char *date, struct err *e)
{
	char *tmp, *final;
	struct buf name = BUF_INIT;
	buf_printf(&name, "%s-tat-ca.pdf", stem);
	run_file(r, name.p, &tmp, &final);
	buf_free(&name);
	if (pdf_file_open(&r->all, tmp, PDF_A4_W, PDF_A4_H, date, e) < 0)
		return -1;
	r->all_open = 1;
	snprintf(r->res->combined, sizeof r->res->combined, "%s", final);
	return 0;
}

/* Records one document; run_end draws it into its own file and the
 * combined one. */
static int run_doc(struct run *r, const char *kind, int64_t donor_id, int64_t contribution_id,
		   int64_t template_id, const char *tname, const char *tbody, const struct vars *v,
		   struct err *e)
{
	struct buf dump = BUF_INIT, name = BUF_INIT;
	int64_t id;
	char *tmp, *final;
	int rc = -1;
	vars_dump(v, &dump);
	struct document_row d = {.kind = kind, .campaign_id = r->c->id, .donor_id = donor_id,
				 .contribution_id = contribution_id, .template_id = template_id,
				 .vars = dump.p, .actor = r->a->name, .created_at = r->now};
	if (store_document_insert(r->db, &d, &id, e) < 0)
		goto cleanup;
	buf_printf(&name, "%s-%06lld.pdf", doc_kind_stem(kind), (long long)id);
	run_file(r, name.p, &tmp, &final);
	if (r->nq == r->capq) {
		r->capq = r->capq ? 2 * r->capq : 256;
		r->q = xrealloc(r->q, sizeof *r->q * (size_t)r->capq);
	}
	r->q[r->nq++] = (struct pending){kind, tname, tbody, tmp, v};
	if (!r->res->first_id)
		r->res->first_id = id;
	r->res->last_id = id;
	r->res->documents++;
	rc = 0;
cleanup:
	buf_free(&dump);
	buf_free(&name);
	return rc;
}

static int draw_one(const struct pending *p, struct err *e)
{
	struct pdf_file f;
	double w, h;
	doc_page_size(p->kind, &w, &h);
	if (pdf_file_open(&f, p->tmp, w, h, vars_str(p->v, "ngay_van_ban_iso"), e) < 0)
		return -1;
	if (doc_render(f.cr, p->kind, p->tname, p->tbody, p->v, e) < 0) {
		pdf_file_close(&f, e);
		return -1;
	}
	return pdf_file_close(&f, e);
}

/* Draws the queued documents: worker processes (one per core) write the
 * files of one document each, every jobs-th document, while this process
 * writes the combined file, so the batch uses every core.  The workers
 * only draw (no database); an error in one fails the run. */
static int run_draw(struct run *r, struct err *e)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int jobs = cores < 1 ? 1 : cores > RUN_JOBS_MAX ? RUN_JOBS_MAX : (int)cores;
	pid_t pid[RUN_JOBS_MAX];
	int started = 0, rc = 0, msg[2] = {-1, -1};
	if (r->nq < 64)
		jobs = 1;
	fflush(NULL);
	/* a worker's error message comes back through a pipe */
	if (r->all_open && pipe(msg) < 0)
		return err_fail(e, "cannot start a worker: %s", strerror(errno));
	for (int j = 0; j < jobs && r->all_open; j++) {
		pid[j] = fork();
		if (pid[j] < 0) {
			rc = err_fail(e, "cannot start a worker: %s", strerror(errno));
			break;
		}
		if (pid[j] == 0) {
			struct err we = {0};
			close(msg[0]);
			for (int64_t i = j; i < r->nq; i += jobs)
				if (draw_one(&r->q[i], &we) < 0) {
					ssize_t n = write(msg[1], we.msg, strlen(we.msg));
					_exit(n < 0 ? 2 : 1);
				}
			_exit(0);
		}
		started++;
	}
	if (msg[1] >= 0)
		close(msg[1]);
	if (!r->all_open)
		for (int64_t i = 0; i < r->nq && rc == 0; i++)
			rc = draw_one(&r->q[i], e);
	for (int64_t i = 0; i < r->nq && rc == 0 && r->all_open; i++) {
		const struct pending *p = &r->q[i];
		double w, h;
		doc_page_size(p->kind, &w, &h);
		pdf_file_page_size(&r->all, w, h);
		rc = doc_render(r->all.cr, p->kind, p->tname, p->tbody, p->v, e);
		r->done++;
		if (r->progress && (r->done % 50 == 0 || r->done == r->total))
			progress_draw(r, 0);
	}
	for (int j = 0; j < started; j++) {
		int st;
		if (waitpid(pid[j], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			char text[ERR_MSG_MAX];
			ssize_t n = read(msg[0], text, sizeof text - 1);
			text[n > 0 ? n : 0] = 0;
			if (rc == 0)
				rc = err_fail(e, "%s", n > 0 ? text : "a worker drawing the documents failed");
		}
	}
	if (msg[0] >= 0)
		close(msg[0]);
	return rc;
}

/* Commits and renames the files into place (rc 0), or rolls back and
 * removes every file written (rc < 0). */
static int run_end(struct run *r, int rc, struct err *e)
{
	if (rc == 0)
		rc = run_draw(r, e);
	if (r->all_open && pdf_file_close(&r->all, e) < 0)
		rc = -1;
	if (r->progress && r->total)
		progress_draw(r, 1);
	if (rc == 0 && db_commit(r->db, e) < 0)
		rc = -1;
	if (rc < 0 && db_in_tx(r->db))
		db_rollback(r->db);
	for (int i = 0; i < r->nfiles; i++) {
		if (rc == 0 && rename(r->tmp[i], r->final[i]) < 0) {
			err_fail(e, "%s: cannot rename into place: %s", r->final[i], strerror(errno));
			rc = -1; /* the records stand; the files can be reproduced */
		}
		if (rc < 0)
			unlink(r->tmp[i]);
		free(r->tmp[i]);
		free(r->final[i]);
	}
	free(r->tmp);
	free(r->final);
	free(r->q);
	if (rc < 0)
		r->res->combined[0] = 0;
	return rc;
}

static int next_number(struct run *r, const char *kind, int64_t *n, struct err *e)
{
	if (store_document_count(r->db, r->c->id, kind, n, e) < 0)
		return -1;
	(*n)++;
	return 0;
}

/* ---- letters -------------------------------------------------------------------------- */

struct item {
	int64_t donor_id, contribution_id;
	struct vars v;
};
struct items {
	struct item *it;
	int64_t n, cap;
	const struct vars *cfg;
	int per_donor;
};

static struct item *item_new(struct items *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->it = xrealloc(l->it, sizeof *l->it * (size_t)l->cap);
	}
	struct item *it = &l->it[l->n++];
	memset(it, 0, sizeof *it);
	return it;
}

static void items_free(struct items *l)
{
	for (int64_t i = 0; i < l->n; i++)
		vars_free(&l->it[i].v);
	free(l->it);
}

static int take_contribution(void *ctx, const struct doc_contribution *c)
{
	struct items *l = ctx;
	struct item *it = item_new(l);
	it->donor_id = c->donor_id;
	it->contribution_id = c->id;
	contribution_vars(&it->v, c, l->cfg);
	return 0;
}

static int take_donor(void *ctx, const struct doc_donor *d)
{
	struct items *l = ctx;
	struct item *it = item_new(l);
	it->donor_id = d->id;
	donor_vars(&it->v, d->name, d->kind, d->gender, d->address, d->unit_name);
	put_money(&it->v, "tong_so_tien", "tong_so_tien_bang_chu", d->total, l->cfg);
	put_money(&it->v, "so_tien", "so_tien_bang_chu", d->total, l->cfg);
	return 0;
}

/* Per-donor thank-you letters: each donor's receipts and the dates of the
 * period, from the donor's contributions. */
struct per_donor {
	struct items *l;
	struct strmap at;        /* donor id -> item index */
	struct buf *receipts;    /* per item */
	char (*first)[11], (*last)[11];
};

static int take_receipt(void *ctx, const struct doc_contribution *c)
{
	struct per_donor *p = ctx;
	char key[24];
	int64_t i;
	int n = snprintf(key, sizeof key, "%lld", (long long)c->donor_id);
	if (!strmap_get(&p->at, key, (size_t)n, &i))
		return 0; /* below the minimum */
	if (p->receipts[i].len)
		buf_puts(&p->receipts[i], ", ");
	buf_puts(&p->receipts[i], c->receipt_no);
	if (!p->first[i][0] || strcmp(c->date, p->first[i]) < 0)
		snprintf(p->first[i], 11, "%s", c->date);
	if (strcmp(c->date, p->last[i]) > 0)
		snprintf(p->last[i], 11, "%s", c->date);
	return 0;
}

static int per_donor_details(struct db *db, const struct doc_filter *f, struct items *l,
			     struct err *e)
{
	struct per_donor p = {.l = l};
	struct doc_filter all = *f;
	int rc;
	all.min = 0;
	p.receipts = xcalloc((size_t)l->n + 1, sizeof *p.receipts);
	p.first = xcalloc((size_t)l->n + 1, sizeof *p.first);
	p.last = xcalloc((size_t)l->n + 1, sizeof *p.last);
	for (int64_t i = 0; i < l->n; i++) {
		char key[24];
		int n = snprintf(key, sizeof key, "%lld", (long long)l->it[i].donor_id);
		strmap_put(&p.at, key, (size_t)n, i);
	}
	rc = store_doc_contributions(db, &all, take_receipt, &p, e) < 0 ? -1 : 0;
	for (int64_t i = 0; i < l->n && rc == 0; i++) {
		struct buf d = BUF_INIT;
		date_format_vn(&d, p.first[i]);
		if (strcmp(p.first[i], p.last[i]) != 0) {
			buf_puts(&d, " - ");
			date_format_vn(&d, p.last[i]);
		}
		vars_set(&l->it[i].v, "ngay", d.p);
		vars_set(&l->it[i].v, "so_bien_nhan", buf_cstr(&p.receipts[i]));
		buf_free(&d);
	}
	for (int64_t i = 0; i < l->n; i++)
		buf_free(&p.receipts[i]);
	free(p.receipts);
	free(p.first);
	free(p.last);
	strmap_free(&p.at);
	return rc;
}

/* Guests invited by name (leaders, former leaders ...): a CSV with columns
 * name (required), gender (M, F or empty), title (their office, printed
 * after the name), xung_ho (a form of address: "Đồng chí" ...). */
enum { G_NAME, G_GENDER, G_TITLE, G_FORM, G_NCOLS };

static int read_guests(const char *path, struct items *l, struct err *e)
{
	static const char *const names[G_NCOLS] = {"name", "gender", "title", "xung_ho"};
	static const int required[G_NCOLS] = {1, 0, 0, 0};
	struct csv_reader *r;
	struct csv_row row;
	char *cell[G_NCOLS] = {0};
	int idx[G_NCOLS], got, rc = -1;
	if (csv_open_mapped(&r, path, names, required, G_NCOLS, idx, e) < 0)
		return -1;
	while ((got = csv_next(r, &row, e)) == 1) {
		if (row.blank)
			continue;
		csv_free_cells(cell, G_NCOLS);
		if (csv_clean_cells(&row, path, idx, names, G_NCOLS, cell, e) < 0)
			goto cleanup;
		if (!cell[G_NAME]) {
			err_fail(e, "%s:%ld: name: missing", path, row.line);
			goto cleanup;
		}
		const char *g = cell[G_GENDER] ? cell[G_GENDER] : "";
		if (*g && strcmp(g, "M") && strcmp(g, "F")) {
			err_fail(e, "%s:%ld: gender: M, F or empty, not '%s'", path, row.line, g);
			goto cleanup;
		}
		struct item *it = item_new(l);
		struct buf b = BUF_INIT;
		const char *form = cell[G_FORM] ? cell[G_FORM] : doc_address_form("individual", g, "");
		donor_vars(&it->v, cell[G_NAME], "individual", g, "", "");
		vars_set(&it->v, "xung_ho", form);
		buf_printf(&b, "%s %s", form, cell[G_NAME]);
		if (cell[G_TITLE])
			buf_printf(&b, ", %s", cell[G_TITLE]);
		vars_set(&it->v, "ten_goi", b.p);
		vars_set(&it->v, "ten_day_du", b.p);
		buf_free(&b);
	}
	rc = got < 0 ? -1 : 0;
cleanup:
	csv_free_cells(cell, G_NCOLS);
	csv_close(r);
	return rc;
}

static int resolve(struct db *db, const struct doc_request *req, struct campaign_row *c,
		   char date[11], struct err *e)
{
	if (campaign_resolve(db, req->campaign_code, NULL, c, e) < 0)
		return -1;
	if (req->date)
		snprintf(date, 11, "%s", req->date);
	else
		core_today(date);
	return 0;
}

/* Fills the filter's area from unit_code. */
static int filter_area(struct db *db, const struct doc_request *req, struct doc_filter *f,
		       struct err *e)
{
	struct unit_row u;
	int found;
	if (!req->unit_code)
		return 0;
	if ((found = store_unit_by_code(db, req->unit_code, &u, e)) <= 0)
		return found < 0 ? -1 : err_usage(e, "--unit: no unit with code '%s'", req->unit_code);
	f->unit_id = u.id;
	return 0;
}

int doc_letters(struct db *db, const struct actor *a, const struct doc_request *req,
		struct doc_result *res, struct err *e)
{
	struct campaign_row c;
	struct vars cfg = {0};
	struct items l = {0};
	struct run r;
	struct buf body = BUF_INIT;
	struct tmpl_got g = {0, 0, &body};
	char date[11];
	int rc = -1, begun = 0;
	const struct tmpl_default *td = tmpl_default_for_kind(req->kind);
	if (td == NULL || strcmp(req->kind, "certificate") == 0)
		return err_usage(e, "letters: thanks, invite or open, not '%s'", req->kind);
	if (resolve(db, req, &c, date, e) < 0 || base_vars(db, &c, date, &cfg, e) < 0)
		goto cleanup;
	struct doc_filter f = {.campaign_id = c.id, .since = req->since, .until = req->until,
			       .min = req->min, .donor_kind = req->donor_kind};
	if (filter_area(db, req, &f, e) < 0)
		goto cleanup;
	l.cfg = &cfg;
	if (strcmp(req->kind, "thanks") == 0 && !req->per_donor)
		rc = store_doc_contributions(db, &f, take_contribution, &l, e);
	else if (strcmp(req->kind, "open") == 0)
		rc = store_doc_donors(db, &f, take_donor, &l, e);
	else if (strcmp(req->kind, "invite") == 0 && req->guests && !req->min)
		rc = 0; /* the guests only */
	else
		rc = store_doc_donor_totals(db, &f, take_donor, &l, e);
	if (rc >= 0 && strcmp(req->kind, "invite") == 0 && req->guests)
		rc = read_guests(req->guests, &l, e);
	if (rc >= 0 && strcmp(req->kind, "thanks") == 0 && req->per_donor)
		rc = per_donor_details(db, &f, &l, e);
	if (rc < 0)
		goto cleanup;
	rc = -1;
	if (l.n == 0) {
		err_fail(e, "%s: no donor or contribution matches (campaign %s)", req->kind, c.code);
		goto cleanup;
	}
	if (run_begin(&r, db, a, &c, req->out_dir, req->progress, res, e) < 0)
		goto cleanup;
	begun = 1;
	r.total = l.n;
	int64_t num;
	if (template_current(db, a, td->name, &g, e) < 0 || next_number(&r, req->kind, &num, e) < 0 ||
	    run_combined(&r, doc_kind_stem(req->kind), date, e) < 0)
		goto end;
	for (int64_t i = 0; i < l.n; i++) {
		struct item *it = &l.it[i];
		for (int k = 0; k < cfg.n; k++)
			if (vars_get(&it->v, cfg.k[k]) == NULL)
				vars_add(&it->v, cfg.k[k], cfg.v[k]);
		put_i64(&it->v, "so", num + i);
		if (run_doc(&r, req->kind, it->donor_id, it->contribution_id, g.id, td->name, body.p,
			    &it->v, e) < 0)
			goto end;
	}
	rc = 0;
end:
	rc = run_end(&r, rc, e);
cleanup:
	if (!begun && db_in_tx(db))
		db_rollback(db);
	items_free(&l);
	vars_free(&cfg);
	buf_free(&body);
	return rc;
}

/* ---- honours ----------------------------------------------------------------------------- */

static void tier_heading(struct buf *out, const int64_t *tier, int i)
{
	struct buf lo = BUF_INIT, hi = BUF_INIT;
	money_format_short(&lo, tier[i]);
	if (i == 0) {
		buf_printf(out, "Mức từ %s đồng trở lên", lo.p);
	} else {
		money_format_short(&hi, tier[i - 1]);
		buf_printf(out, "Mức từ %s đồng đến dưới %s đồng", lo.p, hi.p);
	}
	buf_free(&lo);
	buf_free(&hi);
}

struct roll {
	struct items donors;
	int64_t hidden;
};

static int take_roll(void *ctx, const struct doc_donor *d)
{
	struct roll *r = ctx;
	if (take_donor(&r->donors, d) < 0)
		return -1;
	struct item *it = &r->donors.it[r->donors.n - 1];
	if (!d->publish_name) {
		/* Published lists keep the donor's wish: no name, and no commune
		 * or agency either, which in a small place would name them. */
		vars_set(&it->v, "ten", "Nhà hảo tâm không công bố tên");
		vars_set(&it->v, "don_vi", "");
		vars_set(&it->v, "an_danh", "1");
		r->hidden++;
	}
	put_i64(&it->v, "tong", d->total);
	return 0;
}

/* The honour roll as a workbook (the list the districts forward), written
 * with the run's files: renamed into place only when the run commits. */
static int roll_xlsx(struct run *r, const struct roll *roll, const int *tiers,
		     const int64_t *tier, struct err *e)
{
	static const struct xlsx_col cols[] = {
		{"STT", XLSX_INT},
		{"Mức tôn vinh", XLSX_TEXT},
		{"Tên tổ chức, cá nhân", XLSX_TEXT},
		{"Đơn vị", XLSX_TEXT},
		{"Số tiền (đồng)", XLSX_MONEY},
	};
	struct xlsx_meta m = {"Danh sách tôn vinh", r->c->name, core_time()};
	struct xlsx_table *t;
	struct buf level = BUF_INIT;
	char *tmp, *final, stt[24], sum_s[24];
	int64_t sum = 0;
	run_file(r, "danh-sach-ton-vinh.xlsx", &tmp, &final);
	if (xlsx_open(&t, tmp, &m, cols, 5, e) < 0)
		return -1;
	for (int64_t i = 0; i < roll->donors.n; i++) {
		const struct vars *dv = &roll->donors.it[i].v;
		buf_reset(&level);
		tier_heading(&level, tier, tiers[i]);
		snprintf(stt, sizeof stt, "%lld", (long long)(i + 1));
		const char *vals[] = {stt, level.p, vars_str(dv, "ten"), vars_str(dv, "don_vi"),
				      vars_str(dv, "tong")};
		xlsx_row(t, vals);
		sum += strtoll(vars_str(dv, "tong"), NULL, 10);
	}
	snprintf(sum_s, sizeof sum_s, "%lld", (long long)sum);
	const char *total[] = {NULL, "Tổng cộng", NULL, NULL, sum_s};
	xlsx_total(t, total);
	buf_free(&level);
	return xlsx_close(t, e);
}

static int count_donor(void *ctx, const struct doc_donor *d)
{
	(void)d;
	(*(int64_t *)ctx)++;
	return 0;
}

int doc_honours(struct db *db, const struct actor *a, const struct doc_request *req,
		struct doc_result *res, struct err *e)
{
	struct campaign_row c;
	struct vars cfg = {0}, roll_v = {0}, cer_v = {0};
	struct roll roll = {0};
	struct run r;
	struct buf body = BUF_INIT, b = BUF_INIT;
	struct tmpl_got g = {0, 0, &body};
	int64_t tier[DOC_TIERS_MAX], donors = 0, income = 0, num;
	int ntier, rc = -1, begun = 0, *tiers = NULL; /* tiers: each donor's tier */
	char date[11];
	if (resolve(db, req, &c, date, e) < 0 || base_vars(db, &c, date, &cfg, e) < 0 ||
	    doc_tiers_parse(vars_str(&cfg, "muc_vinh_danh"), tier, &ntier, e) < 0)
		goto cleanup;
	struct doc_filter f = {.campaign_id = c.id, .since = req->since, .until = req->until,
			       .min = req->min > tier[ntier - 1] ? req->min : tier[ntier - 1],
			       /* a published list never ties a name to an anonymous gift */
			       .named_only = 1};
	roll.donors.cfg = &cfg;
	if (store_doc_donor_totals(db, &f, take_roll, &roll, e) < 0)
		goto cleanup;
	f.min = 0;
	if (store_doc_donor_totals(db, &f, count_donor, &donors, e) < 0 ||
	    store_campaign_income(db, c.id, &income, e) < 0)
		goto cleanup;

	/* the roll and the ceremony list share their rows */
	for (int k = 0; k < cfg.n; k++) {
		vars_add(&roll_v, cfg.k[k], cfg.v[k]);
		vars_add(&cer_v, cfg.k[k], cfg.v[k]);
	}
	put_money(&cer_v, "tong_so_tien", "tong_so_tien_bang_chu", income, &cfg);
	put_i64(&cer_v, "so_nha_hao_tam", donors);
	put_i64(&cer_v, "so_ton_vinh", roll.donors.n);
	int t = -1;
	tiers = xcalloc((size_t)roll.donors.n + 1, sizeof *tiers);
	for (int64_t i = 0; i < roll.donors.n; i++) {
		const struct vars *dv = &roll.donors.it[i].v;
		int64_t total = strtoll(vars_str(dv, "tong"), NULL, 10);
		int nt = 0;
		while (nt < ntier - 1 && total < tier[nt])
			nt++;
		tiers[i] = nt;
		if (nt != t) {
			t = nt;
			buf_reset(&b);
			tier_heading(&b, tier, t);
			vars_add(&roll_v, "hang", b.p);
			vars_add(&cer_v, "hang", b.p);
		}
		buf_reset(&b);
		buf_printf(&b, "%lld\t%s\t%s\t", (long long)(i + 1), vars_str(dv, "ten"),
			   vars_str(dv, "don_vi"));
		money_format_plain(&b, total);
		vars_add(&roll_v, "dong", b.p);
		vars_add(&cer_v, "dong", b.p);
	}

	if (run_begin(&r, db, a, &c, req->out_dir, req->progress, res, e) < 0)
		goto cleanup;
	begun = 1;
	r.total = 2 + (req->certificates ? roll.donors.n - roll.hidden : 0);
	if (run_combined(&r, "ton-vinh", date, e) < 0 ||
	    roll_xlsx(&r, &roll, tiers, tier, e) < 0 ||
	    run_doc(&r, "honour_roll", 0, 0, 0, NULL, NULL, &roll_v, e) < 0 ||
	    run_doc(&r, "ceremony", 0, 0, 0, NULL, NULL, &cer_v, e) < 0)
		goto end;
	if (req->certificates) {
		if (template_current(db, a, "giay-khen", &g, e) < 0 ||
		    next_number(&r, "certificate", &num, e) < 0)
			goto end;
		for (int64_t i = 0; i < roll.donors.n; i++) {
			struct item *it = &roll.donors.it[i];
			if (vars_get(&it->v, "an_danh"))
				continue;
			for (int k = 0; k < cfg.n; k++)
				if (vars_get(&it->v, cfg.k[k]) == NULL)
					vars_add(&it->v, cfg.k[k], cfg.v[k]);
			put_i64(&it->v, "so", num++);
			if (run_doc(&r, "certificate", it->donor_id, 0, g.id, "giay-khen", body.p,
				    &it->v, e) < 0)
				goto end;
		}
	}
	rc = 0;
end:
	rc = run_end(&r, rc, e);
cleanup:
	if (!begun && db_in_tx(db))
		db_rollback(db);
	items_free(&roll.donors);
	free(tiers);
	vars_free(&cfg);
	vars_free(&roll_v);
	vars_free(&cer_v);
	buf_free(&body);
	buf_free(&b);
	return rc;
}

/* ---- receipts ------------------------------------------------------------------------------- */

struct one_contribution {
	int found;
	int64_t id, campaign_id, donor_id;
	int reversed;
	char date[11], receipt[CODE_MAX + 16], actor[CODE_MAX + 1], campaign[CODE_MAX + 1];
	struct vars v;
	const struct vars *cfg;
};

static int take_one(void *ctx, const struct doc_contribution *c)
{
	struct one_contribution *o = ctx;
	o->found = 1;
	o->id = c->id;
	o->campaign_id = c->campaign_id;
	o->donor_id = c->donor_id;
	o->reversed = c->reversed;
	snprintf(o->date, sizeof o->date, "%s", c->date);
	snprintf(o->receipt, sizeof o->receipt, "%s", c->receipt_no);
	snprintf(o->actor, sizeof o->actor, "%s", c->actor);
	snprintf(o->campaign, sizeof o->campaign, "%s", c->campaign_code);
	if (o->cfg)
		contribution_vars(&o->v, c, o->cfg);
	return 0;
}

static int render_to(const char *kind, const char *tname, const char *tbody, const struct vars *v,
		     const char *path, struct buf *pdf, struct err *e)
{
	struct pdf_file f;
	double w, h;
	const char *date = vars_str(v, "ngay_van_ban_iso");
	doc_page_size(kind, &w, &h);
	if ((path ? pdf_file_open(&f, path, w, h, date, e) : pdf_file_open_buf(&f, pdf, w, h, date, e)) <
	    0)
		return -1;
	if (doc_render(f.cr, kind, tname, tbody, v, e) < 0) {
		pdf_file_close(&f, e);
		return -1;
	}
	return pdf_file_close(&f, e);
}

int doc_receipt(struct db *db, const struct actor *a, const char *ref, const char *date,
		int64_t scope_unit, const char *path, struct buf *pdf, int64_t *doc_id, int *copy,
		struct err *e)
{
	struct one_contribution o = {0};
	struct campaign_row c;
	struct vars cfg = {0};
	struct buf code = BUF_INIT, dump = BUF_INIT, url = BUF_INIT;
	char *tmp = NULL;
	int rc = -1, found;
	struct doc_filter f = {.scope_unit = scope_unit};
	if (core_all_digits(ref))
		f.contribution_id = strtoll(ref, NULL, 10);
	else
		f.receipt_no = ref;
	if (f.contribution_id <= 0 && core_all_digits(ref))
		return 0;
	if (pdf_font_check(e) < 0 || db_begin(db, e) < 0)
		return -1;
	if ((found = store_doc_contributions(db, &f, take_one, &o, e)) <= 0) {
		rc = found;
		goto cleanup;
	}
	if (o.reversed) {
		err_conflict(e, "receipt %s: the contribution was reversed; no receipt is printed "
			     "for it", o.receipt);
		goto cleanup;
	}
	if (campaign_resolve(db, o.campaign, NULL, &c, e) < 0 ||
	    base_vars(db, &c, date ? date : o.date, &cfg, e) < 0)
		goto cleanup;
	/* again, now that the settings (the dialect of the words) are known */
	vars_free(&o.v);
	o.cfg = &cfg;
	if (store_doc_contributions(db, &f, take_one, &o, e) < 0)
		goto cleanup;
	for (int k = 0; k < cfg.n; k++)
		if (vars_get(&o.v, cfg.k[k]) == NULL)
			vars_add(&o.v, cfg.k[k], cfg.v[k]);
	vars_set(&o.v, "nguoi_nhan", *vars_str(&cfg, "nguoi_nhan_tien")
					     ? vars_str(&cfg, "nguoi_nhan_tien")
					     : o.actor);
	if (log_receipt_code(db, o.receipt, &code, e) < 0) {
		/* the English format: the message may be in Vietnamese */
		if (e->fmt == NULL || strstr(e->fmt, "erased") == NULL)
			goto cleanup;
		err_clear(e); /* the donor's link was erased: no code to print */
	} else {
		vars_set(&o.v, "ma_xac_minh", code.p);
		buf_printf(&url, "%s/verify?code=%s", vars_str(&cfg, "url_cong_khai"), code.p);
		vars_set(&o.v, "url_xac_minh", url.p);
	}
	if ((found = store_receipt_printed(db, o.id, e)) < 0)
		goto cleanup;
	*copy = found;
	vars_set(&o.v, "ban_sao", found ? "1" : "0");
	vars_dump(&o.v, &dump);
	char now[32];
	core_now(now);
	struct document_row d = {.kind = "receipt", .campaign_id = c.id, .donor_id = o.donor_id,
				 .contribution_id = o.id, .copy = found, .vars = dump.p,
				 .actor = a->name, .created_at = now};
	if (store_document_insert(db, &d, doc_id, e) < 0)
		goto cleanup;
	if (path) {
		struct buf t = BUF_INIT;
		buf_printf(&t, "%s.tmp", path);
		tmp = buf_detach(&t);
	}
	if (render_to("receipt", NULL, NULL, &o.v, tmp, pdf, e) < 0)
		goto cleanup;
	if (db_commit(db, e) < 0)
		goto cleanup;
	if (tmp && rename(tmp, path) < 0) {
		err_fail(e, "%s: %s", path, strerror(errno));
		goto cleanup;
	}
	rc = 1;
cleanup:
	if (rc < 0 && tmp)
		unlink(tmp);
	if (db_in_tx(db))
		db_rollback(db);
	if (code.p)
		memset(code.p, 0, code.cap);
	free(tmp);
	buf_free(&code);
	buf_free(&dump);
	buf_free(&url);
	vars_free(&o.v);
	vars_free(&cfg);
	return rc;
}

/* ---- reproducing ----------------------------------------------------------------------------- */

struct recorded {
	int found;
	char kind[24];
	int64_t template_id;
	struct buf vars;
};

static int take_doc(void *ctx, const struct document_row *d)
{
	struct recorded *r = ctx;
	r->found = 1;
	snprintf(r->kind, sizeof r->kind, "%s", d->kind);
	r->template_id = d->template_id;
	buf_puts(&r->vars, d->vars);
	return 0;
}

struct tmpl_named {
	char name[72];
	struct buf body;
};

static int take_named(void *ctx, const struct doc_template_row *t)
{
	struct tmpl_named *n = ctx;
	snprintf(n->name, sizeof n->name, "%s", t->name);
	buf_puts(&n->body, t->body);
	return 0;
}

int doc_reproduce(struct db *db, int64_t id, const char *path, struct err *e)
{
	struct recorded r = {0};
	struct tmpl_named t = {0};
	struct vars v = {0};
	int rc = -1;
	if (store_document_by_id(db, id, take_doc, &r, e) < 0)
		goto cleanup;
	if (!r.found) {
		err_fail(e, "no document %lld", (long long)id);
		goto cleanup;
	}
	if (vars_load(&v, buf_cstr(&r.vars), e) < 0)
		goto cleanup;
	if (r.template_id && store_doc_template_by_id(db, r.template_id, take_named, &t, e) < 0)
		goto cleanup;
	rc = render_to(r.kind, r.template_id ? t.name : NULL, r.template_id ? buf_cstr(&t.body) : NULL,
		       &v, path, NULL, e);
cleanup:
	buf_free(&r.vars);
	buf_free(&t.body);
	vars_free(&v);
	return rc;
}
