//! The menu and the widgets, replaced as whole lists, and the posts per
//! month of the archives widget: the same answers on both engines.

use beitrag_core::model::{MenuItem, MenuKind, MonthCount, Widget, WidgetKind, WidgetLink};
use beitrag_core::store::prelude::*;
use beitrag_store::SqlStore;
use chrono::TimeZone;

use crate::fixture;

conformance!(
    starts_with_the_default_sidebar_and_replaces_lists,
    counts_posts_per_month_newest_first
);

async fn starts_with_the_default_sidebar_and_replaces_lists(store: SqlStore) {
    let kinds: Vec<WidgetKind> = store
        .widgets()
        .await
        .unwrap()
        .iter()
        .map(|w| w.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            WidgetKind::Search,
            WidgetKind::RecentPosts,
            WidgetKind::Categories,
            WidgetKind::TagCloud,
            WidgetKind::Archives,
            WidgetKind::Subscribe
        ]
    );
    assert!(store.menu_items().await.unwrap().is_empty());
    let widgets = vec![Widget {
        kind: WidgetKind::Links,
        title: "Blogroll".into(),
        count: 0,
        links: vec![WidgetLink {
            url: "https://a.example/".into(),
            label: "Ein Blog".into(),
        }],
    }];
    store.put_widgets(&widgets).await.unwrap();
    assert_eq!(store.widgets().await.unwrap(), widgets);
    let menu = vec![
        MenuItem {
            parent: None,
            kind: MenuKind::Page,
            target: Some(7),
            url: String::new(),
            label: String::new(),
        },
        MenuItem {
            parent: Some(0),
            kind: MenuKind::Custom,
            target: None,
            url: "https://b.example/".into(),
            label: "B".into(),
        },
    ];
    store.put_menu(&menu).await.unwrap();
    assert_eq!(store.menu_items().await.unwrap(), menu);
    store.put_menu(&menu[..1]).await.unwrap();
    assert_eq!(store.menu_items().await.unwrap(), menu[..1]);
}

async fn counts_posts_per_month_newest_first(store: SqlStore) {
    let anna = fixture::user(&store, "anna").await;
    let at = |y, m, d, h| chrono::Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
    for (n, when) in [
        at(2024, 1, 10, 12),
        at(2024, 1, 20, 12),
        // 23:30 UTC on the last of March is April in Berlin (+02:00).
        at(2024, 3, 31, 23),
        at(2023, 12, 5, 12),
    ]
    .into_iter()
    .enumerate()
    {
        fixture::save(&store, fixture::post(&anna, &format!("p{n}"), when)).await;
    }
    let now = fixture::now();
    let month = |year, month, posts| MonthCount { year, month, posts };
    assert_eq!(
        store.month_counts(now, 0, 10).await.unwrap(),
        [month(2024, 3, 1), month(2024, 1, 2), month(2023, 12, 1)]
    );
    assert_eq!(
        store.month_counts(now, 7200, 2).await.unwrap(),
        [month(2024, 4, 1), month(2024, 1, 2)]
    );
}
