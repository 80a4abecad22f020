//! The corpus fixtures, generated in memory: every family generates
//! without error, and every fallback is a warning that names its place.
//! Compiling them (slow) is `cargo xtask corpus`, which CI runs.

use codegen::CrateInfo;

fn generate(name: &str) -> codegen::Generated {
    let root = xtask::repo::workspace_root();
    let fixture = xtask::corpus::fixtures(&root)
        .unwrap()
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"));
    let info = CrateInfo {
        name: format!("corpus-{name}"),
        version: "0.1.0".to_owned(),
        webhook_signing: fixture.webhook_signing,
        ..Default::default()
    };
    codegen::generate(&fixture.spec, &info).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn warnings(generated: &codegen::Generated) -> Vec<String> {
    generated.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn every_fixture_generates() {
    let root = xtask::repo::workspace_root();
    let fixtures = xtask::corpus::fixtures(&root).unwrap();
    assert!(fixtures.len() >= 11, "{fixtures:?}");
    for fixture in fixtures {
        let generated = generate(&fixture.name);
        let clean = !matches!(
            fixture.name.as_str(),
            "fallbacks" | "openapi31" | "responses" | "webhooks-only" | "refs"
        );
        assert!(
            !clean || generated.warnings.is_empty(),
            "{}: {:?}",
            fixture.name,
            warnings(&generated)
        );
    }
}

/// `/several` answers 200 and 201 with a `Thing` and 202 with no body; the
/// method returns `Thing` for all three, and the 202 is flagged.
#[test]
fn a_2xx_response_unlike_the_returned_one_is_a_warning() {
    assert_eq!(
        warnings(&generate("responses")),
        [
            "at /paths/~1several/post/responses/202: its body differs from the 200 response's, \
          whose type the method returns for every 2xx status; a 202 answer is decoded as that type"
        ]
    );
}

#[test]
fn fallbacks_are_warnings_with_their_place() {
    let warnings = warnings(&generate("fallbacks"));
    for expected in [
        "at /components/schemas/Odd/properties/notString: `not` cannot be expressed",
        "at /components/schemas/Odd/properties/mixedAllOf/allOf/0: `allOf` with an arm that is not an object",
        "at /components/schemas/Odd/properties/emptyOneOf/oneOf: no alternatives",
        "at /components/schemas/Odd: `ghost` is listed in `required`",
        "at /components/schemas/Loop2: this schema is an alias of itself",
        "at /paths/~1odd/get/parameters/1: query style SpaceDelimited is not supported",
    ] {
        assert!(
            warnings.iter().any(|w| w.starts_with(expected)),
            "missing {expected:?} in {warnings:#?}"
        );
    }
}

#[test]
fn openapi_3_1_extras_are_ignored_with_a_warning() {
    let generated = generate("openapi31");
    let warnings = warnings(&generated);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("at /jsonSchemaDialect: ignored")),
        "{warnings:?}"
    );
    // Its webhook is kept: a typed parse of its payload.
    let webhooks = file(&generated, "src/webhooks.rs");
    assert!(
        webhooks
            .contains("pub fn parse_new_event(body: &[u8]) -> Result<models::Event, WebhookError>"),
        "{webhooks}"
    );
}

/// A document of webhooks alone: models and webhooks, no client; the
/// body that is not JSON is a warning with its place.
#[test]
fn webhooks_without_paths_make_a_crate_without_a_client() {
    let generated = generate("webhooks-only");
    assert_eq!(
        warnings(&generated),
        [
            "at /webhooks/ping/post/requestBody: a `text/plain` webhook body is not decoded; \
          the webhook is left out"
        ]
    );
    let paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    assert!(
        !paths.contains(&"src/client.rs") && !paths.contains(&"src/operations.rs"),
        "{paths:?}"
    );
    assert!(
        !paths.contains(&"src/webhook_signature.rs"),
        "no scheme, no verification"
    );
    let webhooks = file(&generated, "src/webhooks.rs");
    assert!(webhooks.contains("pub fn parse_order_paid("), "{webhooks}");
    assert!(webhooks.contains("pub fn parse_refund("), "{webhooks}");
    assert!(
        !webhooks.contains("parse_event"),
        "no shared discriminator: {webhooks}"
    );
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        !manifest.contains("reqwest") && !manifest.contains("hmac"),
        "{manifest}"
    );
}

