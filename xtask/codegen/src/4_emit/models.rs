//! `src/models.rs`: one Rust item per named type.

use proc_macro2::TokenStream;
use quote::quote;

use super::{CrateInfo, Scope, cfg_attr, docs, feature_list, ident, module_lines, rust_type};
use crate::model::{
    Api, Enum, OneOf, Presence, Struct, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace,
};

/// How many parts `models.rs` is emitted and formatted in (in parallel).
/// A constant, so the text never depends on the machine.
pub const PARTS: usize = 4;

/// The types of part `part` of [`PARTS`]: consecutive, about equal shares.
fn part_range(len: usize, part: usize) -> std::ops::Range<usize> {
    let size = len.div_ceil(PARTS);
    (part * size).min(len)..((part + 1) * size).min(len)
}

/// Part `part` of `models.rs`: the types of no module, each behind its
/// features. The first part carries the module docs, the `use` lines and
/// the `mod` line of each module (its gate); formatted one after the
/// other, the parts are the whole file.
pub fn models_rs_part(api: &Api, info: &CrateInfo, part: usize) -> TokenStream {
    let types = &api.types;
    let range = part_range(types.defs.len(), part);
    let items = types.defs[range.clone()]
        .iter()
        .zip(range)
        .filter(|(_, id)| api.features.type_module(TypeId(*id)).is_none())
        .map(|(def, id)| {
            let cfg = cfg_attr(api.features.gate(TypeId(id)));
            type_def(def, types, &info.derives, &cfg)
        });
    if part > 0 {
        return quote! { #(#items)* };
    }
    let modules = api
        .features
        .modules
        .iter()
        .filter(|m| m.types)
        .map(|m| module_lines(m, true));
    let runtime = api.model_runtime();
    let uses = [
        (
            runtime.structs,
            quote! { use crate::json_struct::json_struct; },
        ),
        (
            runtime.string_enums,
            quote! { use crate::string_enum::string_enum; },
        ),
        (
            runtime.tagged_enums,
            quote! { use crate::tagged_enum::tagged_enum; },
        ),
        (
            runtime.untagged_enums,
            quote! { use crate::untagged_enum::untagged_enum; },
        ),
    ];
    let uses = uses
        .into_iter()
        .filter_map(|(used, line)| used.then_some(line));
    let syntax = runtime.structs.then(|| {
        quote! {
            //!
            //! Structs are defined with `json_struct!` (`src/json_struct.rs`): each
            //! field's `#[json("wire name", presence)]` gives its name on the wire and
            //! whether it may be absent (`optional…`) or `null` (`…nullable`).
        }
    });
    quote! {
        //! The API's data types: every schema of the spec, and every inline
        //! type its operations use.
        #syntax
        #(#uses)*
        #(#modules)*
        #(#items)*
    }
}

/// `src/models/{name}.rs`: the types that only the features of module
/// `module` compile, whose `mod` line in `models.rs` is their gate. They
/// name the other types through `models.rs` (`use super::*`), where those
/// are or are re-exported.
pub fn models_module(api: &Api, info: &CrateInfo, module: usize) -> TokenStream {
    let types = &api.types;
    // In `TypeId` order, as in `models.rs`.
    let items = api
        .features
        .type_modules
        .iter()
        .filter(|(_, m)| **m == module)
        .map(|(id, _)| type_def(types.get(*id), types, &info.derives, &TokenStream::new()));
    let features = feature_list(&api.features.modules[module].features);
    let doc = format!(" The types only the {features} feature compiles.");
    quote! {
        #![doc = #doc]
        use super::*;

        #(#items)*
    }
}

/// One named type; `cfg` gates each of its items (empty: every build).
fn type_def(def: &TypeDef, types: &TypeSpace, extra: &[String], cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(def.docs.as_deref());
    match &def.kind {
        TypeKind::Struct(s) => {
            let def = struct_def(&name, doc, s, types, extra);
            quote! { #cfg #def }
        }
        TypeKind::Enum(e) => enum_def(&name, doc, e, extra, cfg),
        TypeKind::Alias(target) => {
            let target = rust_type(target, types, Scope::Models);
            quote! { #doc #cfg pub type #name = #target; }
        }
        TypeKind::OneOf(one_of) => {
            let def = one_of_def(&name, doc, one_of, types, extra);
            quote! { #cfg #def }
        }
    }
}

/// The struct, in `json_struct!` (see the runtime's `json_struct.rs` for
/// why not `#[derive(Serialize, Deserialize)]`): each field's docs, then
/// `#[json("wire", presence)]`, then the field; the map of other
/// properties marked `#[json(..)]`.
fn struct_def(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    s: &Struct,
    types: &TypeSpace,
    extra: &[String],
) -> TokenStream {
    let fields = s.fields.iter().map(|field| {
        // A field the spec does not describe gets no doc line: "The `id`
        // field." would only repeat its name (`models` allows missing docs).
        let doc = docs(field.docs.as_deref());
        let field_name = ident(&field.name);
        let ty = rust_type(&field.ty, types, Scope::Models).with_presence(field.presence);
        let wire = &field.wire_name;
        let presence = ident(match field.presence {
            Presence::Required => "required",
            Presence::RequiredNullable => "required_nullable",
            Presence::Optional => "optional",
            Presence::OptionalNullable => "optional_nullable",
        });
        // Every field has its marker, though most could do without (with
        // serde's defaults: the Rust name on the wire, an `Option` optional):
        // the defaults cost the compiler a `stringify!` per use and a
        // dispatch on the type, 13–15 % more of GitHub's `cargo check`.
        quote! { #doc #[json(#wire, #presence)] pub #field_name: #ty, }
    });
    let additional = s.additional.as_ref().map(|a| {
        let field = ident(&a.name);
        let ty = rust_type(&a.ty, types, Scope::Models);
        // The macro gives it its doc line.
        quote! { #[json(..)] pub #field: std::collections::BTreeMap<String, #ty>, }
    });
    let derive = if s.default {
        derives(&["Clone", "Debug", "Default", "PartialEq"], extra)
    } else {
        derives(&["Clone", "Debug", "PartialEq"], extra)
    };
    quote! {
        json_struct! {
            #doc
            #derive
            pub struct #name { #(#fields)* #additional }
        }
    }
}

fn enum_def(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    e: &Enum,
    extra: &[String],
    cfg: &TokenStream,
) -> TokenStream {
    let derive = derives(&["Clone", "Debug", "PartialEq", "Eq", "Hash"], extra);
    let unknown = ident(&e.unknown_variant);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote! { #variant = #value, }
    });
    // The macro writes each variant's doc (its value), the catch-all's,
    // `as_str`, `From<&str>`, `Display` and serde.
    quote! {
        #cfg
        string_enum! {
            #doc
            #derive
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #[unknown]
                #unknown(String),
            }
        }
    }
}

fn one_of_def(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    one_of: &OneOf,
    types: &TypeSpace,
    extra: &[String],
) -> TokenStream {
    let derive = derives(&["Clone", "Debug", "PartialEq"], extra);
    let Some(discriminator) = &one_of.discriminator else {
        let variants = one_of.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let ty = rust_type(&v.ty, types, Scope::Models);
            let article = if v.name.starts_with(['A', 'E', 'I', 'O', 'U']) {
                "An"
            } else {
                "A"
            };
            let doc = format!(" {article} `{}`.", v.name);
            quote! { #[doc = #doc] #variant(#ty), }
        });
        return quote! {
            untagged_enum! {
                #doc
                #derive
                pub enum #name { #(#variants)* }
            }
        };
    };
    let unknown = ident(&discriminator.unknown_variant);
    let property = &discriminator.property;
    let variants = one_of.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = rust_type(&v.ty, types, Scope::Models);
        let values: Vec<&str> = if v.discriminator_values.is_empty() {
            vec![v.name.as_str()]
        } else {
            v.discriminator_values.iter().map(String::as_str).collect()
        };
        let doc = format!(" `{property}: {:?}`", values[0]);
        if has_property(&v.ty, types, property) {
            quote! { #[doc = #doc] #[tag(#(#values,)* in_model)] #variant(#ty), }
        } else {
            quote! { #[doc = #doc] #[tag(#(#values),*)] #variant(#ty), }
        }
    });
    quote! {
        tagged_enum! {
            #doc
            #[discriminator(#property)]
            #derive
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #[unknown]
                #unknown(serde_json::Value),
            }
        }
    }
}

/// Whether `ty` is a struct with a field for the property `wire_name`
/// (its value then writes the discriminator itself, or leaves it out).
fn has_property(ty: &TypeRef, types: &TypeSpace, wire_name: &str) -> bool {
    let mut ty = ty;
    for _ in 0..types.defs.len() {
        match ty {
            TypeRef::Box(inner) => ty = inner,
            TypeRef::Named(id) => match &types.get(*id).kind {
                TypeKind::Alias(target) => ty = target,
                TypeKind::Struct(s) => return s.fields.iter().any(|f| f.wire_name == wire_name),
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// `#[derive(...)]` with a model's own traits, then the user's extra ones
/// it does not have already.
fn derives(own: &[&str], extra: &[String]) -> TokenStream {
    let names = own
        .iter()
        .copied()
        .chain(
            extra
                .iter()
                .map(String::as_str)
                .filter(|e| !own.contains(e)),
        )
        .map(ident);
    quote! { #[derive(#(#names),*)] }
}
