-- ansinh schema 4 (issue #6, parts 2, 5, 6): collection accounts for
-- VietQR, payroll lists, and goods tracked from receipt to recipient.

-- Where money for a campaign is collected: the campaign's own account
-- (unit_id NULL) or a unit's.  Settings, not money: changing one is allowed
-- and leaves an audit event.
CREATE TABLE collection_account(
	id           INTEGER PRIMARY KEY,
	campaign_id  INTEGER NOT NULL REFERENCES campaign(id),
	unit_id      INTEGER REFERENCES unit(id),
	bank_bin     TEXT NOT NULL CHECK (length(bank_bin) = 6),
	account_no   TEXT NOT NULL CHECK (length(account_no) BETWEEN 1 AND 19),
	account_name TEXT NOT NULL CHECK (length(account_name) BETWEEN 1 AND 300),
	updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX collection_account_key ON collection_account(campaign_id, coalesce(unit_id, 0));

-- R3: an agency's payroll list (one day's salary of each member, say).  The
-- money is ONE contribution of the agency (channel payroll, or the bank
-- transfer that paid it); the members' lines say who gave what.
CREATE TABLE payroll_list(
	id              INTEGER PRIMARY KEY,
	contribution_id INTEGER NOT NULL UNIQUE REFERENCES contribution(id),
	donor_id        INTEGER NOT NULL REFERENCES donor(id),
	period          TEXT NOT NULL CHECK (length(period) BETWEEN 1 AND 100),
	transfer_ref    TEXT,
	total           INTEGER NOT NULL CHECK (total > 0),
	members         INTEGER NOT NULL CHECK (members > 0),
	import_id       INTEGER NOT NULL REFERENCES import_batch(id),
	created_at      TEXT NOT NULL
);
CREATE TABLE payroll_line(
	id         INTEGER PRIMARY KEY,
	payroll_id INTEGER NOT NULL REFERENCES payroll_list(id),
	line_no    INTEGER NOT NULL,
	name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
	name_fold  TEXT NOT NULL,
	position   TEXT,
	staff_no   TEXT,
	department TEXT,
	amount     INTEGER NOT NULL CHECK (amount > 0),
	note       TEXT
);
CREATE INDEX payroll_line_list ON payroll_line(payroll_id);
CREATE INDEX payroll_line_fold ON payroll_line(name_fold);

-- R7, R11, R12: goods.  The value moves through the ledger (account 4
-- "goods" on receipt, then 8 on handover to the fund manager, then 9 on
-- distribution); quantities are kept here.  Accounts 6 and 7 are left for
-- the bank work of the same issue.
INSERT INTO account(id, code, name, type) VALUES
	(8, 'goods_handed',      'Hiện vật đã bàn giao cho đơn vị quản lý quỹ', 'asset'),
	(9, 'goods_distributed', 'Hiện vật đã trao cho người nhận',             'expense');

-- One received item: the goods contribution (its value in đồng is the
-- contribution's amount) with what the ledger does not hold.
CREATE TABLE goods_item(
	id              INTEGER PRIMARY KEY,
	contribution_id INTEGER NOT NULL UNIQUE REFERENCES contribution(id),
	description     TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
	measure         TEXT NOT NULL CHECK (length(measure) BETWEEN 1 AND 40),
	quantity        INTEGER NOT NULL CHECK (quantity > 0),
	valued_by       TEXT NOT NULL CHECK (valued_by IN ('invoice','market','declared','committee')),
	created_at      TEXT NOT NULL
);

-- Handed over (to the fund manager) or distributed (to a household, a
-- person or a unit).  value is the share of the item's value that moved,
-- posted as journal entry entry_id (NULL only when the share rounds to 0).
CREATE TABLE goods_movement(
	id             INTEGER PRIMARY KEY,
	item_id        INTEGER NOT NULL REFERENCES goods_item(id),
	kind           TEXT NOT NULL CHECK (kind IN ('handover','distribution')),
	entry_id       INTEGER UNIQUE REFERENCES journal_entry(id),
	quantity       INTEGER NOT NULL CHECK (quantity > 0),
	value          INTEGER NOT NULL CHECK (value >= 0),
	move_date      TEXT NOT NULL,
	recipient_kind TEXT CHECK (recipient_kind IN ('household','person','unit')),
	recipient      TEXT,
	recipient_unit INTEGER REFERENCES unit(id),
	document       TEXT,
	note           TEXT,
	actor          TEXT NOT NULL,
	created_at     TEXT NOT NULL,
	CHECK ((kind = 'distribution') = (recipient_kind IS NOT NULL)),
	CHECK ((value > 0) = (entry_id IS NOT NULL))
);
CREATE INDEX goods_movement_item ON goods_movement(item_id);

CREATE TRIGGER payroll_list_no_update BEFORE UPDATE ON payroll_list
BEGIN SELECT RAISE(ABORT, 'payroll lists are append-only'); END;
CREATE TRIGGER payroll_list_no_delete BEFORE DELETE ON payroll_list
BEGIN SELECT RAISE(ABORT, 'payroll lists are append-only'); END;
CREATE TRIGGER payroll_line_no_update BEFORE UPDATE ON payroll_line
BEGIN SELECT RAISE(ABORT, 'payroll lists are append-only'); END;
CREATE TRIGGER payroll_line_no_delete BEFORE DELETE ON payroll_line
BEGIN SELECT RAISE(ABORT, 'payroll lists are append-only'); END;
CREATE TRIGGER goods_item_no_update BEFORE UPDATE ON goods_item
BEGIN SELECT RAISE(ABORT, 'goods records are append-only'); END;
CREATE TRIGGER goods_item_no_delete BEFORE DELETE ON goods_item
BEGIN SELECT RAISE(ABORT, 'goods records are append-only'); END;
CREATE TRIGGER goods_movement_no_update BEFORE UPDATE ON goods_movement
BEGIN SELECT RAISE(ABORT, 'goods records are append-only'); END;
CREATE TRIGGER goods_movement_no_delete BEFORE DELETE ON goods_movement
BEGIN SELECT RAISE(ABORT, 'goods records are append-only'); END;
