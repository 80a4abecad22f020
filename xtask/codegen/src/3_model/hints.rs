//! Naming hints: where a schema sits, so that what it defines can be named
//! after its context (`ListConnectionsResponse`, `ConnectionUserData`).

use heck::ToUpperCamelCase;

use super::TypeId;
use crate::naming;

/// Property names that say "the list itself" rather than what is in it; the
/// items of such a list are named after the resource instead.
const CONTAINER_WORDS: &[&str] = &[
    "list", "data", "items", "results", "records", "entries", "values", "rows", "elements", "nodes",
];

/// Where a schema sits, for naming what it defines.
#[derive(Clone, Debug, Default)]
pub struct Hint {
    /// Candidate type names, most preferred first.
    pub names: Vec<String>,
    /// A component's pre-registered id: the schema defines exactly this type.
    pub(super) reserved: Option<TypeId>,
    /// The resource the operation is about (`Connection` for
    /// `/v2/account/connections`), for naming list items.
    pub resource: Option<String>,
    /// Whether this schema is a list whose items are the resource itself.
    pub(super) resource_list: bool,
    /// What the type is, for its doc comment when the schema has no description.
    pub origin: Option<String>,
    /// Whether `format: binary` means a file here: inside a
    /// `multipart/form-data` body. Derived hints keep it.
    pub files: bool,
}

impl Hint {
    /// A top-level schema (a parameter or a body). `resource_list` says
    /// whether, when it is a list, its items are the operation's resource.
    pub fn new(name: String, resource: Option<String>, resource_list: bool) -> Self {
        Hint {
            names: vec![name],
            reserved: None,
            resource,
            resource_list,
            origin: None,
            files: false,
        }
    }

    /// Makes `format: binary` a file in what this hint converts (a
    /// `multipart/form-data` body).
    pub fn files(mut self, files: bool) -> Self {
        self.files = files;
        self
    }

    /// Sets the fallback doc comment.
    pub fn origin(mut self, origin: String) -> Self {
        self.origin = Some(origin);
        self
    }

    pub(super) fn property(&self, parent: &str, property: &str) -> Hint {
        let generic = CONTAINER_WORDS.contains(&property.to_ascii_lowercase().as_str());
        Hint {
            names: vec![format!("{parent}{}", naming::type_name(property, "Field"))],
            reserved: None,
            resource: self.resource.clone(),
            resource_list: generic,
            origin: Some(format!("The `{property}` field of [`{parent}`].")),
            files: self.files,
        }
    }

    pub(super) fn items(&self) -> Hint {
        let mut names = Vec::new();
        if self.resource_list {
            names.extend(self.resource.clone());
        }
        for name in &self.names {
            let singular = naming::singular(name);
            if singular != *name {
                names.push(singular);
            }
        }
        names.extend(self.names.iter().map(|n| format!("{n}Item")));
        let origin = self
            .origin
            .as_ref()
            .map(|o| format!("An item of {}", lowercase_first(o)));
        Hint {
            names,
            reserved: None,
            resource: self.resource.clone(),
            resource_list: false,
            origin,
            files: self.files,
        }
    }

    pub(super) fn variant(&self, index: usize) -> Hint {
        Hint {
            names: self
                .names
                .iter()
                .map(|n| format!("{n}Variant{index}"))
                .collect(),
            reserved: None,
            resource: self.resource.clone(),
            resource_list: false,
            origin: self
                .names
                .first()
                .map(|n| format!("Variant {index} of [`{n}`].")),
            files: self.files,
        }
    }
}

pub(super) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `PascalCase` of a resource noun from a path segment (`connections` → `Connection`).
pub fn resource_name(segment: &str) -> String {
    naming::singular(segment).to_upper_camel_case()
}
