//! The client: configuration, and the request path every operation shares.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::error::{
    ApiError, DecodeError, Error, InvalidRequest, TooLarge, TransportError, UnexpectedStatus,
};
use crate::retry::{self, RetryPolicy};

/// How long one attempt of a request may take, from connecting to the end
/// of the body, unless [`ClientBuilder::timeout`] or [`Client::with_timeout`]
/// says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body the client reads, unless
/// [`ClientBuilder::max_response_bytes`] says otherwise: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// How many redirects within one origin the client follows.
const MAX_REDIRECTS: usize = 10;

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// `Debug` never shows the credential.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Per handle, so [`Client::with_timeout`] and [`Client::with_retry`]
    /// can change them for some calls.
    timeout: Option<Duration>,
    retry: RetryPolicy,
    /// The credentials by slot (`crate::auth::SLOTS`), each prepared once as
    /// it goes on a request, or why it cannot be sent, which every request
    /// that needs it reports. Per handle, so a call can override one
    /// (`client.with_connection_id(...)`).
    credentials: Arc<[Option<Result<Credential, &'static str>>]>,
}

struct Inner {
    http: reqwest::Client,
    /// As given, without a trailing slash.
    base_url: String,
    /// `base_url` parsed once (each request sets its path: the base's, then
    /// the operation's), or why it cannot be, which every request reports.
    base: Result<Url, String>,
    user_agent: HeaderValue,
    /// The timeout the `http` client applies by itself (the one built
    /// here has the client's); a request sets its own only when it
    /// differs, which saves reqwest an allocation per request.
    http_timeout: Option<Duration>,
    max_response_bytes: u64,
    allow_insecure_http: bool,
}

/// A credential, kept out of `Debug` output.
#[derive(Clone)]
pub(crate) struct Secret(pub(crate) String);

impl Secret {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Where the credential goes on a request (each API uses one of these),
/// built once by `crate::auth::credential` when the client is built.
#[allow(dead_code)]
#[derive(Clone)]
pub(crate) enum Credential {
    /// A header, its value marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, Secret),
    /// A cookie: `name=value`.
    Cookie(Secret),
}

impl Credential {
    fn add_to(&self, url: &mut Url, headers: &mut HeaderMap, cookies: &mut Vec<String>) {
        match self {
            Credential::Header(name, value) => {
                headers.insert(name.clone(), value.clone());
            }
            Credential::Query(name, secret) => {
                url.query_pairs_mut().append_pair(name, secret.expose());
            }
            Credential::Cookie(pair) => cookies.push(pair.expose().to_owned()),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Header(name, _) => write!(f, "header `{name}`: <redacted>"),
            Credential::Query(name, _) => write!(f, "query `{name}`: <redacted>"),
            Credential::Cookie(_) => f.write_str("cookie: <redacted>"),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The URL that operation paths are appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// This client (same connection pool) with another timeout for each
    /// attempt of the calls made through it:
    /// `client.with_timeout(Duration::from_secs(2)).list_...(...)`.
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client {
            timeout: Some(timeout),
            ..self.clone()
        }
    }

    /// This client (same connection pool) with another retry policy for the
    /// calls made through it.
    #[must_use]
    pub fn with_retry(&self, retry: RetryPolicy) -> Client {
        Client {
            retry,
            ..self.clone()
        }
    }

    /// This client with the credential of `slot` replaced (the generated
    /// `with_connection_id` and the like); one that cannot be sent is
    /// reported by each request that needs it.
    #[allow(dead_code)]
    pub(crate) fn with_credential(&self, slot: usize, secret: String) -> Client {
        let mut credentials = self.credentials.to_vec();
        if let Some(entry) = credentials.get_mut(slot) {
            *entry = Some(crate::auth::credential(slot, secret));
        }
        Client {
            credentials: credentials.into(),
            ..self.clone()
        }
    }

    /// Starts a request; `path_params` fill the `{...}` of the path template
    /// in order, percent-encoded.
    pub(crate) fn request<'a>(
        &'a self,
        operation: &'static Operation,
        path_params: &[&dyn fmt::Display],
    ) -> Request<'a> {
        let base = self.inner.base.as_ref();
        let mut path = String::with_capacity(operation.path.len() + 64);
        if let Ok(base) = base {
            path.push_str(base.path().trim_end_matches('/'));
        }
        let mut params = path_params.iter();
        let mut error = None;
        for (i, part) in operation.path.split('{').enumerate() {
            match part.split_once('}') {
                Some((name, literal)) if i > 0 => {
                    let value = params.next().map(ToString::to_string).unwrap_or_default();
                    // These would make the URL parser drop or merge segments.
                    if matches!(value.as_str(), "" | "." | "..") {
                        let reason = format!("the path parameter `{name}` cannot be `{value}`");
                        error.get_or_insert(InvalidRequest::new(operation.name, reason));
                    }
                    path.extend(utf8_percent_encode(&value, PATH_SEGMENT));
                    path.push_str(literal);
                }
                _ => path.push_str(part),
            }
        }
        // The base URL was parsed once; only the path is parsed here.
        let url = match base {
            Ok(base) => {
                let mut url = base.clone();
                url.set_path(&path);
                Some(url)
            }
            Err(reason) => {
                error.get_or_insert(InvalidRequest::new(operation.name, reason.clone()));
                None
            }
        };
        Request {
            client: self,
            operation,
            url,
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            error,
        }
    }
}

