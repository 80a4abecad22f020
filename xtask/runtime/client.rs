//! The client and its builder: configuration shared by every call. A
//! request is built in `request.rs`, gets its credentials in
//! `credentials.rs` and is sent in `send.rs`; `security.rs` holds the rules
//! those follow.
//!
//! The generated crate wraps both in its own `Client` and `ClientBuilder`
//! (`facade/client.rs`), whose methods the API's operations are; the
//! public methods here are documented there, where users read them.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderValue};

use crate::credentials::Credential;
use crate::error::{Error, InvalidRequest, TransportError};
use crate::retry::RetryPolicy;
use crate::security::{self, Secret};

/// How long one attempt of a request may take, from connecting to the end
/// of the body, unless `ClientBuilder::timeout` or `Client::with_timeout`
/// says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body the client reads, unless
/// `ClientBuilder::max_response_bytes` says otherwise: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// `Debug` never shows the credential.
#[derive(Clone)]
pub struct Client {
    pub inner: Arc<Inner>,
    /// Per handle, so [`Client::with_timeout`] and [`Client::with_retry`]
    /// can change them for some calls.
    pub timeout: Option<Duration>,
    pub retry: RetryPolicy,
    /// The credentials by slot (`Api::slots`), each prepared once as
    /// it goes on a request, or why it cannot be sent, which every request
    /// that needs it reports. Per handle, so a call can override one
    /// (`client.with_connection_id(...)`).
    pub credentials: Arc<[Option<Result<Credential, &'static str>>]>,
}

/// What the generated code tells the runtime of its API (the `API` of the
/// API package's `auth.rs`): the runtime reads nothing else of that crate.
pub struct Api {
    /// The names of the client's credentials, by slot.
    pub slots: &'static [&'static str],
    /// A secret as its slot sends it, prepared once when the client is
    /// built (or a call overrides it); why not, when it cannot go.
    pub credential: fn(usize, String) -> Result<Credential, &'static str>,
    /// The server a client talks to unless its builder names another.
    pub base_url: &'static str,
    /// The default `User-Agent`: the crate's name and version.
    pub user_agent: &'static str,
}

pub struct Inner {
    pub api: &'static Api,
    http: reqwest::Client,
    /// As given, without a trailing slash.
    base_url: String,
    /// `base_url` parsed once (each request sets its path: the base's, then
    /// the operation's), or why it cannot be, which every request reports.
    pub base: Result<Url, String>,
    pub user_agent: HeaderValue,
    /// The timeout the `http` client applies by itself (the one built
    /// here has the client's); a request sets its own only when it
    /// differs, which saves reqwest an allocation per request.
    pub http_timeout: Option<Duration>,
    pub max_response_bytes: u64,
    pub allow_insecure_http: bool,
    /// Headers every call sends unless it sets its own
    /// ([`ClientBuilder::default_header`]), or why one cannot be sent.
    pub default_headers: Result<HeaderMap, String>,
    /// The in-process server that answers instead of the network.
    #[cfg(feature = "mock")]
    mock: Option<Transport>,
}

/// Answers requests in-process instead of the network: the generated
/// crate's mock (`ClientBuilder::mock`).
#[cfg(feature = "mock")]
pub type Transport = Arc<dyn Fn(reqwest::Request) -> reqwest::Response + Send + Sync>;

