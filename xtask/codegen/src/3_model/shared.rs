//! Identical types are one: a struct, enum or union whose definition is the
//! same as an earlier type's (fields, their names, types, presences and
//! docs; variants; discriminator) becomes an alias of it. Every name the
//! document gives stays, with its own docs (`pub type IssueClosedUser =
//! IssueOpenedUser;`), but the crate defines and compiles the shape once.
//!
//! Large documents repeat inline schemas: GitHub's writes the same `user`,
//! `repository` or `label` object into hundreds of webhook payloads, and
//! 1,928 of its 4,476 types were copies of another (57k lines of
//! `models.rs`).
//!
//! Sameness is decided bottom-up: two types whose fields name different
//! copies of one shape are the same once those copies are, so the pass
//! repeats until nothing changes. Types in a cycle are compared through
//! the names they already share, so two copies of a recursive shape stay
//! apart (sound, not minimal).
//!
//! The same for the structs the emitter writes per operation: the headers
//! an answer documents, and the optional parameters a method takes.

use std::collections::HashMap;

use super::{Api, Operation, ResponseHeader, Shared, TypeId, TypeKind, TypeRef, TypeSpace};

/// Makes each type that is a copy of an earlier one an alias of it, and
/// points pagination at the defined struct. Runs after the features are
/// assigned: an alias keeps its gate, and what it names gains it.
pub(super) fn share(api: &mut Api) {
    let shared = same_as(&api.types);
    for (id, root) in shared.iter().enumerate() {
        if *root != TypeId(id) {
            api.types.defs[id].kind = TypeKind::Alias(TypeRef::Named(*root));
            super::features::widen(api, *root, TypeId(id));
        }
    }
    // A page's `Page` impl is written once per struct, so two operations
    // whose pages became one type share it.
    for op in &mut api.operations {
        if let Some(pagination) = &mut op.pagination {
            pagination.page_type = shared[pagination.page_type.0];
        }
    }
    share_headers(api);
    share_params(api);
}

/// An operation whose answer documents the same headers as an earlier
/// one's (GitHub's: `Link` on 207 lists, `Location` on 30 creations) has
/// its headers struct as an alias of that one's, which every build of
/// either has.
fn share_headers(api: &mut Api) {
    let mut first: HashMap<&[ResponseHeader], usize> = HashMap::new();
    let roots: Vec<Option<usize>> = (api.operations.iter().enumerate())
        .map(|(i, op)| {
            let headers = op.success.headers.as_slice();
            if headers.is_empty() {
                return None;
            }
            let root = *first.entry(headers).or_insert(i);
            (root != i).then_some(root)
        })
        .collect();
    apply(api, &roots, Operation::headers_struct, |op| {
        &mut op.headers_shared
    });
}

/// An operation whose optional parameters and body are an earlier one's
/// (the same fields, types, wire names, styles and docs) has its params
/// struct as an alias of that one's, which every build of either has.
/// GitHub's lists take `per_page` and `page` alone, 135 of them alike.
/// Operations with offset pagination keep their own: each has its own
/// `OffsetParams` impl.
fn share_params(api: &mut Api) {
    // Candidates by the wire names alone (a default value is JSON, which
    // does not hash); then compared whole.
    let mut first: HashMap<Vec<&str>, Vec<usize>> = HashMap::new();
    let ops = &api.operations;
    let roots: Vec<Option<usize>> = (ops.iter().enumerate())
        .map(|(i, op)| {
            if !op.has_params_struct() || op.pagination.is_some() {
                return None;
            }
            let key = op.optional_params().map(|p| p.wire_name.as_str()).collect();
            let earlier = first.entry(key).or_default();
            let same = |j: &&usize| {
                ops[**j].optional_params().eq(op.optional_params())
                    && optional_body(&ops[**j]) == optional_body(op)
            };
            let root = earlier.iter().find(same).copied();
            if root.is_none() {
                earlier.push(i);
            }
            root
        })
        .collect();
    apply(api, &roots, Operation::params_struct, |op| {
        &mut op.params_shared
    });
}

