//! An in-process stand-in for the API, to test code that calls this client
//! without a network and without writing a server. Built with the `mock`
//! cargo feature (which adds no dependency of its own):
//!
//! ```toml
//! [dev-dependencies]
//! my-api = { version = "…", features = ["mock"] }
//! ```
//!
//! A [`MockServer`] has one method per operation, named as the client's,
//! that says which call to expect and what to answer:
//!
//! ```ignore
//! let server = MockServer::new();
//! let listed = server
//!     .list_connections()
//!     .query("status", "active")
//!     .respond(page);
//! let client = server.client();
//! // ... the code under test calls `client.list_connections(...)` ...
//! assert_eq!(listed.hits(), 1);
//! server.verify();
//! ```
//!
//! Calls go through the client's whole path (credentials, per-call
//! options, retries, decoding, typed errors) except the network: the
//! server answers each attempt in place. A request no expectation matches
//! is answered `501 Not Implemented`, with a body that says what came, and
//! is reported by [`MockServer::verify`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use reqwest::Method;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::client::{Client, ClientBuilder};
use crate::request::Operation;

/// The base URL of a client that talks to a [`MockServer`]: https, so
/// that credentials go as they would to the real API, and a name that never
/// resolves, so that nothing reaches a network by mistake.
pub const MOCK_BASE_URL: &str = "https://mock.invalid";

/// An in-process server that answers the calls of the clients attached to
/// it ([`MockServer::client`], [`ClientBuilder::mock`]). Cheap to clone:
/// clones share their expectations and what they received.
#[derive(Clone, Default)]
pub struct MockServer {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    expectations: Vec<Expectation>,
    received: Vec<MockRequest>,
    unmatched: Vec<String>,
}

/// One request a [`MockServer`] received.
#[derive(Clone, Debug)]
pub struct MockRequest {
    /// `GET`, `POST`, ...
    pub method: Method,
    /// The path, without the query.
    pub path: String,
    /// The query's pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// Every header sent, credentials included.
    pub headers: HeaderMap,
    /// The body as sent (empty when there is none).
    pub body: Vec<u8>,
}

impl MockRequest {
    /// The value of header `name`, if it is there and is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The values of query parameter `name`, in order.
    pub fn query_values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body as JSON (`Value::Null` when it is not JSON).
    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_default()
    }
}

struct Expectation {
    operation: &'static str,
    method: Method,
    /// The operation's path template (`/users/{userId}`).
    template: &'static str,
    path_params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    headers: Vec<(HeaderName, String)>,
    body: Option<serde_json::Value>,
    /// How many calls it answers (`None`: any number).
    times: Option<usize>,
    hits: Arc<AtomicUsize>,
    status: u16,
    content_type: &'static str,
    answer: Vec<u8>,
}

impl MockServer {
    /// A server with no expectations.
    pub fn new() -> Self {
        MockServer::default()
    }

