//! The theme's menu and sidebar, and the one aggregate only the sidebar
//! asks for (posts per month).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::model::{MenuItem, MonthCount, Widget};

/// Reading the menu and the widgets.
#[async_trait]
pub trait ThemeReads: Send + Sync {
    /// The navigation menu, in order (empty: none was made).
    async fn menu_items(&self) -> StoreResult<Vec<MenuItem>>;
    /// The sidebar's widgets, in order.
    async fn widgets(&self) -> StoreResult<Vec<Widget>>;
    /// Posts visible at `now` per month, newest month first, at most
    /// `limit` months; months are counted in the zone `offset_secs` east of
    /// UTC.
    async fn month_counts(
        &self,
        now: DateTime<Utc>,
        offset_secs: i64,
        limit: i64,
    ) -> StoreResult<Vec<MonthCount>>;
}

/// Replacing the menu or the widgets.
#[async_trait]
pub trait ThemeWrites: Send + Sync {
    /// Replaces the whole menu in one transaction.
    async fn put_menu(&self, items: &[MenuItem]) -> StoreResult<()>;
    /// Replaces every widget in one transaction.
    async fn put_widgets(&self, widgets: &[Widget]) -> StoreResult<()>;
}
