//! What changed for a generated crate's users between two versions of a
//! spec: compares two [`Api`] models (not the documents), so the report
//! speaks of what users see: methods, parameters, models, fields and enum
//! values, each with its Rust type, and says which changes break code that
//! compiled against the old crate.
//!
//! What counts as breaking, in Rust terms:
//! - removing anything; changing a Rust type (a field made nullable turns
//!   `T` into `Option<T>`); a parameter becoming required or optional (the
//!   method's signature changes: required parameters are arguments,
//!   optional ones setters of the `…Params` struct);
//! - a new required parameter, body or field of a model the user builds
//!   (one sent in a request);
//! - not: new operations, models and optional parameters; new fields of
//!   models only received (users read them, they do not build them); new
//!   enum values (enums are `#[non_exhaustive]` and keep unknown values).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::emit::{Scope, rust_type as render};
use crate::model::{
    Api, BodyKind, Enum, OneOf, Operation, Param, ParamLocation, Presence, ResponseBody, Struct,
    TypeDef, TypeKind, TypeRef, TypeSpace, Webhook, WebhookSigning,
};

/// One change, as a line of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub breaking: bool,
    /// Markdown, one line.
    pub text: String,
}

/// Every change between two APIs, operations first, then models, each in
/// the new document's order (removals in the old one's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The report as Markdown list sections, `### Breaking` then
    /// `### Not breaking` (each only when it has entries).
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        if self.changes.is_empty() {
            out.push_str("No change to the crate's API.\n");
            return out;
        }
        for (breaking, title) in [(true, "Breaking"), (false, "Not breaking")] {
            let lines: Vec<&Change> = self
                .changes
                .iter()
                .filter(|c| c.breaking == breaking)
                .collect();
            if lines.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "### {title}\n");
            for change in lines {
                let _ = writeln!(out, "- {}", change.text);
            }
        }
        out
    }
}

/// The semver version after a change: for 0.x a breaking change bumps the
/// minor version and anything else the patch; from 1.0 on, breaking bumps
/// the major, additions the minor, the rest the patch.
pub fn bump(version: &semver::Version, report: &Report) -> semver::Version {
    let (major, minor, patch) = (version.major, version.minor, version.patch);
    let (major, minor, patch) = if major == 0 {
        if report.is_breaking() {
            (0, minor + 1, 0)
        } else {
            (0, minor, patch + 1)
        }
    } else if report.is_breaking() {
        (major + 1, 0, 0)
    } else if !report.is_empty() {
        (major, minor + 1, 0)
    } else {
        (major, minor, patch + 1)
    };
    semver::Version::new(major, minor, patch)
}

/// Compares the crate generated from `old` with the one from `new`.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut cx = Cx {
        old,
        new,
        changes: Vec::new(),
        inputs: old
            .input_types()
            .into_iter()
            .map(|id| old.types.get(id).name.clone())
            .chain(
                new.input_types()
                    .into_iter()
                    .map(|id| new.types.get(id).name.clone()),
            )
            .collect(),
    };
    cx.client();
    cx.operations();
    cx.models();
    cx.webhooks();
    Report {
        changes: cx.changes,
    }
}

struct Cx<'a> {
    old: &'a Api,
    new: &'a Api,
    changes: Vec<Change>,
    /// Names of models users build: those reachable from a request.
    inputs: BTreeSet<String>,
}

