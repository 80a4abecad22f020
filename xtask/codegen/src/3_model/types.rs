//! Conversion: every schema, component or inline, becomes a [`TypeRef`],
//! and every schema that needs a Rust item becomes a named [`TypeDef`].
//! Naming hints are in `hints`, `allOf` merging in `merge`, cycle breaking
//! in `cycles`.
//!
//! Component schemas get their ids and names before any is converted, so
//! forward and cyclic references resolve; cycles are boxed at the end, only
//! where needed. Inline types are named from their context (the operation,
//! the parent type and the property), never numbered unless two contexts
//! want the same name.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::hints::{Hint, lowercase_first};
use super::{
    AdditionalField, Discriminator, Enum, EnumVariant, Field, OneOf, Presence, Struct, TypeDef,
    TypeId, TypeKind, TypeRef, Variant,
};
use crate::diagnostics::Fallback;
use crate::diagnostics::{self, Diagnostic};
use crate::naming::{self, Namer};

/// The named types of the generated `models` module.
#[derive(Clone, Debug, Default)]
pub struct TypeSpace {
    pub defs: Vec<TypeDef>,
    /// Each component schema by its name in the document, and the type it
    /// became (a struct, enum, union or alias), in document order.
    pub components: Vec<(String, TypeId)>,
}

impl TypeSpace {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    /// Every named type `roots` use, themselves included, through fields,
    /// variants, aliases, lists, maps and boxes.
    pub fn reachable<'a>(
        &'a self,
        roots: impl IntoIterator<Item = &'a TypeRef>,
    ) -> BTreeSet<TypeId> {
        let mut pending: Vec<&TypeRef> = roots.into_iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(ty) = pending.pop() {
            match ty {
                TypeRef::Named(id) => {
                    if !seen.insert(*id) {
                        continue;
                    }
                    match &self.get(*id).kind {
                        TypeKind::Struct(s) => {
                            pending.extend(s.fields.iter().map(|f| &f.ty));
                            pending.extend(s.additional.iter().map(|a| &a.ty));
                        }
                        TypeKind::Alias(target) => pending.push(target),
                        TypeKind::OneOf(o) => pending.extend(o.variants.iter().map(|v| &v.ty)),
                        TypeKind::Enum(_) => {}
                    }
                }
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Box(inner) => {
                    pending.push(inner);
                }
                _ => {}
            }
        }
        seen
    }
}

/// Names in scope in the generated `models` module that a schema must not
/// shadow: the prelude, what the module uses, and the type parameters the
/// runtime's model macros declare in what they expand to (`S`, `D`, `A`:
/// a schema named `A` would be the parameter inside `json_struct!`).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "A",
    "D",
    "S",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Eq",
    "Err",
    "Fn",
    "From",
    "Hash",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Send",
    "Serialize",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Vec",
];

/// A converted schema: its type and whether `null` is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// Builds the [`TypeSpace`]; operations call [`TypeBuilder::convert`] for
/// their parameters and bodies.
pub struct TypeBuilder<'a> {
    pub(super) doc: &'a openapiv3::OpenAPI,
    pub(super) space: TypeSpace,
    pub(super) namer: Namer,
    pub(super) components: IndexMap<&'a str, TypeId>,
    /// Inline string enums by their values, so that one set of values is one
    /// Rust type (a `status` parameter and the `status` field it filters on).
    pub(super) enums: BTreeMap<Vec<String>, TypeId>,
    pub(super) warnings: Vec<Diagnostic>,
    /// The struct each merged `allOf` became, by its arms (as JSON).
    pub(super) merged: BTreeMap<String, TypeId>,
}

