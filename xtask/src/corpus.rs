//! `cargo xtask corpus`: the slow proof that real-world documents generate
//! crates that compile. Kept out of `cargo test --workspace` (which only
//! generates the fixtures in memory, in `xtask/tests/corpus.rs`); `.ci/run`
//! calls it.
//!
//! - Every fixture family (`tests/fixtures/corpus/*.yaml`) and the extended
//!   OFAuth fixture (`tests/fixtures/ofauth-extended.yaml`) is generated
//!   with `cargo xtask codegen --spec … --out … --name …` into one
//!   workspace under `target/corpus/`, checked with clippy `-D warnings`,
//!   and exercised by a harness crate whose tests
//!   (`tests/fixtures/corpus/harness.rs`) round-trip JSON through the
//!   models and call the clients against a server on 127.0.0.1.
//! - With `--github`, GitHub's REST API description (npm
//!   `@octokit/openapi`, a pinned version whose checksum is checked,
//!   cached in `target/corpus-cache/`, never committed) is generated and
//!   `cargo check`ed, and the times printed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sha2::{Digest, Sha256};

use codegen::model::WebhookSigning;

use crate::{Error, examples};

/// The pinned GitHub description: package, version, and the SHA-256 of
/// its npm tarball (npm's `dist.integrity` for it is
/// `sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg==`).
pub const GITHUB_TARBALL: &str = "https://registry.npmjs.org/@octokit/openapi/-/openapi-23.0.2.tgz";
pub const GITHUB_SHA256: &str = "71a18407dd5e8464f4e0525daf03deabbe65abd9287d6adc7b5d98f516cd0d0c";
/// The document inside the tarball.
pub const GITHUB_DOCUMENT: &str = "package/generated/api.github.com.json";

/// A spec the corpus generates: crate name and file.
#[derive(Clone, Debug)]
pub struct Fixture {
    pub name: String,
    pub spec: PathBuf,
    /// `--webhook-signing`: the extended OFAuth fixture is generated as the
    /// OFAuth crate is.
    pub webhook_signing: Option<WebhookSigning>,
}

/// The fixture families and the extended OFAuth fixture, sorted by name.
pub fn fixtures(root: &Path) -> std::io::Result<Vec<Fixture>> {
    let mut fixtures = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/fixtures/corpus"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            fixtures.push(Fixture {
                name,
                spec: path,
                webhook_signing: None,
            });
        }
    }
    for name in ["ofauth-extended", "ofauth-api"] {
        fixtures.push(Fixture {
            name: name.to_owned(),
            spec: root.join(format!("tests/fixtures/{name}.yaml")),
            webhook_signing: Some(crate::repo::OFAUTH_WEBHOOK_SIGNING),
        });
    }
    fixtures.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(fixtures)
}

