//! `beitrag followers list|remove`: who follows the blog in the fediverse.

use std::io::Write;

use anyhow::{Result, bail};
use beitrag_core::service::fediverse;
use beitrag_core::{Actor, Core};

use crate::cli::FollowersCommand;

/// Runs one `followers` subcommand as the operator.
pub(super) async fn run(core: &Core, cmd: FollowersCommand) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match cmd {
        FollowersCommand::List { format } => {
            if !matches!(format.as_str(), "text" | "json") {
                bail!("unknown format `{format}`: use text or json");
            }
            let all = fediverse::every_follower(core, &Actor::Operator).await?;
            if format == "json" {
                let list: Vec<serde_json::Value> = all
                    .iter()
                    .map(|f| {
                        serde_json::json!({
                            "handle": f.handle,
                            "actor": f.remote,
                            "inbox": f.delivery_inbox(),
                            "since": f.created_at.to_rfc3339(),
                        })
                    })
                    .collect();
                let _ = writeln!(stdout, "{}", serde_json::to_string_pretty(&list)?);
            } else {
                for f in &all {
                    let _ = writeln!(
                        stdout,
                        "{}\t{}\t{}",
                        f.handle,
                        f.remote,
                        f.created_at.to_rfc3339()
                    );
                }
            }
        }
        FollowersCommand::Remove { who } => {
            match fediverse::remove_follower(core, &Actor::Operator, &who).await {
                Ok(()) => {
                    let _ = writeln!(stdout, "{who} no longer follows the blog");
                }
                Err(beitrag_core::Error::NotFound) => bail!("{who} does not follow the blog"),
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}