impl Cx<'_> {
    fn push(&mut self, breaking: bool, text: String) {
        self.changes.push(Change { breaking, text });
    }

    fn client(&mut self) {
        if self.old.default_base_url != self.new.default_base_url {
            let url =
                |u: &Option<String>| u.as_deref().map_or("none".to_owned(), |u| format!("`{u}`"));
            let text = format!(
                "default base URL: {} → {}",
                url(&self.old.default_base_url),
                url(&self.new.default_base_url)
            );
            self.push(false, text);
        }
        let slots = |api: &'_ Api| -> BTreeMap<String, String> {
            api.auth
                .slots
                .iter()
                .map(|s| (s.name.clone(), format!("{:?}", s.location)))
                .collect()
        };
        let (old_slots, new_slots) = (slots(self.old), slots(self.new));
        for (name, location) in &new_slots {
            match old_slots.get(name) {
                None => self.push(
                    false,
                    format!(
                        "credential `{name}` added (`ClientBuilder::{name}`, `Client::with_{name}`)"
                    ),
                ),
                Some(was) if was != location => {
                    self.push(
                        false,
                        format!("credential `{name}`: now sent {location} (was {was})"),
                    );
                }
                Some(_) => {}
            }
        }
        for name in old_slots.keys().filter(|n| !new_slots.contains_key(*n)) {
            self.push(true, format!("credential `{name}` removed"));
        }
        // `Client::new` takes the first credential: its name is its
        // argument, and having one or none changes its signature.
        let primary = |api: &Api| api.auth.slots.first().map(|s| s.name.clone());
        if primary(self.old) != primary(self.new) {
            let show = |p: Option<String>| p.map_or("none".to_owned(), |p| format!("`{p}`"));
            let text = format!(
                "`Client::new` takes {} (was {})",
                show(primary(self.new)),
                show(primary(self.old))
            );
            let breaking = primary(self.old).is_some() != primary(self.new).is_some();
            self.push(breaking, text);
        }
    }

    fn operations(&mut self) {
        let old: BTreeMap<&str, &Operation> = self
            .old
            .operations
            .iter()
            .map(|o| (o.name.as_str(), o))
            .collect();
        let new_names: BTreeSet<&str> = self
            .new
            .operations
            .iter()
            .map(|o| o.name.as_str())
            .collect();
        for op in &self.new.operations {
            match old.get(op.name.as_str()) {
                None => {
                    let text = format!("`{}` added (`{} {}`)", op.name, op.method, op.path);
                    self.push(false, text);
                }
                Some(before) => self.operation(before, op),
            }
        }
        for op in &self.old.operations {
            if !new_names.contains(op.name.as_str()) {
                let text = format!("`{}` removed (`{} {}`)", op.name, op.method, op.path);
                self.push(true, text);
            }
        }
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        let name = &new.name;
        if (&old.method, &old.path) != (&new.method, &new.path) {
            let text = format!(
                "`{name}`: now `{} {}` (was `{} {}`)",
                new.method, new.path, old.method, old.path
            );
            self.push(false, text);
        }
        let key = |p: &Param| (location(p.location), p.wire_name.clone());
        let old_params: BTreeMap<_, &Param> = old.params.iter().map(|p| (key(p), p)).collect();
        let new_keys: BTreeSet<_> = new.params.iter().map(key).collect();
        for param in &new.params {
            let what = format!(
                "`{name}`: {} parameter `{}`",
                location(param.location),
                param.wire_name
            );
            let Some(before) = old_params.get(&key(param)) else {
                let kind = if param.required {
                    "required"
                } else {
                    "optional"
                };
                self.push(param.required, format!("{what} added ({kind})"));
                continue;
            };
            if before.required != param.required {
                let now = if param.required {
                    "required"
                } else {
                    "optional"
                };
                self.push(true, format!("{what} is now {now}"));
            }
            let (was, is) = (
                rust_type(&before.ty, &self.old.types),
                rust_type(&param.ty, &self.new.types),
            );
            if was != is {
                self.push(true, format!("{what}: `{was}` → `{is}`"));
            }
        }
        for param in &old.params {
            if !new_keys.contains(&key(param)) {
                let text = format!(
                    "`{name}`: {} parameter `{}` removed",
                    location(param.location),
                    param.wire_name
                );
                self.push(true, text);
            }
        }
        match (&old.body, &new.body) {
            (None, Some(body)) => {
                let kind = if body.required {
                    "required"
                } else {
                    "optional"
                };
                self.push(
                    body.required,
                    format!("`{name}`: request body added ({kind})"),
                );
            }
            (Some(_), None) => self.push(true, format!("`{name}`: request body removed")),
            (Some(before), Some(body)) => {
                if before.required != body.required {
                    let now = if body.required {
                        "required"
                    } else {
                        "optional"
                    };
                    self.push(true, format!("`{name}`: request body is now {now}"));
                }
                let (was, is) = (
                    body_type(&before.kind, &self.old.types),
                    body_type(&body.kind, &self.new.types),
                );
                if was != is {
                    self.push(true, format!("`{name}`: request body `{was}` → `{is}`"));
                }
                if before.media_type != body.media_type {
                    let text = format!(
                        "`{name}`: request body sent as `{}` (was `{}`)",
                        body.media_type, before.media_type
                    );
                    self.push(false, text);
                }
            }
            (None, None) => {}
        }
        let (was, is) = (
            response_type(&old.success.body, &self.old.types),
            response_type(&new.success.body, &self.new.types),
        );
        if was != is {
            self.push(true, format!("`{name}`: returns `{is}` (was `{was}`)"));
        }
        match (old.pagination.is_some(), new.pagination.is_some()) {
            (false, true) => self.push(false, format!("`{name}_stream` added (every page)")),
            (true, false) => self.push(true, format!("`{name}_stream` removed")),
            _ => {}
        }
    }

    fn models(&mut self) {
        let old: BTreeMap<&str, &TypeDef> = self
            .old
            .types
            .defs
            .iter()
            .map(|d| (d.name.as_str(), d))
            .collect();
        let new_names: BTreeSet<&str> = self
            .new
            .types
            .defs
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        for def in &self.new.types.defs {
            match old.get(def.name.as_str()) {
                None => self.push(false, format!("model `{}` added", def.name)),
                Some(before) => self.model(before, def),
            }
        }
        for def in &self.old.types.defs {
            if !new_names.contains(def.name.as_str()) {
                self.push(true, format!("model `{}` removed", def.name));
            }
        }
    }

    /// Compares what the two definitions stand for: a type that became an
    /// alias of an identical one (or stopped being one) has the same
    /// fields, so only a difference of shape is reported.
    fn model(&mut self, old: &TypeDef, new: &TypeDef) {
        let name = &new.name;
        match (
            defined(&old.kind, &self.old.types),
            defined(&new.kind, &self.new.types),
        ) {
            (TypeKind::Struct(before), TypeKind::Struct(after)) => {
                self.struct_fields(name, before, after);
                self.additional_properties(name, before, after);
            }
            (TypeKind::Enum(before), TypeKind::Enum(after)) => {
                self.enum_values(name, before, after)
            }
            (TypeKind::Alias(before), TypeKind::Alias(after)) => {
                let (was, is) = (
                    rust_type(before, &self.old.types),
                    rust_type(after, &self.new.types),
                );
                if was != is {
                    self.push(true, format!("`{name}`: `{was}` → `{is}`"));
                }
            }
            (TypeKind::OneOf(before), TypeKind::OneOf(after)) => {
                self.one_of_variants(name, before, after);
            }
            (before, after) => {
                let text = format!("`{name}`: now {} (was {})", kind(after), kind(before));
                self.push(true, text);
            }
        }
    }

    /// Fields added, removed, retyped or made required, optional or
    /// nullable.
    fn struct_fields(&mut self, name: &str, before: &Struct, after: &Struct) {
        let old_fields: BTreeMap<&str, _> = before
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f))
            .collect();
        let new_fields: BTreeSet<&str> =
            after.fields.iter().map(|f| f.wire_name.as_str()).collect();
        let built = self.inputs.contains(name);
        for field in &after.fields {
            let what = format!("`{name}.{}`", field.name);
            let Some(was) = old_fields.get(field.wire_name.as_str()) else {
                let required = matches!(
                    field.presence,
                    Presence::Required | Presence::RequiredNullable
                );
                let kind = if required { "required" } else { "optional" };
                let ty = field_type(&field.ty, field.presence, &self.new.types);
                // Users build request models with struct literals, which a
                // new field breaks; a new required field is also one the
                // server now insists on.
                let breaking = built || required;
                self.push(breaking, format!("{what}: field added ({kind}, `{ty}`)"));
                continue;
            };
            let (old_ty, new_ty) = (
                field_type(&was.ty, was.presence, &self.old.types),
                field_type(&field.ty, field.presence, &self.new.types),
            );
            if old_ty != new_ty {
                let note = presence_note(was.presence, field.presence);
                self.push(true, format!("{what}: `{old_ty}` → `{new_ty}`{note}"));
            } else if was.presence != field.presence {
                let note = presence_note(was.presence, field.presence);
                self.push(false, format!("{what}:{note}"));
            }
        }
        for field in &before.fields {
            if !new_fields.contains(field.wire_name.as_str()) {
                self.push(true, format!("`{name}.{}`: field removed", field.name));
            }
        }
    }

    /// The map of properties besides the listed ones: gained, lost or
    /// retyped.
    fn additional_properties(&mut self, name: &str, before: &Struct, after: &Struct) {
        match (&before.additional, &after.additional) {
            (None, Some(_)) => {
                let built = self.inputs.contains(name);
                self.push(built, format!("`{name}`: now keeps additional properties"));
            }
            (Some(_), None) => {
                self.push(
                    true,
                    format!("`{name}`: no longer keeps additional properties"),
                );
            }
            (Some(was), Some(is)) => {
                let (was, is) = (
                    rust_type(&was.ty, &self.old.types),
                    rust_type(&is.ty, &self.new.types),
                );
                if was != is {
                    self.push(
                        true,
                        format!("`{name}`: additional properties `{was}` → `{is}`"),
                    );
                }
            }
            (None, None) => {}
        }
    }

    /// Values added (not breaking: enums keep unknown values) and removed.
    fn enum_values(&mut self, name: &str, before: &Enum, after: &Enum) {
        let old_values: BTreeSet<&str> = before.variants.iter().map(|v| v.value.as_str()).collect();
        let new_values: BTreeSet<&str> = after.variants.iter().map(|v| v.value.as_str()).collect();
        for v in &after.variants {
            if !old_values.contains(v.value.as_str()) {
                let text = format!(
                    "`{name}`: value `{:?}` added (`{name}::{}`)",
                    v.value, v.name
                );
                self.push(false, text);
            }
        }
        for v in &before.variants {
            if !new_values.contains(v.value.as_str()) {
                let text = format!(
                    "`{name}`: value `{:?}` removed (`{name}::{}`)",
                    v.value, v.name
                );
                self.push(true, text);
            }
        }
    }

    /// Any change to the alternatives (their names, types or discriminator
    /// values) changes the enum users match on.
    fn one_of_variants(&mut self, name: &str, before: &OneOf, after: &OneOf) {
        let render = |space: &TypeSpace, o: &OneOf| {
            o.variants
                .iter()
                .map(|v| {
                    let values: Vec<String> = v
                        .discriminator_values
                        .iter()
                        .map(|t| format!("{t:?}"))
                        .collect();
                    let values = if values.is_empty() {
                        String::new()
                    } else {
                        format!("{} ", values.join("|"))
                    };
                    format!("{values}{}({})", v.name, rust_type(&v.ty, space))
                })
                .collect::<Vec<_>>()
        };
        let (was, is) = (
            render(&self.old.types, before),
            render(&self.new.types, after),
        );
        if was == is {
            return;
        }
        // An enum chosen by a discriminator is `#[non_exhaustive]` and keeps
        // kinds it does not know: new variants alone break nothing.
        let only_added = before.discriminator.is_some()
            && after.discriminator.is_some()
            && was.iter().all(|v| is.contains(v));
        if only_added {
            for variant in is.iter().filter(|v| !was.contains(v)) {
                self.push(false, format!("`{name}`: variant `{variant}` added"));
            }
            return;
        }
        let text = format!(
            "`{name}`: variants `{}` → `{}`",
            was.join(" | "),
            is.join(" | ")
        );
        self.push(true, text);
    }

    /// Webhooks added (not breaking), removed, or sending another payload
    /// type or event kind; and verification gained or lost. Their payloads'
    /// fields are models, reported with the models.
    fn webhooks(&mut self) {
        let (old, new) = (&self.old.webhooks, &self.new.webhooks);
        let old_by_name: BTreeMap<&str, &Webhook> =
            old.list.iter().map(|w| (w.name.as_str(), w)).collect();
        let new_names: BTreeSet<&str> = new.list.iter().map(|w| w.name.as_str()).collect();
        let kind = |w: &Webhook| {
            w.event_type
                .as_deref()
                .map_or(String::new(), |t| format!(", `{t}`"))
        };
        for webhook in &new.list {
            let name = &webhook.name;
            let payload = rust_type(&webhook.payload, &self.new.types);
            let Some(was) = old_by_name.get(name.as_str()) else {
                let text = format!("webhook `{name}` added (`{payload}`{})", kind(webhook));
                self.push(false, text);
                continue;
            };
            let was_payload = rust_type(&was.payload, &self.old.types);
            if was_payload != payload {
                let text = format!("webhook `{name}`: payload `{was_payload}` → `{payload}`");
                self.push(true, text);
            }
            if was.event_type != webhook.event_type {
                let text = format!(
                    "webhook `{name}`: event kind {} → {}",
                    was.event_type
                        .as_deref()
                        .map_or("none".into(), |t| format!("`{t}`")),
                    webhook
                        .event_type
                        .as_deref()
                        .map_or("none".into(), |t| format!("`{t}`")),
                );
                self.push(true, text);
            }
        }
        for webhook in &old.list {
            if !new_names.contains(webhook.name.as_str()) {
                self.push(true, format!("webhook `{}` removed", webhook.name));
            }
        }
        if old.signing != new.signing {
            let scheme = |s: Option<WebhookSigning>| {
                s.map_or("none".to_owned(), |s| format!("`{}`", s.name()))
            };
            let text = format!(
                "webhook signing: {} → {}",
                scheme(old.signing),
                scheme(new.signing)
            );
            // Losing the scheme takes `Webhook` away.
            self.push(new.signing.is_none(), text);
        }
    }
}