/// Runs the corpus; `Err` says what failed.
pub fn run(root: &Path, github: bool) -> Result<(), Error> {
    let work = root.join("target/corpus");
    let crates = work.join("crates");
    let fixtures = fixtures(root).map_err(Error::io(root.join("tests/fixtures/corpus")))?;
    let mut members = Vec::new();
    let started = Instant::now();
    for fixture in &fixtures {
        let out = crates.join(&fixture.name);
        let signing = fixture.webhook_signing.map(WebhookSigning::name);
        codegen(
            &fixture.spec,
            &out,
            &format!("corpus-{}", fixture.name),
            signing,
        )?;
        members.push(format!("crates/{}", fixture.name));
    }
    println!(
        "corpus: generated {} crates in {:.2?}",
        fixtures.len(),
        started.elapsed()
    );
    write_harness(root, &crates.join("harness"), &fixtures)?;
    members.push("crates/harness".to_owned());

    let github_doc = if github {
        let doc = fetch_github(root)?;
        let out = crates.join("github");
        let started = Instant::now();
        codegen(&doc, &out, "corpus-github", None)?;
        let generated = started.elapsed();
        let lines = count_lines(&out.join("src"));
        println!("corpus: GitHub description generated in {generated:.2?}: {lines} lines of Rust");
        members.push("crates/github".to_owned());
        Some((out, doc))
    } else {
        None
    };

    // The examples' proof: the fixtures', and GitHub's when asked for.
    let mut documents: Vec<examples::Document<'_>> = fixtures
        .iter()
        .map(|f| examples::Document {
            name: &f.name,
            krate: format!("corpus_{}", f.name.replace('-', "_")),
            spec: &f.spec,
        })
        .collect();
    if let Some((_, spec)) = &github_doc {
        documents.push(examples::Document {
            name: "github",
            krate: "corpus_github".to_owned(),
            spec,
        });
    }
    let started = Instant::now();
    examples::write_crate(root, &crates.join("examples"), &documents)?;
    println!("corpus: examples collected in {:.2?}", started.elapsed());
    members.push("crates/examples".to_owned());

    let manifest = format!(
        "# Written by `cargo xtask corpus`.\n[workspace]\nmembers = [{}]\nresolver = \"3\"\n",
        members
            .iter()
            .map(|m| format!("{m:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write(&work.join("Cargo.toml"), &manifest)?;
    // The versions CI already fetched for this workspace.
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock"))
        .map_err(Error::io(work.join("Cargo.lock")))?;

    // Each crate and its runtime package (`runtime/`, a member as a path
    // dependency inside the workspace).
    let fixture_packages: Vec<String> = fixtures
        .iter()
        .flat_map(|f| {
            [
                format!("corpus-{}", f.name),
                format!("corpus-{}-runtime", f.name),
            ]
        })
        .chain(["corpus-harness".to_owned()])
        .collect();
    let mut clippy = vec!["clippy", "--all-targets"];
    for package in &fixture_packages {
        clippy.extend(["-p", package.as_str()]);
    }
    clippy.extend(["--", "-D", "warnings"]);
    let took = cargo(&work, &clippy)?;
    println!("corpus: clippy -D warnings on every fixture crate: {took:.2?}");
    let took = cargo(&work, &["test", "-p", "corpus-harness"])?;
    println!("corpus: round-trip and wire tests: {took:.2?}");
    check_each_tag(&work, "corpus-ofauth-api", &crates.join("ofauth-api"))?;

    if let Some((out, _)) = &github_doc {
        let took = cargo(&work, &["check", "-p", "corpus-github"])?;
        println!("corpus: cargo check of the GitHub crate (with its dependencies): {took:.2?}");
        // The cost to users: re-checking the crate alone.
        let lib = out.join("src/lib.rs");
        std::fs::File::options()
            .write(true)
            .open(&lib)
            .and_then(|file| file.set_modified(std::time::SystemTime::now()))
            .map_err(Error::io(&lib))?;
        let took = cargo(&work, &["check", "-p", "corpus-github"])?;
        println!("corpus: re-check of the GitHub crate alone: {took:.2?}");
        // Its docs are the spec's markdown at its most varied (lists,
        // quotes, tables with tabs): clippy's doc lints hold them to it.
        let took = cargo(
            &work,
            &[
                "clippy",
                "-p",
                "corpus-github",
                "--features",
                "mock",
                "--",
                "-D",
                "warnings",
            ],
        )?;
        println!("corpus: clippy -D warnings on the GitHub crate (with the mock): {took:.2?}");
        // And rustdoc's: links that resolve from every module, no bare
        // URLs (a link whose text runs over lines once left one).
        let took = cargo_with_env(
            &work,
            &["doc", "--no-deps", "-p", "corpus-github"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        )?;
        println!("corpus: rustdoc -D warnings on the GitHub crate: {took:.2?}");
        check_each_tag(&work, "corpus-github", out)?;
    }
    let took = cargo(&work, &["run", "-p", "corpus-examples"])?;
    println!("corpus: examples proven in {took:.2?}");
    Ok(())
}

/// Checks the crate in `dir` with each tag's feature alone (and the
/// webhooks' alone), and with none: every build compiles, and what a user
/// who calls one tag pays; prints the times.
fn check_each_tag(work: &Path, package: &str, dir: &Path) -> Result<(), Error> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(Error::io(&manifest))?;
    let mut tags: Vec<String> = text
        .lines()
        .find_map(|line| line.strip_prefix("all-tags = ["))
        .map(|list| {
            list.trim_end_matches(']')
                .split(", ")
                .map(|t| t.trim_matches('"').to_owned())
                .collect()
        })
        .unwrap_or_default();
    if tags.is_empty() {
        return Ok(());
    }
    if text.lines().any(|line| line == "webhooks = []") {
        tags.push("webhooks".to_owned());
    }
    let mut times = Vec::new();
    for tag in std::iter::once("").chain(tags.iter().map(String::as_str)) {
        let features = if tag.is_empty() {
            "ring".to_owned()
        } else {
            format!("ring,{tag}")
        };
        let args = [
            "check",
            "-p",
            package,
            "--no-default-features",
            "--features",
            &features,
        ];
        let took = cargo(work, &args)?;
        times.push((took, if tag.is_empty() { "(none)" } else { tag }));
    }
    times.sort();
    let (median, _) = times[times.len() / 2];
    let slowest: Vec<String> = times
        .iter()
        .rev()
        .take(3)
        .map(|(took, which)| format!("{which} {took:.2?}"))
        .collect();
    println!(
        "corpus: {package} checked with each of its {} tag features alone and with none: \
         median {median:.2?}, slowest {}",
        tags.len(),
        slowest.join(", ")
    );
    Ok(())
}

/// `cargo xtask codegen --spec … --out … --name …`, as maintainers run it.
fn codegen(spec: &Path, out: &Path, name: &str, signing: Option<&str>) -> Result<(), Error> {
    let exe = std::env::current_exe().map_err(Error::command("xtask codegen"))?;
    let output = Command::new(exe)
        .arg("codegen")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--name", name])
        .args(signing.iter().flat_map(|s| ["--webhook-signing", s]))
        .output()
        .map_err(Error::command("xtask codegen"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in stderr
        .lines()
        .filter(|l| l.starts_with("warning") || l.contains(": fidelity: "))
    {
        println!("  {line}");
    }
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::Command {
            command: format!("xtask codegen --spec {}", spec.display()),
            detail: stderr.into_owned(),
        })
    }
}

/// The crate whose tests use every fixture crate.
fn write_harness(root: &Path, dir: &Path, fixtures: &[Fixture]) -> Result<(), Error> {
    let deps: String = fixtures
        .iter()
        .map(|f| format!("corpus-{0} = {{ path = \"../{0}\" }}\n", f.name))
        .collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus`.\n[package]\nname = \"corpus-harness\"\nversion = \"0.0.0\"\n\
         edition = \"2024\"\npublish = false\n\n[lib]\npath = \"lib.rs\"\n\n[dev-dependencies]\n{deps}\
         axum = {{ version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"] }}\n\
         futures = \"0.3\"\nserde = \"1\"\nserde_json = \"1\"\n\
         tokio = {{ version = \"1\", features = [\"io-util\", \"macros\", \"net\", \"rt\", \"time\"] }}\n"
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    write(&dir.join("lib.rs"), "//! Tests only: see `tests/`.\n")?;
    for (from, to) in [
        ("tests/fixtures/corpus/harness.rs", "tests/harness.rs"),
        ("tests/support/faults.rs", "tests/faults/mod.rs"),
    ] {
        let text = std::fs::read_to_string(root.join(from)).map_err(Error::io(root.join(from)))?;
        write(&dir.join(to), &text)?;
    }
    // README.md's examples of what the OFAuth spec does not have yet,
    // compiled against the fixtures that have it.
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).map_err(Error::io(&readme_path))?;
    for (heading, krate, file) in [
        ("## Webhooks", "corpus_ofauth_extended", "readme_webhook.rs"),
        (
            "### Access calls, on behalf of a connection",
            "corpus_ofauth_api",
            "readme_access.rs",
        ),
    ] {
        let example = readme_example(&readme, heading).ok_or_else(|| Error::Command {
            command: "corpus".to_owned(),
            detail: format!("README.md has no ```rust,ignore block under `{heading}`"),
        })?;
        write(
            &dir.join("tests").join(file),
            &format!(
                "//! README.md's example under `{heading}` (written by `cargo xtask corpus`).\n\
                 #![allow(dead_code)]\n\nuse {krate} as ofauth;\n\n{example}"
            ),
        )?;
    }
    Ok(())
}

