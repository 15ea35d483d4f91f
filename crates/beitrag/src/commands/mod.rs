//! One function per subcommand; each loads the configuration, opens the
//! core and calls its services as the machine's operator
//! ([`Actor::Operator`]). Output for people goes to stdout, errors bubble
//! up to `main` as one line.

mod app_password;
mod backup;
mod followers;
mod import;
mod jobs;
mod subscribers;

use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use beitrag_core::model::Role;
use beitrag_core::service::{settings, user};

use beitrag_core::{Actor, Core};

use crate::cli::PrivacyCommand;
use crate::cli::{
    Cli, Command, CommentsCommand, ConfigCommand, SettingsCommand, TokenCommand, UserCommand,
};
use crate::{config, server};

/// Rows per query when a command lists many.
const LIST_PAGE: i64 = 1_000;

/// Prints to stdout, ignoring a closed pipe (`beitrag user list | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, $($arg)*);
    }};
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> Result<()> {
    if let Command::Config(ConfigCommand::Default) = cli.command {
        out!("{}", crate::config::EXAMPLE.trim_end());
        return Ok(());
    }
    let cfg = config::load(cli.config.as_deref(), cli.database.as_deref())?;
    match cli.command {
        Command::Serve(args) => serve(cfg, args).await,
        Command::Migrate { dry_run: true } => {
            let url = cfg.database.url.expose();
            let store = beitrag_store::SqlStore::connect(url, 1)
                .await
                .with_context(|| format!("cannot open database {}", server::redact(url)))?;
            let pending = store.pending_migrations().await.with_context(|| {
                format!("cannot read the migrations of {}", server::redact(url))
            })?;
            if pending.is_empty() {
                out!("database {} is up to date", server::redact(url));
            } else {
                out!("{} pending migrations (not applied):", pending.len());
                for (version, description) in pending {
                    out!("  {version:04} {description}");
                }
            }
            beitrag_core::Store::close(&store).await;
            Ok(())
        }
        Command::Migrate { dry_run: false } => {
            server::open_store(&cfg).await?;
            out!(
                "database {} is up to date",
                server::redact(cfg.database.url.expose())
            );
            Ok(())
        }
        Command::Check => check(&cfg).await,
        Command::Config(_) => Ok(()),
        Command::User(_)
        | Command::Token(_)
        | Command::Settings(_)
        | Command::Post(_)
        | Command::Import(_)
        | Command::Export(_)
        | Command::Comments(_)
        | Command::Privacy(_)
        | Command::Jobs(_)
        | Command::Followers(_)
        | Command::Subscribers(_) => {
            let (_, core) = server::open_core(&cfg).await?;
            let result = match cli.command {
                Command::User(cmd) => user_command(&core, cmd).await,
                Command::Token(cmd) => token_command(&core, cmd).await,
                Command::Settings(cmd) => settings_command(&core, cmd).await,
                Command::Post(cmd) => import::post_command(&core, cmd).await,
                Command::Import(cmd) => import::import_command(&core, &cfg, cmd).await,
                Command::Export(cmd) => import::export_command(&core, cmd).await,
                Command::Comments(cmd) => comments_command(&core, cmd).await,
                Command::Privacy(cmd) => privacy_command(&core, cmd).await,
                Command::Jobs(cmd) => jobs::run(&core, cmd).await,
                Command::Followers(cmd) => followers::run(&core, cmd).await,
                Command::Subscribers(cmd) => subscribers::run(&core, cmd).await,
                _ => Ok(()),
            };
            // What this process changed reaches running servers.
            core.flush_changes().await;
            result
        }
        Command::Backup { file } => backup::backup(&cfg, &file).await,
        Command::Restore { file } => backup::restore(&cfg, &file).await,
        Command::Seed(args) => {
            let (_, core) = server::open_core(&cfg).await?;
            crate::seed::seed(&core, args.posts, args.comments, args.years).await?;
            core.flush_changes().await;
            out!("added {} posts", args.posts);
            Ok(())
        }
    }
}

async fn serve(mut cfg: crate::config::Config, args: crate::cli::ServeArgs) -> Result<()> {
    if let Some(listen) = args.listen {
        cfg.server.listen = listen;
    }
    // A broken `[media]` stops the start before the port or the database
    // are touched.
    cfg.media.target()?;
    let listen = cfg.server.listen.clone();
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let (store, core) = server::open_core(&cfg).await?;
    if let Some(c) = server::first_start(&core, &cfg, &listen, !args.no_demo).await? {
        out!(
            "Created administrator `{}` with password: {}",
            c.login,
            c.password
        );
        out!(
            "This password is shown only once; change it with `beitrag user passwd {}`.",
            c.login
        );
    }
    let base = settings::load(core.read()).await?.base_url;
    tracing::info!(listen = %listen, "serving");
    out!("beitrag is running at {base}/ (listening on {listen}); stop with Ctrl-C");
    out!("The admin is at {base}/admin/");
    server::serve(store, core, &cfg, listener, server::shutdown_signal()).await
}

