-- Full-text search keeps each post's tsvector (title weighted above the
-- body) in a stored generated column: ranking a query's matches then
-- reads the vectors instead of parsing every matching post again. The
-- GIN index moves to the column.
ALTER TABLE discussion_posts ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', body_md), 'B')
    ) STORED;
DROP INDEX discussion_posts_search;
CREATE INDEX discussion_posts_search ON discussion_posts USING GIN (search_vector);