/// The first ```` ```rust,ignore ```` block after the line `heading`.
fn readme_example<'a>(readme: &'a str, heading: &str) -> Option<&'a str> {
    let section = &readme[readme.find(&format!("\n{heading}\n"))?..];
    let start = section.find("```rust,ignore\n")? + "```rust,ignore\n".len();
    let end = section[start..].find("```")?;
    Some(&section[start..start + end])
}

/// Downloads (once) and checks the pinned GitHub description; returns the
/// document's path.
pub fn fetch_github(root: &Path) -> Result<PathBuf, Error> {
    let cache = root.join("target/corpus-cache");
    let tarball = cache.join("octokit-openapi.tgz");
    let document = cache.join(GITHUB_DOCUMENT);
    let verified = |bytes: &[u8]| format!("{:x}", Sha256::digest(bytes)) == GITHUB_SHA256;
    let cached = std::fs::read(&tarball).ok().filter(|b| verified(b));
    if cached.is_none() {
        println!("corpus: downloading {GITHUB_TARBALL}");
        let bytes = download(GITHUB_TARBALL)?;
        if !verified(&bytes) {
            return Err(Error::Checksum {
                url: GITHUB_TARBALL.to_owned(),
                expected: GITHUB_SHA256.to_owned(),
            });
        }
        std::fs::create_dir_all(&cache).map_err(Error::io(&cache))?;
        std::fs::write(&tarball, &bytes).map_err(Error::io(&tarball))?;
        let _ = std::fs::remove_file(&document);
    }
    if !document.exists() {
        let status = Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&cache)
            .arg(GITHUB_DOCUMENT)
            .status()
            .map_err(Error::command("tar -xzf"))?;
        if !status.success() {
            return Err(Error::Command {
                command: "tar -xzf".to_owned(),
                detail: format!("could not extract {GITHUB_DOCUMENT} ({status})"),
            });
        }
    }
    Ok(document)
}