async fn check(cfg: &crate::config::Config) -> Result<()> {
    let store = server::open_store(cfg).await?;
    store.ping().await.context("database does not answer")?;
    let s = settings::load(store.as_ref())
        .await
        .context("stored settings are invalid")?;
    let users = store.users().await?;
    out!("configuration: ok");
    out!(
        "database: ok ({}, {})",
        store.backend(),
        server::redact(cfg.database.url.expose())
    );
    out!("site: {} ({}, {})", s.title, s.language, s.base_url);
    out!("users: {}", users.len());
    if let config::MediaTarget::Local(dir) = cfg.media.target()? {
        // A check writes nothing, not even the directory `serve` creates.
        if !dir.is_dir() {
            out!(
                "media: {} does not exist yet (serve creates it)",
                dir.display()
            );
            return Ok(());
        }
    }
    let media = server::open_media(cfg)?;
    // The probe `/readyz` uses.
    match tokio::time::timeout(Duration::from_secs(15), media.probe()).await {
        Ok(Ok(_)) => out!("media: ok ({})", media.kind()),
        Ok(Err(e)) => bail!("media storage ({}) does not answer: {e}", media.kind()),
        Err(_) => bail!(
            "media storage ({}) did not answer within 15 s",
            media.kind()
        ),
    }
    Ok(())
}

fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(user::generate_password());
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let pw = line.trim_end_matches(['\r', '\n']).to_owned();
    if pw.is_empty() {
        bail!(
            "standard input was empty: pipe the new password in, or run from a terminal to generate one"
        );
    }
    Ok(pw)
}

async fn user_command(core: &Core, cmd: UserCommand) -> Result<()> {
    match cmd {
        UserCommand::Add {
            login,
            name,
            email,
            role,
            bio,
        } => {
            let role = Role::parse(&role).with_context(|| {
                format!("unknown role `{role}`: use administrator, editor, author or contributor")
            })?;
            let password = user::generate_password();
            let u = user::create(
                core,
                &Actor::Operator,
                user::UserInput {
                    login,
                    display_name: name,
                    email,
                    role,
                    bio,
                },
                &password,
            )
            .await?;
            out!("Created {} `{}` with password: {password}", u.role, u.login);
        }
        UserCommand::List => {
            for u in core.read().users().await? {
                out!("{}\t{}\t{}\t{}", u.login, u.role, u.display_name, u.email);
            }
        }
        UserCommand::Passwd { login } => {
            let generated = std::io::stdin().is_terminal();
            let password = read_password()?;
            user::set_password(core, &Actor::Operator, &login, &password)
                .await
                .map_err(|e| match e {
                    beitrag_core::Error::NotFound => anyhow::anyhow!("no user `{login}`"),
                    other => other.into(),
                })?;
            if generated {
                out!("New password for `{login}`: {password}");
            } else {
                out!("Password for `{login}` changed");
            }
        }
        UserCommand::AppPassword(cmd) => app_password::command(core, cmd).await?,
    }
    Ok(())
}

async fn token_command(core: &Core, cmd: TokenCommand) -> Result<()> {
    use beitrag_core::model::{Scope, TokenId};
    use beitrag_core::service::auth;
    let owner = |login: String| {
        let core = core.clone();
        async move {
            core.read()
                .user_by_login(&login)
                .await?
                .with_context(|| format!("no user `{login}`"))
        }
    };
    match cmd {
        TokenCommand::Add { login, name, scope } => {
            let scope = Scope::parse(&scope)
                .with_context(|| format!("unknown scope `{scope}`: use read or write"))?;
            let user = owner(login).await?;
            let (id, secret) = auth::create_token(
                core,
                &Actor::Operator,
                &user,
                &name,
                scope,
                chrono::Utc::now(),
            )
            .await?;
            out!("Token {} ({scope}) for `{}`: {secret}", id.0, user.login);
            out!("Send it as `Authorization: Bearer {secret}`. It is not shown again.");
        }
        TokenCommand::List { login } => {
            let user = owner(login).await?;
            for t in core.read().tokens_of_user(user.id).await? {
                let used = t.last_used_at.map_or_else(
                    || "never used".to_owned(),
                    |at| format!("last used {}", at.to_rfc3339()),
                );
                out!(
                    "{}	{}	{}	created {}	{used}",
                    t.id.0,
                    t.scope,
                    t.name,
                    t.created_at.to_rfc3339()
                );
            }
        }
        TokenCommand::Revoke { login, id } => {
            let user = owner(login).await?;
            if auth::revoke_token(core, &Actor::Operator, user.id, TokenId(id)).await? == 0 {
                anyhow::bail!("`{}` has no token {id}", user.login);
            }
            out!("Token {id} revoked");
        }
    }
    Ok(())
}

