//! Serde for enums of alternatives with no discriminator (`oneOf`/`anyOf`
//! without one): of the variants whose type reads the value, the one that
//! keeps the most of it wins.

/// Defines an enum whose variants each hold one value, and implements
/// `Serialize` and `Deserialize` for it. A variant is written as its
/// value. Reading buffers the value once and tries the variants in order,
/// like serde's `#[serde(untagged)]`, but does not stop at the first that
/// reads it: models skip properties they do not know, so an early variant
/// with few fields would read an object meant for a later, richer one and
/// lose the rest. The variant that keeps every property wins at once;
/// else the one that drops the fewest (`lossless::lost`), the first on a
/// tie.
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
#[doc(hidden)]
#[macro_export]
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
                let mut best: ::core::option::Option<(usize, Self)> = None;
                $(if let Ok(inner) = <$ty as ::serde::Deserialize>::deserialize(&value) {
                    let candidate = Self::$variant(inner);
                    let lost = $crate::lossless::lost(&value, &candidate);
                    if lost == 0 {
                        return Ok(candidate);
                    }
                    if best.as_ref().is_none_or(|(fewest, _)| lost < *fewest) {
                        best = Some((lost, candidate));
                    }
                })*
                match best {
                    Some((_, candidate)) => Ok(candidate),
                    None => Err(::serde::de::Error::custom(concat!(
                        "data did not match any variant of ",
                        stringify!($name)
                    ))),
                }
            }
        }
    };
}

pub use crate::untagged_enum;
