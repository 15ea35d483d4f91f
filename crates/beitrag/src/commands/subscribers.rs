//! `beitrag subscribers list|remove`, and the subscription's part of
//! `beitrag privacy export|erase`.

use std::io::Write;

use anyhow::{Result, bail};
use beitrag_core::model::{Subscriber, SubscriberId};
use beitrag_core::service::subscribers;
use beitrag_core::{Actor, Core};

use crate::cli::SubscribersCommand;

fn json(s: &Subscriber) -> serde_json::Value {
    serde_json::json!({
        "id": s.id.0,
        "email": s.email,
        "status": if s.confirmed_at.is_some() { "confirmed" } else { "pending" },
        "created_at": s.created_at.to_rfc3339(),
        "confirmed_at": s.confirmed_at.map(|t| t.to_rfc3339()),
    })
}

/// Runs one `subscribers` subcommand as the operator.
pub(super) async fn run(core: &Core, cmd: SubscribersCommand) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match cmd {
        SubscribersCommand::List { format } => {
            if !matches!(format.as_str(), "text" | "json") {
                bail!("unknown format `{format}`: use text or json");
            }
            let rows = subscribers::list(core, &Actor::Operator).await?;
            if format == "json" {
                let list: Vec<serde_json::Value> = rows.iter().map(json).collect();
                let _ = writeln!(stdout, "{}", serde_json::to_string_pretty(&list)?);
            } else {
                for s in rows {
                    let consent = s
                        .confirmed_at
                        .map_or_else(|| "pending".to_owned(), |t| t.to_rfc3339());
                    let _ = writeln!(stdout, "{}\t{}\t{consent}", s.id.0, s.email);
                }
            }
        }
        SubscribersCommand::Remove { subscriber } => {
            let id = match subscriber.parse::<i64>() {
                Ok(id) => SubscriberId(id),
                Err(_) => match subscribers::by_email(core, &Actor::Operator, &subscriber).await? {
                    Some(s) => s.id,
                    None => bail!("no subscriber {subscriber}"),
                },
            };
            match subscribers::remove(core, &Actor::Operator, id).await {
                Ok(()) => {
                    let _ = writeln!(stdout, "removed subscriber {subscriber}");
                }
                Err(beitrag_core::Error::NotFound) => bail!("no subscriber {subscriber}"),
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}

/// The subscription of `email` as JSON (`null` without one).
pub(super) async fn by_email(core: &Core, email: &str) -> Result<serde_json::Value> {
    Ok(subscribers::by_email(core, &Actor::Operator, email)
        .await?
        .as_ref()
        .map_or(serde_json::Value::Null, json))
}

/// Removes the subscription of `email`; whether there was one.
pub(super) async fn erase(core: &Core, email: &str) -> Result<bool> {
    Ok(subscribers::erase_email(core, &Actor::Operator, email).await?)
}
