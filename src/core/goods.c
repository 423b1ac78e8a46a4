/* Goods (R7, R11, R12): received as a goods contribution (its value in
 * đồng enters the ledger on account 4), handed over to the fund manager
 * (4 -> 8) and distributed to households, persons or units (8 -> 9).
 * Quantities are kept in goods_movement; the share of value each movement
 * carries is a journal entry, so goods are followed to their recipients
 * the way money is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money_in.h"
#include "ledger/journal.h"
#include "text/date.h"
#include "text/money.h"

#define GOODS_QTY_MAX INT64_C(1000000000000)
#define GOODS_TEXT_MAX 300
#define GOODS_MEASURE_MAX 40

int valued_by_is_valid(const char *v)
{
	return v && (!strcmp(v, "invoice") || !strcmp(v, "market") || !strcmp(v, "declared") ||
		     !strcmp(v, "committee"));
}

int recipient_kind_is_valid(const char *k)
{
	return k && (!strcmp(k, "household") || !strcmp(k, "person") || !strcmp(k, "unit"));
}

/* A whole number of units, 1 to 10^12. */
static int parse_quantity(const char *s, int64_t *out, struct err *e)
{
	char *end;
	long long v = s && *s ? strtoll(s, &end, 10) : 0;
	if (s == NULL || !*s || *end || v < 1 || v > GOODS_QTY_MAX)
		return err_fail(e, "quantity: '%s' is not a whole number of units from 1 to "
				"1.000.000.000.000", s ? s : "");
	*out = v;
	return 0;
}

int core_text_field(const char *field, const char *v, size_t max, int required, struct err *e)
{
	if (required && (v == NULL || !v[0]))
		return err_fail(e, "%s: required", field);
	if (v && strlen(v) > max)
		return err_fail(e, "%s: longer than %zu bytes", field, max);
	return 0;
}

int core_date_or_today(const char *in, char out[DATE_MAX], struct err *e)
{
	if (in == NULL || !in[0]) {
		core_today(out);
		return 0;
	}
	if (date_parse(in, out, e) < 0) {
		err_prefix(e, "date: ");
		return -1;
	}
	return 0;
}

