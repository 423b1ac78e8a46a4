/* The transparency log (log.h, docs/transparency-log.md).
 * Donors: the verification code on a receipt, its look-up with a checked
 * inclusion proof, and erasure of the link to a donor (Decree 13/2023). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/log_int.h"
#include "store/store.h"

/* ---- donors -------------------------------------------------------------------------------- */

int log_receipt_code(struct db *db, const char *receipt, struct buf *code, struct err *e)
{
	uint8_t salt[LOG_SALT_SIZE];
	int64_t entry, donor;
	int found = store_log_receipt(db, receipt, &entry, &donor, e);
	if (found <= 0)
		return found < 0 ? -1 : err_fail(e, "no receipt %s", receipt);
	if ((found = lg_leaf_salt(db, entry - 1, salt, e)) <= 0)
		return found < 0 ? -1 : err_fail(e, "receipt %s: the donor's link to it was erased",
						 receipt);
	buf_puts(code, receipt);
	buf_putc(code, '.');
	lg_put_b32(code, salt, sizeof salt);
	sodium_memzero(salt, sizeof salt);
	return 0;
}

int log_code_wellformed(const char *code)
{
	uint8_t salt[LOG_SALT_SIZE];
	const char *dot = strrchr(code, '.');
	if (dot == NULL || dot == code || dot - code > LOG_CODE_RECEIPT_MAX)
		return 0;
	for (const char *p = code; p < dot; p++)
		if (*p <= ' ' || *p > '~')
			return 0;
	int ok = lg_get_b32(dot + 1, strlen(dot + 1), salt, sizeof salt) == 0;
	sodium_memzero(salt, sizeof salt);
	return ok;
}

void log_lookup_free(struct log_lookup *l)
{
	log_proof_free(&l->proof);
}

int lg_take_verifier(void *ctx, const struct log_key_row *k)
{
	struct verifiers *vs = ctx;
	vs->v = xrealloc(vs->v, sizeof *vs->v * (size_t)(vs->n + 1));
	vs->id = xrealloc(vs->id, sizeof *vs->id * (size_t)(vs->n + 1));
	if (note_verifier_parse(k->vkey, &vs->v[vs->n], vs->e) < 0) {
		err_prefix(vs->e, "log key %lld: ", (long long)k->id);
		return -1;
	}
	vs->id[vs->n++] = k->id;
	return 0;
}

void lg_verifiers_free(struct verifiers *vs)
{
	free(vs->v);
	free(vs->id);
}

int log_lookup(struct db *db, const char *code, struct log_lookup *out, struct err *e)
{
	struct verifiers vs = {NULL, NULL, 0, e, 0};
	struct note_checkpoint c;
	struct buf receipt = BUF_INIT;
	uint8_t want[LOG_SALT_SIZE], salt[LOG_SALT_SIZE];
	int64_t donor;
	int rc = -1, found;

	memset(out, 0, sizeof *out);
	const char *dot = strrchr(code, '.');
	if (dot == NULL || dot == code ||
	    lg_get_b32(dot + 1, strlen(dot + 1), want, sizeof want) < 0) {
		rc = 0;
		goto cleanup;
	}
	buf_put(&receipt, code, (size_t)(dot - code));
	found = store_log_receipt(db, receipt.p, &out->entry_id, &donor, e);
	if (found == 0) {
		/* typed in lower case: receipt numbers are usually upper case */
		for (char *p = receipt.p; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		found = store_log_receipt(db, receipt.p, &out->entry_id, &donor, e);
	}
	if (found <= 0) {
		rc = found < 0 ? -1 : 0;
		goto cleanup;
	}
	out->leaf = out->entry_id - 1;
	if ((found = lg_leaf_salt(db, out->leaf, salt, e)) <= 0 ||
	    sodium_memcmp(salt, want, sizeof want) != 0) {
		rc = found < 0 ? -1 : 0;
		goto cleanup;
	}
	/* The proof carries the leaf rebuilt with this salt and the donor's
	 * record, checked against the stored leaf hash: so it also shows the
	 * commitment still matches. */
	if (log_prove_leaf(db, out->leaf, 0, &out->proof, e) < 0 ||
	    store_log_key_each(db, lg_take_verifier, &vs, e) < 0 ||
	    log_proof_check(&out->proof, vs.v, vs.n, NULL, 0, &c, e) < 0 ||
	    store_journal_reversed_by(db, out->entry_id, &out->reversed_by, e) < 0)
		goto cleanup;
	rc = 1;
cleanup:
	if (rc != 1)
		log_lookup_free(out);
	sodium_memzero(salt, sizeof salt);
	sodium_memzero(want, sizeof want);
	lg_verifiers_free(&vs);
	buf_free(&receipt);
	return rc;
}

int log_erase(struct db *db, const char *receipt, const char *now, int64_t *entry_id,
	      struct err *e)
{
	struct one_leaf o = {0};
	struct buf data = BUF_INIT;
	uint8_t salt[LOG_SALT_SIZE];
	int64_t donor;
	int rc = -1, found = store_log_receipt(db, receipt, entry_id, &donor, e);
	if (found <= 0) {
		if (found == 0)
			err_fail(e, "no receipt %s", receipt);
		goto cleanup;
	}
	int64_t leaf = *entry_id - 1;
	if ((found = lg_leaf_salt(db, leaf, salt, e)) <= 0) {
		if (found == 0)
			err_fail(e, "receipt %s: the donor's link was already erased", receipt);
		goto cleanup;
	}
	/* The commitment kept is the one in the leaf, checked by rebuilding it. */
	if (lg_leaf_data(db, leaf, &data, &o, e) < 0 ||
	    store_log_erased_insert(db, leaf, o.commit, now, e) < 0 ||
	    (found = lg_salt_erase(db, leaf, e)) < 0)
		goto cleanup;
	if (found == 0) {
		err_fail(e, "receipt %s: its salt could not be blanked", receipt);
		goto cleanup;
	}
	rc = 0;
cleanup:
	sodium_memzero(salt, sizeof salt);
	buf_free(&data);
	return rc;
}
