//! Command-line interface (clap). Flags override the configuration file and
//! `BEITRAG_…` environment variables.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// beitrag: a self-hosted blog and community platform.
#[derive(Debug, Parser)]
#[command(name = "beitrag", version, about)]
pub struct Cli {
    /// Configuration file (default: beitrag.toml when present).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database URL: sqlite:PATH or postgres://… (overrides the config).
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// More log output.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the blog.
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate {
        /// List the migrations that would run, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Check configuration and database health.
    Check,
    /// Configuration helpers.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Personal access tokens for the JSON API.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Read and change site settings.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Bring a blog over: WordPress exports (WXR), Markdown files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write the blog out as Markdown files.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Import and export posts as Markdown files (same as `import markdown`
    /// and `export markdown`).
    #[command(subcommand)]
    Post(PostCommand),
    /// Moderate comments, trackbacks, pingbacks and Webmentions.
    #[command(subcommand)]
    Comments(CommentsCommand),
    /// Export or erase everything stored about one email address (GDPR).
    #[command(subcommand)]
    Privacy(PrivacyCommand),
    /// Inspect, retry and cancel background jobs.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// The blog's followers in the fediverse.
    #[command(subcommand)]
    Followers(FollowersCommand),
    /// List and remove email subscribers.
    #[command(subcommand)]
    Subscribers(SubscribersCommand),
    /// Write a consistent backup of the database and the media into FILE
    /// (an engine-neutral archive; the blog may keep running).
    Backup {
        /// The archive to write (e.g. blog-2026-12-02.beitrag.tar.gz).
        file: PathBuf,
    },
    /// Restore a backup into an empty database of either engine (also how
    /// a blog moves from SQLite to PostgreSQL) and an empty media store.
    Restore {
        /// The archive written by `beitrag backup`.
        file: PathBuf,
    },
    /// Fill the database with generated posts (for benchmarks).
    #[command(hide = true)]
    Seed(SeedArgs),
}

/// `beitrag serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// Do not create demo content on first start.
    #[arg(long)]
    pub no_demo: bool,
}

/// `beitrag config …`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the annotated default configuration.
    Default,
}

/// `beitrag user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; prints a generated password once.
    Add {
        /// Login name.
        login: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Email address.
        #[arg(long)]
        email: String,
        /// administrator, editor, author or contributor.
        #[arg(long, default_value = "author")]
        role: String,
        /// Biography.
        #[arg(long, default_value = "")]
        bio: String,
    },
    /// List users.
    List,
    /// Set a new password: read from standard input when it is not a
    /// terminal, otherwise generated and printed once.
    Passwd {
        /// Login name.
        login: String,
    },
    /// Application passwords: one per desktop or mobile client (MarsEdit,
    /// Open Live Writer, …), used over XML-RPC instead of the login password.
    #[command(subcommand)]
    AppPassword(AppPasswordCommand),
}

/// `beitrag user app-password …`
#[derive(Debug, Subcommand)]
pub enum AppPasswordCommand {
    /// Create one; prints it once.
    Add {
        /// Login name of the owner.
        login: String,
        /// The client it is for (e.g. "MarsEdit on the laptop").
        #[arg(long)]
        name: String,
    },
    /// List a user's application passwords (never the secrets).
    List {
        /// Login name of the owner.
        login: String,
    },
    /// Revoke one.
    Revoke {
        /// Login name of the owner.
        login: String,
        /// Its id (from `list`).
        id: i64,
    },
}

/// `beitrag token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for a user; prints it once.
    Add {
        /// Login name of the owner.
        login: String,
        /// What the token is for (e.g. "Laptop", "Backup script").
        #[arg(long)]
        name: String,
        /// read or write.
        #[arg(long, default_value = "read")]
        scope: String,
    },
    /// List a user's tokens (never the secrets).
    List {
        /// Login name of the owner.
        login: String,
    },
    /// Revoke a token.
    Revoke {
        /// Login name of the owner.
        login: String,
        /// Token id (from `token list`).
        id: i64,
    },
}

/// `beitrag settings …`
#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Print one setting, or all when no key is given.
    Get {
        /// Setting name.
        key: Option<String>,
    },
    /// Change a setting.
    Set {
        /// Setting name.
        key: String,
        /// New value.
        value: String,
    },
}