int goods_receive(struct db *db, const struct actor *a, const struct goods_input *in,
		  int64_t *item_id, struct buf *receipt, struct err *e)
{
	char now[32], date[DATE_MAX], qty_text[96], object[48], detail[128];
	struct contribution_input ci = {0};
	struct campaign_row c;
	struct unit_row u = {0};
	int64_t qty, value, cid;
	int found;

	if (core_text_field("description", in->description, GOODS_TEXT_MAX, 1, e) < 0 ||
	    core_text_field("measure", in->measure, GOODS_MEASURE_MAX, 1, e) < 0 ||
	    core_text_field("note", in->note, GOODS_TEXT_MAX, 0, e) < 0 ||
	    parse_quantity(in->quantity, &qty, e) < 0)
		return -1;
	if (in->value == NULL || money_parse(in->value, &value, e) < 0) {
		if (in->value == NULL)
			err_fail(e, "required");
		err_prefix(e, "value: ");
		return -1;
	}
	if (!valued_by_is_valid(in->valued_by))
		return err_fail(e, "valued-by: '%s' is not one of invoice, market, declared, committee",
				in->valued_by ? in->valued_by : "");
	if (core_date_or_today(in->date, date, e) < 0 ||
	    campaign_resolve(db, in->campaign_code, date, &c, e) < 0)
		return -1;
	if (in->unit_code && in->unit_code[0] &&
	    (found = store_unit_by_code(db, in->unit_code, &u, e)) <= 0)
		return found < 0 ? -1 : err_fail(e, "unit: no unit with code '%s'", in->unit_code);
	snprintf(qty_text, sizeof qty_text, "%lld %s", (long long)qty, in->measure);
	ci.campaign_id = c.id;
	ci.donor_id = in->donor_id;
	ci.unit_id = u.id;
	ci.channel = "goods";
	ci.amount = value;
	ci.date = date;
	ci.goods = in->description;
	ci.goods_qty = qty_text;
	ci.note = in->note;
	ci.anonymous = in->anonymous;
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if ((found = form_once_seen(db, in->once, "goods", item_id, e)) != 0) {
		if (found < 0)
			goto fail;
		db_rollback(db);
		return 0;
	}
	if (contribution_write_one(db, a, &ci, now, &cid, receipt, e) < 0 ||
	    store_goods_item_insert(db, cid, in->description, in->measure, qty, in->valued_by, now,
				    item_id, e) < 0 ||
	    form_once_record(db, in->once, "goods", *item_id, now, e) < 0)
		goto fail;
	snprintf(object, sizeof object, "goods:%lld", (long long)*item_id);
	snprintf(detail, sizeof detail, "contribution %lld, %s, %lld đồng (%s)", (long long)cid,
		 qty_text, (long long)value, in->valued_by);
	if (store_audit(db, now, a->name, "goods.receive", object, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

static int copy_view(void *ctx, const struct goods_view *g)
{
	struct goods_view *out = ctx;
	*out = *g;
	/* only numbers are used after the statement moves on */
	out->campaign_code = out->unit_code = out->donor_name = out->date = out->receipt_no = NULL;
	out->description = out->valued_by = NULL;
	out->measure = NULL;
	return 0;
}

/* Share of value for q of the n units still at a stage worth v: the last
 * units take what is left, so the shares add up to the value exactly. */
static int64_t share(int64_t v, int64_t q, int64_t n)
{
	if (q >= n)
		return v;
	return (int64_t)((__int128)v * q / n);
}

static int goods_move(struct db *db, const struct actor *a, const struct goods_move_input *in,
		      int distribute, int64_t *movement_id, struct err *e)
{
	char now[32], date[DATE_MAX], object[48], detail[160];
	struct goods_movement_row m = {0};
	struct goods_view g;
	struct unit_row u = {0};
	int64_t qty, avail, avail_value;
	int found;

	if (parse_quantity(in->quantity, &qty, e) < 0 || core_date_or_today(in->date, date, e) < 0 ||
	    core_text_field("document", in->document, 100, 0, e) < 0 ||
	    core_text_field("note", in->note, GOODS_TEXT_MAX, 0, e) < 0)
		return -1;
	if (distribute) {
		if (!recipient_kind_is_valid(in->recipient_kind))
			return err_fail(e, "to: '%s' is not one of household, person, unit",
					in->recipient_kind ? in->recipient_kind : "");
		if (core_text_field("recipient", in->recipient, GOODS_TEXT_MAX, 1, e) < 0)
			return -1;
		if (!strcmp(in->recipient_kind, "unit") &&
		    (found = store_unit_by_code(db, in->recipient, &u, e)) <= 0)
			return found < 0 ? -1 : err_fail(e, "recipient: no unit with code '%s'",
							 in->recipient);
	}
	core_now(now);
	if (db_begin(db, e) < 0)
		return -1;
	if ((found = form_once_seen(db, in->once, "goods-move", movement_id, e)) != 0) {
		if (found < 0)
			goto fail;
		db_rollback(db);
		return 0;
	}
	if ((found = store_goods_each(db, 0, in->item_id, copy_view, &g, e)) <= 0) {
		if (found == 0)
			err_notfound(e, "no goods item %lld", (long long)in->item_id);
		goto fail;
	}
	if (g.reversed) {
		err_conflict(e, "goods item %lld: its contribution was reversed", (long long)in->item_id);
		goto fail;
	}
	avail = distribute ? g.handed_qty - g.given_qty : g.quantity - g.handed_qty;
	avail_value = distribute ? g.handed_value - g.given_value : g.value - g.handed_value;
	if (qty > avail) {
		err_fail(e, "quantity: %lld asked, but goods item %lld has only %lld %s", (long long)qty,
			 (long long)in->item_id, (long long)avail,
			 distribute ? "handed over and not yet distributed" : "received and not yet "
			 "handed over");
		goto fail;
	}
	m.item_id = in->item_id;
	m.kind = distribute ? "distribution" : "handover";
	m.quantity = qty;
	m.value = share(avail_value, qty, avail);
	m.date = date;
	m.recipient_kind = distribute ? in->recipient_kind : NULL;
	m.recipient = distribute ? in->recipient : NULL;
	m.recipient_unit = u.id;
	m.document = in->document && in->document[0] ? in->document : NULL;
	m.note = in->note && in->note[0] ? in->note : NULL;
	m.actor = a->name;
	if (m.value > 0) {
		struct entry_row en = {0};
		en.campaign_id = g.campaign_id;
		en.kind = distribute ? "disbursement" : "handover";
		en.entry_date = date;
		en.unit_id = u.id ? u.id : g.unit_id;
		en.actor = a->name;
		en.memo = distribute ? "goods distributed" : "goods handed over";
		en.debit_account = distribute ? ACC_GOODS_DISTRIBUTED : ACC_GOODS_HANDED;
		en.credit_account = distribute ? ACC_GOODS_HANDED : ACC_GOODS;
		en.amount = m.value;
		if (journal_post(db, &en, now, NULL, e) < 0 || log_sign(db, now, NULL, e) < 0)
			goto fail;
		m.entry_id = en.id;
	}
	if (store_goods_movement_insert(db, &m, now, movement_id, e) < 0 ||
	    form_once_record(db, in->once, "goods-move", *movement_id, now, e) < 0)
		goto fail;
	snprintf(object, sizeof object, "goods:%lld", (long long)in->item_id);
	snprintf(detail, sizeof detail, "%s %lld, %lld đồng%s%s", m.kind, (long long)qty,
		 (long long)m.value, distribute ? " to " : "", distribute ? in->recipient_kind : "");
	if (store_audit(db, now, a->name, distribute ? "goods.distribute" : "goods.handover",
			object, detail, e) < 0 ||
	    db_commit(db, e) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int goods_handover(struct db *db, const struct actor *a, const struct goods_move_input *in,
		   int64_t *movement_id, struct err *e)
{
	return goods_move(db, a, in, 0, movement_id, e);
}

int goods_distribute(struct db *db, const struct actor *a, const struct goods_move_input *in,
		     int64_t *movement_id, struct err *e)
{
	return goods_move(db, a, in, 1, movement_id, e);
}
