//! Turning names from the spec into Rust identifiers.
//!
//! Every identifier the emitter writes comes through here: [`type_name`],
//! [`field_name`], [`variant_name`] and [`snake_name`] make a valid identifier
//! from any string (keywords, leading digits, punctuation, unicode), and
//! [`Namer`] makes a set of them unique in a stable, order-independent way.

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers at all, even as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Every Rust keyword, strict and reserved, in all editions.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Replaces everything that cannot appear in an identifier by a word
/// boundary, spelling out the few symbols that carry meaning in enum values
/// (`+1`, `-1`) so that they stay distinguishable.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '+' => out.push_str(" plus "),
            '-' if out.trim().is_empty() => out.push_str(" minus "),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    // Non-ASCII letters are fine in Rust identifiers, but only when they are
    // XID characters; transliterate to ASCII (`Übersicht` → `Ubersicht`,
    // `日本` → `Ri Ben`) to stay portable and readable.
    let out = deunicode::deunicode_with_tofu(&out, " ");
    out.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == ' ' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
}

fn fix_leading_digit(mut ident: String, prefix: &str) -> String {
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, prefix);
    }
    ident
}

/// A `PascalCase` type name; `fallback` is used when nothing usable is left.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    let name = if name.is_empty() {
        fallback.to_owned()
    } else {
        name
    };
    let name = fix_leading_digit(name, "Type");
    if name == "Self" {
        "SelfType".to_owned()
    } else {
        name
    }
}

/// A `PascalCase` enum variant name for a wire value.
pub fn variant_name(raw: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    let name = if name.is_empty() {
        "Empty".to_owned()
    } else {
        name
    };
    let name = fix_leading_digit(name, "Value");
    if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    }
}

/// A `snake_case` field, parameter or function name; keywords become raw
/// identifiers (`r#type`), except those that cannot (`self` becomes `self_`).
pub fn snake_name(raw: &str, fallback: &str) -> String {
    let name = words(raw).to_snake_case();
    let name = if name.is_empty() {
        fallback.to_owned()
    } else {
        name
    };
    let name = fix_leading_digit(name, "n");
    escape_keyword(name)
}

/// A cargo feature name: `kebab-case` ASCII (`Code Scanning` →
/// `code-scanning`); empty when nothing of `raw` is a letter or digit.
pub fn feature_name(raw: &str) -> String {
    words(raw).to_kebab_case()
}

/// A field name (see [`snake_name`]).
pub fn field_name(raw: &str) -> String {
    snake_name(raw, "value")
}

/// Makes a keyword usable: `type` becomes `r#type`, `self` becomes `self_`.
fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The singular of an English plural, good enough for resource names
/// (`connections` → `connection`, `policies` → `policy`, `statuses` → `status`).
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    // Words that end in `s` without being plurals (`plus`, `status`,
    // `analysis`, `access`, `analytics`); the last word of `vault-plus`
    // counts.
    let last_word = lower.rsplit(['-', '_', '.']).next().unwrap_or(&lower);
    let invariant = ["us", "is", "ss", "ics"]
        .iter()
        .any(|end| last_word.ends_with(end))
        || ["news", "series", "species"].contains(&last_word);
    if invariant {
        return word.to_owned();
    }
    let cut = |n: usize, add: &str| format!("{}{add}", &word[..word.len() - n]);
    if lower.ends_with("ies") && word.len() > 3 {
        cut(3, "y")
    } else if ["sses", "shes", "ches", "xes", "uses"]
        .iter()
        .any(|s| lower.ends_with(s))
    {
        cut(2, "")
    } else if lower.ends_with('s') && !lower.ends_with("ss") && word.len() > 1 {
        cut(1, "")
    } else {
        word.to_owned()
    }
}

/// How [`Namer::folding_underscores`] compares names: `get_a1`, `get_a_1`
/// and `GetA1` are the same.
pub fn folded(name: &str) -> String {
    Namer::folding_underscores().key(name)
}

/// Hands out names that are unique within one scope (a module, a struct's
/// fields, an enum's variants).
///
/// A caller offers candidates from most to least preferred; the first free
/// one wins, and a numeric suffix is the last resort. Comparison ignores the
/// `r#` prefix and ASCII case, so `Foo` and `FOO` never both appear, even on
/// case-insensitive file systems.
#[derive(Debug, Default)]
pub struct Namer {
    taken: BTreeSet<String>,
    /// Also treat names that differ only in underscores as the same.
    fold_underscores: bool,
}

impl Namer {
    pub fn new() -> Self {
        Self::default()
    }

    /// A namer for snake_case names that other names are derived from by
    /// case conversion (`get_a1` and `get_a_1` would both give `GetA1`), so
    /// it treats names differing only in underscores as taken.
    pub fn folding_underscores() -> Self {
        Namer {
            taken: BTreeSet::new(),
            fold_underscores: true,
        }
    }

