/* ansinh import payroll: an agency's list of members and amounts, recorded
 * as ONE contribution of the agency (so its target counts) with the lines
 * kept (so each member counts).  The contract of every import: all or
 * nothing, FILE:LINE: column: message, the same file twice refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "base/csv.h"
#include "core/money_in.h"
#include "store/store.h"
#include "text/date.h"
#include "text/fold.h"
#include "text/money.h"
#include "text/utf8.h"

enum { P_NAME, P_AMOUNT, P_POSITION, P_STAFF_NO, P_DEPARTMENT, P_NOTE, P_SEQ, P_SIGN, P_NCOLS };
/* Header names as text_fold writes them: English, then Vietnamese. */
static const char *const col_names[P_NCOLS] = {
	"name|full_name|ho va ten|ho ten|ten|ho va ten can bo",
	"amount|so tien|so tien dong|so tien vnd|so tien ung ho|muc ung ho|tien",
	"position|title|chuc vu|chuc danh",
	"staff_no|staff_id|ma so|ma nv|ma nhan vien|ma can bo",
	"department|phong ban|bo phan|phong|don vi",
	"note|ghi chu",
	"no|stt|so thu tu|tt",
	"signature|ky nhan|ky ten",
};
static const char *const col_labels[P_NCOLS] = {
	"name", "amount", "position", "staff_no", "department", "note", "no", "signature",
};
static const int col_required[P_NCOLS] = {1, 1, 0, 0, 0, 0, 0, 0};

/* Header cells are compared folded ("Họ và tên" -> "ho va ten"); a cell
 * that is not UTF-8 is compared as it is (and named unknown). */
static void header_fold(struct buf *out, const char *s, size_t len)
{
	if (text_is_utf8(s, len))
		text_fold(out, s, len);
	else
		buf_put(out, s, len);
}

struct line {
	struct payroll_line_row row;
	char *cell[P_NCOLS];
	char *fold;
};

static void lines_free(struct line *l, int64_t n)
{
	for (int64_t i = 0; i < n; i++) {
		csv_free_cells(l[i].cell, P_NCOLS);
		free(l[i].fold);
	}
	free(l);
}

/* Reads every line, checked, and their total. */
static int read_lines(const char *path, struct line **out, int64_t *nout, int64_t *total,
		      struct err *e)
{
	struct csv_reader *r = NULL;
	struct csv_row row;
	struct line *l = NULL;
	int64_t n = 0, cap = 0;
	int idx[P_NCOLS], got, rc = -1;

	*total = 0;
	if (csv_open_mapped_norm(&r, path, col_names, col_required, P_NCOLS, idx, header_fold, e) < 0)
		return -1;
	while ((got = csv_next(r, &row, e)) == 1) {
		if (row.blank)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			l = xrealloc(l, sizeof *l * (size_t)cap);
		}
		struct line *x = &l[n++];
		memset(x, 0, sizeof *x);
		if (csv_clean_cells(&row, path, idx, col_labels, P_NCOLS, x->cell, e) < 0)
			goto cleanup;
		if (x->cell[P_NAME] == NULL) {
			err_fail(e, "%s:%ld: name: empty", path, row.line);
			goto cleanup;
		}
		if (strlen(x->cell[P_NAME]) > NAME_MAX_BYTES) {
			err_fail(e, "%s:%ld: name: longer than %d bytes", path, row.line, NAME_MAX_BYTES);
			goto cleanup;
		}
		if (x->cell[P_AMOUNT] == NULL) {
			err_fail(e, "%s:%ld: amount: empty", path, row.line);
			goto cleanup;
		}
		if (money_parse(x->cell[P_AMOUNT], &x->row.amount, e) < 0) {
			err_prefix(e, "%s:%ld: amount: ", path, row.line);
			goto cleanup;
		}
		if (x->row.amount == 0) {
			err_fail(e, "%s:%ld: amount: must be more than 0 đồng", path, row.line);
			goto cleanup;
		}
		if (i64_add(*total, x->row.amount, total) < 0 || *total > MONEY_ENTRY_MAX) {
			err_fail(e, "%s:%ld: amount: the list's total passes 1.000.000 tỷ đồng", path,
				 row.line);
			goto cleanup;
		}
		x->fold = text_fold_dup(x->cell[P_NAME]);
		x->row.line_no = row.line;
		x->row.name = x->cell[P_NAME];
		x->row.name_fold = x->fold;
		x->row.position = x->cell[P_POSITION];
		x->row.staff_no = x->cell[P_STAFF_NO];
		x->row.department = x->cell[P_DEPARTMENT];
		x->row.note = x->cell[P_NOTE];
	}
	if (got < 0)
		goto cleanup;
	if (n == 0) {
		err_fail(e, "%s: no members in the list", path);
		goto cleanup;
	}
	rc = 0;
