//! Authentication: every credential the document's security requirements
//! name becomes a slot of the client, set once on the builder and
//! overridable per call (`Client::with_connection_id`). A requirement that
//! combines schemes (`{ApiKey: [], ConnectionId: []}`) sends all of them;
//! alternatives are tried in order, the first one whose credentials are set
//! wins. A header parameter that many operations share (OFAuth's
//! `x-connection-id`) is a slot too, so the two ways a document can ask for
//! it end in the same client.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::types::TypeBuilder;
use super::{Auth, AuthLocation, AuthSlot, Operation, ParamLocation};
use crate::diagnostics;
use crate::diagnostics::Fallback;
use crate::naming::{self, Namer};

/// What the builder and the client already call their methods: a slot's
/// setter (`connection_id`) and override (`with_connection_id`) must not
/// take these.
const TAKEN: &[&str] = &[
    "base_url",
    "timeout",
    "no_timeout",
    "user_agent",
    "http_client",
    "retry",
    "max_response_bytes",
    "allow_insecure_http",
    "build",
    "credential",
];

/// A shared header parameter becomes a slot when this many operations have it.
const SHARED: usize = 2;

/// The slots of every scheme the document's requirements name, in the
/// order they are first named (so slot 0, the one `Client::new` takes, is
/// the first scheme of the first requirement).
pub fn slots(doc: &OpenAPI, types: &mut TypeBuilder<'_>) -> Auth {
    let mut requirements: Vec<(&SecurityRequirement, String)> = Vec::new();
    for (i, r) in doc.security.iter().flatten().enumerate() {
        requirements.push((r, format!("/security/{i}")));
    }
    for (path, item) in doc.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            for (i, r) in op.security.iter().flatten().enumerate() {
                let at = diagnostics::join("/paths", [path.as_str(), method]);
                requirements.push((r, format!("{at}/security/{i}")));
            }
        }
    }
    let schemes = doc.components.as_ref().map(|c| &c.security_schemes);
    let mut names = Namer::new();
    names.reserve(TAKEN.iter().copied());
    let mut slots: Vec<AuthSlot> = Vec::new();
    for (requirement, at) in requirements {
        for scheme_name in requirement.keys() {
            if slots
                .iter()
                .any(|s| s.scheme_name.as_deref() == Some(scheme_name))
            {
                continue;
            }
            let scheme_at = diagnostics::join("/components/securitySchemes", [scheme_name]);
            let scheme = match schemes.and_then(|s| s.get(scheme_name)) {
                Some(ReferenceOr::Item(scheme)) => scheme,
                Some(ReferenceOr::Reference { .. }) => {
                    types.warn(Fallback::LeftOut, &scheme_at, "a security scheme given by `$ref` is not supported; operations that need it cannot be called with it");
                    continue;
                }
                None => {
                    types.warn(
                        Fallback::LeftOut,
                        &at,
                        format!("`{scheme_name}` names no security scheme"),
                    );
                    continue;
                }
            };
            let Some((location, description)) = location(scheme, &scheme_at, types) else {
                continue;
            };
            let setter = match &location {
                AuthLocation::Header(name)
                | AuthLocation::Query(name)
                | AuthLocation::Cookie(name) => setter_name(name),
                AuthLocation::Bearer => "token".to_owned(),
                AuthLocation::Basic => "credential".to_owned(),
            };
            // The first slot keeps its usual name; `Client::new` takes it.
            let setter = if slots.is_empty()
                && matches!(
                    location,
                    AuthLocation::Header(_) | AuthLocation::Query(_) | AuthLocation::Cookie(_)
                ) {
                "api_key".to_owned()
            } else {
                setter
            };
            slots.push(AuthSlot {
                name: names.claim(&[setter]),
                scheme_name: Some(scheme_name.clone()),
                location,
                description: description.clone(),
            });
        }
    }
    Auth { slots }
}

