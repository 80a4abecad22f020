//! The client and its builder, this crate's own types so that the API's
//! operations can be their methods. Each holds the runtime's (the
//! `runtime` crate's `client.rs`), which keeps the configuration and
//! sends the requests; what is here only hands over.

use std::fmt;
use std::time::Duration;

pub(crate) use runtime::client::Api;
use runtime::request::{Operation, Request};

pub use runtime::client::{DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};

use crate::{Error, RetryPolicy};

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// `Debug` never shows the credential.
#[derive(Clone)]
pub struct Client(runtime::Client);

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Client {
    /// The URL that operation paths are appended to.
    pub fn base_url(&self) -> &str {
        self.0.base_url()
    }

    /// This client (same connection pool) with another timeout for each
    /// attempt of the calls made through it:
    /// `client.with_timeout(Duration::from_secs(2)).list_...(...)`.
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client(self.0.with_timeout(timeout))
    }

    /// This client (same connection pool) with another retry policy for the
    /// calls made through it.
    #[must_use]
    pub fn with_retry(&self, retry: RetryPolicy) -> Client {
        Client(self.0.with_retry(retry))
    }

    /// This client with the credential of `slot` replaced (the
    /// `with_…` methods of `auth.rs`).
    #[allow(dead_code)]
    pub(crate) fn with_credential(&self, slot: usize, secret: String) -> Client {
        Client(self.0.with_credential(slot, secret))
    }

    /// Starts a request of `operation` (the methods of `operations.rs`).
    #[allow(dead_code)]
    pub(crate) fn request<'a>(
        &'a self,
        operation: &'static Operation,
        path_params: &[&dyn fmt::Display],
    ) -> Request<'a> {
        self.0.request(operation, path_params)
    }
}

/// Configures a [`Client`]; start from `Client::builder`.
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder(runtime::ClientBuilder);

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl ClientBuilder {
    /// A builder for the API `api` describes, with the first credential
    /// when the API has one.
    pub(crate) fn new(api: &'static Api, credential: Option<String>) -> Self {
        ClientBuilder(runtime::ClientBuilder::new(api, credential))
    }

    /// Builds the client; a bad base URL or credential is reported by
    /// each request instead (`Client::new`).
    pub(crate) fn build_unchecked(self) -> Client {
        Client(self.0.build_unchecked())
    }

    /// Sets the credential of `slot` (the setters of `auth.rs`).
    #[allow(dead_code)]
    pub(crate) fn set_credential(self, slot: usize, secret: String) -> Self {
        ClientBuilder(self.0.set_credential(slot, secret))
    }

    /// Answers every request in-process (the mock).
    #[cfg(feature = "mock")]
    pub(crate) fn transport(self, transport: runtime::client::Transport) -> Self {
        ClientBuilder(self.0.transport(transport))
    }

    /// The server to talk to, instead of [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    /// A path prefix is kept: `https://example.com/api` sends `GET /api/v2/...`;
    /// so is a query, before each operation's parameters
    /// (`https://example.com/api?tenant=7` sends `GET /api/v2/...?tenant=7&limit=5`).
    pub fn base_url(self, base_url: impl Into<String>) -> Self {
        ClientBuilder(self.0.base_url(base_url))
    }

    /// How long each attempt of a request may take, from connecting to the
    /// end of the body (default: [`DEFAULT_TIMEOUT`]). A server that never
    /// answers ends in an error for which `Error::is_timeout` is true.
    pub fn timeout(self, timeout: Duration) -> Self {
        ClientBuilder(self.0.timeout(timeout))
    }

    /// Lets requests take as long as the server needs.
    pub fn no_timeout(self) -> Self {
        ClientBuilder(self.0.no_timeout())
    }

    /// A header every call sends unless it sets its own: a header
    /// parameter many operations take (a tenant, a connection), a tracing
    /// header. A parameter of the call, or the call's own
    /// [`Call::header`](crate::Call::header), wins over it; the
    /// credential and `User-Agent` are set elsewhere. A name or value that
    /// is not valid in a header makes [`build`](ClientBuilder::build) fail.
    pub fn default_header(self, name: &str, value: &str) -> Self {
        ClientBuilder(self.0.default_header(name, value))
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
        ClientBuilder(self.0.user_agent(user_agent))
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
    ///
    /// This crate gives reqwest no process-wide TLS crypto provider: build
    /// yours with [`tls_config`](crate::tls_config), as the client's own is
    /// (`reqwest::Client::builder().tls_backend_preconfigured(tls_config()?)`),
    /// or install a provider for the process first.
    pub fn http_client(self, http: reqwest::Client) -> Self {
        ClientBuilder(self.0.http_client(http))
    }

    /// When requests fail in ways worth retrying, how often and how long to
    /// wait (default: [`RetryPolicy::default`]; [`RetryPolicy::none`] to
    /// turn it off).
    pub fn retry(self, retry: RetryPolicy) -> Self {
        ClientBuilder(self.0.retry(retry))
    }

    /// The largest response body to read; a larger one ends the request
    /// with [`Error::TooLarge`] before it fills memory (default:
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn max_response_bytes(self, limit: u64) -> Self {
        ClientBuilder(self.0.max_response_bytes(limit))
    }

    /// Allows sending the credential over plain `http` to a host that is
    /// not the loopback interface. Without this, such a request fails with
    /// [`Error::InvalidRequest`] before anything is sent: on a network, a
    /// plain-text API key can be read by anyone on the way.
    pub fn allow_insecure_http(self, allow: bool) -> Self {
        ClientBuilder(self.0.allow_insecure_http(allow))
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
    pub fn build(self) -> Result<Client, Error> {
        self.0.build().map(Client)
    }
}
