/* Bank statement profiles: which header names which column.  A profile is
 * text, `key = value` per line, # comments; the defaults are the files of
 * profiles/bank/ compiled into the binary, and --profile FILE reads
 * another one, so a new bank is a new small file, not code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bank.h"
#include "text/fold.h"
#include "text/utf8.h"

#define PROFILE_MAX_BYTES 65536 /* a profile is a few lines; more is not one */

static const char *const col_keys[BC_NCOLS] = {
	"date", "ref", "debit", "credit", "balance", "description", "sender_account",
};
static const int col_required[BC_NCOLS] = {1, 1, 1, 1, 0, 1, 0};

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

static int set_field(char *dst, size_t cap, const char *v, size_t n, const char *origin,
		     int line, const char *key, struct err *e)
{
	if (n >= cap)
		return err_fail(e, "%s:%d: %s: longer than %zu bytes", origin, line, key, cap - 1);
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

int bank_profile_parse(const char *text, size_t len, const char *origin, struct bank_profile *out,
		       struct err *e)
{
	const char *p = text, *end = text + len;
	int line = 0;
	memset(out, 0, sizeof *out);
	if (!text_is_utf8(text, len))
		return err_fail(e, "%s: not UTF-8 text", origin);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		const char *k = p, *eq;
		size_t kn, vn;
		line++;
		p = nl ? nl + 1 : end;
		kn = (size_t)(stop - k);
		trim(&k, &kn);
		if (kn == 0 || k[0] == '#')
			continue;
		eq = memchr(k, '=', kn);
		if (eq == NULL)
			return err_fail(e, "%s:%d: expected `key = value`", origin, line);
		const char *v = eq + 1;
		vn = (size_t)(k + kn - v);
		kn = (size_t)(eq - k);
		trim(&k, &kn);
		trim(&v, &vn);
		char key[32];
		if (set_field(key, sizeof key, k, kn, origin, line, "key", e) < 0)
			return -1;
		int rc = -2;
		if (!strcmp(key, "name"))
			rc = set_field(out->name, sizeof out->name, v, vn, origin, line, key, e);
		else if (!strcmp(key, "bank"))
			rc = set_field(out->bank, sizeof out->bank, v, vn, origin, line, key, e);
		else if (!strcmp(key, "ignore"))
			rc = set_field(out->ignore, sizeof out->ignore, v, vn, origin, line, key, e);
		else if (!strcmp(key, "account_label"))
			rc = set_field(out->account_label, sizeof out->account_label, v, vn, origin,
				       line, key, e);
		for (int c = 0; c < BC_NCOLS && rc == -2; c++)
			if (!strcmp(key, col_keys[c]))
				rc = set_field(out->col[c], sizeof out->col[c], v, vn, origin, line,
					       key, e);
		if (rc == -2)
			return err_fail(e, "%s:%d: unknown key '%s' (expected name, bank, "
					"account_label, ignore, date, ref, debit, credit, balance, "
					"description, sender_account)", origin, line, key);
		if (rc < 0)
			return -1;
	}
	if (!out->name[0])
		return err_fail(e, "%s: the profile has no name", origin);
	for (int c = 0; c < BC_NCOLS; c++)
		if (col_required[c] && !out->col[c][0])
			return err_fail(e, "%s: the profile names no '%s' column", origin,
					col_keys[c]);
	return 0;
}

void bank_profile_names(struct buf *out)
{
	for (int i = 0; i < bank_profile_texts_count; i++) {
		const char *n = bank_profile_texts[i].name;
		if (i)
			buf_puts(out, ", ");
		buf_put(out, n, strcspn(n, "."));
	}
}

static int read_file(const char *path, struct buf *out, struct err *e)
{
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return err_fail(e, "%s: cannot open the profile", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && out->len <= PROFILE_MAX_BYTES)
		buf_put(out, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return err_fail(e, "%s: read error", path);
	return out->len > PROFILE_MAX_BYTES ? err_fail(e, "%s: not a profile (more than %d bytes)",
						       path, PROFILE_MAX_BYTES) : 0;
}

int bank_profile_get(const char *spec, struct bank_profile *out, struct err *e)
{
	size_t n = strlen(spec);
	if (strchr(spec, '/') || (n > 5 && !strcmp(spec + n - 5, ".conf"))) {
		struct buf b = BUF_INIT;
		int rc = read_file(spec, &b, e);
		if (rc == 0)
			rc = bank_profile_parse(b.p ? b.p : "", b.len, spec, out, e);
		buf_free(&b);
		return rc;
	}
	for (int i = 0; i < bank_profile_texts_count; i++) {
		const struct bank_profile_text *t = &bank_profile_texts[i];
		if (strncmp(t->name, spec, n) == 0 && !strcmp(t->name + n, ".conf"))
			return bank_profile_parse(t->data, t->len, t->name, out, e);
	}
	struct buf names = BUF_INIT;
	bank_profile_names(&names);
	err_usage(e, "--profile: no profile '%s' (built in: %s; or a FILE.conf)", spec, names.p);
	buf_free(&names);
	return -1;
}

/* Header cells compare folded: case, diacritics and spacing aside. */
static int header_has(const char *const cells[], int n, const char *name)
{
	char *want = text_fold_dup(name);
	int found = 0;
	for (int i = 0; i < n && !found; i++) {
		char *got = text_fold_dup(cells[i] ? cells[i] : "");
		found = strcmp(got, want) == 0;
		free(got);
	}
	free(want);
	return found;
}

int bank_profile_detect(const char *const cells[], int n, struct bank_profile *out)
{
	struct err e = {0};
	for (int i = 0; i < bank_profile_texts_count; i++) {
		struct bank_profile p;
		int ok = 1;
		if (bank_profile_parse(bank_profile_texts[i].data, bank_profile_texts[i].len,
				       bank_profile_texts[i].name, &p, &e) < 0)
			continue;
		for (int c = 0; c < BC_NCOLS && ok; c++)
			if (col_required[c] && !header_has(cells, n, p.col[c]))
				ok = 0;
		if (ok) {
			*out = p;
			return 1;
		}
	}
	return 0;
}
