//! How a [`TypeRef`] is written in Rust: the one renderer behind the
//! emitter's tokens and the text `diff` reports (`Vec<Connection>`,
//! `Option<Option<String>>`). One walk over the type yields its pieces;
//! [`RustType`] prints them as text (`Display`) or as tokens (`ToTokens`).

use std::fmt;

use proc_macro2::{Punct, Spacing, TokenStream};
use quote::{ToTokens, TokenStreamExt};

use super::ident;
use crate::model::{Presence, TypeRef, TypeSpace};

/// Where a type is written: inside `models`, or elsewhere (`models::Name`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Models,
    Outside,
}

/// A type as the generated code writes it; see [`rust_type`].
#[derive(Clone, Copy)]
pub struct RustType<'a> {
    ty: &'a TypeRef,
    types: &'a TypeSpace,
    scope: Scope,
    presence: Presence,
}

/// The Rust type for `ty`, written in `scope`.
pub fn rust_type<'a>(ty: &'a TypeRef, types: &'a TypeSpace, scope: Scope) -> RustType<'a> {
    RustType {
        ty,
        types,
        scope,
        presence: Presence::Required,
    }
}

impl RustType<'_> {
    /// The type of a field with this presence: `T`, `Option<T>` or
    /// `Option<Option<T>>`.
    pub fn with_presence(self, presence: Presence) -> Self {
        RustType { presence, ..self }
    }

    fn walk<'s>(&'s self, out: &mut dyn FnMut(Piece<'s>)) {
        let options = match self.presence {
            Presence::Required => 0,
            Presence::RequiredNullable | Presence::Optional => 1,
            Presence::OptionalNullable => 2,
        };
        for _ in 0..options {
            out(Piece::Path("Option"));
            out(Piece::Open);
        }
        walk(self.ty, self.types, out);
        for _ in 0..options {
            out(Piece::Close);
        }
    }
}

/// One piece of a written type.
enum Piece<'a> {
    /// A path from the prelude or a dependency: `String`, `serde_json::Value`.
    Path(&'static str),
    /// A type of `models`, by name.
    Model(&'a str),
    Open,
    Comma,
    Close,
}

fn walk<'s>(ty: &'s TypeRef, types: &'s TypeSpace, out: &mut dyn FnMut(Piece<'s>)) {
    let generic = |path, args: &[&'s TypeRef], out: &mut dyn FnMut(Piece<'s>)| {
        out(Piece::Path(path));
        out(Piece::Open);
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                out(Piece::Comma);
            }
            walk(arg, types, out);
        }
        out(Piece::Close);
    };
    match ty {
        TypeRef::Named(id) => out(Piece::Model(&types.get(*id).name)),
        TypeRef::String => out(Piece::Path("String")),
        TypeRef::Bool => out(Piece::Path("bool")),
        TypeRef::I32 => out(Piece::Path("i32")),
        TypeRef::I64 => out(Piece::Path("i64")),
        TypeRef::U32 => out(Piece::Path("u32")),
        TypeRef::U64 => out(Piece::Path("u64")),
        TypeRef::F32 => out(Piece::Path("f32")),
        TypeRef::F64 => out(Piece::Path("f64")),
        TypeRef::Json => out(Piece::Path("serde_json::Value")),
        TypeRef::File => out(Piece::Path("crate::File")),
        TypeRef::JsonObject => {
            out(Piece::Path("serde_json::Map"));
            out(Piece::Open);
            out(Piece::Path("String"));
            out(Piece::Comma);
            out(Piece::Path("serde_json::Value"));
            out(Piece::Close);
        }
        TypeRef::Vec(item) => generic("Vec", &[item], out),
        TypeRef::Box(inner) => generic("Box", &[inner], out),
        TypeRef::Map(value) => {
            out(Piece::Path("std::collections::BTreeMap"));
            out(Piece::Open);
            out(Piece::Path("String"));
            out(Piece::Comma);
            walk(value, types, out);
            out(Piece::Close);
        }
    }
}

impl fmt::Display for RustType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        self.walk(&mut |piece| {
            if result.is_err() {
                return;
            }
            result = match piece {
                Piece::Path(path) => f.write_str(path),
                Piece::Model(name) if self.scope == Scope::Outside => write!(f, "models::{name}"),
                Piece::Model(name) => f.write_str(name),
                Piece::Open => f.write_str("<"),
                Piece::Comma => f.write_str(", "),
                Piece::Close => f.write_str(">"),
            };
        });
        result
    }
}

impl ToTokens for RustType<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let path_separator = |tokens: &mut TokenStream| {
            tokens.append(Punct::new(':', Spacing::Joint));
            tokens.append(Punct::new(':', Spacing::Alone));
        };
        self.walk(&mut |piece| match piece {
            Piece::Path(path) => {
                for (i, segment) in path.split("::").enumerate() {
                    if i > 0 {
                        path_separator(tokens);
                    }
                    tokens.append(ident(segment));
                }
            }
            Piece::Model(name) => {
                if self.scope == Scope::Outside {
                    tokens.append(ident("models"));
                    path_separator(tokens);
                }
                tokens.append(ident(name));
            }
            Piece::Open => tokens.append(Punct::new('<', Spacing::Alone)),
            Piece::Comma => tokens.append(Punct::new(',', Spacing::Alone)),
            Piece::Close => tokens.append(Punct::new('>', Spacing::Alone)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TypeDef, TypeId, TypeKind};

    fn space() -> TypeSpace {
        let mut space = TypeSpace::default();
        space.defs.push(TypeDef {
            name: "Connection".to_owned(),
            docs: None,
            kind: TypeKind::Alias(TypeRef::String),
        });
        space
    }

    #[test]
    fn text_and_tokens_say_the_same() {
        let types = space();
        let map = TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::Named(TypeId(0))))));
        let cases = [
            (rust_type(&TypeRef::String, &types, Scope::Models), "String"),
            (
                rust_type(&map, &types, Scope::Outside).with_presence(Presence::OptionalNullable),
                "Option<Option<std::collections::BTreeMap<String, Vec<models::Connection>>>>",
            ),
            (
                rust_type(&TypeRef::JsonObject, &types, Scope::Models)
                    .with_presence(Presence::Optional),
                "Option<serde_json::Map<String, serde_json::Value>>",
            ),
        ];
        for (ty, text) in cases {
            assert_eq!(ty.to_string(), text);
            let parsed: syn::Type = syn::parse2(ty.to_token_stream()).unwrap();
            let expected: syn::Type = syn::parse_str(text).unwrap();
            assert_eq!(
                parsed.to_token_stream().to_string(),
                expected.to_token_stream().to_string()
            );
        }
    }
}
