//! The one error type every operation returns.

use std::fmt;

use reqwest::StatusCode;

/// How many bytes of a response body an error message quotes.
const SNIPPET_LEN: usize = 512;

/// Everything that can go wrong when calling the API.
///
/// Match on the variant to tell a refusal by the server ([`Error::Api`]) from
/// a response this client did not expect ([`Error::UnexpectedStatus`],
/// [`Error::Decode`]) and from a request that never completed
/// ([`Error::Transport`]). No variant ever holds the API key.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status that the operation documents.
    /// (Boxed: it is the largest variant, and errors should stay cheap to move.)
    Api(Box<ApiError>),
    /// The server answered with a status that the operation does not document.
    UnexpectedStatus(UnexpectedStatus),
    /// The response body does not match the operation's model.
    Decode(DecodeError),
    /// The request could not be sent, or the response not received (connection
    /// refused, TLS failure, timeout, body cut short).
    Transport(TransportError),
    /// The response body is larger than the client accepts
    /// (`ClientBuilder::max_response_bytes`).
    TooLarge(TooLarge),
    /// The request could not be built (an invalid base URL, API key or header
    /// value); nothing was sent.
    InvalidRequest(InvalidRequest),
}

// The impls below are what `thiserror` would derive, written out: it was
// the crate's one proc macro of its own, about a second of every user's
// cold build (`cargo build --timings`, BENCHMARKS.md).

/// Each variant prints as, and has the source of, the error it holds.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::UnexpectedStatus(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::TooLarge(e) => e.fmt(f),
            Error::InvalidRequest(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(e) => e.source(),
            Error::UnexpectedStatus(e) => e.source(),
            Error::Decode(e) => e.source(),
            Error::Transport(e) => e.source(),
            Error::TooLarge(e) => e.source(),
            Error::InvalidRequest(e) => e.source(),
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(Box::new(error))
    }
}

impl From<UnexpectedStatus> for Error {
    fn from(error: UnexpectedStatus) -> Self {
        Error::UnexpectedStatus(error)
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Error::Decode(error)
    }
}

impl From<TransportError> for Error {
    fn from(error: TransportError) -> Self {
        Error::Transport(error)
    }
}

impl From<TooLarge> for Error {
    fn from(error: TooLarge) -> Self {
        Error::TooLarge(error)
    }
}

impl From<InvalidRequest> for Error {
    fn from(error: InvalidRequest) -> Self {
        Error::InvalidRequest(error)
    }
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Transport(e) => e.source.status(),
            Error::TooLarge(e) => Some(e.status),
            Error::InvalidRequest(_) => None,
        }
    }

    /// How many times the request was sent (retries included); 0 when it
    /// could not be built.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(e) => e.attempts,
            Error::UnexpectedStatus(e) => e.attempts,
            Error::Decode(e) => e.attempts,
            Error::Transport(e) => e.attempts,
            Error::TooLarge(e) => e.attempts,
            Error::InvalidRequest(_) => 0,
        }
    }

    /// Whether trying again later may succeed: the request did not complete
    /// (the connection could not be made, was reset or closed early, or an
    /// attempt timed out), or the server answered 408, 429, 502, 503 or
    /// 504. These are what the client's [`RetryPolicy`](crate::RetryPolicy)
    /// retries, for idempotent methods only unless it says otherwise (a
    /// POST whose connection dropped may have taken effect); when this
    /// error comes back, its retries were spent (see [`Error::attempts`])
    /// or the method is not retried automatically.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(_) => true,
            Error::Api(_) | Error::UnexpectedStatus(_) => {
                self.status().is_some_and(crate::retry::is_retryable_status)
            }
            _ => false,
        }
    }

    pub fn set_attempts(&mut self, attempts: u32) {
        match self {
            Error::Api(e) => e.attempts = attempts,
            Error::UnexpectedStatus(e) => e.attempts = attempts,
            Error::Decode(e) => e.attempts = attempts,
            Error::Transport(e) => e.attempts = attempts,
            Error::TooLarge(e) => e.attempts = attempts,
            Error::InvalidRequest(_) => {}
        }
    }

    /// The operation (client method) that failed.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::Api(e) => e.operation,
            Error::UnexpectedStatus(e) => e.operation,
            Error::Decode(e) => e.operation,
            Error::Transport(e) => e.operation,
            Error::TooLarge(e) => e.operation,
            Error::InvalidRequest(e) => e.operation,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.source.is_timeout())
    }
}

