//! An OpenAPI 3.0/3.1 to Rust client generator, as a library.
//!
//! A pipeline of stages, each in its own module, numbered in the source
//! tree in the order they run (see `ARCHITECTURE.md`):
//!
//! 1. [`load`]: read the document (JSON or YAML) into a JSON value;
//! 2. [`normalize`]: rewrite it into the OpenAPI 3.0 shape `openapiv3`
//!    types, then parse it;
//! 3. [`model`]: the intermediate model, types and operations with every
//!    name final;
//! 4. [`emit`]: the model as Rust tokens, one stream per file;
//! 5. [`mod@format`]: tokens to text;
//! 6. [`files`]: write the files, or check them against a folder.
//!
//! [`generate`] runs stages 1 to 5 in memory; the caller decides what to
//! do with the files. [`diff`] compares two models (what changed for a
//! crate's users). The library knows nothing of any repository: the
//! commands that drive it (`cargo xtask …`) and which documents they
//! generate live in the `xtask` crate.

pub mod diagnostics;
pub mod diff;
#[path = "4_emit/mod.rs"]
pub mod emit;
pub mod examples;
#[path = "6_files.rs"]
pub mod files;
#[path = "5_format.rs"]
pub mod format;
#[path = "1_load.rs"]
pub mod load;
#[path = "3_model/mod.rs"]
pub mod model;
pub mod naming;
#[path = "2_normalize.rs"]
pub mod normalize;

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
    for derive in &info.derives {
        check_derive(derive)?;
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

/// An extra derive must be a trait the generated crate can name without a
/// new dependency, which the models do not implement already.
fn check_derive(derive: &str) -> Result<(), Error> {
    let invalid = |reason: &str| {
        Err(Error::InvalidDerive {
            derive: derive.to_owned(),
            reason: reason.to_owned(),
        })
    };
    if syn::parse_str::<syn::Ident>(derive).is_err() {
        return invalid(
            "give the name of a trait in the prelude (`Eq`, `Hash`, `PartialOrd`); \
             a path into another crate would need that crate as a dependency",
        );
    }
    if matches!(derive, "Serialize" | "Deserialize") {
        return invalid("every model implements it already, through the runtime's macros");
    }
    Ok(())
}

/// The last two stages in memory: emit and format the crate for a model.
/// Files (and the parts of `models.rs`) are independent, so each is emitted
/// and formatted on its own thread; the parts are fixed, so the output does
/// not depend on how many threads run.
pub fn render(api: &model::Api, info: &CrateInfo) -> Result<Vec<GeneratedFile>, Error> {
    let plan = emit::plan(api, info);
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
