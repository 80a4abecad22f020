//! `cargo xtask`: the project's commands. See `README.md`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::model::WebhookSigning;
use codegen::{Config, CrateInfo};
use xtask::{Error, bench, corpus, peer_spec, repo, update};

/// See `xtask/Cargo.toml`: allocation-heavy work, and mimalloc is faster at
/// it than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// A trait every model derives besides its own (`Eq`, `Hash`,
        /// `PartialOrd`…); repeat for several.
        #[arg(long = "derive", value_name = "TRAIT", requires = "spec")]
        derives: Vec<String>,
        /// How the API signs webhook deliveries, when its document does not
        /// say (`x-webhook-signing`): `standard-webhooks` (Svix's scheme).
        #[arg(long, value_name = "SCHEME", requires = "spec", value_parser = parse_signing)]
        webhook_signing: Option<WebhookSigning>,
        /// Fail, writing nothing, when any construct falls back to a looser
        /// Rust type (the fidelity report counts them).
        #[arg(long)]
        deny_fallbacks: bool,
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
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The one place a command's error is printed.
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), Error> {
    let root = repo::workspace_root;
    match command {
        Command::Codegen {
            check,
            spec,
            out,
            name,
            derives,
            webhook_signing,
            deny_fallbacks,
        } => {
            let targets = match (spec, out, name) {
                (Some(spec), Some(out), Some(name)) => vec![Config {
                    spec,
                    out,
                    info: CrateInfo {
                        name,
                        version: "0.1.0".to_owned(),
                        derives,
                        webhook_signing,
                    },
                }],
                _ => repo::targets(&root())?,
            };
            // Every target is generated even when one fails.
            let mut errors: Vec<Error> = targets
                .iter()
                .filter_map(|config| xtask::codegen_target(config, check, deny_fallbacks).err())
                .collect();
            match errors.len() {
                0 => Ok(()),
                1 => Err(errors.remove(0)),
                _ => Err(Error::Several(errors)),
            }
        }
        Command::UpdateSpec { from, root: dir } => {
            let dir = dir.unwrap_or_else(root);
            update_spec(&from, &dir).map_err(|e| Error::NothingWritten(Box::new(e)))
        }
        Command::Corpus { github } => corpus::run(&root(), github),
        Command::Bench => bench::run(&root()),
        Command::BenchStages { spec, runs } => {
            println!("{}", bench::stages(&spec, runs)?.encode());
            Ok(())
        }
        Command::FetchGithub => {
            println!("{}", corpus::fetch_github(&root())?.display());
            Ok(())
        }
        Command::PeerSpec { spec, out } => {
            println!("{}", peer_spec::write(&spec, &out)?);
            Ok(())
        }
        Command::DiffSpec { old, new } => {
            let report = update::diff_documents(&old, &new)?;
            let verdict = if report.is_breaking() {
                "breaking"
            } else if report.is_empty() {
                "no change to the API"
            } else {
                "not breaking"
            };
            println!("{old} → {new}: {verdict}\n");
            print!("{}", report.to_markdown());
            Ok(())
        }
    }
}

fn parse_signing(name: &str) -> Result<WebhookSigning, String> {
    WebhookSigning::parse(name).ok_or_else(|| {
        format!("`{name}` is not a scheme this generator knows: use `standard-webhooks`")
    })
}

fn update_spec(from: &str, root: &std::path::Path) -> Result<(), Error> {
    let config = repo::ofauth(root)?;
    let outcome = update::update_spec(from, &config, &repo::version_file(root))?;
    for warning in &outcome.warnings {
        eprintln!("warning: {from}: {warning}");
    }
    print!("{}", outcome.entry);
    for path in &outcome.written {
        eprintln!("updated {}", path.display());
    }
    Ok(())
}
