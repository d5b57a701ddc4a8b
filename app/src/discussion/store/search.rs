//! Full-text search over a space's questions and answers: SQLite's FTS5
//! (`discussion_search`, kept in step with the posts by triggers) and
//! PostgreSQL's `tsvector` (a GIN index on the same expression), the two
//! arms of one query. What a member types never reaches either engine as
//! query syntax: it is cut into words, each quoted, the last one matched
//! as a prefix. Only shown, listed posts of the space are found; an
//! anonymous post by its text, never by its author (no author is indexed).

use crate::{
    db::Db,
    discussion::{rules::SEARCH_RESULTS, ExcerptPart, PostKind, SearchHit},
    error::AppError,
    run_query,
};
use diesel::{
    sql_types::{BigInt, Text},
    QueryableByName,
};
use diesel_async::RunQueryDsl;

use crate::db::fts::search_terms;
use crate::db::fts::{fts5_query, pg_queries};

const START: char = '\u{2}';
const END: char = '\u{3}';

/// Cuts an engine's excerpt at its markers: `(text, matched)` parts. The
/// text is the post's markdown source, shown as plain text.
fn excerpt_parts(excerpt: &str) -> Vec<ExcerptPart> {
    let mut parts = Vec::new();
    let mut rest = excerpt;
    while let Some(start) = rest.find(START) {
        if start > 0 {
            parts.push((rest[..start].to_owned(), false));
        }
        let after = &rest[start + START.len_utf8()..];
        let end = after.find(END).unwrap_or(after.len());
        parts.push((after[..end].to_owned(), true));
        rest = after.get(end + END.len_utf8()..).unwrap_or("");
    }
    if !rest.is_empty() {
        parts.push((rest.to_owned(), false));
    }
    // Markers are ours alone: strip any the text itself held.
    for part in &mut parts {
        part.0.retain(|c| c != START && c != END);
    }
    parts
}

#[derive(QueryableByName)]
struct HitRow {
    #[diesel(sql_type = BigInt)]
    post_id: i64,
    #[diesel(sql_type = BigInt)]
    thread_id: i64,
    #[diesel(sql_type = Text)]
    kind: PostKind,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    excerpt: String,
}

const SQLITE_SEARCH: &str = "
    SELECT p.id AS post_id, p.thread_id AS thread_id, p.kind AS kind, q.title AS title,
           snippet(discussion_search, -1, char(2), char(3), '…', 24) AS excerpt
    FROM discussion_search
    JOIN discussion_posts p ON p.id = discussion_search.rowid
    JOIN discussion_threads t ON t.id = p.thread_id
    JOIN discussion_posts q ON q.thread_id = t.id AND q.kind = 'question'
    WHERE discussion_search MATCH ?
      AND t.space_id = ? AND t.listed
      AND p.state = 'shown' AND NOT p.hidden
    ORDER BY bm25(discussion_search, 4.0, 1.0), p.id
    LIMIT ?";

// The page of best matches is found on the stored vectors; the excerpt
// (which parses the text again) is made for that page only.
const POSTGRES_SEARCH: &str = "
    WITH wanted AS (
        SELECT CASE WHEN $1 = '' THEN to_tsquery('english', $2)
                    ELSE websearch_to_tsquery('english', $1) && to_tsquery('english', $2)
               END AS query
    ),
    best AS (
        SELECT p.id, p.thread_id, p.kind, p.title, p.body_md,
               ts_rank(p.search_vector, wanted.query) AS rank
        FROM wanted, discussion_posts p
        JOIN discussion_threads t ON t.id = p.thread_id
        WHERE p.search_vector @@ wanted.query
          AND t.space_id = $3 AND t.listed
          AND p.state = 'shown' AND NOT p.hidden
        ORDER BY rank DESC, p.id
        LIMIT $4
    )
    SELECT best.id AS post_id, best.thread_id AS thread_id, best.kind AS kind, q.title AS title,
           ts_headline('english', best.title || ' ' || best.body_md, wanted.query,
                       'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=12')
               AS excerpt
    FROM wanted, best
    JOIN discussion_posts q ON q.thread_id = best.thread_id AND q.kind = 'question'
    ORDER BY best.rank DESC, best.id";

/// The best matches for `text` in the space, at most [`SEARCH_RESULTS`].
pub async fn search(db: &Db, space_id: i64, text: &str) -> Result<Vec<SearchHit>, AppError> {
    let terms = search_terms(text);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<HitRow> = run_query!(
        db,
        sqlite | conn | {
            diesel::sql_query(SQLITE_SEARCH)
                .bind::<Text, _>(fts5_query(&terms))
                .bind::<BigInt, _>(space_id)
                .bind::<BigInt, _>(SEARCH_RESULTS)
                .load(conn)
                .await
        },
        postgres | conn | {
            let (rest, last) = pg_queries(&terms);
            diesel::sql_query(POSTGRES_SEARCH)
                .bind::<Text, _>(rest)
                .bind::<Text, _>(last)
                .bind::<BigInt, _>(space_id)
                .bind::<BigInt, _>(SEARCH_RESULTS)
                .load(conn)
                .await
        }
    )?;
    Ok(rows
        .into_iter()
        .map(|row| SearchHit {
            thread_id: row.thread_id,
            post_id: row.post_id,
            kind: row.kind,
            title: row.title,
            excerpt: excerpt_parts(&row.excerpt),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_cut_at_the_markers() {
        assert_eq!(
            excerpt_parts("a \u{2}b\u{3} c"),
            vec![
                ("a ".into(), false),
                ("b".into(), true),
                (" c".into(), false)
            ]
        );
        assert_eq!(excerpt_parts("plain"), vec![("plain".into(), false)]);
    }
}
