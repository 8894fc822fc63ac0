//! Writing a fixed file back: never through a planted temporary file, never over edits made
//! during the run, never in a way that changes what the path is.
//!
//! The rules, as the README states them:
//! - A symlink is written through: its target gets the fix, the link stays a link.
//! - A file with more than one hard link is not fixed: replacing it would give this path a new
//!   file and leave the other links with the old text.
//! - A read-only file (no write permission bit set) is not fixed.
//! - The owner, group and permissions (set-user-ID and set-group-ID bits too) are kept; a file
//!   whose owner or group the user cannot give to the new file is not fixed. Extended
//!   attributes (ACLs, SELinux labels) are not copied.
//! - The fixed text goes to a new file with a random name, created exclusively (`O_EXCL`)
//!   beside the target, and is renamed over it only if the target still holds the text that
//!   was checked.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a fixed file was not written.
#[derive(Debug)]
pub enum Refused {
    /// Writing is not safe or would lose something; the file is left as it is.
    Unsafe(String),
    /// The system refused.
    Io(std::io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Unsafe(why) => f.write_str(why),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for Refused {
    fn from(e: std::io::Error) -> Self {
        Refused::Io(e)
    }
}

/// Replaces the file at `path` (or, for a symlink, its target) with `fixed`, if it still holds
/// `checked`.
pub fn replace_checked(path: &Path, checked: &[u8], fixed: &[u8]) -> Result<(), Refused> {
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(Refused::Unsafe("not a regular file".to_string()));
    }
    if meta.permissions().readonly() {
        return Err(Refused::Unsafe(
            "the file is read-only; not fixed".to_string(),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(Refused::Unsafe(format!(
                "the file has {} hard links; replacing it would leave the others unfixed, so it is not fixed",
                meta.nlink()
            )));
        }
    }
    let dir = target
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    // A short name of its own: the input's name may already be as long as names can be.
    let mut tmp = tempfile::Builder::new()
        .prefix(".b24lint-fix.")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(fixed)?;
    tmp.as_file().flush()?;
    // Owner first: changing it clears the set-user-ID and set-group-ID bits, which the
    // permissions set after it bring back.
    keep_owner(tmp.as_file(), &meta)?;
    fs::set_permissions(tmp.path(), meta.permissions())?;
    // Last look before the rename: an editor or another tool may have written meanwhile.
    if fs::read(&target)? != checked {
        return Err(Refused::Unsafe(
            "the file changed since it was checked; not fixed (run again)".to_string(),
        ));
    }
    tmp.persist(&target).map_err(|e| Refused::Io(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn keep_owner(file: &fs::File, meta: &fs::Metadata) -> Result<(), Refused> {
    use std::os::unix::fs::MetadataExt;
    let mine = file.metadata()?;
    if (mine.uid(), mine.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
        return Err(Refused::Unsafe(
            "the file belongs to another user or group, which the fixed file could not keep; not fixed"
                .to_string(),
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_owner(_: &fs::File, _: &fs::Metadata) -> Result<(), Refused> {
    Ok(())
}

/// The same file on disk (device and inode), however it is named.
#[cfg(unix)]
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_edited_since_it_was_checked_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        fs::write(&path, "edited meanwhile").unwrap();
        let err = replace_checked(&path, b"as checked", b"fixed").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the file changed since it was checked; not fixed (run again)"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited meanwhile");
        // Nothing is left behind: the temporary file is removed.
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn an_unchanged_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        fs::write(&path, "as checked").unwrap();
        replace_checked(&path, b"as checked", b"fixed").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "fixed");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_same_file_under_two_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        fs::write(&path, "x").unwrap();
        assert!(same_file(&path, &dir.path().join(".").join("c.json")));
        assert!(!same_file(&path, &dir.path().join("other.json")));
    }
}
