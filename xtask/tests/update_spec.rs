//! `cargo xtask update-spec` against a real HTTP server on 127.0.0.1, on a
//! copy of this repository's `spec/` and `generated/`; and `diff-spec`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn workspace() -> PathBuf {
    xtask::repo::workspace_root()
}

/// A one-file HTTP server: answers every request with `status` and `body`,
/// until the test ends.
fn serve(status: u16, body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/openapi.json", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            // The request line and headers, up to the blank line.
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    url
}

/// A copy of the repository's `spec/` and `generated/` in a fresh folder.
fn repo(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("xtask-update-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for folder in ["spec", "generated"] {
        copy_dir(&workspace().join(folder), &root.join(folder));
    }
    root
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if name == "target" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(name));
        } else {
            std::fs::copy(&path, to.join(name)).unwrap();
        }
    }
}

/// Every file under `root`, with its bytes.
fn contents(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The vendored spec as a JSON value.
fn current_spec() -> Value {
    let yaml = std::fs::read_to_string(workspace().join("spec/openapi.yaml")).unwrap();
    codegen::load::parse_value(&yaml).unwrap()
}

/// The properties of a listed connection, to change.
fn connection_properties(spec: &mut Value) -> &mut serde_json::Map<String, Value> {
    spec.pointer_mut(
        "/paths/~1v2~1account~1connections/get/responses/200/content/application~1json/schema/properties/list/items/properties",
    )
    .and_then(Value::as_object_mut)
    .expect("the connection's properties")
}

fn update(root: &Path, url: &str) -> Output {
    xtask(&[
        "update-spec",
        "--from",
        url,
        "--root",
        root.to_str().unwrap(),
    ])
}

#[test]
fn update_reports_bumps_and_regenerates() {
    let root = repo("ok");

    // A breaking change (a field made nullable, an enum value gone) and
    // additions (an optional field, an enum value, an operation).
    let mut spec = current_spec();
    let fields = connection_properties(&mut spec);
    fields.insert("nickname".into(), json!({"type": "string"}));
    fields["createdAt"]["type"] = json!(["string", "null"]);
    fields["status"]["enum"] = json!(["active", "expired", "paused"]);
    let params = spec
        .pointer_mut("/paths/~1v2~1account~1connections/get/parameters")
        .and_then(Value::as_array_mut)
        .unwrap();
    let status = params.iter_mut().find(|p| p["name"] == "status").unwrap();
    status["schema"]["enum"] = json!(["active", "expired", "paused"]);
    spec["paths"]["/v2/account/whoami"] = json!({
        "get": {
            "operationId": "whoami",
            "responses": {"200": {"description": "Who the key belongs to.",
                "content": {"application/json": {"schema": {"type": "object",
                    "properties": {"id": {"type": "string"}}}}}}}
        }
    });
    spec["info"]["version"] = json!("1.1.0");
    let url = serve(200, spec.to_string());

    let output = update(&root, &url);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = text(&output.stdout);
    for line in [
        "## ofauth 0.2.0",
        "API document `1.0.0` → `1.1.0`",
        "Version 0.1.0 → 0.2.0: 2 breaking changes.",
        "### Breaking",
        "- `Connection.created_at`: `String` → `Option<String>` (now nullable)",
        "- `ConnectionStatus`: value `\"awaiting_2fa\"` removed",
        "### Not breaking",
        "- `whoami` added (`GET /v2/account/whoami`)",
        "- `Connection.nickname`: field added (optional, `Option<String>`)",
        "- `ConnectionStatus`: value `\"paused\"` added",
    ] {
        assert!(report.contains(line), "missing {line:?} in\n{report}");
    }

    // The spec, the version, the crate and its history.
    let written = std::fs::read_to_string(root.join("spec/openapi.yaml")).unwrap();
    assert_eq!(written, xtask::update::to_yaml(&spec).unwrap());
    let version = std::fs::read_to_string(root.join("spec/VERSION")).unwrap();
    assert_eq!(version, "0.2.0\n");
    let config = xtask::repo::ofauth(&root).unwrap();
    assert_eq!(config.info.version, "0.2.0");
    let generated = codegen::generate(&config.spec, &config.info).unwrap();
    let stale = codegen::files::check(&config.out, &generated.files).unwrap();
    assert!(
        stale.is_empty(),
        "the crate is what codegen makes: {stale:?}"
    );
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
    assert!(manifest.contains("version = \"0.2.0\""), "{manifest}");
    let models = std::fs::read_to_string(root.join("generated/src/models.rs")).unwrap();
    assert!(models.contains("pub nickname: Option<String>"));
    let changes = std::fs::read_to_string(root.join("generated/CHANGES.md")).unwrap();
    assert!(changes.starts_with("# Changes\n"), "{changes}");
    assert!(changes.contains(report.trim_end()), "{changes}");

    // The same document again: nothing to do, nothing touched.
    let before = contents(&root);
    let output = update(&root, &url);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("already"));
    assert_eq!(contents(&root), before);

    // A change that only looks breaking: a new optional field of a model
    // the client only receives. Patch bump; the newest entry first.
    connection_properties(&mut spec).insert("note".into(), json!({"type": "string"}));
    let output = update(&root, &serve(200, spec.to_string()));
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = text(&output.stdout);
    assert!(report.contains("## ofauth 0.2.1"), "{report}");
    assert!(
        report.contains("0.2.0 → 0.2.1: no breaking change."),
        "{report}"
    );
    assert!(!report.contains("### Breaking"), "{report}");
    let changes = std::fs::read_to_string(root.join("generated/CHANGES.md")).unwrap();
    let (newer, older) = (
        changes.find("## ofauth 0.2.1").unwrap(),
        changes.find("## ofauth 0.2.0").unwrap(),
    );
    assert!(newer < older, "newest first:\n{changes}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn failures_write_nothing() {
    let root = repo("fail");
    let before = contents(&root);

    let refused = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/openapi.json", listener.local_addr().unwrap())
    };
    let mut broken = current_spec();
    broken["paths"]["/v2/things"] =
        json!({"get": {"responses": {"200": {"$ref": "#/components/responses/Missing"}}}});
    let cases = [
        (
            serve(404, "not here".into()),
            "could not fetch http://127.0.0.1",
        ),
        (
            serve(200, "{\"openapi\": ".into()),
            "invalid JSON (line 1, column 12)",
        ),
        (
            serve(200, broken.to_string()),
            "at /paths/~1v2~1things/get/responses/200: `#/components/responses/Missing` names nothing",
        ),
        (refused, "could not fetch"),
        (
            "/nonexistent/openapi.json".into(),
            "/nonexistent/openapi.json",
        ),
    ];
    for (url, message) in cases {
        let output = update(&root, &url);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{url}: {stderr}");
        assert!(
            stderr.contains(message),
            "{url}: want {message:?} in\n{stderr}"
        );
        assert!(stderr.contains("nothing was written"), "{stderr}");
        assert_eq!(contents(&root), before, "{url} changed files");
    }
    let output = update(&root, &serve(404, String::new()));
    assert!(text(&output.stderr).contains("404 Not Found"));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn diff_spec_prints_the_report_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("xtask-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut spec = current_spec();
    connection_properties(&mut spec).remove("imported");
    let new = dir.join("new.json");
    std::fs::write(&new, spec.to_string()).unwrap();
    let old = workspace().join("spec/openapi.yaml");

    let output = xtask(&["diff-spec", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = text(&output.stdout);
    assert!(report.contains(": breaking\n"), "{report}");
    assert!(
        report.contains("- `Connection.imported`: field removed"),
        "{report}"
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);

    let same = xtask(&["diff-spec", old.to_str().unwrap(), old.to_str().unwrap()]);
    assert!(text(&same.stdout).contains("No change to the crate's API."));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `tests/fixtures/changes/{old,new}.yaml` hold one change of each kind;
/// `report.md` is the report, reviewed line by line.
#[test]
fn diff_spec_reports_every_kind_of_change() {
    let dir = workspace().join("tests/fixtures/changes");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff-spec", "old.yaml", "new.yaml"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let expected = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert_eq!(text(&output.stdout), expected);
}
