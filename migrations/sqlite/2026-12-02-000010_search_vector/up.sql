-- PostgreSQL's arm of the full-text search gets a stored tsvector column
-- here; SQLite's FTS5 table (2026-12-02-000008) needs nothing new.
SELECT 1;
