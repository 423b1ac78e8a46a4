-- ansinh schema 6 (issue #6 parts 1, 3, 4): pledge instalments, bank
-- statements and their reconciliation.  Money stays INTEGER đồng; what a
-- statement line brought into the books is a contribution in the journal,
-- never a column here.

-- R6: a pledge paid in instalments.  A pledge without rows here has one
-- due date (pledge.due_date).  What is paid comes from the contributions
-- matched to the pledge (contribution.pledge_id), never stored here.
CREATE TABLE pledge_instalment(
	pledge_id INTEGER NOT NULL REFERENCES pledge(id),
	seq       INTEGER NOT NULL CHECK (seq >= 1),
	due_date  TEXT NOT NULL,
	amount    INTEGER NOT NULL CHECK (amount > 0),
	PRIMARY KEY (pledge_id, seq)
) WITHOUT ROWID;
CREATE INDEX pledge_canvasser ON pledge(canvasser) WHERE canvasser IS NOT NULL;

-- R7: one imported statement file.
CREATE TABLE bank_statement(
	id          INTEGER PRIMARY KEY,
	account     TEXT NOT NULL,
	profile     TEXT NOT NULL,
	file_name   TEXT NOT NULL,
	sha256      TEXT NOT NULL,
	lines_read  INTEGER NOT NULL DEFAULT 0,
	lines_new   INTEGER NOT NULL DEFAULT 0,
	actor       TEXT NOT NULL,
	imported_at TEXT NOT NULL
);

-- One statement line, stored once per account and transaction number, so
-- overlapping statements import safely.  The bank's facts (date, amounts,
-- description) never change: a trigger refuses it.  What reconciliation
-- decided moves on as a clerk works (status, suggestion, contribution_id,
-- the contribution now standing for the line); every move is an audit
-- event and, for money, a reversal and a new contribution in the journal.
--   status: debit      a debit line, kept but never matched
--           existing   its transaction number was already in the ledger
--           auto       matched automatically (score >= the threshold)
--           pending    recorded against the unidentified donor, with a suggestion
--           unmatched  recorded against the unidentified donor, no suggestion
--           rejected   a clerk rejected the suggestion; still unidentified
--           confirmed  a clerk confirmed (or chose) the donor
CREATE TABLE bank_line(
	id              INTEGER PRIMARY KEY,
	account         TEXT NOT NULL,
	txn_no          TEXT NOT NULL,
	statement_id    INTEGER NOT NULL REFERENCES bank_statement(id),
	source_line     INTEGER NOT NULL,
	txn_date        TEXT NOT NULL,
	debit           INTEGER NOT NULL DEFAULT 0 CHECK (debit >= 0),
	credit          INTEGER NOT NULL DEFAULT 0 CHECK (credit >= 0),
	balance         INTEGER,
	description     TEXT NOT NULL,
	sender_account  TEXT,
	status          TEXT NOT NULL CHECK (status IN ('debit','existing','auto','pending',
	                                                'unmatched','rejected','confirmed')),
	suggest_donor   INTEGER REFERENCES donor(id),
	suggest_pledge  INTEGER REFERENCES pledge(id),
	score           INTEGER NOT NULL DEFAULT 0,
	reason          TEXT,
	contribution_id INTEGER REFERENCES contribution(id),
	UNIQUE (account, txn_no),
	CHECK ((debit = 0) <> (credit = 0))
);
CREATE INDEX bank_line_status ON bank_line(status) WHERE status IN ('pending','unmatched','rejected');
CREATE TRIGGER bank_line_facts BEFORE UPDATE ON bank_line
WHEN NEW.account IS NOT OLD.account OR NEW.txn_no IS NOT OLD.txn_no
  OR NEW.txn_date IS NOT OLD.txn_date OR NEW.debit IS NOT OLD.debit
  OR NEW.credit IS NOT OLD.credit OR NEW.description IS NOT OLD.description
  OR NEW.statement_id IS NOT OLD.statement_id
BEGIN SELECT RAISE(ABORT, 'a bank statement line is kept as the bank wrote it'); END;
CREATE TRIGGER bank_line_no_delete BEFORE DELETE ON bank_line
BEGIN SELECT RAISE(ABORT, 'a bank statement line is kept as the bank wrote it'); END;

-- Sender accounts learnt from confirmed matches: the next transfer from
-- the same account scores higher for the same donor.
CREATE TABLE bank_sender(
	account  TEXT PRIMARY KEY,
	donor_id INTEGER NOT NULL REFERENCES donor(id),
	learnt_at TEXT NOT NULL
) WITHOUT ROWID;
