//! Where an export is saved: `wakadesk-<name>-<range>.<extension>` in a folder the
//! person picked, never over a file already there (`-2`, `-3`, ... are added, each
//! name taken by creating the file, so two exports at once cannot pick the same one).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::ExportFormat;
use crate::stats::range::DashboardRange;
use crate::{Error, Result};

/// How many numbered names are tried before giving up.
const MAX_TRIES: u32 = 10_000;

/// `wakadesk-<name>-<range>.<extension>`, the person's name in lower case with runs of
/// anything but letters and digits as one dash (`wakadesk-ada-lovelace-last_7_days.csv`).
pub fn name(person: &str, range: DashboardRange, format: ExportFormat) -> String {
    let mut slug = String::new();
    for c in person.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "student" } else { slug };
    format!("wakadesk-{slug}-{}.{}", range.key(), format.extension())
}

/// The `n`th name for `file_name`: itself first, then `stem-2.ext`, `stem-3.ext`, ...
pub fn numbered(file_name: &str, n: u32) -> String {
    if n <= 1 {
        return file_name.to_owned();
    }
    match file_name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => format!("{stem}-{n}.{extension}"),
        _ => format!("{file_name}-{n}"),
    }
}

/// Writes `contents` to a new file in `folder` named `file_name`, or the first of its
/// numbered names that is free; gives the path written.
pub fn save_new(folder: &Path, file_name: &str, contents: &str) -> Result<PathBuf> {
    for n in 1..=MAX_TRIES {
        let path = folder.join(numbered(file_name, n));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                return match file
                    .write_all(contents.as_bytes())
                    .and_then(|_| file.sync_all())
                {
                    Ok(()) => Ok(path),
                    Err(source) => {
                        // Half a file would pass for the export; leave none.
                        let _ = std::fs::remove_file(&path);
                        Err(Error::ExportWriteFailed { path, source })
                    }
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(Error::ExportWriteFailed { path, source }),
        }
    }
    Err(Error::ExportWriteFailed {
        path: folder.join(file_name),
        source: std::io::Error::other(format!("{MAX_TRIES} files of that name already exist")),
    })
}

/// Writes `contents` to `path`, replacing a file there (a path the person typed).
pub fn write_to(path: &Path, contents: &str) -> Result<()> {
    std::fs::write(path, contents).map_err(|source| Error::ExportWriteFailed {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_named_for_the_person_and_the_range() {
        for (person, range, format, expected) in [
            (
                "Ada Lovelace",
                DashboardRange::Last7Days,
                ExportFormat::Csv,
                "wakadesk-ada-lovelace-last_7_days.csv",
            ),
            (
                "  José  O'Brien-Smith ",
                DashboardRange::LastYear,
                ExportFormat::Json,
                "wakadesk-josé-o-brien-smith-last_year.json",
            ),
            (
                "../../etc/passwd",
                DashboardRange::Last30Days,
                ExportFormat::Csv,
                "wakadesk-etc-passwd-last_30_days.csv",
            ),
            (
                "!!!",
                DashboardRange::Last6Months,
                ExportFormat::Csv,
                "wakadesk-student-last_6_months.csv",
            ),
        ] {
            assert_eq!(name(person, range, format), expected, "{person:?}");
        }
    }

    #[test]
    fn a_taken_name_gets_the_next_number_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let base = "wakadesk-ada-last_7_days.csv";
        std::fs::write(dir.path().join(base), "mine").unwrap();
        std::fs::write(
            dir.path().join("wakadesk-ada-last_7_days-2.csv"),
            "mine too",
        )
        .unwrap();
        let first = save_new(dir.path(), base, "export 1").unwrap();
        assert_eq!(first, dir.path().join("wakadesk-ada-last_7_days-3.csv"));
        let second = save_new(dir.path(), base, "export 2").unwrap();
        assert_eq!(second, dir.path().join("wakadesk-ada-last_7_days-4.csv"));
        for (file, contents) in [
            (base, "mine"),
            ("wakadesk-ada-last_7_days-2.csv", "mine too"),
            ("wakadesk-ada-last_7_days-3.csv", "export 1"),
            ("wakadesk-ada-last_7_days-4.csv", "export 2"),
        ] {
            assert_eq!(
                std::fs::read_to_string(dir.path().join(file)).unwrap(),
                contents,
                "{file}"
            );
        }
    }

    #[test]
    fn a_folder_that_cannot_be_written_is_a_typed_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder");
        let err = save_new(&missing, "x.csv", "data").unwrap_err();
        assert_eq!(err.code(), "export_write_failed");
        assert!(err.to_string().contains("no-such-folder"), "{err}");
    }
}
