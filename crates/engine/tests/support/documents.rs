//! In-memory documents, as an editor holds them: no configuration anywhere, and a file input
//! cannot be read. Shared by the tests that drive the project run without a disk.

use b24lint::project::{ConfigFile, FileSystem};
use std::path::Path;

pub struct Documents;

impl FileSystem for Documents {
    fn config(&self, _: &Path) -> ConfigFile {
        ConfigFile::Absent
    }

    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        Err(format!("{} is not open", path.display()))
    }
}
