//! The two migration trees (`migrations/sqlite/`, `migrations/postgres/`)
//! must build the same schema. These tests migrate a fresh database of each
//! kind, read back what the migrations made, and compare:
//!
//! - the set of tables (without `__diesel_schema_migrations`, and on SQLite
//!   without its internal `sqlite_*` tables);
//! - per table, every column's name and whether it accepts NULL;
//! - per table, the unique constraints as sets of columns (a primary key
//!   counts as one; so does a `UNIQUE` column or a unique index), and whether
//!   each is partial (`... WHERE ...`);
//! - per table, the other (non-unique) indexes as column lists in key order.
//!
//! Column types differ on purpose (INTEGER vs BIGINT, AUTOINCREMENT vs
//! BIGSERIAL, ...) and are not compared, nor are CHECK constraints, defaults,
//! foreign keys or index names. Full-text search differs on purpose too:
//! SQLite's FTS5 tables (a virtual table and its shadow tables) and
//! PostgreSQL's `tsvector` columns and GIN indexes are each one backend's
//! arm of the search query, and are left out.

use crate::db::{testing::TestDb, Db, DbConn, PgConn, SqliteConn};
use diesel::sql_types::{BigInt, Bool, Text};
use diesel::QueryableByName;
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One index or unique constraint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct IndexShape {
    /// Sorted for unique constraints (uniqueness does not depend on the
    /// order), in key order for plain indexes (the order decides which
    /// queries the index serves).
    columns: Vec<String>,
    /// Declared with a `WHERE` clause.
    partial: bool,
}

impl fmt::Display for IndexShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({})", self.columns.join(", "))?;
        if self.partial {
            f.write_str(" WHERE ...")?;
        }
        Ok(())
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct TableShape {
    /// Column name -> accepts NULL.
    columns: BTreeMap<String, bool>,
    unique: BTreeSet<IndexShape>,
    /// Non-unique indexes.
    indexes: BTreeSet<IndexShape>,
}

/// Table name -> its shape.
type SchemaShape = BTreeMap<String, TableShape>;

#[derive(QueryableByName)]
struct TableRow {
    #[diesel(sql_type = Text)]
    table_name: String,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
    /// SQLite: 1, 2, ... for the primary key's columns (an INTEGER PRIMARY
    /// KEY has no index to find it by), 0 otherwise. Always 0 on PostgreSQL,
    /// whose primary keys are found through their indexes.
    #[diesel(sql_type = BigInt)]
    pk_position: i64,
}

/// One key column of one index.
#[derive(QueryableByName)]
struct IndexColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
    #[diesel(sql_type = Bool)]
    is_partial: bool,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = BigInt)]
    position: i64,
}

