//! `cargo xtask`: this repository's commands around the generator.
//!
//! The generator itself is the `codegen` library (`xtask/codegen/`), which
//! knows nothing of this repository. Here are the commands that drive it
//! (`main.rs` parses them; each returns [`Error`], printed in one place)
//! and this repository's configuration ([`repo`]):
//!
//! - `codegen`: [`codegen_target`] over [`repo::targets`], or one
//!   `--spec/--out/--name`;
//! - `update-spec` and `diff-spec`: [`update`];
//! - `corpus`: [`corpus`], with [`examples`] for its proof on the
//!   documents' examples;
//! - `bench`: [`mod@bench`];
//! - `peer-spec`: [`peer_spec`] (for `benches/compare.sh`).

pub mod bench;
pub mod corpus;
mod error;
pub mod examples;
pub mod peer_spec;
pub mod repo;
pub mod update;

pub use error::Error;

/// A blocking HTTP client builder for the commands' downloads, with ring
/// as the TLS crypto provider (installed once for the process).
pub(crate) fn http_client() -> reqwest::blocking::ClientBuilder {
    // Fails only when a provider is installed already, which is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder()
}

use codegen::{Config, files};

/// `cargo xtask codegen` for one crate: generates it, prints the spec's
/// warnings and the fidelity report (refusing to go on when
/// `deny_fallbacks` and there is a fallback), then writes the files or
/// (`check`) compares them, printing each difference.
pub fn codegen_target(config: &Config, check: bool, deny_fallbacks: bool) -> Result<(), Error> {
    let generated = codegen::generate(&config.spec, &config.info)?;
    for warning in &generated.warnings {
        eprintln!("warning: {}: {warning}", config.spec.display());
    }
    eprintln!(
        "{}: {}",
        config.spec.display(),
        codegen::diagnostics::fidelity(&generated.warnings)
    );
    let fallbacks = generated
        .warnings
        .iter()
        .filter(|w| w.fallback.is_some())
        .count();
    if deny_fallbacks && fallbacks > 0 {
        return Err(Error::Fallbacks {
            spec: config.spec.clone(),
            count: fallbacks,
        });
    }
    if check {
        let mismatches = files::check(&config.out, &generated.files)?;
        if mismatches.is_empty() {
            return Ok(());
        }
        for mismatch in &mismatches {
            eprintln!("{mismatch}");
        }
        return Err(Error::OutOfDate {
            out: config.out.clone(),
            files: mismatches.len(),
        });
    }
    let changed = files::write(&config.out, &generated.files)?;
    for path in &changed {
        eprintln!("updated {}", path.display());
    }
    if changed.is_empty() {
        eprintln!("{} is up to date", config.out.display());
    }
    Ok(())
}
