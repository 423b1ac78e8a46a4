-- Intentionally empty: this number was reserved while the work in parallel
-- was planned and turned out to need no schema.  It stays so that migration
-- numbers remain consecutive and databases that recorded it stay valid.
SELECT 1;
