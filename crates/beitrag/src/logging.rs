//! Log output: `RUST_LOG` when set, otherwise info (or debug with `-v`).

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls are ignored.
pub fn init(verbose: bool) {
    let default = if verbose {
        "debug"
    } else {
        "info,sqlx=warn,tower_http=warn"
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