fn location(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// What `kind` stands for, through aliases of named types (`pub type A =
/// B;`); stops on a cycle.
fn defined<'a>(mut kind: &'a TypeKind, types: &'a TypeSpace) -> &'a TypeKind {
    for _ in 0..types.defs.len() {
        match kind {
            TypeKind::Alias(TypeRef::Named(id)) => kind = &types.get(*id).kind,
            _ => break,
        }
    }
    kind
}

fn kind(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "a string enum",
        TypeKind::Alias(_) => "a type alias",
        TypeKind::OneOf(_) => "an enum of alternatives",
    }
}

fn presence_note(was: Presence, is: Presence) -> String {
    let nullable = |p| matches!(p, Presence::RequiredNullable | Presence::OptionalNullable);
    let required = |p| matches!(p, Presence::Required | Presence::RequiredNullable);
    let mut notes = Vec::new();
    match (nullable(was), nullable(is)) {
        (false, true) => notes.push("now nullable"),
        (true, false) => notes.push("no longer nullable"),
        _ => {}
    }
    match (required(was), required(is)) {
        (false, true) => notes.push("now required"),
        (true, false) => notes.push("now optional"),
        _ => {}
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    }
}

/// The Rust type as users write it: `Vec<Connection>`, `Option<String>`.
fn rust_type(ty: &TypeRef, types: &TypeSpace) -> String {
    render(ty, types, Scope::Models).to_string()
}

