//! The `beitrag` command. All logic lives in the library half of this crate
//! so integration tests can start the real server in-process.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = beitrag::cli::Cli::parse();
    beitrag::logging::init(cli.verbose);
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
