//! The navigation menu and the sidebar's widgets (each replaced as a whole
//! list), and the posts per month the archives widget shows.

use beitrag_core::model::{MenuItem, MenuKind, MonthCount, Widget, WidgetKind, WidgetLink};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::exec::{Db, query};
use crate::rows::secs;
use crate::sql::visible;

fn decode(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: format!("unknown value {value:?}").into(),
    }
}

fn position(v: i64) -> Result<usize, sqlx::Error> {
    usize::try_from(v).map_err(|_| decode("position", &v.to_string()))
}

/// The menu, in order.
pub(crate) async fn menu(db: &mut Db<'_>) -> Result<Vec<MenuItem>, sqlx::Error> {
    let rows = db
        .all(query(
            "select parent, kind, target_id, url, label from menu_items order by position",
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(MenuItem {
                parent: r
                    .try_get::<Option<i64>, _>("parent")?
                    .map(position)
                    .transpose()?,
                kind: kind
                    .parse::<MenuKind>()
                    .map_err(|()| decode("kind", &kind))?,
                target: r.try_get("target_id")?,
                url: r.try_get("url")?,
                label: r.try_get("label")?,
            })
        })
        .collect()
}

/// Replaces the menu (in the caller's transaction).
pub(crate) async fn put_menu(db: &mut Db<'_>, items: &[MenuItem]) -> Result<(), sqlx::Error> {
    db.execute(query("delete from menu_items")).await?;
    for (n, item) in items.iter().enumerate() {
        db.execute(
            query(
                "insert into menu_items (position, parent, kind, target_id, url, label) \
                 values ($1, $2, $3, $4, $5, $6)",
            )
            .bind(n as i64)
            .bind(item.parent.map(|p| p as i64))
            .bind(item.kind.as_str())
            .bind(item.target)
            .bind(item.url.clone())
            .bind(item.label.clone()),
        )
        .await?;
    }
    Ok(())
}

/// The widgets, in order.
pub(crate) async fn widgets(db: &mut Db<'_>) -> Result<Vec<Widget>, sqlx::Error> {
    let rows = db
        .all(query(
            "select kind, title, count, links from widgets order by position",
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let links: String = r.try_get("links")?;
            Ok(Widget {
                kind: kind
                    .parse::<WidgetKind>()
                    .map_err(|()| decode("kind", &kind))?,
                title: r.try_get("title")?,
                count: r.try_get("count")?,
                links: WidgetLink::parse_lines(&links),
            })
        })
        .collect()
}

/// Replaces the widgets (in the caller's transaction).
pub(crate) async fn put_widgets(db: &mut Db<'_>, widgets: &[Widget]) -> Result<(), sqlx::Error> {
    db.execute(query("delete from widgets")).await?;
    for (n, w) in widgets.iter().enumerate() {
        db.execute(
            query(
                "insert into widgets (position, kind, title, count, links) \
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(n as i64)
            .bind(w.kind.as_str())
            .bind(w.title.clone())
            .bind(w.count)
            .bind(WidgetLink::lines(&w.links)),
        )
        .await?;
    }
    Ok(())
}

/// Visible posts per month, newest first. The month of a post is taken at
/// a fixed offset from UTC, the same on both engines (SQLite knows no
/// time zones); the caller passes the site zone's current offset.
pub(crate) async fn month_counts(
    db: &mut Db<'_>,
    now: DateTime<Utc>,
    offset_secs: i64,
    limit: i64,
) -> Result<Vec<MonthCount>, sqlx::Error> {
    let q = if db.is_postgres() {
        query(concat!(
            "select to_char(to_timestamp(p.published_at + $2) at time zone 'UTC', 'YYYY-MM') as month, \
             count(*) as posts from posts p where p.kind = 'post' and ",
            visible!("$1"),
            " group by month order by month desc limit $3 + 0"
        ))
    } else {
        query(concat!(
            "select strftime('%Y-%m', p.published_at + $2, 'unixepoch') as month, \
             count(*) as posts from posts p where p.kind = 'post' and ",
            visible!("$1"),
            " group by month order by month desc limit $3 + 0"
        ))
    };
    let rows = db
        .all(q.bind(secs(now)).bind(offset_secs).bind(limit))
        .await?;
    rows.iter()
        .map(|r| {
            let month: String = r.try_get("month")?;
            let parsed = month
                .split_once('-')
                .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)));
            let (year, month) = parsed.ok_or_else(|| decode("month", &month))?;
            Ok(MonthCount {
                year,
                month,
                posts: r.try_get("posts")?,
            })
        })
        .collect()
}
