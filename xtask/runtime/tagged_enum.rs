//! Serde for enums chosen by a discriminator property (`oneOf` with a
//! `discriminator`): the property's value picks the variant; a value this
//! client does not know keeps the whole object in a catch-all variant.

/// Defines an enum whose variants each hold one object model, chosen by the
/// value of one property, and implements `Serialize` and `Deserialize` for
/// it.
///
/// - Reading: the property's value picks the variant (any of its values);
///   another value keeps the object as it came in the last variant, marked
///   `#[unknown]`. An object without the property (a discriminator only
///   says which variant a value is, it does not make the property
///   required) is read as an untagged enum is: the variant that keeps the
///   most of it, else `#[unknown]`.
/// - Writing: a variant is written as its model writes it when the model
///   has the property (`in_model`: then an absent optional property stays
///   absent), else with its first value added.
///
/// ```ignore
/// tagged_enum! {
///     /// A pet.
///     #[discriminator("petType")]
///     #[derive(Clone, Debug, PartialEq)]
///     pub enum Pet {
///         #[tag("cat", in_model)]
///         Cat(Cat),
///         #[tag("dog", "doggo")]
///         Dog(Dog),
///         #[unknown]
///         Unknown(serde_json::Value),
///     }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! tagged_enum {
    (@added) => { true };
    (@added in_model) => { false };
    (
        $(#[doc = $doc:literal])*
        #[discriminator($tag:literal $(,)?)]
        $(#[$attr:meta])*
        pub enum $name:ident {
            $(
                $(#[doc = $variant_doc:literal])*
                #[tag($first:literal $(, $more:literal)* $(, $in_model:ident)?)]
                $variant:ident($ty:ty $(,)?),
            )*
            #[unknown]
            $other:ident(serde_json::Value $(,)?) $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $(#[$attr])*
        // The alternatives' sizes are the document's: boxing the large ones
        // would cost every value an allocation to please a lint.
        #[allow(clippy::large_enum_variant)]
        pub enum $name {
            $(
                $(#[doc = $variant_doc])*
                $variant($ty),
            )*
            #[doc = concat!(
                " An object whose `", $tag, "` this version of the client does not know\n",
                " (the server may add kinds at any time), kept as it came."
            )]
            $other(serde_json::Value),
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(inner) => {
                        let added = $crate::tagged_enum::tagged_enum!(@added $($in_model)?);
                        $crate::tagged_enum::with_tag(inner, $tag, $first, added, serializer)
                    })*
                    Self::$other(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value: serde_json::Value = serde::Deserialize::deserialize(deserializer)?;
                let tag = value.get($tag).and_then(serde_json::Value::as_str);
                match tag {
                    $(Some($first $(| $more)*) => {
                        serde_json::from_value(value).map(Self::$variant).map_err(serde::de::Error::custom)
                    })*
                    Some(_) => Ok(Self::$other(value)),
                    None if !value.is_object() => Err(serde::de::Error::custom(concat!(
                        "expected an object with a string `", $tag, "` property"
                    ))),
                    None => {
                        let mut best: Option<(usize, Self)> = None;
                        $(if let Ok(inner) = <$ty as serde::Deserialize>::deserialize(&value) {
                            let candidate = Self::$variant(inner);
                            let lost = $crate::lossless::lost(&value, &candidate);
                            if best.as_ref().is_none_or(|(fewest, _)| lost < *fewest) {
                                best = Some((lost, candidate));
                            }
                        })*
                        Ok(best.map_or(Self::$other(value), |(_, candidate)| candidate))
                    }
                }
            }
        }
    };
}

pub use crate::tagged_enum;

/// Serialises `inner`, with `tag: value` added when `added` and it lacks
/// the property.
pub fn with_tag<T, S>(
    inner: &T,
    tag: &str,
    value: &str,
    added: bool,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: serde::Serialize,
    S: serde::Serializer,
{
    if !added {
        return inner.serialize(serializer);
    }
    let mut json = serde_json::to_value(inner).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.entry(tag).or_insert_with(|| value.into());
    }
    serde::Serialize::serialize(&json, serializer)
}
