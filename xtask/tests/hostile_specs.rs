//! Hostile documents: the corpus fixtures with random parts replaced by
//! other schema-like values or removed. The generator may refuse one (with
//! a pointer) or generate it, but never panics, and whatever it generates
//! is valid Rust syntax (prettyplease parses every file).

use codegen::CrateInfo;
use proptest::prelude::*;
use serde_json::{Value, json};

/// The documents, read once.
static FIXTURES: std::sync::LazyLock<Vec<Value>> = std::sync::LazyLock::new(fixtures);

fn fixtures() -> Vec<Value> {
    let root = xtask::repo::workspace_root();
    xtask::corpus::fixtures(&root)
        .unwrap()
        .iter()
        .chain([&xtask::corpus::Fixture {
            name: "features".into(),
            spec: root.join("tests/fixtures/features.yaml"),
            webhook_signing: None,
        }])
        .map(|f| {
            let text = std::fs::read_to_string(&f.spec).unwrap();
            codegen::load::parse_value(&text).unwrap()
        })
        .collect()
}

/// Values that look like parts of a spec.
fn replacement() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!(null),
        json!({}),
        json!([]),
        json!("text"),
        json!(-1),
        json!(true),
        json!({"type": "object"}),
        json!({"type": "array"}),
        json!({"type": ["string", "null"], "enum": ["a", null, "A"]}),
        json!({"$ref": "#/components/schemas/Missing"}),
        json!({"$ref": "#/components/schemas/Node"}),
        json!({"$ref": "#/nowhere"}),
        json!({"oneOf": []}),
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
        json!({"allOf": [{"type": "string"}, {"$ref": "#/components/schemas/Node"}]}),
        json!({"oneOf": [{"$ref": "#/components/schemas/Cat"}], "discriminator": {"propertyName": "x"}}),
        json!({"enum": [1, "one", null, 1.5]}),
        json!({"type": "integer", "format": "uint64"}),
        json!({"type": "string", "format": "binary"}),
        json!({"additionalProperties": false}),
        json!({"name": "q", "in": "query", "style": "deepObject", "schema": {"type": "object"}}),
        json!({"name": "p", "in": "path", "required": true, "schema": {"type": "string"}}),
        json!({"description": "ok", "content": {"*/*": {}}}),
        json!({"content": {"multipart/form-data": {"schema": {"type": "string"}}}}),
        json!({"type": "object", "properties": {"": {}, "type": {}, "Type": {}, "1": {}}}),
    ])
}

/// Replaces the node reached by following `steps` (each picks a child),
/// or removes it when `remove` and its parent is an object.
fn mutate(value: &mut Value, steps: &[usize], new: Value, remove: bool) {
    let mut node = value;
    for (depth, step) in steps.iter().enumerate() {
        let last = depth + 1 == steps.len();
        let len = match &*node {
            Value::Object(map) => map.len(),
            Value::Array(items) => items.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let index = step % len;
        if last && remove {
            match node {
                Value::Object(map) => {
                    let key = map.keys().nth(index).cloned().unwrap();
                    map.shift_remove(&key);
                }
                Value::Array(items) => {
                    items.remove(index);
                }
                _ => {}
            }
            return;
        }
        node = match node {
            Value::Object(map) => map.values_mut().nth(index).unwrap(),
            Value::Array(items) => &mut items[index],
            _ => unreachable!(),
        };
    }
    *node = new;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(
        which in any::<usize>(),
        mutations in prop::collection::vec(
            (prop::collection::vec(any::<usize>(), 1..8), replacement(), any::<bool>()),
            1..4,
        ),
    ) {
        let fixtures = &*FIXTURES;
        let mut doc = fixtures[which % fixtures.len()].clone();
        for (steps, new, remove) in mutations {
            mutate(&mut doc, &steps, new, remove);
        }
        let text = doc.to_string();
        let info = CrateInfo { name: "hostile".into(), version: "0.1.0".into(), ..Default::default() };
        if let Ok(spec) = codegen::load::parse(&text) {
            if let Ok((api, _)) = codegen::model::build(&spec) {
                if let Err(e) = codegen::render(&api, &info) {
                    panic!("generated invalid Rust from {text}: {e}");
                }
            }
        }
    }
}