/// An error status the operation documents, with what the body says.
///
/// [`ApiError::body`] reads the body as the model the spec documents for
/// that status (`e.body::<models::ValidationError>()`). As a convenience
/// for the common shape (the OFAuth API's and its SDKs'), the `message`,
/// `code` and `details` fields of a JSON object body are parsed out too;
/// they are `None` for other shapes, and the body is always kept as text.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation (client method) that failed.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// The `message` field of a JSON error body.
    pub message: Option<String>,
    /// The `code` field of a JSON error body (a number becomes its text).
    pub code: Option<String>,
    /// The `details` field of a JSON error body.
    pub details: Option<serde_json::Value>,
    /// The whole response body, as text.
    pub body: String,
    /// How many times the request was sent.
    pub attempts: u32,
}

impl ApiError {
    /// The body read as `T`: the model the operation documents for this
    /// status, or any type that fits (`serde_json::Value`).
    ///
    /// # Errors
    ///
    /// When the body is not JSON of that shape.
    pub fn body<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.body)
    }

    pub fn new(operation: &'static str, status: StatusCode, body: &[u8]) -> Self {
        let parsed: Option<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_slice(body).ok();
        let field = |name: &str| {
            parsed
                .as_ref()
                .and_then(|map| map.get(name))
                .filter(|v| !v.is_null())
        };
        let text = |name: &str| {
            field(name).map(|value| match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        };
        ApiError {
            operation,
            status,
            message: text("message"),
            code: text("code"),
            details: field("details").cloned(),
            body: String::from_utf8_lossy(body).into_owned(),
            attempts: 1,
        }
    }
}

/// A status the operation does not document.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct UnexpectedStatus {
    /// The operation (client method) that failed.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// The start of the body, as text (at most 512 bytes).
    pub snippet: String,
    /// The whole response body, as text.
    pub body: String,
    /// How many times the request was sent.
    pub attempts: u32,
}

impl UnexpectedStatus {
    pub fn new(operation: &'static str, status: StatusCode, body: &[u8]) -> Self {
        UnexpectedStatus {
            operation,
            status,
            snippet: snippet(body),
            body: String::from_utf8_lossy(body).into_owned(),
            attempts: 1,
        }
    }
}

/// A response body that does not match the model.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation (client method) that failed.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// Where in the body decoding failed, such as `list[3].userData.name`
    /// (`.` for the body itself).
    pub path: String,
    /// The start of the body, as text (at most 512 bytes).
    pub snippet: String,
    /// The response's `Content-Type`, when it had one.
    pub content_type: Option<String>,
    /// What serde said.
    pub source: serde_json::Error,
    /// How many times the request was sent.
    pub attempts: u32,
}

impl DecodeError {
    pub fn new(
        operation: &'static str,
        status: StatusCode,
        body: &[u8],
        content_type: Option<String>,
        path: String,
        source: serde_json::Error,
    ) -> Self {
        DecodeError {
            operation,
            status,
            path,
            snippet: snippet(body),
            content_type,
            source,
            attempts: 1,
        }
    }
}

/// The request did not complete. Printed, it names the root cause
/// ("operation timed out", "connection reset by peer"), not only reqwest's
/// "error sending request": the whole chain of causes is in the message,
/// each said once, so [`std::error::Error::source`] is `None` (a reporter
/// that walks it would say everything twice). `source` keeps reqwest's
/// error for `is_timeout` and the like.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// The operation (client method) that failed.
    pub operation: &'static str,
    /// What reqwest said (without the URL, which may carry a credential).
    pub source: reqwest::Error,
    /// How many times the request was sent.
    pub attempts: u32,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the request failed{}: {}",
            self.operation,
            after(self.attempts),
            causes(&self.source)
        )
    }
}

