//! Operations: one per path and method, with their parameters, bodies,
//! responses, authentication and pagination resolved.

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody as SpecBody, Response,
    StatusCode,
};

use super::types::{Hint, TypeBuilder, resource_name};
use super::{
    Auth, BodyKind, ErrorResponse, ErrorStatus, Operation, Pagination, Param, ParamLocation,
    Presence, RequestBody, ResponseBody, Success, TypeKind, TypeRef,
};
use crate::diagnostics::Fallback;
use crate::diagnostics::{self, Diagnostic};
use crate::naming::{self, Namer};

/// Methods `Client` has besides the operations (the runtime's, `auth.rs`'s
/// and derived ones), which an operation must not take.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "with_timeout",
    "with_retry",
    "clone",
    "fmt",
    "request",
];

struct RawOp<'a> {
    path: &'a str,
    method: &'a str,
    op: &'a openapiv3::Operation,
    path_params: &'a [ReferenceOr<Parameter>],
    pointer: String,
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

/// Method names: the `operationId` when there is one, else one made from
/// the method and path (`GET /v2/account/connections` → `list_connections`).
/// Path names that collide take in the path's earlier segments, nearest
/// first, one at a time, only as far as it takes to tell them apart
/// (`get_posts_chart`, `get_streams_chart`), then the operation's tag,
/// then its path parameters (`…_by_list_id`); a numeric suffix is the last
/// resort (two `operationId`s that are the same).
fn operation_names(raw: &[RawOp<'_>], auth: &Auth) -> Vec<String> {
    let paths: Vec<Option<PathName>> = raw
        .iter()
        .map(|r| {
            r.op.operation_id.is_none().then(|| {
                let path = r.path.split_once('?').map_or(r.path, |(path, _)| path);
                PathName::new(r.method, path, r.op.tags.first().map(String::as_str))
            })
        })
        .collect();
    let mut context = vec![Context::default(); raw.len()];
    let render = |i: usize, context: &[Context]| match (&paths[i], &raw[i].op.operation_id) {
        (Some(path), _) => path.name(context[i]),
        (None, Some(id)) => naming::snake_name(id, "operation"),
        (None, None) => unreachable!("a path name or an operationId"),
    };
    // Widen the path names that collide until none does or none can
    // widen; each round widens at least one, so it ends.
    loop {
        let names: Vec<String> = (0..raw.len()).map(|i| render(i, &context)).collect();
        let mut groups: std::collections::BTreeMap<String, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            groups.entry(naming::folded(name)).or_default().push(i);
        }
        let mut widened = false;
        for group in groups.values().filter(|g| g.len() > 1) {
            let members: Vec<(usize, &PathName)> = group
                .iter()
                .filter_map(|&i| paths[i].as_ref().map(|p| (i, p)))
                .collect();
            // Paths whose literal segments are the same differ in their
            // parameters: say which (`…_by_user_id`). Others take in one
            // more segment each.
            let same_segments = members.windows(2).all(|w| w[0].1.before == w[1].1.before);
            for (i, path) in members {
                if widened_one(&mut context[i], path, same_segments) {
                    widened = true;
                }
            }
        }
        if !widened {
            break;
        }
    }
    // Types are named after operations (`ListConnectionsParams`), so names
    // must stay unique after conversion to PascalCase too.
    let mut namer = Namer::folding_underscores();
    namer.reserve(CLIENT_METHODS.iter().copied());
    // `Client::with_connection_id` and the like.
    let overrides: Vec<String> = auth
        .slots
        .iter()
        .map(|s| format!("with_{}", s.name))
        .collect();
    namer.reserve(overrides.iter().map(String::as_str));
    (0..raw.len())
        .map(|i| {
            let name = namer.claim(&[render(i, &context)]);
            // The stream method of a paginated operation is `{name}_stream`.
            namer.reserve([format!("{name}_stream").as_str()]);
            name
        })
        .collect()
}

/// Last path segments that name things, not actions, though they are not
/// plurals: `POST …/media` adds media, it does not "media" something.
const MASS_NOUNS: &[&str] = &[
    "media", "data", "metadata", "info", "settings", "status", "history", "content", "self", "me",
];

/// How much more than verb and noun a path name says.
#[derive(Clone, Copy, Debug, Default)]
struct Context {
    /// Earlier literal segments, nearest first.
    segments: usize,
    /// The operation's tag, before the rest.
    tag: bool,
    /// `by` and the path parameters, after the rest.
    params: bool,
}

