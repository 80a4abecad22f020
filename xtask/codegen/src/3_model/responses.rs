//! Responses: the success type and the documented error statuses.

use openapiv3::{OpenAPI, ReferenceOr, Response, StatusCode};

use super::hints::Hint;
use super::types::TypeBuilder;
use super::{ErrorResponse, ErrorStatus, ResponseBody, ResponseHeader, Success, TypeRef};
use crate::diagnostics::Fallback;
use crate::diagnostics::{self, Diagnostic};
use crate::naming::{self, Namer};

use super::bodies::{is_json, preferred_media};
use super::operations::{RawOp, method_link, resolve};

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

pub(super) fn responses(
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
            headers: Vec::new(),
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
            let headers = response_headers(doc, types, response, &at, prefix)?;
            Success {
                status,
                body,
                headers,
            }
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

/// The headers a response documents (`Content-Type` aside, which OpenAPI
/// says to ignore), each a scalar type; another schema is read as text,
/// with a warning.
fn response_headers(
    doc: &OpenAPI,
    types: &mut TypeBuilder<'_>,
    response: &Response,
    at: &str,
    prefix: &str,
) -> Result<Vec<ResponseHeader>, Diagnostic> {
    let components = doc.components.as_ref();
    let mut names = Namer::new();
    let mut headers = Vec::new();
    for (wire_name, header) in &response.headers {
        if wire_name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        let header_at = diagnostics::join(&format!("{at}/headers"), [wire_name]);
        let (header, header_at) = resolve(
            header,
            "headers",
            |n| components.and_then(|c| c.headers.get(n)),
            &header_at,
        )?;
        let ty = match &header.format {
            openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                let hint = Hint::new(
                    format!("{prefix}{}Header", naming::type_name(wire_name, "Header")),
                    None,
                    false,
                );
                types
                    .convert(schema, &hint, &format!("{header_at}/schema"))?
                    .ty
            }
            openapiv3::ParameterSchemaOrContent::Content(_) => TypeRef::String,
        };
        let ty = if ty.is_scalar(types.space()) {
            ty
        } else {
            types.warn(
                Fallback::LooseParameter,
                &header_at,
                "a header that is not a scalar is read as text",
            );
            TypeRef::String
        };
        headers.push(ResponseHeader {
            name: names.claim(&[naming::field_name(wire_name)]),
            wire_name: wire_name.clone(),
            ty,
            docs: header.description.clone().filter(|d| !d.trim().is_empty()),
        });
    }
    Ok(headers)
}