async fn settings_command(core: &Core, cmd: SettingsCommand) -> Result<()> {
    match cmd {
        SettingsCommand::Get { key: Some(key) } => {
            let s = settings::load(core.read()).await?;
            let value = s
                .get(&key)
                .with_context(|| format!("unknown setting `{key}`"))?;
            out!("{value}");
        }
        SettingsCommand::Get { key: None } => {
            let s = settings::load(core.read()).await?;
            for (k, v) in s.to_pairs() {
                out!("{k} = {v}");
            }
        }
        SettingsCommand::Set { key, value } => {
            let s = settings::set(core, &Actor::Operator, &key, &value).await?;
            out!("{key} = {}", s.get(&key).unwrap_or_default());
        }
    }
    Ok(())
}

fn comment_json(c: &beitrag_core::model::Comment) -> serde_json::Value {
    serde_json::json!({
        "id": c.id.0,
        "post_id": c.post_id.0,
        "parent": c.parent.map(|p| p.0),
        "kind": c.kind.as_str(),
        "status": c.status.as_str(),
        "author": c.author_name,
        "email": c.author_email,
        "url": c.author_url,
        "source_url": c.source_url,
        // A fediverse reply's author, as people write it.
        "handle": (c.kind == beitrag_core::model::CommentKind::Fediverse)
            .then_some(c.source_title.as_str()),
        "text": beitrag_markdown::strip_tags(&c.html),
        "created_at": c.created_at.to_rfc3339(),
    })
}

async fn privacy_command(core: &Core, cmd: PrivacyCommand) -> Result<()> {
    use beitrag_core::service::comment;
    match cmd {
        PrivacyCommand::Export { email } => {
            let rows = comment::by_email(core, &Actor::Operator, &email).await?;
            let list: Vec<serde_json::Value> = rows.iter().map(comment_json).collect();
            let subscription = subscribers::by_email(core, &email).await?;
            out!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "email": email.trim(),
                    "comments": list,
                    "subscription": subscription,
                }))?
            );
        }
        PrivacyCommand::Erase { email } => {
            let n = comment::erase_email(core, &Actor::Operator, &email).await?;
            out!("erased {n} comments of {}", email.trim());
            if subscribers::erase(core, &email).await? {
                out!("erased the email subscription of {}", email.trim());
            }
        }
    }
    Ok(())
}

async fn comments_command(core: &Core, cmd: CommentsCommand) -> Result<()> {
    use beitrag_core::model::{CommentId, CommentStatus};
    use beitrag_core::service::comment::{Action, moderate};
    use beitrag_core::store::CommentFilter;
    let (action, ids) = match cmd {
        CommentsCommand::List {
            status,
            format,
            limit,
        } => {
            let status = match status.as_deref() {
                None => None,
                Some(s) => Some(CommentStatus::parse(s).with_context(|| {
                    format!("unknown status `{s}`: use pending, approved, spam or trash")
                })?),
            };
            if !matches!(format.as_str(), "text" | "json") {
                bail!("unknown format `{format}`: use text or json");
            }
            // Read in pages of `LIST_PAGE`, so any `--limit` is honoured in
            // full without one huge query.
            let want = limit.max(1);
            let mut rows = Vec::new();
            while (rows.len() as i64) < want {
                let take = (want - rows.len() as i64).min(LIST_PAGE);
                let (page, _) = core
                    .read()
                    .comments_page(&CommentFilter {
                        status,
                        post: None,
                        offset: rows.len() as i64,
                        limit: take,
                    })
                    .await?;
                let last = (page.len() as i64) < take;
                rows.extend(page);
                if last {
                    break;
                }
            }
            if format == "json" {
                let list: Vec<serde_json::Value> = rows.iter().map(comment_json).collect();
                out!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for c in rows {
                    let text: String = beitrag_markdown::strip_tags(&c.html)
                        .chars()
                        .take(60)
                        .collect();
                    out!(
                        "{}\t{}\t{}\tpost {}\t{}\t{}",
                        c.id.0,
                        c.status,
                        c.kind,
                        c.post_id.0,
                        c.author_name,
                        text
                    );
                }
            }
            return Ok(());
        }
        CommentsCommand::Approve { ids } => (Action::Approve, ids),
        CommentsCommand::Spam { ids } => (Action::Spam, ids),
        CommentsCommand::Unspam { ids } => (Action::Unspam, ids),
        CommentsCommand::Trash { ids } => (Action::Trash, ids),
        CommentsCommand::Delete { ids } => (Action::Delete, ids),
        CommentsCommand::Edit { id, text } => {
            beitrag_core::service::comment::edit(core, &Actor::Operator, CommentId(id), &text)
                .await
                .map_err(|e| match e {
                    beitrag_core::Error::NotFound => anyhow::anyhow!("no comment {id}"),
                    other => other.into(),
                })?;
            out!("comment {id} changed");
            return Ok(());
        }
    };
    let ids: Vec<CommentId> = ids.into_iter().map(CommentId).collect();
    let changed = moderate(core, &Actor::Operator, &ids, action).await?;
    if changed < ids.len() {
        bail!(
            "{changed} of {} comments changed; the others do not exist",
            ids.len()
        );
    }
    out!("{changed} comments changed");
    Ok(())
}
