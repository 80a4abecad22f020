//! The document's own examples, each with the schema it illustrates and the
//! Rust type the generated crate decodes that schema as: the data behind
//! the corpus's proof that every valid example decodes and serialises back
//! unchanged (`cargo xtask corpus`). Not a stage of generation: it reads
//! the normalised document beside the finished [`Api`], and changes
//! neither.
//!
//! Examples come from component schemas (`example`) and from JSON media
//! types of request bodies, responses and webhook payloads (`example`, and each of
//! `examples`, following `$ref`s into `components.examples`). A media
//! type's schema that is a `$ref` to a component is that component's type;
//! an inline one is the operation's body or success type when the client
//! decodes it as one. Anything else is counted as [`Unmapped`], with why.

use openapiv3::{Content, OpenAPI, ReferenceOr};
use serde_json::Value;

use crate::diagnostics;
use crate::model::{self, Api, BodyKind, ResponseBody, TypeRef};

/// One example to prove.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// Where the value is: `/paths/~1users/get/responses/200/content/application~1json/example`.
    pub pointer: String,
    /// The schema it is an instance of: a component
    /// (`/components/schemas/User`) or the media type's inline schema.
    pub schema: String,
    /// The type the generated crate decodes that schema as.
    pub ty: TypeRef,
    pub value: Value,
}

/// An example the generated crate has no type for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmapped {
    pub pointer: String,
    pub reason: &'static str,
}

/// Every example of a document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Examples {
    pub cases: Vec<Example>,
    pub unmapped: Vec<Unmapped>,
}

/// Collects the examples of `doc` (normalised, as [`model::build`] saw it)
/// with the types of `api`, built from it.
pub fn collect(doc: &OpenAPI, api: &Api) -> Examples {
    let mut out = Examples::default();
    let component = |name: &str| {
        api.types
            .components
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| TypeRef::Named(*id))
    };
    let components = doc.components.as_ref();

    for (name, schema) in components.iter().flat_map(|c| c.schemas.iter()) {
        if let (ReferenceOr::Item(schema), Some(ty)) = (schema, component(name)) {
            if let Some(value) = &schema.schema_data.example {
                let at = diagnostics::join("/components/schemas", [name]);
                out.cases.push(Example {
                    pointer: format!("{at}/example"),
                    schema: at,
                    ty,
                    value: value.clone(),
                });
            }
        }
    }

    for op in &api.operations {
        let Some(spec_op) = operation_at(doc, &op.pointer) else {
            continue;
        };
        if let Some(body) = &spec_op.request_body {
            let lookup = |n: &str| components.and_then(|c| c.request_bodies.get(n));
            let at = format!("{}/requestBody", op.pointer);
            if let Ok((body_spec, at)) = model::resolve(body, "requestBodies", lookup, &at) {
                let decoded = op.body.as_ref().and_then(|b| match &b.kind {
                    BodyKind::Json(ty) => Some((b.media_type.as_str(), ty)),
                    _ => None,
                });
                media_examples(doc, &body_spec.content, &at, decoded, &component, &mut out);
            }
        }
        let responses = &spec_op.responses;
        let statuses = responses
            .responses
            .iter()
            .map(|(code, r)| (code.to_string(), r))
            .chain(responses.default.iter().map(|r| ("default".to_owned(), r)));
        for (status, response) in statuses {
            let lookup = |n: &str| components.and_then(|c| c.responses.get(n));
            let at = diagnostics::join(&format!("{}/responses", op.pointer), [&status]);
            let Ok((response, at)) = model::resolve(response, "responses", lookup, &at) else {
                continue;
            };
            // The client decodes the success status's preferred media type
            // as the method's type.
            let decoded = match (&op.success.body, model::preferred_media(&response.content)) {
                (ResponseBody::Json(ty), Some((media_type, _))) if status == op.success.status => {
                    Some((media_type.as_str(), ty))
                }
                _ => None,
            };
            media_examples(doc, &response.content, &at, decoded, &component, &mut out);
        }
    }
    // Webhook payloads, where normalisation keeps them (`/x-webhooks`).
    let webhooks = doc.extensions.get(crate::normalize::WEBHOOKS);
    for webhook in &api.webhooks.list {
        let item = webhooks
            .and_then(|w| w.get(&webhook.name))
            .and_then(|item| serde_json::from_value::<openapiv3::PathItem>(item.clone()).ok());
        let Some(item) = item else { continue };
        let Some((method, op)) = item
            .iter()
            .find(|(method, _)| *method == "post")
            .or_else(|| item.iter().next())
        else {
            continue;
        };
        let at = diagnostics::join(
            &format!("/{}", crate::normalize::WEBHOOKS),
            [webhook.name.as_str(), method, "requestBody"],
        );
        let lookup = |n: &str| components.and_then(|c| c.request_bodies.get(n));
        let Some(body) = &op.request_body else {
            continue;
        };
        if let Ok((body, at)) = model::resolve(body, "requestBodies", lookup, &at) {
            let decoded = model::preferred_media(&body.content)
                .map(|(media_type, _)| (media_type.as_str(), &webhook.payload));
            media_examples(doc, &body.content, &at, decoded, &component, &mut out);
        }
    }
    // A component response or body that many operations share is one case.
    let mut seen = std::collections::BTreeSet::new();
    out.cases
        .retain(|case| seen.insert((case.pointer.clone(), case.schema.clone())));
    let mut seen = std::collections::BTreeSet::new();
    out.unmapped.retain(|u| seen.insert(u.pointer.clone()));
    out
}

