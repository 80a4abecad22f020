//! The structs of an operation's optional parameters: each field says
//! where it goes on the wire beside its type, and `params!` writes the
//! struct, a setter per field and what adds them to the request.
//!
//! Written out, each parameter was a field, a setter and an `if let` in
//! its operation's method: nine lines of which one said anything. GitHub's
//! API has a thousand optional parameters.

// A crate uses only what its parameters need: `FromNumber` only for
// `number` parameters, `setter!` not at all when the only optional thing
// is a body.
#![allow(dead_code, unused_imports, unused_macros)]

use crate::request::{Number, Request};

/// Defines the struct of an operation's optional parameters: each field an
/// `Option`, with its place and wire name in a `#[param(adder, "wire")]`
/// marker after its docs (`adder` is the [`Request`] method that adds it:
/// `query`, `query_each`, `header`…); an optional request body last,
/// marked `#[body]` before its docs (where a macro can tell it from a
/// parameter). Writes `Default` and the other traits every such struct has,
/// a setter per field (taking `impl Into<T>`; with `exact`, `T` itself;
/// with `number`, any Rust number) and the [`Params`] impl.
///
/// ```ignore
/// params! {
///     /// The optional parameters of [`Client::list_pets`].
///     pub struct ListPetsParams {
///         /// How many to return.
///         #[param(query, "limit")] pub limit: Option<i64>,
///         #[param(query_each, "tags", exact)] pub tags: Option<Vec<String>>,
///     }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! params {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            $(
                $(#[doc = $field_doc:literal])*
                #[param($adder:ident, $wire:literal $(, $kind:ident)?)]
                pub $field:ident: Option<$ty:ty>,
            )*
            $(
                #[body]
                $(#[doc = $body_doc:literal])*
                pub body: Option<$body:ty>,
            )?
        }
    ) => {
        $(#[doc = $doc])*
        ///
        /// Start from `Default::default()` and set what you need:
        /// new optional parameters may be added in later versions.
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[doc = $field_doc])*
                pub $field: Option<$ty>,
            )*
            $(
                $(#[doc = $body_doc])*
                pub body: Option<$body>,
            )?
        }

        impl $name {
            $($crate::params::setter!($field, $wire, $ty $(, $kind)?);)*
            $(
                /// Sets the request body.
                pub fn body(mut self, value: $body) -> Self {
                    self.body = Some(value);
                    self
                }
            )?
        }

        impl $crate::params::Params for $name {
            #[allow(unused_variables)]
            fn add_to(&self, request: &mut $crate::request::Request<'_>) {
                $(
                    if let Some(value) = &self.$field {
                        request.$adder($wire, value);
                    }
                )*
            }
        }
    };
}

/// One field's setter: `impl Into<T>` (so `"active"` or `10` do), `T`
/// itself with `exact` (a list: `vec!["a".into()]` infers), any Rust
/// number with `number` (a `number` parameter: `.limit(10usize)`).
#[doc(hidden)]
#[macro_export]
macro_rules! setter {
    ($field:ident, $wire:literal, $ty:ty) => {
        #[doc = concat!(" Sets the `", $wire, "` parameter.")]
        pub fn $field(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    ($field:ident, $wire:literal, $ty:ty, exact) => {
        #[doc = concat!(" Sets the `", $wire, "` parameter.")]
        pub fn $field(mut self, value: $ty) -> Self {
            self.$field = Some(value);
            self
        }
    };
    ($field:ident, $wire:literal, $ty:ty, number) => {
        #[doc = concat!(" Sets the `", $wire, "` parameter.")]
        pub fn $field(mut self, value: impl $crate::Number) -> Self {
            self.$field = Some(<$ty as $crate::params::FromNumber>::from_number(value));
            self
        }
    };
}

pub use crate::{params, setter};

/// A struct of optional parameters, which adds the ones that are set to a
/// request (the body is the operation's to send).
pub trait Params {
    fn add_to(&self, request: &mut Request<'_>);
}

impl Request<'_> {
    /// Adds every optional parameter that is set.
    pub fn params(&mut self, params: &impl Params) {
        params.add_to(self);
    }
}

/// The float types of `number` parameters, from any Rust number.
pub trait FromNumber {
    fn from_number(value: impl Number) -> Self;
}

impl FromNumber for f64 {
    fn from_number(value: impl Number) -> Self {
        value.to_f64()
    }
}

impl FromNumber for f32 {
    #[allow(clippy::cast_possible_truncation)]
    fn from_number(value: impl Number) -> Self {
        value.to_f64() as f32
    }
}