fn download(url: &str) -> Result<Vec<u8>, Error> {
    let failed = |e: reqwest::Error| Error::Fetch {
        url: url.to_owned(),
        message: e.to_string(),
    };
    let response = crate::http_client()
        .timeout(std::time::Duration::from_secs(300))
        .build()
        .and_then(|client| client.get(url).send())
        .and_then(reqwest::blocking::Response::error_for_status)
        .map_err(failed)?;
    response.bytes().map(|b| b.to_vec()).map_err(failed)
}

/// Runs cargo in the corpus workspace with its own target folder; returns
/// how long it took.
fn cargo(work: &Path, args: &[&str]) -> Result<std::time::Duration, Error> {
    cargo_with_env(work, args, &[])
}

/// [`cargo`] with more environment variables (`RUSTDOCFLAGS`).
fn cargo_with_env(
    work: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<std::time::Duration, Error> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let status = Command::new(cargo)
        .args(args)
        .current_dir(work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .envs(env.iter().copied())
        .status()
        .map_err(Error::command("cargo"))?;
    if status.success() {
        Ok(started.elapsed())
    } else {
        Err(Error::Command {
            command: format!("cargo {}", args.join(" ")),
            detail: format!("{status} in {}", work.display()),
        })
    }
}

pub(crate) fn write(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(Error::io(parent))?;
    }
    // Unchanged files keep their times, so cargo's caches stay valid.
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(Error::io(path))
}

fn count_lines(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                // `src/operations/`: a module per tag.
                count_lines(&path)
            } else {
                std::fs::read_to_string(&path).map_or(0, |text| text.lines().count())
            }
        })
        .sum()
}
