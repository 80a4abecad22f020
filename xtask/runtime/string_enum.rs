//! What every string enum in `models` shares: `Display` and serde through
//! the wire text, with values this version does not know kept as they came.

/// Implements `Display`, `Serialize` and `Deserialize` for an enum from its
/// `as_str` and `From<&str>`.
macro_rules! string_enum {
    ($name:ident) => {
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

pub(crate) use string_enum;

/// Decodes a string enum from a borrowed string: no allocation for the
/// values the enum knows.
pub(crate) struct Visitor<T>(pub(crate) std::marker::PhantomData<T>);

impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for Visitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}
