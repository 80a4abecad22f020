//! Serde for the object models: each field says its wire name and
//! presence beside its type, and `json_struct!` writes the struct and its
//! `Serialize` and `Deserialize`.
//!
//! `#[derive(Serialize, Deserialize)]` would do the same, but for an API
//! of thousands of models its output (a field enum, a sequence visitor, a
//! wrapper type for every field read through `with`) is most of what the
//! compiler checks; this expansion is a fraction of it. Behaviour is
//! serde's: unknown properties are skipped, a duplicate or missing
//! required property is an error naming it, and `null` is read into an
//! `Option` field as `None` (into an optional nullable field as
//! `Some(None)`, so "absent" and "null" stay apart). One difference: a
//! model reads only from an object (a map), not from a sequence as the
//! derive also allows; JSON APIs send objects, and formats that encode
//! structs as sequences (bincode) were never supported by the models.

// The small generic functions below are `#[inline]`: that lets the
// optimiser fold them into each model's loop even when it puts the model
// and them in different codegen units, as it does for serde's derive.
// Without it every key and field paid a call: 4 % of the instructions of
// a whole `list_connections` call (callgrind, BENCHMARKS.md). `cargo
// check` and debug builds are unaffected.

// A crate uses only the presences (and `Key::into_string`) its models
// need; the others, and what they re-export, go unused there.
#![allow(dead_code, unused_imports)]

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

/// Defines a struct whose fields each say their wire name and presence
/// (one of the modules below) in a `#[json("wire", presence)]` marker
/// after their docs, on the field's line where it fits; implements
/// `Serialize` and `Deserialize` for it. A last
/// field marked `#[json(..)]`, a `BTreeMap<String, T>`, keeps the
/// properties no other field names.
///
/// ```ignore
/// json_struct! {
///     /// A pet.
///     #[derive(Clone, Debug, PartialEq)]
///     pub struct Pet {
///         /// Its name.
///         #[json("name", required)] pub name: String,
///         #[json("tag", optional)] pub tag: Option<String>,
///     }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! json_struct {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                #[json($wire:literal, $presence:ident $(,)?)]
                $(#[$field_attr:meta])*
                pub $field:ident: $ty:ty,
            )*
            $(
                #[json(..)]
                pub $rest:ident: $rest_ty:ty,
            )?
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            $(
                $(#[doc = $doc])*
                $(#[$field_attr])*
                pub $field: $ty,
            )*
            $(
                /// The properties besides those above.
                pub $rest: $rest_ty,
            )?
        }

        impl ::serde::Serialize for $name {
            #[inline]
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut writer = $crate::json_struct::Writer::new(serializer)?;
                $($crate::json_struct::$presence::write(&mut writer, $wire, &self.$field);)*
                $(writer.rest(&self.$rest);)?
                writer.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::json_struct::deserialize(deserializer)
            }
        }

        impl $crate::json_struct::Object for $name {
            const NAME: &'static str = stringify!($name);

            // `match` rather than `?`: the same code, but no `Try`/`From`
            // obligations per field for the compiler to solve.
            #[allow(unused_mut, clippy::match_single_binding, clippy::question_mark)]
            #[inline]
            fn read<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::core::result::Result<Self, A::Error> {
                $(let mut $field: ::core::option::Option<$ty> = None;)*
                $(let mut $rest: $rest_ty = ::core::default::Default::default();)?
                while let Some(key) = map.next_key::<$crate::json_struct::Key<'de>>()? {
                    let read = match key.as_str() {
                        $($wire => $crate::json_struct::$presence::read(&mut $field, $wire, &mut map),)*
                        _ => $crate::json_struct::other!(map, key $(, $rest)?),
                    };
                    if let Err(error) = read {
                        return Err(error);
                    }
                }
                Ok($name {
                    $($field: match $crate::json_struct::$presence::finish($field, $wire) {
                        Ok(value) => value,
                        Err(error) => return Err(error),
                    },)*
                    $($rest,)?
                })
            }
        }
    };
}