/// Configures a [`Client`]; start from `Client::builder`.
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    /// By slot (`crate::auth::SLOTS`).
    credentials: Vec<Option<Secret>>,
    timeout: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    max_response_bytes: u64,
    allow_insecure_http: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with the first credential (the one `Client::new` takes).
    pub(crate) fn with_credential(credential: Option<String>) -> Self {
        let mut credentials = vec![None; crate::auth::SLOTS.len()];
        if let (Some(slot), Some(credential)) = (credentials.first_mut(), credential) {
            *slot = Some(Secret(credential));
        }
        ClientBuilder {
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            credentials,
            timeout: Some(DEFAULT_TIMEOUT),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
        }
    }

    /// Builds a client without failing, on a new `reqwest::Client` (which
    /// panics only when the TLS backend cannot be initialised, like
    /// `reqwest::Client::new`): a bad credential is reported by each
    /// request instead. Backs `Client::new`.
    pub(crate) fn build_unchecked(mut self) -> Client {
        let user_agent = HeaderValue::from_str(&self.user_agent).unwrap_or_else(|_| {
            HeaderValue::from_static(concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION")
            ))
        });
        let http = self
            .http()
            .unwrap_or_else(|e| panic!("the TLS backend cannot be initialised: {e}"));
        // A bad base URL or credential is reported by each request.
        let base = parse_base_url(self.base_url.trim_end_matches('/'));
        let credentials = self.prepared_credentials();
        self.assemble(http, user_agent, base, credentials)
    }

    /// Each credential set, as it goes on a request, or why it cannot be
    /// sent: prepared once, for every request.
    fn prepared_credentials(&mut self) -> Arc<[Option<Result<Credential, &'static str>>]> {
        std::mem::take(&mut self.credentials)
            .into_iter()
            .enumerate()
            .map(|(slot, secret)| secret.map(|secret| crate::auth::credential(slot, secret.0)))
            .collect()
    }

    /// Sets the credential of `slot` (the generated setters: `connection_id`).
    #[allow(dead_code)]
    pub(crate) fn set_credential(mut self, slot: usize, secret: String) -> Self {
        if let Some(entry) = self.credentials.get_mut(slot) {
            *entry = Some(Secret(secret));
        }
        self
    }

    /// The `reqwest::Client` to send through, and the timeout it applies by
    /// itself: a new one carries this builder's, a caller's none we know of.
    fn http(&mut self) -> Result<(reqwest::Client, Option<Duration>), reqwest::Error> {
        match self.http.take() {
            Some(http) => Ok((http, None)),
            None => Ok((http_client(self.timeout).build()?, self.timeout)),
        }
    }

    /// The client, from the parts `build` checked (or `build_unchecked`
    /// kept as errors for each request to report).
    fn assemble(
        self,
        (http, http_timeout): (reqwest::Client, Option<Duration>),
        user_agent: HeaderValue,
        base: Result<Url, String>,
        credentials: Arc<[Option<Result<Credential, &'static str>>]>,
    ) -> Client {
        Client {
            inner: Arc::new(Inner {
                http,
                base_url: self.base_url.trim_end_matches('/').to_owned(),
                base,
                user_agent,
                http_timeout,
                max_response_bytes: self.max_response_bytes,
                allow_insecure_http: self.allow_insecure_http,
            }),
            timeout: self.timeout,
            retry: self.retry,
            credentials,
        }
    }

    /// The server to talk to, instead of [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    /// A path prefix is kept: `https://example.com/api` sends `GET /api/v2/...`;
    /// so is a query, before each operation's parameters
    /// (`https://example.com/api?tenant=7` sends `GET /api/v2/...?tenant=7&limit=5`).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// How long each attempt of a request may take, from connecting to the
    /// end of the body (default: [`DEFAULT_TIMEOUT`]). A server that never
    /// answers ends in an error for which `Error::is_timeout` is true.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Lets requests take as long as the server needs.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends requests through this `reqwest::Client` (its proxy, TLS and pool
    /// settings) instead of a new one. The timeout, retries, size limit and
    /// user agent set here still apply to every request.
    ///
    /// Its redirect policy applies too. The client's own follows redirects
    /// only within one origin (scheme, host and port), because reqwest's
    /// default follows them to other hosts with every header except
    /// `Authorization` and `Cookie`, an API key header included. Build yours
    /// with `.redirect(reqwest::redirect::Policy::none())` unless you know
    /// where the API redirects.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// When requests fail in ways worth retrying, how often and how long to
    /// wait (default: [`RetryPolicy::default`]; [`RetryPolicy::none`] to
    /// turn it off).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The largest response body to read; a larger one ends the request
    /// with [`Error::TooLarge`] before it fills memory (default:
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Allows sending the credential over plain `http` to a host that is
    /// not the loopback interface. Without this, such a request fails with
    /// [`Error::InvalidRequest`] before anything is sent: on a network, a
    /// plain-text API key can be read by anyone on the way.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the base URL is not an absolute `http`
    /// or `https` URL, the user agent is not a valid header value or the
    /// credential cannot be sent as the API wants it (an API key with a line
    /// break), and [`Error::Transport`] when the HTTP client cannot be
    /// created.
    pub fn build(mut self) -> Result<Client, Error> {
        let invalid = |reason: String| Error::from(InvalidRequest::new("build", reason));
        let base = parse_base_url(self.base_url.trim_end_matches('/')).map_err(invalid)?;
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| invalid(format!("invalid user agent `{}`", self.user_agent)))?;
        let credentials = self.prepared_credentials();
        if let Some(Err(reason)) = credentials.iter().flatten().find(|c| c.is_err()) {
            return Err(invalid((*reason).to_owned()));
        }
        let http = self.http().map_err(|e| TransportError::new("build", e))?;
        Ok(self.assemble(http, user_agent, Ok(base), credentials))
    }
}