impl<'a> TypeBuilder<'a> {
    /// Registers every component schema, then converts them all.
    pub fn new(doc: &'a openapiv3::OpenAPI) -> Result<Self, Diagnostic> {
        let mut namer = Namer::new();
        namer.reserve(RESERVED_TYPE_NAMES.iter().copied());
        let mut builder = TypeBuilder {
            doc,
            space: TypeSpace::default(),
            namer,
            components: IndexMap::new(),
            enums: BTreeMap::new(),
            warnings: Vec::new(),
            merged: BTreeMap::new(),
        };
        let schemas: Vec<(&'a String, &'a ReferenceOr<Schema>)> = doc
            .components
            .iter()
            .flat_map(|c| c.schemas.iter())
            .collect();
        for (name, _) in &schemas {
            let type_name = naming::type_name(name, "Schema");
            let claimed = builder
                .namer
                .claim(&[type_name.clone(), format!("{type_name}Model")]);
            let id = builder.push(TypeDef {
                name: claimed,
                docs: None,
                kind: TypeKind::Alias(TypeRef::Json),
            });
            builder.components.insert(name.as_str(), id);
        }
        let uploads = multipart_schemas(doc);
        for (name, schema) in schemas {
            let id = builder.components[name.as_str()];
            let pointer = diagnostics::join("/components/schemas", [name]);
            let hint = Hint {
                names: vec![builder.space.defs[id.0].name.clone()],
                reserved: Some(id),
                resource: None,
                resource_list: false,
                origin: Some(format!("The `{name}` schema.")),
                // The schema of a `multipart/form-data` body: `format:
                // binary` properties are files.
                files: uploads.contains(name.as_str()),
            };
            let converted = builder.convert(schema, &hint, &pointer)?;
            if converted.ty == TypeRef::Named(id) {
                continue;
            }
            let ty = if matches!(&converted.ty, TypeRef::Named(target) if builder.alias_reaches(*target, id))
            {
                builder.warn(
                    Fallback::FreeJson,
                    &pointer,
                    "this schema is an alias of itself (a cycle of `$ref`s); using a free JSON value",
                );
                TypeRef::Json
            } else {
                converted.ty
            };
            let def = &mut builder.space.defs[id.0];
            def.kind = TypeKind::Alias(ty);
            def.docs = match schema {
                ReferenceOr::Item(schema) => docs(schema),
                ReferenceOr::Reference { .. } => None,
            }
            .or_else(|| Some(format!("The `{name}` schema.")));
        }
        Ok(builder)
    }

    fn alias_reaches(&self, mut from: TypeId, to: TypeId) -> bool {
        for _ in 0..=self.space.defs.len() {
            if from == to {
                return true;
            }
            match &self.space.defs[from.0].kind {
                TypeKind::Alias(TypeRef::Named(next)) => from = *next,
                _ => return false,
            }
        }
        true
    }

    pub(super) fn push(&mut self, def: TypeDef) -> TypeId {
        self.space.defs.push(def);
        TypeId(self.space.defs.len() - 1)
    }

