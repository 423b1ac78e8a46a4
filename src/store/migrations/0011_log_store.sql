-- ansinh schema 11: the transparency log stores what C2SP tiles serve
-- (issue #5, docs/transparency-log.md "Storage").
--
-- Row (level, n) of log_tile used to hold all 510 hashes of the subtree
-- above tile n of tile level `level` in post-order.  It now holds
--   hashes: the tile's bottom hashes (tree level 8*level), in order: the
--           served tile itself, up to 256 of them;
--   upper:  the hashes of the subtree's relative levels 5 to 7 (subtrees
--           of 32 to 128 bottom hashes), in the order they are made
--           (post-order), up to 14 of them.
-- Relative levels 1 to 4 are recomputed on read from at most 16 bottom
-- hashes.  Both columns only grow at their end (substr() of an empty blob
-- is NULL, hence the guard's length test).  Existing rows are
-- converted in place, every stored hash kept: the bottom hash k sat at
-- post-order position 2k - popcount(k), the hash of subtree k at relative
-- level j at 2x - popcount(x) + j with x = (k + 1) * 2^j - 1.

CREATE TEMP TABLE log_place(pos INTEGER PRIMARY KEY, upper INTEGER NOT NULL);
WITH RECURSIVE
	lv(j) AS (VALUES (0), (5), (6), (7)),
	kk(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM kk WHERE k < 255),
	sub(j, x) AS (SELECT j, ((k + 1) << j) - 1 FROM lv, kk WHERE k < (256 >> j))
INSERT INTO log_place(pos, upper)
SELECT 2 * x - ((x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1) + ((x >> 3) & 1) + ((x >> 4) & 1)
		+ ((x >> 5) & 1) + ((x >> 6) & 1) + ((x >> 7) & 1)) + j, j > 0
FROM sub;

CREATE TABLE log_tile_new(
	id     INTEGER PRIMARY KEY,
	level  INTEGER NOT NULL CHECK (level BETWEEN 0 AND 7),
	n      INTEGER NOT NULL CHECK (n >= 0),
	hashes BLOB NOT NULL CHECK (length(hashes) BETWEEN 32 AND 8192 AND length(hashes) % 32 = 0),
	upper  BLOB NOT NULL CHECK (length(upper) <= 448 AND length(upper) % 32 = 0),
	CHECK (id = level * 72057594037927936 + n)
);
-- group_concat keeps a blob's bytes (zeros included); log_place is read in
-- its rowid order, which is post-order.
INSERT INTO log_tile_new(id, level, n, hashes, upper)
SELECT t.id, t.level, t.n,
	(SELECT CAST(group_concat(substr(t.hashes, p.pos * 32 + 1, 32), '') AS BLOB)
	 FROM log_place p WHERE p.pos * 32 < length(t.hashes) AND p.upper = 0),
	coalesce((SELECT CAST(group_concat(substr(t.hashes, p.pos * 32 + 1, 32), '') AS BLOB)
		  FROM log_place p WHERE p.pos * 32 < length(t.hashes) AND p.upper = 1), x'')
FROM log_tile t ORDER BY t.id;
DROP TABLE log_place;

DROP TABLE log_tile;
ALTER TABLE log_tile_new RENAME TO log_tile;
CREATE TRIGGER log_tile_append_only BEFORE UPDATE ON log_tile
WHEN NEW.id IS NOT OLD.id OR NEW.level IS NOT OLD.level OR NEW.n IS NOT OLD.n
  OR length(NEW.hashes) < length(OLD.hashes)
  OR substr(NEW.hashes, 1, length(OLD.hashes)) IS NOT OLD.hashes
  OR length(NEW.upper) < length(OLD.upper)
  OR (length(OLD.upper) > 0 AND substr(NEW.upper, 1, length(OLD.upper)) IS NOT OLD.upper)
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER log_tile_no_delete BEFORE DELETE ON log_tile
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
