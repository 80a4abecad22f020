//! `src/models.rs`: one Rust item per named type.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, docs, ident, presence_tokens, type_tokens};
use crate::model::{Api, Enum, Field, OneOf, Presence, Struct, TypeDef, TypeKind, TypeSpace};
use crate::naming::serde_camel_case;

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
    let has_enums = api.has_enums();
    let uses_serde = types.defs.iter().any(|d| match &d.kind {
        TypeKind::Struct(_) => true,
        TypeKind::OneOf(o) => o.tag.is_none(),
        _ => false,
    });
    let serde_use = uses_serde.then(|| quote! { use serde::{Deserialize, Serialize}; });
    let enum_use = has_enums.then(|| quote! { use crate::string_enum::string_enum; });
    let tagged_use = api
        .has_tagged_enums()
        .then(|| quote! { use crate::tagged_enum::tagged_enum; });
    quote! {
        //! The API's data types: every schema of the spec, and every inline
        //! type its operations use.
        #serde_use

        #enum_use
        #tagged_use
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

/// Whether `rename_all = "camelCase"` leaves fewer per-field renames than
/// none (it does for the usual camelCase API).
fn use_camel_case(fields: &[Field]) -> bool {
    let plain = |f: &&Field| f.name.strip_prefix("r#").unwrap_or(&f.name) != f.wire_name;
    let camel = |f: &&Field| serde_camel_case(&f.name) != f.wire_name;
    fields.iter().filter(camel).count() < fields.iter().filter(plain).count()
}

fn struct_def(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    s: &Struct,
    types: &TypeSpace,
) -> TokenStream {
    let camel = use_camel_case(&s.fields);
    let rename_all = camel.then(|| quote! { #[serde(rename_all = "camelCase")] });
    let fields = s.fields.iter().map(|field| {
        // A field the spec does not describe gets no doc line: "The `id`
        // field." would only repeat its name (`models` allows missing docs).
        let doc = docs(field.docs.as_deref());
        let field_name = ident(&field.name);
        let serde_name = if camel { serde_camel_case(&field.name) } else { field.name.trim_start_matches("r#").to_owned() };
        let wire = &field.wire_name;
        let rename = (serde_name != *wire).then(|| quote! { #[serde(rename = #wire)] });
        let presence = match field.presence {
            Presence::Required | Presence::RequiredNullable => None,
            Presence::Optional => Some(quote! { #[serde(default, skip_serializing_if = "Option::is_none")] }),
            Presence::OptionalNullable => Some(quote! {
                #[serde(default, skip_serializing_if = "Option::is_none", with = "serde_with::rust::double_option")]
            }),
        };
        let ty = presence_tokens(type_tokens(&field.ty, types, Scope::Models), field.presence);
        quote! { #doc #rename #presence pub #field_name: #ty, }
    });
    let additional = s.additional.as_ref().map(|a| {
        let field = ident(&a.name);
        let ty = type_tokens(&a.ty, types, Scope::Models);
        quote! {
            /// The properties besides those above.
            #[serde(flatten)]
            pub #field: std::collections::BTreeMap<String, #ty>,
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #rename_all
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
        return quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            pub enum #name { #(#variants)* }
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