/// Where a scheme's credential goes; `None` (with a warning) for one the
/// client cannot send.
fn location<'s>(
    scheme: &'s SecurityScheme,
    at: &str,
    types: &mut TypeBuilder<'_>,
) -> Option<(AuthLocation, &'s Option<String>)> {
    Some(match scheme {
        SecurityScheme::APIKey { name, .. } if !is_token(name) => {
            types.warn(Fallback::LeftOut, at, format!("`{name}` cannot be an HTTP header, query or cookie name; the scheme is left out"));
            return None;
        }
        SecurityScheme::APIKey {
            location,
            name,
            description,
            ..
        } => (
            match location {
                APIKeyLocation::Header => AuthLocation::Header(name.clone()),
                APIKeyLocation::Query => AuthLocation::Query(name.clone()),
                APIKeyLocation::Cookie => AuthLocation::Cookie(name.clone()),
            },
            description,
        ),
        SecurityScheme::HTTP {
            scheme,
            description,
            ..
        } if scheme.eq_ignore_ascii_case("basic") => (AuthLocation::Basic, description),
        SecurityScheme::HTTP { description, .. } => (AuthLocation::Bearer, description),
        SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => {
            types.warn(
                Fallback::LeftOut,
                at,
                "the client does not run OAuth 2 or OpenID Connect flows: it sends a token you \
                 obtained as `Authorization: Bearer`",
            );
            (AuthLocation::Bearer, description)
        }
    })
}

/// `apiKey` → `api_key`, `x-connection-id` → `connection_id`.
fn setter_name(wire: &str) -> String {
    let lower = wire.to_ascii_lowercase();
    let bare = lower.strip_prefix("x-").unwrap_or(&lower);
    naming::field_name(bare)
}

/// The slots an operation's requirements name: alternatives, each the
/// slots sent together. A requirement naming a scheme without a slot can
/// never be met, and is left out (its scheme has a warning already).
pub fn requirements(auth: &Auth, requirements: &[SecurityRequirement]) -> Vec<Vec<usize>> {
    requirements
        .iter()
        .filter_map(|r| {
            r.keys()
                .map(|name| {
                    auth.slots
                        .iter()
                        .position(|s| s.scheme_name.as_deref() == Some(name))
                })
                .collect::<Option<Vec<usize>>>()
        })
        .collect()
}

/// Turns each header parameter that [`SHARED`] or more operations have into
/// a slot (the scheme's, when one sends the same header): the operations
/// lose it as an argument and send the client's value, required where the
/// parameter was.
pub fn shared_headers(auth: &mut Auth, operations: &mut [Operation]) {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for op in operations.iter() {
        for param in op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Header)
        {
            let key = param.wire_name.to_ascii_lowercase();
            match counts.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key, 1)),
            }
        }
    }
    for (header, count) in counts {
        if count < SHARED {
            continue;
        }
        let existing = auth.slots.iter().position(|s| {
            matches!(&s.location, AuthLocation::Header(name) if name.eq_ignore_ascii_case(&header))
        });
        let mut slot = existing;
        for op in operations.iter_mut() {
            let Some(at) = op.params.iter().position(|p| {
                p.location == ParamLocation::Header && p.wire_name.eq_ignore_ascii_case(&header)
            }) else {
                continue;
            };
            let param = op.params.remove(at);
            let index = *slot.get_or_insert_with(|| {
                let mut names = Namer::new();
                names.reserve(TAKEN.iter().copied());
                names.reserve(auth.slots.iter().map(|s| s.name.as_str()));
                auth.slots.push(AuthSlot {
                    name: names.claim(&[setter_name(&param.wire_name)]),
                    scheme_name: None,
                    location: AuthLocation::Header(param.wire_name.clone()),
                    description: param.docs.clone(),
                });
                auth.slots.len() - 1
            });
            if param.required {
                if op.security.is_empty() {
                    op.security.push(Vec::new());
                }
                for requirement in &mut op.security {
                    if !requirement.contains(&index) {
                        requirement.push(index);
                    }
                }
            } else {
                op.optional_slots.push(index);
            }
        }
    }
}

/// Whether `name` can be an HTTP header name (RFC 9110 token characters).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
