-- ansinh schema 12: the transparency log keeps the seeds of its salts
-- (issue #5, docs/transparency-log.md "Salts").
--
-- A write batch draws the salts of its contributions 64 at a time from
-- ChaCha20 under a fresh random 32-byte seed.  Instead of the 64 salts it
-- now stores that seed, once per run: the salt of leaf i is bytes
-- 32 * (i % 64) .. + 32 of the keystream of libsodium's
-- randombytes_buf_deterministic under the seed of the run holding i, the
-- row of log_seed with the greatest leaf <= i among those of the same
-- group of 64 leaves (i / 64).  A batch starts a run at its first
-- contribution and at each multiple of 64; a run ends where the next one
-- begins or at the end of its group.
--
-- log_salt keeps the salts written out one by one: every salt of a
-- database from before this schema (kept as they are, nothing converted),
-- and the salts of a run whose seed was blanked by an erasure (Decree
-- 13/2023): erasing a donor writes out the other salts of its run, blanks
-- the run's seed and blanks the erased salt, so it can no longer be
-- derived.  A salt written out in log_salt comes before the seed.
-- Nothing is converted, so running this again changes nothing.
CREATE TABLE IF NOT EXISTS log_seed(
	leaf INTEGER PRIMARY KEY CHECK (leaf >= 0),
	seed BLOB NOT NULL CHECK (length(seed) = 32)
);
CREATE TRIGGER IF NOT EXISTS log_seed_keep BEFORE UPDATE ON log_seed
WHEN NEW.leaf IS NOT OLD.leaf OR NEW.seed IS NOT zeroblob(32)
BEGIN SELECT RAISE(ABORT, 'the transparency log keeps its salt seeds (they may only be blanked)'); END;
CREATE TRIGGER IF NOT EXISTS log_seed_no_delete BEFORE DELETE ON log_seed
BEGIN SELECT RAISE(ABORT, 'the transparency log keeps its salt seeds (they may only be blanked)'); END;
