//! The string enums of `models`: each value a variant, with values this
//! version does not know kept as they came.

/// Defines an open enum of string values and implements `as_str`,
/// `From<&str>`, `Display`, `Serialize` and `Deserialize` for it. Each
/// variant is given with its text on the wire; the last, marked
/// `#[unknown]`, keeps any other text.
///
/// ```ignore
/// string_enum! {
///     /// A status.
///     #[derive(Clone, Debug, PartialEq, Eq, Hash)]
///     #[non_exhaustive]
///     pub enum Status {
///         Active = "active",
///         Expired = "expired",
///         #[unknown]
///         Unknown(String),
///     }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $($variant:ident = $value:literal,)*
            #[unknown]
            $unknown:ident(String) $(,)?
        }
    ) => {
        $(#[$attr])*
        pub enum $name {
            $(
                // A double backtick span, so that a value with a backtick
                // still reads as code.
                #[doc = concat!("`` ", $value, " ``")]
                $variant,
            )*
            /// A value this version of the client does not know (the server
            /// may add values at any time), kept as it came.
            $unknown(String),
        }

        impl $name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$unknown(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$unknown(other.to_owned()),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                deserializer
                    .deserialize_str($crate::string_enum::Visitor(::core::marker::PhantomData))
            }
        }
    };
}

pub use crate::string_enum;

/// Decodes a string enum from a borrowed string: no allocation for the
/// values the enum knows.
pub struct Visitor<T>(pub std::marker::PhantomData<T>);

impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for Visitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}
