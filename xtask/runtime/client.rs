//! The client: configuration, and the request path every operation shares.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;

use crate::error::{
    ApiError, DecodeError, Error, InvalidRequest, TransportError, UnexpectedStatus,
};

/// How long a request may take, from connecting to the end of the body,
/// unless [`ClientBuilder::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// `Debug` never shows the credential.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Without a trailing slash.
    base_url: String,
    credential: Option<Secret>,
    timeout: Option<Duration>,
    user_agent: HeaderValue,
}

/// A credential, kept out of `Debug` output.
#[derive(Clone)]
pub(crate) struct Secret(String);

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

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credential", &self.inner.credential)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The URL that operation paths are appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Starts a request; `path_params` fill the `{...}` of the path template
    /// in order, percent-encoded.
    pub(crate) fn request<'a>(
        &'a self,
        operation: &'static Operation,
        path_params: &[&dyn fmt::Display],
    ) -> Request<'a> {
        let mut url = self.inner.base_url.clone();
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
                    url.extend(utf8_percent_encode(&value, PATH_SEGMENT));
                    url.push_str(literal);
                }
                _ => url.push_str(part),
            }
        }
        let url = match Url::parse(&url) {
            Ok(url) => Some(url),
            Err(e) => {
                error.get_or_insert(InvalidRequest::new(
                    operation.name,
                    format!("invalid URL `{url}`: {e}"),
                ));
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
    credential: Option<Secret>,
    timeout: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credential", &self.credential)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(crate) fn with_credential(credential: Option<String>) -> Self {
        ClientBuilder {
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            credential: credential.map(Secret),
            timeout: Some(DEFAULT_TIMEOUT),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
        }
    }

    /// Builds a client from the default settings, which are known to be
    /// valid, on a new `reqwest::Client` (which panics only when the TLS
    /// backend cannot be initialised). Backs `Client::new`.
    pub(crate) fn build_unchecked(self) -> Client {
        let user_agent = HeaderValue::from_str(&self.user_agent).unwrap_or_else(|_| {
            HeaderValue::from_static(concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION")
            ))
        });
        Client {
            inner: Arc::new(Inner {
                http: self.http.unwrap_or_default(),
                base_url: self.base_url.trim_end_matches('/').to_owned(),
                credential: self.credential,
                timeout: self.timeout,
                user_agent,
            }),
        }
    }

    /// The server to talk to, instead of [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    /// A path prefix is kept: `https://example.com/api` sends `GET /api/v2/...`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// How long a request may take in all (default: [`DEFAULT_TIMEOUT`]).
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
    /// settings) instead of a new one. The timeout and user agent set here
    /// still apply to every request.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the base URL is not an absolute `http`
    /// or `https` URL or the user agent is not a valid header value, and
    /// [`Error::Transport`] when the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        let invalid = |reason: String| Error::from(InvalidRequest::new("build", reason));
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        match Url::parse(&base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {}
            Ok(url) => {
                return Err(invalid(format!(
                    "the base URL must be http or https, not `{}`",
                    url.scheme()
                )));
            }
            Err(e) => return Err(invalid(format!("invalid base URL `{base_url}`: {e}"))),
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| invalid(format!("invalid user agent `{}`", self.user_agent)))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| TransportError::new("build", e))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credential: self.credential,
                timeout: self.timeout,
                user_agent,
            }),
        })
    }
}

/// What the generated code tells the runtime about one operation.
pub(crate) struct Operation {
    /// The client method's name, for errors.
    pub name: &'static str,
    pub method: Method,
    /// The path template, as in the spec.
    pub path: &'static str,
    /// Whether the operation takes the client's credential.
    pub authenticated: bool,
    /// Whether the spec documents a status as an error response.
    pub is_documented_error: fn(u16) -> bool,
}

/// Characters a path parameter must have encoded: all but the unreserved
/// ones (RFC 3986), so a value can never add a segment, query or fragment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

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

    fn fail(&mut self, reason: String) {
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
        let (status, body) = self.send().await?;
        let mut deserializer = serde_json::Deserializer::from_slice(&body);
        let decoded = match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(value) => deserializer
                .end()
                .map(|()| value)
                .map_err(|e| (".".to_owned(), e)),
            Err(e) => Err((e.path().to_string(), e.into_inner())),
        };
        decoded.map_err(|(path, source)| DecodeError::new(name, status, &body, path, source).into())
    }

    /// Sends the request; the body of the answer, if any, is ignored.
    pub(crate) async fn send_empty(self) -> Result<(), Error> {
        self.send().await.map(drop)
    }

    /// Sends the request and returns the body as text.
    pub(crate) async fn send_text(self) -> Result<String, Error> {
        let (_, body) = self.send().await?;
        // Usually valid UTF-8, then without a copy; else lossily.
        Ok(match String::from_utf8(Vec::from(body)) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }

    /// Sends the request and returns the raw body.
    pub(crate) async fn send_bytes(self) -> Result<Vec<u8>, Error> {
        self.send().await.map(|(_, body)| Vec::from(body))
    }

    /// Sends the request and reads the whole answer; a non-success status is
    /// an [`Error::Api`] when the operation documents it, else an
    /// [`Error::UnexpectedStatus`].
    async fn send(mut self) -> Result<(StatusCode, Bytes), Error> {
        let operation = self.operation;
        let inner = &self.client.inner;
        if operation.authenticated {
            if let (Some(url), Some(credential)) = (&mut self.url, &inner.credential) {
                if let Err(reason) = crate::auth::authenticate(
                    url,
                    &mut self.headers,
                    &mut self.cookies,
                    credential.expose(),
                ) {
                    self.fail(reason.to_owned());
                }
            }
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
        let mut request = inner
            .http
            .request(operation.method.clone(), url)
            .headers(self.headers);
        if let Some(timeout) = inner.timeout {
            request = request.timeout(timeout);
        }
        if let Some(body) = self.body {
            request = request.body(body);
        }
        let transport = |e| Error::from(TransportError::new(operation.name, e));
        let response = request.send().await.map_err(transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(transport)?;
        if status.is_success() {
            Ok((status, body))
        } else if (operation.is_documented_error)(status.as_u16()) {
            Err(ApiError::new(operation.name, status, &body).into())
        } else {
            Err(UnexpectedStatus::new(operation.name, status, &body).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET_PART: Operation = Operation {
        name: "get_part",
        method: Method::GET,
        path: "/items/{id}/parts/{part}",
        authenticated: false,
        is_documented_error: |_| false,
    };

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
    fn debug_output_hides_the_credential() {
        let builder = ClientBuilder::with_credential(Some("secret-key".to_owned()));
        assert!(!format!("{builder:?}").contains("secret-key"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("secret-key"));
    }
}
