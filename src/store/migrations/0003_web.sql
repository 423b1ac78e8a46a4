-- ansinh schema 3: the web application's accounts, sessions, API tokens and
-- used form nonces.  Secrets are never stored: passwords as argon2id strings
-- (libsodium crypto_pwhash_str), session and API tokens as their SHA-256.

-- Staff accounts.  A unit officer works on its unit's subtree only, so it
-- has a unit; the other roles work on the whole province and have none.
-- An account is never deleted (the audit trail names it): removing one sets
-- disabled_at and drops its sessions and tokens.
CREATE TABLE web_user(
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
	role        TEXT NOT NULL CHECK (role IN ('admin','mobiliser','clerk','propaganda',
	                                          'unit_officer','fund_manager','inspector')),
	unit_id     INTEGER REFERENCES unit(id),
	pw_hash     TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	pw_changed_at TEXT NOT NULL,
	disabled_at TEXT,
	CHECK ((role = 'unit_officer') = (unit_id IS NOT NULL))
);

-- Browser sessions: the cookie holds 256 random bits, the table their
-- SHA-256.  csrf is the token every form of the session must carry.
CREATE TABLE web_session(
	token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
	user_id    INTEGER NOT NULL REFERENCES web_user(id),
	csrf       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	seen_at    TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	address    TEXT
) WITHOUT ROWID;
CREATE INDEX web_session_user ON web_session(user_id);

-- API tokens for programs (Authorization: Bearer ...), made by an admin with
-- `ansinh token add`; shown once, stored as SHA-256.
CREATE TABLE web_token(
	id          INTEGER PRIMARY KEY,
	token_hash  BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	user_id     INTEGER NOT NULL REFERENCES web_user(id),
	label       TEXT,
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at  TEXT
);

-- Each form that writes carries a one-time nonce; saving records it in the
-- same transaction, so a second click on "Lưu" finds the first save instead
-- of recording the money twice.
CREATE TABLE web_form_nonce(
	nonce      TEXT PRIMARY KEY CHECK (length(nonce) BETWEEN 16 AND 64),
	user_id    INTEGER NOT NULL REFERENCES web_user(id),
	object     TEXT NOT NULL,
	used_at    TEXT NOT NULL
) WITHOUT ROWID;
