//! Webhooks: the requests the API sends to its users' servers (3.1's
//! `webhooks`, which normalisation keeps as `x-webhooks`, where 3.0
//! documents put them). Each becomes its payload's type and a typed parse;
//! when every payload carries the same property with one fixed value each
//! (`eventType: {const: connection.created}`), or all share one
//! discriminated `oneOf`, they also become one `Event` enum chosen by it.

use openapiv3::{OpenAPI, PathItem, ReferenceOr};

use super::bodies::{is_json, preferred_media};
use super::hints::Hint;
use super::operations::resolve;
use super::types::TypeBuilder;
use super::{
    Discriminator, OneOf, TypeId, TypeKind, TypeRef, TypeSpace, Variant, Webhook, WebhookSigning,
    Webhooks,
};
use crate::diagnostics::Fallback;
use crate::diagnostics::{self, Diagnostic};
use crate::naming::{self, Namer};
use crate::normalize::{WEBHOOKS, WEBHOOKS_FROM};

/// The document-level extension that names how deliveries are signed.
pub const SIGNING_EXTENSION: &str = "x-webhook-signing";

/// Builds the webhooks of `doc`; what cannot be read is a warning with its
/// place, and that webhook is left out.
pub fn build(doc: &OpenAPI, types: &mut TypeBuilder<'_>) -> Result<Webhooks, Diagnostic> {
    let signing = signing(doc, types);
    let Some(raw) = doc.extensions.get(WEBHOOKS) else {
        return Ok(Webhooks {
            signing,
            ..Webhooks::default()
        });
    };
    let base = doc
        .extensions
        .get(WEBHOOKS_FROM)
        .and_then(serde_json::Value::as_str)
        .unwrap_or("/x-webhooks")
        .to_owned();
    let Some(raw) = raw.as_object() else {
        return Err(Diagnostic::new(
            base,
            "webhooks must be a map of path items",
        ));
    };
    let mut fn_names = Namer::new();
    fn_names.reserve(["parse_event"]);
    let mut list = Vec::new();
    for (name, item) in raw {
        let at = diagnostics::join(&base, [name]);
        let item: ReferenceOr<PathItem> = match serde_json::from_value(item.clone()) {
            Ok(item) => item,
            Err(e) => return Err(Diagnostic::new(at, format!("not a path item: {e}"))),
        };
        let ReferenceOr::Item(item) = item else {
            types.warn(
                Fallback::LeftOut,
                &at,
                "a webhook given by `$ref` is not supported; it is left out",
            );
            continue;
        };
        let Some((method, op)) = item
            .iter()
            .find(|(method, _)| *method == "post")
            .or_else(|| item.iter().next())
        else {
            types.warn(
                Fallback::LeftOut,
                &at,
                "the webhook has no operation; it is left out",
            );
            continue;
        };
        let op_at = format!("{at}/{method}");
        let Some(body) = &op.request_body else {
            types.warn(
                Fallback::LeftOut,
                &op_at,
                "the webhook sends no request body; it is left out",
            );
            continue;
        };
        let components = doc.components.as_ref();
        let (body, body_at) = resolve(
            body,
            "requestBodies",
            |n| components.and_then(|c| c.request_bodies.get(n)),
            &format!("{op_at}/requestBody"),
        )?;
        let Some((media_type, media)) = preferred_media(&body.content) else {
            types.warn(
                Fallback::LeftOut,
                &body_at,
                "the webhook's body has no media type; it is left out",
            );
            continue;
        };
        if !is_json(media_type) {
            types.warn(
                Fallback::LeftOut,
                &body_at,
                format!("a `{media_type}` webhook body is not decoded; the webhook is left out"),
            );
            continue;
        }
        let type_name = naming::type_name(name, "Webhook");
        let hint = Hint::new(format!("{type_name}Payload"), None, false)
            .origin(format!("The payload of the `{name}` webhook."));
        let payload = match &media.schema {
            Some(schema) => {
                let schema_at =
                    diagnostics::join(&format!("{body_at}/content"), [media_type, "schema"]);
                types.convert(schema, &hint, &schema_at)?.ty
            }
            None => TypeRef::Json,
        };
        let docs = [
            &op.summary,
            &op.description,
            &item.summary,
            &item.description,
        ]
        .into_iter()
        .flatten()
        .find(|d| !d.trim().is_empty())
        .cloned();
        list.push(Webhook {
            name: name.clone(),
            parse_fn: fn_names.claim(&[format!("parse_{}", naming::snake_name(name, "webhook"))]),
            docs,
            payload,
            event_type: None,
        });
    }
    let event = event_enum(&mut list, types);
    Ok(Webhooks {
        list,
        event,
        signing,
    })
}

