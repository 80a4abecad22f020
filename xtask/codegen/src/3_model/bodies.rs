//! Request bodies, and choosing among media types.

use openapiv3::RequestBody as SpecBody;

use super::hints::Hint;
use super::types::TypeBuilder;
use super::{BodyKind, RequestBody, TypeKind, TypeRef};
use crate::diagnostics::Fallback;
use crate::diagnostics::{self, Diagnostic};

use super::operations::method_link;

/// Whether a media type carries JSON (`application/json`, with parameters,
/// or a `+json` vendor type).
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// A media type without its parameters, lowercased
/// (`Application/JSON; charset=utf-8` → `application/json`).
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

pub(crate) fn preferred_media(
    content: &openapiv3::Content,
) -> Option<(&String, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(m, _)| is_json(m))
        .or_else(|| content.first())
}

pub(super) fn request_body(
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
            .origin(format!("The request body of {}.", method_link(op)))
            .files(multipart);
        let schema_at = diagnostics::join(&format!("{at}/content"), [media_type, "schema"]);
        let ty = match &media.schema {
            Some(schema) => types.convert(schema, &hint, &schema_at)?.ty,
            None => TypeRef::Json,
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/vnd.github+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("multipart/form-data"));
    }
}
