//! Cycles of by-value containment: the field that closes one is boxed.

use super::types::{TypeBuilder, TypeSpace};
use super::{TypeId, TypeKind, TypeRef};
use crate::diagnostics::Diagnostic;

impl TypeBuilder<'_> {
    /// Finishes the type space: boxes the fields that make a cycle of
    /// by-value containment.
    pub fn finish(mut self) -> (TypeSpace, Vec<Diagnostic>) {
        for id in 0..self.space.defs.len() {
            let field_count = match &self.space.defs[id].kind {
                TypeKind::Struct(s) => s.fields.len(),
                TypeKind::OneOf(o) => o.variants.len(),
                _ => 0,
            };
            for index in 0..field_count {
                let target = match &self.space.defs[id].kind {
                    TypeKind::Struct(s) => direct_target(&s.fields[index].ty),
                    TypeKind::OneOf(o) => direct_target(&o.variants[index].ty),
                    _ => None,
                };
                if let Some(target) = target {
                    if self.contains_by_value(target, TypeId(id)) {
                        let ty = match &mut self.space.defs[id].kind {
                            TypeKind::Struct(s) => &mut s.fields[index].ty,
                            TypeKind::OneOf(o) => &mut o.variants[index].ty,
                            _ => continue,
                        };
                        *ty = TypeRef::Box(Box::new(ty.clone()));
                    }
                }
            }
        }
        self.space.components = self
            .components
            .iter()
            .map(|(name, id)| ((*name).to_owned(), *id))
            .collect();
        (self.space, self.warnings)
    }

    /// Whether a value of `from` holds a value of `to` inline (without a
    /// `Vec`, map or `Box` in between).
    fn contains_by_value(&self, from: TypeId, to: TypeId) -> bool {
        let mut stack = vec![from];
        let mut seen = vec![false; self.space.defs.len()];
        while let Some(id) = stack.pop() {
            if id == to {
                return true;
            }
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            let targets: Vec<TypeId> = match &self.space.defs[id.0].kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter_map(|f| direct_target(&f.ty))
                    .collect(),
                TypeKind::OneOf(o) => o
                    .variants
                    .iter()
                    .filter_map(|v| direct_target(&v.ty))
                    .collect(),
                TypeKind::Alias(ty) => direct_target(ty).into_iter().collect(),
                TypeKind::Enum(_) => Vec::new(),
            };
            stack.extend(targets);
        }
        false
    }
}

/// The named type a field holds inline, if any.
fn direct_target(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    }
}
