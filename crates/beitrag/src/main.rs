//! The `beitrag` command. All logic lives in the library half of this crate
//! so integration tests can start the real server in-process.

use std::process::ExitCode;

use clap::Parser;

// glibc's malloc took about a sixth of an uncached page's CPU (arena locks,
// consolidation across the runtime's and SQLite's threads); mimalloc's
// thread-local free lists do the same work for a fraction. Its `override`
// feature gives it SQLite's allocations too (C code calls `malloc`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = beitrag::cli::Cli::parse();
    // The log format is configuration; a configuration that does not load
    // is reported by the command itself, in the default format.
    let format = beitrag::config::load(cli.config.as_deref(), None)
        .map(|c| c.log.format)
        .unwrap_or_default();
    beitrag::logging::init(cli.verbose, format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(beitrag::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One clear line: the chain of contexts, no backtrace.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