    /// A client whose calls this server answers, with every credential
    /// set (to `mock`), at [`MOCK_BASE_URL`].
    pub fn client(&self) -> Client {
        let mut builder = ClientBuilder::new(&crate::auth::API, Some("mock".to_owned()));
        for slot in 1..crate::auth::API.slots.len() {
            builder = builder.set_credential(slot, "mock".to_owned());
        }
        builder.mock(self).build_unchecked()
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<MockRequest> {
        self.lock().received.clone()
    }

    /// Panics, saying which, when an expectation given `times` was not
    /// called that many times or a request matched no expectation.
    pub fn verify(&self) {
        let state = self.lock();
        let mut problems: Vec<String> = state
            .expectations
            .iter()
            .filter_map(|e| {
                let hits = e.hits.load(Ordering::SeqCst);
                e.times.filter(|times| *times != hits).map(|times| {
                    format!(
                        "`{}` was expected {times} time(s) and called {hits}",
                        e.operation
                    )
                })
            })
            .collect();
        problems.extend(
            state
                .unmatched
                .iter()
                .map(|r| format!("no expectation matched {r}")),
        );
        assert!(problems.is_empty(), "mock server: {}", problems.join("; "));
    }

    /// Starts an expectation of one operation (the generated methods).
    #[allow(dead_code)]
    pub(crate) fn when<T>(
        &self,
        operation: &'static Operation,
        status: u16,
        encode: Encode<T>,
    ) -> When<'_, T> {
        When {
            server: self,
            expectation: Expectation {
                operation: operation.name,
                method: operation.method.clone(),
                template: operation.path,
                path_params: Vec::new(),
                query: Vec::new(),
                headers: Vec::new(),
                body: None,
                times: None,
                hits: Arc::new(AtomicUsize::new(0)),
                status,
                content_type: "application/json",
                answer: Vec::new(),
            },
            encode,
            body: PhantomData,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Answers one attempt of a call.
    pub(crate) fn answer(&self, request: reqwest::Request) -> reqwest::Response {
        let url = request.url();
        let received = MockRequest {
            method: request.method().clone(),
            path: url.path().to_owned(),
            query: url.query_pairs().into_owned().collect(),
            headers: request.headers().clone(),
            body: request
                .body()
                .and_then(|b| b.as_bytes())
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
        };
        let mut state = self.lock();
        state.received.push(received.clone());
        let found = state.expectations.iter().find(|e| {
            e.times
                .is_none_or(|times| e.hits.load(Ordering::SeqCst) < times)
                && e.matches(&received)
        });
        let (status, content_type, body) = match found {
            Some(e) => {
                e.hits.fetch_add(1, Ordering::SeqCst);
                (e.status, e.content_type, e.answer.clone())
            }
            None => {
                let described = describe(&received);
                state.unmatched.push(described.clone());
                let body = format!("no expectation of the mock server matches {described}");
                (501, "text/plain", body.into_bytes())
            }
        };
        let mut response = http::Response::new(body);
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        reqwest::Response::from(response)
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MockServer")
            .field("expectations", &state.expectations.len())
            .field("received", &state.received.len())
            .finish()
    }
}

fn describe(request: &MockRequest) -> String {
    let query: Vec<String> = request
        .query
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect();
    if query.is_empty() {
        format!("{} {}", request.method, request.path)
    } else {
        format!("{} {}?{}", request.method, request.path, query.join("&"))
    }
}

impl Expectation {
    fn matches(&self, request: &MockRequest) -> bool {
        request.method == self.method
            && self.path_matches(&request.path)
            && self
                .query
                .iter()
                .all(|(name, value)| request.query.iter().any(|(n, v)| n == name && v == value))
            && self
                .headers
                .iter()
                .all(|(name, value)| request.header(name.as_str()) == Some(value.as_str()))
            && self
                .body
                .as_ref()
                .is_none_or(|body| *body == request.body_json())
    }

    /// Whether `path` fits the template: its literal segments equal, and a
    /// `{name}` segment any value (or the one `path_param` set).
    fn path_matches(&self, path: &str) -> bool {
        let template: Vec<&str> = self.template.trim_matches('/').split('/').collect();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        template.len() == segments.len()
            && template.iter().zip(&segments).all(|(expected, got)| {
                match expected.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => {
                        let got = percent_encoding::percent_decode_str(got).decode_utf8_lossy();
                        self.path_params
                            .iter()
                            .filter(|(n, _)| n == name)
                            .all(|(_, v)| *v == got)
                    }
                    None => expected == got,
                }
            })
    }
}

/// How an answer body is written: JSON, text or bytes, as the operation
/// returns it.
pub(crate) type Encode<T> = fn(&T) -> (&'static str, Vec<u8>);

/// A JSON answer.
#[allow(dead_code)]
pub(crate) fn json<T: Serialize>(body: &T) -> (&'static str, Vec<u8>) {
    (
        "application/json",
        serde_json::to_vec(body).unwrap_or_default(),
    )
}

/// A text answer.
#[allow(dead_code, clippy::ptr_arg)] // an `Encode<String>`
pub(crate) fn text(body: &String) -> (&'static str, Vec<u8>) {
    ("text/plain; charset=utf-8", body.clone().into_bytes())
}

/// A raw answer.
#[allow(dead_code, clippy::ptr_arg)] // an `Encode<Vec<u8>>`
pub(crate) fn bytes(body: &Vec<u8>) -> (&'static str, Vec<u8>) {
    ("application/octet-stream", body.clone())
}

/// An empty answer.
#[allow(dead_code)]
pub(crate) fn empty(_: &()) -> (&'static str, Vec<u8>) {
    ("application/octet-stream", Vec::new())
}

/// An expectation of one operation, being set up: what the call must carry
/// (each condition narrows it), then what to answer, which registers it.
#[must_use = "an expectation is registered by `respond` or `respond_with`"]
pub struct When<'m, T> {
    server: &'m MockServer,
    expectation: Expectation,
    encode: Encode<T>,
    body: PhantomData<fn(&T)>,
}

impl<T> When<'_, T> {
    /// The call has query parameter `name` with this value (among others).
    pub fn query(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.expectation
            .query
            .push((name.to_owned(), value.to_string()));
        self
    }

    /// The call sends header `name` with this value.
    ///
    /// # Panics
    ///
    /// When `name` is not a valid header name.
    pub fn header(mut self, name: &str, value: impl fmt::Display) -> Self {
        let name = HeaderName::from_bytes(name.as_bytes())
            .unwrap_or_else(|_| panic!("`{name}` is not a header name"));
        self.expectation.headers.push((name, value.to_string()));
        self
    }

    /// The path parameter `name` (as the spec names it) has this value.
    pub fn path_param(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.expectation
            .path_params
            .push((name.to_owned(), value.to_string()));
        self
    }

    /// The call's body is this JSON.
    pub fn json_body(mut self, body: impl Serialize) -> Self {
        self.expectation.body = Some(serde_json::to_value(body).unwrap_or_default());
        self
    }

    /// The expectation answers this many calls (then stops matching), and
    /// [`MockServer::verify`] checks it got exactly them.
    pub fn times(mut self, times: usize) -> Self {
        self.expectation.times = Some(times);
        self
    }

    /// Answers with the operation's success status and this body.
    pub fn respond(mut self, body: T) -> Mock {
        let (content_type, answer) = (self.encode)(&body);
        self.expectation.content_type = content_type;
        self.expectation.answer = answer;
        self.register()
    }

    /// Answers with any status and a JSON body: an error the spec
    /// documents (`404` with its model), a `503` to exercise retries.
    pub fn respond_with(mut self, status: u16, body: impl Serialize) -> Mock {
        self.expectation.status = status;
        self.expectation.content_type = "application/json";
        self.expectation.answer = serde_json::to_vec(&body).unwrap_or_default();
        self.register()
    }

    fn register(self) -> Mock {
        let hits = Arc::clone(&self.expectation.hits);
        self.server.lock().expectations.push(self.expectation);
        Mock { hits }
    }
}

/// A registered expectation: how often it was called.
#[derive(Clone, Debug)]
pub struct Mock {
    hits: Arc<AtomicUsize>,
}

impl Mock {
    /// How many calls it answered.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl ClientBuilder {
    /// Sends every call of the client to `server` instead of the network,
    /// at [`MOCK_BASE_URL`] (credentials and other settings as set here).
    pub fn mock(self, server: &MockServer) -> Self {
        let server = server.clone();
        self.base_url(MOCK_BASE_URL)
            .transport(Arc::new(move |request| server.answer(request)))
    }
}
