//! Parameters: their Rust names, types, styles and places.

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::hints::Hint;
use super::types::TypeBuilder;
use super::{Param, ParamLocation, TypeRef};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Fallback;
use crate::naming::{self, Namer};

use super::operations::method_link;

pub(super) fn param(
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
