//! The project run's file system, on the disk: configuration files read with bounds.

use b24lint::project::{ConfigFile, FileSystem};
use std::io::Read;
use std::path::Path;

/// The largest configuration read: far beyond any real one, small enough that `/dev/zero` or
/// a planted giant file cannot exhaust memory.
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// The disk, reading inputs of at most `max_file_size` bytes.
pub struct Disk {
    pub max_file_size: u64,
}

impl FileSystem for Disk {
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        read_input(path, self.max_file_size)
    }

    /// Anything by the name counts (a dangling link too); only a name that is not there at
    /// all is absent.
    fn config(&self, path: &Path) -> ConfigFile {
        if std::fs::symlink_metadata(path).is_err() {
            return ConfigFile::Absent;
        }
        match read(path) {
            Ok(text) => ConfigFile::Text(text),
            Err(why) => ConfigFile::Unreadable(why),
        }
    }
}

/// Reads a configuration file: a regular file (symlinks followed) of at most
/// [`MAX_CONFIG_BYTES`], in UTF-8. A FIFO is refused before it is opened, so it cannot block.
fn read(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| crate::inputs::reason(&e))?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    let too_big = || format!("larger than {MAX_CONFIG_BYTES} bytes");
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| crate::inputs::reason(&e))?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| crate::inputs::reason(&e))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}

/// Reads an input file, refusing more than `max` bytes; a failure is a one-line reason.
fn read_input(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    use crate::inputs::reason;
    let too_big = || format!("larger than --max-file-size ({max} bytes)");
    let meta = std::fs::metadata(path).map_err(|e| reason(&e))?;
    if meta.is_dir() {
        // Only a directory that could not be listed gets here (the others were expanded
        // into their files).
        return Err(match std::fs::read_dir(path) {
            Err(e) => format!("cannot list the directory: {}", reason(&e)),
            Ok(_) => "is a directory".to_string(),
        });
    }
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > max {
        return Err(too_big());
    }
    let mut file = std::fs::File::open(path).map_err(|e| reason(&e))?;
    let size = meta.len() as usize;
    let mut buf = vec![0; size];
    // A regular file is read in one call, up to the size it had when it was looked at (one
    // that grows meanwhile is read as it was, one that shrank ends early), with no second call
    // to find its end.
    let mut filled = 0;
    while filled < size {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(reason(&e)),
        }
    }
    buf.truncate(filled);
    // A file that reports no size (as those under /proc do) is read to its end, at most one
    // byte past the limit.
    if size == 0 {
        file.take(max.saturating_add(1))
            .read_to_end(&mut buf)
            .map_err(|e| reason(&e))?;
    }
    if buf.len() as u64 > max {
        return Err(too_big());
    }
    Ok(buf)
}
