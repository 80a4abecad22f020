//! Stage 3: turn the model into Rust tokens (with `quote`), one token stream
//! per generated source file, plus the text files (`Cargo.toml`) and the
//! hand-written runtime copied in from `xtask/runtime/`.
//!
//! The emitter reads only [`crate::model::Api`], never the spec.

mod crate_files;
mod models;
mod operations;
mod rust_type;
mod webhooks;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};

use crate::model::{Api, Module, Operation, WebhookSigning};

pub use rust_type::{RustType, Scope, rust_type};

/// One output file before formatting.
pub enum Output {
    /// Rust tokens, to be pretty-printed.
    Rust(TokenStream),
    /// Rust source kept as written (the runtime).
    RustText(&'static str),
    /// Any other text (`Cargo.toml`).
    Text(String),
}

/// What the crate is: its package name and version, and what the user
/// asked for besides the document.
#[derive(Clone, Debug, Default)]
pub struct CrateInfo {
    /// The package name, `ofauth`.
    pub name: String,
    pub version: String,
    /// Traits every model derives besides its own (`Eq`, `Hash`,
    /// `PartialOrd`…), as typify's and progenitor's `with_derive`; each a
    /// trait of the standard prelude, checked by [`crate::generate`].
    pub derives: Vec<String>,
    /// How the API signs webhook deliveries, when the document does not say
    /// (`x-webhook-signing`); the document's word wins.
    pub webhook_signing: Option<WebhookSigning>,
}

impl CrateInfo {
    /// How the crate verifies webhook deliveries: the document's scheme,
    /// else the one given here; none when the API has no webhooks.
    pub fn webhook_signing(&self, api: &Api) -> Option<WebhookSigning> {
        if api.webhooks.list.is_empty() {
            return None;
        }
        api.webhooks.signing.or(self.webhook_signing)
    }
}

/// One file of the generated crate, before it is emitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    CargoToml,
    Lib,
    Auth,
    /// One of the fixed parts (`models::PARTS`) of `models.rs`.
    Models(usize),
    /// A module of `models` (`Features::modules`).
    ModelsModule(usize),
    Operations,
    /// A module of `operations` (`Features::modules`).
    OperationsModule(usize),
    Webhooks,
    /// The runtime package's `Cargo.toml`.
    RuntimeCargoToml,
    /// The runtime package's `lib.rs`: its modules and re-exports.
    RuntimeLib,
    /// A runtime file, copied as written.
    Runtime(&'static str),
}

/// One file of the runtime crate (`runtime/src/`), copied as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuntimeModule {
    /// The module's name, `call`.
    pub name: &'static str,
    pub text: &'static str,
    /// Whether the API package's code names it (`crate::call::Call`), so
    /// its `lib.rs` imports it; the rest only the runtime uses.
    pub imported: bool,
}

macro_rules! runtime_module {
    ($name:literal) => {
        runtime_module!($name, imported: true)
    };
    ($name:literal, imported: $imported:literal) => {
        RuntimeModule {
            name: $name,
            text: include_str!(concat!("../../../runtime/", $name, ".rs")),
            imported: $imported,
        }
    };
}

/// The runtime modules this API's crate uses, in name order: the client's
/// when it has operations, and each model or webhook helper it needs.
pub fn runtime_modules(api: &Api) -> Vec<RuntimeModule> {
    let client = api.has_client();
    let models = api.model_runtime();
    let modules = [
        (client, runtime_module!("call")),
        (client, runtime_module!("client", imported: false)),
        (client, runtime_module!("credentials")),
        (client, runtime_module!("error")),
        (models.structs, runtime_module!("json_struct")),
        (
            models.lossless,
            runtime_module!("lossless", imported: false),
        ),
        (api.has_multipart(), runtime_module!("multipart")),
        (api.paginates(), runtime_module!("pagination")),
        (
            api.operations.iter().any(Operation::has_params_struct),
            runtime_module!("params"),
        ),
        (client, runtime_module!("request")),
        (client, runtime_module!("retry")),
        (client, runtime_module!("security")),
        (client, runtime_module!("send", imported: false)),
        (models.string_enums, runtime_module!("string_enum")),
        (models.tagged_enums, runtime_module!("tagged_enum")),
        (models.untagged_enums, runtime_module!("untagged_enum")),
        (
            !api.webhooks.list.is_empty(),
            runtime_module!("webhook_error"),
        ),
    ];
    modules
        .into_iter()
        .filter_map(|(used, module)| used.then_some(module))
        .collect()
}

