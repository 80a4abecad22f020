//! Errors and warnings about the input document, each naming its place as a
//! JSON pointer (RFC 6901) into the document as written.

use std::fmt;
use std::path::PathBuf;

/// A message about one place in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer into the document, `""` for the whole document.
    pub pointer: String,
    pub message: String,
}

impl Diagnostic {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, "at {pointer}: {}", self.message)
    }
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// A file could not be read or written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The document is broken or uses something the generator refuses.
    Spec {
        file: PathBuf,
        diagnostic: Diagnostic,
    },
    /// `--name` is not a valid package name.
    InvalidCrateName(String),
    /// A `--derive` the models cannot take.
    InvalidDerive { derive: String, reason: String },
    /// The emitter produced tokens that are not valid Rust: a generator bug,
    /// reported instead of writing broken code.
    InvalidOutput { file: String, message: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Spec { file, diagnostic } => write!(f, "{}: {diagnostic}", file.display()),
            Error::InvalidCrateName(name) => write!(
                f,
                "`{name}` is not a valid package name: use ASCII letters, digits, `-` and `_`, starting with a letter"
            ),
            Error::InvalidDerive { derive, reason } => {
                write!(f, "`{derive}` cannot be derived on every model: {reason}")
            }
            Error::InvalidOutput { file, message } => {
                write!(
                    f,
                    "generator bug: {file} would not be valid Rust: {message}"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Escapes one reference token of a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape`].
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Builds a pointer from a base and more tokens, escaping each token.
pub fn join<I, S>(base: &str, tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = base.to_owned();
    for token in tokens {
        out.push('/');
        out.push_str(&escape(token.as_ref()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(
            join("", ["paths", "/v2/a~b", "get"]),
            "/paths/~1v2~1a~0b/get"
        );
        assert_eq!(unescape("~1v2~1a~0b"), "/v2/a~b");
    }

    #[test]
    fn display_names_the_place() {
        let d = Diagnostic::new("/paths/~1x/get", "unsupported");
        assert_eq!(d.to_string(), "at /paths/~1x/get: unsupported");
        assert_eq!(
            Diagnostic::new("", "empty").to_string(),
            "at (document root): empty"
        );
    }
}
