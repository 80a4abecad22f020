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
            "fallbacks" | "openapi31" | "responses"
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
    let warnings = warnings(&generate("openapi31"));
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("at /webhooks: ignored"))
    );
}