impl std::error::Error for TransportError {}

/// An error and its sources, joined with `: `, each text once (hyper and
/// the OS often repeat what the level above said).
fn causes(error: &dyn std::error::Error) -> String {
    let mut texts: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(error) = next {
        let text = error.to_string();
        if !text.is_empty() && !texts.iter().any(|t| t.contains(&text)) {
            texts.push(text);
        }
        next = error.source();
    }
    texts.join(": ")
}

impl TransportError {
    pub fn new(operation: &'static str, source: reqwest::Error) -> Self {
        TransportError {
            operation,
            source: source.without_url(),
            attempts: 1,
        }
    }
}

/// A response body over the client's size limit; the rest was not read.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct TooLarge {
    /// The operation (client method) that failed.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// The limit, in bytes.
    pub limit: u64,
    /// How many times the request was sent.
    pub attempts: u32,
}

impl TooLarge {
    pub fn new(operation: &'static str, status: StatusCode, limit: u64) -> Self {
        TooLarge {
            operation,
            status,
            limit,
            attempts: 1,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: the server answered {}", self.operation, self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        f.write_str(&after(self.attempts))
    }
}

impl std::error::Error for ApiError {}

impl fmt::Display for UnexpectedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: unexpected status {}{}; the body starts with: {}",
            self.operation,
            self.status,
            after(self.attempts),
            self.snippet
        )
    }
}

impl std::error::Error for UnexpectedStatus {}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the response body does not match the model at `{}`: {}",
            self.operation, self.path, self.source
        )?;
        if let Some(content_type) = self.content_type.as_deref().filter(|t| !is_json(t)) {
            write!(f, " (the server sent `{content_type}`, not JSON)")?;
        }
        write!(f, "; the body starts with: {}", self.snippet)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the response body is larger than {} bytes (status {})",
            self.operation, self.limit, self.status
        )
    }
}

impl std::error::Error for TooLarge {}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: invalid request: {}", self.operation, self.reason)
    }
}

impl std::error::Error for InvalidRequest {}

/// ` (after 3 attempts)` when the request was retried.
fn after(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

/// Whether a media type is JSON (`application/json`, `…+json`, with or
/// without parameters).
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The request could not be built.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct InvalidRequest {
    /// The operation (client method) that failed, or `"build"` for the client builder.
    pub operation: &'static str,
    /// What was wrong.
    pub reason: String,
}

impl InvalidRequest {
    pub fn new(operation: &'static str, reason: impl Into<String>) -> Self {
        InvalidRequest {
            operation,
            reason: reason.into(),
        }
    }
}

/// At most [`SNIPPET_LEN`] bytes of `body` as text, cut at a character boundary.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= SNIPPET_LEN {
        return text.into_owned();
    }
    let mut end = SNIPPET_LEN;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_bounded_and_cut_between_characters() {
        assert_eq!(snippet(b"short"), "short");
        let long = "é".repeat(600);
        let cut = snippet(long.as_bytes());
        assert!(cut.len() <= SNIPPET_LEN + '…'.len_utf8());
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn api_errors_read_message_code_and_details() {
        let body = br#"{"message": "Slow down", "code": 429, "details": [1, 2]}"#;
        let error = ApiError::new("op", StatusCode::TOO_MANY_REQUESTS, body);
        assert_eq!(error.message.as_deref(), Some("Slow down"));
        assert_eq!(error.code.as_deref(), Some("429"));
        assert_eq!(error.details, Some(serde_json::json!([1, 2])));
        let plain = ApiError::new("op", StatusCode::NOT_FOUND, b"not json");
        assert_eq!(
            (plain.message, plain.code, plain.details),
            (None, None, None)
        );
        assert_eq!(plain.body, "not json");
    }
}