fn field_type(ty: &TypeRef, presence: Presence, types: &TypeSpace) -> String {
    render(ty, types, Scope::Models)
        .with_presence(presence)
        .to_string()
}

fn body_type(kind: &BodyKind, types: &TypeSpace) -> String {
    match kind {
        BodyKind::Json(ty) => rust_type(ty, types),
        BodyKind::Form(ty) | BodyKind::Multipart(ty) => rust_type(ty, types),
        BodyKind::Bytes => "Vec<u8>".to_owned(),
    }
}

fn response_type(body: &ResponseBody, types: &TypeSpace) -> String {
    match body {
        ResponseBody::Json(ty) => rust_type(ty, types),
        ResponseBody::Text => "String".to_owned(),
        ResponseBody::Bytes => "Vec<u8>".to_owned(),
        ResponseBody::Empty => "()".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        let spec = crate::load::parse(yaml).expect("valid spec");
        crate::model::build(&spec).expect("model").0
    }

    const BASE: &str = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Thing"}}
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewThing"}
      responses:
        "204": {description: done}
components:
  schemas:
    Thing:
      type: object
      required: [id, state]
      properties:
        id: {type: string}
        name: {type: string}
        state: {type: string, enum: [on, off]}
    NewThing:
      type: object
      required: [name]
      properties:
        name: {type: string}
"##;

    fn report(old: &str, new: &str) -> Report {
        diff(&api(old), &api(new))
    }

    fn lines(report: &Report) -> Vec<(bool, &str)> {
        report
            .changes
            .iter()
            .map(|c| (c.breaking, c.text.as_str()))
            .collect()
    }

    #[test]
    fn the_same_document_has_no_changes() {
        let report = report(BASE, BASE);
        assert!(report.is_empty());
        assert_eq!(report.to_markdown(), "No change to the crate's API.\n");
    }

    #[test]
    fn a_new_optional_response_field_only_looks_breaking() {
        let new = BASE.replace(
            "        name: {type: string}\n        state",
            "        name: {type: string}\n        color: {type: string}\n        state",
        );
        let report = report(BASE, &new);
        assert_eq!(
            lines(&report),
            [(
                false,
                "`Thing.color`: field added (optional, `Option<String>`)"
            )]
        );
        assert!(!report.is_breaking());
    }

    #[test]
    fn a_field_becoming_nullable_is_breaking() {
        let new = BASE.replace("id: {type: string}", "id: {type: [string, \"null\"]}");
        assert_eq!(
            lines(&report(BASE, &new)),
            [(
                true,
                "`Thing.id`: `String` → `Option<String>` (now nullable)"
            )]
        );
    }

    #[test]
    fn fields_of_request_models_break_struct_literals() {
        let new = BASE.replace(
            "      required: [name]\n      properties:\n        name: {type: string}\n",
            "      required: [name]\n      properties:\n        name: {type: string}\n        tag: {type: string}\n",
        );
        assert_eq!(
            lines(&report(BASE, &new)),
            [(
                true,
                "`NewThing.tag`: field added (optional, `Option<String>`)"
            )]
        );
    }

    #[test]
    fn a_copy_that_becomes_an_alias_is_no_change() {
        // `Other` is `Thing` field for field: the crate defines it as an
        // alias of `Thing`, which users cannot tell from the struct.
        let other = "    Other:\n      type: object\n      required: [id, state]\n      properties:\n        id: {type: string}\n        name: {type: string}\n        state: {type: string, enum: [on, off]}\n";
        let old = BASE.replace(
            "    NewThing:",
            &format!(
                "{}    NewThing:",
                other.replace("name: {type: string}", "name: {type: integer}")
            ),
        );
        let new = BASE.replace("    NewThing:", &format!("{other}    NewThing:"));
        assert!(matches!(def_kind(&api(&new), "Other"), TypeKind::Alias(_)));
        assert_eq!(
            lines(&report(&old, &new)),
            [(true, "`Other.name`: `Option<i64>` → `Option<String>`")]
        );
        assert!(report(&new, &new).is_empty());
    }

    fn def_kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
        &api.types.defs.iter().find(|d| d.name == name).unwrap().kind
    }

    #[test]
    fn fields_removed_and_retyped() {
        let new = BASE
            .replace(
                "        name: {type: string}\n        state",
                "        state",
            )
            .replace("id: {type: string}", "id: {type: integer, format: int64}");
        assert_eq!(
            lines(&report(BASE, &new)),
            [
                (true, "`Thing.id`: `String` → `i64`"),
                (true, "`Thing.name`: field removed"),
            ]
        );
    }

    #[test]
    fn enum_values_added_and_removed() {
        let new = BASE.replace("enum: [on, off]", "enum: [on, paused]");
        assert_eq!(
            lines(&report(BASE, &new)),
            [
                (
                    false,
                    "`ThingState`: value `\"paused\"` added (`ThingState::Paused`)"
                ),
                (
                    true,
                    "`ThingState`: value `\"off\"` removed (`ThingState::Off`)"
                ),
            ]
        );
    }

    #[test]
    fn parameters_added_removed_and_made_required() {
        let new = BASE.replace(
            "        - {name: limit, in: query, schema: {type: integer}}",
            "        - {name: limit, in: query, required: true, schema: {type: integer}}\n        - {name: q, in: query, schema: {type: string}}\n        - {name: X-Tenant, in: header, required: true, schema: {type: string}}",
        );
        assert_eq!(
            lines(&report(BASE, &new)),
            [
                (
                    true,
                    "`list_things`: query parameter `limit` is now required"
                ),
                (false, "`list_things`: query parameter `q` added (optional)"),
                (
                    true,
                    "`list_things`: header parameter `X-Tenant` added (required)"
                ),
            ]
        );
        let report = report(&new, BASE);
        assert!(
            lines(&report).contains(&(true, "`list_things`: query parameter `q` removed")),
            "{report:?}"
        );
    }

    #[test]
    fn operations_added_and_removed() {
        let new = BASE.replace(
            "components:",
            "  /things/{id}:\n    delete:\n      operationId: deleteThing\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        \"204\": {description: done}\ncomponents:",
        );
        let added = report(BASE, &new);
        assert_eq!(
            lines(&added),
            [(false, "`delete_thing` added (`DELETE /things/{id}`)")]
        );
        let removed = report(&new, BASE);
        assert_eq!(
            lines(&removed),
            [(true, "`delete_thing` removed (`DELETE /things/{id}`)")]
        );
        assert!(
            removed
                .to_markdown()
                .starts_with("### Breaking\n\n- `delete_thing` removed")
        );
    }

    #[test]
    fn models_added_removed_and_response_types() {
        let new = BASE
            .replace(
                "$ref: \"#/components/schemas/Thing\"}",
                "$ref: \"#/components/schemas/Gadget\"}",
            )
            .replace("    Thing:\n", "    Gadget:\n");
        let report = report(BASE, &new);
        assert_eq!(
            lines(&report),
            [
                (
                    true,
                    "`list_things`: returns `Vec<Gadget>` (was `Vec<Thing>`)"
                ),
                (false, "model `Gadget` added"),
                (false, "model `GadgetState` added"),
                (true, "model `Thing` removed"),
                (true, "model `ThingState` removed"),
            ]
        );
    }

    const HOOKS: &str = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