/// The body a params struct carries: an optional one.
fn optional_body(op: &Operation) -> Option<&super::RequestBody> {
    op.body.as_ref().filter(|b| !b.required)
}

/// Records which operations' struct (`shared` of each, named by `name`) is
/// an earlier one's: `roots[i]`, when it is. Each struct is defined for
/// its operation's features, widened by those of every operation whose
/// alias names it (empty: every build).
fn apply(
    api: &mut Api,
    roots: &[Option<usize>],
    name: fn(&Operation) -> String,
    shared: fn(&mut Operation) -> &mut Shared,
) {
    for (i, root) in roots.iter().enumerate() {
        let features = api.operations[i].features.clone();
        shared(&mut api.operations[i]).features = features.clone();
        let Some(root) = *root else {
            continue;
        };
        shared(&mut api.operations[i]).same_as = Some(name(&api.operations[root]));
        let gate = &mut shared(&mut api.operations[root]).features;
        if features.is_empty() || gate.is_empty() {
            gate.clear();
        } else {
            gate.extend(features);
            gate.sort();
            gate.dedup();
        }
    }
}

/// For each type, the first type with the same definition (itself when it
/// has no earlier copy), in [`TypeId`] order: components come first, so a
/// component's name wins over an inline copy's.
fn same_as(space: &TypeSpace) -> Vec<TypeId> {
    let mut root: Vec<TypeId> = (0..space.defs.len()).map(TypeId).collect();
    loop {
        let mut first: HashMap<TypeKind, TypeId> = HashMap::new();
        let mut changed = false;
        for id in 0..space.defs.len() {
            if root[id] != TypeId(id) {
                continue;
            }
            let kind = &space.defs[id].kind;
            if matches!(kind, TypeKind::Alias(_)) {
                continue;
            }
            let key = canonical_kind(kind, &|id| defined(space, &root, id));
            match first.get(&key) {
                Some(earlier) => {
                    root[id] = *earlier;
                    changed = true;
                }
                None => {
                    first.insert(key, TypeId(id));
                }
            }
        }
        if !changed {
            break;
        }
        // Each entry points at its root, not at a type that has since
        // become a copy itself.
        for id in 0..root.len() {
            root[id] = find(&root, TypeId(id));
        }
    }
    root
}

/// The root of `id` in `root`'s forest.
fn find(root: &[TypeId], mut id: TypeId) -> TypeId {
    while root[id.0] != id {
        id = root[id.0];
    }
    id
}

/// The type `id` stands for: its root, through the aliases the document
/// has (`pub type A = B;`), as far as they name types. Stops on a cycle of
/// aliases (the model breaks those, but a loop here must never hang).
fn defined(space: &TypeSpace, root: &[TypeId], id: TypeId) -> TypeId {
    let mut id = find(root, id);
    for _ in 0..space.defs.len() {
        match &space.defs[id.0].kind {
            TypeKind::Alias(TypeRef::Named(next)) => id = find(root, *next),
            _ => break,
        }
    }
    id
}

/// `kind` with every named type replaced by what it stands for.
fn canonical_kind(kind: &TypeKind, named: &dyn Fn(TypeId) -> TypeId) -> TypeKind {
    let mut kind = kind.clone();
    match &mut kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                canonical(&mut field.ty, named);
            }
            if let Some(additional) = &mut s.additional {
                canonical(&mut additional.ty, named);
            }
        }
        TypeKind::OneOf(o) => {
            for variant in &mut o.variants {
                canonical(&mut variant.ty, named);
            }
        }
        TypeKind::Enum(_) | TypeKind::Alias(_) => {}
    }
    kind
}

fn canonical(ty: &mut TypeRef, named: &dyn Fn(TypeId) -> TypeId) {
    match ty {
        TypeRef::Named(id) => *id = named(*id),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Box(inner) => canonical(inner, named),
        _ => {}
    }
}
