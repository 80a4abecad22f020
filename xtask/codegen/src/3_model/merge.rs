//! `allOf`: the merged properties of every arm, annotations as docs, and
//! each merge done once.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::hints::Hint;
use super::types::{Converted, TypeBuilder};
use super::{TypeKind, TypeRef};
use crate::diagnostics::{Diagnostic, Fallback};

impl TypeBuilder<'_> {
    pub(super) fn all_of(
        &mut self,
        arms: &[ReferenceOr<Schema>],
        nullable: bool,
        hint: &Hint,
        docs: Option<String>,
        pointer: &str,
    ) -> Result<Converted, Diagnostic> {
        // Arms that only annotate (a description, an `xml` name, bounds)
        // add docs, not a type: `allOf: [{$ref: String}, {description}]`
        // is `String` with that description.
        let (notes, arms): (Vec<&ReferenceOr<Schema>>, Vec<&ReferenceOr<Schema>>) =
            arms.iter().partition(|arm| is_annotation(arm));
        let docs = docs.or_else(|| {
            notes.iter().find_map(|arm| match arm {
                ReferenceOr::Item(schema) => super::types::docs(schema),
                ReferenceOr::Reference { .. } => None,
            })
        });
        let nullable = nullable
            || notes
                .iter()
                .any(|arm| matches!(arm, ReferenceOr::Item(s) if s.schema_data.nullable));
        if arms.is_empty() {
            return Ok(Converted {
                ty: TypeRef::Json,
                nullable,
            });
        }
        if let [only] = arms[..] {
            // `allOf: [X]` with the parent's description or nullability.
            let mut converted = self.convert(only, hint, &format!("{pointer}/allOf/0"))?;
            converted.nullable |= nullable;
            if let (Some(id), TypeRef::Named(target)) = (hint.reserved, &converted.ty) {
                let target = *target;
                if target != id {
                    self.space.defs[id.0].kind = TypeKind::Alias(TypeRef::Named(target));
                    self.space.defs[id.0].docs = docs.or_else(|| hint.origin.clone());
                    converted.ty = TypeRef::Named(id);
                }
            }
            return Ok(converted);
        }
        // The same arms are merged once (a schema that refers to itself
        // through `allOf` would otherwise be merged again at every level,
        // without end): later uses are the same type.
        let key = serde_json::to_string(&arms).unwrap_or_default();
        if let Some(&id) = self.merged.get(&key) {
            return Ok(Converted {
                ty: TypeRef::Named(id),
                nullable,
            });
        }
        let id = self.claim(hint);
        self.merged.insert(key, id);
        let hint = &Hint {
            reserved: Some(id),
            ..hint.clone()
        };
        // Merge the properties of every arm into one struct.
        let mut properties = IndexMap::new();
        let mut required = Vec::new();
        for (i, arm) in arms.iter().enumerate() {
            let arm_pointer = format!("{pointer}/allOf/{i}");
            if !self.collect_properties(arm, &mut properties, &mut required, &arm_pointer, 0)? {
                self.warn(
                    Fallback::FreeJson,
                    arm_pointer,
                    "`allOf` with an arm that is not an object; using a free JSON value",
                );
                let def = &mut self.space.defs[id.0];
                def.kind = TypeKind::Alias(TypeRef::Json);
                def.docs = docs.or_else(|| hint.origin.clone());
                return Ok(Converted {
                    ty: TypeRef::Named(id),
                    nullable,
                });
            }
        }
        let ty = self.object(&properties, &required, None, hint, docs, pointer)?;
        Ok(Converted { ty, nullable })
    }

    /// Gathers the properties of an object schema (through references and
    /// nested `allOf`); `false` when the schema is not an object.
    pub(super) fn collect_properties(
        &self,
        schema: &ReferenceOr<Schema>,
        properties: &mut IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &mut Vec<String>,
        pointer: &str,
        depth: usize,
    ) -> Result<bool, Diagnostic> {
        if depth > 32 {
            return Err(Diagnostic::new(
                pointer,
                "`allOf` nests too deeply (a reference cycle?)",
            ));
        }
        let schema = match schema {
            ReferenceOr::Reference { reference } => match self.resolve(reference, pointer)?.1 {
                ReferenceOr::Item(s) => s,
                next @ ReferenceOr::Reference { .. } => {
                    return self.collect_properties(next, properties, required, pointer, depth + 1);
                }
            },
            ReferenceOr::Item(s) => s,
        };
        let (props, req) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            SchemaKind::Any(a) if a.all_of.is_empty() => (&a.properties, &a.required),
            SchemaKind::AllOf { all_of } | SchemaKind::Any(openapiv3::AnySchema { all_of, .. }) => {
                for arm in all_of {
                    if !self.collect_properties(arm, properties, required, pointer, depth + 1)? {
                        return Ok(false);
                    }
                }
                return Ok(true);
            }
            _ => return Ok(false),
        };
        for (name, prop) in props {
            properties.insert(name.clone(), prop.clone());
        }
        required.extend(
            req.iter()
                .filter(|r| !required.contains(r))
                .cloned()
                .collect::<Vec<_>>(),
        );
        Ok(true)
    }
}

/// Whether an `allOf` arm only annotates: no type, no properties, no
/// reference, no composition; just docs, constraints or extensions.
fn is_annotation(arm: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = arm else {
        return false;
    };
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return false;
    };
    any.typ.is_none()
        && any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.required.is_empty()
        && schema.schema_data.discriminator.is_none()
}