/// The operation at `pointer` (`/paths/{escaped path}/{method}`).
fn operation_at<'a>(doc: &'a OpenAPI, pointer: &str) -> Option<&'a openapiv3::Operation> {
    let rest = pointer.strip_prefix("/paths/")?;
    let (path, method) = rest.rsplit_once('/')?;
    let item = doc
        .paths
        .paths
        .get(&diagnostics::unescape(path))?
        .as_item()?;
    item.iter().find(|(m, _)| *m == method).map(|(_, op)| op)
}

/// The examples of each JSON media type in `content` (at `at`).
/// `decoded`: the media type the client decodes, and as what.
fn media_examples(
    doc: &OpenAPI,
    content: &Content,
    at: &str,
    decoded: Option<(&str, &TypeRef)>,
    component: &dyn Fn(&str) -> Option<TypeRef>,
    out: &mut Examples,
) {
    for (media_type, media) in content {
        if !model::is_json(media_type) {
            continue;
        }
        let media_at = diagnostics::join(&format!("{at}/content"), [media_type]);
        let mut values: Vec<(String, &Value)> = Vec::new();
        if let Some(value) = &media.example {
            values.push((format!("{media_at}/example"), value));
        }
        for (name, example) in &media.examples {
            let example_at = diagnostics::join(&format!("{media_at}/examples"), [name]);
            let lookup = |n: &str| doc.components.as_ref().and_then(|c| c.examples.get(n));
            if let Ok((example, example_at)) =
                model::resolve(example, "examples", lookup, &example_at)
            {
                if let Some(value) = &example.value {
                    values.push((format!("{example_at}/value"), value));
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        let target = match &media.schema {
            Some(ReferenceOr::Reference { reference }) => reference
                .strip_prefix("#/components/schemas/")
                .map(diagnostics::unescape)
                .and_then(|name| {
                    let ty = component(&name)?;
                    Some((diagnostics::join("/components/schemas", [&name]), ty))
                }),
            Some(ReferenceOr::Item(_)) => decoded
                .filter(|(decoded_media, _)| *decoded_media == media_type.as_str())
                .map(|(_, ty)| (format!("{media_at}/schema"), ty.clone())),
            None => None,
        };
        match target {
            Some((schema, ty)) => {
                out.cases
                    .extend(values.into_iter().map(|(pointer, value)| Example {
                        pointer,
                        schema: schema.clone(),
                        ty: ty.clone(),
                        value: value.clone(),
                    }));
            }
            None => {
                let reason = match &media.schema {
                    None => "the media type has no schema",
                    Some(_) => "the client does not decode this media type as a type of its own",
                };
                out.unmapped.extend(
                    values
                        .into_iter()
                        .map(|(pointer, _)| Unmapped { pointer, reason }),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect_yaml(yaml: &str) -> Examples {
        let spec = crate::load::parse(yaml).expect("parses");
        let (api, _) = model::build(&spec).expect("builds");
        collect(&spec.openapi, &api)
    }

    #[test]
    fn component_media_and_referenced_examples_with_their_types() {
        let examples = collect_yaml(
            r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /users:
    get:
      operationId: listUsers
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/User'}}
              examples:
                one: {$ref: '#/components/examples/Users'}
        '404':
          description: missing
          content:
            application/json:
              schema: {type: object, properties: {message: {type: string}}}
              example: {message: gone}
    post:
      operationId: createUser
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/User'}
            example: {id: 1}
      responses:
        '201': {description: created}
components:
  examples:
    Users: {value: [{id: 1, name: a}]}
  schemas:
    User:
      type: object
      properties: {id: {type: integer}, name: {type: string}}
      example: {id: 2}
"##,
        );
        let places: Vec<(&str, &str)> = examples
            .cases
            .iter()
            .map(|c| (c.pointer.as_str(), c.schema.as_str()))
            .collect();
        assert_eq!(
            places,
            [
                (
                    "/components/schemas/User/example",
                    "/components/schemas/User"
                ),
                (
                    "/components/examples/Users/value",
                    "/paths/~1users/get/responses/200/content/application~1json/schema"
                ),
                (
                    "/paths/~1users/post/requestBody/content/application~1json/example",
                    "/components/schemas/User"
                ),
            ]
        );
        assert!(matches!(examples.cases[1].ty, TypeRef::Vec(_)));
        assert_eq!(examples.cases[0].ty, examples.cases[2].ty);
        assert_eq!(
            examples.unmapped,
            [Unmapped {
                pointer: "/paths/~1users/get/responses/404/content/application~1json/example"
                    .to_owned(),
                reason: "the client does not decode this media type as a type of its own",
            }]
        );
    }

    #[test]
    fn webhook_payloads_where_normalisation_keeps_them() {
        let examples = collect_yaml(
            r##"
openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  refund:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {amount: {type: integer}}}
            examples:
              one: {value: {amount: 1}}
      responses:
        '200': {description: ok}
"##,
        );
        assert_eq!(examples.cases.len(), 1);
        let case = &examples.cases[0];
        assert_eq!(
            case.pointer,
            "/x-webhooks/refund/post/requestBody/content/application~1json/examples/one/value"
        );
        assert_eq!(
            case.schema,
            "/x-webhooks/refund/post/requestBody/content/application~1json/schema"
        );
        assert_eq!(case.value, serde_json::json!({"amount": 1}));
        assert!(matches!(case.ty, TypeRef::Named(_)));
    }
}
