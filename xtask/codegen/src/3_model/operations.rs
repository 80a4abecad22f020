//! Operations: one per path and method, with their parameters, bodies,
//! responses, authentication and pagination resolved (each in a module of
//! its own: `names`, `params`, `bodies`, `responses`, `pagination`, `auth`).

use openapiv3::{OpenAPI, Parameter, ReferenceOr};

use super::bodies::request_body;
use super::hints::resource_name;
use super::names::{literal_segments, operation_names, path_template_names};
use super::pagination::pagination;
use super::params::param;
use super::responses::responses;
use super::types::TypeBuilder;
use super::{Auth, Operation, Param, ParamLocation, Shared, TypeRef};
use crate::diagnostics::Fallback;
use crate::diagnostics::{self, Diagnostic};
use crate::naming::{self, Namer};

pub(super) struct RawOp<'a> {
    pub(super) path: &'a str,
    pub(super) method: &'a str,
    pub(super) op: &'a openapiv3::Operation,
    pub(super) path_params: &'a [ReferenceOr<Parameter>],
    pub(super) pointer: String,
}

pub fn build(
    doc: &OpenAPI,
    types: &mut TypeBuilder<'_>,
    auth: &Auth,
) -> Result<Vec<Operation>, Diagnostic> {
    let mut raw = Vec::new();
    for (path, item) in doc.paths.iter() {
        let pointer = diagnostics::join("/paths", [path]);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(Diagnostic::new(
                    pointer,
                    "path items given by `$ref` are not supported",
                ));
            }
        };
        for (method, op) in item.iter() {
            raw.push(RawOp {
                path,
                method,
                op,
                path_params: &item.parameters,
                pointer: format!("{pointer}/{method}"),
            });
        }
    }

    let names = operation_names(&raw, auth);
    let mut operations = Vec::with_capacity(raw.len());
    for (raw, name) in raw.iter().zip(names) {
        operations.push(operation(doc, types, raw, name, auth)?);
    }
    Ok(operations)
}

/// Follows `$ref`s into `components.{kind}` until an item.
pub(crate) fn resolve<'a, T>(
    reference: &'a ReferenceOr<T>,
    kind: &str,
    lookup: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
    pointer: &str,
) -> Result<(&'a T, String), Diagnostic> {
    let mut current = reference;
    let mut at = pointer.to_owned();
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(item) => return Ok((item, at)),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{kind}/");
                let name = reference
                    .strip_prefix(&prefix)
                    .map(diagnostics::unescape)
                    .ok_or_else(|| {
                        Diagnostic::new(
                            &at,
                            format!("unsupported reference `{reference}`: expected `{prefix}...`"),
                        )
                    })?;
                current = lookup(&name).ok_or_else(|| {
                    Diagnostic::new(&at, format!("`{reference}` names nothing in components"))
                })?;
                at = diagnostics::join(&format!("/components/{kind}"), [&name]);
            }
        }
    }
    Err(Diagnostic::new(pointer, "a cycle of references"))
}

