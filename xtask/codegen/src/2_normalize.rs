//! Rewrites a document, as a JSON value, into the OpenAPI 3.0 shape that
//! `openapiv3` models, so that everything after this stage sees one dialect.
//!
//! What changes (each only where a schema is expected, never inside examples
//! or property names, except the links of the last item):
//! - `openapi: 3.1.x` becomes `3.0.3`; `webhooks` move to `x-webhooks` (the
//!   extension 3.0 documents use for them, which openapiv3 keeps);
//!   `jsonSchemaDialect` is dropped with a warning.
//! - Nullability: `type: [T, "null"]`, `type: "null"`, `null` among the
//!   `enum` values, and a `{type: "null"}` arm of `oneOf`/`anyOf` all become
//!   `nullable: true`. A `oneOf`/`anyOf` left with one arm is folded into
//!   its parent.
//! - `type: [A, B]` becomes `anyOf: [{type: A}, {type: B}]`.
//! - `const: v` becomes `enum: [v]`; `examples: [..]` becomes `example`;
//!   numeric `exclusiveMinimum`/`exclusiveMaximum` become the 3.0 pair.
//! - A `$ref` with sibling keywords (3.1) becomes `allOf: [{$ref}]` plus the
//!   siblings, so that neither the reference nor the siblings are lost.
//! - `allOf` beside `properties`/`required`/`additionalProperties`: those
//!   become one more arm (openapiv3 would keep only one of the two).
//! - Boolean schemas: `true` becomes `{}`, `false` becomes `{not: {}}`.
//! - An operation without `responses` (optional in 3.1) gets an empty map.
//! - Links in descriptions relative to the documentation site (`[key](/x)`)
//!   become absolute with `externalDocs.url`, so rustdoc links work: in
//!   every `description` of the document (operations, parameters,
//!   responses, schemas), but not inside examples, defaults or enums.

use serde_json::{Map, Value, json};

use crate::diagnostics::{self, Diagnostic, Fallback};

/// Where the webhooks are after normalisation: 3.1's `webhooks`, or the
/// `x-webhooks` extension 3.0 documents use.
pub const WEBHOOKS: &str = "x-webhooks";
/// Set to `/webhooks` when [`WEBHOOKS`] holds what the document had there.
pub const WEBHOOKS_FROM: &str = "x-webhooks-from";

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Normalises `doc` in place; returns warnings about what was dropped.
pub fn normalize(doc: &mut Value) -> Result<Vec<Diagnostic>, Diagnostic> {
    let mut warnings = Vec::new();
    let Some(root) = doc.as_object_mut() else {
        return Err(Diagnostic::new("", "the document must be an object"));
    };
    match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) if v.starts_with("3.1") => {
            root.insert("openapi".into(), json!("3.0.3"));
        }
        Some(v) => {
            return Err(Diagnostic::new(
                "/openapi",
                format!("OpenAPI version {v} is not supported (3.0 and 3.1 are)"),
            ));
        }
        None if root.contains_key("swagger") => {
            return Err(Diagnostic::new(
                "/swagger",
                "Swagger 2.0 is not supported: convert the document to OpenAPI 3 first",
            ));
        }
        None => {
            return Err(Diagnostic::new(
                "/openapi",
                "missing the `openapi` version field",
            ));
        }
    }
    if root.remove("jsonSchemaDialect").is_some() {
        warnings.push(Diagnostic::fallback(
            Fallback::LeftOut,
            "/jsonSchemaDialect",
            "ignored: every schema is read as OpenAPI's dialect",
        ));
    }
    // 3.1 `webhooks` go where 3.0 documents put them by convention,
    // `x-webhooks` (an extension openapiv3 keeps), with a note of where
    // they came from for the model's JSON pointers.
    if let Some(webhooks) = root.remove("webhooks") {
        if root.contains_key(WEBHOOKS) {
            warnings.push(Diagnostic::fallback(
                Fallback::LeftOut,
                "/x-webhooks",
                "ignored: the document also has `webhooks`, which are used",
            ));
        }
        root.insert(WEBHOOKS.into(), webhooks);
        root.insert(WEBHOOKS_FROM.into(), json!("/webhooks"));
    }
    root.entry("paths").or_insert_with(|| json!({}));
    let docs_site = root
        .get("externalDocs")
        .and_then(|d| d.get("url"))
        .and_then(Value::as_str)
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
        .map(|url| url.trim_end_matches('/').to_owned());
    if let Some(site) = docs_site {
        absolute_doc_links(doc, &site);
    }
    relocate_refs(doc);
    let Some(root) = doc.as_object_mut() else {
        return Err(Diagnostic::new("", "the document must be an object"));
    };
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for item in paths.values_mut() {
            path_item(item);
        }
    }
    // 3.1's `mutualTLS` scheme has no 3.0 form: the client certificate is
    // the HTTP client's business (`ClientBuilder::http_client`).
    if let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    {
        let mutual: Vec<String> = schemes
            .iter()
            .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(name, _)| name.clone())
            .collect();
        for name in mutual {
            schemes.shift_remove(&name);
            warnings.push(Diagnostic::fallback(
                Fallback::LeftOut,
                crate::diagnostics::join("/components/securitySchemes", [&name]),
                "mutual TLS is not a credential the client sends: give it a `reqwest::Client` \
                 with your certificate (`ClientBuilder::http_client`)",
            ));
        }
    }
    if let Some(Value::Object(webhooks)) = root.get_mut(WEBHOOKS) {
        webhooks.values_mut().for_each(path_item);
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        let each = |components: &mut Map<String, Value>, kind: &str, f: fn(&mut Value)| {
            if let Some(Value::Object(map)) = components.get_mut(kind) {
                map.values_mut().for_each(f);
            }
        };
        each(components, "schemas", schema);
        each(components, "parameters", parameter);
        each(components, "headers", parameter);
        each(components, "responses", response);
        each(components, "requestBodies", content_holder);
        each(components, "pathItems", path_item);
        each(components, "callbacks", callback);
    }
    Ok(warnings)
}

