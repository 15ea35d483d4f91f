//! The settings and redirects: `beitrag_core::store` traits for [`SqlStore`].

use async_trait::async_trait;
use beitrag_core::store::*;

use crate::error::map;
use crate::exec::Db;
use crate::store::SqlStore;
use crate::store::{exclusive, read, transaction};

#[async_trait]
impl SettingReads for SqlStore {
    async fn settings(&self) -> StoreResult<Vec<(String, String)>> {
        read!(self, crate::settings::all)
    }

    async fn redirect_for(&self, path: &str) -> StoreResult<Option<String>> {
        read!(self, crate::settings::redirect_for, path)
    }
}

#[async_trait]
impl SettingWrites for SqlStore {
    async fn put_settings(
        &self,
        pairs: &[(String, String)],
        redirects: &[(String, String)],
    ) -> StoreResult<()> {
        transaction!(self, |db| crate::settings::put_with_redirects(
            db, pairs, redirects
        ))
    }

    async fn add_setting(&self, key: &str, value: &str) -> StoreResult<String> {
        exclusive!(self, crate::settings::add, key, value)
    }
}
