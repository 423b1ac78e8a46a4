-- ansinh schema 1: units, campaigns, targets, donors, pledges, the journal
-- (append-only double-entry ledger), contributions, imports and the audit
-- trail.  Money is INTEGER đồng everywhere.  Dates are ISO 'YYYY-MM-DD',
-- timestamps UTC 'YYYY-MM-DDTHH:MM:SSZ'.

CREATE TABLE setting(
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- R16: the tree of units that carry targets and are credited with money.
CREATE TABLE unit(
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
	name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
	kind       TEXT NOT NULL CHECK (kind IN ('province','district','commune','department',
	                                         'organisation','party','armed_forces','other')),
	parent_id  INTEGER REFERENCES unit(id),
	sort_key   BLOB,
	created_at TEXT NOT NULL
);
CREATE INDEX unit_parent ON unit(parent_id);

-- R1: a campaign and its timeline; past campaigns stay for comparison.
CREATE TABLE campaign(
	id            INTEGER PRIMARY KEY,
	code          TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
	name          TEXT NOT NULL,
	start_date    TEXT NOT NULL,
	end_date      TEXT NOT NULL,
	ceremony_date TEXT,
	deadline_date TEXT,
	report_date   TEXT,
	goal          INTEGER NOT NULL DEFAULT 0 CHECK (goal >= 0),
	created_at    TEXT NOT NULL,
	CHECK (end_date >= start_date)
);

-- R3: target per campaign x unit.  Targets are plans, not money movements,
-- so they may be changed; every change is in the audit trail.
CREATE TABLE target(
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	unit_id     INTEGER NOT NULL REFERENCES unit(id),
	amount      INTEGER NOT NULL CHECK (amount >= 0),
	updated_at  TEXT NOT NULL,
	PRIMARY KEY (campaign_id, unit_id)
) WITHOUT ROWID;

-- R4: donors of every kind.  match_key is the lower-cased normalised name
-- used to recognise the same donor across imports; name_fold the folded form
-- used by search.
CREATE TABLE donor(
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL CHECK (kind IN ('individual','business','cooperative','political_org',
	                                           'professional_org','religious_org','collective')),
	name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
	match_key    TEXT NOT NULL,
	name_fold    TEXT NOT NULL,
	sort_key     BLOB,
	tax_code     TEXT UNIQUE,
	in_province  INTEGER NOT NULL DEFAULT 1 CHECK (in_province IN (0,1)),
	unit_id      INTEGER NOT NULL REFERENCES unit(id),
	gender       TEXT CHECK (gender IN ('M','F')),
	phone        TEXT,
	email        TEXT,
	address      TEXT,
	publish_name INTEGER NOT NULL DEFAULT 1 CHECK (publish_name IN (0,1)),
	created_at   TEXT NOT NULL
);
-- One index for two lookups: the import's "same donor?" (folded name, kind,
-- unit, then match_key compared on the few rows found) and search's exact
-- name tier.  Each index costs every new donor an insert, so there are few.
CREATE INDEX donor_fold ON donor(name_fold, kind, unit_id);
-- Listing in Vietnamese order.
CREATE INDEX donor_sort ON donor(sort_key);

-- Search: folded name and tax code of every donor, as words.  Contentless:
-- only rowids (donor ids) come back; the text lives in `donor`.  Written by
-- the store with each donor (not by a trigger, which would cost every
-- insert a statement journal).  Prefixes of 1 to 6 characters are indexed:
-- without them a prefix query ("ngu") merges the doclists of every word
-- it starts, tens of milliseconds for common names; 6 covers almost every
-- Vietnamese syllable.
CREATE VIRTUAL TABLE donor_search USING fts5(text, content='', detail='none',
	prefix='1 2 3 4 5 6', tokenize='unicode61 remove_diacritics 0');

-- R6: a pledge ("đăng ký").  Its paid/outstanding state is derived from the
-- contributions matched to it, never stored.
CREATE TABLE pledge(
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	donor_id    INTEGER NOT NULL REFERENCES donor(id),
	amount      INTEGER NOT NULL CHECK (amount >= 0),
	goods       TEXT,
	made_at     TEXT NOT NULL DEFAULT 'campaign' CHECK (made_at IN ('campaign','ceremony')),
	pledge_date TEXT NOT NULL,
	due_date    TEXT,
	canvasser   TEXT,
	note        TEXT,
	created_at  TEXT NOT NULL
);
CREATE INDEX pledge_donor ON pledge(donor_id);
CREATE INDEX pledge_campaign ON pledge(campaign_id);

-- Chart of accounts.
CREATE TABLE account(
	id   INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('asset','liability','income','expense','equity'))
);
INSERT INTO account(id, code, name, type) VALUES
	(1, 'cash',         'Tiền mặt tại quỹ',                    'asset'),
	(2, 'bank',         'Tiền gửi ngân hàng',                  'asset'),
	(3, 'payroll',      'Khấu trừ lương chờ chuyển về quỹ',    'asset'),
	(4, 'goods',        'Hiện vật đã tiếp nhận',               'asset'),
	(5, 'contributions','Thu vận động quỹ An sinh xã hội',     'income');