/// `beitrag import …`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a WordPress export (Tools → Export → All content): authors,
    /// posts, pages, tags, categories, comments, trackbacks and pingbacks,
    /// with every old URL redirected to its new place. Running it again
    /// changes nothing.
    Wordpress {
        /// The export file (WXR 1.0, 1.1 or 1.2).
        file: PathBuf,
        /// Check everything, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import nothing unless every item can be imported.
        #[arg(long)]
        strict: bool,
        /// Download the attachments (through the SSRF-safe client, a few at
        /// a time) into the media library and point the posts' links at
        /// the copies; old /wp-content/uploads/… addresses redirect there.
        #[arg(long)]
        fetch_media: bool,
    },
    /// Import a Ghost export (Settings → Labs → Export): authors, posts,
    /// pages, tags, feature images; old /{slug}/ URLs redirected. Running
    /// it again changes nothing.
    Ghost {
        /// The export file (JSON).
        file: PathBuf,
        /// Check everything, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Import Markdown files (with TOML or YAML front matter) and folders of them.
    Markdown(MarkdownImport),
}

/// `beitrag import markdown …` and `beitrag post import …`
#[derive(Debug, Args)]
pub struct MarkdownImport {
    /// Files or directories.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Check everything, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Queue Webmentions and Pingbacks to every site the imported posts
    /// link to (sent by the running server); off by default, because an
    /// import usually moves old posts.
    #[arg(long)]
    pub send_linkbacks: bool,
}

/// `beitrag export …`
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The whole blog as a WordPress export (WXR 1.2): authors, categories,
    /// tags, posts, pages and their responses, for WordPress's importer or
    /// another beitrag.
    Wordpress {
        /// The file to write.
        file: PathBuf,
    },
    /// Every post and page as a Markdown file into DIR.
    Markdown {
        /// Target directory.
        dir: PathBuf,
    },
}

/// `beitrag post …`
#[derive(Debug, Subcommand)]
pub enum PostCommand {
    /// Import Markdown files (with TOML or YAML front matter) and folders of them.
    Import(MarkdownImport),
    /// Export every post and page as Markdown files into DIR.
    Export {
        /// Target directory.
        dir: PathBuf,
    },
}

/// `beitrag comments …`
#[derive(Debug, Subcommand)]
pub enum CommentsCommand {
    /// List responses, newest first.
    List {
        /// pending, approved, spam or trash (default: all).
        #[arg(long)]
        status: Option<String>,
        /// text or json.
        #[arg(long, default_value = "text")]
        format: String,
        /// Most rows to show.
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// Publish responses.
    Approve {
        /// Comment ids.
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Mark responses as spam (trains the spam filter).
    Spam {
        /// Comment ids.
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Move spam back to the moderation queue.
    Unspam {
        /// Comment ids.
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Move responses to the trash.
    Trash {
        /// Comment ids.
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Delete responses for good.
    Delete {
        /// Comment ids.
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Replace the text of a response.
    Edit {
        /// Comment id.
        id: i64,
        /// New text (plain text with the comment form's Markdown subset).
        #[arg(long)]
        text: String,
    },
}

/// `beitrag subscribers …`
#[derive(Debug, Subcommand)]
pub enum SubscribersCommand {
    /// List email subscribers, newest first, with the time of consent.
    List {
        /// text or json.
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Remove a subscriber, by id or email address.
    Remove {
        /// Id or email address.
        subscriber: String,
    },
}

/// `beitrag privacy …`
#[derive(Debug, Subcommand)]
pub enum PrivacyCommand {
    /// Print, as JSON, every comment sent with this email address and its
    /// email subscription.
    Export {
        /// Email address.
        email: String,
    },
    /// Delete every comment sent with this email address and its email
    /// subscription.
    Erase {
        /// Email address.
        email: String,
    },
}

/// `beitrag seed`
#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Posts to generate.
    #[arg(long, default_value_t = 10_000)]
    pub posts: usize,
    /// Approved comments per post.
    #[arg(long, default_value_t = 3)]
    pub comments: usize,
    /// Years the posts are spread over, ending now, whatever their number:
    /// sizes then differ in density, not in calendar length, as large
    /// blogs do (one post a day made 100,000 posts span 274 years).
    #[arg(long, default_value_t = 10)]
    pub years: u32,
}

/// `beitrag jobs …`
#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// List jobs, newest first.
    List {
        /// queued, running, done, failed or cancelled (default: all).
        #[arg(long)]
        status: Option<String>,
        /// text or json.
        #[arg(long, default_value = "text")]
        format: String,
        /// Most rows to show.
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// Queue a failed or cancelled job again, now, with fresh attempts.
    Retry {
        /// Job id.
        id: i64,
    },
    /// Cancel a queued job.
    Cancel {
        /// Job id.
        id: i64,
    },
}

/// `beitrag followers …`
#[derive(Debug, Subcommand)]
pub enum FollowersCommand {
    /// List followers, oldest first.
    List {
        /// text or json.
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Remove a follower: they get nothing more from the blog.
    Remove {
        /// Their handle (`@user@host`) or actor URL.
        who: String,
    },
}
