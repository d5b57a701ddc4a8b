DROP INDEX discussion_posts_search;
ALTER TABLE discussion_posts DROP COLUMN search_vector;
CREATE INDEX discussion_posts_search ON discussion_posts
    USING GIN (to_tsvector('english', title || ' ' || body_md));
