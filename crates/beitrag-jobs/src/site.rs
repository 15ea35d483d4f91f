//! What a job knows of the site: settings, terms and authors, read fresh
//! for each job (jobs are few; a stale snapshot would build wrong links).

use beitrag_core::model::User;
use beitrag_core::service::links::Directory;
use beitrag_core::{Core, Result, Settings};

/// Settings, terms and users.
pub(crate) struct Site {
    pub(crate) settings: Settings,
    pub(crate) directory: Directory,
    pub(crate) users: Vec<User>,
}

impl Site {
    pub(crate) async fn load(core: &Core) -> Result<Self> {
        let store = core.read();
        let settings = beitrag_core::service::settings::load(store).await?;
        let users = store.users().await?;
        let directory = Directory::new(store.terms().await?, &users);
        Ok(Self {
            settings,
            directory,
            users,
        })
    }

    /// Absolute URL of a site path.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.settings.base_url, path)
    }

    /// The permalink of a post.
    pub(crate) fn permalink(&self, post: &beitrag_core::model::Post) -> String {
        self.url(&self.directory.post_path(&self.settings, post))
    }
}