/// What a `$ref` names, by where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefKind {
    Schema,
    Parameter,
    Header,
    Response,
    RequestBody,
    PathItem,
}

impl RefKind {
    /// Where components of this kind live.
    fn section(self) -> &'static str {
        match self {
            RefKind::Schema => "schemas",
            RefKind::Parameter => "parameters",
            RefKind::Header => "headers",
            RefKind::Response => "responses",
            RefKind::RequestBody => "requestBodies",
            RefKind::PathItem => "pathItems",
        }
    }
}

/// A `$ref` may point anywhere in the document (`#/paths/~1users/get/
/// responses/401`, `#/components/schemas/Foo/properties/bar`), but the
/// typed model reads references to `#/components/{kind}/{name}` only. Each
/// other one becomes such a component, a copy of what it points at, named
/// after its place (`FooBar`, `UsersGet401`); a path item given by `$ref`
/// is replaced by a copy of its target. The same target is one component.
/// References outside the document are left for the model to report.
fn relocate_refs(doc: &mut Value) {
    let mut relocated: std::collections::BTreeMap<String, String> = Default::default();
    // Copies can hold references of their own: a few rounds, bounded.
    for _ in 0..16 {
        let mut found = Vec::new();
        collect_refs(doc, None, &mut Vec::new(), &mut found);
        let mut changed = false;
        for (place, kind, reference) in found {
            let Some(target) = reference.strip_prefix('#') else {
                continue;
            };
            let tokens: Vec<String> = target
                .split('/')
                .skip(1)
                .map(diagnostics::unescape)
                .collect();
            let canonical = kind != RefKind::PathItem
                && tokens.len() == 3
                && tokens[0] == "components"
                && tokens[1] == kind.section();
            if canonical {
                continue;
            }
            let Some(copy) = doc.pointer(target).cloned() else {
                continue;
            };
            let Some(node) = pointer_mut(doc, &place) else {
                continue;
            };
            if kind == RefKind::PathItem {
                if let (Value::Object(node), Value::Object(copy)) = (node, copy) {
                    node.remove("$ref");
                    for (key, value) in copy {
                        if key != "$ref" {
                            node.entry(key).or_insert(value);
                        }
                    }
                    changed = true;
                }
                continue;
            }
            let new_ref = match relocated.get(&reference) {
                Some(new_ref) => new_ref.clone(),
                None => {
                    let name = relocated_name(doc, kind, &tokens);
                    let components = doc
                        .as_object_mut()
                        .and_then(|root| {
                            root.entry("components")
                                .or_insert_with(|| json!({}))
                                .as_object_mut()
                        })
                        .and_then(|c| {
                            c.entry(kind.section())
                                .or_insert_with(|| json!({}))
                                .as_object_mut()
                        });
                    let Some(components) = components else {
                        continue;
                    };
                    components.insert(name.clone(), copy);
                    let new_ref = format!(
                        "#/components/{}/{}",
                        kind.section(),
                        diagnostics::escape(&name)
                    );
                    relocated.insert(reference.clone(), new_ref.clone());
                    new_ref
                }
            };
            if let Some(Value::Object(node)) = pointer_mut(doc, &place) {
                node.insert("$ref".into(), Value::String(new_ref));
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// The node at `tokens` below the root.
fn pointer_mut<'a>(doc: &'a mut Value, tokens: &[String]) -> Option<&'a mut Value> {
    tokens.iter().try_fold(doc, |node, token| match node {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

/// A component name for a relocated target, from its place: the words of
/// the pointer that name things (`Foo` and `bar` of
/// `/components/schemas/Foo/properties/bar`; `users`, `get`, `401` of
/// `/paths/~1users/get/responses/401`), unique in its section.
fn relocated_name(doc: &Value, kind: RefKind, tokens: &[String]) -> String {
    const STRUCTURE: &[&str] = &[
        "components",
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "pathItems",
        "paths",
        "content",
        "schema",
        "properties",
        "definitions",
        "$defs",
        "allOf",
        "oneOf",
        "anyOf",
        "items",
    ];
    let mut words = Vec::new();
    for token in tokens {
        if STRUCTURE.contains(&token.as_str()) {
            continue;
        }
        if token.starts_with('/') {
            words.extend(
                token
                    .split('/')
                    .filter(|s| !s.is_empty() && !s.starts_with('{'))
                    .map(str::to_owned),
            );
        } else if !token.contains('/') {
            words.push(token.clone());
        }
    }
    let base = if words.is_empty() {
        "Referenced".to_owned()
    } else {
        words.join("_")
    };
    let taken = |name: &str| {
        doc.pointer(&format!(
            "/components/{}/{}",
            kind.section(),
            diagnostics::escape(name)
        ))
        .is_some()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// Every `$ref` in a place of known kind: its node's place, the kind and
/// the reference.
fn collect_refs(
    value: &Value,
    kind: Option<RefKind>,
    place: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, RefKind, String)>,
) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            for (i, item) in items.iter().enumerate() {
                place.push(i.to_string());
                collect_refs(item, kind, place, out);
                place.pop();
            }
        }
        return;
    };
    if let (Some(kind), Some(Value::String(reference))) = (kind, map.get("$ref")) {
        out.push((place.clone(), kind, reference.clone()));
    }
    for (key, child) in map {
        let child_kind = child_kind(place, kind, key);
        let Some(child_kind) = child_kind else {
            continue;
        };
        place.push(key.clone());
        match child_kind {
            // A map of things of one kind (`properties`, `responses`):
            // each entry is of that kind.
            Child::Each(kind) => {
                if let Value::Object(entries) = child {
                    for (name, entry) in entries {
                        place.push(name.clone());
                        collect_refs(entry, Some(kind), place, out);
                        place.pop();
                    }
                } else {
                    collect_refs(child, Some(kind), place, out);
                }
            }
            Child::One(kind) => collect_refs(child, kind, place, out),
        }
        place.pop();
    }
}

enum Child {
    /// The child is of this kind (or an array of them); `None` walks on
    /// without a kind (`content`, a method, `components`).
    One(Option<RefKind>),
    /// The child maps names to things of this kind.
    Each(RefKind),
}

fn child_kind(place: &[String], kind: Option<RefKind>, key: &str) -> Option<Child> {
    use RefKind::*;
    let parent = place.last().map(String::as_str);
    Some(match (kind, key) {
        (None, "paths" | WEBHOOKS) if place.is_empty() => Child::Each(PathItem),
        (None, "components") if place.is_empty() => Child::One(None),
        (None, section) if parent == Some("components") => match section {
            "schemas" => Child::Each(Schema),
            "parameters" => Child::Each(Parameter),
            "headers" => Child::Each(Header),
            "responses" => Child::Each(Response),
            "requestBodies" => Child::Each(RequestBody),
            "pathItems" | "callbacks" => Child::Each(PathItem),
            _ => return None,
        },
        (Some(PathItem), "parameters") => Child::One(Some(Parameter)),
        (Some(PathItem), method) if METHODS.contains(&method) => Child::One(None),
        (None, "parameters") if METHODS.contains(&parent.unwrap_or_default()) => {
            Child::One(Some(Parameter))
        }
        (None, "requestBody") => Child::One(Some(RequestBody)),
        (None, "responses") if METHODS.contains(&parent.unwrap_or_default()) => {
            Child::Each(Response)
        }
        (Some(Parameter | Header | Response | RequestBody), "content") => Child::One(None),
        (None, "schema") => Child::One(Some(Schema)),
        (Some(Parameter | Header), "schema") => Child::One(Some(Schema)),
        (Some(Response), "headers") => Child::Each(Header),
        (None, _) if parent == Some("content") => Child::One(None),
        (Some(Schema), "properties" | "definitions" | "$defs") => Child::Each(Schema),
        (Some(Schema), "items" | "not" | "additionalProperties" | "allOf" | "oneOf" | "anyOf") => {
            Child::One(Some(Schema))
        }
        _ => return None,
    })
}

/// Markdown links in descriptions that start with `/` are relative to the
/// API's documentation site (`externalDocs.url`); rustdoc would resolve
/// them against the generated docs, so they are made absolute. Every
/// `description` string of the document is one, except inside values the
/// document gives as data (`example`, `examples`, `default`, `enum`,
/// `const`, extensions), which stay as written.
fn absolute_doc_links(value: &mut Value, site: &str) {
    const DATA: &[&str] = &["example", "examples", "default", "enum", "const"];
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(text) if key == "description" && text.contains("](/") => {
                        *text = text.replace("](/", &format!("]({site}/"));
                    }
                    _ if DATA.contains(&key.as_str()) || key.starts_with("x-") => {}
                    _ => absolute_doc_links(child, site),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| absolute_doc_links(item, site)),
        _ => {}
    }
}

fn path_item(item: &mut Value) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(params)) = item.get_mut("parameters") {
        params.iter_mut().for_each(parameter);
    }
    for method in METHODS {
        if let Some(op) = item.get_mut(*method) {
            operation(op);
        }
    }
}