    /// Records a fallback of `kind` at `pointer`.
    pub fn warn(&mut self, kind: Fallback, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::fallback(kind, pointer, message));
    }

    pub fn def(&self, id: TypeId) -> &TypeDef {
        self.space.get(id)
    }

    /// The types defined so far.
    pub fn space(&self) -> &TypeSpace {
        &self.space
    }

    /// Defines a named type for `hint`: the reserved component id, or a new
    /// id with the first free candidate name.
    pub(super) fn define(&mut self, hint: &Hint, docs: Option<String>, kind: TypeKind) -> TypeId {
        let id = self.claim(hint);
        let def = &mut self.space.defs[id.0];
        def.docs = docs.or_else(|| hint.origin.clone());
        def.kind = kind;
        id
    }

    /// Defines a type the model makes up rather than reads from a schema
    /// (the webhooks' `Event`), under the first free name of `names`.
    pub(super) fn define_named(
        &mut self,
        names: &[String],
        docs: String,
        kind: TypeKind,
    ) -> TypeId {
        let hint = Hint {
            names: names.to_vec(),
            ..Hint::default()
        };
        self.define(&hint, Some(docs), kind)
    }

    pub(super) fn claim(&mut self, hint: &Hint) -> TypeId {
        if let Some(id) = hint.reserved {
            return id;
        }
        let name = self.namer.claim(&hint.names);
        self.push(TypeDef {
            name,
            docs: None,
            kind: TypeKind::Alias(TypeRef::Json),
        })
    }

    /// Resolves `#/components/schemas/Name`.
    pub fn resolve(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(TypeId, &'a ReferenceOr<Schema>), Diagnostic> {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .map(diagnostics::unescape)
            .ok_or_else(|| {
                Diagnostic::new(pointer, format!("unsupported reference `{reference}`: only `#/components/schemas/...` can name a schema"))
            })?;
        let schema = self
            .doc
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(&name))
            .ok_or_else(|| {
                Diagnostic::new(
                    pointer,
                    format!("`{reference}` names no schema in components"),
                )
            })?;
        Ok((self.components[name.as_str()], schema))
    }

    /// Whether the schema, or the component it references, allows `null`.
    fn nullable_through_refs(&self, schema: &ReferenceOr<Schema>, pointer: &str) -> bool {
        let mut current = schema;
        for _ in 0..16 {
            match current {
                ReferenceOr::Item(s) => return s.schema_data.nullable,
                ReferenceOr::Reference { reference } => match self.resolve(reference, pointer) {
                    Ok((_, next)) => current = next,
                    Err(_) => return false,
                },
            }
        }
        false
    }

    pub fn convert(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &Hint,
        pointer: &str,
    ) -> Result<Converted, Diagnostic> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let (id, _) = self.resolve(reference, pointer)?;
                Ok(Converted {
                    ty: TypeRef::Named(id),
                    nullable: self.nullable_through_refs(schema, pointer),
                })
            }
            ReferenceOr::Item(schema) => self.convert_schema(schema, hint, pointer),
        }
    }

    pub(super) fn convert_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &Hint,
        pointer: &str,
    ) -> Result<Converted, Diagnostic> {
        match schema {
            ReferenceOr::Reference { reference } => self.convert(
                &ReferenceOr::Reference {
                    reference: reference.clone(),
                },
                hint,
                pointer,
            ),
            ReferenceOr::Item(schema) => self.convert_schema(schema, hint, pointer),
        }
    }

    fn convert_schema(
        &mut self,
        schema: &Schema,
        hint: &Hint,
        pointer: &str,
    ) -> Result<Converted, Diagnostic> {
        let nullable = schema.schema_data.nullable;
        let docs = docs(schema);
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let binary = matches!(
                    &s.format,
                    openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
                );
                if binary && hint.files {
                    TypeRef::File
                } else if values.is_empty() {
                    TypeRef::String
                } else {
                    self.string_enum(values, hint, docs)
                }
            }
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => {
                    TypeRef::F32
                }
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Integer(i)) => integer(&i.format),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => self.array(a.items.as_ref(), hint, pointer)?,
            SchemaKind::Type(Type::Object(o)) => self.object(
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                hint,
                docs,
                pointer,
            )?,
            SchemaKind::AllOf { all_of } => {
                return self.all_of(all_of, nullable, hint, docs, pointer);
            }
            SchemaKind::OneOf { one_of: arms } | SchemaKind::AnyOf { any_of: arms } => {
                let keyword = match &schema.schema_kind {
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                let at = format!("{pointer}/{keyword}");
                let discriminator = schema.schema_data.discriminator.as_ref();
                self.one_of(arms, discriminator, hint, docs, &at)?
            }
            SchemaKind::Not { .. } => {
                self.warn(
                    Fallback::FreeJson,
                    pointer,
                    "`not` cannot be expressed as a Rust type; using a free JSON value",
                );
                TypeRef::Json
            }
            SchemaKind::Any(any) => {
                if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
                    self.object(
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        hint,
                        docs,
                        pointer,
                    )?
                } else if !any.enumeration.is_empty()
                    && any.enumeration.iter().all(|v| v.is_string() || v.is_null())
                {
                    let values = any
                        .enumeration
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect();
                    self.string_enum(values, hint, docs)
                } else if any.typ.as_deref() == Some("array") || any.items.is_some() {
                    self.array(any.items.as_ref(), hint, pointer)?
                } else if !any.one_of.is_empty() || !any.any_of.is_empty() {
                    let (arms, at) = if any.one_of.is_empty() {
                        (&any.any_of, format!("{pointer}/anyOf"))
                    } else {
                        (&any.one_of, format!("{pointer}/oneOf"))
                    };
                    let discriminator = schema.schema_data.discriminator.as_ref();
                    self.one_of(arms, discriminator, hint, docs, &at)?
                } else if !any.all_of.is_empty() {
                    return self.all_of(&any.all_of, nullable, hint, docs, pointer);
                } else {
                    // A scalar type with a keyword that does not apply to
                    // it (`{type: boolean, uniqueItems: true}`) is still
                    // that scalar.
                    match any.typ.as_deref() {
                        Some("string") => TypeRef::String,
                        Some("boolean") => TypeRef::Bool,
                        Some("number") if any.format.as_deref() == Some("float") => TypeRef::F32,
                        Some("number") => TypeRef::F64,
                        Some("integer") => integer_named(any.format.as_deref()),
                        _ => TypeRef::Json,
                    }
                }
            }
        };
        Ok(Converted { ty, nullable })
    }

    fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &Hint,
        pointer: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let item = match items {
            Some(items) => {
                self.convert_boxed(items, &hint.items(), &format!("{pointer}/items"))?
                    .ty
            }
            None => TypeRef::Json,
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    pub(super) fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        hint: &Hint,
        docs: Option<String>,
        pointer: &str,
    ) -> Result<TypeRef, Diagnostic> {
        if properties.is_empty() {
            return Ok(match additional {
                Some(AdditionalProperties::Schema(schema)) => {
                    TypeRef::Map(Box::new(self.map_value(schema, hint, pointer)?))
                }
                _ => TypeRef::JsonObject,
            });
        }
        let id = self.claim(hint);
        let parent = self.space.defs[id.0].name.clone();
        let mut fields = Vec::with_capacity(properties.len());
        let mut field_names = Namer::new();
        for (wire_name, schema) in properties {
            let field_pointer = diagnostics::join(&format!("{pointer}/properties"), [wire_name]);
            let converted =
                self.convert_boxed(schema, &hint.property(&parent, wire_name), &field_pointer)?;
            let field_docs = match schema {
                ReferenceOr::Item(s) => self::docs(s),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                name: field_names.claim(&[naming::field_name(wire_name)]),
                wire_name: wire_name.clone(),
                docs: field_docs,
                ty: converted.ty,
                presence: Presence::new(required.contains(wire_name), converted.nullable),
            });
        }
        // Properties the schema does not list, when it allows them.
        let parent_hint = Hint {
            names: vec![parent.clone()],
            origin: Some(format!("[`{parent}`]")),
            files: hint.files,
            ..Hint::default()
        };
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                Some(self.map_value(schema, &parent_hint, pointer)?)
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            _ => None,
        }
        .map(|ty| AdditionalField {
            name: field_names.claim(&["additional_properties".to_owned()]),
            ty,
        });
        for name in required {
            if !properties.contains_key(name) {
                self.warn(
                    Fallback::RequiredWithoutProperty,
                    pointer,
                    format!("`{name}` is listed in `required` but has no property schema; ignored"),
                );
            }
        }
        let def = &mut self.space.defs[id.0];
        def.docs = docs.or_else(|| hint.origin.clone());
        def.kind = TypeKind::Struct(Struct {
            fields,
            additional,
            // Decided once the operations are known (`model::build`).
            default: false,
        });
        Ok(TypeRef::Named(id))
    }

    /// The value type of a map (`additionalProperties: {schema}`).
    fn map_value(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &Hint,
        pointer: &str,
    ) -> Result<TypeRef, Diagnostic> {
        let value_hint = Hint {
            names: hint.names.iter().map(|n| format!("{n}Value")).collect(),
            origin: hint
                .origin
                .as_ref()
                .map(|o| format!("A value of {}", lowercase_first(o))),
            files: hint.files,
            ..Hint::default()
        };
        Ok(self
            .convert(
                schema,
                &value_hint,
                &format!("{pointer}/additionalProperties"),
            )?
            .ty)
    }

    fn string_enum(
        &mut self,
        mut values: Vec<String>,
        hint: &Hint,
        docs: Option<String>,
    ) -> TypeRef {
        let mut seen = std::collections::BTreeSet::new();
        values.retain(|v| seen.insert(v.clone()));
        if hint.reserved.is_none() {
            if let Some(id) = self.enums.get(&values) {
                return TypeRef::Named(*id);
            }
        }
        let mut names = Namer::new();
        let variants: Vec<EnumVariant> = values
            .iter()
            .map(|value| EnumVariant {
                name: names.claim(&[naming::variant_name(value)]),
                value: value.clone(),
            })
            .collect();
        let unknown_variant =
            names.claim(&["Unknown".into(), "Other".into(), "UnknownValue".into()]);
        let id = self.define(
            hint,
            docs,
            TypeKind::Enum(Enum {
                variants,
                unknown_variant,
            }),
        );
        self.enums.entry(values).or_insert(id);
        TypeRef::Named(id)
    }

    /// A `oneOf`/`anyOf` (`pointer` is its list of arms).
    fn one_of(
        &mut self,
        arms: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        hint: &Hint,
        docs: Option<String>,
        pointer: &str,
    ) -> Result<TypeRef, Diagnostic> {
        if arms.is_empty() {
            self.warn(
                Fallback::FreeJson,
                pointer,
                "no alternatives; using a free JSON value",
            );
            return Ok(TypeRef::Json);
        }
        let values = match discriminator {
            Some(d) => self.discriminator_values(arms, d, pointer),
            None => None,
        };
        let id = self.claim(hint);
        let parent_hint = Hint {
            names: vec![self.space.defs[id.0].name.clone()],
            ..hint.clone()
        };
        let mut names = Namer::new();
        let mut variants = Vec::with_capacity(arms.len());
        for (i, arm) in arms.iter().enumerate() {
            let converted =
                self.convert(arm, &parent_hint.variant(i + 1), &format!("{pointer}/{i}"))?;
            let name = match &converted.ty {
                TypeRef::Named(target) => self.space.defs[target.0].name.clone(),
                other => scalar_variant_name(other).to_owned(),
            };
            variants.push(Variant {
                name: names.claim(&[name]),
                ty: converted.ty,
                discriminator_values: values.as_ref().map(|v| v[i].clone()).unwrap_or_default(),
            });
        }
        let discriminator = match (discriminator, values) {
            (Some(d), Some(_)) => Some(Discriminator {
                property: d.property_name.clone(),
                unknown_variant: names.claim(&[
                    "Unknown".into(),
                    "Other".into(),
                    "UnknownValue".into(),
                ]),
            }),
            _ => None,
        };
        let def = &mut self.space.defs[id.0];
        def.docs = docs.or_else(|| hint.origin.clone());
        def.kind = TypeKind::OneOf(OneOf {
            variants,
            discriminator,
        });
        Ok(TypeRef::Named(id))
    }

    /// The discriminator values of each arm: those of `mapping` that point
    /// to it, else its schema's name. `None` (with a warning) when an arm
    /// is not a reference to an object schema, which a discriminator needs.
    fn discriminator_values(
        &mut self,
        arms: &[ReferenceOr<Schema>],
        discriminator: &openapiv3::Discriminator,
        pointer: &str,
    ) -> Option<Vec<Vec<String>>> {
        let mut all = Vec::with_capacity(arms.len());
        for (i, arm) in arms.iter().enumerate() {
            let at = format!("{pointer}/{i}");
            let name = match arm {
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/schemas/")
                    .map(diagnostics::unescape),
                ReferenceOr::Item(_) => None,
            };
            let is_object = self
                .collect_properties(arm, &mut IndexMap::new(), &mut Vec::new(), &at, 0)
                .unwrap_or(false);
            let Some(name) = name.filter(|_| is_object) else {
                self.warn(
                    Fallback::LooseUnion,
                    at,
                    "a discriminator needs every alternative to be a `$ref` to an object schema; \
                     the alternatives are told apart by what they read instead",
                );
                return None;
            };
            let mut values: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| {
                    let target = target
                        .strip_prefix("#/components/schemas/")
                        .unwrap_or(target);
                    diagnostics::unescape(target) == name
                })
                .map(|(value, _)| value.clone())
                .collect();
            if values.is_empty() {
                values.push(name);
            }
            all.push(values);
        }
        Some(all)
    }
}

