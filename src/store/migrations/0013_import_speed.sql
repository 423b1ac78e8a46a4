-- ansinh schema 13 (issue #6, import speed): the CHECK constraints and the
-- partial index that every imported line meets, with their lists of more
-- than two constants written as ORed equalities.  SQLite evaluates
-- `x IN ('a','b','c')` by building an ephemeral table of the constants
-- (again for every run of the statement, so for every 128 rows of a bulk
-- import); `x = 'a' OR x = 'b' OR x = 'c'` accepts exactly the same values
-- and costs a few comparisons.  About a sixth of an import's CPU time.
--
-- SQLite cannot ALTER a CHECK constraint, and rebuilding these tables is
-- not possible inside the migration's transaction: foreign keys stay on
-- there, and dropping contribution or journal_entry would orphan the rows
-- that refer to them.  The schema's text is changed instead, the way
-- SQLite documents for changing CHECK constraints (sqlite.org/lang_altertable.html,
-- "otherwise schema changes"): the on-disk format of no table or index
-- changes, every row, id, index and trigger stays as it is, and the rows
-- already stored satisfy the new constraints because they are the old
-- ones.  writable_schema=RESET makes this connection read the schema
-- again; the index's DROP and CREATE change the schema cookie, so every
-- other connection does too.  Only exact texts of schema 1 and 6 are
-- replaced (tests/unit/test_migrate.c checks that no such list is left).

PRAGMA writable_schema=ON;
UPDATE sqlite_schema SET sql = replace(sql,
'CHECK (kind IN (''contribution'',''reversal'',''opening'',''handover'',
	                                             ''disbursement'',''transfer''))',
'CHECK (kind = ''contribution'' OR kind = ''reversal'' OR kind = ''opening''
	                      OR kind = ''handover'' OR kind = ''disbursement'' OR kind = ''transfer'')')
WHERE type = 'table' AND name = 'journal_entry';
UPDATE sqlite_schema SET sql = replace(sql,
'CHECK (channel IN (''cash'',''transfer'',''payroll'',''goods''))',
'CHECK (channel = ''cash'' OR channel = ''transfer''
	                                OR channel = ''payroll'' OR channel = ''goods'')')
WHERE type = 'table' AND name = 'contribution';
UPDATE sqlite_schema SET sql = replace(sql,
'CHECK (kind IN (''individual'',''business'',''cooperative'',''political_org'',
	                                           ''professional_org'',''religious_org'',''collective''))',
'CHECK (kind = ''individual'' OR kind = ''business'' OR kind = ''cooperative''
	                      OR kind = ''political_org'' OR kind = ''professional_org''
	                      OR kind = ''religious_org'' OR kind = ''collective'')')
WHERE type = 'table' AND name = 'donor';
UPDATE sqlite_schema SET sql = replace(sql,
'CHECK (status IN (''debit'',''existing'',''auto'',''pending'',
	                                                ''unmatched'',''rejected'',''confirmed''))',
'CHECK (status = ''debit'' OR status = ''existing'' OR status = ''auto''
	                        OR status = ''pending'' OR status = ''unmatched''
	                        OR status = ''rejected'' OR status = ''confirmed'')')
WHERE type = 'table' AND name = 'bank_line';
PRAGMA writable_schema=RESET;

-- The lines waiting for a clerk, the same way (a query that names them
-- with the same ORed equalities, or with IN, can use it).
DROP INDEX bank_line_status;
CREATE INDEX bank_line_status ON bank_line(status)
	WHERE status = 'pending' OR status = 'unmatched' OR status = 'rejected';