fn callback(value: &mut Value) {
    if let Some(map) = value.as_object_mut() {
        map.values_mut().for_each(path_item);
    }
}

fn operation(op: &mut Value) {
    let Some(op) = op.as_object_mut() else { return };
    // Optional in 3.1 (webhooks rarely have them), required by openapiv3.
    op.entry("responses").or_insert_with(|| json!({}));
    if let Some(Value::Array(params)) = op.get_mut("parameters") {
        params.iter_mut().for_each(parameter);
    }
    if let Some(body) = op.get_mut("requestBody") {
        content_holder(body);
    }
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        responses.values_mut().for_each(response);
    }
    if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
        callbacks.values_mut().for_each(callback);
    }
}

/// A parameter or a header: a `schema`, or a `content` map.
fn parameter(value: &mut Value) {
    if let Some(s) = value.get_mut("schema") {
        schema(s);
    }
    content_holder(value);
}

fn response(value: &mut Value) {
    if let Some(Value::Object(headers)) = value.get_mut("headers") {
        headers.values_mut().for_each(parameter);
    }
    content_holder(value);
}

/// Anything with a `content` map of media types (bodies, responses).
fn content_holder(value: &mut Value) {
    if let Some(Value::Object(content)) = value.get_mut("content") {
        for media in content.values_mut() {
            if let Some(s) = media.get_mut("schema") {
                schema(s);
            }
        }
    }
}

