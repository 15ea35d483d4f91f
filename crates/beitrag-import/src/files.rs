//! Finding and reading Markdown files on disk.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::document::PostFile;
use crate::error::ImportError;
use crate::parse::parse_post;

/// Largest file [`read_post`] accepts: 10 MiB.
const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Expands import inputs into a sorted list of files.
///
/// Files are taken as given, whatever their extension. Directories are
/// searched recursively for `*.md` and `*.markdown` files (extension compared
/// case-insensitively); other files are ignored and symbolic links to
/// directories are not followed, so link cycles cannot loop. The result is
/// sorted and free of duplicates. A path that does not exist is an error with
/// line 0.
pub fn collect_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = fs::metadata(input).map_err(|e| io_error(input, &e))?;
        if meta.is_dir() {
            walk(input, &mut files)?;
        } else {
            files.push(input.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Adds the Markdown files below `dir` to `files`.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    let entries = fs::read_dir(dir).map_err(|e| io_error(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, &e))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| io_error(&path, &e))?;
        if file_type.is_dir() {
            walk(&path, files)?;
        } else if is_markdown(&path) {
            let is_file = if file_type.is_symlink() {
                // A dangling link or a link to a directory is skipped.
                fs::metadata(&path).is_ok_and(|m| m.is_file())
            } else {
                file_type.is_file()
            };
            if is_file {
                files.push(path);
            }
        }
    }
    Ok(())
}

/// Whether `path` ends in `.md` or `.markdown` (any case).
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Reads and parses one post file.
///
/// Files larger than 10 MiB are rejected, as is text that is not
/// UTF-8 (the error names the line of the first invalid byte). A leading byte
/// order mark is allowed. Problems with the file as a whole use line 0.
pub fn read_post(path: &Path) -> Result<PostFile, ImportError> {
    let too_large = || ImportError::new(path, 0, "file larger than 10 MiB");
    let file = fs::File::open(path).map_err(|e| io_error(path, &e))?;
    let meta = file.metadata().map_err(|e| io_error(path, &e))?;
    if meta.is_dir() {
        return Err(ImportError::new(path, 0, "is a directory"));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    // Guard against files that grow while being read.
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, &e))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..bad].iter().filter(|b| **b == b'\n').count() + 1;
        let byte = bytes.get(bad).copied().unwrap_or_default();
        ImportError::new(
            path,
            line,
            format!("invalid UTF-8 (byte 0x{byte:02X}); the file must be UTF-8 encoded"),
        )
    })?;
    parse_post(path, &text)
}

/// Turns an I/O error into an [`ImportError`] at line 0.
fn io_error(path: &Path, err: &io::Error) -> ImportError {
    let message = match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    };
    ImportError::new(path, 0, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "+++\ntitle = \"T\"\n+++\n\nBody\n";

    fn touch(path: &Path, text: &str) {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(path, text).unwrap();
    }

    #[test]
    fn collects_sorted_markdown_files_when_given_directory_tree() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "b.md",
            "a.markdown",
            "sub/z.md",
            "sub/deeper/c.MD",
            "sub/notes.txt",
            "image.png",
            "md",
            "sub/readme.md.bak",
        ] {
            touch(&root.join(name), POST);
        }
        let extra = root.join("sub/notes.txt");
        let files = collect_files(&[root.join("sub"), root.to_path_buf(), extra.clone()]).unwrap();
        let expected: Vec<PathBuf> = [
            "a.markdown",
            "b.md",
            "sub/deeper/c.MD",
            "sub/notes.txt",
            "sub/z.md",
        ]
        .iter()
        .map(|n| root.join(n))
        .collect();
        assert_eq!(files, expected);
        assert!(files.contains(&extra));
    }

    #[test]
    fn fails_with_line_0_when_input_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.md");
        let e = collect_files(std::slice::from_ref(&missing)).unwrap_err();
        assert_eq!(e.file, missing);
        assert_eq!(e.line, 0);
        assert_eq!(e.message, "no such file or directory");

        let e = read_post(&missing).unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (0, "no such file or directory")
        );
    }

    #[test]
    fn reads_post_when_file_is_valid() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.md");
        touch(&path, POST);
        let post = read_post(&path).unwrap();
        assert_eq!(post.title, "T");
        assert_eq!(post.body, "Body\n");
    }

    #[test]
    fn rejects_file_when_larger_than_10_mib() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let mut text = String::from(POST);
        text.push_str(&"x".repeat(11 * 1024 * 1024));
        touch(&path, &text);
        let e = read_post(&path).unwrap_err();
        assert_eq!(e.line, 0);
        assert_eq!(e.message, "file larger than 10 MiB");
        assert_eq!(e.file, path);
    }

    #[test]
    fn reports_line_of_first_bad_byte_when_not_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.md");
        let mut bytes = b"+++\ntitle = \"T\"\n+++\n\nGr".to_vec();
        bytes.push(0xFC); // ü in Latin-1
        bytes.extend_from_slice(b"\xDFe\n\xFF\n");
        fs::write(&path, bytes).unwrap();
        let e = read_post(&path).unwrap_err();
        assert_eq!(e.line, 5);
        assert!(e.message.contains("invalid UTF-8"), "{e}");
        assert!(e.message.contains("0xFC"), "{e}");
    }

    #[test]
    fn reports_parse_error_with_path_when_front_matter_is_bad() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.md");
        touch(&path, "+++\ntitle = \"T\"\nfoo = 1\n+++\n");
        let e = read_post(&path).unwrap_err();
        assert_eq!((e.file.as_path(), e.line), (path.as_path(), 3));
    }
}
