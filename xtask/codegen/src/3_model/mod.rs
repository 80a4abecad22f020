//! Stage 2: the intermediate model. Every type and operation the emitter will
//! write, with every name resolved, unique and valid. The emitter never reads
//! the spec; it sees only [`Api`].

mod auth;
mod bodies;
mod cycles;
mod features;
mod hints;
mod merge;
mod names;
mod operations;
mod pagination;
mod params;
mod responses;
mod shared;
mod types;
mod webhooks;

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::load::Spec;

pub(crate) use bodies::{is_json, preferred_media};
pub use features::WEBHOOKS as WEBHOOKS_FEATURE;
pub(crate) use operations::resolve;
pub use types::TypeSpace;
pub use webhooks::SIGNING_EXTENSION;

/// Index of a [`TypeDef`] in [`TypeSpace::defs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A named type the `models` module defines.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub docs: Option<String>,
    pub kind: TypeKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; unknown values decode into a catch-all variant.
    Enum(Enum),
    /// `pub type Name = Target;` for a component schema that is a plain
    /// scalar, list or map.
    Alias(TypeRef),
    /// A `oneOf`/`anyOf`: chosen by a discriminator property when the spec
    /// names one, else the first variant that decodes wins.
    OneOf(OneOf),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OneOf {
    pub variants: Vec<Variant>,
    /// The discriminator, when the spec gives one and every variant is a
    /// named object.
    pub discriminator: Option<Discriminator>,
}

/// A discriminator: the property whose value names the variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Discriminator {
    /// The property on the wire, `petType`.
    pub property: String,
    /// The name of the catch-all variant that keeps objects with a value
    /// this client does not know.
    pub unknown_variant: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Where properties the schema does not list go, when it allows them
    /// (`additionalProperties`).
    pub additional: Option<AdditionalField>,
    /// Whether the struct implements `Default`: a model users build for a
    /// request (see [`Api::input_types`]) with no required field, so that a
    /// body with many optional fields reads
    /// `Patch { name: Some(x), ..Default::default() }`. Models the client
    /// only receives do not, so that a required field added later does not
    /// take away a trait.
    pub default: bool,
}

/// A map of the properties an object has besides its listed ones.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AdditionalField {
    /// The Rust name, unique within the struct.
    pub name: String,
    /// The type of each value.
    pub ty: TypeRef,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The Rust name, unique within the struct.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    pub docs: Option<String>,
    pub ty: TypeRef,
    pub presence: Presence,
}

/// The four combinations of `required` and `nullable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Always there, never null: `T`.
    Required,
    /// Always there, may be null: `Option<T>`, serialised as `null`.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, omitted when `None`.
    Optional,
    /// May be absent or null: `Option<Option<T>>`; the outer `None` is
    /// absent, `Some(None)` is an explicit `null`.
    OptionalNullable,
}

impl Presence {
    pub fn new(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    /// The name of the catch-all variant that keeps unknown values.
    pub unknown_variant: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    pub name: String,
    pub ty: TypeRef,
    /// With a discriminator: the values that select this variant, the
    /// first being the one it is written with.
    pub discriminator_values: Vec<String>,
}

/// A Rust type expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Named(TypeId),
    String,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
    /// Any JSON value.
    Json,
    /// A file of a `multipart/form-data` body (`format: binary` there).
    File,
    /// A JSON object whose keys are not described.
    JsonObject,
    Vec(Box<TypeRef>),
    /// A map with string keys.
    Map(Box<TypeRef>),
    /// Indirection that breaks a cycle.
    Box(Box<TypeRef>),
}

