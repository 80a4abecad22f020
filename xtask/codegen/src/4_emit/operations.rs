//! `src/operations.rs`: one `Client` method per operation, the structs of
//! optional parameters, and the pagination streams.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::{Scope, cfg_attr, docs, feature_list, gated, ident, module_lines, rust_type};
use crate::model::{
    Api, BodyKind, ErrorResponse, ErrorStatus, Operation, Pagination, Param, ParamLocation,
    Presence, ResponseBody, Shared, TypeKind, TypeRef, TypeSpace,
};

/// `src/operations.rs`: a module per set of features (the operations of
/// a tag, `src/operations/repos.rs`, compiled only with its feature), the
/// operations without features, and what several modules share.
pub fn operations_rs(api: &Api) -> TokenStream {
    let modules = api.features.modules.iter().enumerate();
    let modules = modules.filter(|(_, m)| m.operations).map(|(i, m)| {
        // Its structs, for `lib.rs` to re-export with the others.
        let exports = api.operations.iter().any(|op| {
            let headers =
                !op.success.headers.is_empty() && struct_home(op, &op.headers_shared) == Some(i);
            let params = op.has_params_struct() && struct_home(op, &op.params_shared) == Some(i);
            params || headers
        });
        module_lines(m, exports)
    });
    let FileItems { uses, items } = file_items(api, None);
    quote! {
        //! The API's operations, as methods of [`Client`], and the structs that
        //! carry their optional parameters.
        #uses
        #(#modules)*
        #items
    }
}

/// `src/operations/{name}.rs`: the operations of one module of
/// [`Features::modules`](crate::model::Features::modules), whose `mod`
/// line in `operations.rs` carries their features.
pub fn operations_module(api: &Api, module: usize) -> TokenStream {
    let features = feature_list(&api.features.modules[module].features);
    let doc = format!(" The operations of the {features} feature, and their structs.");
    let FileItems { uses, items } = file_items(api, Some(module));
    quote! {
        #![doc = #doc]
        #uses
        #items
    }
}

/// The module of an item of `op` whose features are `features`: `op`'s,
/// when they are its module's; else `None` (`operations.rs`, behind
/// them).
fn home(api: &Api, features: &[String], op: &Operation) -> Option<usize> {
    match op.module {
        Some(m) if api.features.modules[m].features == features => Some(m),
        _ => None,
    }
}

/// Whether `op`'s struct shared as `shared` (its headers or params) has
/// `op`'s features, and so is in its file: not when other modules'
/// operations name it too (an alias of it), which widens its features.
fn with_operation(op: &Operation, shared: &Shared) -> bool {
    shared.features == op.features
}

/// Where `op`'s struct shared as `shared` is: its module, or `None`
/// (`operations.rs`).
fn struct_home(op: &Operation, shared: &Shared) -> Option<usize> {
    op.module.filter(|_| with_operation(op, shared))
}

/// Whether `op`'s struct shared as `shared` is in `operations.rs` while
/// `op`'s method is in a module: the method's file names it through
/// `super::`, and the struct's docs link `op`'s method through `crate::`.
fn away_from_operation(op: &Operation, shared: &Shared) -> bool {
    op.module.is_some() && !with_operation(op, shared)
}

