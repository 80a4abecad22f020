//! Cargo features per tag: which operations and types each build compiles
//! (see [`Features`]).

use std::collections::{BTreeMap, BTreeSet};

use super::{Api, BodyKind, Features, Module, ResponseBody, TypeId, TypeRef};
use crate::naming;

/// Feature names the generated `Cargo.toml` has already.
const RESERVED: &[&str] = &["default", "ring", "aws-lc-rs", "mock", "all-tags", WEBHOOKS];

/// The feature of the webhooks' types, parse functions and verification.
pub const WEBHOOKS: &str = "webhooks";

/// The feature of a tag (`Code Scanning` → `code-scanning`; `mock` →
/// `mock-tag`), or `None` when it has no letter or digit.
fn feature(tag: &str) -> Option<String> {
    let name = naming::feature_name(tag);
    if name.is_empty() {
        None
    } else if RESERVED.contains(&name.as_str()) {
        Some(format!("{name}-tag"))
    } else {
        Some(name)
    }
}

/// Sets [`Api::features`] and each operation's: nothing, when the
/// operations have fewer than two tags between them.
pub(super) fn assign(api: &mut Api) {
    let tags: BTreeSet<String> = api
        .operations
        .iter()
        .flat_map(|op| op.tags.iter().filter_map(|t| feature(t)))
        .collect();
    if tags.len() < 2 {
        return;
    }
    // Per type: the features of the operations that use it, or `None`
    // once an operation that every build has uses it.
    let mut reached: BTreeMap<TypeId, Option<BTreeSet<String>>> = BTreeMap::new();
    for op in &mut api.operations {
        let mut features: Vec<String> = op.tags.iter().filter_map(|t| feature(t)).collect();
        features.sort();
        features.dedup();
        op.features = features;
        let mut roots: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
        if let Some(BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty)) =
            op.body.as_ref().map(|b| &b.kind)
        {
            roots.push(ty);
        }
        if let ResponseBody::Json(ty) = &op.success.body {
            roots.push(ty);
        }
        roots.extend(op.success.headers.iter().map(|h| &h.ty));
        for id in api.types.reachable(roots) {
            let entry = reached.entry(id).or_insert_with(|| Some(BTreeSet::new()));
            match (entry, op.features.is_empty()) {
                (entry, true) => *entry = None,
                (Some(set), false) => set.extend(op.features.iter().cloned()),
                (None, false) => {}
            }
        }
    }
    // The webhooks are a feature of their own, like a tag's operations.
    let webhook_roots: Vec<TypeRef> = api
        .webhooks
        .list
        .iter()
        .map(|w| w.payload.clone())
        .chain(api.webhooks.event.map(TypeRef::Named))
        .collect();
    let webhooks = !webhook_roots.is_empty();
    for id in api.types.reachable(&webhook_roots) {
        let entry = reached.entry(id).or_insert_with(|| Some(BTreeSet::new()));
        if let Some(set) = entry {
            set.insert(WEBHOOKS.to_owned());
        }
    }
    // What every build has: what an untagged operation uses, the types
    // nothing uses; and all that those use.
    let always: Vec<TypeRef> = (0..api.types.defs.len())
        .map(TypeId)
        .filter(|id| reached.get(id).is_none_or(Option::is_none))
        .map(TypeRef::Named)
        .collect();
    for id in api.types.reachable(&always) {
        reached.insert(id, None);
    }
    api.features = Features {
        tags: tags.into_iter().collect(),
        webhooks,
        types: reached
            .into_iter()
            .filter_map(|(id, features)| Some((id, features?.into_iter().collect())))
            .collect(),
        modules: Vec::new(),
        type_modules: BTreeMap::new(),
    };
}

/// The modules: one per set of features the operations have, and one per
/// feature that alone compiles some types (the webhooks', mostly), named
/// after them (`code-scanning` → `code_scanning`; two features joined
/// with `_and_`); each operation with features gets its module. Runs after
/// [`super::shared`], which widens the types' features.
pub(super) fn assign_modules(api: &mut Api) {
    let single_gates = api.features.types.values().filter(|gate| gate.len() == 1);
    let sets: BTreeSet<&Vec<String>> = api
        .operations
        .iter()
        .map(|op| &op.features)
        .filter(|features| !features.is_empty())
        .chain(single_gates)
        .collect();
    let mut modules: Vec<Module> = sets
        .into_iter()
        .map(|features| Module {
            name: module_name(features),
            features: features.clone(),
            operations: false,
            types: false,
        })
        .collect();
    modules.sort_by(|a, b| (&a.name, &a.features).cmp(&(&b.name, &b.features)));
    // `a-and-b` and `a` + `b` would both be `a_and_b`: the second gets a
    // number (in the order of their features, so it is stable).
    let mut taken = BTreeSet::new();
    for module in &mut modules {
        let base = module.name.clone();
        let mut n = 1;
        while !taken.insert(module.name.clone()) {
            n += 1;
            module.name = format!("{base}_{n}");
        }
    }
    let index: BTreeMap<Vec<String>, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.features.clone(), i))
        .collect();
    for op in &mut api.operations {
        op.module = index.get(&op.features).copied();
        if let Some(m) = op.module {
            modules[m].operations = true;
        }
    }
    api.features.type_modules = api
        .features
        .types
        .iter()
        .filter_map(|(id, gate)| Some((*id, *index.get(gate)?)))
        .collect();
    for m in api.features.type_modules.values() {
        modules[*m].types = true;
    }
    api.features.modules = modules;
}

/// A module's name from its features: a Rust identifier (a keyword is
/// written raw) that names nothing else `operations.rs` has (`models` is
/// the crate's module) and is a file name on every system (`con.rs`,
/// `aux.rs`… cannot be made on Windows).
fn module_name(features: &[String]) -> String {
    const TAKEN: &[&str] = &[
        "models", "self", "super", "crate", "con", "prn", "aux", "nul",
    ];
    let name = features.join("_and_").replace('-', "_");
    let device = (name.starts_with("com") || name.starts_with("lpt"))
        && name.len() == 4
        && name.ends_with(|c: char| c.is_ascii_digit());
    let taken = TAKEN.contains(&name.as_str()) || device;
    let name = if taken || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("tag_{name}")
    } else {
        name
    };
    // `type` → `r#type` (its file stays `type.rs`).
    naming::snake_name(&name, "tag")
}

/// Makes `id`, and every type it uses, compile in every build that
/// compiles `other` too: when `other` became an alias of `id`
/// ([`super::shared`]), what compiled `other` now needs `id`.
pub(super) fn widen(api: &mut Api, id: TypeId, other: TypeId) {
    let gate = api.features.types.get(&other).cloned();
    let reached = api.types.reachable([&TypeRef::Named(id)]);
    for ty in reached {
        match (&gate, api.features.types.get_mut(&ty)) {
            // Already in every build.
            (_, None) => {}
            (None, Some(_)) => {
                api.features.types.remove(&ty);
            }
            (Some(gate), Some(features)) => {
                features.extend(gate.iter().cloned());
                features.sort();
                features.dedup();
            }
        }
    }
}