/// Parses the base URL once, for every request: it must be an absolute
/// `http` or `https` URL.
fn parse_base_url(base_url: &str) -> Result<Url, String> {
    match Url::parse(base_url) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(url),
        Ok(url) => Err(format!(
            "the base URL must be http or https, not `{}`",
            url.scheme()
        )),
        Err(e) => Err(format!("invalid base URL `{base_url}`: {e}")),
    }
}

/// The `reqwest::Client` settings of a client built here: each request
/// may take `timeout`, and redirects are followed only within the origin
/// they start from, so a credential header never reaches another host.
fn http_client(timeout: Option<Duration>) -> reqwest::ClientBuilder {
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    });
    let builder = reqwest::Client::builder().redirect(policy);
    match timeout {
        Some(timeout) => builder.timeout(timeout),
        None => builder,
    }
}

/// Whether a URL may carry the credential: https, or http to loopback.
fn is_private_channel(url: &Url) -> bool {
    match (url.scheme(), url.host()) {
        ("https", _) => true,
        ("http", Some(url::Host::Domain(domain))) => domain.eq_ignore_ascii_case("localhost"),
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        _ => false,
    }
}

/// Decodes a JSON body. The common case, a body that matches, goes through
/// plain serde_json at full speed; only a failure is decoded again with
/// `serde_path_to_error` to say where (`list[3].userData.name`).
///
/// The body is checked to be UTF-8 once, as a whole, and then read as a
/// `str`: serde_json's slice reader would check each string on its own,
/// which costs a tenth of a typical page's decoding. A body that is not
/// UTF-8 is read as bytes, for serde_json's error at the bad string.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, (String, serde_json::Error)> {
    let decoded = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    let first = match decoded {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) => Err((e.path().to_string(), e.into_inner())),
        // Trailing characters: the value itself was fine.
        Ok(_) => Err((".".to_owned(), first)),
    }
}

