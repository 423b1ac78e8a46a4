#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "core/fund.h"
#include "ledger/journal.h"
#include "store/money_in.h"
#include "store/store.h"

/* Which asset account a channel brings money or goods into. */
static int debit_account(const char *channel)
{
	if (!strcmp(channel, "cash"))
		return ACC_CASH;
	if (!strcmp(channel, "transfer"))
		return ACC_BANK;
	if (!strcmp(channel, "payroll"))
		return ACC_PAYROLL;
	return ACC_GOODS;
}

/* "-%06lld" of n, written by hand: printf's parsing was 2 % of a bulk
 * import's writer thread. */
static void receipt_number(struct buf *out, int64_t n)
{
	char d[24];
	int k = 0;
	uint64_t u = (uint64_t)n; /* n > 0: a series only counts up */
	do
		d[k++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	buf_putc(out, '-');
	for (int z = k; z < 6; z++)
		buf_putc(out, '0');
	while (k > 0)
		buf_putc(out, d[--k]);
}

/* The next receipt number of the campaign's series, counted in memory. */
static int receipt_take(struct db *db, struct write_batch *wb, int64_t campaign_id,
			struct buf *out, struct err *e)
{
	int i;
	for (i = 0; i < wb->nseries; i++)
		if (wb->series[i].campaign_id == campaign_id)
			break;
	if (i == wb->nseries) {
		if (i == WRITE_BATCH_CAMPAIGNS)
			return err_fail(e, "more than %d campaigns in one write", WRITE_BATCH_CAMPAIGNS);
		wb->series[i].campaign_id = campaign_id;
		if (store_receipt_last(db, campaign_id, wb->series[i].prefix,
				       sizeof wb->series[i].prefix, &wb->series[i].last, e) < 0)
			return -1;
		wb->nseries++;
	}
	wb->series[i].last++;
	buf_reset(out);
	buf_puts(out, wb->series[i].prefix);
	receipt_number(out, wb->series[i].last);
	return 0;
}

int write_batch_flush(struct db *db, struct write_batch *wb, struct err *e)
{
	char now[32];
	if (db_defer_flush(db, e) < 0) /* the checkpoint covers rows all written */
		return -1;
	for (int i = 0; i < wb->nseries; i++)
		if (store_receipt_save(db, wb->series[i].campaign_id, wb->series[i].last, e) < 0)
			return -1;
	core_now(now);
	return log_batch_flush(db, &wb->log, now, e);
}

int contribution_record(struct db *db, const struct actor *a, const struct contribution_input *in,
			const char *now, struct write_batch *wb, int64_t *id, struct buf *receipt,
			struct err *e)
{
	struct contribution_row c = {0};
	struct entry_row en = {0};
	struct log_extra x = {0};
	struct buf name = BUF_INIT, tax = BUF_INIT;
	int64_t unit_id = in->unit_id;
	int rc = -1;

	if (in->channel == NULL || !channel_is_valid(in->channel))
		return err_fail(e, "channel: '%s' is not one of cash, transfer, payroll, goods",
				in->channel ? in->channel : "");
	if (in->amount <= 0)
		return err_fail(e, "amount: must be more than 0 đồng");
	if (in->amount > MONEY_ENTRY_MAX)
		return err_fail(e, "amount: more than 1.000.000 tỷ đồng in one contribution");
	int is_goods = strcmp(in->channel, "goods") == 0;
	if (is_goods && !(in->goods && in->goods[0]))
		return err_fail(e, "goods: a contribution in kind needs a description of the goods");
	if (!is_goods && in->goods && in->goods[0])
		return err_fail(e, "goods: only contributions with channel 'goods' describe goods");
	if (in->pledge_id) {
		int64_t pledge_donor, pledge_campaign;
		int found = store_pledge_exists(db, in->pledge_id, &pledge_donor, &pledge_campaign, e);
		if (found <= 0)
			return found < 0 ? -1 : err_fail(e, "pledge: no pledge %lld",
							 (long long)in->pledge_id);
		if (pledge_donor != in->donor_id)
			return err_fail(e, "pledge: pledge %lld was made by donor %lld, not %lld",
					(long long)in->pledge_id, (long long)pledge_donor,
					(long long)in->donor_id);
		if (pledge_campaign != in->campaign_id)
			return err_fail(e, "pledge: pledge %lld belongs to another campaign",
					(long long)in->pledge_id);
	}
	if (unit_id == 0) {
		int found = store_donor_unit(db, in->donor_id, &unit_id, e);
		if (found <= 0)
			return found < 0 ? -1 : err_fail(e, "donor: no donor %lld",
							 (long long)in->donor_id);
	}

	/* The leaf carries the receipt number and a commitment to who gave:
	 * both are known before the entry is posted. */
	if (receipt_take(db, wb, in->campaign_id, receipt, e) < 0)
		return -1;
	x.receipt_no = receipt->p;
	x.donor_id = in->donor_id;
	if (in->donor_name) {
		x.donor_name = in->donor_name;
		x.donor_tax_code = in->donor_tax_code;
	} else {
		int found = store_log_donor_identity(db, in->donor_id, &name, &tax, e);
		if (found <= 0) {
			if (found == 0)
				err_fail(e, "donor: no donor %lld", (long long)in->donor_id);
			goto cleanup;
		}
		x.donor_name = name.p;
		x.donor_tax_code = tax.len ? tax.p : NULL;
	}

	en.campaign_id = in->campaign_id;
	en.kind = "contribution";
	en.entry_date = in->date;
	en.unit_id = unit_id;
	en.actor = a->name;
	en.debit_account = debit_account(in->channel);
	en.credit_account = ACC_CONTRIBUTIONS;
	en.amount = in->amount;
	if (journal_post_log(db, &en, &x, now, &wb->next_entry, &wb->log, e) < 0)
		goto cleanup;

	c.entry_id = en.id;
	c.campaign_id = in->campaign_id;
	c.donor_id = in->donor_id;
	c.unit_id = unit_id;
	c.pledge_id = in->pledge_id;
	c.channel = in->channel;
	c.amount = in->amount;
	c.date = in->date;
	c.receipt_no = receipt->p;
	c.bank_ref = in->bank_ref && in->bank_ref[0] ? in->bank_ref : NULL;
	c.goods = is_goods ? in->goods : NULL;
	c.goods_qty = in->goods_qty && in->goods_qty[0] ? in->goods_qty : NULL;
	c.note = in->note && in->note[0] ? in->note : NULL;
	c.anonymous = in->anonymous;
	c.import_id = in->import_id;
	rc = store_contribution_insert(db, &c, id, e);
cleanup:
	buf_free(&name);
	buf_free(&tax);
	return rc;
}

int contribution_write_one(struct db *db, const struct actor *a,
			   const struct contribution_input *in, const char *now, int64_t *id,
			   struct buf *receipt, struct err *e)
{
	char object[48], detail[96];
	struct write_batch wb = {0};
	int64_t income;

	if (in->bank_ref && in->bank_ref[0]) {
		int live = store_contribution_bank_ref_live(db, in->bank_ref, e);
		if (live != 0)
			return live < 0 ? -1 : err_fail(e, "bank_ref: '%s' is already in the ledger",
							in->bank_ref);
	}
	/* the ceiling the import enforces row by row; one query per single add */
	if (store_book_income(db, &income, e) < 0)
		return -1;
	if (in->amount > MONEY_BOOK_MAX - income)
		return err_fail(e, "amount: would take the books past the largest total they hold "
				"(10^18 đồng, all campaigns together)");
	if (contribution_record(db, a, in, now, &wb, id, receipt, e) < 0 ||
	    write_batch_flush(db, &wb, e) < 0)
		return -1;
	snprintf(object, sizeof object, "contribution:%lld", (long long)*id);
	snprintf(detail, sizeof detail, "%s %lld %s", receipt->p, (long long)in->amount,
		 in->channel);
	return store_audit(db, now, a->name, "contribution.add", object, detail, e);
}

int contribution_add(struct db *db, const struct actor *a, const struct contribution_input *in,
		     int64_t *id, struct buf *receipt, struct err *e)
{
	char now[32];
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if (contribution_write_one(db, a, in, now, id, receipt, e) < 0 || db_commit(db, e) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

static int take_entry(void *ctx, const struct contribution_view *c)
{
	*(int64_t *)ctx = c->entry_id;
	return 0;
}

/* A correction never edits the contribution: it posts the reversing entry,
 * which takes the money back out of the totals; a corrected contribution is
 * then recorded anew. */
int contribution_reverse(struct db *db, const struct actor *a, int64_t id, const char *reason,
			 int64_t *rev_entry, struct err *e)
{
	char now[32], today[11], object[48];
	int64_t entry_id = 0;

	if (reason == NULL || !reason[0])
		return err_usage(e, "--reason is required: say why the contribution is reversed");
	core_now(now);
	core_today(today);
	if (db_begin(db, e) < 0)
		return -1;
	int found = store_contribution_by_id(db, id, take_entry, &entry_id, e);
	if (found <= 0) {
		if (found == 0)
			err_fail(e, "no contribution %lld", (long long)id);
		goto fail;
	}
	/* goods handed over or given out cannot be un-received: their
	 * recipients hold them (verify checks this too) */
	int64_t moved;
	if (store_goods_moved(db, id, &moved, e) < 0)
		goto fail;
	if (moved) {
		err_fail(e, "contribution %lld: its goods were handed over or distributed (%lld "
			 "movements); a receipt of goods that moved cannot be reversed",
			 (long long)id, (long long)moved);
		goto fail;
	}
	/* money handed over to the fund manager cannot be un-received either */
	if (fund_check_unreceive(db, id, e) < 0)
		goto fail;
	if (journal_reverse(db, entry_id, today, a->name, reason, now, rev_entry, e) < 0) {
		err_prefix(e, "contribution %lld: ", (long long)id);
		goto fail;
	}
	/* The reversal's leaf was appended with it; one checkpoint covers it. */
	if (log_sign(db, now, NULL, e) < 0)
		goto fail;
	snprintf(object, sizeof object, "contribution:%lld", (long long)id);
	if (store_audit(db, now, a->name, "contribution.reverse", object, reason, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}
