//! Serde for enums of alternatives with no discriminator (`oneOf`/`anyOf`
//! without one): the first variant whose type reads the value wins.

/// Defines an enum whose variants each hold one value, and implements
/// `Serialize` and `Deserialize` for it. A variant is written as its
/// value; reading buffers the value once and tries the variants in order,
/// as serde's `#[serde(untagged)]` does, with a much smaller expansion.
/// A variant's type may end in a comma: the formatter writes one when it
/// wraps a long variant over several lines.
///
/// ```ignore
/// untagged_enum! {
///     /// An id or a name.
///     #[derive(Clone, Debug, PartialEq)]
///     pub enum IdOrName {
///         Integer(i64),
///         String(String),
///     }
/// }
/// ```
macro_rules! untagged_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident($ty:ty $(,)?),
            )*
        }
    ) => {
        $(#[$attr])*
        // The alternatives' sizes are the document's: boxing the large ones
        // would cost every value an allocation to please a lint.
        #[allow(clippy::large_enum_variant)]
        pub enum $name {
            $(
                $(#[$variant_attr])*
                $variant($ty),
            )*
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                $(if let Ok(inner) = ::serde::Deserialize::deserialize(&value) {
                    return Ok(Self::$variant(inner));
                })*
                Err(::serde::de::Error::custom(concat!(
                    "data did not match any variant of ",
                    stringify!($name)
                )))
            }
        }
    };
}

pub(crate) use untagged_enum;