/// Appends `key=value` pairs for a JSON value: scalars as text, lists by
/// repeating the key, objects as `key[property]`, `null` left out. (Object
/// properties come in the order of serde_json's map: sorted by name.)
#[allow(dead_code)]
fn flatten(key: String, value: serde_json::Value, pairs: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::String(text) => pairs.push((key, text)),
        serde_json::Value::Array(items) => {
            for item in items {
                flatten(key.clone(), item, pairs);
            }
        }
        serde_json::Value::Object(map) => {
            for (property, value) in map {
                flatten(format!("{key}[{property}]"), value, pairs);
            }
        }
        // Like scalar parameters: `1.0` is written `1`.
        serde_json::Value::Number(n) => match n.as_f64().filter(|_| n.is_f64()) {
            Some(float) => pairs.push((key, float.to_string())),
            None => pairs.push((key, n.to_string())),
        },
        other => pairs.push((key, other.to_string())),
    }
}

/// The `key=value` pairs of an object's properties, each flattened as
/// [`flatten`] does; with a `prefix`, each key is `prefix[property]`.
#[allow(dead_code)]
fn property_pairs(
    map: serde_json::Map<String, serde_json::Value>,
    prefix: Option<&str>,
) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (key, value) in map {
        let key = match prefix {
            Some(name) => format!("{name}[{key}]"),
            None => key,
        };
        flatten(key, value, &mut pairs);
    }
    pairs
}

/// A response read in full.
pub(crate) struct Received {
    pub status: StatusCode,
    pub body: Bytes,
    pub content_type: Option<String>,
    pub attempts: u32,
}

/// What the generated code tells the runtime about one operation.
pub(crate) struct Operation {
    /// The client method's name, for errors.
    pub name: &'static str,
    pub method: Method,
    /// The path template, as in the spec.
    pub path: &'static str,
    /// The credentials it sends: alternatives, each the slots sent
    /// together; the first whose slots are all set is used. Empty: none.
    pub security: &'static [&'static [usize]],
    /// Slots sent when the client has them.
    pub optional_slots: &'static [usize],
    /// Whether the spec documents a status as an error response.
    pub is_documented_error: fn(u16) -> bool,
}