fn is_null_schema(value: &Value) -> bool {
    match value {
        Value::Object(o) => match (o.get("type"), o.get("const"), o.get("enum")) {
            (Some(Value::String(t)), _, _) => t == "null",
            (Some(Value::Array(ts)), _, _) => ts.iter().all(|t| t == "null") && !ts.is_empty(),
            (None, Some(Value::Null), _) => true,
            (None, None, Some(Value::Array(values))) => {
                values.iter().all(Value::is_null) && !values.is_empty()
            }
            _ => false,
        },
        _ => false,
    }
}

/// Normalises one schema and, recursively, every schema inside it.
pub fn schema(value: &mut Value) {
    match value {
        Value::Bool(true) => *value = json!({}),
        Value::Bool(false) => *value = json!({"not": {}}),
        _ => {}
    }
    let Value::Object(obj) = value else { return };

    // A 3.1 `$ref` with siblings: keep both.
    if obj.contains_key("$ref") && obj.len() > 1 {
        let reference = obj.remove("$ref").unwrap_or(Value::Null);
        obj.insert("allOf".into(), json!([{ "$ref": reference }]));
    }

    // `null` arms of oneOf/anyOf mean nullable.
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(arms)) = obj.get_mut(key) else {
            continue;
        };
        let before = arms.len();
        arms.retain(|arm| !is_null_schema(arm));
        if arms.len() == before {
            continue;
        }
        obj.insert("nullable".into(), json!(true));
        let arms = match obj.get(key) {
            Some(Value::Array(arms)) => arms.clone(),
            _ => Vec::new(),
        };
        match arms.as_slice() {
            [] => {
                obj.remove(key);
            }
            [only] => {
                obj.remove(key);
                fold_single_arm(obj, only.clone());
            }
            _ => {}
        }
    }

    // Children first, so that folding above sees normalised arms later.
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        props.values_mut().for_each(schema);
    }
    for key in ["items", "not", "additionalProperties"] {
        if let Some(v) = obj.get_mut(key) {
            // `additionalProperties: true/false` is valid 3.0 as it is.
            if !(key == "additionalProperties" && v.is_boolean()) {
                schema(v);
            }
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(arms)) = obj.get_mut(key) {
            arms.iter_mut().for_each(schema);
        }
    }

    // `allOf` beside the schema's own properties: openapiv3 keeps one or
    // the other, so the properties become one more arm, and every field
    // (inherited and own) is kept.
    if matches!(obj.get("allOf"), Some(Value::Array(_))) {
        let own: Vec<(String, Value)> = ["properties", "required", "additionalProperties"]
            .into_iter()
            .filter_map(|key| obj.remove(key).map(|v| (key.to_owned(), v)))
            .collect();
        if obj.get("type").and_then(Value::as_str) == Some("object") {
            obj.remove("type");
        }
        if !own.is_empty() {
            let mut arm: Map<String, Value> = own.into_iter().collect();
            arm.insert("type".into(), json!("object"));
            if let Some(Value::Array(arms)) = obj.get_mut("allOf") {
                arms.push(Value::Object(arm));
            }
        }
    }

    // `null` among the `enum` values.
    if let Some(Value::Array(values)) = obj.get("enum") {
        if values.iter().any(Value::is_null) {
            obj.insert("nullable".into(), json!(true));
        }
    }

    // `type` as an array, or `type: "null"`.
    match obj.get("type").cloned() {
        Some(Value::Array(types)) => {
            let mut rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
            if rest.len()
                < obj
                    .get("type")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len)
            {
                obj.insert("nullable".into(), json!(true));
            }
            rest.dedup();
            match rest.len() {
                0 => {
                    obj.remove("type");
                }
                1 => {
                    obj.insert("type".into(), rest.remove(0));
                }
                _ => {
                    obj.remove("type");
                    let arms: Vec<Value> = rest.into_iter().map(|t| json!({ "type": t })).collect();
                    obj.insert("anyOf".into(), Value::Array(arms));
                }
            }
        }
        Some(Value::String(t)) if t == "null" => {
            obj.remove("type");
            obj.insert("nullable".into(), json!(true));
        }
        _ => {}
    }

    if let Some(c) = obj.remove("const") {
        obj.entry("enum").or_insert_with(|| json!([c]));
    }
    if let Some(Value::Array(mut examples)) = obj.remove("examples") {
        if !obj.contains_key("example") && !examples.is_empty() {
            obj.insert("example".into(), examples.swap_remove(0));
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n @ Value::Number(_)) = obj.get(exclusive).cloned() {
            obj.insert(bound.into(), n);
            obj.insert(exclusive.into(), json!(true));
        }
    }
    // 3.1 keywords that openapiv3 does not model and that would otherwise
    // confuse its untagged parsing.
    for key in [
        "$schema",
        "$id",
        "$anchor",
        "$defs",
        "$comment",
        "prefixItems",
        "contentEncoding",
    ] {
        obj.remove(key);
    }
}