    /// Marks `names` as used without handing them out (the crate's own
    /// items, for instance).
    pub fn reserve<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            let key = self.key(name);
            self.taken.insert(key);
        }
    }

    fn key(&self, name: &str) -> String {
        let key = name.strip_prefix("r#").unwrap_or(name).to_ascii_lowercase();
        if self.fold_underscores {
            key.replace('_', "")
        } else {
            key
        }
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(&self.key(name))
    }

    /// Takes the first free candidate; when all are taken, the first one with
    /// the smallest free numeric suffix (`Name2`, `name_2`).
    pub fn claim(&mut self, candidates: &[String]) -> String {
        for candidate in candidates {
            if !self.is_taken(candidate) {
                let key = self.key(candidate);
                self.taken.insert(key);
                return candidate.clone();
            }
        }
        let base = candidates.first().map(String::as_str).unwrap_or("unnamed");
        let base = base.strip_prefix("r#").unwrap_or(base);
        let snake = base.starts_with(|c: char| c.is_ascii_lowercase());
        let name = (2..)
            .map(|n| {
                if snake {
                    // `self_` → `self_2`, not `self__2`.
                    format!("{}_{n}", base.trim_end_matches('_'))
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|name| !self.is_taken(name))
            .unwrap_or_default();
        let key = self.key(&name);
        self.taken.insert(key);
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("match"), "r#match");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(type_name("self", "X"), "SelfType");
        assert_eq!(variant_name("Self"), "SelfValue");
        assert_eq!(type_name("type", "X"), "Type");
    }

    #[test]
    fn leading_digits() {
        assert_eq!(field_name("2fa"), "n2fa");
        assert_eq!(field_name("42"), "n42");
        assert_eq!(type_name("3dModel", "X"), "Type3dModel");
        assert_eq!(variant_name("1"), "Value1");
        assert_eq!(variant_name("awaiting_2fa"), "Awaiting2fa");
    }

    #[test]
    fn punctuation_and_unicode() {
        assert_eq!(field_name("x-connection-id"), "x_connection_id");
        assert_eq!(field_name("user.name"), "user_name");
        assert_eq!(field_name("@type"), "r#type");
        assert_eq!(field_name("$ref"), "r#ref");
        assert_eq!(field_name("café"), "cafe");
        assert_eq!(field_name("Übersicht öffnen"), "ubersicht_offnen");
        assert_eq!(field_name("名前"), "ming_qian");
        assert_eq!(type_name("名前", "Fallback"), "MingQian");
        assert_eq!(type_name("🌸", "Fallback"), "Fallback");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("+1"), "Plus1");
        assert_eq!(variant_name("-1"), "Minus1");
        assert_eq!(variant_name("a b"), "AB");
        assert_eq!(field_name("userData"), "user_data");
        assert_eq!(field_name("hasMore"), "has_more");
        assert_eq!(field_name("URLValue"), "url_value");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("connections"), "connection");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("statuses"), "status");
        assert_eq!(singular("boxes"), "box");
        assert_eq!(singular("access"), "access");
        for word in [
            "plus",
            "vault-plus",
            "status",
            "analysis",
            "bonus",
            "news",
            "series",
            "analytics",
        ] {
            assert_eq!(singular(word), word);
        }
        assert_eq!(singular("vault-lists"), "vault-list");
        assert_eq!(singular("stats"), "stat");
        assert_eq!(singular("media"), "media");
    }

    #[test]
    fn collisions_after_case_conversion_are_resolved() {
        let mut namer = Namer::new();
        let a = namer.claim(&[field_name("user_name")]);
        let b = namer.claim(&[field_name("userName")]);
        let c = namer.claim(&[field_name("UserName")]);
        assert_eq!(
            (a.as_str(), b.as_str(), c.as_str()),
            ("user_name", "user_name_2", "user_name_3")
        );

        let mut types = Namer::new();
        types.reserve(["Client"]);
        assert_eq!(
            types.claim(&["Client".into(), "ApiClient".into()]),
            "ApiClient"
        );
        assert_eq!(types.claim(&["FOO".into()]), "FOO");
        assert_eq!(types.claim(&["Foo".into()]), "Foo2");
    }

    #[test]
    fn operation_names_stay_unique_after_case_conversion() {
        let mut namer = Namer::folding_underscores();
        assert_eq!(namer.claim(&["get_a1".into()]), "get_a1");
        assert_eq!(namer.claim(&["get_a_1".into()]), "get_a_1_2");
    }

    #[test]
    fn raw_identifiers_collide_with_their_plain_spelling() {
        let mut namer = Namer::new();
        assert_eq!(namer.claim(&[field_name("type")]), "r#type");
        assert_eq!(namer.claim(&["type".to_owned()]), "type_2");
    }
}