/// Why an operation cannot be sent without more credentials: those of its
/// first requirement that are not set, and where to set them.
fn missing_credentials(
    operation: &Operation,
    credentials: &[Option<Result<Credential, &'static str>>],
) -> String {
    let names: Vec<String> = operation
        .security
        .first()
        .into_iter()
        .flat_map(|requirement| requirement.iter())
        .filter(|slot| !matches!(credentials.get(**slot), Some(Some(_))))
        .filter_map(|slot| crate::auth::SLOTS.get(*slot).map(|name| (*slot, name)))
        .map(|(slot, name)| match slot {
            // The first is the argument of `Client::new` and `Client::builder`.
            0 => format!("`{name}` (`Client::builder`, or `Client::with_{name}` for some calls)"),
            _ => format!(
                "`{name}` (`ClientBuilder::{name}`, or `Client::with_{name}` for some calls)"
            ),
        })
        .collect();
    format!("`{}` needs {}", operation.name, names.join(" and "))
}

/// Characters a path parameter must have encoded: all but the unreserved
/// ones (RFC 3986), so a value can never add a segment, query or fragment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Any Rust number, for the setters of `number` parameters: `.limit(10)`,
/// `.limit(10usize)` and `.offset(n)` with `n: u64` all work. Integers
/// above 2^53 lose precision, as in JSON.
pub trait Number: Copy {
    /// The number as the API's `number` (an `f64`).
    fn to_f64(self) -> f64;
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            #[allow(clippy::cast_lossless, clippy::cast_precision_loss)]
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}

number!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64
);

/// A list sent as one parameter value, its items joined by commas
/// (`a,b,c`): a query parameter with `explode: false`, or a header. Crates
/// without such a parameter do not use it.
#[allow(dead_code)]
pub(crate) struct Joined<'a, T>(pub(crate) &'a [T]);

impl<T: fmt::Display> fmt::Display for Joined<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            item.fmt(f)?;
        }
        Ok(())
    }
}

/// One request on its way: the generated operation adds parameters and a
/// body, then sends it and decodes the answer.
pub(crate) struct Request<'a> {
    client: &'a Client,
    operation: &'static Operation,
    url: Option<Url>,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Option<Vec<u8>>,
    /// The first problem found while building; reported by `send`.
    error: Option<InvalidRequest>,
}

