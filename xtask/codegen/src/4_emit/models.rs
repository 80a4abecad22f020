//! `src/models.rs`: one Rust item per named type.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, docs, ident, presence_tokens, type_tokens};
use crate::model::{Api, Enum, OneOf, Presence, Struct, TypeDef, TypeKind, TypeSpace};

/// How many parts `models.rs` is emitted and formatted in (in parallel).
/// A constant, so the text never depends on the machine.
pub const PARTS: usize = 4;

/// The types of part `part` of [`PARTS`]: consecutive, about equal shares.
fn part_range(len: usize, part: usize) -> std::ops::Range<usize> {
    let size = len.div_ceil(PARTS);
    (part * size).min(len)..((part + 1) * size).min(len)
}

/// Part `part` of `models.rs`: the first carries the module docs and `use`
/// lines; formatted one after the other, the parts are the whole file.
pub fn models_rs_part(api: &Api, part: usize) -> TokenStream {
    let types = &api.types;
    let items = types.defs[part_range(types.defs.len(), part)]
        .iter()
        .map(|def| type_def(def, types));
    if part > 0 {
        return quote! { #(#items)* };
    }
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
    quote! {
        //! The API's data types: every schema of the spec, and every inline
        //! type its operations use.
        #(#uses)*
        #(#items)*
    }
}

fn type_def(def: &TypeDef, types: &TypeSpace) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(def.docs.as_deref());
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&name, doc, s, types),
        TypeKind::Enum(e) => enum_def(&name, doc, e),
        TypeKind::Alias(target) => {
            let target = type_tokens(target, types, Scope::Models);
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::OneOf(one_of) => one_of_def(&name, doc, one_of, types),
    }
}

/// The struct, in `json_struct!` (see the runtime's `json_struct.rs` for
/// why not `#[derive(Serialize, Deserialize)]`). It is emitted as a plain
/// struct with a `#[json_struct]` marker and a `#[json("wire", presence)]`
/// marker on each field, which prettyplease formats like any struct; the
/// format stage then writes it as the macro call
/// (`format::wrap_json_structs`).
fn struct_def(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    s: &Struct,
    types: &TypeSpace,
) -> TokenStream {
    let fields = s.fields.iter().map(|field| {
        // A field the spec does not describe gets no doc line: "The `id`
        // field." would only repeat its name (`models` allows missing docs).
        let doc = docs(field.docs.as_deref());
        let field_name = ident(&field.name);
        let ty = presence_tokens(type_tokens(&field.ty, types, Scope::Models), field.presence);
        let wire = &field.wire_name;
        let presence = ident(match field.presence {
            Presence::Required => "required",
            Presence::RequiredNullable => "required_nullable",
            Presence::Optional => "optional",
            Presence::OptionalNullable => "optional_nullable",
        });
        quote! { #doc #[json(#wire, #presence)] pub #field_name: #ty, }
    });
    let additional = s.additional.as_ref().map(|a| {
        let field = ident(&a.name);
        let ty = type_tokens(&a.ty, types, Scope::Models);
        // The macro gives it its doc line.
        quote! { #[json(..)] pub #field: std::collections::BTreeMap<String, #ty>, }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[json_struct]
        pub struct #name { #(#fields)* #additional }
    }
}

fn enum_def(name: &proc_macro2::Ident, doc: TokenStream, e: &Enum) -> TokenStream {
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = format!(" `{}`", v.value.replace('`', "'"));
        quote! { #[doc = #doc] #variant, }
    });
    let as_str = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote! { Self::#variant => #value, }
    });
    let from_str = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote! { #value => Self::#variant, }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know (the server
            /// may add values at any time), kept as it came.
            #other(String),
        }

        impl #name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#other(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        string_enum!(#name);
    }
}

fn one_of_def(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    one_of: &OneOf,
    types: &TypeSpace,
) -> TokenStream {
    let variants = one_of.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = type_tokens(&v.ty, types, Scope::Models);
        let doc = match (&one_of.tag, v.tags.as_slice()) {
            (Some(tag), [first, ..]) => format!(" `{}: {first:?}`", tag.property),
            _ => format!(" A `{}`.", v.name),
        };
        quote! { #[doc = #doc] #variant(#ty), }
    });
    let Some(tag) = &one_of.tag else {
        let names = one_of.variants.iter().map(|v| ident(&v.name));
        return quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            pub enum #name { #(#variants)* }

            untagged_enum!(#name { #(#names),* });
        };
    };
    let other = ident(&tag.other);
    let property = &tag.property;
    let arms = one_of.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let (first, more) = v
            .tags
            .split_first()
            .map_or((v.name.as_str(), &[][..]), |(f, m)| (f.as_str(), m));
        quote! { #variant => #first #(| #more)* }
    });
    let other_doc = format!(
        " An object whose `{property}` this version of the client does not know\n (the server may add kinds at any time), kept as it came."
    );
    let other_doc = other_doc.lines().map(str::to_owned);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
            #( #[doc = #other_doc] )*
            #other(serde_json::Value),
        }

        tagged_enum!(#name, #property, #other, { #(#arms),* });
    }
}
