-- ansinh schema 2: the transparency log (issue #5, docs/transparency-log.md).
-- Every journal entry is a leaf of an RFC 6962 Merkle tree; leaf i is
-- journal entry i + 1.  The leaves' data is not stored: it is rebuilt from
-- the journal, the contribution, the donor and the salt below, which is
-- also how `ansinh verify` finds a row changed after the fact.

-- Every hash of every complete subtree (the "stored hashes" of Go's tlog),
-- one row per tile of height 8: row (level, n) holds the subtree whose 256
-- bottom hashes are tile n of tile level `level` (tree level 8*level), with
-- all its interior hashes (tree levels 8*level .. 8*level+7; the subtree's
-- root is a bottom hash of the level above), 510 hashes of 32 bytes when
-- complete, in the order they were made (post-order).  So a row only grows
-- at its end, an inclusion proof reads about one row per tile level, and a
-- served tile is one row.  id = level * 2^56 + n.
CREATE TABLE log_tile(
	id     INTEGER PRIMARY KEY,
	level  INTEGER NOT NULL CHECK (level BETWEEN 0 AND 7),
	n      INTEGER NOT NULL CHECK (n >= 0),
	hashes BLOB NOT NULL CHECK (length(hashes) BETWEEN 32 AND 16320 AND length(hashes) % 32 = 0),
	CHECK (id = level * 72057594037927936 + n)
);
CREATE TRIGGER log_tile_append_only BEFORE UPDATE ON log_tile
WHEN NEW.id IS NOT OLD.id OR NEW.level IS NOT OLD.level OR NEW.n IS NOT OLD.n
  OR length(NEW.hashes) < length(OLD.hashes)
  OR substr(NEW.hashes, 1, length(OLD.hashes)) IS NOT OLD.hashes
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER log_tile_no_delete BEFORE DELETE ON log_tile
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;

-- Personal data stays out of the leaves: a contribution's leaf carries
-- SHA-256(salt || canonical identity of the donor), its commitment.  The
-- 32-byte salts of leaves 256n .. 256n+255 (those of entry bundle n) are
-- row n, in order; a leaf without a donor has zeros, and a missing row or
-- the bytes past a row's end read as zeros.  Erasing a donor (Decree
-- 13/2023) keeps the commitment in log_erased and blanks the salt: the leaf
-- and the whole log stay intact but no longer lead to the person.
CREATE TABLE log_salt(
	n     INTEGER PRIMARY KEY CHECK (n >= 0),
	salts BLOB NOT NULL CHECK (length(salts) BETWEEN 32 AND 8192 AND length(salts) % 32 = 0)
);
CREATE TRIGGER log_salt_keep BEFORE UPDATE ON log_salt
WHEN NEW.n IS NOT OLD.n OR length(NEW.salts) < length(OLD.salts)
BEGIN SELECT RAISE(ABORT, 'the transparency log keeps its salts (they may only be blanked)'); END;
CREATE TRIGGER log_salt_no_delete BEFORE DELETE ON log_salt
BEGIN SELECT RAISE(ABORT, 'the transparency log keeps its salts (they may only be blanked)'); END;

-- The commitments of erased contributions (their salts blanked).
CREATE TABLE log_erased(
	leaf       INTEGER PRIMARY KEY CHECK (leaf >= 0),
	commitment BLOB NOT NULL CHECK (length(commitment) = 32),
	erased_at  TEXT NOT NULL
);
CREATE TRIGGER log_erased_no_update BEFORE UPDATE ON log_erased
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER log_erased_no_delete BEFORE DELETE ON log_erased
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;

-- The log's Ed25519 keys in Go's sumdb/note format.  One is active
-- (retired_at NULL); a rotated key keeps its verifier key (old checkpoints
-- stay checkable) and loses its secret.  skey is the signing key: anyone
-- who can read the database can sign, which is why witnesses keep copies
-- of the checkpoints (`ansinh log watch`).
CREATE TABLE log_key(
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	vkey       TEXT NOT NULL UNIQUE,
	skey       TEXT,
	created_at TEXT NOT NULL,
	retired_at TEXT,
	CHECK ((retired_at IS NULL) = (skey IS NOT NULL))
);
CREATE TRIGGER log_key_keep BEFORE UPDATE ON log_key
WHEN NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name OR NEW.vkey IS NOT OLD.vkey
  OR NEW.created_at IS NOT OLD.created_at OR OLD.retired_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'log keys are kept: rotate, do not edit'); END;
CREATE TRIGGER log_key_no_delete BEFORE DELETE ON log_key
BEGIN SELECT RAISE(ABORT, 'log keys are kept: rotate, do not edit'); END;

-- Every signed checkpoint (C2SP tlog-checkpoint in a C2SP signed note), kept.
CREATE TABLE log_checkpoint(
	id        INTEGER PRIMARY KEY,
	size      INTEGER NOT NULL CHECK (size > 0),
	root      BLOB NOT NULL CHECK (length(root) = 32),
	key_id    INTEGER NOT NULL REFERENCES log_key(id),
	signed_at TEXT NOT NULL,
	note      TEXT NOT NULL
);
CREATE INDEX log_checkpoint_size ON log_checkpoint(size);
CREATE TRIGGER log_checkpoint_no_update BEFORE UPDATE ON log_checkpoint
BEGIN SELECT RAISE(ABORT, 'checkpoints are kept as signed'); END;
CREATE TRIGGER log_checkpoint_no_delete BEFORE DELETE ON log_checkpoint
BEGIN SELECT RAISE(ABORT, 'checkpoints are kept as signed'); END;
