-- Search (issue #3, second part).
--
-- 1. Word pairs of donor names.  A whole name made of the commonest words
-- ("nguyen thi kim thanh") made the word index intersect doclists of 100k+
-- donors.  donor_pair holds, for two different words a, b of a donor's
-- folded name and tax code, the token "a_b_" (both whole, a < b) and, when
-- a has 3+ characters, "<first 3 of a>_<first k of b>" for k = 2, 3, 4 up
-- to the length of b (text/fold.h: text_pair_tokens, which writes them for
-- new donors; the statement below writes them for donors already there and
-- must give the
-- same tokens).  Names of more than 32 distinct words get the one token
-- "_long".  No prefix indexes: queries look up whole tokens only.
CREATE VIRTUAL TABLE donor_pair USING fts5(text, content='', detail='none',
	tokenize="unicode61 remove_diacritics 0 tokenchars '_'");

INSERT INTO donor_pair(rowid, text)
WITH RECURSIVE
	src(id, rest) AS (
		SELECT id, trim(name_fold || ' ' || replace(coalesce(tax_code, ''), '-', ' ')) || ' '
		FROM donor),
	split(id, w, rest) AS (
		SELECT id, NULL, rest FROM src
		UNION ALL
		SELECT id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
		FROM split WHERE rest <> ''),
	words(id, w) AS (SELECT DISTINCT id, w FROM split WHERE w <> ''),
	counts(id, n) AS (SELECT id, count(*) FROM words GROUP BY id),
	pairs(id, a, b) AS (
		SELECT x.id, x.w, y.w FROM words x JOIN words y ON y.id = x.id AND y.w <> x.w
		JOIN counts c ON c.id = x.id WHERE c.n <= 32),
	toks(id, t) AS (
		SELECT id, a || '_' || b || '_' FROM pairs WHERE a < b
		UNION
		SELECT id, substr(a, 1, 3) || '_' || substr(b, 1, 2) FROM pairs
		WHERE length(a) >= 3 AND length(b) >= 2
		UNION
		SELECT id, substr(a, 1, 3) || '_' || substr(b, 1, 3) FROM pairs
		WHERE length(a) >= 3 AND length(b) >= 3
		UNION
		SELECT id, substr(a, 1, 3) || '_' || substr(b, 1, 4) FROM pairs
		WHERE length(a) >= 3 AND length(b) >= 4
		UNION
		SELECT id, '_long' FROM counts WHERE n > 32)
SELECT id, group_concat(t, ' ') FROM toks GROUP BY id;

-- 2. Notes of contributions, folded (đ = d, no diacritics), for
-- `contribution list --search`.  Only contributions with a note are
-- indexed (in a bulk import most have none), by the store with each
-- contribution.  Contentless like donor_search; contributions are never
-- deleted.  Prefixes of 1 to 6 characters are indexed, as for donors:
-- without them a prefix query merges the doclists of every word it starts
-- before it can stop at a page (20 ms for "ngheo" over 10 million
-- contributions).  The statement below indexes
-- the notes already there; its folding (đ → d, then the tokenizer's
-- remove_diacritics 2) gives the same words as text_fold for Vietnamese.
CREATE VIRTUAL TABLE contribution_note_search USING fts5(text, content='', detail='none',
	prefix='1 2 3 4 5 6', tokenize='unicode61 remove_diacritics 2');
INSERT INTO contribution_note_search(rowid, text)
	SELECT id, replace(replace(note, 'đ', 'd'), 'Đ', 'D') FROM contribution
	WHERE note IS NOT NULL AND note <> '';
