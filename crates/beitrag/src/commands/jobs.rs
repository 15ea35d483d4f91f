//! `beitrag jobs list|retry|cancel`: the operator's view of the queue.

use std::io::Write;

use anyhow::{Result, bail};
use beitrag_core::model::{JobId, JobState, JobStatus};
use beitrag_core::service::jobs;
use beitrag_core::store::JobFilter;
use beitrag_core::{Actor, Core};

use crate::cli::JobsCommand;

fn json(j: &JobState) -> serde_json::Value {
    serde_json::json!({
        "id": j.job.id.0,
        "kind": j.job.kind,
        "status": j.status.as_str(),
        "attempts": j.job.attempts,
        "max_attempts": j.job.max_attempts,
        "payload": serde_json::from_str::<serde_json::Value>(&j.job.payload)
            .unwrap_or(serde_json::Value::String(j.job.payload.clone())),
        "created_at": j.created_at.to_rfc3339(),
        "run_at": j.run_at.to_rfc3339(),
        "done_at": j.done_at.map(|t| t.to_rfc3339()),
        "last_error": j.last_error,
    })
}

/// Runs one `jobs` subcommand as the operator.
pub(super) async fn run(core: &Core, cmd: JobsCommand) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match cmd {
        JobsCommand::List {
            status,
            format,
            limit,
        } => {
            let status = status.as_deref().map(str::parse::<JobStatus>).transpose()?;
            if !matches!(format.as_str(), "text" | "json") {
                bail!("unknown format `{format}`: use text or json");
            }
            let filter = JobFilter {
                status,
                limit: limit.clamp(1, 10_000),
            };
            let rows = jobs::list(core, &Actor::Operator, &filter).await?;
            if format == "json" {
                let list: Vec<serde_json::Value> = rows.iter().map(json).collect();
                let _ = writeln!(stdout, "{}", serde_json::to_string_pretty(&list)?);
            } else {
                for j in rows {
                    let _ = writeln!(
                        stdout,
                        "{}\t{}\t{}\t{}/{}\t{}\t{}",
                        j.job.id.0,
                        j.status,
                        j.job.kind,
                        j.job.attempts,
                        j.job.max_attempts,
                        j.run_at.to_rfc3339(),
                        j.last_error
                    );
                }
            }
        }
        JobsCommand::Retry { id } => {
            jobs::retry(core, &Actor::Operator, JobId(id))
                .await
                .map_err(|e| named(e, id))?;
            let _ = writeln!(stdout, "job {id} queued again");
        }
        JobsCommand::Cancel { id } => {
            jobs::cancel(core, &Actor::Operator, JobId(id))
                .await
                .map_err(|e| named(e, id))?;
            let _ = writeln!(stdout, "job {id} cancelled");
        }
    }
    Ok(())
}

fn named(e: beitrag_core::Error, id: i64) -> anyhow::Error {
    match e {
        beitrag_core::Error::NotFound => anyhow::anyhow!("no job {id}"),
        beitrag_core::Error::Invalid { message, .. } => anyhow::anyhow!("job {id}: {message}"),
        other => anyhow::Error::from(other),
    }
}
