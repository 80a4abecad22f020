//! `cargo xtask codegen` as maintainers run it: the standalone form with
//! `--spec/--out/--name`, `--check`, and errors on a broken spec.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml")
}

/// `cargo xtask codegen --spec … --out … --name …` and any more arguments.
fn codegen(spec: &Path, out: &Path, name: &str, more: &[&str]) -> Output {
    let (spec, out) = (spec.to_str().unwrap(), out.to_str().unwrap());
    let mut args = vec!["codegen", "--spec", spec, "--out", out, "--name", name];
    args.extend(more);
    xtask(&args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn standalone_crate_then_check() {
    let dir = temp_dir("standalone");
    let out = dir.join("my-client");
    let (spec, out_str) = (spec(), out.to_string_lossy().into_owned());
    let args = [
        "codegen",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        &out_str,
        "--name",
        "my-client",
    ];

    let output = xtask(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-client\""), "{manifest}");
    // Standalone: its one path dependency is its own runtime package,
    // inside the output folder, which has none.
    let paths: Vec<&str> = manifest.lines().filter(|l| l.contains("path =")).collect();
    assert_eq!(
        paths,
        [
            r#"runtime = { package = "my-client-runtime", version = "=0.1.0", path = "runtime", default-features = false }"#
        ],
        "standalone: {manifest}"
    );
    assert!(!manifest.contains("workspace"), "standalone: {manifest}");
    let runtime = std::fs::read_to_string(out.join("runtime/Cargo.toml")).unwrap();
    assert!(
        runtime.contains("name = \"my-client-runtime\""),
        "{runtime}"
    );
    assert!(!runtime.contains("path =") && !runtime.contains("workspace"));
    assert!(out.join("src/lib.rs").exists() && out.join("src/models.rs").exists());
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("my_client::Client::new"),
        "the example uses the crate's own name"
    );

    // Up to date: --check passes and a second run writes nothing.
    let check: Vec<&str> = args.iter().copied().chain(["--check"]).collect();
    assert!(xtask(&check).status.success());
    assert!(stderr(&xtask(&args)).contains("is up to date"));

    // A hand edit, a deleted file and a stray module are all reported.
    std::fs::write(out.join("src/models.rs"), "// edited\n").unwrap();
    std::fs::remove_file(out.join("runtime/src/error.rs")).unwrap();
    std::fs::write(out.join("runtime/src/stray.rs"), "").unwrap();
    let output = xtask(&check);
    let text = stderr(&output);
    assert!(!output.status.success());
    assert!(
        text.contains("models.rs differs") && text.contains("-// edited"),
        "{text}"
    );
    assert!(text.contains("runtime/src/error.rs is missing"), "{text}");
    assert!(
        text.contains("runtime/src/stray.rs is no longer generated"),
        "{text}"
    );
    assert!(text.contains("run `cargo xtask codegen`"), "{text}");
    assert_eq!(
        std::fs::read_to_string(out.join("src/models.rs")).unwrap(),
        "// edited\n",
        "--check writes nothing"
    );

    assert!(xtask(&args).status.success());
    assert!(xtask(&check).status.success(), "a rerun repairs everything");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_broken_spec_is_an_error_with_a_pointer() {
    let dir = temp_dir("broken");
    let cases = [
        (
            "bad-ref.yaml",
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n",
            "/paths/~1a/get/responses/200/content/application~1json/schema",
        ),
        (
            "swagger.json",
            r#"{"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#,
            "/swagger",
        ),
        ("not-yaml.yaml", "openapi: [unclosed", "invalid YAML"),
    ];
    for (name, text, expected) in cases {
        let spec = dir.join(name);
        std::fs::write(&spec, text).unwrap();
        let out = dir.join("out");
        let output = codegen(&spec, &out, "x", &[]);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {text}");
        assert!(
            text.contains(expected),
            "{name}: expected `{expected}` in: {text}"
        );
        assert!(!text.contains("panicked"), "{name}: {text}");
        assert!(!out.exists(), "{name}: nothing is written");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_crate_name_must_be_a_package_name() {
    let dir = temp_dir("name");
    let out = dir.join("out");
    let spec = spec();
    let output = codegen(&spec, &out, "my client", &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not a valid package name"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn spec_out_and_name_go_together() {
    let output = xtask(&["codegen", "--spec", "x.yaml"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("--out"), "{}", stderr(&output));
}

#[test]
fn extra_derives_go_on_every_model_and_bad_ones_are_refused() {
    let dir = temp_dir("derive");
    let out = dir.join("out");
    let spec = spec();
    let output = codegen(
        &spec,
        &out,
        "derived",
        &["--derive", "Eq", "--derive", "Hash"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
    assert!(
        models
            .contains("#[derive(Clone, Debug, PartialEq, Eq, Hash)]\n    pub struct Connection {"),
        "{models}"
    );
    // A string enum has both already: listed once.
    assert!(
        models.contains("#[derive(Clone, Debug, PartialEq, Eq, Hash)]\n    #[non_exhaustive]"),
        "{models}"
    );
    std::fs::remove_dir_all(&out).unwrap();
    for (derive, expected) in [
        ("schemars::JsonSchema", "another crate"),
        ("Serialize", "implements it already"),
    ] {
        let output = codegen(&spec, &out, "derived", &["--derive", derive]);
        assert_eq!(output.status.code(), Some(1), "{derive}");
        assert!(stderr(&output).contains(expected), "{}", stderr(&output));
        assert!(!out.exists(), "{derive}: nothing is written");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unknown_webhook_signing_scheme_is_refused() {
    let dir = temp_dir("signing");
    let out = dir.join("out");
    let output = codegen(&spec(), &out, "x", &["--webhook-signing", "hmac-md5"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("standard-webhooks"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_fidelity_report_counts_fallbacks_and_can_deny_them() {
    let dir = temp_dir("fidelity");
    let out = dir.join("out");
    let fallbacks =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/corpus/fallbacks.yaml");
    let output = codegen(&fallbacks, &out, "loose", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stderr(&output);
    let report = text
        .lines()
        .find(|l| l.contains("fidelity:"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        report.contains("free JSON values where the document gave a type"),
        "{report}"
    );
    assert!(
        report.contains("1 required name without a property"),
        "{report}"
    );
    std::fs::remove_dir_all(&out).unwrap();

    let output = codegen(&fallbacks, &out, "loose", &["--deny-fallbacks"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("--deny-fallbacks: nothing was written"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
    // A document without fallbacks passes.
    let output = codegen(&spec(), &out, "strict", &["--deny-fallbacks"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("fidelity: no fallbacks"));
    std::fs::remove_dir_all(dir).unwrap();
}