cleanup:
	csv_close(r);
	if (rc < 0) {
		lines_free(l, n);
		l = NULL;
		n = 0;
	}
	*out = l;
	*nout = n;
	return rc;
}

/* The agency: a donor id, or a unit code (its donor is the unit's
 * collective, created on first use). */
static int agency_donor(struct db *db, const char *agency, const char *now, int64_t *donor_id,
			struct err *e)
{
	int64_t unit_id;
	struct unit_row u;
	int found, created;
	if (core_all_digits(agency)) {
		*donor_id = strtoll(agency, NULL, 10);
		if ((found = store_donor_unit(db, *donor_id, &unit_id, e)) <= 0)
			return found < 0 ? -1 : err_fail(e, "agency: no donor %s", agency);
		return 0;
	}
	if ((found = store_unit_by_code(db, agency, &u, e)) <= 0)
		return found < 0 ? -1 : err_fail(e, "agency: '%s' is neither a unit code nor a donor "
						 "id", agency);
	struct donor_input d = {.name = u.name, .kind = "collective"};
	return donor_find_or_create(db, &d, u.id, now, donor_id, &created, e);
}

static void money_text(struct buf *b, int64_t v)
{
	buf_reset(b);
	money_format(b, v);
}

/* The list's total against the transfer: both and the difference. */
static int totals_agree(const char *path, int64_t total, int64_t transfer, struct err *e)
{
	struct buf a = BUF_INIT, b = BUF_INIT, d = BUF_INIT;
	if (total == transfer)
		return 0;
	money_text(&a, total);
	money_text(&b, transfer);
	money_text(&d, total > transfer ? total - transfer : transfer - total);
	err_fail(e, "%s: the members' amounts add up to %s but the transfer is %s (%s %s); "
		 "nothing imported", path, a.p, b.p, d.p, total > transfer ? "more" : "less");
	buf_free(&a);
	buf_free(&b);
	buf_free(&d);
	return -1;
}

int payroll_import(struct db *db, const struct actor *a, const struct payroll_input *in,
		   struct payroll_result *res, struct err *e)
{
	struct line *lines = NULL;
	int64_t n = 0, total, transfer = 0, import_id, donor_id;
	const char *ref = NULL;
	char sha[65], now[32], date[DATE_MAX], when[32], detail[256], object[48];
	struct campaign_row c;
	struct buf receipt = BUF_INIT;
	int rc = -1, in_tx = 0;

	memset(res, 0, sizeof *res);
	if (in->agency == NULL || in->period == NULL || in->transfer == NULL)
		return err_usage(e, "--agency, --period and --transfer are required");
	if (strlen(in->period) > 100)
		return err_fail(e, "period: longer than 100 bytes");
	/* --transfer is the amount itself, unless --amount gives it */
	if (in->amount) {
		ref = in->transfer;
		if (money_parse(in->amount, &transfer, e) < 0) {
			err_prefix(e, "amount: ");
			return -1;
		}
	} else if (money_parse(in->transfer, &transfer, e) < 0) {
		err_clear(e);
		ref = in->transfer;
		transfer = -1; /* to be read from the ledger */
	}
	if (ref && strlen(ref) > 64)
		return err_fail(e, "transfer: a bank reference of at most 64 bytes");
	core_now(now);
	if (in->date && in->date[0]) {
		if (date_parse(in->date, date, e) < 0) {
			err_prefix(e, "date: ");
			return -1;
		}
	} else {
		core_today(date);
	}
	if (campaign_resolve(db, in->campaign_code, date, &c, e) < 0 ||
	    file_sha256(in->path, sha, e) < 0 || read_lines(in->path, &lines, &n, &total, e) < 0)
		return -1;

