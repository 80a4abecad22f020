//! Offset pagination: which operations stream, and how.

use super::types::TypeBuilder;
use super::{Pagination, Param, ParamLocation, Presence, ResponseBody, Success, TypeKind, TypeRef};

/// Offset pagination, when the operation has an optional numeric `offset`
/// query parameter and its response has one list and a `hasMore` flag.
pub(super) fn pagination(
    types: &TypeBuilder<'_>,
    params: &[Param],
    success: &Success,
) -> Option<Pagination> {
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
