//! `cargo xtask update-spec` and `cargo xtask diff-spec`: bring in a new
//! version of the API's document, tell maintainers what changed for the
//! crate's users (see [`codegen::diff`]), bump the crate's version by semver
//! and regenerate it.
//!
//! Everything that can fail on bad input (download, parse, normalise,
//! model, emit, format) runs in memory first; only then are files written,
//! each through a temporary file and a rename. A failure before that point
//! leaves `spec/` and `generated/` exactly as they were.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use codegen::diff::{self, Report};
use codegen::{Config, Diagnostic, files, load, model};

use crate::Error;

/// Where OFAuth publishes its document (the address its `servers` name).
pub const DEFAULT_SOURCE: &str = "https://api.ofauth.com/openapi.json";

/// The history file in the generated crate, newest entry first. It is not
/// generator output: `codegen --check` and the snapshot test leave it out.
pub const CHANGES_FILE: &str = "CHANGES.md";

const CHANGES_HEADER: &str = "# Changes\n\n\
What changed for this crate's users with each update of the OFAuth API \
document, newest first. Written by `cargo xtask update-spec`.\n";

/// Reads a document from a URL (`http://`, `https://`) or a file path.
pub fn fetch(source: &str) -> Result<String, Error> {
    if !(source.starts_with("http://") || source.starts_with("https://")) {
        return std::fs::read_to_string(source).map_err(|e| Error::Io {
            path: PathBuf::from(source),
            source: e,
        });
    }
    let failed = |message: String| Error::Fetch {
        url: source.to_owned(),
        message,
    };
    let client = crate::http_client()
        .timeout(Duration::from_secs(60))
        .user_agent(concat!("ofauth-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| failed(error_chain(&e)))?;
    let response = client
        .get(source)
        .header(
            "accept",
            "application/json, application/yaml;q=0.9, */*;q=0.1",
        )
        .send()
        .map_err(|e| failed(error_chain(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(failed(format!("the server answered {status}")));
    }
    response.text().map_err(|e| failed(error_chain(&e)))
}

/// An error and its sources on one line ("error sending request: …:
/// Connection refused").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

/// A document, parsed and modelled.
pub struct Document {
    /// The document as written, as a JSON value (3.1 kept as 3.1).
    pub value: Value,
    pub api: model::Api,
    pub warnings: Vec<Diagnostic>,
}

/// Parses a document's text and builds its model, with errors naming
/// `label` (a path or URL) and the place in the document.
pub fn parse_document(text: &str, label: &str) -> Result<Document, Error> {
    let spec_error = |diagnostic| {
        Error::Codegen(codegen::Error::Spec {
            file: PathBuf::from(label),
            diagnostic,
        })
    };
    let value = load::parse_value(text).map_err(spec_error)?;
    let spec = load::spec_from_value(value.clone()).map_err(spec_error)?;
    let (api, model_warnings) = model::build(&spec).map_err(spec_error)?;
    let mut warnings = spec.warnings;
    warnings.extend(model_warnings);
    Ok(Document {
        value,
        api,
        warnings,
    })
}

/// The report between two documents, each a URL or a file
/// (`cargo xtask diff-spec OLD NEW`).
pub fn diff_documents(old: &str, new: &str) -> Result<Report, Error> {
    let old_doc = parse_document(&fetch(old)?, old)?;
    let new_doc = parse_document(&fetch(new)?, new)?;
    Ok(diff::diff(&old_doc.api, &new_doc.api))
}

/// The document as `spec/openapi.yaml` keeps it: YAML, the top-level keys
/// in the order the OpenAPI specification lists them, everything below in
/// the document's own order. The same document always gives the same bytes,
/// whether it came as JSON or YAML.
pub fn to_yaml(value: &Value) -> Result<String, Error> {
    const TOP: &[&str] = &[
        "openapi",
        "info",
        "jsonSchemaDialect",
        "servers",
        "security",
        "tags",
        "externalDocs",
        "paths",
        "webhooks",
        "components",
    ];
    let ordered = match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for key in TOP {
                if let Some(v) = map.get(*key) {
                    out.insert((*key).to_owned(), v.clone());
                }
            }
            for (key, v) in map {
                if !TOP.contains(&key.as_str()) {
                    out.insert(key.clone(), v.clone());
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    };
    // A JSON value always serialises to YAML.
    serde_yaml::to_string(&ordered).map_err(Error::Yaml)
}

/// What `update-spec` did.
#[derive(Debug)]
pub struct Update {
    pub report: Report,
    pub old_version: semver::Version,
    /// `None` when the document had not changed and nothing was written.
    pub new_version: Option<semver::Version>,
    /// The entry prepended to `CHANGES.md` (also printed).
    pub entry: String,
    pub warnings: Vec<Diagnostic>,
    /// Files written, spec and crate.
    pub written: Vec<PathBuf>,
}

/// Replaces the spec of `config` with the document at `source`, bumps the
/// version in `version_file`, regenerates the crate and prepends the change
/// report to its `CHANGES.md`.
pub fn update_spec(source: &str, config: &Config, version_file: &Path) -> Result<Update, Error> {
    let text = fetch(source)?;
    let new = parse_document(&text, source)?;
    let yaml = to_yaml(&new.value)?;
    let old_text = std::fs::read_to_string(&config.spec).map_err(|e| Error::Io {
        path: config.spec.clone(),
        source: e,
    })?;
    let old = parse_document(&old_text, &config.spec.to_string_lossy())?;
    let old_version = crate::repo::read_version(version_file)?;
    let report = diff::diff(&old.api, &new.api);

    if yaml == old_text {
        let entry = format!(
            "{} is already this document; nothing to do.\n",
            config.spec.display()
        );
        return Ok(Update {
            report,
            old_version,
            new_version: None,
            entry,
            warnings: new.warnings,
            written: Vec::new(),
        });
    }

    let new_version = diff::bump(&old_version, &report);
    let mut info = config.info.clone();
    info.version = new_version.to_string();
    let generated = codegen::render(&new.api, &info)?;
    let entry = changes_entry(
        &info.name,
        &old_version,
        &new_version,
        &old,
        &new,
        &report,
        source,
    );
    let changes_path = config.out.join(CHANGES_FILE);
    let changes = match std::fs::read_to_string(&changes_path) {
        Ok(existing) => prepend(&existing, &entry),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => format!("{CHANGES_HEADER}\n{entry}"),
        Err(e) => {
            return Err(Error::Io {
                path: changes_path,
                source: e,
            });
        }
    };

    // Everything is known; now write.
    let mut written = Vec::new();
    write_atomically(&config.spec, &yaml)?;
    written.push(config.spec.clone());
    write_atomically(version_file, &format!("{new_version}\n"))?;
    written.push(version_file.to_owned());
    written.extend(files::write(&config.out, &generated)?);
    write_atomically(&changes_path, &changes)?;
    written.push(changes_path);
    Ok(Update {
        report,
        old_version,
        new_version: Some(new_version),
        entry,
        warnings: new.warnings,
        written,
    })
}

/// One `CHANGES.md` entry: heading, what the version did and why, the
/// report.
fn changes_entry(
    name: &str,
    old_version: &semver::Version,
    new_version: &semver::Version,
    old: &Document,
    new: &Document,
    report: &Report,
    source: &str,
) -> String {
    let api_version = |doc: &Document| {
        doc.value
            .pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or("unversioned")
            .to_owned()
    };
    let breaking = report.changes.iter().filter(|c| c.breaking).count();
    let why = if breaking > 0 {
        format!(
            "{breaking} breaking change{}",
            if breaking == 1 { "" } else { "s" }
        )
    } else if report.is_empty() {
        "no change to the API (documentation only)".to_owned()
    } else {
        "no breaking change".to_owned()
    };
    format!(
        "## {name} {new_version}\n\n\
         API document `{}` → `{}` (from {source}). Version {old_version} → {new_version}: {why}.\n\n{}",
        api_version(old),
        api_version(new),
        report.to_markdown()
    )
}

/// Puts `entry` first among the entries of an existing `CHANGES.md`.
fn prepend(existing: &str, entry: &str) -> String {
    match existing.find("\n## ") {
        Some(at) => format!("{}{entry}\n{}", &existing[..at + 1], &existing[at + 1..]),
        None => format!("{}\n\n{entry}", existing.trim_end()),
    }
}

/// Writes through a temporary file in the same folder and a rename, so a
/// reader (or a crash) never sees half a file.
fn write_atomically(path: &Path, contents: &str) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let file_name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&temp, contents).map_err(io)?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_is_the_same_for_json_and_yaml_input() {
        let json = r#"{"paths": {}, "info": {"version": "1", "title": "T"}, "openapi": "3.1.0", "x-a": 1}"#;
        let yaml = "openapi: 3.1.0\ninfo:\n  version: '1'\n  title: T\nx-a: 1\npaths: {}\n";
        let from_json = to_yaml(&load::parse_value(json).unwrap()).unwrap();
        let from_yaml = to_yaml(&load::parse_value(yaml).unwrap()).unwrap();
        assert_eq!(from_json, from_yaml);
        assert_eq!(
            from_json,
            "openapi: 3.1.0\ninfo:\n  version: '1'\n  title: T\npaths: {}\nx-a: 1\n"
        );
        // It reads back as the same document.
        assert_eq!(
            load::parse_value(&from_json).unwrap(),
            load::parse_value(json).unwrap()
        );
    }

    #[test]
    fn entries_go_first() {
        let first = format!("{CHANGES_HEADER}\n## x 0.1.1\n\nold\n");
        let second = prepend(&first, "## x 0.2.0\n\nnew\n");
        assert_eq!(
            second,
            format!("{CHANGES_HEADER}\n## x 0.2.0\n\nnew\n\n## x 0.1.1\n\nold\n")
        );
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        let error = fetch("/nonexistent/openapi.json").unwrap_err();
        assert!(matches!(error, Error::Io { .. }), "{error}");
    }
}
