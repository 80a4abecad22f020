//! Serde for enums chosen by a discriminator property (`oneOf` with a
//! `discriminator`): the property's value picks the variant; a value this
//! client does not know keeps the whole object in a catch-all variant.

/// Defines an enum whose variants each hold one object model, chosen by the
/// value of one property, and implements `Serialize` and `Deserialize` for
/// it. Each variant is written with its first value (added to the object
/// when the model does not carry the property itself) and read from any of
/// them; the last variant, marked `#[unknown]`, keeps any other object as
/// it came.
///
/// ```ignore
/// tagged_enum! {
///     /// A pet.
///     #[discriminator("petType")]
///     #[derive(Clone, Debug, PartialEq)]
///     pub enum Pet {
///         #[tag("cat")]
///         Cat(Cat),
///         #[tag("dog", "doggo")]
///         Dog(Dog),
///         #[unknown]
///         Unknown(serde_json::Value),
///     }
/// }
/// ```
macro_rules! tagged_enum {
    (
        $(#[doc = $doc:literal])*
        #[discriminator($tag:literal $(,)?)]
        $(#[$attr:meta])*
        pub enum $name:ident {
            $(
                $(#[doc = $variant_doc:literal])*
                #[tag($first:literal $(, $more:literal)* $(,)?)]
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
                        $crate::tagged_enum::with_tag(inner, $tag, $first, serializer)
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
                    None => Err(serde::de::Error::custom(concat!(
                        "expected an object with a string `", $tag, "` property"
                    ))),
                }
            }
        }
    };
}

pub(crate) use tagged_enum;

/// Serialises `inner` with `tag: value` added when it lacks the property.
pub(crate) fn with_tag<T, S>(
    inner: &T,
    tag: &str,
    value: &str,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: serde::Serialize,
    S: serde::Serializer,
{
    let mut json = serde_json::to_value(inner).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.entry(tag).or_insert_with(|| value.into());
    }
    serde::Serialize::serialize(&json, serializer)
}
