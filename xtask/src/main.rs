//! `cargo xtask`: the project's commands. See `README.md`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{Config, CrateInfo, files};

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
                _ => xtask::targets(&xtask::workspace_root()),
            };
            let mut status = ExitCode::SUCCESS;
            for config in &targets {
                if codegen(config, check) != ExitCode::SUCCESS {
                    status = ExitCode::FAILURE;
                }
            }
            status
        }
    }
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
