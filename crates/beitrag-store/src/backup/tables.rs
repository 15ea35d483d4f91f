//! The one list of the schema's tables a backup knows, in foreign-key
//! order, and each table's columns as the database's own catalog
//! describes them. The schema test (`tests/it/schema.rs`) checks this list
//! against the real tables, so a new table cannot be forgotten.

use sqlx::{AnyConnection, Row};

use crate::exec::query;

/// What a backup does with a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Copied row by row.
    Data,
    /// Copied; a migration writes default rows into it (the default
    /// sidebar), which a restore replaces.
    Seeded,
    /// Not copied: rebuilt or refilled by the running blog (the change log
    /// is transient, the search index each engine's own kind of table).
    Derived,
}

/// One table of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// Its name.
    pub name: &'static str,
    /// What a backup does with it.
    pub kind: Kind,
    /// The columns rows are read in order of (the primary key): ids
    /// ascending is what a restore of `self_ref` relies on.
    pub order: &'static str,
    /// A column referring to another row of the same table (a reply's
    /// parent comment, a term's parent). Rows are restored in `order`; a
    /// row whose parent comes later gets the reference once that exists.
    pub self_ref: Option<&'static str>,
    /// Columns written as 0 on restore because triggers count them up
    /// again while the rows they count are restored (a post's comment
    /// counts, kept by the triggers on `comments`).
    pub recounted: &'static [&'static str],
}

const fn data(name: &'static str, order: &'static str) -> Table {
    Table {
        name,
        kind: Kind::Data,
        order,
        self_ref: None,
        recounted: &[],
    }
}

/// Every table, parents before the tables that refer to them.
pub const TABLES: &[Table] = &[
    data("settings", "key"),
    data("users", "id"),
    data("media", "id"),
    Table {
        recounted: &["comment_count", "ping_count", "thread_count"],
        ..data("posts", "id")
    },
    Table {
        self_ref: Some("parent_id"),
        ..data("terms", "id")
    },
    data("post_terms", "post_id, term_id"),
    Table {
        self_ref: Some("parent_id"),
        ..data("comments", "id")
    },
    data("redirects", "source"),
    data("spam_tokens", "token"),
    data("jobs", "id"),
    data("sessions", "id"),
    data("api_tokens", "id"),
    data("login_failures", "key, at"),
    data("revisions", "id"),
    Table {
        kind: Kind::Derived,
        ..data("changes", "id")
    },
    data("import_origins", "origin, kind, external_id"),
    data("auth_codes", "code_hash"),
    Table {
        kind: Kind::Derived,
        ..data("search_state", "id")
    },
    data("menu_items", "position"),
    Table {
        kind: Kind::Seeded,
        ..data("widgets", "position")
    },
    data("fediverse_keys", "actor"),
    data("fediverse_followers", "id"),
    data("fediverse_actors", "id"),
    data("fediverse_reactions", "post_id, actor, kind"),
    data("fediverse_tombstones", "id"),
    data("websub_subscriptions", "id"),
    data("subscribers", "id"),
    data("follower_announcements", "post_id"),
    // Counted up again by the triggers on `posts` as posts are restored.
    Table {
        kind: Kind::Derived,
        ..data("timeline_counts", "sticky, slice")
    },
];

/// The table called `name`, if backups know it.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// The neutral type of a column: every column of the schema is a 64-bit
/// integer (timestamps are unix seconds, booleans 0/1) or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Type {
    /// A 64-bit integer.
    Integer,
    /// UTF-8 text.
    Text,
}

/// A column: its name and neutral type.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Type,
}

/// The columns of `table` in the connected database, in declaration order.
/// A type that is neither integer nor text is an error naming it, so a
/// migration adding one fails the backup tests instead of losing data.
pub(crate) async fn columns(
    conn: &mut AnyConnection,
    postgres: bool,
    table: &str,
) -> Result<Vec<Column>, String> {
    let sql = if postgres {
        "select column_name::text as name, data_type::text as ty from information_schema.columns \
         where table_schema = current_schema() and table_name = $1 order by ordinal_position"
    } else {
        "select name, type as ty from pragma_table_info($1) order by cid"
    };
    let rows = query(sql)
        .bind(table.to_owned())
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| format!("cannot read the columns of `{table}`: {e}"))?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let name: String = row.try_get("name").map_err(|e| e.to_string())?;
        let declared: String = row.try_get("ty").map_err(|e| e.to_string())?;
        let lower = declared.to_ascii_lowercase();
        let ty = if lower.contains("int") {
            Type::Integer
        } else if lower == "text" || lower.starts_with("character") || lower.starts_with("varchar")
        {
            Type::Text
        } else {
            return Err(format!(
                "column `{table}.{name}` has the type `{declared}`, which backups do not know"
            ));
        };
        out.push(Column { name, ty });
    }
    if out.is_empty() {
        return Err(format!("the database has no table `{table}`"));
    }
    Ok(out)
}

/// Whether the database has the table `name`.
pub(crate) async fn exists(
    conn: &mut AnyConnection,
    postgres: bool,
    name: &str,
) -> Result<bool, super::BackupError> {
    let sql = if postgres {
        "select count(*) as n from information_schema.tables \
         where table_schema = current_schema() and table_name = $1"
    } else {
        "select count(*) as n from sqlite_master where type = 'table' and name = $1"
    };
    let n: i64 = crate::exec::query(sql)
        .bind(name.to_owned())
        .fetch_one(&mut *conn)
        .await
        .and_then(|r| sqlx::Row::try_get(&r, "n"))
        .map_err(super::BackupError::db)?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_table_once() {
        let mut names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TABLES.len());
        assert!(table("posts").is_some_and(|t| !t.recounted.is_empty()));
        assert!(table("post_search").is_none());
    }
}