/// `{description, oneOf: [X]}` becomes X with the parent's own keywords kept:
/// a reference is kept as `allOf: [X]`, an inline schema is merged.
fn fold_single_arm(obj: &mut Map<String, Value>, arm: Value) {
    match arm {
        Value::Object(arm) if !arm.contains_key("$ref") => {
            for (k, v) in arm {
                if k == "nullable" {
                    continue;
                }
                obj.entry(k).or_insert(v);
            }
        }
        other => {
            obj.insert("allOf".into(), json!([other]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(mut v: Value) -> Value {
        schema(&mut v);
        v
    }

    #[test]
    fn nullable_forms_all_become_nullable_true() {
        assert_eq!(
            norm(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            norm(json!({"type": "string", "nullable": true})),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            norm(json!({"oneOf": [{"type": "integer"}, {"type": "null"}]})),
            json!({"nullable": true, "type": "integer"})
        );
        assert_eq!(
            norm(
                json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "d"})
            ),
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(norm(json!({"type": "null"})), json!({"nullable": true}));
        assert_eq!(
            norm(json!({"enum": [1, "one", null]})),
            json!({"enum": [1, "one", null], "nullable": true})
        );
    }

    #[test]
    fn nested_schemas_are_normalised() {
        let v = norm(json!({
            "type": "object",
            "properties": {"type": {"type": ["string", "null"]}, "list": {"type": "array", "items": {"const": 1}}}
        }));
        assert_eq!(
            v["properties"]["type"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(v["properties"]["list"]["items"], json!({"enum": [1]}));
    }

    #[test]
    fn multi_type_arrays_become_any_of() {
        assert_eq!(
            norm(json!({"type": ["string", "integer", "null"]})),
            json!({"nullable": true, "anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn ref_siblings_are_kept() {
        assert_eq!(
            norm(json!({"$ref": "#/components/schemas/A", "description": "why"})),
            json!({"description": "why", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(norm(json!({"$ref": "#/a"})), json!({"$ref": "#/a"}));
    }

    #[test]
    fn openapi_31_keywords() {
        assert_eq!(
            norm(json!({"type": "number", "exclusiveMinimum": 0})),
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})
        );
        assert_eq!(
            norm(json!({"examples": ["a", "b"]})),
            json!({"example": "a"})
        );
        assert_eq!(norm(json!(true)), json!({}));
        assert_eq!(norm(json!(false)), json!({"not": {}}));
    }

    #[test]
    fn documents_are_checked_and_upgraded() {
        let mut doc = json!({"openapi": "3.1.0", "info": {}, "jsonSchemaDialect": "x",
            "webhooks": {"a": {"post": {"requestBody": {"content": {"application/json":
                {"schema": {"type": ["string", "null"]}}}}}}}});
        let warnings = normalize(&mut doc).unwrap();
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "/jsonSchemaDialect");
        // Webhooks are kept where openapiv3 keeps them, normalised.
        assert_eq!(doc.get("webhooks"), None);
        assert_eq!(doc[WEBHOOKS_FROM], "/webhooks");
        assert_eq!(
            doc[WEBHOOKS]["a"]["post"]["requestBody"]["content"]["application/json"]["schema"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            normalize(&mut json!({"swagger": "2.0"}))
                .unwrap_err()
                .pointer,
            "/swagger"
        );
        assert_eq!(
            normalize(&mut json!({"openapi": "4.0"}))
                .unwrap_err()
                .pointer,
            "/openapi"
        );
        assert!(normalize(&mut json!([])).is_err());
    }

    #[test]
    fn relative_doc_links_point_at_the_docs_site() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "externalDocs": {"url": "https://docs.example.com/"},
            "components": {"securitySchemes": {"k": {"description": "Your [key](/quickstart#2) or [x](https://a.b)"}}},
            "paths": {"/a": {"get": {"summary": "[s](/not-a-description)"}}},
            "x-data": {"description": "[d](/kept)"}
        });
        let example = json!({"description": "[e](/kept)"});
        doc["components"]["schemas"] = json!({"S": {
            "description": "[s](/s)",
            "example": example,
            "default": example,
            "enum": [example]
        }});
        normalize(&mut doc).unwrap();
        let schema = &doc["components"]["schemas"]["S"];
        assert_eq!(schema["description"], "[s](https://docs.example.com/s)");
        // Values the document gives as data are not descriptions.
        for key in ["example", "default"] {
            assert_eq!(schema[key], example, "{key}");
        }
        assert_eq!(schema["enum"][0], example);
        assert_eq!(doc["x-data"]["description"], "[d](/kept)");
        assert_eq!(
            doc["components"]["securitySchemes"]["k"]["description"],
            "Your [key](https://docs.example.com/quickstart#2) or [x](https://a.b)"
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["summary"],
            "[s](/not-a-description)"
        );
    }

    #[test]
    fn schemas_in_operations_are_reached() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": ["number", "null"]}}],
                "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"type": ["string", "null"]}}}}}
            }}}
        });
        normalize(&mut doc).unwrap();
        let op = &doc["paths"]["/a"]["get"];
        assert_eq!(op["parameters"][0]["schema"]["nullable"], true);
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"]["type"],
            "string"
        );
    }
}