-- The journal.  Each entry is one double-entry transfer: `amount` đồng
-- debited to one account and credited to another, so every entry balances
-- by construction (the shape TigerBeetle uses); an operation with more legs
-- is several entries in one transaction.  Append-only: the triggers below
-- refuse any UPDATE or DELETE; a correction is a reversing entry (debit and
-- credit swapped) that names the entry it reverses.
CREATE TABLE journal_entry(
	id             INTEGER PRIMARY KEY,
	campaign_id    INTEGER NOT NULL REFERENCES campaign(id),
	kind           TEXT NOT NULL CHECK (kind IN ('contribution','reversal','opening','handover',
	                                             'disbursement','transfer')),
	entry_date     TEXT NOT NULL,
	recorded_at    TEXT NOT NULL,
	debit_account  INTEGER NOT NULL REFERENCES account(id),
	credit_account INTEGER NOT NULL REFERENCES account(id),
	amount         INTEGER NOT NULL CHECK (amount > 0),
	unit_id        INTEGER REFERENCES unit(id),
	reverses_id    INTEGER REFERENCES journal_entry(id),
	actor          TEXT NOT NULL,
	memo           TEXT,
	CHECK (debit_account <> credit_account),
	CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL))
);
-- An entry is reversed at most once.
CREATE UNIQUE INDEX journal_reverses ON journal_entry(reverses_id) WHERE reverses_id IS NOT NULL;

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal_entry
BEGIN SELECT RAISE(ABORT, 'ledger is append-only: post a reversing entry'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal_entry
BEGIN SELECT RAISE(ABORT, 'ledger is append-only: post a reversing entry'); END;

-- Imports: one row per file stored, keyed by the SHA-256 of its bytes so the
-- same file is never stored twice.
CREATE TABLE import_batch(
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	file_name   TEXT NOT NULL,
	sha256      TEXT NOT NULL,
	rows_read   INTEGER NOT NULL,
	rows_stored INTEGER NOT NULL,
	rows_skipped INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	imported_at TEXT NOT NULL
);
CREATE INDEX import_batch_sha ON import_batch(kind, sha256);

-- R7: a contribution of money or goods.  The money side is its journal entry,
-- whose id it shares (contribution 17 is journal entry 17); this row holds
-- what the ledger does not: who, how, receipt, goods.
CREATE TABLE contribution(
	id           INTEGER PRIMARY KEY REFERENCES journal_entry(id) DEFERRABLE INITIALLY DEFERRED,
	campaign_id  INTEGER NOT NULL REFERENCES campaign(id),
	donor_id     INTEGER NOT NULL REFERENCES donor(id),
	unit_id      INTEGER NOT NULL REFERENCES unit(id),
	pledge_id    INTEGER REFERENCES pledge(id),
	channel      TEXT NOT NULL CHECK (channel IN ('cash','transfer','payroll','goods')),
	amount       INTEGER NOT NULL CHECK (amount > 0),
	contrib_date TEXT NOT NULL,
	receipt_no   TEXT NOT NULL UNIQUE,
	bank_ref     TEXT,
	goods        TEXT,
	goods_qty    TEXT,
	anonymous    INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0,1)),
	note         TEXT,
	import_id    INTEGER REFERENCES import_batch(id),
	CHECK ((channel = 'goods') = (goods IS NOT NULL))
);
CREATE INDEX contribution_bank_ref ON contribution(bank_ref) WHERE bank_ref IS NOT NULL;
CREATE INDEX contribution_donor ON contribution(donor_id);
CREATE INDEX contribution_campaign_date ON contribution(campaign_id, contrib_date);
CREATE INDEX contribution_pledge ON contribution(pledge_id) WHERE pledge_id IS NOT NULL;

CREATE TRIGGER contribution_no_update BEFORE UPDATE ON contribution
BEGIN SELECT RAISE(ABORT, 'ledger is append-only: post a reversing entry'); END;
CREATE TRIGGER contribution_no_delete BEFORE DELETE ON contribution
BEGIN SELECT RAISE(ABORT, 'ledger is append-only: post a reversing entry'); END;

-- R13: every action is traceable.  Append-only like the ledger.
CREATE TABLE audit_event(
	id     INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	actor  TEXT NOT NULL,
	action TEXT NOT NULL,
	object TEXT,
	detail TEXT
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
-- INSERT OR REPLACE deletes the old row without firing DELETE triggers.
-- Audit events are written one per operation, so this guard is cheap here;
-- the journal and contributions do without it (it would cost a bulk import
-- half again its time) and rely on `ansinh verify` and the transparency log
-- to expose a replaced row.
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit_event
WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;

-- Receipt numbers run per campaign: <prefix>-<6 digits>.  A counter, not
-- history: the receipts themselves live in `contribution` (append-only).
CREATE TABLE receipt_series(
	campaign_id INTEGER PRIMARY KEY REFERENCES campaign(id),
	prefix      TEXT NOT NULL,
	last        INTEGER NOT NULL DEFAULT 0 CHECK (last >= 0)
);
