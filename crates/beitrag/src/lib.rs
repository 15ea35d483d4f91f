//! The `beitrag` binary's library half: command line, configuration
//! layering, wiring of store, services and web, the demo content, and the
//! testable server entry point [`server::serve_with_listener`].

pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod logging;
pub mod seed;
pub mod server;

use anyhow::Result;

/// Runs one parsed command.
pub async fn run(cli: cli::Cli) -> Result<()> {
    commands::run(cli).await
}