	if (db_begin(db, e) < 0)
		goto cleanup;
	in_tx = 1;
	int before = store_import_find(db, "payroll", sha, when, sizeof when, e);
	if (before < 0)
		goto cleanup;
	if (before > 0 && !in->force) {
		err_fail(e, "%s: this file was already imported on %s (use --force to import it "
			 "again)", in->path, when);
		goto cleanup;
	}
	if (agency_donor(db, in->agency, now, &donor_id, e) < 0)
		goto cleanup;
	if (ref) {
		int64_t cid, cdonor, camount;
		int has_list;
		int found = store_payroll_transfer(db, ref, &cid, &cdonor, &camount, &has_list, e);
		if (found < 0)
			goto cleanup;
		if (found) {
			if (has_list) {
				err_fail(e, "transfer: '%s' already has its payroll list (contribution %lld)",
					 ref, (long long)cid);
				goto cleanup;
			}
			if (cdonor != donor_id) {
				err_fail(e, "transfer: '%s' is in the ledger as donor %lld's, not the "
					 "agency's (donor %lld)", ref, (long long)cdonor, (long long)donor_id);
				goto cleanup;
			}
			if (transfer >= 0 && transfer != camount) {
				err_fail(e, "amount: %lld, but transfer '%s' in the ledger is %lld đồng",
					 (long long)transfer, ref, (long long)camount);
				goto cleanup;
			}
			transfer = camount;
			res->contribution_id = cid;
			res->attached = 1;
		} else if (transfer < 0) {
			err_usage(e, "--amount is required: transfer '%s' is not in the ledger, so its "
				  "amount is not known", ref);
			goto cleanup;
		}
	}
	if (totals_agree(in->path, total, transfer, e) < 0)
		goto cleanup;
	if (store_import_insert(db, "payroll", in->path, sha, a->name, now, &import_id, e) < 0)
		goto cleanup;
	if (!res->attached) {
		struct contribution_input ci = {
			.campaign_id = c.id, .donor_id = donor_id, .channel = "payroll",
			.amount = total, .date = date, .bank_ref = ref, .import_id = import_id,
			.note = in->period,
		};
		if (contribution_write_one(db, a, &ci, now, &res->contribution_id, &receipt, e) < 0)
			goto cleanup;
		snprintf(res->receipt, sizeof res->receipt, "%s", receipt.p);
	}
	struct payroll_row p = {
		.contribution_id = res->contribution_id, .donor_id = donor_id, .total = total,
		.members = n, .import_id = import_id, .period = in->period, .transfer_ref = ref,
	};
	if (store_payroll_insert(db, &p, now, &res->payroll_id, e) < 0)
		goto cleanup;
	for (int64_t i = 0; i < n; i++) {
		lines[i].row.payroll_id = res->payroll_id;
		if (store_payroll_line_insert(db, &lines[i].row, e) < 0) {
			err_prefix(e, "%s:%lld: ", in->path, (long long)lines[i].row.line_no);
			goto cleanup;
		}
	}
	snprintf(object, sizeof object, "payroll:%lld", (long long)res->payroll_id);
	snprintf(detail, sizeof detail, "%s: %lld members, %lld đồng, contribution %lld%s, sha256 %.16s",
		 in->path, (long long)n, (long long)total, (long long)res->contribution_id,
		 res->attached ? " (transfer already in the ledger)" : "", sha);
	if (store_import_finish(db, import_id, n, n, 0, e) < 0 ||
	    store_audit(db, now, a->name, "import.payroll", object, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto cleanup;
	in_tx = 0;
	res->members = n;
	res->total = total;
	rc = 0;
cleanup:
	if (in_tx)
		db_rollback(db);
	if (rc < 0)
		memset(res, 0, sizeof *res);
	lines_free(lines, n);
	buf_free(&receipt);
	return rc;
}