/// `x-webhook-signing`: how the document says deliveries are signed.
fn signing(doc: &OpenAPI, types: &mut TypeBuilder<'_>) -> Option<WebhookSigning> {
    let value = doc.extensions.get(SIGNING_EXTENSION)?;
    match value.as_str().and_then(WebhookSigning::parse) {
        Some(signing) => Some(signing),
        None => {
            types.warn(
                Fallback::LeftOut,
                format!("/{SIGNING_EXTENSION}"),
                format!(
                    "unknown webhook signing scheme {value}: the known one is \
                     `standard-webhooks`; deliveries are not verified"
                ),
            );
            None
        }
    }
}

/// The enum of every event, when the payloads say which they are: the same
/// discriminated `oneOf` for all, or a property that each payload fixes to a
/// value of its own. Sets each webhook's `event_type`.
fn event_enum(list: &mut [Webhook], types: &mut TypeBuilder<'_>) -> Option<TypeId> {
    let first = list.first()?;
    if let TypeRef::Named(id) = first.payload {
        let shared = list.iter().all(|w| w.payload == TypeRef::Named(id));
        if shared
            && matches!(&types.space().get(id).kind,
                TypeKind::OneOf(o) if o.discriminator.is_some())
        {
            return Some(id);
        }
    }
    let (property, values) = fixed_property(list, types.space())?;
    let mut names = Namer::new();
    let variants = list
        .iter_mut()
        .zip(values)
        .map(|(webhook, value)| {
            webhook.event_type = Some(value.clone());
            Variant {
                name: names.claim(&[
                    naming::variant_name(&value),
                    naming::type_name(&webhook.name, "Event"),
                ]),
                ty: webhook.payload.clone(),
                discriminator_values: vec![value],
            }
        })
        .collect();
    let unknown_variant = names.claim(&["Unknown".into(), "Other".into(), "UnknownEvent".into()]);
    let docs = format!(
        "An event the API sends to a webhook, chosen by its `{property}`.\n\n\
         An event this version of the client does not know is kept, as it came,\n\
         in `{unknown_variant}`."
    );
    let kind = TypeKind::OneOf(OneOf {
        variants,
        discriminator: Some(Discriminator {
            property,
            unknown_variant,
        }),
    });
    let names = [
        "Event".to_owned(),
        "WebhookEvent".to_owned(),
        "ApiEvent".to_owned(),
    ];
    Some(types.define_named(&names, docs, kind))
}

/// The first property of the first payload that every payload (a struct)
/// has with a single-value string enum, the values all different; and
/// those values, one per webhook.
fn fixed_property(list: &[Webhook], space: &TypeSpace) -> Option<(String, Vec<String>)> {
    let fixed = |payload: &TypeRef, wire: &str| -> Option<String> {
        let TypeRef::Named(id) = payload else {
            return None;
        };
        let TypeKind::Struct(s) = &space.get(*id).kind else {
            return None;
        };
        let field = s.fields.iter().find(|f| f.wire_name == wire)?;
        let TypeRef::Named(enum_id) = &field.ty else {
            return None;
        };
        match &space.get(*enum_id).kind {
            TypeKind::Enum(e) if e.variants.len() == 1 => Some(e.variants[0].value.clone()),
            _ => None,
        }
    };
    let TypeRef::Named(first) = list.first()?.payload else {
        return None;
    };
    let TypeKind::Struct(first) = &space.get(first).kind else {
        return None;
    };
    first.fields.iter().find_map(|candidate| {
        let values: Vec<String> = list
            .iter()
            .map(|w| fixed(&w.payload, &candidate.wire_name))
            .collect::<Option<_>>()?;
        let mut distinct = values.clone();
        distinct.sort();
        distinct.dedup();
        (distinct.len() == values.len()).then(|| (candidate.wire_name.clone(), values))
    })
}
