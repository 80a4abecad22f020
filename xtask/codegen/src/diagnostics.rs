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
    /// For a warning: how the crate is less faithful than the document.
    pub fallback: Option<Fallback>,
}

impl Diagnostic {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
            fallback: None,
        }
    }

    /// A warning about a fallback of this kind.
    pub fn fallback(
        kind: Fallback,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            fallback: Some(kind),
            ..Self::new(pointer, message)
        }
    }
}

/// The kinds of fallback: where the generated crate says less than the
/// document, each counted by the fidelity report `codegen` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fallback {
    /// A free JSON value where the document gave a type.
    FreeJson,
    /// A parameter passed as a string, or in another style than asked.
    LooseParameter,
    /// A body sent as raw bytes where the document gave a model.
    RawBody,
    /// A name in `required` without a property.
    RequiredWithoutProperty,
    /// Alternatives told apart by what they read, not by the discriminator
    /// the document names.
    LooseUnion,
    /// Another 2xx response decoded as the one the method returns.
    OtherSuccess,
    /// Something the crate leaves out: a webhook, a security scheme, a
    /// keyword with no effect on the client.
    LeftOut,
}

impl Fallback {
    /// How the report names `count` of them.
    pub fn describe(self, count: usize) -> String {
        let (one, many) = match self {
            Fallback::FreeJson => (
                "free JSON value where the document gave a type",
                "free JSON values where the document gave a type",
            ),
            Fallback::LooseParameter => (
                "parameter passed as a string or in another style",
                "parameters passed as a string or in another style",
            ),
            Fallback::RawBody => ("body sent as raw bytes", "bodies sent as raw bytes"),
            Fallback::RequiredWithoutProperty => (
                "required name without a property",
                "required names without a property",
            ),
            Fallback::LooseUnion => ("discriminator not used", "discriminators not used"),
            Fallback::OtherSuccess => (
                "2xx response decoded as another's type",
                "2xx responses decoded as another's type",
            ),
            Fallback::LeftOut => ("part left out", "parts left out"),
        };
        format!("{count} {}", if count == 1 { one } else { many })
    }
}

/// The one-line fidelity report of a set of warnings: how many fallbacks
/// of each kind, or that there are none.
pub fn fidelity(warnings: &[Diagnostic]) -> String {
    let mut counts: std::collections::BTreeMap<Fallback, usize> = Default::default();
    for kind in warnings.iter().filter_map(|w| w.fallback) {
        *counts.entry(kind).or_default() += 1;
    }
    if counts.is_empty() {
        return "fidelity: no fallbacks; every construct of the document has its Rust type"
            .to_owned();
    }
    let total: usize = counts.values().sum();
    let kinds: Vec<String> = counts.iter().map(|(kind, n)| kind.describe(*n)).collect();
    format!(
        "fidelity: {total} fallback{} ({})",
        if total == 1 { "" } else { "s" },
        kinds.join(", ")
    )
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
    fn the_fidelity_report_counts_each_kind() {
        assert!(fidelity(&[Diagnostic::new("", "an error")]).contains("no fallbacks"));
        let warnings = [
            Diagnostic::fallback(Fallback::FreeJson, "/a", "x"),
            Diagnostic::fallback(Fallback::LooseParameter, "/b", "y"),
            Diagnostic::fallback(Fallback::FreeJson, "/c", "z"),
        ];
        assert_eq!(
            fidelity(&warnings),
            "fidelity: 3 fallbacks (2 free JSON values where the document gave a type, \
             1 parameter passed as a string or in another style)"
        );
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
