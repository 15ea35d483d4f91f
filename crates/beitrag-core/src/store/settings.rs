//! Site settings and the redirect table.

use async_trait::async_trait;

use super::StoreResult;

/// Reading settings and redirects.
#[async_trait]
pub trait SettingReads: Send + Sync {
    /// All stored settings.
    async fn settings(&self) -> StoreResult<Vec<(String, String)>>;
    /// Where an old path now lives.
    async fn redirect_for(&self, path: &str) -> StoreResult<Option<String>>;
}

/// Changing settings.
#[async_trait]
pub trait SettingWrites: Send + Sync {
    /// Writes settings and records redirects, in one transaction.
    async fn put_settings(
        &self,
        pairs: &[(String, String)],
        redirects: &[(String, String)],
    ) -> StoreResult<()>;
}