impl TypeRef {
    /// Whether the type prints with `Display` as the exact text a query
    /// string or path wants (strings, numbers, booleans, string enums).
    pub fn is_scalar(&self, types: &TypeSpace) -> bool {
        match self {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64 => true,
            TypeRef::Named(id) => match &types.get(*id).kind {
                TypeKind::Enum(_) => true,
                TypeKind::Alias(target) => target.is_scalar(types),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether the type is a JSON object (a struct or a map), which a query
    /// can carry as one parameter per property.
    pub fn is_object(&self, types: &TypeSpace) -> bool {
        match self {
            TypeRef::Map(_) | TypeRef::JsonObject => true,
            TypeRef::Named(id) => match &types.get(*id).kind {
                TypeKind::Struct(_) => true,
                TypeKind::Alias(target) => target.is_object(types),
                _ => false,
            },
            _ => false,
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(
            self,
            TypeRef::F32 | TypeRef::F64 | TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64
        )
    }
}

/// The whole API as the emitter sees it.
#[derive(Clone, Debug)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    /// The first server URL, when the spec gives an absolute one.
    pub default_base_url: Option<String>,
    pub auth: Auth,
    pub types: TypeSpace,
    pub operations: Vec<Operation>,
    pub webhooks: Webhooks,
    /// Cargo features per tag, so that a user compiles only what they call.
    pub features: Features,
}

/// One cargo feature per tag of the document's operations (when it has
/// two or more), and one for the webhooks, all on by default. An operation
/// compiles when one of its tags' features is on; a type when an operation
/// that compiles, or the webhooks, use it. Whatever an untagged operation
/// uses, and every type nothing uses, always compiles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// Every tag's feature, sorted.
    pub tags: Vec<String>,
    /// Whether the webhooks have a feature of their own
    /// ([`WEBHOOKS_FEATURE`]), as a tag does: when there are tags and
    /// webhooks.
    pub webhooks: bool,
    /// The features that compile a type, for the types that not every
    /// build has.
    pub types: std::collections::BTreeMap<TypeId, Vec<String>>,
    /// The modules of `operations` and `models`, one per set of features
    /// that operations have (a tag's, mostly) or that alone compiles some
    /// types, sorted by name: a build reads only the files of its
    /// features.
    pub modules: Vec<Module>,
    /// The module of each type that one has (its features are the
    /// module's).
    pub type_modules: std::collections::BTreeMap<TypeId, usize>,
}

/// A module of `operations` (`src/operations/repos.rs`: the operations
/// with one set of features) and of `models` (`src/models/repos.rs`: the
/// types those features alone compile); a module may have only one of the
/// two files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Module {
    /// The Rust name of the module (`code_scanning`, `r#type`).
    pub name: String,
    /// The features that compile it.
    pub features: Vec<String>,
    /// Whether operations are in it (its file in `operations/`).
    pub operations: bool,
    /// Whether types are in it (its file in `models/`).
    pub types: bool,
}

impl Module {
    /// The name of its files: the module's, not raw (`type` for `r#type`).
    pub fn file_name(&self) -> &str {
        self.name.trim_start_matches("r#")
    }
}

impl Features {
    /// The features that compile a type: empty when every build has it.
    pub fn gate(&self, id: TypeId) -> &[String] {
        self.types.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The module a type is defined in: the one of its features, when
    /// there is one; `None`, in `models.rs` (behind its features).
    pub fn type_module(&self, id: TypeId) -> Option<usize> {
        self.type_modules.get(&id).copied()
    }
}

/// The requests the API sends to its users (3.1 `webhooks`).
#[derive(Clone, Debug, Default)]
pub struct Webhooks {
    /// In document order.
    pub list: Vec<Webhook>,
    /// The enum of every event, when the payloads say which they are (a
    /// `OneOf` with a discriminator and an unknown arm).
    pub event: Option<TypeId>,
    /// How deliveries are signed, when the document says (`x-webhook-signing`).
    pub signing: Option<WebhookSigning>,
}

/// One webhook.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// Its name in the document, `connectionCreated`.
    pub name: String,
    /// The function of the `webhooks` module that decodes its payload,
    /// `parse_connection_created`.
    pub parse_fn: String,
    pub docs: Option<String>,
    pub payload: TypeRef,
    /// The value of the event's discriminating property, when the
    /// webhooks have one.
    pub event_type: Option<String>,
}

/// A scheme for signing webhook deliveries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookSigning {
    /// Standard Webhooks (Svix's): HMAC-SHA256 of `{id}.{timestamp}.{body}`
    /// in `webhook-signature` (or `svix-signature`).
    StandardWebhooks,
}

impl WebhookSigning {
    /// Its name in `x-webhook-signing` and `--webhook-signing`.
    pub fn name(self) -> &'static str {
        match self {
            WebhookSigning::StandardWebhooks => "standard-webhooks",
        }
    }

    /// The scheme for its name in `x-webhook-signing` or `--webhook-signing`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "standard-webhooks" | "svix" => Some(WebhookSigning::StandardWebhooks),
            _ => None,
        }
    }
}

impl Api {
    /// Whether the crate has a `Client`: only when there is something to
    /// call (a document of webhooks alone has none).
    pub fn has_client(&self) -> bool {
        !self.operations.is_empty()
    }

    /// Whether any operation has a pagination stream (the crate then needs
    /// the `pagination` runtime and `futures`).
    pub fn paginates(&self) -> bool {
        self.operations.iter().any(|op| op.pagination.is_some())
    }

