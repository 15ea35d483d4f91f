//! `beitrag user app-password add|list|revoke`: the operator's side of the
//! application passwords desktop and mobile clients sign in with.

use std::io::Write;

use anyhow::{Context, Result, bail};
use beitrag_core::model::{Scope, TokenId, User};
use beitrag_core::service::auth;
use beitrag_core::{Actor, Core};

use crate::cli::AppPasswordCommand;

fn say(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

async fn owner(core: &Core, login: &str) -> Result<User> {
    core.read()
        .user_by_login(login)
        .await?
        .with_context(|| format!("no user `{login}`"))
}

pub(super) async fn command(core: &Core, cmd: AppPasswordCommand) -> Result<()> {
    match cmd {
        AppPasswordCommand::Add { login, name } => {
            let user = owner(core, &login).await?;
            let (id, secret) =
                auth::create_app_password(core, &Actor::Operator, &user, &name, chrono::Utc::now())
                    .await?;
            say(&format!(
                "Application password {id} for `{login}` ({name}): {secret}\n\
                 It is shown only now. Sign the client in as `{login}` with it; \
                 the blog's XML-RPC address is /xmlrpc.",
                id = id.0
            ));
        }
        AppPasswordCommand::List { login } => {
            let user = owner(core, &login).await?;
            for t in core.read().tokens_of_user(user.id).await? {
                if t.scope != Scope::App {
                    continue;
                }
                let used = t.last_used_at.map_or_else(
                    || "never used".to_owned(),
                    |at| format!("last used {}", at.to_rfc3339()),
                );
                say(&format!(
                    "{}\t{}\tcreated {}\t{used}",
                    t.id.0,
                    t.name,
                    t.created_at.to_rfc3339()
                ));
            }
        }
        AppPasswordCommand::Revoke { login, id } => {
            let user = owner(core, &login).await?;
            let is_app = core
                .read()
                .tokens_of_user(user.id)
                .await?
                .iter()
                .any(|t| t.id == TokenId(id) && t.scope == Scope::App);
            if !is_app
                || auth::revoke_token(core, &Actor::Operator, user.id, TokenId(id)).await? == 0
            {
                bail!("`{}` has no application password {id}", user.login);
            }
            say(&format!("Application password {id} revoked"));
        }
    }
    Ok(())
}