/// Widens `context` by one step; `false` when it cannot.
fn widened_one(context: &mut Context, path: &PathName, same_segments: bool) -> bool {
    if !context.params && !path.params.is_empty() && same_segments {
        context.params = true;
    } else if context.segments < path.before.len() && !same_segments {
        context.segments += 1;
    } else if !context.params && !path.params.is_empty() {
        context.params = true;
    } else if context.segments < path.before.len() {
        context.segments += 1;
    } else if !context.tag && path.tag.is_some() {
        context.tag = true;
    } else {
        return false;
    }
    true
}

/// A method name made from an operation's method and path, with as much of
/// the path as it takes to be unique.
struct PathName {
    verb: String,
    noun: String,
    /// The literal segments before the noun, nearest first.
    before: Vec<String>,
    tag: Option<String>,
    /// The path parameters, in path order.
    params: Vec<String>,
}

impl PathName {
    fn new(method: &str, path: &str, tag: Option<&str>) -> Self {
        let ends_with_param = path.trim_end_matches('/').ends_with('}');
        let literals: Vec<&str> = literal_segments(path).collect();
        let params = path_template_names(path).map(str::to_owned).collect();
        let tag = tag.map(str::to_owned);
        let Some((last, before)) = literals.split_last() else {
            return PathName {
                verb: method.to_owned(),
                noun: "root".to_owned(),
                before: Vec::new(),
                tag,
                params,
            };
        };
        let mut before: Vec<String> = before.iter().rev().map(|s| (*s).to_owned()).collect();
        let plural = naming::singular(last) != *last;
        let (verb, noun) = match (method, ends_with_param) {
            ("get", false) if plural => ("list".to_owned(), (*last).to_owned()),
            ("get", _) => ("get".to_owned(), naming::singular(last)),
            ("post", false) if plural => ("create".to_owned(), naming::singular(last)),
            // `POST /connections/{id}/invalidate`: an action on the thing
            // before it.
            ("post", false)
                if !before.is_empty()
                    && !MASS_NOUNS.contains(&last.to_ascii_lowercase().as_str()) =>
            {
                let thing = naming::singular(&before.remove(0));
                ((*last).to_owned(), thing)
            }
            ("put", true) => ("replace".to_owned(), naming::singular(last)),
            ("patch", true) => ("update".to_owned(), naming::singular(last)),
            ("delete", true) => ("delete".to_owned(), naming::singular(last)),
            ("put", false) => ("replace".to_owned(), (*last).to_owned()),
            ("patch", false) => ("update".to_owned(), (*last).to_owned()),
            (method, _) => (method.to_owned(), (*last).to_owned()),
        };
        PathName {
            verb,
            noun,
            before,
            tag,
            params,
        }
    }

    /// The name with `context`: the tag, earlier segments, verb and noun,
    /// then `by` the path parameters.
    fn name(&self, context: Context) -> String {
        let mut words: Vec<&str> = vec![&self.verb];
        if context.tag {
            words.extend(self.tag.as_deref());
        }
        let segments = context.segments.min(self.before.len());
        words.extend(self.before[..segments].iter().rev().map(String::as_str));
        words.push(&self.noun);
        if context.params {
            words.push("by");
            words.extend(self.params.iter().map(String::as_str));
        }
        naming::snake_name(&words.join(" "), "operation")
    }
}

fn is_version(segment: &str) -> bool {
    segment.len() > 1
        && segment.starts_with(['v', 'V'])
        && segment[1..].chars().all(|c| c.is_ascii_digit())
}