    /// Whether any operation sends `multipart/form-data` (the crate then
    /// needs the `multipart` runtime and exports its `File`).
    pub fn has_multipart(&self) -> bool {
        self.operations
            .iter()
            .any(|op| matches!(&op.body, Some(b) if matches!(b.kind, BodyKind::Multipart(_))))
    }

    /// Models a user builds: everything reachable from a request body or
    /// parameter.
    pub fn input_types(&self) -> BTreeSet<TypeId> {
        let mut pending: Vec<&TypeRef> = Vec::new();
        for op in &self.operations {
            pending.extend(op.params.iter().map(|p| &p.ty));
            if let Some(BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty)) =
                op.body.as_ref().map(|b| &b.kind)
            {
                pending.push(ty);
            }
        }
        self.types.reachable(pending)
    }

    /// Which serde macros of the runtime the models use (the crate gets
    /// a runtime file for each).
    pub fn model_runtime(&self) -> ModelRuntime {
        let mut runtime = ModelRuntime::default();
        for def in &self.types.defs {
            match &def.kind {
                TypeKind::Struct(_) => runtime.structs = true,
                TypeKind::Enum(_) => runtime.string_enums = true,
                TypeKind::OneOf(o) if o.discriminator.is_some() => runtime.tagged_enums = true,
                TypeKind::OneOf(_) => runtime.untagged_enums = true,
                TypeKind::Alias(_) => {}
            }
        }
        runtime.lossless = runtime.tagged_enums || runtime.untagged_enums;
        runtime
    }
}

/// The serde macros of the runtime that the models use: `json_struct!`,
/// `string_enum!`, `tagged_enum!`, `untagged_enum!`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModelRuntime {
    pub structs: bool,
    /// `lossless.rs`, which both enum macros choose variants with.
    pub lossless: bool,
    pub string_enums: bool,
    pub tagged_enums: bool,
    pub untagged_enums: bool,
}

/// How the client authenticates: every credential it can hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Auth {
    /// In the order the document first asks for them: slot 0 is the one
    /// `Client::new` takes.
    pub slots: Vec<AuthSlot>,
}

/// One credential (or shared header value) the client holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthSlot {
    /// The builder's setter and the client's `with_…` override:
    /// `api_key`, `connection_id`, `token`.
    pub name: String,
    /// The security scheme, or `None` for a header parameter that many
    /// operations share.
    pub scheme_name: Option<String>,
    pub location: AuthLocation,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthLocation {
    Header(String),
    Query(String),
    Cookie(String),
    /// `Authorization: Bearer <token>` (http bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic <credential>`, the credential already encoded.
    Basic,
}

#[derive(Clone, Debug)]
pub struct Operation {
    /// The method name on `Client`, `snake_case`.
    pub name: String,
    /// Where it is in the document: `/paths/~1connections/get`.
    pub pointer: String,
    /// `PascalCase` prefix for the operation's own types.
    pub type_prefix: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub success: Success,
    /// Documented error responses.
    pub errors: Vec<ErrorResponse>,
    /// The credentials it sends: alternatives, each a set of slots of
    /// [`Auth::slots`] sent together; empty when it sends none.
    pub security: Vec<Vec<usize>>,
    /// Slots sent when the client has them (optional shared headers).
    pub optional_slots: Vec<usize>,
    pub pagination: Option<Pagination>,
    /// The header parameter the spec declares for an idempotency key
    /// (`Idempotency-Key`), by its wire name: each call without one gets a
    /// key of its own, sent on every attempt.
    pub idempotency_header: Option<String>,
    /// Its tags, as in the document.
    pub tags: Vec<String>,
    /// The features that compile it (its tags'); empty: every build.
    pub features: Vec<String>,
    /// Its module of `operations` ([`Features::modules`]), when it has
    /// features: the file its method and structs are written in.
    pub module: Option<usize>,
    /// Whether its headers struct ([`Operation::headers_struct`]) is
    /// another operation's (`shared.rs`).
    pub headers_shared: Shared,
    /// Whether its params struct ([`Operation::params_struct`]) is
    /// another operation's (`shared.rs`).
    pub params_shared: Shared,
}

/// How one of the structs the emitter writes per operation (its headers,
/// its params) is shared with other operations (`shared.rs`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shared {
    /// The struct of an earlier operation that is the same: this
    /// operation's is an alias of it.
    pub same_as: Option<String>,
    /// The features of the builds that define this operation's struct:
    /// its own, widened by those of the operations whose alias names it.
    /// Empty: every build.
    pub features: Vec<String>,
}

impl Operation {
    /// Name of the struct holding the optional parameters.
    pub fn params_struct(&self) -> String {
        format!("{}Params", self.type_prefix)
    }

