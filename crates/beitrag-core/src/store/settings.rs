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
    /// Stores `value` under `key` unless the key already has one, and
    /// returns the value stored: of processes racing to create the same
    /// setting (instances starting at once), all end up with the winner's.
    async fn add_setting(&self, key: &str, value: &str) -> StoreResult<String>;
}