/// The extended OFAuth fixture, as the OFAuth crate is generated: an
/// `Event` enum by `eventType`, and verification.
#[test]
fn ofauth_webhooks_are_events_by_event_type_and_verified() {
    let generated = generate("ofauth-extended");
    // With features per tag, the webhooks' own types are in their module.
    let models = file(&generated, "src/models/webhooks.rs");
    assert!(
        models.contains("#[discriminator(\"eventType\")]"),
        "no Event enum"
    );
    for tag in [
        "connection.created",
        "connection.updated",
        "connection.expired",
        "rules.updated",
    ] {
        // Each event model has the property: written as the model has it.
        assert!(
            models.contains(&format!("#[tag(\"{tag}\", in_model)]")),
            "{tag}"
        );
    }
    let lib = file(&generated, "src/lib.rs");
    assert!(
        lib.contains("pub use webhook_signature::{DEFAULT_TOLERANCE, Webhook};"),
        "{lib}"
    );
    assert!(lib.contains("pub use models::Event;"), "{lib}");
}

fn file<'a>(generated: &'a codegen::Generated, path: &str) -> &'a str {
    &generated
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

/// Every operation of the official Python SDK (`onlyfans-sdk` 3.1.0, the
/// table `tests/fixtures/ofauth-api/operations.tsv` derived from it) has a
/// `Client` method in the whole-API crate, under a name that reads well: no
/// numeric suffix, no word cut short.
#[test]
fn every_sdk_operation_has_a_client_method() {
    let root = xtask::repo::workspace_root();
    let spec = root.join("tests/fixtures/ofauth-api.yaml");
    let loaded = codegen::load::load(&spec).unwrap();
    let (api, _) = codegen::model::build(&loaded).unwrap();
    let table =
        std::fs::read_to_string(root.join("tests/fixtures/ofauth-api/operations.tsv")).unwrap();
    let mut checked = 0;
    for row in table.lines().filter(|l| !l.starts_with('#')) {
        let [method, path, function] = row.split('\t').collect::<Vec<_>>()[..] else {
            panic!("bad row {row:?}");
        };
        let op = api
            .operations
            .iter()
            .find(|op| op.method == method && op.path == path)
            .unwrap_or_else(|| panic!("{function} ({method} {path}) has no method"));
        let ends_in_number = op
            .name
            .rsplit('_')
            .next()
            .is_some_and(|w| w.parse::<u32>().is_ok());
        assert!(!ends_in_number, "{function}: `{}`", op.name);
        assert!(
            !op.name.contains("plu_") && !op.name.ends_with("_plu"),
            "{}",
            op.name
        );
        checked += 1;
    }
    assert_eq!(checked, 127);
    assert_eq!(api.operations.len(), 127);
    // The connection id is a credential of the client, sent by every
    // Access call together with the API key.
    let slots: Vec<&str> = api.auth.slots.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(slots, ["api_key", "connection_id"]);
    for op in &api.operations {
        let expected: &[Vec<usize>] = if op.path.starts_with("/v2/access/") {
            &[vec![0, 1]]
        } else {
            &[vec![0]]
        };
        assert_eq!(op.security, expected, "{} {}", op.method, op.path);
    }
}

/// References to any place of the document generate; a path key with a
/// query string and a template no parameter describes are warnings.
#[test]
fn references_anywhere_generate_and_loose_paths_warn() {
    let warnings = warnings(&generate("refs"));
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(warnings[0].starts_with("at /paths/~1pointers~1{slug}/get: the path names `{slug}`"));
    assert!(
        warnings[1]
            .starts_with("at /paths/~1search?term={term}: the path key carries a query string")
    );
}