    /// Name of the struct of the headers its answer documents.
    pub fn headers_struct(&self) -> String {
        format!("{}Headers", self.type_prefix)
    }

    /// Whether the method takes a params struct: there are optional
    /// parameters, or an optional body.
    pub fn has_params_struct(&self) -> bool {
        self.params.iter().any(|p| !p.required) || self.body.as_ref().is_some_and(|b| !b.required)
    }

    pub fn optional_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| !p.required)
    }

    /// The required parameters in the order the client method takes them:
    /// path parameters as they appear in the path, then the others in
    /// document order.
    pub fn required_params(&self) -> Vec<&Param> {
        let mut required: Vec<&Param> = self.params.iter().filter(|p| p.required).collect();
        required.sort_by_key(|p| (p.location != ParamLocation::Path, self.path_position(p)));
        required
    }

    /// Where a path parameter appears in the path (`usize::MAX` for others).
    pub fn path_position(&self, param: &Param) -> usize {
        match param.location {
            ParamLocation::Path => self
                .path
                .find(&format!("{{{}}}", param.wire_name))
                .unwrap_or(usize::MAX),
            _ => usize::MAX,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Rust name, unique among the operation's arguments and fields.
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub docs: Option<String>,
    pub default: Option<serde_json::Value>,
    /// For arrays in a query: `true` repeats the name, `false` joins with commas.
    pub explode: bool,
    /// For objects in a query: `style: deepObject` (`name[key]=value`)
    /// rather than one parameter per property.
    pub deep_object: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    pub media_type: String,
    pub kind: BodyKind,
    pub required: bool,
    pub docs: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BodyKind {
    Json(TypeRef),
    /// `application/x-www-form-urlencoded` from a model.
    Form(TypeRef),
    /// `multipart/form-data` from a struct: one part per field.
    Multipart(TypeRef),
    /// Raw bytes sent with the media type as `Content-Type`.
    Bytes,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Success {
    /// The status whose body is the return type (the lowest 2xx, else
    /// `default`); every 2xx answer is decoded as it.
    pub status: String,
    pub body: ResponseBody,
    /// The headers its response documents, typed: the fields of
    /// [`Operation::headers_struct`].
    pub headers: Vec<ResponseHeader>,
}

/// A header a response documents.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResponseHeader {
    /// The Rust field name, unique among the operation's headers.
    pub name: String,
    /// The name on the wire, as the spec writes it.
    pub wire_name: String,
    /// A scalar ([`TypeRef::is_scalar`]); other schemas are read as text.
    pub ty: TypeRef,
    pub docs: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ResponseBody {
    Json(TypeRef),
    Text,
    Bytes,
    Empty,
}

/// A documented error response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorResponse {
    pub status: ErrorStatus,
    pub description: Option<String>,
}

/// One documented non-success status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorStatus {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u8),
    Default,
}

/// Offset pagination: `limit`/`offset` query parameters and a response with
/// a list and a `hasMore` flag.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// The operation's optional parameter carrying the offset.
    pub offset_param: String,
    pub offset_ty: TypeRef,
    /// The response model and its fields.
    pub page_type: TypeId,
    pub items_field: String,
    pub item_ty: TypeRef,
    pub has_more_field: String,
    pub next_offset_field: Option<(String, TypeRef, Presence)>,
}

/// Builds the model from a parsed spec.
pub fn build(spec: &Spec) -> Result<(Api, Vec<Diagnostic>), Diagnostic> {
    let doc = &spec.openapi;
    let mut builder = types::TypeBuilder::new(doc)?;
    let mut auth = auth::slots(doc, &mut builder);
    let mut operations = operations::build(doc, &mut builder, &auth)?;
    auth::shared_headers(&mut auth, &mut operations);
    let webhooks = webhooks::build(doc, &mut builder)?;
    let (types, warnings) = builder.finish();
    let default_base_url = doc
        .servers
        .first()
        .map(|s| s.url.trim_end_matches('/').to_owned())
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"));
    let mut api = Api {
        title: doc.info.title.clone(),
        description: doc.info.description.clone(),
        default_base_url,
        auth,
        types,
        operations,
        webhooks,
        features: Features::default(),
    };
    features::assign(&mut api);
    shared::share(&mut api);
    features::assign_modules(&mut api);
    for id in api.input_types() {
        if let TypeKind::Struct(s) = &mut api.types.defs[id.0].kind {
            s.default = s
                .fields
                .iter()
                .all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable));
        }
    }
    Ok((api, warnings))
}

#[cfg(test)]
mod tests;
