-- ansinh schema 14 (R11, R12): money out.  The fund is handed over to the
-- unit the Provincial People's Committee assigns (bank or cash ->
-- fund_handed), and spent from there on its purposes (fund_handed ->
-- fund_spent), each movement a journal entry (docs/fund-use.md).  Accounts
-- 6 and 7 stay unused.  Written to run again harmlessly (IF NOT EXISTS, OR
-- IGNORE): tests replay the migrations after an older one.
INSERT OR IGNORE INTO account(id, code, name, type) VALUES
	(10, 'fund_handed', 'Tiền đã bàn giao cho đơn vị quản lý quỹ', 'asset'),
	(11, 'fund_spent',  'Chi hỗ trợ từ quỹ',                        'expense');

-- One handover or disbursement: what the ledger does not hold.  It shares
-- its journal entry's id (fund_use 812 is journal entry 812), as a
-- contribution does; a correction is the entry's reversal.
CREATE TABLE IF NOT EXISTS fund_use(
	id               INTEGER PRIMARY KEY REFERENCES journal_entry(id) DEFERRABLE INITIALLY DEFERRED,
	kind             TEXT NOT NULL CHECK (kind IN ('handover','disbursement')),
	campaign_id      INTEGER NOT NULL REFERENCES campaign(id),
	amount           INTEGER NOT NULL CHECK (amount > 0),
	use_date         TEXT NOT NULL,
	document         TEXT NOT NULL CHECK (length(document) BETWEEN 1 AND 100),
	-- handover: the account the money leaves and the organisation receiving it
	source           TEXT CHECK (source IN ('bank','cash')),
	organisation     TEXT CHECK (length(organisation) BETWEEN 1 AND 300),
	-- disbursement: what for, to whom, where
	purpose          TEXT CHECK (purpose IN ('policy_family','house','production_capital',
	                                         'heart_surgery','bridge_road','other')),
	beneficiary_kind TEXT CHECK (beneficiary_kind IN ('household','person','project','unit')),
	beneficiary      TEXT CHECK (length(beneficiary) BETWEEN 1 AND 300),
	unit_id          INTEGER REFERENCES unit(id),
	publish_name     INTEGER NOT NULL DEFAULT 0 CHECK (publish_name IN (0,1)),
	note             TEXT,
	actor            TEXT NOT NULL,
	created_at       TEXT NOT NULL,
	CHECK ((kind = 'handover') = (source IS NOT NULL AND organisation IS NOT NULL)),
	CHECK ((kind = 'disbursement') = (purpose IS NOT NULL AND beneficiary_kind IS NOT NULL
	                                  AND beneficiary IS NOT NULL AND unit_id IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS fund_use_campaign ON fund_use(campaign_id, kind, use_date);

CREATE TRIGGER IF NOT EXISTS fund_use_no_update BEFORE UPDATE ON fund_use
BEGIN SELECT RAISE(ABORT, 'fund records are append-only: reverse the entry'); END;
CREATE TRIGGER IF NOT EXISTS fund_use_no_delete BEFORE DELETE ON fund_use
BEGIN SELECT RAISE(ABORT, 'fund records are append-only: reverse the entry'); END;
