/* Store functions for documents (migrations/0005_documents.sql): campaign
 * settings for papers, versioned letter templates, the record of every
 * document generated, and the reads documents are made from. */
#ifndef ANSINH_STORE_DOCUMENT_H
#define ANSINH_STORE_DOCUMENT_H

#include "store/db.h"
#include "store/model.h"

/* ---- settings ---- */
int store_doc_setting_set(struct db *db, int64_t campaign_id, const char *key, const char *value,
			  const char *now, struct err *e);
typedef int (*doc_kv_fn)(void *ctx, const char *key, const char *value);
int store_doc_setting_each(struct db *db, int64_t campaign_id, doc_kv_fn fn, void *ctx,
			   struct err *e);

/* ---- templates ---- */
struct doc_template_row {
	int64_t id, version;
	const char *name, *body, *actor, *created_at;
};
typedef int (*doc_template_fn)(void *ctx, const struct doc_template_row *t);
/* The latest version of name (1), or 0 when it has none. */
int store_doc_template_latest(struct db *db, const char *name, doc_template_fn fn, void *ctx,
			      struct err *e);
int store_doc_template_by_id(struct db *db, int64_t id, doc_template_fn fn, void *ctx,
			     struct err *e);
/* Every version of name, newest first (name NULL: the latest of each). */
int store_doc_template_each(struct db *db, const char *name, doc_template_fn fn, void *ctx,
			    struct err *e);
int store_doc_template_insert(struct db *db, const char *name, int64_t version, const char *body,
			      const char *actor, const char *now, int64_t *id, struct err *e);

/* ---- the record of documents ---- */
struct document_row {
	int64_t id, campaign_id, donor_id, contribution_id, template_id; /* 0 = none */
	const char *kind, *vars, *actor, *created_at;
	int copy;
	/* read only: */
	const char *campaign_code, *donor_name, *template_name;
	int64_t template_version;
};
int store_document_insert(struct db *db, const struct document_row *d, int64_t *id,
			  struct err *e);
typedef int (*document_fn)(void *ctx, const struct document_row *d);
int store_document_by_id(struct db *db, int64_t id, document_fn fn, void *ctx, struct err *e);
/* Newest first; campaign_id 0 = all, kind NULL = all, limit 0 = all. */
int store_document_each(struct db *db, int64_t campaign_id, const char *kind, int64_t limit,
			document_fn fn, void *ctx, struct err *e);
/* 1 when the contribution's receipt was printed before. */
int store_receipt_printed(struct db *db, int64_t contribution_id, struct err *e);
/* Originals of a kind in a campaign so far (for the next number). */
int store_document_count(struct db *db, int64_t campaign_id, const char *kind, int64_t *n,
			 struct err *e);

/* ---- what documents are made from ---- */
struct doc_contribution {
	int64_t id, campaign_id, donor_id, unit_id, amount;
	const char *receipt_no, *date, *channel, *goods, *goods_qty, *actor;
	const char *donor_name, *donor_kind, *gender, *address, *unit_name, *campaign_code;
	int reversed;
};
typedef int (*doc_contribution_fn)(void *ctx, const struct doc_contribution *c);
struct doc_filter {
	int64_t campaign_id;
	const char *since, *until; /* ISO, NULL = open */
	int64_t min;               /* amount at least (per contribution, or per donor total) */
	int64_t contribution_id;   /* one contribution (0 = all) */
	const char *receipt_no;    /* one receipt (NULL = all) */
	const char *donor_kind;    /* NULL = all */
	int64_t unit_id;           /* the unit's subtree (0 = all) */
	int64_t scope_unit;        /* a unit officer's subtree (0 = all) */
	int named_only;            /* totals: leave out gifts made anonymously */
};
/* Standing contributions (or the one asked for, reversed or not), in
 * receipt order. */
int store_doc_contributions(struct db *db, const struct doc_filter *f, doc_contribution_fn fn,
			    void *ctx, struct err *e);

struct doc_donor {
	int64_t id, total, count;
	const char *name, *kind, *gender, *address, *unit_name;
	int publish_name;
};
typedef int (*doc_donor_fn)(void *ctx, const struct doc_donor *d);
/* Donors with their standing total in the campaign (since/until, at least
 * min), largest first, then in Vietnamese name order. */
int store_doc_donor_totals(struct db *db, const struct doc_filter *f, doc_donor_fn fn, void *ctx,
			   struct err *e);
/* Donors of a kind and area (for open letters), in Vietnamese order; their
 * totals in the campaign when campaign_id is set. */
int store_doc_donors(struct db *db, const struct doc_filter *f, doc_donor_fn fn, void *ctx,
		     struct err *e);

#endif