const SQLITE_TABLES: &str = r#"
    SELECT m.name AS table_name
    FROM sqlite_master m
    WHERE m.type = 'table'
      AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
      AND m.name <> '__diesel_schema_migrations'
      AND NOT EXISTS (
          SELECT 1 FROM sqlite_master v
          WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'
            AND (m.name = v.name OR m.name LIKE v.name || '\_%' ESCAPE '\'))
"#;

const SQLITE_COLUMNS: &str = r#"
    SELECT m.name AS table_name,
           p.name AS column_name,
           p."notnull" = 0 AS nullable,
           p.pk AS pk_position
    FROM sqlite_master m
    JOIN pragma_table_info(m.name) p
    WHERE m.type = 'table'
      AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
      AND m.name <> '__diesel_schema_migrations'
      AND NOT EXISTS (
          SELECT 1 FROM sqlite_master v
          WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'
            AND (m.name = v.name OR m.name LIKE v.name || '\_%' ESCAPE '\'))
"#;

// `origin` is 'pk' for the index behind a non-INTEGER primary key, 'u' for
// a UNIQUE constraint and 'c' for CREATE [UNIQUE] INDEX: all are read, and
// the primary key also comes from `pragma_table_info` above.
const SQLITE_INDEX_COLUMNS: &str = r#"
    SELECT m.name AS table_name,
           il.name AS index_name,
           il."unique" <> 0 AS is_unique,
           il.partial <> 0 AS is_partial,
           COALESCE(ii.name, '<expression>') AS column_name,
           ii.seqno AS position
    FROM sqlite_master m
    JOIN pragma_index_list(m.name) il
    JOIN pragma_index_info(il.name) ii
    WHERE m.type = 'table'
      AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
      AND m.name <> '__diesel_schema_migrations'
      AND NOT EXISTS (
          SELECT 1 FROM sqlite_master v
          WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'
            AND (m.name = v.name OR m.name LIKE v.name || '\_%' ESCAPE '\'))
"#;

const POSTGRES_TABLES: &str = r#"
    SELECT c.relname::text AS table_name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public'
      AND c.relkind IN ('r', 'p')
      AND c.relname <> '__diesel_schema_migrations'
"#;

const POSTGRES_COLUMNS: &str = r#"
    SELECT c.relname::text AS table_name,
           a.attname::text AS column_name,
           NOT a.attnotnull AS nullable,
           0::bigint AS pk_position
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE n.nspname = 'public'
      AND c.relkind IN ('r', 'p')
      AND c.relname <> '__diesel_schema_migrations'
      AND a.attnum > 0
      AND NOT a.attisdropped
      AND a.atttypid <> 'tsvector'::regtype
"#;

// Primary keys and UNIQUE constraints are backed by unique indexes, so
// pg_index alone sees them all. Only key columns count (not INCLUDE ones);
// an expression's key column has attnum 0 and no pg_attribute row.
const POSTGRES_INDEX_COLUMNS: &str = r#"
    SELECT t.relname::text AS table_name,
           i.relname::text AS index_name,
           ix.indisunique AS is_unique,
           ix.indpred IS NOT NULL AS is_partial,
           COALESCE(a.attname::text, '<expression>') AS column_name,
           k.ord AS position
    FROM pg_index ix
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_am am ON am.oid = i.relam AND am.amname = 'btree'
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    WHERE n.nspname = 'public'
      AND t.relkind IN ('r', 'p')
      AND t.relname <> '__diesel_schema_migrations'
      AND k.ord <= ix.indnkeyatts
"#;

async fn sqlite_rows(
    conn: &mut SqliteConn,
) -> (Vec<TableRow>, Vec<ColumnRow>, Vec<IndexColumnRow>) {
    let tables = diesel::sql_query(SQLITE_TABLES)
        .load(conn)
        .await
        .expect("list SQLite tables");
    let columns = diesel::sql_query(SQLITE_COLUMNS)
        .load(conn)
        .await
        .expect("list SQLite columns");
    let indexes = diesel::sql_query(SQLITE_INDEX_COLUMNS)
        .load(conn)
        .await
        .expect("list SQLite indexes");
    (tables, columns, indexes)
}

async fn postgres_rows(conn: &mut PgConn) -> (Vec<TableRow>, Vec<ColumnRow>, Vec<IndexColumnRow>) {
    let tables = diesel::sql_query(POSTGRES_TABLES)
        .load(conn)
        .await
        .expect("list PostgreSQL tables");
    let columns = diesel::sql_query(POSTGRES_COLUMNS)
        .load(conn)
        .await
        .expect("list PostgreSQL columns");
    let indexes = diesel::sql_query(POSTGRES_INDEX_COLUMNS)
        .load(conn)
        .await
        .expect("list PostgreSQL indexes");
    (tables, columns, indexes)
}

/// Reads the migrated schema of `db`, whichever backend it is.
async fn schema_shape(db: &Db) -> SchemaShape {
    let (tables, columns, indexes) = match db.connection().await.expect("a connection") {
        DbConn::Sqlite(mut pooled) => sqlite_rows(&mut pooled).await,
        DbConn::Postgres(mut pooled) => postgres_rows(&mut pooled).await,
    };
    normalize(tables, columns, indexes)
}

fn normalize(
    tables: Vec<TableRow>,
    columns: Vec<ColumnRow>,
    indexes: Vec<IndexColumnRow>,
) -> SchemaShape {
    let mut shape: SchemaShape = tables
        .into_iter()
        .map(|row| (row.table_name, TableShape::default()))
        .collect();

    let mut primary_keys: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for row in columns {
        if row.pk_position > 0 {
            primary_keys
                .entry(row.table_name.clone())
                .or_default()
                .push((row.pk_position, row.column_name.clone()));
        }
        shape
            .entry(row.table_name)
            .or_default()
            .columns
            .insert(row.column_name, row.nullable);
    }
    for (table, key) in primary_keys {
        let mut columns: Vec<String> = key.into_iter().map(|(_, column)| column).collect();
        columns.sort();
        shape.entry(table).or_default().unique.insert(IndexShape {
            columns,
            partial: false,
        });
    }

    // (table, index) -> (unique, partial, [(position, column)])
    type IndexColumns = (bool, bool, Vec<(i64, String)>);
    let mut by_index: BTreeMap<(String, String), IndexColumns> = BTreeMap::new();
    for row in indexes {
        by_index
            .entry((row.table_name, row.index_name))
            .or_insert_with(|| (row.is_unique, row.is_partial, Vec::new()))
            .2
            .push((row.position, row.column_name));
    }
    for ((table, _index), (unique, partial, mut key)) in by_index {
        key.sort();
        let mut columns: Vec<String> = key.into_iter().map(|(_, column)| column).collect();
        let table = shape.entry(table).or_default();
        if unique {
            columns.sort();
            table.unique.insert(IndexShape { columns, partial });
        } else {
            table.indexes.insert(IndexShape { columns, partial });
        }
    }
    shape
}

fn nullability(nullable: bool) -> &'static str {
    if nullable {
        "NULL allowed"
    } else {
        "NOT NULL"
    }
}

/// The differences between two shapes, per table that differs (tables that
/// agree are left out).
fn diff(
    a_name: &str,
    a: &SchemaShape,
    b_name: &str,
    b: &SchemaShape,
) -> BTreeMap<String, Vec<String>> {
    let mut differences: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let table_names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for name in table_names {
        let mut lines = Vec::new();
        match (a.get(name), b.get(name)) {
            (Some(_), None) => lines.push(format!("table `{name}` exists only in {a_name}")),
            (None, Some(_)) => lines.push(format!("table `{name}` exists only in {b_name}")),
            (None, None) => unreachable!(),
            (Some(ta), Some(tb)) => {
                let columns: BTreeSet<&String> =
                    ta.columns.keys().chain(tb.columns.keys()).collect();
                for column in columns {
                    match (ta.columns.get(column), tb.columns.get(column)) {
                        (Some(&n), None) => lines.push(format!(
                            "column `{name}.{column}` exists only in {a_name} ({})",
                            nullability(n)
                        )),
                        (None, Some(&n)) => lines.push(format!(
                            "column `{name}.{column}` exists only in {b_name} ({})",
                            nullability(n)
                        )),
                        (Some(&na), Some(&nb)) if na != nb => lines.push(format!(
                            "column `{name}.{column}` is {} in {a_name} but {} in {b_name}",
                            nullability(na),
                            nullability(nb)
                        )),
                        _ => {}
                    }
                }
                for (what, sa, sb) in [
                    ("unique constraint", &ta.unique, &tb.unique),
                    ("index", &ta.indexes, &tb.indexes),
                ] {
                    for index in sa.difference(sb) {
                        lines.push(format!("{what} `{name}` {index} exists only in {a_name}"));
                    }
                    for index in sb.difference(sa) {
                        lines.push(format!("{what} `{name}` {index} exists only in {b_name}"));
                    }
                }
            }
        }
        if !lines.is_empty() {
            differences.insert(name.clone(), lines);
        }
    }
    differences
}

fn render(differences: &BTreeMap<String, Vec<String>>) -> String {
    let mut out = String::new();
    for (table, lines) in differences {
        out.push_str(&format!("{table}:\n"));
        for line in lines {
            out.push_str(&format!("  - {line}\n"));
        }
    }
    out
}

/// Guards against a normalizer that reads nothing (two empty shapes agree):
/// a few things every migrated database has.
fn assert_plausible(backend: &str, shape: &SchemaShape) {
    let unique = |columns: &[&str], partial| IndexShape {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        partial,
    };
    let users = shape
        .get("users")
        .unwrap_or_else(|| panic!("{backend}: no users table in {shape:#?}"));
    assert_eq!(users.columns.get("email_key"), Some(&false), "{backend}");
    assert_eq!(
        users.columns.get("deactivated_at"),
        Some(&true),
        "{backend}"
    );
    assert!(
        users.unique.contains(&unique(&["id"], false)),
        "{backend}: {users:#?}"
    );
    assert!(
        users.unique.contains(&unique(&["email_key"], false)),
        "{backend}: {users:#?}"
    );
    assert!(
        users.indexes.contains(&unique(&["name"], false)),
        "{backend}: {users:#?}"
    );
    let user_tags = &shape["user_tags"];
    assert!(
        user_tags
            .unique
            .contains(&unique(&["tag_key", "user_id"], false)),
        "{backend}: {user_tags:#?}"
    );
    let questions = &shape["registration_questions"];
    assert!(
        questions
            .unique
            .contains(&unique(&["position", "program_id", "role"], true)),
        "{backend}: {questions:#?}"
    );
    assert!(
        !shape.contains_key("__diesel_schema_migrations"),
        "{backend}: the migrations table is not part of the schema"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_and_postgres_migrations_build_the_same_schema() {
    let sqlite = TestDb::sqlite().await;
    let sqlite_shape = schema_shape(&sqlite.db).await;
    assert_plausible("sqlite", &sqlite_shape);

    let Some(postgres) = TestDb::postgres().await else {
        return;
    };
    let postgres_shape = schema_shape(&postgres.db).await;
    assert_plausible("postgres", &postgres_shape);

    let differences = diff("sqlite", &sqlite_shape, "postgres", &postgres_shape);
    assert!(
        differences.is_empty(),
        "migrations/sqlite and migrations/postgres build different schemas \
         (column types are not compared):\n{}",
        render(&differences)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_extra_column_is_reported() {
    let drifted = TestDb::sqlite().await;
    match drifted.db.connection().await.expect("a connection") {
        DbConn::Sqlite(mut conn) => conn
            .batch_execute("ALTER TABLE users ADD COLUMN drift TEXT")
            .await
            .expect("add a column"),
        DbConn::Postgres(_) => unreachable!("TestDb::sqlite is SQLite"),
    }
    let drifted_shape = schema_shape(&drifted.db).await;

    // Against PostgreSQL when there is one, else against an unaltered SQLite.
    let reference = match TestDb::postgres().await {
        Some(postgres) => ("postgres", postgres),
        None => ("sqlite (unaltered)", TestDb::sqlite().await),
    };
    let reference_shape = schema_shape(&reference.1.db).await;

    let differences = diff(
        "sqlite (altered)",
        &drifted_shape,
        reference.0,
        &reference_shape,
    );
    let report = render(&differences);
    assert_eq!(
        differences.keys().collect::<Vec<_>>(),
        ["users"],
        "only users differs:\n{report}"
    );
    assert_eq!(
        differences["users"],
        ["column `users.drift` exists only in sqlite (altered) (NULL allowed)"],
        "{report}"
    );
}