/// The path segments that name things: no parameters, no version (`v2`),
/// no `api` prefix.
fn literal_segments(path: &str) -> impl DoubleEndedIterator<Item = &str> {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{') && !is_version(s) && *s != "api")
}

/// The names of the `{...}` in a path template (`/a/{b}...{c}` → `b`, `c`).
fn path_template_names(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// Follows `$ref`s into `components.{kind}` until an item.
pub(super) fn resolve<'a, T>(
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

    Ok(Operation {
        name,
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
    })
}

/// A doc link to the client method of an operation, valid from any module.
fn method_link(op: &str) -> String {
    format!("[`Client::{op}`](crate::Client::{op})")
}

fn param(
    types: &mut TypeBuilder<'_>,
    param: &Parameter,
    at: &str,
    prefix: &str,
    op: &str,
    names: &mut Namer,
) -> Result<Param, Diagnostic> {
    let data = param.parameter_data_ref();
    let (location, explode_default) = match param {
        Parameter::Query { .. } => (ParamLocation::Query, true),
        Parameter::Header { .. } => (ParamLocation::Header, false),
        Parameter::Path { .. } => (ParamLocation::Path, false),
        Parameter::Cookie { .. } => (ParamLocation::Cookie, true),
    };
    let deep_object = matches!(
        param,
        Parameter::Query {
            style: openapiv3::QueryStyle::DeepObject,
            ..
        }
    );
    if let Parameter::Query { style, .. } = param {
        if !matches!(
            style,
            openapiv3::QueryStyle::Form | openapiv3::QueryStyle::DeepObject
        ) {
            types.warn(Fallback::LooseParameter, at, format!("query style {style:?} is not supported yet; the parameter is sent in form style"));
        }
    }
    let explode = data.explode.unwrap_or(explode_default);
    let hint = Hint::new(
        format!("{prefix}{}", naming::type_name(&data.name, "Param")),
        None,
        false,
    )
    .origin(format!(
        "The `{}` parameter of {}.",
        data.name,
        method_link(op)
    ));
    let (schema, schema_at) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => (Some(schema), format!("{at}/schema")),
        ParameterSchemaOrContent::Content(content) => (
            content.values().next().and_then(|m| m.schema.as_ref()),
            format!("{at}/content"),
        ),
    };
    let (ty, default) = match schema {
        Some(schema) => {
            let converted = types.convert(schema, &hint, &schema_at)?;
            let default = match schema {
                ReferenceOr::Item(s) => s.schema_data.default.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            (converted.ty, default)
        }
        None => (TypeRef::String, None),
    };
    let object = ty.is_object(types.space());
    let ty = if ty.is_scalar(types.space())
        || matches!(&ty, TypeRef::Vec(item) if item.is_scalar(types.space()))
        || (object && location == ParamLocation::Query && (deep_object || explode))
    {
        ty
    } else {
        types.warn(Fallback::LooseParameter, &schema_at, "only scalar and list-of-scalar parameters are supported; this one is passed as a string");
        TypeRef::String
    };
    let required = data.required || location == ParamLocation::Path;
    Ok(Param {
        name: names.claim(&[naming::field_name(&data.name)]),
        wire_name: data.name.clone(),
        location,
        required,
        ty,
        docs: data.description.clone().filter(|d| !d.trim().is_empty()),
        default,
        explode,
        deep_object,
    })
}

/// Whether a media type carries JSON (`application/json`, with parameters,
/// or a `+json` vendor type).
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// A media type without its parameters, lowercased
/// (`Application/JSON; charset=utf-8` → `application/json`).
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The media type the client uses: JSON when offered, else the first.
/// What a response's body is, to compare two responses: its preferred
/// media type's kind and, for JSON, its schema as written.
#[derive(PartialEq)]
enum BodyShape<'a> {
    Empty,
    Json(Option<&'a ReferenceOr<openapiv3::Schema>>),
    Text,
    Bytes,
}

fn body_shape(response: &Response) -> BodyShape<'_> {
    match preferred_media(&response.content) {
        None => BodyShape::Empty,
        Some((media_type, media)) if is_json(media_type) => BodyShape::Json(media.schema.as_ref()),
        Some((media_type, _)) if media_type.starts_with("text/") => BodyShape::Text,
        Some(_) => BodyShape::Bytes,
    }
}

pub(super) fn preferred_media(
    content: &openapiv3::Content,
) -> Option<(&String, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(m, _)| is_json(m))
        .or_else(|| content.first())
}

