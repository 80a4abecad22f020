//! The commands' one error type: what went wrong in any `cargo xtask`
//! command. `main` prints it in one place.

use std::fmt;
use std::path::PathBuf;

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// The generator stopped: a broken spec (with its JSON pointer), a
    /// file it could not read or write, a bad crate name.
    Codegen(codegen::Error),
    /// A file could not be read or written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A document could not be downloaded (network failure, non-2xx answer).
    Fetch { url: String, message: String },
    /// A downloaded file is not the pinned one.
    Checksum { url: String, expected: String },
    /// A version file does not hold a semver version.
    InvalidVersion { path: PathBuf, message: String },
    /// A document could not be written as YAML.
    Yaml(serde_yaml::Error),
    /// `codegen --check`: the committed files are not what the generator
    /// makes (each file's diff is printed before).
    OutOfDate { out: PathBuf, files: usize },
    /// A program a command runs (cargo, tar, the generator in a child
    /// process) failed or could not start.
    Command { command: String, detail: String },
    /// `codegen --deny-fallbacks`: the crate would say less than the document.
    Fallbacks { spec: PathBuf, count: usize },
    /// `BENCHMARKS.md` lacks the markers of a section `bench` rewrites.
    MissingSection { file: PathBuf, section: String },
    /// `update-spec` failed before writing anything.
    NothingWritten(Box<Error>),
    /// Several targets failed (`codegen` goes on after the first).
    Several(Vec<Error>),
}

impl Error {
    /// An I/O error on `path`, for `map_err`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }

    /// A failed or unstartable program, for `map_err`.
    pub fn command(command: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let command = command.into();
        move |e| Error::Command {
            command,
            detail: e.to_string(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Codegen(e) => e.fmt(f),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Fetch { url, message } => write!(f, "could not fetch {url}: {message}"),
            Error::Checksum { url, expected } => {
                write!(f, "{url}: checksum mismatch (expected SHA-256 {expected})")
            }
            Error::InvalidVersion { path, message } => {
                write!(f, "{}: not a semver version: {message}", path.display())
            }
            Error::Yaml(e) => write!(f, "the document could not be written as YAML: {e}"),
            Error::OutOfDate { out, files } => write!(
                f,
                "{files} generated file(s) in {} are out of date; run `cargo xtask codegen` to update them",
                out.display()
            ),
            Error::Command { command, detail } => write!(f, "`{command}` failed: {detail}"),
            Error::Fallbacks { spec, count } => write!(
                f,
                "{}: {count} fallback(s) (listed above) and --deny-fallbacks: nothing was written",
                spec.display()
            ),
            Error::MissingSection { file, section } => write!(
                f,
                "{} has no <!-- bench:{section} --> … <!-- /bench:{section} --> section",
                file.display()
            ),
            Error::NothingWritten(e) => write!(f, "{e}\nnothing was written"),
            Error::Several(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\nerror: ")?;
                    }
                    e.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Codegen(e) => e.source(),
            Error::Io { source, .. } => Some(source),
            Error::Yaml(e) => Some(e),
            Error::NothingWritten(e) => Some(e),
            _ => None,
        }
    }
}

impl From<codegen::Error> for Error {
    fn from(e: codegen::Error) -> Self {
        Error::Codegen(e)
    }
}
