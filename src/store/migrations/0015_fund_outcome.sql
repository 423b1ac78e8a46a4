-- ansinh schema 15 (R12, R15): what became of the households the fund
-- supported.  After the annual review of poor and near-poor households
-- ("rà soát hộ nghèo, hộ cận nghèo"), the fund manager records, for a
-- disbursement to a household, what the review found (docs/fund-use.md):
--   thoat-ngheo  đã thoát nghèo (no longer poor nor near-poor)
--   can-ngheo    thoát nghèo, còn cận nghèo (left the poor list, near-poor)
--   chua-thoat   chưa thoát nghèo (still poor)
-- Append-only: a correction is a new record, the latest (review date, then
-- id) counts.  Written to run again harmlessly (IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS fund_outcome(
	id              INTEGER PRIMARY KEY,
	disbursement_id INTEGER NOT NULL REFERENCES fund_use(id),
	status          TEXT NOT NULL CHECK (status IN ('thoat-ngheo','can-ngheo','chua-thoat')),
	review_date     TEXT NOT NULL,
	note            TEXT CHECK (length(note) <= 300),
	actor           TEXT NOT NULL,
	created_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fund_outcome_disbursement
	ON fund_outcome(disbursement_id, review_date, id);

CREATE TRIGGER IF NOT EXISTS fund_outcome_no_update BEFORE UPDATE ON fund_outcome
BEGIN SELECT RAISE(ABORT, 'outcome records are append-only: record a new review'); END;
CREATE TRIGGER IF NOT EXISTS fund_outcome_no_delete BEFORE DELETE ON fund_outcome
BEGIN SELECT RAISE(ABORT, 'outcome records are append-only: record a new review'); END;
