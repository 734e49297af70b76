-- Provenance of imported counts: when the figures were as at (the return's or publication's date).
ALTER TABLE indicator_count ADD COLUMN as_at DATE;
