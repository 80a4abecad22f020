//! Stage 5: write the files, or check that what is on disk is what the
//! generator makes. One function decides for every file, so `codegen`,
//! `codegen --check` and the snapshot test cannot disagree.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use similar::TextDiff;

use crate::diagnostics::Error;

/// A generated file: its path relative to the crate root, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// A difference between the disk and the generator's output.
#[derive(Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The file differs; `diff` is a unified diff from disk to generated.
    Changed { path: PathBuf, diff: String },
    /// The generator makes this file but it is not on disk.
    Missing { path: PathBuf },
    /// The file is on disk under `src/` but the generator no longer makes it.
    Stale { path: PathBuf },
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Changed { path, diff } => write!(f, "{} differs:\n{diff}", path.display()),
            Mismatch::Missing { path } => write!(f, "{} is missing", path.display()),
            Mismatch::Stale { path } => write!(f, "{} is no longer generated", path.display()),
        }
    }
}

/// How long a diff of one file may take before it is shown coarser: a
/// generator change can rewrite a 100,000-line file, whose exact diff
/// takes minutes.
const DIFF_TIMEOUT: Duration = Duration::from_secs(2);

/// Compares `files` with the crate at `dir`, with a diff for each file
/// that differs.
pub fn check(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<Mismatch>, Error> {
    compare(dir, files, true)
}

/// [`check`], with the diffs computed only when `diffs` (`write` needs
/// only to know which files differ).
fn compare(dir: &Path, files: &[GeneratedFile], diffs: bool) -> Result<Vec<Mismatch>, Error> {
    let mut mismatches = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        match std::fs::read_to_string(&path) {
            Ok(on_disk) => {
                let on_disk = on_disk.replace("\r\n", "\n");
                if on_disk != file.contents {
                    if !diffs {
                        mismatches.push(Mismatch::Changed {
                            path,
                            diff: String::new(),
                        });
                        continue;
                    }
                    let diff = TextDiff::configure()
                        .timeout(DIFF_TIMEOUT)
                        .diff_lines(&on_disk, &file.contents)
                        .unified_diff()
                        .context_radius(3)
                        .header(
                            &format!("{} (on disk)", file.path),
                            &format!("{} (generated)", file.path),
                        )
                        .to_string();
                    mismatches.push(Mismatch::Changed { path, diff });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                mismatches.push(Mismatch::Missing { path })
            }
            Err(source) => return Err(Error::Io { path, source }),
        }
    }
    for stale in stale_files(dir, files)? {
        mismatches.push(Mismatch::Stale { path: stale });
    }
    Ok(mismatches)
}

/// Writes the files that differ and removes stale ones; returns the paths
/// it changed. Files that are already right are not touched, so their
/// modification times (and cargo's caches) stay.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, Error> {
    let mut changed = Vec::new();
    for mismatch in compare(dir, files, false)? {
        match mismatch {
            Mismatch::Changed { path, .. } | Mismatch::Missing { path } => {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let Some(file) = files.iter().find(|f| f.path == rel) else {
                    continue;
                };
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                        path: parent.to_owned(),
                        source,
                    })?;
                }
                std::fs::write(&path, &file.contents).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                changed.push(path);
            }
            Mismatch::Stale { path } => {
                std::fs::remove_file(&path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                // A folder of modules the crate no longer has
                // (`src/operations/` without features per tag) goes too;
                // one with other files stays (`remove_dir` fails on it).
                if let Some(parent) = path.parent().filter(|p| *p != dir.join("src")) {
                    let _ = std::fs::remove_dir(parent);
                }
                changed.push(path);
            }
        }
    }
    Ok(changed)
}

/// Rust files under `src/` and `runtime/src/` that the generator does not
/// make. Only those are looked at: the crate root may hold files of its own
/// (a README, `target/`).
fn stale_files(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, Error> {
    let expected: BTreeSet<PathBuf> = files.iter().map(|f| dir.join(&f.path)).collect();
    let mut found = Vec::new();
    let mut pending = vec![dir.join("src"), dir.join("runtime/src")];
    while let Some(folder) = pending.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(Error::Io {
                    path: folder,
                    source,
                });
            }
        };
        for entry in entries {
            let path = entry
                .map_err(|source| Error::Io {
                    path: folder.clone(),
                    source,
                })?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !expected.contains(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn write_then_check_is_clean_and_stale_files_go() {
        let dir = temp_dir("roundtrip");
        let files = vec![GeneratedFile {
            path: "src/lib.rs".into(),
            contents: "a\n".into(),
        }];
        std::fs::create_dir_all(dir.join("src/tags")).unwrap();
        std::fs::write(dir.join("src/old.rs"), "old").unwrap();
        std::fs::write(dir.join("src/tags/a.rs"), "old").unwrap();
        let before = check(&dir, &files).unwrap();
        assert_eq!(before.len(), 3, "{before:?}");
        assert_eq!(write(&dir, &files).unwrap().len(), 3);
        assert!(check(&dir, &files).unwrap().is_empty());
        assert!(!dir.join("src/old.rs").exists());
        assert!(!dir.join("src/tags").exists(), "an emptied folder goes");
        assert!(
            write(&dir, &files).unwrap().is_empty(),
            "a second write changes nothing"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_change_is_shown_as_a_diff() {
        let dir = temp_dir("diff");
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "one\ntwo\n").unwrap();
        let files = vec![GeneratedFile {
            path: "src/lib.rs".into(),
            contents: "one\nthree\n".into(),
        }];
        let mismatches = check(&dir, &files).unwrap();
        let text = mismatches[0].to_string();
        assert!(text.contains("-two") && text.contains("+three"), "{text}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