fn request_body(
    types: &mut TypeBuilder<'_>,
    body: &SpecBody,
    at: &str,
    prefix: &str,
    op: &str,
) -> Result<Option<RequestBody>, Diagnostic> {
    let Some((media_type, media)) = preferred_media(&body.content) else {
        return Ok(None);
    };
    let essence = essence(media_type);
    let form = essence == "application/x-www-form-urlencoded";
    let multipart = essence == "multipart/form-data";
    let kind = if is_json(media_type) || form || multipart {
        let hint = Hint::new(format!("{prefix}Request"), None, false)
            .origin(format!("The request body of {}.", method_link(op)));
        let schema_at = diagnostics::join(&format!("{at}/content"), [media_type, "schema"]);
        types.binary_as_file = multipart;
        let ty = match &media.schema {
            Some(schema) => types.convert(schema, &hint, &schema_at).map(|c| c.ty),
            None => Ok(TypeRef::Json),
        };
        types.binary_as_file = false;
        let ty = ty?;
        let is_struct = matches!(&ty, TypeRef::Named(id)
            if matches!(types.space().get(*id).kind, TypeKind::Struct(_)));
        if (form && !ty.is_object(types.space())) || (multipart && !is_struct) {
            types.warn(
                Fallback::RawBody,
                &schema_at,
                format!("a `{essence}` body must be an object; it is sent as raw bytes"),
            );
            BodyKind::Bytes
        } else if form {
            BodyKind::Form(ty)
        } else if multipart {
            BodyKind::Multipart(ty)
        } else {
            BodyKind::Json(ty)
        }
    } else {
        BodyKind::Bytes
    };
    Ok(Some(RequestBody {
        media_type: match kind {
            BodyKind::Json(_) => "application/json".to_owned(),
            BodyKind::Form(_) | BodyKind::Multipart(_) => essence,
            BodyKind::Bytes => media_type.clone(),
        },
        kind,
        required: body.required,
        docs: body.description.clone().filter(|d| !d.trim().is_empty()),
    }))
}

fn responses(
    doc: &OpenAPI,
    types: &mut TypeBuilder<'_>,
    raw: &RawOp<'_>,
    prefix: &str,
    op: &str,
    resource: Option<String>,
) -> Result<(Success, Vec<ErrorResponse>), Diagnostic> {
    let components = doc.components.as_ref();
    let responses = &raw.op.responses;
    let base = format!("{}/responses", raw.pointer);
    let success_code = responses
        .responses
        .keys()
        .filter(|code| match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        })
        .min_by_key(|code| match code {
            StatusCode::Code(c) => *c,
            StatusCode::Range(_) => 299,
        });
    let (status, response, at): (String, Option<&ReferenceOr<Response>>, String) =
        match success_code {
            Some(code) => (
                code.to_string(),
                responses.responses.get(code),
                diagnostics::join(&base, [code.to_string()]),
            ),
            None => match &responses.default {
                Some(r) => ("default".to_owned(), Some(r), format!("{base}/default")),
                None => ("2XX".to_owned(), None, base.clone()),
            },
        };
    let mut success_shape = None;
    let success = match response {
        None => Success {
            status,
            body: ResponseBody::Empty,
        },
        Some(r) => {
            let (response, at) = resolve(
                r,
                "responses",
                |n| components.and_then(|c| c.responses.get(n)),
                &at,
            )?;
            let body = match preferred_media(&response.content) {
                None => ResponseBody::Empty,
                Some((media_type, media)) if is_json(media_type) => {
                    let hint = Hint::new(format!("{prefix}Response"), resource, true)
                        .origin(format!("The response of {}.", method_link(op)));
                    match &media.schema {
                        Some(schema) => {
                            let schema_at =
                                diagnostics::join(&format!("{at}/content"), [media_type, "schema"]);
                            ResponseBody::Json(types.convert(schema, &hint, &schema_at)?.ty)
                        }
                        None => ResponseBody::Json(TypeRef::Json),
                    }
                }
                Some((media_type, _)) if media_type.starts_with("text/") => ResponseBody::Text,
                Some(_) => ResponseBody::Bytes,
            };
            success_shape = Some(body_shape(response));
            Success { status, body }
        }
    };
    // Every 2xx answer is decoded as the success type: say so where another
    // 2xx response documents a different body.
    for (code, other) in &responses.responses {
        let is_2xx = match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        };
        if !is_2xx || Some(code) == success_code {
            continue;
        }
        let at = diagnostics::join(&base, [code.to_string()]);
        let (other, _) = resolve(
            other,
            "responses",
            |n| components.and_then(|c| c.responses.get(n)),
            &at,
        )?;
        let shape = body_shape(other);
        if success_shape.as_ref().is_some_and(|s| *s != shape) {
            types.warn(
                Fallback::OtherSuccess,
                at,
                format!(
                    "its body differs from the {} response's, whose type the method returns for \
                     every 2xx status; a {code} answer is decoded as that type",
                    success.status
                ),
            );
        }
    }
    let description = |response: &ReferenceOr<Response>, at: &str| {
        let (response, _) = resolve(
            response,
            "responses",
            |n| components.and_then(|c| c.responses.get(n)),
            at,
        )?;
        Ok::<_, Diagnostic>(Some(response.description.trim().to_owned()).filter(|d| !d.is_empty()))
    };
    let mut errors = Vec::new();
    for (code, response) in &responses.responses {
        let status = match code {
            StatusCode::Code(c) if !(200..300).contains(c) => ErrorStatus::Code(*c),
            StatusCode::Range(r) if *r != 2 => match u8::try_from(*r) {
                Ok(r) => ErrorStatus::Range(r),
                Err(_) => continue,
            },
            _ => continue,
        };
        let at = diagnostics::join(&base, [code.to_string()]);
        errors.push(ErrorResponse {
            status,
            description: description(response, &at)?,
        });
    }
    if let Some(default) = responses
        .default
        .as_ref()
        .filter(|_| success.status != "default")
    {
        let description = description(default, &format!("{base}/default"))?;
        errors.push(ErrorResponse {
            status: ErrorStatus::Default,
            description,
        });
    }
    Ok((success, errors))
}