/// What happens to a property no field names: skipped, or kept in the
/// struct's map of other properties.
#[doc(hidden)]
#[macro_export]
macro_rules! other {
    ($map:ident, $key:ident) => {
        $map.next_value::<::serde::de::IgnoredAny>().map(drop)
    };
    ($map:ident, $key:ident, $rest:ident) => {
        $map.next_value().map(|value| {
            $rest.insert($key.into_string(), value);
        })
    };
}

pub use crate::{json_struct, other};

/// A struct `json_struct!` reads from a JSON object, one property at a time.
pub trait Object: Sized {
    /// The struct's name, for "expected an object (Name)".
    const NAME: &'static str;

    /// Reads the struct from the properties of an object.
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` for every [`Object`]: one visitor for all.
#[inline]
pub fn deserialize<'de, T: Object, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// An object key, borrowed from the input where it can be: matching a
/// field's name allocates nothing.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> de::Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    #[inline]
    fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

/// Writes an object's properties one call per field and keeps the first
/// error, so that the code per field is a single call.
pub struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    pub fn new<S>(serializer: S) -> Result<Self, S::Error>
    where
        S: serde::Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>,
    {
        Ok(Writer {
            map: serializer.serialize_map(None)?,
            error: None,
        })
    }

    #[inline]
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(key, value) {
                self.error = Some(error);
            }
        }
    }

    pub fn rest<T: Serialize>(&mut self, rest: &std::collections::BTreeMap<String, T>) {
        for (key, value) in rest {
            self.entry(key, value);
        }
    }

    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// Reads a field's value into its slot; a second one is an error, as with
/// serde's derive.
#[inline]
pub fn read_into<'de, T, A>(
    slot: &mut Option<T>,
    wire: &'static str,
    map: &mut A,
) -> Result<(), A::Error>
where
    T: Deserialize<'de>,
    A: MapAccess<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

// Each presence below is what `json_struct!` calls for a field of that
// kind: `read` (into the field's `Option<T>` slot), `finish` (the slot to
// the field's value) and `write`. Where two presences share one, it is
// re-exported rather than written again.

/// A field that must be present and is never `null`: `T`.
pub mod required {
    use super::*;

    pub use super::read_into as read;

    #[inline]
    pub fn finish<T, E: de::Error>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
        slot.ok_or_else(|| E::missing_field(wire))
    }

    #[inline]
    pub fn write<M: SerializeMap, T: Serialize>(w: &mut Writer<M>, wire: &str, value: &T) {
        w.entry(wire, value);
    }
}

/// A field that must be present but may be `null`: `Option<T>`, always
/// written (`None` as `null`). Absent reads as `None`, as with serde.
pub mod required_nullable {
    pub use super::optional::finish;
    pub use super::read_into as read;
    pub use super::required::write;
}

/// A field that may be absent: `Option<T>`, not written when `None`.
/// `null` reads as `None`.
pub mod optional {
    use super::*;

    pub use super::read_into as read;

    #[inline]
    pub fn finish<T, E>(slot: Option<Option<T>>, _: &'static str) -> Result<Option<T>, E> {
        Ok(slot.flatten())
    }

    #[inline]
    pub fn write<M: SerializeMap, T: Serialize>(w: &mut Writer<M>, wire: &str, value: &Option<T>) {
        if let Some(value) = value {
            w.entry(wire, value);
        }
    }
}

/// A field that may be absent or `null`: `Option<Option<T>>`, with `None`
/// for absent (not written) and `Some(None)` for `null`.
pub mod optional_nullable {
    use super::*;

    pub use super::optional::write;

    /// Reads the inner `Option<T>` (so `null` is `None`) and keeps it as
    /// present: `Some(None)`.
    #[inline]
    pub fn read<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
        slot: &mut Option<Option<Option<T>>>,
        wire: &'static str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(wire));
        }
        *slot = Some(Some(map.next_value()?));
        Ok(())
    }

    #[inline]
    pub fn finish<T, E>(
        slot: Option<Option<Option<T>>>,
        _: &'static str,
    ) -> Result<Option<Option<T>>, E> {
        Ok(slot.flatten())
    }
}
