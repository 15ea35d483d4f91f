//! The menu and the widgets: `beitrag_core::store` traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::model::*;
use beitrag_core::store::*;
use chrono::{DateTime, Utc};

use crate::error::map;
use crate::exec::Db;
use crate::store::SqlStore;
use crate::store::{read, transaction};

#[async_trait]
impl ThemeReads for SqlStore {
    async fn menu_items(&self) -> StoreResult<Vec<MenuItem>> {
        read!(self, crate::theme::menu)
    }

    async fn widgets(&self) -> StoreResult<Vec<Widget>> {
        read!(self, crate::theme::widgets)
    }

    async fn month_counts(
        &self,
        now: DateTime<Utc>,
        offset_secs: i64,
        limit: i64,
    ) -> StoreResult<Vec<MonthCount>> {
        read!(self, crate::theme::month_counts, now, offset_secs, limit)
    }
}

#[async_trait]
impl ThemeWrites for SqlStore {
    async fn put_menu(&self, items: &[MenuItem]) -> StoreResult<()> {
        transaction!(self, |db| crate::theme::put_menu(db, items))
    }

    async fn put_widgets(&self, widgets: &[Widget]) -> StoreResult<()> {
        transaction!(self, |db| crate::theme::put_widgets(db, widgets))
    }
}