/// Every file of the generated crate, by path relative to the crate root,
/// in a fixed order. Each is emitted on its own ([`emit_file`]), so the
/// caller can emit and format them in parallel.
///
/// The crate is two packages: the API's (`src/`: its models, operations,
/// webhooks and the `Client` they are methods of) and, in `runtime/`, the
/// runtime it builds on (sending, errors, the decoding macros), which a
/// re-check of the API's package after a regeneration does not redo.
/// An API without operations (only webhooks and schemas) gets no client:
/// its crate is the models and the webhooks.
pub fn plan(api: &Api, info: &CrateInfo) -> Vec<(String, FileKind)> {
    let mut files = vec![
        ("Cargo.toml".to_owned(), FileKind::CargoToml),
        ("src/lib.rs".to_owned(), FileKind::Lib),
    ];
    if api.has_client() {
        files.extend([
            ("src/auth.rs".to_owned(), FileKind::Auth),
            (
                "src/client.rs".to_owned(),
                FileKind::Runtime(include_str!("../../../runtime/facade/client.rs")),
            ),
            (
                "src/mock.rs".to_owned(),
                FileKind::Runtime(include_str!("../../../runtime/facade/mock.rs")),
            ),
        ]);
    }
    files.push(("src/models.rs".to_owned(), FileKind::Models(0)));
    for (i, module) in api.features.modules.iter().enumerate() {
        if module.types {
            let path = format!("src/models/{}.rs", module.file_name());
            files.push((path, FileKind::ModelsModule(i)));
        }
    }
    if api.has_client() {
        files.push(("src/operations.rs".to_owned(), FileKind::Operations));
        for (i, module) in api.features.modules.iter().enumerate() {
            if module.operations {
                let path = format!("src/operations/{}.rs", module.file_name());
                files.push((path, FileKind::OperationsModule(i)));
            }
        }
    }
    if info.webhook_signing(api).is_some() {
        // Its `Webhook` gets the API's `verify` in `webhooks.rs`: this
        // crate's type, not the runtime's.
        files.push((
            "src/webhook_signature.rs".to_owned(),
            FileKind::Runtime(include_str!("../../../runtime/facade/webhook_signature.rs")),
        ));
    }
    if !api.webhooks.list.is_empty() {
        files.push(("src/webhooks.rs".to_owned(), FileKind::Webhooks));
    }
    files.push(("runtime/Cargo.toml".to_owned(), FileKind::RuntimeCargoToml));
    files.push(("runtime/src/lib.rs".to_owned(), FileKind::RuntimeLib));
    for module in runtime_modules(api) {
        let path = format!("runtime/src/{}.rs", module.name);
        files.push((path, FileKind::Runtime(module.text)));
    }
    files
}

/// The parts a planned file is emitted in, each formatted on its own and
/// then joined: `models.rs` has `models::PARTS`, every other file one.
pub fn parts(kind: FileKind) -> Vec<FileKind> {
    match kind {
        FileKind::Models(_) => (0..models::PARTS).map(FileKind::Models).collect(),
        other => vec![other],
    }
}

/// Emits one file (or part) of the plan.
pub fn emit_file(api: &Api, info: &CrateInfo, kind: FileKind) -> Output {
    match kind {
        FileKind::CargoToml => Output::Text(crate_files::cargo_toml(api, info)),
        FileKind::Lib => Output::Rust(crate_files::lib_rs(api, info)),
        FileKind::Auth => Output::Rust(crate_files::auth_rs(api)),
        FileKind::Models(part) => Output::Rust(models::models_rs_part(api, info, part)),
        FileKind::ModelsModule(module) => Output::Rust(models::models_module(api, info, module)),
        FileKind::Operations => Output::Rust(operations::operations_rs(api)),
        FileKind::OperationsModule(module) => {
            Output::Rust(operations::operations_module(api, module))
        }
        FileKind::Webhooks => Output::Rust(webhooks::webhooks_rs(api, info)),
        FileKind::RuntimeCargoToml => Output::Text(crate_files::runtime_cargo_toml(api, info)),
        FileKind::RuntimeLib => Output::Rust(crate_files::runtime_lib_rs(api, info)),
        FileKind::Runtime(text) => Output::RustText(text),
    }
}

/// Every file of the generated crate, emitted (each part of a file in
/// turn), in the order of [`plan`].
pub fn emit(api: &Api, info: &CrateInfo) -> Vec<(String, Vec<Output>)> {
    plan(api, info)
        .into_iter()
        .map(|(path, kind)| {
            let outputs = parts(kind)
                .into_iter()
                .map(|part| emit_file(api, info, part))
                .collect();
            (path, outputs)
        })
        .collect()
}

pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// Doc attributes for a spec description: one `#[doc]` per line, with the
/// markdown made safe for rustdoc (no accidental doctests, no bare URLs).
pub fn doc_lines(text: &str) -> Vec<String> {
    let text = join_split_links(text.trim_end());
    let lines: Vec<&str> = text.lines().collect();
    // Strip the indentation common to all lines, so indented text does not
    // turn into a code block.
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut in_fence = false;
    // While lines continue a list item: the indentation they get.
    let mut continuation: Option<usize> = None;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let line = line.get(indent..).unwrap_or(line.trim_start()).trim_end();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            if in_fence {
                in_fence = false;
                out.push(line.to_owned());
            } else {
                in_fence = true;
                // Code in a spec is an example for people, not a doctest.
                let lang = lang.trim();
                let lang = if lang.is_empty() || lang == "rust" {
                    "text"
                } else {
                    lang
                };
                out.push(format!("{}```{lang}", &line[..line.len() - trimmed.len()]));
            }
            continue;
        }
        if in_fence {
            out.push(line.replace('\t', "    "));
            continue;
        }
        // Leading indentation of four or more would start a code block.
        let text = escape_markdown(&trimmed.replace('\t', "    "));
        // A line that continues a list item or a quote without saying so
        // (CommonMark's lazy continuation) is written as what it is, so
        // clippy's doc lints have nothing to say about the spec's text.
        let continues = !text.is_empty() && !starts_block(&text);
        let previous = out.last().map(String::as_str).unwrap_or("");
        if continues && let Some(width) = list_item_width(previous).or(continuation) {
            continuation = Some(width);
            out.push(format!("{}{text}", " ".repeat(width)));
        } else if continues && previous.starts_with('>') {
            out.push(format!("> {text}"));
        } else {
            continuation = list_item_width(&text);
            out.push(text);
        }
    }
    out
}

/// Whether a markdown line starts a block of its own rather than
/// continuing a paragraph: a list item, a quote, a heading, a table row.
fn starts_block(line: &str) -> bool {
    list_item_width(line).is_some() || line.starts_with(['>', '#', '|'])
}

/// The width of a list item's marker and the spaces after it (`- ` is 2,
/// `*   ` 4, `10. ` 4): where its text starts, which continuation lines
/// are indented to.
fn list_item_width(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let ordered = digits > 0 && digits < 10 && line[digits..].starts_with(['.', ')']);
        if !ordered {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    // Text must follow; more than four spaces start indented code, which
    // leaves the text one column after the marker.
    match spaces {
        0 => None,
        _ if line.len() == marker + spaces => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Wraps bare URLs in `<>` and escapes brackets that are not links, so
/// rustdoc neither warns nor tries intra-doc links.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        let next_url = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        match next_url {
            Some(start) => {
                out.push_str(&escape_brackets(&rest[..start]));
                let end = rest[start..]
                    .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | ']'))
                    .map_or(rest.len(), |e| start + e);
                let url = rest[start..end].trim_end_matches(['.', ',', ';', ':']);
                let preceded = out.ends_with('(') || out.ends_with('<') || out.ends_with("](");
                if preceded {
                    out.push_str(url);
                } else {
                    out.push('<');
                    out.push_str(url);
                    out.push('>');
                }
                rest = &rest[start + url.len()..];
            }
            None => {
                out.push_str(&escape_brackets(rest));
                break;
            }
        }
    }
    out
}

/// `text` with each link whose text runs over lines (`[Create or\nupdate a
/// secret](https://…)`) on one line: the escaping below sees a line at a
/// time, and would take the `[` for text and leave the URL bare. A blank
/// line ends the search (a link never spans paragraphs).
fn join_split_links(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'[' {
            i += 1;
            continue;
        }
        let Some(close) = text[i..].find(']').map(|c| i + c) else {
            break;
        };
        let inner = &text[i + 1..close];
        if inner.contains('\n')
            && !inner.contains("\n\n")
            && !inner.contains('[')
            && bytes.get(close + 1) == Some(&b'(')
        {
            out.push_str(&text[copied..=i]);
            let words: Vec<&str> = inner.split_whitespace().collect();
            out.push_str(&words.join(" "));
            copied = close;
        }
        i = close;
    }
    out.push_str(&text[copied..]);
    out
}

