//! The crate's frame: `Cargo.toml`, `src/lib.rs` and `src/auth.rs`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{CrateInfo, docs, ident};
use crate::model::{Api, AuthLocation, Operation, ResponseBody, WEBHOOKS_FEATURE};

/// The runtime package's dependencies, chosen by the runtime modules the
/// crate has; versions are the oldest that have everything the code needs,
/// so the crate fits in most trees.
fn runtime_dependencies(api: &Api) -> Vec<(&'static str, &'static str)> {
    let mut deps = vec![("serde", r#""1.0.200""#), ("serde_json", r#""1""#)];
    if api.has_client() {
        deps.extend([
            ("bytes", r#""1""#),
            ("fastrand", r#""2""#),
            ("httpdate", r#""1""#),
            ("percent-encoding", r#""2.3""#),
            ("reqwest", REQWEST),
            (
                "rustls",
                r#"{ version = "0.23", default-features = false, features = ["std", "tls12"] }"#,
            ),
            ("rustls-platform-verifier", r#""0.7""#),
            ("serde_path_to_error", r#""0.1.16""#),
            (
                "tokio",
                r#"{ version = "1", default-features = false, features = ["time"] }"#,
            ),
            (
                "tracing",
                r#"{ version = "0.1", default-features = false, features = ["std"] }"#,
            ),
            ("url", r#""2""#),
        ]);
    }
    if api.paginates() {
        deps.push(("futures-core", r#""0.3""#));
    }
    if !api.webhooks.list.is_empty() {
        deps.push(("serde_path_to_error", r#""0.1.16""#));
    }
    deps.sort();
    deps.dedup();
    deps
}

const REQWEST: &str =
    r#"{ version = "0.13", default-features = false, features = ["rustls-no-provider", "http2"] }"#;

/// `name = spec` lines.
fn dependency_lines(deps: &[(&str, &str)]) -> String {
    deps.iter()
        .map(|(name, spec)| format!("{name} = {spec}\n"))
        .collect()
}

/// The runtime package's `Cargo.toml`: `NAME-runtime`, at the crate's
/// version, which the API's package requires exactly.
pub fn runtime_cargo_toml(api: &Api, info: &CrateInfo) -> String {
    let deps = dependency_lines(&runtime_dependencies(api));
    // ring builds in seconds; aws-lc-rs (reqwest's own default) builds a C
    // library, about a minute on two cores.
    let features = if api.has_client() {
        "\n[features]\ndefault = [\"ring\"]\n\
         # The TLS crypto provider; the API's package chooses.\n\
         ring = [\"rustls/ring\"]\naws-lc-rs = [\"rustls/aws-lc-rs\"]\n\
         # Lets the API's mock answer in place of the network.\n\
         mock = []\n"
    } else {
        ""
    };
    format!(
        r#"[package]
name = "{name}-runtime"
version = "{version}"
edition = "2024"
rust-version = "1.85"
description = "The runtime of the {name} crate: {what}"

[dependencies]
{deps}{features}"#,
        name = info.name,
        version = info.version,
        what = runtime_contents(api),
    )
}

/// What the runtime package holds, for its description and docs.
fn runtime_contents(api: &Api) -> &'static str {
    if api.has_client() {
        "sending, retries, errors and the decoding macros its generated code builds on"
    } else {
        "the decoding macros its generated code builds on"
    }
}

/// The API package's dependencies: its runtime, and what its own code
/// names (serde and serde_json in the models' macros, reqwest's types in
/// the operations, `http` for webhooks' headers and the mock).
pub fn cargo_toml(api: &Api, info: &CrateInfo) -> String {
    let paginated = api.paginates();
    let signing = info.webhook_signing(api).is_some();
    let runtime = format!(
        r#"{{ package = "{}-runtime", version = "={}", path = "runtime", default-features = false }}"#,
        info.name, info.version
    );
    let mut deps = vec![
        ("runtime", runtime.as_str()),
        ("serde", r#""1.0.200""#),
        ("serde_json", r#""1""#),
    ];
    if api.has_client() {
        deps.push(("reqwest", REQWEST));
        // The mock reads percent-encoded queries.
        deps.push((
            "percent-encoding",
            r#"{ version = "2.3", optional = true }"#,
        ));
    }
    if signing {
        // Standard Webhooks (`src/webhook_signature.rs`): HMAC-SHA256 over
        // the delivery, base64 keys and signatures, and the `HeaderMap` web
        // frameworks hand over.
        deps.extend([
            ("base64", r#""0.22""#),
            ("hmac", r#""0.12""#),
            ("http", r#""1""#),
            ("sha2", r#""0.10""#),
        ]);
    } else if api.has_client() {
        // The mock's answers are `http` responses (reqwest's own types).
        deps.push(("http", r#"{ version = "1", optional = true }"#));
    }
    deps.sort();
    let deps = dependency_lines(&deps);
    // The crate docs' example walks a stream with `futures`.
    let dev_deps = if paginated {
        "\n[dev-dependencies]\nfutures = \"0.3\"\n"
    } else {
        ""
    };
    let what = if api.has_client() {
        "Typed async client for the"
    } else {
        "Typed models and webhooks of the"
    };
    let description = format!("{what} {}", api.title.trim())
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    // The TLS crypto provider, chosen for the runtime: ring by default;
    // aws-lc-rs is reqwest's own default. `mock`: an in-process stand-in
    // for the API, to test code that calls the client (`src/mock.rs`);
    // `http` is already built for reqwest.
    // Tags: one feature each, all on by default (`all-tags`); a user who
    // calls a few compiles only those (see `model::Features`).
    let features = if api.has_client() {
        let mock = if signing {
            "[\"dep:percent-encoding\", \"runtime/mock\"]"
        } else {
            "[\"dep:http\", \"dep:percent-encoding\", \"runtime/mock\"]"
        };
        let tags = &api.features.tags;
        let webhooks = if api.features.webhooks {
            format!(", \"{WEBHOOKS_FEATURE}\"")
        } else {
            String::new()
        };
        let (default, tag_features) = if tags.is_empty() {
            ("[\"ring\"]".to_owned(), String::new())
        } else {
            let list = tags
                .iter()
                .map(|t| format!("{t:?}"))
                .collect::<Vec<_>>()
                .join(", ");
            let each: String = tags.iter().map(|t| format!("{t} = []\n")).collect();
            let webhooks_feature = if api.features.webhooks {
                format!(
                    "# The webhooks' types, parsing and verification.\n{WEBHOOKS_FEATURE} = []\n"
                )
            } else {
                String::new()
            };
            (
                format!("[\"ring\", \"all-tags\"{webhooks}]"),
                format!(
                    "# The operations of each tag, and the types they use: all by default;\n\
                     # with `default-features = false`, name the tags you call (and `ring`).\n\
                     all-tags = [{list}]\n{each}{webhooks_feature}"
                ),
            )
        };
        format!(
            "\n[features]\ndefault = {default}\n\
             # The TLS crypto provider: ring (quick to build) or aws-lc-rs (a C library).\n\
             ring = [\"runtime/ring\"]\naws-lc-rs = [\"runtime/aws-lc-rs\"]\n\
             # An in-process stand-in for the API, to test code that calls the client.\n\
             mock = {mock}\n{tag_features}"
        )
    } else {
        String::new()
    };
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2024"
rust-version = "1.85"
description = "{description}"

[dependencies]
{deps}{features}{dev_deps}"#,
        name = info.name,
        version = info.version,
    )
}

/// The crate-level example: the first operation that needs no arguments,
/// and its stream when it has one.
fn example(api: &Api, crate_name: &str) -> Vec<String> {
    let credential = if !api.auth.slots.is_empty() {
        "\"your-api-key\""
    } else {
        ""
    };
    let simple = api
        .operations
        .iter()
        .find(|op| op.method == "GET" && op.required_params().is_empty() && op.body.is_none());
    let mut lines = vec![
        "```no_run".to_owned(),
        format!("# async fn example() -> Result<(), {crate_name}::Error> {{"),
        format!("let client = {crate_name}::Client::new({credential});"),
    ];
    if let Some(op) = simple {
        let name = op.name.trim_start_matches("r#");
        let args = if op.has_params_struct() {
            "Default::default()"
        } else {
            ""
        };
        let binding = if matches!(op.success.body, ResponseBody::Empty) {
            ""
        } else {
            "let response = "
        };
        lines.push(format!("{binding}client.{name}({args}).await?;"));
        if !binding.is_empty() {
            lines.push("println!(\"{response:?}\");".to_owned());
        }
        if op.pagination.is_some() {
            lines.extend([
                String::new(),
                "// Or every item, page after page:".to_owned(),
                "use futures::TryStreamExt;".to_owned(),
                format!("let stream = client.{name}_stream(Default::default());"),
                "let mut stream = std::pin::pin!(stream);".to_owned(),
                "while let Some(item) = stream.try_next().await? {".to_owned(),
                "    println!(\"{item:?}\");".to_owned(),
                "}".to_owned(),
            ]);
        }
    }
    lines.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned()]);
    lines
}

pub fn lib_rs(api: &Api, info: &CrateInfo) -> TokenStream {
    let crate_name = info.name.replace('-', "_");
    let mut doc: Vec<String> = vec![format!("# {}", api.title.trim()), String::new()];
    if let Some(description) = &api.description {
        doc.extend(super::doc_lines(description));
        doc.push(String::new());
    }
    let signing = info.webhook_signing(api).is_some();
    let has_webhooks = !api.webhooks.list.is_empty();
    let webhooks_doc = match (has_webhooks, signing) {
        (true, true) => ", its [`webhooks`] decoded, and [`Webhook`] to verify their deliveries",
        (true, false) => ", and its [`webhooks`] decoded",
        (false, _) => "",
    };
    if api.has_client() {
        doc.push(format!(
            "A typed async client generated from the API's OpenAPI document by `cargo xtask codegen`: \
             one [`Client`] method per operation, a type in [`models`] for every schema, and one [`Error`] type{webhooks_doc}."
        ));
        doc.push(String::new());
        doc.extend(example(api, &crate_name));
    } else {
        doc.push(format!(
            "Types generated from the API's OpenAPI document by `cargo xtask codegen`: \
             a type in [`models`] for every schema{webhooks_doc}. The API has no operations, \
             so the crate has no client."
        ));
    }
    let doc = doc.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });

    let paginated = api.paginates();
    let pagination_use = paginated.then(|| quote! { pub use pagination::Paginated; });
    let multipart_use = api
        .has_multipart()
        .then(|| quote! { pub use multipart::File; });
    // The runtime's modules this crate's code names as `crate::…`.
    let imported = super::runtime_modules(api)
        .into_iter()
        .filter(|m| m.imported)
        .map(|m| format_ident!("{}", m.name));
    let runtime_use = quote! { use runtime::{#(#imported),*}; };
    let has_params = api.operations.iter().any(Operation::has_params_struct);
    let params_use = has_params.then(|| quote! { pub use operations::*; });
    let base_url = api
        .default_base_url
        .clone()
        .unwrap_or_else(|| "http://localhost".to_owned());
    let base_url_doc = if api.default_base_url.is_some() {
        " The server the client talks to unless [`ClientBuilder::base_url`] says otherwise (the spec's first server)."
    } else {
        " The spec names no absolute server URL: set one with [`ClientBuilder::base_url`]."
    };
    // With features per tag, the webhooks have one too.
    let webhooks_cfg = if api.features.webhooks {
        let feature = WEBHOOKS_FEATURE;
        quote! { #[cfg(feature = #feature)] }
    } else {
        TokenStream::new()
    };
    let webhook_mods = has_webhooks.then(|| {
        let signature_mod = signing.then(|| {
            quote! { #webhooks_cfg #[rustfmt::skip] mod webhook_signature; }
        });
        quote! {
            #signature_mod
            #webhooks_cfg
            #[rustfmt::skip]
            pub mod webhooks;
        }
    });
    // Re-exports in the order rustfmt sorts them, so that `cargo fmt`
    // leaves `lib.rs` as it is.
    let event_use = api.webhooks.event.map(|id| {
        let event = ident(&api.types.get(id).name);
        quote! { #webhooks_cfg pub use models::#event; }
    });
    let webhook_uses = has_webhooks.then(|| {
        let signature = signing.then(|| {
            quote! { #webhooks_cfg pub use webhook_signature::{DEFAULT_TOLERANCE, Webhook}; }
        });
        quote! {
            #webhooks_cfg
            pub use webhook_error::WebhookError;
            #signature
        }
    });
    let http_use = signing.then(|| {
        quote! {
            /// The HTTP types library, re-exported for [`Webhook::verify_raw`]'s headers.
            #webhooks_cfg
            pub use http;
        }
    });
    if !api.has_client() {
        return quote! {
            #( #![doc = #doc] )*
            #![warn(missing_docs)]

            #[rustfmt::skip]
            #[allow(missing_docs)] // fields the spec does not describe
            pub mod models;
            #webhook_mods

            #runtime_use

            #event_use
            #webhook_uses
            #http_use
        };
    }
    // With some tags off, runtime helpers and imports only their
    // operations use go unused: no warnings for that.
    let mut all_tags = api.features.tags.clone();
    if api.features.webhooks {
        all_tags.push(WEBHOOKS_FEATURE.to_owned());
    }
    let partial = (!all_tags.is_empty()).then(|| {
        quote! { #![cfg_attr(not(all(#(feature = #all_tags),*)), allow(dead_code, unused_imports, unused_macros))] }
    });
    quote! {
        #( #![doc = #doc] )*
        #![warn(missing_docs)]
        #partial

        #[rustfmt::skip]
        mod auth;
        #[rustfmt::skip]
        mod client;
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock;
        #[rustfmt::skip]
        #[allow(missing_docs)] // fields the spec does not describe
        pub mod models;
        #[rustfmt::skip]
        mod operations;
        #webhook_mods

        #runtime_use

        pub use call::{Call, FromHeaders, Response, WithResponse};
        pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
        pub use error::*;
        #event_use
        #multipart_use
        #params_use
        #pagination_use
        pub use request::Number;
        pub use retry::RetryPolicy;
        pub use security::tls_config;
        #webhook_uses
        #http_use
        /// The HTTP client library, re-exported for [`ClientBuilder::http_client`].
        pub use reqwest;

        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;
    }
}

pub fn auth_rs(api: &Api) -> TokenStream {
    let slots = &api.auth.slots;
    let Some(primary) = slots.first() else {
        return quote! {
            //! Construction: the API asks for no credential.

            use crate::client::{Api, Client, ClientBuilder};
            use crate::credentials::Credential;

            impl Client {
                /// Creates a client for [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
                pub fn new() -> Self {
                    Self::builder().build_unchecked()
                }

                /// Starts configuring a client.
                pub fn builder() -> ClientBuilder {
                    ClientBuilder::new(&API, None)
                }
            }

            impl Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }


            /// What the runtime knows of this API: it has no credentials.
            pub(crate) static API: Api = Api {
                slots: &[],
                credential,
                base_url: crate::DEFAULT_BASE_URL,
                user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            };

            /// The API has no security scheme, so a client never has a
            /// credential to send.
            pub(crate) fn credential(_slot: usize, _secret: String) -> Result<Credential, &'static str> {
                Err("the API has no security scheme to send a credential with")
            }
        };
    };
    let mut uses_header = false;
    let mut uses_authorization = false;
    let mut uses_secret = false;
    let arms = slots
        .iter()
        .enumerate()
        .map(|(index, slot)| {
            let body = match &slot.location {
                AuthLocation::Header(name) => {
                    uses_header = true;
                    let lower = name.to_ascii_lowercase();
                    let invalid = if slot.name == "api_key" {
                        "the API key is not a valid header value".to_owned()
                    } else {
                        format!("the `{}` value is not a valid header value", slot.name)
                    };
                    quote! {
                        let mut value = HeaderValue::try_from(secret).map_err(|_| #invalid)?;
                        value.set_sensitive(true);
                        Ok(Credential::Header(HeaderName::from_static(#lower), value))
                    }
                }
                AuthLocation::Query(name) => {
                    uses_secret = true;
                    quote! { Ok(Credential::Query(#name, Secret(secret))) }
                }
                AuthLocation::Cookie(name) => {
                    uses_secret = true;
                    let pair = format!("{}={{secret}}", name.replace('{', "{{").replace('}', "}}"));
                    quote! { Ok(Credential::Cookie(Secret(format!(#pair)))) }
                }
                AuthLocation::Bearer | AuthLocation::Basic => {
                    uses_authorization = true;
                    let scheme = if slot.location == AuthLocation::Bearer {
                        "Bearer"
                    } else {
                        "Basic"
                    };
                    let value = format!("{scheme} {{secret}}");
                    quote! {
                        let mut value = HeaderValue::try_from(format!(#value))
                            .map_err(|_| "the credential is not a valid header value")?;
                        value.set_sensitive(true);
                        Ok(Credential::Header(AUTHORIZATION, value))
                    }
                }
            };
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote! { #index => { #body } }
        })
        .collect::<Vec<_>>();
    let header_items = match (uses_header, uses_authorization) {
        (true, true) => quote! { use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue}; },
        (true, false) => quote! { use reqwest::header::{HeaderName, HeaderValue}; },
        (false, true) => quote! { use reqwest::header::{AUTHORIZATION, HeaderValue}; },
        (false, false) => quote! {},
    };
    // Query and cookie credentials keep the raw secret, out of `Debug`.
    let secret_use = uses_secret.then(|| quote! { use crate::security::Secret; });
    let arg = ident(&primary.name);
    let new_doc = format!(
        " Creates a client for [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL) that sends `{}` {}.",
        primary.name,
        placement(&primary.location)
    );
    // A paragraph of the scheme's own description, when it has one.
    let paragraph = |description: Option<&str>| {
        description.filter(|d| !d.trim().is_empty()).map(|d| {
            let doc = docs(Some(d));
            quote! { #[doc = ""] #doc }
        })
    };
    let scheme_doc = paragraph(primary.description.as_deref());
    let setters = slots.iter().enumerate().skip(1).map(|(index, slot)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let name = ident(&slot.name);
        let doc = format!(
            " Sets `{}`, sent {} with every call that needs it;\n [`Client::with_{}`] overrides it for some calls.",
            slot.name,
            placement(&slot.location),
            slot.name
        );
        let doc = doc.lines().map(str::to_owned);
        let slot_doc = paragraph(slot.description.as_deref());
        quote! {
            #( #[doc = #doc] )*
            #slot_doc
            pub fn #name(self, #name: impl Into<String>) -> Self {
                self.set_credential(#index, #name.into())
            }
        }
    });
    let overrides = slots.iter().enumerate().map(|(index, slot)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let name = ident(&slot.name);
        let method = format_ident!("with_{}", slot.name);
        let doc = format!(
            " This client (same connection pool and settings) with another `{}`\n for the calls made through it: `client.with_{}(...).some_call(...)`.",
            slot.name, slot.name
        );
        let doc = doc.lines().map(str::to_owned);
        quote! {
            #( #[doc = #doc] )*
            #[must_use]
            pub fn #method(&self, #name: impl Into<String>) -> Client {
                self.with_credential(#index, #name.into())
            }
        }
    });
    let setters: Vec<TokenStream> = setters.collect();
    let builder_impl =
        (!setters.is_empty()).then(|| quote! { impl ClientBuilder { #(#setters)* } });
    let slot_names = slots.iter().map(|s| s.name.as_str());
    let last = slots.len() - 1;
    let module_doc = [
        " Authentication: the credentials the client holds.".to_owned(),
        String::new(),
    ]
    .into_iter()
    .chain(slots.iter().enumerate().map(|(i, s)| {
        let origin = s.scheme_name.as_deref().map_or_else(
            || "a header many operations share".to_owned(),
            |scheme| format!("the spec's `{scheme}` scheme"),
        );
        let end = if i == last { '.' } else { ';' };
        format!(
            " - `{}`: {origin}, sent {}{end}",
            s.name,
            placement(&s.location)
        )
    }))
    .collect::<Vec<_>>();
    quote! {
        #( #![doc = #module_doc] )*

        #header_items

        use crate::client::{Api, Client, ClientBuilder};
        use crate::credentials::Credential;
        #secret_use

        impl Client {
            #[doc = #new_doc]
            #scheme_doc
            ///
            /// # Panics
            ///
            /// Like `reqwest::Client::new`, when the TLS backend cannot be
            /// initialised; use [`Client::builder`] to handle that as an error.
            pub fn new(#arg: impl Into<String>) -> Self {
                Self::builder(#arg).build_unchecked()
            }

            /// Starts configuring a client that authenticates with the given credential.
            pub fn builder(#arg: impl Into<String>) -> ClientBuilder {
                ClientBuilder::new(&API, Some(#arg.into()))
            }

            #(#overrides)*
        }

        #builder_impl


        /// What the runtime knows of this API: the names of its
        /// credentials by slot, how each is sent, its server and this
        /// crate's name.
        pub(crate) static API: Api = Api {
            slots: &[#(#slot_names),*],
            credential,
            base_url: crate::DEFAULT_BASE_URL,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
        };

        /// A credential as it goes on every request, prepared once when the
        /// client is built (or a call overrides it).
        pub(crate) fn credential(slot: usize, secret: String) -> Result<Credential, &'static str> {
            match slot {
                #(#arms)*
                _ => Err("the API has no such credential"),
            }
        }
    }
}

/// Where a credential goes, for docs: "in the `apiKey` header".
fn placement(location: &AuthLocation) -> String {
    match location {
        AuthLocation::Header(name) => format!("in the `{name}` header"),
        AuthLocation::Query(name) => format!("as the `{name}` query parameter"),
        AuthLocation::Cookie(name) => format!("as the `{name}` cookie"),
        AuthLocation::Bearer => "in the `Authorization: Bearer` header".to_owned(),
        AuthLocation::Basic => "in the `Authorization: Basic` header".to_owned(),
    }
}

/// The runtime package's `lib.rs`: its modules, public for the API's
/// package and hidden from docs, and at its root what the API's package
/// re-exports (the runtime's own doc links name them there too).
pub fn runtime_lib_rs(api: &Api, info: &CrateInfo) -> TokenStream {
    let doc = format!(
        " The runtime of the `{name}` crate, written by the same generator: {}. \
         Depend on `{name}`; this crate's modules are its building blocks, not \
         an API of their own.",
        runtime_contents(api),
        name = info.name,
    );
    let modules = super::runtime_modules(api)
        .into_iter()
        .map(|m| format_ident!("{}", m.name));
    let client_uses = api.has_client().then(|| {
        quote! {
            pub use call::{Call, FromHeaders, Response, WithResponse};
            pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
            pub use error::*;
            pub use request::Number;
            pub use reqwest;
            pub use retry::RetryPolicy;
            pub use security::tls_config;
        }
    });
    quote! {
        #![doc = #doc]

        #(
            #[doc(hidden)]
            pub mod #modules;
        )*

        #client_uses
    }
}
