//! This repository's configuration: which documents `cargo xtask codegen`
//! generates into which crates, and where the OFAuth crate's version is
//! kept. The generator library (`codegen`) knows none of it.

use std::path::{Path, PathBuf};

use codegen::model::WebhookSigning;
use codegen::{Config, CrateInfo};

use crate::Error;

/// The OFAuth client of this repository: `spec/openapi.yaml` into
/// `generated/`, as the `ofauth` crate, at the version in `spec/VERSION`
/// (which `cargo xtask update-spec` bumps). OFAuth signs its webhook
/// deliveries by the Standard Webhooks scheme (its SDKs verify them so),
/// which its document does not say.
pub fn ofauth(workspace_root: &Path) -> Result<Config, Error> {
    let version = read_version(&version_file(workspace_root))?;
    Ok(Config {
        spec: workspace_root.join("spec/openapi.yaml"),
        out: workspace_root.join("generated"),
        info: CrateInfo {
            name: "ofauth".to_owned(),
            version: version.to_string(),
            webhook_signing: Some(OFAUTH_WEBHOOK_SIGNING),
            ..Default::default()
        },
    })
}

/// How OFAuth signs webhook deliveries.
pub const OFAUTH_WEBHOOK_SIGNING: WebhookSigning = WebhookSigning::StandardWebhooks;

/// Where the OFAuth crate's version is kept: `spec/VERSION`.
pub fn version_file(workspace_root: &Path) -> PathBuf {
    workspace_root.join("spec/VERSION")
}

/// Reads a version file: one semver version, surrounding whitespace and
/// `#` comment lines ignored.
pub fn read_version(path: &Path) -> Result<semver::Version, Error> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    let version = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .unwrap_or("");
    semver::Version::parse(version).map_err(|e| Error::InvalidVersion {
        path: path.to_owned(),
        message: format!("`{version}`: {e}"),
    })
}

/// Every crate `cargo xtask codegen` keeps up to date in this repository:
/// the OFAuth client, and the fixture crates under `tests/fixtures/` that
/// are compiled (with lints) and tested like it. The features fixture's
/// models also derive `Eq` and `Hash` (`codegen --derive`), so that option
/// is compiled too.
pub fn targets(workspace_root: &Path) -> Result<Vec<Config>, Error> {
    let fixture = |name: &str, derives: &[&str]| Config {
        spec: workspace_root.join(format!("tests/fixtures/{name}.yaml")),
        out: workspace_root.join(format!("tests/fixtures/{name}")),
        info: CrateInfo {
            name: format!("fixture-{name}"),
            version: "0.1.0".to_owned(),
            derives: derives.iter().map(|d| (*d).to_owned()).collect(),
            ..Default::default()
        },
    };
    Ok(vec![
        ofauth(workspace_root)?,
        fixture("features", &["Eq", "Hash"]),
    ])
}

/// The root of this workspace (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