/// `[text](url)` stays a link; any other `[` or `]` is escaped.
fn escape_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' {
            // An intra-doc link to code: [`Name`].
            if chars.get(i + 1) == Some(&'`') {
                if let Some(close) = chars[i..].iter().position(|c| *c == ']') {
                    if close >= 3 && chars[i + close - 1] == '`' {
                        out.extend(&chars[i..=i + close]);
                        i += close + 1;
                        continue;
                    }
                }
            }
            if let Some(close) = chars[i..].iter().position(|c| *c == ']') {
                if chars.get(i + close + 1) == Some(&'(') {
                    out.extend(&chars[i..=i + close]);
                    i += close + 1;
                    continue;
                }
            }
            out.push_str("\\[");
        } else if chars[i] == ']' {
            out.push_str("\\]");
        } else {
            out.push(chars[i]);
        }
        i += 1;
    }
    out
}

/// `#[doc]` attributes for the given paragraphs, separated by blank lines.
/// `#[cfg(...)]` for what only some builds compile: those with one of
/// `features` on (an operation's tags, see `model::Features`); nothing for
/// what every build has.
pub fn cfg_attr(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any(#(feature = #many),*))] },
    }
}

/// A module's `mod` line behind its features and, with `reexport`, the
/// `pub use` of its items.
pub fn module_lines(module: &Module, reexport: bool) -> TokenStream {
    let name = ident(&module.name);
    let cfg = cfg_attr(&module.features);
    let reexport = reexport.then(|| quote! { #cfg pub use #name::*; });
    quote! {
        #cfg
        mod #name;
        #reexport
    }
}

/// Features for a doc line: `` `a` or `b` ``.
pub fn feature_list(features: &[String]) -> String {
    features
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Each item of `items` behind [`cfg_attr`]`(features)`, after its docs.
pub fn gated(items: TokenStream, features: &[String]) -> TokenStream {
    if features.is_empty() {
        return items;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else {
        return items;
    };
    // syn's types here do not implement `Clone`: one attribute per item,
    // parsed from the one spelling of it.
    let cfg = || {
        syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg_attr(features))
            .unwrap_or_default()
    };
    for item in &mut file.items {
        let attrs = match item {
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Macro(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Const(i) => &mut i.attrs,
            _ => continue,
        };
        let after_docs = attrs
            .iter()
            .take_while(|a| a.path().is_ident("doc"))
            .count();
        attrs.splice(after_docs..after_docs, cfg());
    }
    file.into_token_stream()
}

pub fn docs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        if paragraph.trim().is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(doc_lines(paragraph));
    }
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_continuations_are_written_out_and_tabs_are_spaces() {
        assert_eq!(
            doc_lines(
                "- one\nstill one\nand more\n10. ten\nstill ten\n*   four\nstill four\n\nafter"
            ),
            [
                "- one",
                "  still one",
                "  and more",
                "10. ten",
                "    still ten",
                "*   four",
                "    still four",
                "",
                "after"
            ]
        );
        assert_eq!(
            doc_lines("> [!NOTE]\n>    note\nstill the note\n# Title"),
            ["> \\[!NOTE\\]", ">    note", "> still the note", "# Title"]
        );
        assert_eq!(doc_lines("| a\t| b |"), ["| a    | b |"]);
    }

    #[test]
    fn docs_are_safe_for_rustdoc() {
        assert_eq!(
            doc_lines("see https://x.y/z."),
            vec!["see <https://x.y/z>."]
        );
        assert_eq!(
            doc_lines("[API key](/quickstart#2)"),
            vec!["[API key](/quickstart#2)"]
        );
        assert_eq!(
            doc_lines("[API key](https://a.b/c)"),
            vec!["[API key](https://a.b/c)"]
        );
        assert_eq!(doc_lines("a [b] c"), vec!["a \\[b\\] c"]);
        assert_eq!(doc_lines("see [`Client`]."), vec!["see [`Client`]."]);
        assert_eq!(
            doc_lines("```\nfn x()\n```"),
            vec!["```text", "fn x()", "```"]
        );
        assert_eq!(
            doc_lines("    indented\n      more"),
            vec!["indented", "more"]
        );
        assert_eq!(doc_lines("<https://a.b>"), vec!["<https://a.b>"]);
        // A link whose text runs over lines is one line, still a link.
        assert_eq!(
            doc_lines(
                "See [Create or\n  update a secret](https://a.b/c).\nNext [a] b\n\n[c\n\nd](e)"
            ),
            vec![
                "See [Create or update a secret](https://a.b/c).",
                "Next \\[a\\] b",
                "",
                "\\[c",
                "",
                "d\\](e)"
            ]
        );
    }

    #[test]
    fn an_operation_names_its_method_and_path_once() {
        let text = r##"openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a: {get: {responses: {"204": {description: ok}}}}
  /b: {get: {summary: Get b, responses: {"204": {description: ok}}}}
  /c: {get: {summary: Lists c., responses: {"204": {description: ok}, "404": {description: No c}}}}
  /d: {get: {summary: "Two\nlines", description: More., responses: {"204": {description: ok}}}}
  /e: {get: {description: Only a description., responses: {"204": {description: ok}}}}
"##;
        let (api, _) = crate::model::build(&crate::load::parse(text).unwrap()).unwrap();
        let info = CrateInfo::default();
        let output = emit_file(&api, &info, FileKind::Operations);
        let text = crate::format::format("src/operations.rs", output).unwrap();
        assert_eq!(text.matches("`GET /a`").count(), 1, "{text}");
        assert!(text.contains("/// Calls `GET /a`.\n"), "{text}");
        assert_eq!(text.matches("`GET /b`").count(), 1, "{text}");
        // On the summary's line, the one rustdoc lists the method by.
        assert!(text.contains("/// Get b (`GET /b`)\n    pub fn"), "{text}");
        assert!(text.contains("/// Lists c (`GET /c`).\n"), "{text}");
        // A summary over lines, or none: a paragraph after the description.
        assert!(
            text.contains(
                "/// Two\n    /// lines\n    ///\n    /// More.\n    ///\n    /// `GET /d`\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("/// Only a description.\n    ///\n    /// `GET /e`\n"),
            "{text}"
        );
        // An `# Errors` section only where the spec documents an error.
        assert_eq!(text.matches("# Errors").count(), 1, "{text}");
        assert!(text.contains("/// - 404: No c\n"), "{text}");
    }

    #[test]
    fn the_runtime_is_a_package_of_its_own_and_the_api_imports_what_it_names() {
        let text = r##"openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a:
    get:
      parameters: [{name: q, in: query, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}
components:
  schemas:
    A: {type: object, properties: {kind: {type: string, enum: [x, y]}}}
"##;
        let (api, _) = crate::model::build(&crate::load::parse(text).unwrap()).unwrap();
        let info = CrateInfo {
            name: "t-api".to_owned(),
            version: "1.2.3".to_owned(),
            ..CrateInfo::default()
        };
        let paths: Vec<String> = plan(&api, &info).into_iter().map(|(p, _)| p).collect();
        let runtime: Vec<&str> = paths
            .iter()
            .filter_map(|p| p.strip_prefix("runtime/src/"))
            .collect();
        assert_eq!(
            runtime,
            [
                "lib.rs",
                "call.rs",
                "client.rs",
                "credentials.rs",
                "error.rs",
                "json_struct.rs",
                "params.rs",
                "request.rs",
                "retry.rs",
                "security.rs",
                "send.rs",
                "string_enum.rs",
            ]
        );
        // The API's package: the generated files and the three whose types
        // get generated methods.
        for own in ["src/client.rs", "src/mock.rs", "src/operations.rs"] {
            assert!(paths.iter().any(|p| p == own), "{paths:?}");
        }
        assert!(!paths.iter().any(|p| p == "src/send.rs"), "{paths:?}");

        let manifest = crate_files::cargo_toml(&api, &info);
        assert!(
            manifest.contains(r#"runtime = { package = "t-api-runtime", version = "=1.2.3", path = "runtime", default-features = false }"#),
            "{manifest}"
        );
        assert!(
            manifest.contains(r#"ring = ["runtime/ring"]"#),
            "{manifest}"
        );
        let runtime_manifest = crate_files::runtime_cargo_toml(&api, &info);
        assert!(runtime_manifest.contains("name = \"t-api-runtime\"\nversion = \"1.2.3\""));
        assert!(runtime_manifest.contains(r#"ring = ["rustls/ring"]"#));

        // `lib.rs` imports the runtime modules its code names as
        // `crate::…`, and no others (an unused import would warn).
        let lib = emit_file(&api, &info, FileKind::Lib);
        let lib = crate::format::format("src/lib.rs", lib).unwrap();
        assert!(
            lib.contains(
                "use runtime::{\n    call, credentials, error, json_struct, params, request, retry, security, string_enum,\n};"
            ),
            "{lib}"
        );
        let runtime_lib = emit_file(&api, &info, FileKind::RuntimeLib);
        let runtime_lib = crate::format::format("runtime/src/lib.rs", runtime_lib).unwrap();
        assert!(
            runtime_lib.contains("#[doc(hidden)]\npub mod send;\n"),
            "{runtime_lib}"
        );
    }

    #[test]
    fn each_tag_has_a_module_whose_mod_line_is_its_gate() {
        let text = r##"openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: listA
      tags: [A]
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          headers: {Link: {schema: {type: string}}}
          content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}
  /b:
    get:
      operationId: listB
      tags: [B]
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {'200': {description: ok, headers: {Link: {schema: {type: string}}}}}
  /c:
    get:
      operationId: getC
      tags: [C]
      responses: {'204': {description: ok}}
  /d:
    get:
      operationId: getD
      responses: {'204': {description: ok}}
components:
  schemas:
    Item: {type: object, properties: {id: {type: string}}}
"##;
        let (api, _) = crate::model::build(&crate::load::parse(text).unwrap()).unwrap();
        let info = CrateInfo::default();
        let files: Vec<String> = plan(&api, &info)
            .into_iter()
            .map(|(path, _)| path)
            .filter(|path| path.starts_with("src/operations") || path.starts_with("src/models"))
            .collect();
        assert_eq!(
            files,
            [
                "src/models.rs",
                "src/models/a.rs",
                "src/operations.rs",
                "src/operations/a.rs",
                "src/operations/b.rs",
                "src/operations/c.rs"
            ]
        );
        let format = |kind| crate::format::format("x.rs", emit_file(&api, &info, kind)).unwrap();
        let root = format(FileKind::Operations);
        // A module re-exports its structs (B's aliases); A's are both
        // here, and C has none.
        assert!(
            root.contains(
                "#[cfg(feature = \"b\")]\nmod b;\n\n#[cfg(feature = \"b\")]\npub use b::*;\n"
            ),
            "{root}"
        );
        assert!(!root.contains("pub use a::*"), "{root}");
        assert!(root.contains("#[cfg(feature = \"c\")]\nmod c;\n"), "{root}");
        assert!(!root.contains("pub use c::*"), "{root}");
        // The untagged operation is here, ungated; the headers both tags'
        // operations name too, behind either feature.
        assert!(root.contains("pub fn get_d("), "{root}");
        assert!(
            root.contains(
                "#[cfg(any(feature = \"a\", feature = \"b\"))]\n#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\npub struct ListAHeaders"
            ),
            "{root}"
        );
        let a = format(FileKind::OperationsModule(0));
        assert!(
            !a.contains("#[cfg(feature = \"a\")]"),
            "no item needs a gate: {a}"
        );
        assert!(
            a.contains("Call<'_, models::Item, super::ListAHeaders>"),
            "{a}"
        );
        // So are A's params, which B's operation takes too.
        assert!(!a.contains("pub struct ListAParams"), "{a}");
        assert!(a.contains("params: super::ListAParams"), "{a}");
        assert!(
            root.contains(
                "#[cfg(any(feature = \"a\", feature = \"b\"))]\nparams! {\n    /// The optional parameters of [`Client::list_a`](crate::Client::list_a).\n    pub struct ListAParams {"
            ),
            "{root}"
        );
        // The model only A's operation uses is in A's module of `models`.
        let models = format(FileKind::Models(0));
        assert!(
            models.contains(
                "#[cfg(feature = \"a\")]\nmod a;\n\n#[cfg(feature = \"a\")]\npub use a::*;\n"
            ),
            "{models}"
        );
        assert!(!models.contains("pub struct Item"), "{models}");
        let items = format(FileKind::ModelsModule(0));
        assert!(items.contains("use super::*;"), "{items}");
        assert!(items.contains("    pub struct Item {"), "{items}");
        assert!(!items.contains("#[cfg(feature = \"a\")]"), "{items}");
        let b = format(FileKind::OperationsModule(1));
        assert!(
            b.contains("pub type ListBHeaders = super::ListAHeaders;"),
            "{b}"
        );
        assert!(
            b.contains("pub type ListBParams = super::ListAParams;"),
            "{b}"
        );
        assert!(b.contains("params: ListBParams"), "{b}");
    }

    #[test]
    fn paragraphs_are_separated() {
        let tokens = docs(["Summary", "", "Line one\nline two"]).to_string();
        assert_eq!(
            tokens,
            r#"# [doc = " Summary"] # [doc = ""] # [doc = " Line one"] # [doc = " line two"]"#
        );
    }
}