/// Component schemas that are the schema of a `multipart/form-data` request
/// body, where `format: binary` properties are files.
fn multipart_schemas(doc: &openapiv3::OpenAPI) -> std::collections::BTreeSet<String> {
    let bodies = doc
        .paths
        .iter()
        .filter_map(|(_, item)| item.as_item())
        .flat_map(|item| item.iter())
        .filter_map(|(_, op)| op.request_body.as_ref())
        .filter_map(|body| match body {
            ReferenceOr::Item(body) => Some(body),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/requestBodies/")
                .and_then(|name| doc.components.as_ref()?.request_bodies.get(name))
                .and_then(ReferenceOr::as_item),
        });
    bodies
        .flat_map(|body| body.content.iter())
        .filter(|(media, _)| media.starts_with("multipart/form-data"))
        .filter_map(|(_, media)| match media.schema.as_ref()? {
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/schemas/")
                .map(diagnostics::unescape),
            ReferenceOr::Item(_) => None,
        })
        .collect()
}

/// [`integer`] for a format given as text.
fn integer_named(format: Option<&str>) -> TypeRef {
    match format {
        Some("int32" | "int16" | "int8") => TypeRef::I32,
        Some("uint8" | "uint16" | "uint32") => TypeRef::U32,
        Some("uint64") => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// The Rust integer for a format: `int32` and smaller are `i32`, unsigned
/// formats (`uint32`, `uint64`, `uint8`, `uint16`) `u32`/`u64`, anything
/// else (`int64`, none, unknown) `i64`.
fn integer(format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> TypeRef {
    use openapiv3::{IntegerFormat, VariantOrUnknownOrEmpty as F};
    match format {
        F::Item(IntegerFormat::Int32) => TypeRef::I32,
        F::Item(IntegerFormat::Int64) | F::Empty => TypeRef::I64,
        F::Unknown(other) => match other.as_str() {
            "int8" | "int16" => TypeRef::I32,
            "uint8" | "uint16" | "uint32" => TypeRef::U32,
            "uint64" | "uint" => TypeRef::U64,
            _ => TypeRef::I64,
        },
    }
}

fn scalar_variant_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::Bool => "Boolean",
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::Vec(_) => "Array",
        TypeRef::Map(_) | TypeRef::JsonObject => "Object",
        TypeRef::File => "File",
        TypeRef::Json | TypeRef::Named(_) | TypeRef::Box(_) => "Value",
    }
}

/// The doc text of a schema: its description, else its title.
pub(super) fn docs(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
}
