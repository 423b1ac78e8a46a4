/* Plain rows as stored.  The store reads and writes these; the rules about
 * what may be written live in src/core/ and src/ledger/. */
#ifndef ANSINH_STORE_MODEL_H
#define ANSINH_STORE_MODEL_H

#include <stdint.h>

#include "base/buf.h"

#define CODE_MAX 64
#define NAME_MAX_BYTES 300
#define DATE_MAX 11

struct unit_row {
	int64_t id;
	char code[CODE_MAX + 1];
	char name[NAME_MAX_BYTES + 1];
	char kind[16];
	int64_t parent_id; /* 0 for a root */
};

struct campaign_row {
	int64_t id;
	char code[CODE_MAX + 1];
	char name[NAME_MAX_BYTES + 1];
	char start[DATE_MAX], end[DATE_MAX], ceremony[DATE_MAX], deadline[DATE_MAX], report[DATE_MAX];
	int64_t goal;
};

struct donor_row {
	int64_t id;
	char kind[20];
	const char *name;       /* NFC, cleaned */
	const char *match_key;  /* text_lower(name) */
	const char *name_fold;  /* text_fold(name) */
	const void *sort_key;
	size_t sort_key_len;
	const char *tax_code;   /* NULL when none */
	int in_province;
	int64_t unit_id;
	const char *gender;     /* "M", "F" or NULL */
	const char *phone, *email, *address;
	int publish_name;
};

struct pledge_row {
	int64_t id;
	int64_t campaign_id, donor_id;
	int64_t amount;
	const char *goods;
	const char *made_at;   /* "campaign" | "ceremony" */
	const char *pledge_date, *due_date;
	const char *canvasser, *note;
};

/* Accounts of the chart created by migration 1. */
enum account_id {
	ACC_CASH = 1,
	ACC_BANK = 2,
	ACC_PAYROLL = 3,
	ACC_GOODS = 4,
	ACC_CONTRIBUTIONS = 5,
	/* migration 4: goods handed over to the fund manager, then distributed */
	ACC_GOODS_HANDED = 8,
	ACC_GOODS_DISTRIBUTED = 9,
	/* migration 14: money handed over to the fund manager, then spent */
	ACC_FUND_HANDED = 10,
	ACC_FUND_SPENT = 11,
};
/* The highest account id, and whether an id is one of the chart's (6 and 7
 * are not, yet). */
#define ACCOUNT_ID_MAX 11
static inline int account_is_known(int id)
{
	return (id >= ACC_CASH && id <= ACC_CONTRIBUTIONS) || id == ACC_GOODS_HANDED ||
	       id == ACC_GOODS_DISTRIBUTED || id == ACC_FUND_HANDED || id == ACC_FUND_SPENT;
}

/* Limits on money: one entry moves at most 1.000.000 tỷ đồng (about half
 * the national budget), and the income of the whole book — every campaign
 * together — stays at or below 1.000.000.000 tỷ (10^18).  Every write checks
 * the ceiling, so every prefix of the journal is within it too, and no sum
 * the books make (per campaign, across campaigns, per donor, a running
 * balance in verify) can overflow int64_t (INT64_MAX is about 9.2 × 10^18). */
#define MONEY_ENTRY_MAX INT64_C(1000000000000000)
#define MONEY_BOOK_MAX INT64_C(1000000000000000000)

/* One journal entry: amount debited to one account and credited to another. */
struct entry_row {
	int64_t id;
	int64_t campaign_id;
	const char *kind;
	const char *entry_date;
	const char *recorded_at;
	int debit_account, credit_account;
	int64_t amount; /* > 0 */
	int64_t unit_id;      /* 0 when none */
	int64_t reverses_id;  /* 0 when none */
	const char *actor;
	const char *memo;
};

struct contribution_row {
	int64_t entry_id; /* also the contribution's id */
	int64_t campaign_id, donor_id, unit_id, pledge_id; /* pledge_id 0 = none */
	const char *channel;
	int64_t amount;
	const char *date;
	const char *receipt_no;
	const char *bank_ref, *goods, *goods_qty, *note;
	int anonymous;
	int64_t import_id; /* 0 = entered by hand */
};

#endif
