//! `cargo xtask`: the project's commands. See `README.md`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// See `xtask/Cargo.toml`: allocation-heavy work, and mimalloc is faster at
/// it than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use xtask::{Config, CrateInfo, files, update};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Project commands"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client crate from an OpenAPI document.
    ///
    /// Without --spec: the OFAuth spec in `spec/` into `generated/`, and
    /// each fixture spec of `tests/fixtures/` into its crate.
    Codegen {
        /// Write nothing; exit non-zero listing the files that differ.
        #[arg(long)]
        check: bool,
        /// The OpenAPI document (JSON or YAML).
        #[arg(long, requires_all = ["out", "name"])]
        spec: Option<PathBuf>,
        /// The folder of the crate to write.
        #[arg(long, requires = "spec")]
        out: Option<PathBuf>,
        /// The crate's package name.
        #[arg(long, requires = "spec")]
        name: Option<String>,
    },
    /// Bring in a new version of the OFAuth API document.
    ///
    /// Writes it to `spec/openapi.yaml`, regenerates `generated/`, bumps the
    /// crate's version (in `spec/VERSION`) by semver and prepends a report
    /// of what changed for the crate's users to `generated/CHANGES.md`. On
    /// any error nothing is written.
    UpdateSpec {
        /// A URL or a file.
        #[arg(long, default_value = update::DEFAULT_SOURCE)]
        from: String,
        /// The repository to update (default: this one).
        #[arg(long, hide = true)]
        root: Option<PathBuf>,
    },
    /// Generate and compile the corpus: every fixture family under
    /// `tests/fixtures/corpus/` and the extended OFAuth fixture, with clippy
    /// and round-trip tests (slow; CI runs it).
    Corpus {
        /// Also GitHub's REST API description (downloaded once, pinned).
        #[arg(long)]
        github: bool,
    },
    /// Measure the generator stage by stage on the OFAuth spec and GitHub's
    /// description, and write the numbers to BENCHMARKS.md (run it with
    /// `cargo run --release -p xtask -- bench`).
    Bench,
    /// One document's stage timings (used by `bench`, in a child process).
    #[command(hide = true)]
    BenchStages { spec: PathBuf, runs: usize },
    /// Write the copy of a document that progenitor can read (used by
    /// `benches/compare.sh`): normalised to OpenAPI 3.0 and every operation
    /// given the `operationId` this generator names it by.
    #[command(hide = true)]
    PeerSpec { spec: PathBuf, out: PathBuf },
    /// Download (once) the pinned GitHub description; print its path.
    #[command(hide = true)]
    FetchGithub,
    /// Print what changed for a crate's users between two documents
    /// (URLs or files), without writing anything.
    DiffSpec { old: String, new: String },
}

fn main() -> ExitCode {
    let Cli { command } = Cli::parse();
    match command {
        Command::Codegen {
            check,
            spec,
            out,
            name,
        } => {
            let targets = match (spec, out, name) {
                (Some(spec), Some(out), Some(name)) => vec![Config {
                    spec,
                    out,
                    info: CrateInfo {
                        name,
                        version: "0.1.0".to_owned(),
                    },
                }],
                _ => match xtask::targets(&xtask::workspace_root()) {
                    Ok(targets) => targets,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::FAILURE;
                    }
                },
            };
            let mut status = ExitCode::SUCCESS;
            for config in &targets {
                if codegen(config, check) != ExitCode::SUCCESS {
                    status = ExitCode::FAILURE;
                }
            }
            status
        }
        Command::UpdateSpec { from, root } => {
            let root = root.unwrap_or_else(xtask::workspace_root);
            match update_spec(&from, &root) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    eprintln!("nothing was written");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Corpus { github } => match xtask::corpus::run(&xtask::workspace_root(), github) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Bench => match xtask::bench::run(&xtask::workspace_root()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::BenchStages { spec, runs } => match xtask::bench::stages(&spec, runs) {
            Ok(times) => {
                println!("{}", times.encode());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::FetchGithub => match xtask::corpus::fetch_github(&xtask::workspace_root()) {
            Ok(path) => {
                println!("{}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::PeerSpec { spec, out } => match peer_spec(&spec, &out) {
            Ok(patched) => {
                println!("{patched}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::DiffSpec { old, new } => match update::diff_documents(&old, &new) {
            Ok(report) => {
                let verdict = if report.is_breaking() {
                    "breaking"
                } else if report.is_empty() {
                    "no change to the API"
                } else {
                    "not breaking"
                };
                println!("{old} → {new}: {verdict}\n");
                print!("{}", report.to_markdown());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

/// See `Command::PeerSpec`; returns what was patched.
fn peer_spec(spec: &std::path::Path, out: &std::path::Path) -> Result<String, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let mut value = xtask::load::parse_value(&text).map_err(|e| e.to_string())?;
    let version = value["openapi"].as_str().unwrap_or("").to_owned();
    let is_3_1 = version.starts_with("3.1");
    if is_3_1 {
        xtask::normalize::normalize(&mut value).map_err(|e| e.to_string())?;
        value["openapi"] = "3.0.3".into();
    }
    let parsed = xtask::load::parse(&text).map_err(|e| e.to_string())?;
    let (api, _) = xtask::model::build(&parsed).map_err(|e| e.to_string())?;
    let mut added = 0;
    for op in &api.operations {
        let method = op.method.to_ascii_lowercase();
        if let Some(operation) = value
            .get_mut("paths")
            .and_then(|paths| paths.get_mut(&op.path))
            .and_then(|item| item.get_mut(&method))
            .and_then(serde_json::Value::as_object_mut)
        {
            if !operation.contains_key("operationId") {
                let id = op.name.trim_start_matches("r#").to_owned();
                operation.insert("operationId".to_owned(), id.into());
                added += 1;
            }
        }
    }
    std::fs::write(out, value.to_string()).map_err(|e| format!("{}: {e}", out.display()))?;
    let converted = if is_3_1 {
        format!("openapi {version} → 3.0.3 (3.1 constructs rewritten by our normaliser); ")
    } else {
        String::new()
    };
    Ok(format!("{converted}{added} operationId(s) added"))
}

fn update_spec(from: &str, root: &std::path::Path) -> Result<(), xtask::Error> {
    let config = Config::ofauth(root)?;
    let outcome = update::update_spec(from, &config, &xtask::version_file(root))?;
    for warning in &outcome.warnings {
        eprintln!("warning: {from}: {warning}");
    }
    print!("{}", outcome.entry);
    for path in &outcome.written {
        eprintln!("updated {}", path.display());
    }
    Ok(())
}

fn codegen(config: &Config, check: bool) -> ExitCode {
    let generated = match xtask::generate(&config.spec, &config.info) {
        Ok(generated) => generated,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for warning in &generated.warnings {
        eprintln!("warning: {}: {warning}", config.spec.display());
    }
    if check {
        match files::check(&config.out, &generated.files) {
            Ok(mismatches) if mismatches.is_empty() => ExitCode::SUCCESS,
            Ok(mismatches) => {
                for mismatch in &mismatches {
                    eprintln!("{mismatch}");
                }
                eprintln!(
                    "error: {} generated file(s) in {} are out of date; run `cargo xtask codegen` to update them",
                    mismatches.len(),
                    config.out.display()
                );
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    } else {
        match files::write(&config.out, &generated.files) {
            Ok(changed) => {
                for path in &changed {
                    eprintln!("updated {}", path.display());
                }
                if changed.is_empty() {
                    eprintln!("{} is up to date", config.out.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    }
}
