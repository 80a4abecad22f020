//! Stage 1: read the document (JSON or YAML), normalise it to the OpenAPI 3.0
//! shape (see [`crate::normalize`]) and parse it into `openapiv3` types.

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{self, Diagnostic, Error};
use crate::normalize;

/// A parsed, normalised document.
#[derive(Debug)]
pub struct Spec {
    pub openapi: openapiv3::OpenAPI,
    /// Things the normaliser changed or dropped that a maintainer should know.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and parses the document at `path`.
pub fn load(path: &Path) -> Result<Spec, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    parse(&text).map_err(|diagnostic| Error::Spec {
        file: path.to_owned(),
        diagnostic,
    })
}

/// Parses a document from text: JSON when it starts with `{`, else YAML
/// (which also accepts JSON, but JSON's own parser gives better messages).
pub fn parse(text: &str) -> Result<Spec, Diagnostic> {
    let mut value = parse_value(text)?;
    let warnings = normalize::normalize(&mut value)?;
    // The fast path moves the value's strings into the typed document; a
    // document that fails is read again to find the place.
    let openapi = match serde_json::from_value(value) {
        Ok(openapi) => openapi,
        Err(_) => {
            let mut value = parse_value(text)?;
            normalize::normalize(&mut value)?;
            from_value(value)?
        }
    };
    Ok(Spec { openapi, warnings })
}

/// A document already read into a JSON value (which it normalises), for a
/// caller that also keeps the value as written.
pub fn spec_from_value(mut value: Value) -> Result<Spec, Diagnostic> {
    let warnings = normalize::normalize(&mut value)?;
    let openapi = from_value(value)?;
    Ok(Spec { openapi, warnings })
}

/// Parses JSON or YAML into a JSON value, keeping the document's key order.
pub fn parse_value(text: &str) -> Result<Value, Diagnostic> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| {
            Diagnostic::new(
                "",
                format!(
                    "invalid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            )
        });
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text)
        .map_err(|e| Diagnostic::new("", format!("invalid YAML: {e}")))?;
    yaml_to_json(yaml, "")
}

/// YAML allows keys that JSON does not (`200:` is an integer key); OpenAPI
/// means them as strings, so scalars keys are turned into their text.
fn yaml_to_json(yaml: serde_yaml::Value, pointer: &str) -> Result<Value, Diagnostic> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| {
                        Diagnostic::new(
                            pointer,
                            format!("the number {f} cannot be represented in JSON"),
                        )
                    })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &diagnostics::join(pointer, [i.to_string()])))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, value) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => {
                        return Err(Diagnostic::new(
                            pointer,
                            "a mapping key must be a string or number",
                        ));
                    }
                };
                let child = diagnostics::join(pointer, [&key]);
                out.insert(key, yaml_to_json(value, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

/// Typed parse, with the failing place as a JSON pointer.
pub fn from_value(value: Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    // Plain serde is the fast path; only a document that fails is parsed
    // again, tracking the path, to find the place.
    if let Ok(openapi) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value) {
        return Ok(openapi);
    }
    match typed::<openapiv3::OpenAPI>(&value, "") {
        Ok(openapi) => Ok(openapi),
        Err(error) => Err(refine(&value, error)),
    }
}

/// Deserialises `value` as `T`; a failure names its place below `base`.
fn typed<T: serde::de::DeserializeOwned>(value: &Value, base: &str) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let mut pointer = base.to_owned();
        for segment in error.path().iter() {
            use serde_path_to_error::Segment;
            let token = match segment {
                Segment::Seq { index } => index.to_string(),
                Segment::Map { key } => key.clone(),
                Segment::Enum { variant } => variant.clone(),
                Segment::Unknown => continue,
            };
            pointer.push('/');
            pointer.push_str(&diagnostics::escape(&token));
        }
        let inner = error.into_inner().to_string();
        let message = if inner.contains("untagged enum") {
            format!("{inner} (neither a valid `$ref` nor a valid inline object here)")
        } else {
            inner
        };
        Diagnostic::new(pointer, format!("not a valid OpenAPI document: {message}"))
    })
}

/// openapiv3 reads some maps (paths, responses) with its own functions,
/// which hide the place of an error inside them. Parse their entries one
/// by one to find it.
fn refine(doc: &Value, error: Diagnostic) -> Diagnostic {
    fn first_error<T: serde::de::DeserializeOwned>(
        map: Option<&Value>,
        base: &str,
    ) -> Option<Diagnostic> {
        let map = map?.as_object()?;
        map.iter()
            .find_map(|(key, value)| typed::<T>(value, &diagnostics::join(base, [key])).err())
    }
    use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
    let refined = match error.pointer.as_str() {
        "/paths" => first_error::<PathItem>(doc.get("paths"), "/paths").map(|inner| {
            // An operation's `responses` map hides its entries the same way.
            match inner.pointer.strip_suffix("/responses") {
                Some(op) => {
                    let responses = doc.pointer(&format!("{op}/responses"));
                    first_error::<ReferenceOr<Response>>(responses, &inner.pointer).unwrap_or(inner)
                }
                None => inner,
            }
        }),
        "/components" => {
            let c = doc.get("components");
            let at = |kind: &str| c.and_then(|c| c.get(kind));
            first_error::<ReferenceOr<Schema>>(at("schemas"), "/components/schemas")
                .or_else(|| {
                    first_error::<ReferenceOr<Parameter>>(
                        at("parameters"),
                        "/components/parameters",
                    )
                })
                .or_else(|| {
                    first_error::<ReferenceOr<Response>>(at("responses"), "/components/responses")
                })
                .or_else(|| {
                    first_error::<ReferenceOr<RequestBody>>(
                        at("requestBodies"),
                        "/components/requestBodies",
                    )
                })
        }
        _ => None,
    };
    refined.unwrap_or(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

    #[test]
    fn yaml_and_json_give_the_same_document() {
        let yaml = parse(MINIMAL).unwrap();
        let json =
            parse(r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}}"#)
                .unwrap();
        assert_eq!(yaml.openapi, json.openapi);
    }

    #[test]
    fn integer_response_keys_become_strings() {
        let value = parse_value("responses:\n  200: {description: ok}\n").unwrap();
        assert!(value["responses"]["200"].is_object());
    }

    #[test]
    fn type_errors_name_their_place() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.pointer, "/paths/~1a/get/responses");
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: 5, content: 1}\n";
        let err = parse(text).unwrap_err();
        assert!(
            err.pointer.starts_with("/paths/~1a/get/responses/200"),
            "{err}"
        );
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: 3}\n";
        let err = parse(text).unwrap_err();
        assert!(err.pointer.starts_with("/components/schemas/A"), "{err}");
        assert!(
            err.message.contains("not a valid OpenAPI document"),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_are_reported_not_panicked() {
        assert!(
            parse("{ not json")
                .unwrap_err()
                .message
                .contains("invalid JSON")
        );
        assert!(
            parse("a: [unclosed")
                .unwrap_err()
                .message
                .contains("invalid YAML")
        );
        assert!(parse("").is_err());
    }
}