impl Inner {
    /// Sends one attempt.
    pub async fn execute(
        &self,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, reqwest::Error> {
        #[cfg(feature = "mock")]
        if let Some(mock) = &self.mock {
            return Ok(mock(request));
        }
        self.http.execute(request).await
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
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client {
            timeout: Some(timeout),
            ..self.clone()
        }
    }

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
    pub fn with_credential(&self, slot: usize, secret: String) -> Client {
        let mut credentials = self.credentials.to_vec();
        if let Some(entry) = credentials.get_mut(slot) {
            *entry = Some((self.inner.api.credential)(slot, secret));
        }
        Client {
            credentials: credentials.into(),
            ..self.clone()
        }
    }
}

/// Configures a [`Client`]; start from `Client::builder`.
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    api: &'static Api,
    base_url: String,
    /// By slot (`Api::slots`).
    credentials: Vec<Option<Secret>>,
    timeout: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    max_response_bytes: u64,
    allow_insecure_http: bool,
    default_headers: Result<HeaderMap, String>,
    #[cfg(feature = "mock")]
    mock: Option<Transport>,
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
    pub fn new(api: &'static Api, credential: Option<String>) -> Self {
        let mut credentials = vec![None; api.slots.len()];
        if let (Some(slot), Some(credential)) = (credentials.first_mut(), credential) {
            *slot = Some(Secret(credential));
        }
        ClientBuilder {
            api,
            base_url: api.base_url.to_owned(),
            credentials,
            timeout: Some(DEFAULT_TIMEOUT),
            user_agent: api.user_agent.to_owned(),
            http: None,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
            default_headers: Ok(HeaderMap::new()),
            #[cfg(feature = "mock")]
            mock: None,
        }
    }

    /// Builds a client without failing, on a new `reqwest::Client` (which
    /// panics only when the TLS backend cannot be initialised, like
    /// `reqwest::Client::new`): a bad credential is reported by each
    /// request instead. Backs `Client::new`.
    pub fn build_unchecked(mut self) -> Client {
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .unwrap_or_else(|_| HeaderValue::from_static(self.api.user_agent));
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
            .map(|(slot, secret)| secret.map(|secret| (self.api.credential)(slot, secret.0)))
            .collect()
    }

    /// Answers every call with `transport` instead of the network (the
    /// API package's mock).
    #[cfg(feature = "mock")]
    pub fn transport(mut self, transport: Transport) -> Self {
        self.mock = Some(transport);
        self
    }

    /// Sets the credential of `slot` (the generated setters: `connection_id`).
    pub fn set_credential(mut self, slot: usize, secret: String) -> Self {
        if let Some(entry) = self.credentials.get_mut(slot) {
            *entry = Some(Secret(secret));
        }
        self
    }

    /// The `reqwest::Client` to send through, and the timeout it applies by
    /// itself: a new one carries this builder's, a caller's none we know of.
    fn http(&mut self) -> Result<(reqwest::Client, Option<Duration>), Error> {
        if let Some(http) = self.http.take() {
            return Ok((http, None));
        }
        let builder = security::http_client(self.timeout)
            .map_err(|e| InvalidRequest::new("build", format!("TLS cannot be configured: {e}")))?;
        let http = builder
            .build()
            .map_err(|e| TransportError::new("build", e))?;
        Ok((http, self.timeout))
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
                api: self.api,
                http,
                base_url: self.base_url.trim_end_matches('/').to_owned(),
                base,
                user_agent,
                http_timeout,
                max_response_bytes: self.max_response_bytes,
                allow_insecure_http: self.allow_insecure_http,
                default_headers: self.default_headers,
                #[cfg(feature = "mock")]
                mock: self.mock,
            }),
            timeout: self.timeout,
            retry: self.retry,
            credentials,
        }
    }

    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        if let Ok(headers) = &mut self.default_headers {
            match crate::request::header_pair(name, value) {
                Some((name, value)) => {
                    headers.insert(name, value);
                }
                None => {
                    self.default_headers = Err(format!(
                        "the default header `{name}` is not a valid header name and value"
                    ));
                }
            }
        }
        self
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    pub fn build(mut self) -> Result<Client, Error> {
        let invalid = |reason: String| Error::from(InvalidRequest::new("build", reason));
        let base = parse_base_url(self.base_url.trim_end_matches('/')).map_err(invalid)?;
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| invalid(format!("invalid user agent `{}`", self.user_agent)))?;
        let credentials = self.prepared_credentials();
        if let Some(Err(reason)) = credentials.iter().flatten().find(|c| c.is_err()) {
            return Err(invalid((*reason).to_owned()));
        }
        if let Err(reason) = &self.default_headers {
            return Err(invalid(reason.clone()));
        }
        let http = self.http()?;
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