fn operation(
    doc: &OpenAPI,
    types: &mut TypeBuilder<'_>,
    raw: &RawOp<'_>,
    name: String,
    auth: &Auth,
) -> Result<Operation, Diagnostic> {
    let op = raw.op;
    let type_prefix = naming::type_name(name.trim_start_matches("r#"), "Operation");
    let resource = literal_segments(raw.path).next_back().map(resource_name);
    let components = doc.components.as_ref();

    // Responses first: the types they define are named after the resource,
    // and parameters that filter on the same values reuse them.
    let (success, errors) = responses(doc, types, raw, &type_prefix, &name, resource.clone())?;

    // Parameters: the operation's override the path item's by name and place.
    let mut specs: Vec<(&openapiv3::Parameter, String)> = Vec::new();
    for (list, base) in [
        (raw.path_params, diagnostics::join("/paths", [raw.path])),
        (&op.parameters[..], raw.pointer.clone()),
    ] {
        for (i, p) in list.iter().enumerate() {
            let (param, at) = resolve(
                p,
                "parameters",
                |n| components.and_then(|c| c.parameters.get(n)),
                &format!("{base}/parameters/{i}"),
            )?;
            let data = param.parameter_data_ref();
            specs.retain(|(existing, _)| {
                let e = existing.parameter_data_ref();
                !(e.name == data.name
                    && std::mem::discriminant(*existing) == std::mem::discriminant(param))
            });
            specs.push((param, at));
        }
    }
    let mut arg_names = Namer::new();
    // The generated method's own names: `self`, its `params` and `body`
    // arguments, and the `request` it builds.
    arg_names.reserve(["self", "params", "body", "request"]);
    let mut params = Vec::with_capacity(specs.len());
    for (param, at) in specs {
        params.push(self::param(
            types,
            param,
            &at,
            &type_prefix,
            &name,
            &mut arg_names,
        )?);
    }
    // A path key may carry a query string (`/search?q={q}`): its
    // parameters go in the query, and the path is what comes before.
    let (path, query) = raw.path.split_once('?').unwrap_or((raw.path, ""));
    if !query.is_empty() {
        types.warn(
            Fallback::LooseParameter,
            diagnostics::join("/paths", [raw.path]),
            "the path key carries a query string: its `{...}` are sent as query parameters, \
             its fixed pairs are left out",
        );
    }
    let templates = path_template_names(path)
        .map(|s| (s, ParamLocation::Path))
        .chain(path_template_names(query).map(|s| (s, ParamLocation::Query)));
    for (segment, location) in templates {
        match params.iter_mut().find(|p| p.wire_name == segment) {
            Some(param) => {
                if location == ParamLocation::Query && param.location == ParamLocation::Path {
                    param.location = ParamLocation::Query;
                }
            }
            None => {
                let place = if location == ParamLocation::Path {
                    "path"
                } else {
                    "query"
                };
                types.warn(
                    Fallback::LooseParameter,
                    &raw.pointer,
                    format!(
                        "the {place} names `{{{segment}}}` but no parameter describes it; \
                         it is a required `String` argument"
                    ),
                );
                params.push(Param {
                    name: arg_names.claim(&[naming::field_name(segment)]),
                    wire_name: segment.to_owned(),
                    location,
                    required: true,
                    ty: TypeRef::String,
                    docs: None,
                    default: None,
                    explode: true,
                    deep_object: false,
                });
            }
        }
    }

    let body = match &op.request_body {
        None => None,
        Some(b) => {
            let (spec_body, at) = resolve(
                b,
                "requestBodies",
                |n| components.and_then(|c| c.request_bodies.get(n)),
                &format!("{}/requestBody", raw.pointer),
            )?;
            request_body(types, spec_body, &at, &type_prefix, &name)?
        }
    };

    let security = op
        .security
        .as_ref()
        .or(doc.security.as_ref())
        .map_or_else(Vec::new, |r| super::auth::requirements(auth, r));
    let pagination = pagination(types, &params, &success);
    let idempotency_header = params
        .iter()
        .find(|p| {
            p.location == ParamLocation::Header
                && matches!(
                    p.wire_name.to_ascii_lowercase().as_str(),
                    "idempotency-key" | "x-idempotency-key"
                )
        })
        .map(|p| p.wire_name.clone());

    Ok(Operation {
        name,
        pointer: raw.pointer.clone(),
        type_prefix,
        method: raw.method.to_ascii_uppercase(),
        path: path.to_owned(),
        summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
        description: op.description.clone().filter(|s| !s.trim().is_empty()),
        deprecated: op.deprecated,
        params,
        body,
        success,
        errors,
        security,
        optional_slots: Vec::new(),
        pagination,
        idempotency_header,
        tags: op.tags.clone(),
        features: Vec::new(),
        module: None,
        headers_shared: Shared::default(),
        params_shared: Shared::default(),
    })
}

/// A doc link to the client method of an operation, valid from any module.
pub(super) fn method_link(op: &str) -> String {
    format!("[`Client::{op}`](crate::Client::{op})")
}