webhooks:
  thingMade:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [kind, id]
              properties:
                kind: {const: thing.made}
                id: {type: string}
      responses: {"200": {description: ok}}
"##;

    #[test]
    fn webhooks_added_removed_and_their_payloads() {
        let new = HOOKS.replace(
            "      responses: {\"200\": {description: ok}}\n",
            "      responses: {\"200\": {description: ok}}\n  thingGone:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [kind]\n              properties:\n                kind: {const: thing.gone}\n                note: {type: string}\n      responses: {\"200\": {description: ok}}\n",
        );
        let added = report(HOOKS, &new);
        assert!(!added.is_breaking(), "{added:?}");
        let changes = lines(&added);
        assert!(
            changes.contains(&(
                false,
                "webhook `thingGone` added (`ThingGonePayload`, `thing.gone`)"
            )),
            "{changes:?}"
        );
        assert!(
            changes.contains(&(
                false,
                "`Event`: variant `\"thing.gone\" ThingGone(ThingGonePayload)` added"
            )),
            "{changes:?}"
        );
        let removed = report(&new, HOOKS);
        assert!(lines(&removed).contains(&(true, "webhook `thingGone` removed")));
        // A payload field: reported with the models, not breaking (received).
        let field = HOOKS.replace(
            "id: {type: string}",
            "id: {type: string}\n                at: {type: string}",
        );
        assert_eq!(
            lines(&report(HOOKS, &field)),
            [(
                false,
                "`ThingMadePayload.at`: field added (optional, `Option<String>`)"
            )]
        );
    }

    #[test]
    fn semver_bumps() {
        let v = |s: &str| semver::Version::parse(s).unwrap();
        let breaking = Report {
            changes: vec![Change {
                breaking: true,
                text: String::new(),
            }],
        };
        let additive = Report {
            changes: vec![Change {
                breaking: false,
                text: String::new(),
            }],
        };
        let none = Report::default();
        assert_eq!(bump(&v("0.1.3"), &breaking), v("0.2.0"));
        assert_eq!(bump(&v("0.1.3"), &additive), v("0.1.4"));
        assert_eq!(bump(&v("0.1.3"), &none), v("0.1.4"));
        assert_eq!(bump(&v("1.2.3"), &breaking), v("2.0.0"));
        assert_eq!(bump(&v("1.2.3"), &additive), v("1.3.0"));
        assert_eq!(bump(&v("1.2.3"), &none), v("1.2.4"));
    }
}