/// `op`'s struct `name` as its method's file names it: through `super::`
/// when the struct is in `operations.rs` and the method is not.
fn struct_path(op: &Operation, shared: &Shared, name: &str) -> TokenStream {
    let name = format_ident!("{name}");
    if away_from_operation(op, shared) {
        quote!(super::#name)
    } else {
        quote!(#name)
    }
}

/// The `use` lines of one file of operations, and its items.
struct FileItems {
    uses: TokenStream,
    items: TokenStream,
}

/// What the file of `module` holds (`None`: `operations.rs`): its
/// operations' methods, streams, mock methods, structs and pagination
/// impls; and the headers structs and `Page` impls whose features are its
/// own. `operations.rs` has the rest of those, each behind its features.
fn file_items(api: &Api, module: Option<usize>) -> FileItems {
    let types = &api.types;
    let ops: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| op.module == module)
        .collect();
    // Inside a module, its `mod` line is the gate.
    let gate = |features: &[String]| -> Vec<String> {
        match module {
            Some(_) => Vec::new(),
            None => features.to_vec(),
        }
    };
    let methods = ops.iter().map(|op| method(op, types));
    let streams: Vec<TokenStream> = ops
        .iter()
        .filter_map(|op| op.pagination.as_ref().map(|p| stream_method(op, p, types)))
        .collect();
    // An operation with features is in their module, whose `mod` line is
    // its gate: its own items need none. A params struct other modules'
    // operations name is in `operations.rs`, behind all their features.
    let params_of: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| op.has_params_struct() && struct_home(op, &op.params_shared) == module)
        .collect();
    let params = params_of.iter().map(|op| {
        let features = gate(&op.params_shared.features);
        gated(params_struct(op, types, module.is_some()), &features)
    });
    let headers_of: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| {
            !op.success.headers.is_empty() && struct_home(op, &op.headers_shared) == module
        })
        .collect();
    let headers = headers_of.iter().map(|op| {
        let features = gate(&op.headers_shared.features);
        gated(headers_struct(op, types, module.is_some()), &features)
    });
    // One `Page` impl per page struct (operations may share one), gated
    // as the struct is; one `OffsetParams` impl per operation.
    let mut pages = std::collections::BTreeMap::new();
    for op in &api.operations {
        if let Some(p) = &op.pagination {
            pages.entry(p.page_type).or_insert((op, p));
        }
    }
    let page_impls: Vec<TokenStream> = pages
        .into_values()
        .filter(|(op, p)| home(api, api.features.gate(p.page_type), op) == module)
        .map(|(_, p)| {
            let cfg = cfg_attr(&gate(api.features.gate(p.page_type)));
            let page = page_impl(p, types);
            quote! { #cfg #page }
        })
        .collect();
    let offset_impls: Vec<TokenStream> = ops
        .iter()
        .filter_map(|op| {
            let pagination = op.pagination.as_ref()?;
            Some(offset_impl(op, pagination))
        })
        .collect();
    let impl_client =
        (!ops.is_empty()).then(|| quote! { impl Client { #(#methods)* #(#streams)* } });
    let mocks = ops.iter().map(|op| mock_method(op, types));
    let impl_mock = (!ops.is_empty()).then(|| {
        quote! {
            /// One expectation per operation, named as the client's methods.
            #[cfg(feature = "mock")]
            impl crate::mock::MockServer { #(#mocks)* }
        }
    });
    let items = quote! {
        #impl_client
        #impl_mock
        #(#params)*
        #(#headers)*
        #(#page_impls)*
        #(#offset_impls)*
    };

    let operation_uses = (!ops.is_empty()).then(|| {
        quote! {
            use reqwest::Method;

            use crate::call::Call;
            use crate::client::Client;
        }
    });
    let names_models = ops.iter().any(|op| mentions_models(op))
        || params_of
            .iter()
            .any(|op| op.params_shared.same_as.is_none() && params_mention_models(op))
        || !page_impls.is_empty()
        || headers_of.iter().any(|op| {
            op.headers_shared.same_as.is_none()
                && op.success.headers.iter().any(|h| mentions_named(&h.ty))
        });
    let models_use = names_models.then(|| quote! { use crate::models; });
    let mut pagination: Vec<TokenStream> = Vec::new();
    if !offset_impls.is_empty() {
        pagination.push(quote!(OffsetParams));
    }
    if !page_impls.is_empty() {
        pagination.extend([quote!(Page), quote!(PageParts)]);
    }
    if !streams.is_empty() {
        pagination.extend([quote!(Paginated), quote!(paginate)]);
    }
    let pagination_use = match pagination.as_slice() {
        [] => None,
        [one] => Some(quote! { use crate::pagination::#one; }),
        many => Some(quote! { use crate::pagination::{#(#many),*}; }),
    };
    let params_use = params_of
        .iter()
        .any(|op| op.params_shared.same_as.is_none())
        .then(|| quote! { use crate::params::params; });
    let operation_use = (!ops.is_empty()).then(|| quote! { use crate::request::Operation; });
    // The mock's `When` and the encoders its methods name (`json`…).
    let encoders: std::collections::BTreeSet<String> = ops
        .iter()
        .map(|op| returns(op, types).1.to_string())
        .collect();
    let mock_use = (!ops.is_empty()).then(|| {
        let encoders = encoders.iter().map(|e| format_ident!("{e}"));
        quote! {
            #[cfg(feature = "mock")]
            use crate::mock::{When, #(#encoders),*};
        }
    });
    FileItems {
        uses: quote! {
            #operation_uses
            #models_use
            #pagination_use
            #params_use
            #operation_use
            #mock_use
        },
        items,
    }
}

/// Whether the type names a model (so the file needs `use crate::models`).
pub(super) fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Box(inner) => mentions_named(inner),
        _ => false,
    }
}

/// Whether a request body's type names a model.
fn body_mentions_named(kind: &BodyKind) -> bool {
    matches!(kind, BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) if mentions_named(ty))
}

/// Whether `op`'s params struct names a model.
fn params_mention_models(op: &Operation) -> bool {
    op.optional_params().any(|p| mentions_named(&p.ty))
        || matches!(&op.body, Some(b) if !b.required && body_mentions_named(&b.kind))
}

fn mentions_models(op: &Operation) -> bool {
    op.params.iter().any(|p| mentions_named(&p.ty))
        || matches!(&op.body, Some(b) if body_mentions_named(&b.kind))
        || matches!(&op.success.body, ResponseBody::Json(ty) if mentions_named(ty))
        || op.success.headers.iter().any(|h| mentions_named(&h.ty))
}

/// The type of a required argument: borrowed where that saves the caller a
/// clone (`&str`, `&[T]`), by value otherwise.
fn arg_type(ty: &TypeRef, types: &TypeSpace) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(item) => {
            let item = rust_type(item, types, Scope::Outside);
            quote!(&[#item])
        }
        other => rust_type(other, types, Scope::Outside).to_token_stream(),
    }
}

/// `name: Type` for each required parameter.
fn arg_decls(required: &[&Param], types: &TypeSpace) -> Vec<TokenStream> {
    required
        .iter()
        .map(|p| {
            let arg = ident(&p.name);
            let ty = arg_type(&p.ty, types);
            quote!(#arg: #ty)
        })
        .collect()
}

fn body_arg_type(kind: &BodyKind, types: &TypeSpace) -> TokenStream {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => {
            let ty = rust_type(ty, types, Scope::Outside);
            quote!(&#ty)
        }
        BodyKind::Bytes => quote!(Vec<u8>),
    }
}

/// The `is_documented_error` function of an operation; `None` when it
/// documents no error status (`Operation::DEFAULT`'s).
fn documented_errors(errors: &[ErrorResponse]) -> Option<TokenStream> {
    if errors.iter().any(|e| e.status == ErrorStatus::Default) {
        return Some(quote!(|_| true));
    }
    // Statuses as sorted ranges, adjacent and overlapping ones merged
    // (`4XX` and `5XX` are `400..=599`; a `404` inside `4XX` goes).
    let mut ranges: Vec<(u16, u16)> = errors
        .iter()
        .filter_map(|e| match &e.status {
            ErrorStatus::Code(code) => Some((*code, *code)),
            ErrorStatus::Range(r) => Some((u16::from(*r) * 100, u16::from(*r) * 100 + 99)),
            ErrorStatus::Default => None,
        })
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(u16, u16)> = Vec::with_capacity(ranges.len());
    for (low, high) in ranges {
        match merged.last_mut() {
            Some((_, last)) if low <= last.saturating_add(1) => *last = (*last).max(high),
            _ => merged.push((low, high)),
        }
    }
    let tests: Vec<TokenStream> = merged
        .into_iter()
        .map(|(low, high)| {
            let (low_lit, high_lit) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
            if low == high {
                quote!(status == #low_lit)
            } else {
                quote!((#low_lit..=#high_lit).contains(&status))
            }
        })
        .collect();
    (!tests.is_empty()).then(|| quote!(|status| #(#tests)||*))
}

/// One line per documented error response: `- 401: Unauthorized`.
fn error_list(errors: &[ErrorResponse]) -> String {
    errors
        .iter()
        .map(|e| {
            let status = match e.status {
                ErrorStatus::Code(c) => c.to_string(),
                ErrorStatus::Range(r) => format!("{r}XX"),
                ErrorStatus::Default => "any other status".to_owned(),
            };
            match &e.description {
                Some(d) => format!("- {status}: {}", one_line(d)),
                None => format!("- {status}"),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Adds one required parameter to `request`; `value` is an expression of
/// type `&T` (or `&[T]` for lists).
fn add_param(param: &Param, value: TokenStream, types: &TypeSpace) -> TokenStream {
    match adder(param, types) {
        Some(adder) => {
            let wire = &param.wire_name;
            quote! { request.#adder(#wire, #value); }
        }
        None => TokenStream::new(),
    }
}

/// The `Request` method that adds a parameter (`query`, `query_each`,
/// `header_joined`…); `None` for a path parameter, which the URL takes.
fn adder(param: &Param, types: &TypeSpace) -> Option<proc_macro2::Ident> {
    let place = match param.location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path => return None,
    };
    let name = if param.location == ParamLocation::Query && param.ty.is_object(types) {
        if param.deep_object {
            "query_deep_object".to_owned()
        } else {
            "query_object".to_owned()
        }
    } else if is_joined(param, types) {
        format!("{place}_joined")
    } else if matches!(param.ty, TypeRef::Vec(_)) {
        format!("{place}_each")
    } else {
        place.to_owned()
    };
    Some(format_ident!("{name}"))
}

/// Whether a list parameter is sent as one value with its items joined by
/// commas (`explode: false` in a query; headers and cookies always), rather
/// than as the name repeated.
fn is_joined(param: &Param, types: &TypeSpace) -> bool {
    matches!(param.ty, TypeRef::Vec(_))
        && param.location != ParamLocation::Path
        && !(param.location == ParamLocation::Query && param.ty.is_object(types))
        && !(param.explode && param.location == ParamLocation::Query)
}

/// The name of an operation's constant, `REPOS_GET`: an associated const of
/// `Client`, so that the method and the mock's share it.
fn operation_ident(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", op.name.trim_start_matches("r#").to_ascii_uppercase())
}

/// `const NAME: Operation = Operation { .. }`: what the runtime is told of
/// an operation (name, method, path template, the credential slots it
/// sends, which statuses are documented errors, its idempotency header),
/// only what differs from `Operation::DEFAULT` written out.
fn operation_const(op: &Operation) -> TokenStream {
    let name_str = op.name.trim_start_matches("r#");
    let path = &op.path;
    let http_method = format_ident!("{}", op.method);
    let literal = |slot: &usize| proc_macro2::Literal::usize_unsuffixed(*slot);
    let requirements = op.security.iter().map(|slots| {
        let slots = slots.iter().map(literal);
        quote!(&[#(#slots),*])
    });
    let security = (!op.security.is_empty()).then(|| quote!(security: &[#(#requirements),*],));
    let optional_slots = op.optional_slots.iter().map(literal);
    let optional_slots =
        (!op.optional_slots.is_empty()).then(|| quote!(optional_slots: &[#(#optional_slots),*],));
    let is_documented_error =
        documented_errors(&op.errors).map(|function| quote!(is_documented_error: #function,));
    let idempotency_header = op
        .idempotency_header
        .as_ref()
        .map(|name| quote!(idempotency_header: Some(#name),));
    let constant = operation_ident(op);
    quote! {
        const #constant: Operation = Operation {
            name: #name_str,
            method: Method::#http_method,
            path: #path,
            #security
            #optional_slots
            #is_documented_error
            #idempotency_header
            ..Operation::DEFAULT
        };
    }
}

fn method(op: &Operation, types: &TypeSpace) -> TokenStream {
    let name = ident(&op.name);
    let constant = operation_const(op);
    let required = op.required_params();
    let args = arg_decls(&required, types);
    let body_required = op.body.as_ref().filter(|b| b.required);
    let body_arg = body_required.map(|b| {
        let ty = body_arg_type(&b.kind, types);
        quote!(body: #ty,)
    });
    let params_struct = struct_path(op, &op.params_shared, &op.params_struct());
    let params_arg = op
        .has_params_struct()
        .then(|| quote!(params: #params_struct,));

    // Path parameters, in path order; the runtime encodes them.
    let mut path_params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .collect();
    path_params.sort_by_key(|p| op.path_position(p));
    let path_args = path_params.iter().map(|p| {
        let arg = ident(&p.name);
        quote!(&#arg)
    });

    let required_adds = required.iter().map(|p| {
        let arg = ident(&p.name);
        let value = match p.ty {
            TypeRef::Vec(_) => quote!(#arg),
            _ => quote!(&#arg),
        };
        add_param(p, value, types)
    });
    let optional_adds = op
        .optional_params()
        .next()
        .is_some()
        .then(|| quote! { request.params(&params); });
    let body_add = op.body.as_ref().map(|b| {
        let add = |value: TokenStream| match &b.kind {
            BodyKind::Json(_) => quote!(request.json_body(#value);),
            BodyKind::Form(_) => quote!(request.form_body(#value);),
            BodyKind::Multipart(ty) => multipart(ty, value, types),
            BodyKind::Bytes => {
                let media = &b.media_type;
                quote!(request.bytes_body(#media, #value);)
            }
        };
        if b.required {
            add(quote!(body))
        } else {
            // The params are the method's own: the body moves out of them
            // (the other fields were only borrowed above).
            let inner = add(quote!(body));
            match &b.kind {
                BodyKind::Json(_) | BodyKind::Form(_) | BodyKind::Multipart(_) => {
                    quote! { if let Some(body) = &params.body { #inner } }
                }
                BodyKind::Bytes => quote! { if let Some(body) = params.body { #inner } },
            }
        }
    });
    let adds = op.params.iter().any(|p| p.location != ParamLocation::Path) || op.body.is_some();
    let (ret, send) = returns(op, types);
    let call = if op.success.headers.is_empty() {
        quote!(Call<'_, #ret>)
    } else {
        // In `operations.rs` when other modules' operations share it.
        let headers = struct_path(op, &op.headers_shared, &op.headers_struct());
        quote!(Call<'_, #ret, #headers>)
    };

    let doc = method_docs(op, &required);
    // Not an `async fn`: the request is built when the method is called and
    // the call is the runtime's `Call`, so the crate has one future type
    // per response type instead of one coroutine per operation (a sixth of
    // the `cargo check` time of a large API). Callers `.await` it all the
    // same, after setting per-call options if they like.
    let operation = operation_ident(op);
    let request = quote!(self.request(&Self::#operation, &[#(#path_args),*]));
    // One expression when the method adds nothing to the request.
    let body = if adds {
        quote! {
            let mut request = #request;
            #(#required_adds)*
            #optional_adds
            #body_add
            request.#send()
        }
    } else {
        quote!(#request.#send())
    };
    quote! {
        #constant

        #doc
        pub fn #name(&self, #(#args,)* #body_arg #params_arg) -> #call {
            #body
        }
    }
}

/// Builds a `multipart/form-data` body from a struct, one part per field:
/// files as file parts, scalars as text, the rest as JSON. `body` is a
/// `&Struct` expression.
fn multipart(ty: &TypeRef, body: TokenStream, types: &TypeSpace) -> TokenStream {
    let TypeRef::Named(id) = ty else {
        return TokenStream::new();
    };
    let TypeKind::Struct(s) = &types.get(*id).kind else {
        return TokenStream::new();
    };
    let parts = s.fields.iter().map(|field| {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        let (each, ty) = match &field.ty {
            TypeRef::Vec(item) => (true, item.as_ref()),
            other => (false, other),
        };
        let method = match ty {
            TypeRef::File => quote!(file),
            ty if ty.is_scalar(types) => quote!(text),
            _ => quote!(json),
        };
        // `value` is a `&T` of the field's type without its `Option`s.
        let add = |value: TokenStream| {
            if each {
                quote! { for item in #value { form.#method(#wire, item); } }
            } else {
                quote! { form.#method(#wire, #value); }
            }
        };
        match field.presence {
            Presence::Required => add(quote!(&#body.#name)),
            Presence::RequiredNullable | Presence::Optional => {
                let add = add(quote!(value));
                quote! { if let Some(value) = &#body.#name { #add } }
            }
            Presence::OptionalNullable => {
                let add = add(quote!(value));
                quote! { if let Some(Some(value)) = &#body.#name { #add } }
            }
        }
    });
    quote! {
        let mut form = crate::multipart::Form::new();
        #(#parts)*
        request.multipart_body(form);
    }
}

fn method_docs(op: &Operation, required: &[&Param]) -> TokenStream {
    // The method and path, once: on the summary's line when the spec gives
    // a one-line summary (the line rustdoc lists the method by), else after
    // the description, or as the summary when the spec has neither.
    let endpoint = format!("`{} {}`", op.method, op.path);
    let mut paragraphs: Vec<String> = Vec::new();
    let summary = op.summary.as_deref().map(str::trim_end);
    let one_line_summary = summary.filter(|s| !s.is_empty() && !s.contains('\n'));
    if let Some(summary) = one_line_summary {
        paragraphs.push(match summary.strip_suffix('.') {
            Some(sentence) if !sentence.ends_with('.') => format!("{sentence} ({endpoint})."),
            _ => format!("{summary} ({endpoint})"),
        });
    } else {
        paragraphs.extend(op.summary.clone());
    }
    paragraphs.extend(
        op.description
            .clone()
            .filter(|d| Some(d) != op.summary.as_ref()),
    );
    if paragraphs.is_empty() {
        paragraphs.push(format!("Calls {endpoint}."));
    } else if one_line_summary.is_none() {
        paragraphs.push(endpoint);
    }
    if op.deprecated {
        paragraphs.push("**Deprecated**: the API marks this operation as deprecated.".to_owned());
    }
    let mut arguments: Vec<String> = required
        .iter()
        .map(|p| {
            format!(
                "- `{}`: {}",
                p.name.trim_start_matches("r#"),
                p.docs
                    .as_deref()
                    .map_or_else(|| format!("the `{}` parameter.", p.wire_name), one_line)
            )
        })
        .collect();
    // `body` and `params` only where the spec says more than their types
    // (`&models::NewUser`, `ListUsersParams`) do.
    if let Some(body_doc) = op
        .body
        .as_ref()
        .filter(|b| b.required)
        .and_then(|b| b.docs.as_deref())
    {
        arguments.push(format!("- `body`: {}", one_line(body_doc)));
    }
    if !arguments.is_empty() {
        paragraphs.push(format!("# Arguments\n\n{}", arguments.join("\n")));
    }
    // Only what the spec documents: every call can fail with an `Error`
    // (the `Call` docs say how), so an operation without error responses
    // has no section to add.
    if !op.errors.is_empty() {
        paragraphs.push(format!(
            "# Errors\n\n[`Error::Api`](crate::Error::Api) for a documented error status, [`Error`](crate::Error) for the rest:\n{}",
            error_list(&op.errors)
        ));
    }
    docs(paragraphs.iter().map(String::as_str))
}

/// The first line of a description, for argument lists.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn stream_method(op: &Operation, pagination: &Pagination, types: &TypeSpace) -> TokenStream {
    let name = ident(&op.name);
    let stream_name = format_ident!("{}_stream", op.name.trim_start_matches("r#"));
    let item = rust_type(&pagination.item_ty, types, Scope::Outside);
    let params_struct = format_ident!("{}", op.params_struct());
    let required = op.required_params();
    let args = arg_decls(&required, types);
    // The stream calls the operation once a page, after this method has
    // returned: it keeps its own copy of each argument. (The operation's
    // future borrows only the client: `use<'_>`.)
    let owned = required.iter().map(|p| {
        let arg = ident(&p.name);
        match &p.ty {
            TypeRef::String => quote! { let #arg = #arg.to_owned(); },
            TypeRef::Vec(_) => quote! { let #arg = #arg.to_vec(); },
            _ => quote! {},
        }
    });
    let pass = required.iter().map(|p| {
        let arg = ident(&p.name);
        match &p.ty {
            TypeRef::String | TypeRef::Vec(_) => quote!(&#arg),
            ty if ty.is_number() || *ty == TypeRef::Bool => quote!(#arg),
            _ => quote!(#arg.clone()),
        }
    });
    let doc = format!(
        " Every item of [`Client::{}`], page after page.\n\n The stream asks for the next page while the server says there are\n more, starting at `params.{offset}` and with `params.limit` items a page\n (when set). It ends after the first error, which it yields, and after\n an empty page. [`Paginated::max_items`] caps the items; to stop\n early otherwise, drop it.",
        op.name.trim_start_matches("r#"),
        offset = pagination.offset_param.trim_start_matches("r#"),
    );
    let doc_lines = doc.lines().map(str::to_owned);
    quote! {
        #( #[doc = #doc_lines] )*
        pub fn #stream_name(&self, #(#args,)* params: #params_struct) -> Paginated<'_, #item> {
            #(#owned)*
            paginate(params, move |params| self.#name(#(#pass,)* params))
        }
    }
}

/// The number in `value` (an expression of type `ty`) as an offset.
fn to_u64(value: TokenStream, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::F32 | TypeRef::F64 => quote!(#value as u64),
        TypeRef::U64 => value,
        TypeRef::U32 => quote!(u64::from(#value)),
        _ => quote!(u64::try_from(#value).unwrap_or(0)),
    }
}

fn from_u64(value: TokenStream, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::F64 => quote!(#value as f64),
        TypeRef::F32 => quote!(#value as f32),
        TypeRef::I32 => quote!(i32::try_from(#value).unwrap_or(i32::MAX)),
        TypeRef::U32 => quote!(u32::try_from(#value).unwrap_or(u32::MAX)),
        TypeRef::U64 => value,
        _ => quote!(i64::try_from(#value).unwrap_or(i64::MAX)),
    }
}

/// `Page` for a page struct: its items and whether there are more.
fn page_impl(p: &Pagination, types: &TypeSpace) -> TokenStream {
    let page = ident(&types.get(p.page_type).name);
    let item = rust_type(&p.item_ty, types, Scope::Outside);
    let items = ident(&p.items_field);
    let has_more = ident(&p.has_more_field);
    let has_more_presence = match &types.get(p.page_type).kind {
        crate::model::TypeKind::Struct(s) => s
            .fields
            .iter()
            .find(|f| f.name == p.has_more_field)
            .map(|f| f.presence),
        _ => None,
    };
    let has_more = match has_more_presence {
        Some(Presence::Required) | None => quote!(self.#has_more),
        Some(Presence::OptionalNullable) => quote!(self.#has_more.flatten().unwrap_or(false)),
        Some(_) => quote!(self.#has_more.unwrap_or(false)),
    };
    let next_offset = match &p.next_offset_field {
        None => quote!(None),
        Some((field, ty, presence)) => {
            let field = ident(field);
            let convert = to_u64(quote!(offset), ty);
            match presence {
                Presence::Required => quote!({ let offset = self.#field; Some(#convert) }),
                Presence::OptionalNullable => quote!(self.#field.flatten().map(|offset| #convert)),
                _ => quote!(self.#field.map(|offset| #convert)),
            }
        }
    };
    quote! {
        impl Page for models::#page {
            type Item = #item;

            fn into_parts(self) -> PageParts<#item> {
                PageParts { items: self.#items, has_more: #has_more, next_offset: #next_offset }
            }
        }
    }
}

/// `OffsetParams` for an operation's struct of optional parameters.
fn offset_impl(op: &Operation, p: &Pagination) -> TokenStream {
    let params_struct = format_ident!("{}", op.params_struct());
    let offset = ident(&p.offset_param);
    let read = to_u64(quote!(offset), &p.offset_ty);
    let write = from_u64(quote!(offset), &p.offset_ty);
    quote! {
        impl OffsetParams for #params_struct {
            fn offset(&self) -> u64 {
                self.#offset.map_or(0, |offset| #read)
            }

            fn set_offset(&mut self, offset: u64) {
                self.#offset = Some(#write);
            }
        }
    }
}

/// What an operation returns, and the runtime's name for that kind of
/// body: its reader on `Request` (`json`, `text`, `bytes`, `empty`) and
/// the mock's writer of the same name.
fn returns(op: &Operation, types: &TypeSpace) -> (TokenStream, TokenStream) {
    match &op.success.body {
        ResponseBody::Json(ty) => (
            rust_type(ty, types, Scope::Outside).to_token_stream(),
            quote!(json),
        ),
        ResponseBody::Text => (quote!(String), quote!(text)),
        ResponseBody::Bytes => (quote!(Vec<u8>), quote!(bytes)),
        ResponseBody::Empty => (quote!(()), quote!(empty)),
    }
}

/// The mock server's expectation of an operation: `server.get_user()`.
fn mock_method(op: &Operation, types: &TypeSpace) -> TokenStream {
    let name = ident(&op.name);
    let name_str = op.name.trim_start_matches("r#");
    let operation = operation_ident(op);
    let status = Literal::u16_unsuffixed(op.success.status.parse().unwrap_or(200));
    let (ty, encode) = returns(op, types);
    let doc = format!(" Expects a call of [`Client::{name_str}`].");
    quote! {
        #[doc = #doc]
        pub fn #name(&self) -> When<'_, #ty> {
            self.when(&Client::#operation, #status, #encode)
        }
    }
}

/// The struct of the headers an operation's answer documents, and how it
/// reads them (`crate::FromHeaders`); or an alias of the identical struct
/// of another operation, which a module names through `operations.rs`
/// (`super::`), where it is or is re-exported.
fn headers_struct(op: &Operation, types: &TypeSpace, in_module: bool) -> TokenStream {
    if op.success.headers.is_empty() {
        return TokenStream::new();
    }
    let name = format_ident!("{}", op.headers_struct());
    // Links through `crate::`: `operations.rs` may have no operation of
    // its own, and so no `use` of `Client` or `Call`.
    let method = op.name.trim_start_matches("r#");
    let doc = format!(
        " The headers [`Client::{method}`](crate::Client::{method}) documents for its answer: \
         [`Response::typed_headers`](crate::Response::typed_headers) after \
         [`Call::with_response`](crate::Call::with_response)."
    );
    if let Some(same) = &op.headers_shared.same_as {
        return shared_alias(&name, &doc, same, in_module);
    }
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for header in &op.success.headers {
        let field = ident(&header.name);
        let ty = rust_type(&header.ty, types, Scope::Outside);
        let mut paragraphs: Vec<String> = header.docs.iter().cloned().collect();
        paragraphs.push(format!("The `{}` header.", header.wire_name));
        let field_doc = docs(paragraphs.iter().map(String::as_str));
        fields.push(quote! { #field_doc pub #field: Option<#ty>, });
        let wire = &header.wire_name;
        let read = match &header.ty {
            TypeRef::String => quote!(crate::call::header_text(headers, #wire).map(str::to_owned)),
            other if is_string_enum(other, types) => {
                quote!(crate::call::header_text(headers, #wire).map(#ty::from))
            }
            _ => quote!(crate::call::header_value(headers, #wire)),
        };
        reads.push(quote! { #field: #read, });
    }
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl crate::FromHeaders for #name {
            fn from_headers(headers: &reqwest::header::HeaderMap) -> Self {
                #name { #(#reads)* }
            }
        }
    }
}

/// `pub type Name = Same;` for an operation's struct that is another
/// operation's (`shared.rs`): from a module, `Same` is named through
/// `operations.rs` (`super::`), where it is or is re-exported.
fn shared_alias(name: &proc_macro2::Ident, doc: &str, same: &str, in_module: bool) -> TokenStream {
    let same = format_ident!("{same}");
    let same = if in_module {
        quote!(super::#same)
    } else {
        quote!(#same)
    };
    quote! {
        #[doc = #doc]
        pub type #name = #same;
    }
}

/// Whether `ty` is a string enum (read from text with `From<&str>`).
fn is_string_enum(ty: &TypeRef, types: &TypeSpace) -> bool {
    match ty {
        TypeRef::Named(id) => match &types.get(*id).kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(target) => is_string_enum(target, types),
            _ => false,
        },
        _ => false,
    }
}

/// The struct of an operation's optional parameters, in `params!` (see
/// the runtime's `params.rs`): each field's docs, its `#[param(adder,
/// "wire")]` line (with the setter's kind when not `impl Into<T>`), the
/// field; the optional body last.
fn params_struct(op: &Operation, types: &TypeSpace, in_module: bool) -> TokenStream {
    if !op.has_params_struct() {
        return TokenStream::new();
    }
    let name = format_ident!("{}", op.params_struct());
    // Away from its operation, in `operations.rs`, a link through
    // `crate::`: that file may have no operation, and so no `use` of
    // `Client`.
    let method = op.name.trim_start_matches("r#");
    let struct_doc = if away_from_operation(op, &op.params_shared) {
        format!(" The optional parameters of [`Client::{method}`](crate::Client::{method}).")
    } else {
        format!(" The optional parameters of [`Client::{method}`].")
    };
    if let Some(same) = &op.params_shared.same_as {
        return shared_alias(&name, &struct_doc, same, in_module);
    }
    let mut fields = Vec::new();
    for p in op.optional_params() {
        let field = ident(&p.name);
        let ty = rust_type(&p.ty, types, Scope::Outside);
        let mut paragraphs: Vec<String> = Vec::new();
        paragraphs.push(p.docs.clone().unwrap_or_else(|| {
            format!(
                "The `{}` {} parameter.",
                p.wire_name,
                location_name(p.location)
            )
        }));
        if let Some(default) = &p.default {
            paragraphs.push(format!("When not set, the server uses `{default}`."));
        }
        let doc = docs(paragraphs.iter().map(String::as_str));
        let Some(adder) = adder(p, types) else {
            continue;
        };
        let wire = &p.wire_name;
        let kind = setter_kind(&p.ty).map(|kind| quote!(, #kind));
        fields.push(quote! {
            #doc
            #[param(#adder, #wire #kind)]
            pub #field: Option<#ty>,
        });
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        let ty = match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => {
                rust_type(ty, types, Scope::Outside).to_token_stream()
            }
            BodyKind::Bytes => quote!(Vec<u8>),
        };
        let doc = docs([body.docs.as_deref().unwrap_or("The request body.")]);
        fields.push(quote! { #[body] #doc pub body: Option<#ty>, });
    }
    quote! {
        params! {
            #[doc = #struct_doc]
            pub struct #name { #(#fields)* }
        }
    }
}

/// How a setter takes its value, as `params!` spells it: `None` for
/// `impl Into<T>` (a string, an integer, a model: `.state("open")`),
/// `number` for any Rust number (a `number`: `.limit(10usize)`), `exact`
/// for `T` itself (a list, where `impl Into` would stop `vec!["a".into()]`
/// from inferring).
fn setter_kind(ty: &TypeRef) -> Option<proc_macro2::Ident> {
    match ty {
        TypeRef::F64 | TypeRef::F32 => Some(format_ident!("number")),
        TypeRef::String | TypeRef::I64 | TypeRef::Named(_) => None,
        _ => Some(format_ident!("exact")),
    }
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}
