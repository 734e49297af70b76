-- DuckDB only: the counts are read an indicator at a time and kept between changes, which a scan of the table answers
-- in milliseconds, while the index on them cost each compute more than a second (every count deleted and written
-- again goes through it). PostgreSQL keeps the index.
DROP INDEX IF EXISTS indicator_count_lookup;
