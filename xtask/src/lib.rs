//! The OpenAPI-to-Rust client generator behind `cargo xtask codegen`.
//!
//! A pipeline of stages, each in its own module (see `ARCHITECTURE.md`):
//! [`load`] (read and normalise the spec) → [`model`] (types and operations,
//! names resolved) → [`emit`] (tokens) → [`mod@format`] (text) → [`files`]
//! (write or check). [`generate`] runs the first four; the caller decides
//! what to do with the files.

pub mod bench;
pub mod corpus;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod files;
pub mod format;
pub mod load;
pub mod model;
pub mod naming;
pub mod normalize;
pub mod update;

use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Error};
pub use emit::CrateInfo;
pub use files::GeneratedFile;

/// What to generate from where.
#[derive(Clone, Debug)]
pub struct Config {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub info: CrateInfo,
}

impl Config {
    /// The OFAuth client of this repository: `spec/openapi.yaml` into
    /// `generated/`, as the `ofauth` crate, at the version in
    /// `spec/VERSION` (which `cargo xtask update-spec` bumps).
    pub fn ofauth(workspace_root: &Path) -> Result<Self, Error> {
        let version = read_version(&version_file(workspace_root))?;
        Ok(Config {
            spec: workspace_root.join("spec/openapi.yaml"),
            out: workspace_root.join("generated"),
            info: CrateInfo {
                name: "ofauth".to_owned(),
                version: version.to_string(),
            },
        })
    }
}

/// Where the OFAuth crate's version is kept: `spec/VERSION`.
pub fn version_file(workspace_root: &Path) -> PathBuf {
    workspace_root.join("spec/VERSION")
}

/// Reads a version file: one semver version, surrounding whitespace and
/// `#` comment lines ignored.
pub fn read_version(path: &Path) -> Result<semver::Version, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
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
/// are compiled (with lints) and tested like it.
pub fn targets(workspace_root: &Path) -> Result<Vec<Config>, Error> {
    let fixture = |name: &str| Config {
        spec: workspace_root.join(format!("tests/fixtures/{name}.yaml")),
        out: workspace_root.join(format!("tests/fixtures/{name}")),
        info: CrateInfo {
            name: format!("fixture-{name}"),
            version: "0.1.0".to_owned(),
        },
    };
    Ok(vec![Config::ofauth(workspace_root)?, fixture("features")])
}

/// The root of this workspace (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The generator's output: the files, and warnings about the spec.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Diagnostic>,
}

/// Runs the pipeline on the spec at `spec`, in memory.
pub fn generate(spec: &Path, info: &CrateInfo) -> Result<Generated, Error> {
    let valid_name = info.name.starts_with(|c: char| c.is_ascii_alphabetic())
        && info
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        return Err(Error::InvalidCrateName(info.name.clone()));
    }
    let loaded = load::load(spec)?;
    let spec_error = |diagnostic| Error::Spec {
        file: spec.to_owned(),
        diagnostic,
    };
    let (api, model_warnings) = model::build(&loaded).map_err(spec_error)?;
    let load::Spec {
        openapi,
        mut warnings,
    } = loaded;
    // Freeing a large document's millions of small allocations takes a
    // noticeable share of the run (GitHub's: about a tenth); do it on
    // another thread while this one renders.
    let freeing = std::thread::spawn(move || drop(openapi));
    let files = render(&api, info);
    std::thread::spawn(move || drop(api));
    let _ = freeing.join();
    warnings.extend(model_warnings);
    Ok(Generated {
        files: files?,
        warnings,
    })
}

/// The last two stages in memory: emit and format the crate for a model.
/// Files (and the parts of `models.rs`) are independent, so each is emitted
/// and formatted on its own thread; the parts are fixed, so the output does
/// not depend on how many threads run.
pub fn render(api: &model::Api, info: &CrateInfo) -> Result<Vec<GeneratedFile>, Error> {
    let plan = emit::plan(api);
    let jobs: Vec<(usize, &str, emit::FileKind)> = plan
        .iter()
        .enumerate()
        .flat_map(|(file, (path, kind))| {
            emit::parts(*kind)
                .into_iter()
                .map(move |part| (file, path.as_str(), part))
        })
        .collect();
    let fragments: Vec<Result<(String, bool), Error>> = std::thread::scope(|scope| {
        let running: Vec<_> = jobs
            .iter()
            .map(|&(_, path, part)| {
                scope.spawn(move || {
                    let output = emit::emit_file(api, info, part);
                    let pretty = matches!(output, emit::Output::Rust(_));
                    format::format_part(path, output).map(|text| (text, pretty))
                })
            })
            .collect();
        running
            .into_iter()
            .zip(&jobs)
            .map(|(job, (_, path, _))| {
                job.join().unwrap_or_else(|_| {
                    Err(Error::InvalidOutput {
                        file: (*path).to_owned(),
                        message: "the emitter panicked (a generator bug)".to_owned(),
                    })
                })
            })
            .collect()
    });
    let mut bodies: Vec<(String, bool)> = vec![(String::new(), false); plan.len()];
    for ((file, _, _), fragment) in jobs.iter().zip(fragments) {
        let (text, pretty) = fragment?;
        bodies[*file].0.push_str(&text);
        bodies[*file].1 |= pretty;
    }
    Ok(plan
        .iter()
        .zip(bodies)
        .map(|((path, _), (body, pretty))| GeneratedFile {
            path: path.clone(),
            contents: format::finish(path, &body, pretty),
        })
        .collect())
}
