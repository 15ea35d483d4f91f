//! The error type of this crate: every failure names a file and a line.

use std::path::PathBuf;

/// A failure to import a file, pointing at the offending place.
///
/// `line` is 1-based and counts lines in the whole file (front matter fences
/// included). Problems that concern the file as a whole (it does not exist,
/// it is too large, it cannot be read) use line 0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ImportError {
    /// The file the error is about, as it was given.
    pub file: PathBuf,
    /// 1-based line in the whole file, or 0 for problems with the file as a whole.
    pub line: usize,
    /// Human readable description of the problem.
    pub message: String,
}

impl ImportError {
    /// Builds an error for `file` at `line`.
    pub(crate) fn new(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_file_line_and_message_when_formatted() {
        let err = ImportError::new("posts/a.md", 3, "unknown field `foo`");
        assert_eq!(err.to_string(), "posts/a.md:3: unknown field `foo`");
    }
}