/// Offset pagination, when the operation has an optional numeric `offset`
/// query parameter and its response has one list and a `hasMore` flag.
fn pagination(types: &TypeBuilder<'_>, params: &[Param], success: &Success) -> Option<Pagination> {
    let offset = params.iter().find(|p| {
        p.location == ParamLocation::Query
            && p.wire_name == "offset"
            && !p.required
            && p.ty.is_number()
    })?;
    let ResponseBody::Json(TypeRef::Named(page_type)) = &success.body else {
        return None;
    };
    let TypeKind::Struct(page) = &types.def(*page_type).kind else {
        return None;
    };
    let has_more = page.fields.iter().find(|f| {
        matches!(f.wire_name.as_str(), "hasMore" | "has_more") && f.ty == TypeRef::Bool
    })?;
    let lists: Vec<_> = page
        .fields
        .iter()
        .filter(|f| matches!(f.ty, TypeRef::Vec(_)))
        .collect();
    let list = match lists.as_slice() {
        [only] => *only,
        _ => lists
            .iter()
            .copied()
            .find(|f| matches!(f.wire_name.as_str(), "list" | "data" | "items" | "results"))?,
    };
    if list.presence != Presence::Required {
        return None;
    }
    let TypeRef::Vec(item_ty) = &list.ty else {
        return None;
    };
    let next_offset = page
        .fields
        .iter()
        .find(|f| matches!(f.wire_name.as_str(), "nextOffset" | "next_offset") && f.ty.is_number())
        .map(|f| (f.name.clone(), f.ty.clone(), f.presence));
    Some(Pagination {
        offset_param: offset.name.clone(),
        offset_ty: offset.ty.clone(),
        page_type: *page_type,
        items_field: list.name.clone(),
        item_ty: (**item_ty).clone(),
        has_more_field: has_more.name.clone(),
        next_offset_field: next_offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_method_and_path() {
        let name = |method: &str, path: &str, segments: usize| {
            let context = Context {
                segments,
                ..Context::default()
            };
            PathName::new(method, path, Some("Tag")).name(context)
        };
        let cases = [
            ("get", "/v2/account/connections", 0, "list_connections"),
            (
                "get",
                "/v2/account/connections",
                1,
                "list_account_connections",
            ),
            ("get", "/v2/users/{userId}", 0, "get_user"),
            ("post", "/v2/users", 0, "create_user"),
            ("delete", "/v2/users/{id}", 0, "delete_user"),
            ("patch", "/users/{id}", 0, "update_user"),
            ("get", "/v2/account/me", 0, "get_me"),
            ("post", "/v2/posts/{id}/like", 0, "like_post"),
            (
                "post",
                "/v2/connections/{id}/invalidate",
                0,
                "invalidate_connection",
            ),
            ("get", "/v2/vault-plus/{mediaId}", 0, "get_vault_plus"),
            (
                "get",
                "/v2/access/analytics/posts/chart",
                1,
                "get_posts_chart",
            ),
            (
                "get",
                "/v2/access/users/lists/{listId}",
                2,
                "get_access_users_list",
            ),
            ("patch", "/v2/account/settings", 0, "update_settings"),
            ("get", "/", 0, "get_root"),
        ];
        for (method, path, context, expected) in cases {
            assert_eq!(
                name(method, path, context),
                expected,
                "{method} {path} {context}"
            );
        }
    }

    #[test]
    fn path_templates() {
        let names: Vec<&str> =
            path_template_names("/repos/{owner}/compare/{base}...{head}").collect();
        assert_eq!(names, ["owner", "base", "head"]);
    }

    #[test]
    fn media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/vnd.github+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("multipart/form-data"));
    }
}