// Each generated crate calls the subset of these methods its spec needs
// (one spec has no header parameters, another no JSON bodies), so the rest
// would be reported as dead code there.
#[allow(dead_code)]
impl Request<'_> {
    /// Adds a query parameter (percent-encoded as a form value).
    pub(crate) fn query(&mut self, name: &str, value: &dyn fmt::Display) {
        if let Some(url) = &mut self.url {
            url.query_pairs_mut().append_pair(name, &value.to_string());
        }
    }

    /// Adds a header parameter.
    pub(crate) fn header(&mut self, name: &'static str, value: &dyn fmt::Display) {
        let value = value.to_string();
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.append(name, value);
            }
            _ => self.fail(format!(
                "the value of header `{name}` is not a valid header value"
            )),
        }
    }

    /// Adds a cookie parameter.
    pub(crate) fn cookie(&mut self, name: &str, value: &dyn fmt::Display) {
        self.cookies.push(format!(
            "{name}={}",
            utf8_percent_encode(&value.to_string(), PATH_SEGMENT)
        ));
    }

    /// Sets a JSON body.
    pub(crate) fn json_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.bytes_body("application/json", bytes),
            Err(e) => self.fail(format!("the body cannot be serialised as JSON: {e}")),
        }
    }

    /// Sets a raw body with its media type.
    pub(crate) fn bytes_body(&mut self, content_type: &'static str, body: Vec<u8>) {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Some(body);
    }

    /// Adds an object query parameter: each property as its own parameter
    /// (`style: form`, `explode: true`: `?status=active&limit=5`) or, with
    /// `deep`, as `name[property]` (`style: deepObject`:
    /// `?filter[status]=active`). Nested objects nest their brackets, lists
    /// repeat the key, `null` properties are left out.
    pub(crate) fn query_object<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        deep: bool,
    ) {
        let pairs = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => property_pairs(map, deep.then_some(name)),
            Ok(other) => {
                let mut pairs = Vec::new();
                flatten(name.to_owned(), other, &mut pairs);
                pairs
            }
            Err(e) => {
                return self.fail(format!("the parameter `{name}` cannot be serialised: {e}"));
            }
        };
        if let Some(url) = &mut self.url {
            let mut query = url.query_pairs_mut();
            for (key, value) in &pairs {
                query.append_pair(key, value);
            }
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body from a model: each
    /// property a field, flattened like [`Request::query_object`] with `deep`.
    pub(crate) fn form_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        let pairs = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(map)) => property_pairs(map, None),
            Ok(_) => return self.fail("a form body must be an object".to_owned()),
            Err(e) => return self.fail(format!("the body cannot be serialised: {e}")),
        };
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        self.bytes_body("application/x-www-form-urlencoded", encoded.into_bytes());
    }

    /// Sets a body whose media type is built at run time (a multipart
    /// boundary).
    pub(crate) fn body_with_type(&mut self, content_type: &str, body: Vec<u8>) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
                self.body = Some(body);
            }
            Err(_) => self.fail(format!("invalid content type `{content_type}`")),
        }
    }

    /// Records why the request cannot be sent; `send` reports the first.
    pub(crate) fn fail(&mut self, reason: String) {
        if self.error.is_none() {
            self.error = Some(InvalidRequest::new(self.operation.name, reason));
        }
    }

    /// Sends the request and decodes a JSON body.
    pub(crate) async fn send_json<T: DeserializeOwned>(mut self) -> Result<T, Error> {
        let name = self.operation.name;
        self.headers
            .entry(ACCEPT)
            .or_insert(HeaderValue::from_static("application/json"));
        let Received {
            status,
            body,
            content_type,
            attempts,
        } = self.send().await?;
        decode(&body).map_err(|(path, source)| {
            let mut error: Error =
                DecodeError::new(name, status, &body, content_type, path, source).into();
            error.set_attempts(attempts);
            error
        })
    }

    /// Sends the request; the body of the answer, if any, is ignored.
    pub(crate) async fn send_empty(self) -> Result<(), Error> {
        self.send().await.map(drop)
    }

    /// Sends the request and returns the body as text.
    pub(crate) async fn send_text(self) -> Result<String, Error> {
        let body = self.send().await?.body;
        // Usually valid UTF-8, then without a copy; else lossily.
        Ok(match String::from_utf8(Vec::from(body)) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }

    /// Adds the credentials the operation needs: those of its first
    /// requirement whose slots are all set, then any optional ones set.
    /// Each goes only over https or to loopback. Returns what is wrong.
    fn add_credentials(&mut self) -> Option<String> {
        let operation = self.operation;
        let credentials = &self.client.credentials;
        let is_set = |slot: &usize| matches!(credentials.get(*slot), Some(Some(_)));
        let chosen: &[usize] = if operation.security.is_empty() {
            &[]
        } else {
            match operation
                .security
                .iter()
                .find(|requirement| requirement.iter().all(is_set))
            {
                Some(requirement) => requirement,
                None => return Some(missing_credentials(operation, credentials)),
            }
        };
        let optional = operation.optional_slots.iter().filter(|s| is_set(s));
        let mut slots = chosen.iter().chain(optional).peekable();
        let url = self.url.as_mut()?;
        if slots.peek().is_some()
            && !self.client.inner.allow_insecure_http
            && !is_private_channel(url)
        {
            return Some(format!(
                "credentials are sent only over https (or to loopback), not to `{}://{}`; \
                 `ClientBuilder::allow_insecure_http` allows it",
                url.scheme(),
                url.host_str().unwrap_or_default()
            ));
        }
        for slot in slots {
            match credentials.get(*slot) {
                Some(Some(Ok(credential))) => {
                    credential.add_to(url, &mut self.headers, &mut self.cookies);
                }
                Some(Some(Err(reason))) => return Some((*reason).to_owned()),
                _ => {}
            }
        }
        None
    }

    /// Sends the request and returns the raw body.
    pub(crate) async fn send_bytes(self) -> Result<Vec<u8>, Error> {
        self.send().await.map(|received| Vec::from(received.body))
    }

    /// Sends the request, retrying as the client's [`RetryPolicy`] says, and
    /// reads the whole answer; a non-success status is an [`Error::Api`]
    /// when the operation documents it, else an [`Error::UnexpectedStatus`].
    async fn send(mut self) -> Result<Received, Error> {
        let operation = self.operation;
        let client = self.client;
        let inner = &client.inner;
        if let Some(problem) = self.add_credentials() {
            self.fail(problem);
        }
        if !self.cookies.is_empty() {
            match HeaderValue::from_str(&self.cookies.join("; ")) {
                Ok(mut value) => {
                    value.set_sensitive(true);
                    self.headers.insert(reqwest::header::COOKIE, value);
                }
                Err(_) => self.fail("a cookie value is not a valid header value".to_owned()),
            }
        }
        let url = match (self.error, self.url) {
            (Some(error), _) => return Err(error.into()),
            (None, Some(url)) => url,
            (None, None) => return Err(InvalidRequest::new(operation.name, "no URL").into()),
        };
        self.headers.insert(USER_AGENT, inner.user_agent.clone());
        let headers = self.headers;
        // Shared, not copied, by every attempt.
        let body = self.body.map(Bytes::from);
        let span = tracing::debug_span!(
            "request",
            operation = operation.name,
            method = %operation.method,
            path = operation.path,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let recorder = span.clone();
        let attempts = async move {
            let retries = client.retry.max_retries_for(&operation.method);
            let mut attempt = 0;
            loop {
                attempt += 1;
                let started = Instant::now();
                let mut request = reqwest::Request::new(operation.method.clone(), url.clone());
                *request.headers_mut() = headers.clone();
                if client.timeout != inner.http_timeout {
                    *request.timeout_mut() = client.timeout;
                }
                if let Some(body) = &body {
                    *request.body_mut() = Some(body.clone().into());
                }
                let (outcome, asked) = match inner.http.execute(request).await {
                    Ok(response) => {
                        let asked = retry::retry_after(response.headers());
                        (
                            receive(response, operation, inner.max_response_bytes).await,
                            asked,
                        )
                    }
                    Err(e) => (Err(TransportError::new(operation.name, e).into()), None),
                };
                let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                let status = match &outcome {
                    Ok(received) => Some(received.status),
                    Err(e) => e.status(),
                };
                recorder.record("attempt", attempt);
                recorder.record("latency_ms", latency_ms);
                if let Some(status) = status {
                    recorder.record("status", status.as_u16());
                }
                tracing::debug!(
                    attempt,
                    latency_ms,
                    status = status.map(|s| s.as_u16()),
                    error = outcome.as_ref().err().map(tracing::field::display),
                    "attempt finished"
                );
                let retryable = outcome.as_ref().is_err_and(Error::is_retryable);
                if retryable && attempt <= retries {
                    if let Some(delay) = client.retry.delay(attempt, asked) {
                        tracing::debug!(delay_ms = delay.as_millis() as u64, "retrying");
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                }
                return match outcome {
                    Ok(received) => Ok(Received {
                        attempts: attempt,
                        ..received
                    }),
                    Err(mut error) => {
                        error.set_attempts(attempt);
                        Err(error)
                    }
                };
            }
        };
        // With no subscriber listening, the span is disabled: the attempts
        // then run without the wrapper that enters it on every poll.
        if span.is_disabled() {
            attempts.await
        } else {
            attempts.instrument(span).await
        }
    }
}

/// Reads one response in full, up to `limit` bytes, and sorts its status.
async fn receive(
    mut response: reqwest::Response,
    operation: &Operation,
    limit: u64,
) -> Result<Received, Error> {
    let status = response.status();
    let too_large = || Error::from(TooLarge::new(operation.name, status, limit));
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(too_large());
    }
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let transport = |e| Error::from(TransportError::new(operation.name, e));
    // One chunk is the whole body for most answers: keep it without a copy.
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    let mut read: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        read = read.saturating_add(chunk.len() as u64);
        if read > limit {
            return Err(too_large());
        }
        match &first {
            None => first = Some(chunk),
            Some(head) => {
                if rest.is_empty() {
                    rest.extend_from_slice(head);
                }
                rest.extend_from_slice(&chunk);
            }
        }
    }
    let body = if rest.is_empty() {
        first.unwrap_or_default()
    } else {
        Bytes::from(rest)
    };
    if status.is_success() {
        Ok(Received {
            status,
            body,
            content_type,
            attempts: 1,
        })
    } else if (operation.is_documented_error)(status.as_u16()) {
        Err(ApiError::new(operation.name, status, &body).into())
    } else {
        Err(UnexpectedStatus::new(operation.name, status, &body).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET_PART: Operation = Operation {
        name: "get_part",
        method: Method::GET,
        path: "/items/{id}/parts/{part}",
        security: &[],
        optional_slots: &[],
        is_documented_error: |_| false,
    };

    #[test]
    fn lists_join_with_commas() {
        assert_eq!(Joined(&["a", "b c", "d"]).to_string(), "a,b c,d");
        assert_eq!(Joined::<u8>(&[]).to_string(), "");
    }

    fn client() -> Client {
        ClientBuilder::with_credential(None)
            .base_url("https://example.com/api/")
            .build()
            .unwrap()
    }

    #[test]
    fn path_parameters_cannot_change_the_route() {
        let client = client();
        let request = client.request(&GET_PART, &[&"../x?y#z", &"a b/é"]);
        assert!(request.error.is_none());
        assert_eq!(
            request.url.unwrap().as_str(),
            "https://example.com/api/items/..%2Fx%3Fy%23z/parts/a%20b%2F%C3%A9"
        );
        for bad in ["", ".", ".."] {
            let request = client.request(&GET_PART, &[&bad, &1]);
            assert!(request.error.is_some(), "`{bad}` must be refused");
        }
    }

    #[test]
    fn numbers_and_queries_are_written_as_text() {
        let client = client();
        let mut request = client.request(&GET_PART, &[&42_i64, &1.5_f64]);
        request.query("limit", &10.0_f64);
        request.query("q", &"a&b=c d");
        assert_eq!(
            request.url.unwrap().as_str(),
            "https://example.com/api/items/42/parts/1.5?limit=10&q=a%26b%3Dc+d"
        );
    }

    #[test]
    fn invalid_headers_are_reported_not_sent() {
        let client = client();
        let mut request = client.request(&GET_PART, &[&1, &2]);
        request.header("x-trace", &"ok");
        assert!(request.error.is_none());
        request.header("x-trace", &"line\nbreak");
        assert!(request.error.is_some());
    }

    #[test]
    fn debug_output_hides_the_credentials() {
        let mut builder = ClientBuilder::with_credential(Some("secret-key".to_owned()));
        for slot in 1..crate::auth::SLOTS.len() {
            builder = builder.set_credential(slot, format!("secret-{slot}"));
        }
        assert!(!format!("{builder:?}").contains("secret-"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("secret-"));
        if !crate::auth::SLOTS.is_empty() {
            let other = client.with_credential(0, "secret-other".to_owned());
            assert!(!format!("{other:?}").contains("secret-"));
        }
    }
}
