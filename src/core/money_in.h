/* The domain of issue #6 parts 2, 5 and 6: collection accounts and VietQR
 * codes for pledges (core/collection.c), payroll lists (core/payroll.c) and
 * goods from receipt to recipient (core/goods.c).  Same conventions as
 * core.h: each write is one transaction with its audit event. */
#ifndef ANSINH_CORE_MONEY_IN_H
#define ANSINH_CORE_MONEY_IN_H

#include "core/core.h"
#include "store/money_in.h"

/* ---- collection accounts and VietQR (core/collection.c) ---- */
/* Sets the collection account of a campaign (unit_code NULL) or of a unit
 * for that campaign.  bin and account are checked as VietQR needs them. */
int collection_account_set(struct db *db, const struct actor *a, const char *campaign_code,
			   const char *unit_code, const char *bin, const char *account,
			   const char *name, struct err *e);

/* What a VietQR code for a pledge carries. */
struct pledge_qr {
	int64_t pledge_id, amount, outstanding, paid;
	char reference[16];                /* "P001234" */
	char purpose[32];                  /* "UH ASXH P001234" */
	char bin[8], account[24];
	char account_name[NAME_MAX_BYTES + 1];
};
/* Payment reference of a pledge: "P" + id zero-padded to 6 digits. */
void pledge_reference(char out[16], int64_t pledge_id);
/* Fills q for a pledge (amount = what is still owed; the account: the
 * pledge's unit's, or its nearest ancestor's, or the campaign's) and writes
 * the payload into payload.  A pledge paid in full, or one without a
 * collection account, is an error. */
int pledge_vietqr(struct db *db, int64_t pledge_id, struct pledge_qr *q, struct buf *payload,
		  struct err *e);

/* ---- payroll lists (core/payroll.c) ---- */
struct payroll_input {
	const char *path;
	const char *agency;        /* a unit code or a donor id */
	const char *period;        /* "tháng 9/2019" */
	const char *transfer;      /* a bank reference, or the transfer's amount */
	const char *amount;        /* the transfer's amount (when transfer is a reference) */
	const char *campaign_code; /* NULL: by date */
	const char *date;          /* NULL: today */
	int force;
};
struct payroll_result {
	int64_t payroll_id, contribution_id, members, total;
	int attached;              /* 1: the transfer was already in the ledger */
	char receipt[CODE_MAX + 16];
};
int payroll_import(struct db *db, const struct actor *a, const struct payroll_input *in,
		   struct payroll_result *res, struct err *e);

/* ---- goods (core/goods.c) ---- */
struct goods_input {
	int64_t donor_id;
	const char *campaign_code, *unit_code, *date; /* optional */
	const char *description, *measure, *quantity, *value, *valued_by, *note;
	int anonymous;
	struct form_once *once; /* the web form's nonce, or NULL */
};
/* Records the goods contribution (channel goods, valued in đồng) and its
 * item row in one transaction.  *item_id and the receipt are returned.  With
 * in->once, a nonce used before writes nothing: once->done is set and
 * *item_id is the first submission's item (the receipt is left empty). */
int goods_receive(struct db *db, const struct actor *a, const struct goods_input *in,
		  int64_t *item_id, struct buf *receipt, struct err *e);
struct goods_move_input {
	int64_t item_id;
	const char *quantity, *date, *document, *note;
	/* distribution only: */
	const char *recipient_kind;  /* household | person | unit */
	const char *recipient;       /* a name; or a unit code for kind unit */
	struct form_once *once;      /* the web form's nonce, or NULL */
};
/* Hands goods over to the fund manager, or distributes goods handed over,
 * refusing more than is in stock at that stage; the share of the value
 * moves in the ledger.  *movement_id is returned; with in->once, as
 * goods_receive (a replay moves nothing, even when the stock has gone). */
int goods_handover(struct db *db, const struct actor *a, const struct goods_move_input *in,
		   int64_t *movement_id, struct err *e);
int goods_distribute(struct db *db, const struct actor *a, const struct goods_move_input *in,
		     int64_t *movement_id, struct err *e);
int valued_by_is_valid(const char *v);
/* A form's text field: required or not, at most max bytes ("FIELD:
 * required", "FIELD: longer than N bytes"). */
int core_text_field(const char *field, const char *v, size_t max, int required, struct err *e);
/* A date as a person writes it (dd/mm/yyyy or ISO) into ISO; empty: today. */
int core_date_or_today(const char *in, char out[DATE_MAX], struct err *e);
int recipient_kind_is_valid(const char *k);

#endif
