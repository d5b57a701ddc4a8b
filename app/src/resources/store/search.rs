//! Resources found by the discussion search: titles, descriptions and
//! page text, the two engines' arms of one query (FTS5's
//! `resource_search`, PostgreSQL's `search_vector`), only the resources
//! of the space that the member's audiences may see.

use crate::{
    db::{
        fts::{fts5_query, pg_queries, search_terms},
        Db,
    },
    error::AppError,
    programs::SpaceMember,
    resources::ResourceKind,
    run_query,
};
use diesel::{
    sql_types::{BigInt, Bool, Nullable, Text},
    QueryableByName,
};
use diesel_async::RunQueryDsl;

/// The most resources one search shows.
pub const RESOURCE_HITS: i64 = 5;

#[derive(QueryableByName, Debug, Clone, PartialEq, Eq)]
pub struct HitRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: ResourceKind,
    #[diesel(sql_type = Text)]
    pub title: String,
}

// `?2 IS NULL` picks the hub's library; the audiences are a fixed list of
// three flags so that the statement is the same for every member.
const SQLITE_SEARCH: &str = "
    SELECT r.id AS id, r.kind AS kind, r.title AS title
    FROM resource_search
    JOIN resources r ON r.id = resource_search.rowid
    WHERE resource_search MATCH ?1
      AND ((?2 IS NULL AND r.program_id IS NULL) OR r.program_id = ?2)
      AND ((r.audience = 'everyone' AND ?3) OR (r.audience = 'mentors' AND ?4)
           OR (r.audience = 'mentees' AND ?5))
    ORDER BY bm25(resource_search, 4.0, 2.0, 1.0), r.id
    LIMIT ?6";

const POSTGRES_SEARCH: &str = "
    WITH wanted AS (
        SELECT CASE WHEN $1 = '' THEN to_tsquery('english', $2)
                    ELSE websearch_to_tsquery('english', $1) && to_tsquery('english', $2)
               END AS query
    )
    SELECT r.id AS id, r.kind AS kind, r.title AS title
    FROM wanted, resources r
    WHERE r.search_vector @@ wanted.query
      AND (($3::BIGINT IS NULL AND r.program_id IS NULL) OR r.program_id = $3)
      AND ((r.audience = 'everyone' AND $4) OR (r.audience = 'mentors' AND $5)
           OR (r.audience = 'mentees' AND $6))
    ORDER BY ts_rank(r.search_vector, wanted.query) DESC, r.id
    LIMIT $7";

/// The best matches for `text` among the resources `member` may see.
pub async fn search_resources(
    db: &Db,
    program_id: Option<i64>,
    member: &SpaceMember,
    text: &str,
) -> Result<Vec<HitRow>, AppError> {
    use crate::programs::Audience;
    let terms = search_terms(text);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let sees = |audience| member.is_audience(audience);
    let (everyone, mentors, mentees) = (
        sees(Audience::Everyone),
        sees(Audience::Mentors),
        sees(Audience::Mentees),
    );
    let rows: Vec<HitRow> = run_query!(
        db,
        sqlite | conn | {
            diesel::sql_query(SQLITE_SEARCH)
                .bind::<Text, _>(fts5_query(&terms))
                .bind::<Nullable<BigInt>, _>(program_id)
                .bind::<Bool, _>(everyone)
                .bind::<Bool, _>(mentors)
                .bind::<Bool, _>(mentees)
                .bind::<BigInt, _>(RESOURCE_HITS)
                .load(conn)
                .await
        },
        postgres | conn | {
            let (rest, last) = pg_queries(&terms);
            diesel::sql_query(POSTGRES_SEARCH)
                .bind::<Text, _>(rest)
                .bind::<Text, _>(last)
                .bind::<Nullable<BigInt>, _>(program_id)
                .bind::<Bool, _>(everyone)
                .bind::<Bool, _>(mentors)
                .bind::<Bool, _>(mentees)
                .bind::<BigInt, _>(RESOURCE_HITS)
                .load(conn)
                .await
        }
    )?;
    Ok(rows)
}
