-- ansinh schema 5: documents (issue #7): receipts, letters, honours.
-- The settings that put a campaign's name on its paper, the letter templates
-- (every edit a new version, never changed), and one row per document
-- generated: who, when, which template version, and every value that went
-- into it, so that `ansinh doc reproduce` prints the same document again.

-- Per campaign: issuing body, header style, signer, public URL, honour
-- tiers ... (keys listed in docs/documents.md).  Settings, not history:
-- each document keeps the values it was printed with.
CREATE TABLE doc_setting(
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	key         TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
	value       TEXT NOT NULL CHECK (length(value) <= 4000),
	updated_at  TEXT NOT NULL,
	PRIMARY KEY (campaign_id, key)
) WITHOUT ROWID;

-- Letter templates: version 1 is the default shipped in the binary, stored
-- the first time it is used; every edit adds the next version.
CREATE TABLE doc_template(
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
	version    INTEGER NOT NULL CHECK (version >= 1),
	body       TEXT NOT NULL CHECK (length(body) <= 65536),
	actor      TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (name, version)
);
CREATE TRIGGER doc_template_no_update BEFORE UPDATE ON doc_template
BEGIN SELECT RAISE(ABORT, 'templates are versioned: save a new version'); END;
CREATE TRIGGER doc_template_no_delete BEFORE DELETE ON doc_template
BEGIN SELECT RAISE(ABORT, 'templates are versioned: save a new version'); END;

-- Every document generated.  vars holds every value the document was
-- rendered from ("key=value" lines, newlines in values as \n), so a
-- reproduction reads nothing else.  copy = 1 marks a receipt printed again
-- ("BẢN SAO"): the first print of a receipt is the one with copy = 0.
CREATE TABLE document(
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL CHECK (kind IN ('receipt','thanks','invite','open',
	                                              'certificate','honour_roll','ceremony')),
	campaign_id     INTEGER NOT NULL REFERENCES campaign(id),
	donor_id        INTEGER REFERENCES donor(id),
	contribution_id INTEGER REFERENCES contribution(id),
	template_id     INTEGER REFERENCES doc_template(id),
	copy            INTEGER NOT NULL DEFAULT 0 CHECK (copy IN (0,1)),
	vars            TEXT NOT NULL,
	actor           TEXT NOT NULL,
	created_at      TEXT NOT NULL
);
CREATE INDEX document_contribution ON document(contribution_id) WHERE contribution_id IS NOT NULL;
CREATE INDEX document_campaign ON document(campaign_id, kind);
-- One original per receipt.
CREATE UNIQUE INDEX document_receipt_original ON document(contribution_id)
	WHERE kind = 'receipt' AND copy = 0;
CREATE TRIGGER document_no_update BEFORE UPDATE ON document
BEGIN SELECT RAISE(ABORT, 'documents are a record: generate a new one'); END;
CREATE TRIGGER document_no_delete BEFORE DELETE ON document
BEGIN SELECT RAISE(ABORT, 'documents are a record: generate a new one'); END;
