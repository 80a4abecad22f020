//! What an operation's method returns: a [`Call`], sent when awaited,
//! whose options apply to that call alone, and the [`Response`] that
//! [`Call::with_response`] gives when the status and headers matter too.

use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;
use std::str::FromStr;
use std::task::{Context, Poll};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

use crate::error::{DecodeError, Error};
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::send::Received;

/// One call of an operation: a future, sent when first polled;
/// `client.list_connections(params).await?` is the decoded body.
///
/// Before awaiting, options for this call alone can be set:
///
/// ```ignore
/// let page = client
///     .list_connections(params)
///     .header("x-request-id", "7f3a")
///     .timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::none())
///     .await?;
/// ```
///
/// [`with_response`](Call::with_response) gives the status and headers
/// with the body. `H` is the type of the headers the spec documents for
/// the answer (`()` when it documents none).
///
/// # Errors
///
/// Awaiting gives an [`Error`](crate::Error) when the call fails: an
/// [`Error::Api`](crate::Error::Api) for an error status the operation
/// documents (its method's docs list them), an
/// [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus) for any
/// other, and the other variants for a request that could not be sent or
/// an answer that could not be read.
#[must_use = "a call is sent only when awaited"]
pub struct Call<'a, T, H = ()> {
    state: State<'a>,
    name: &'static str,
    decode: Decode<T>,
    headers: PhantomData<fn() -> H>,
}

/// How a call reads the body of a successful answer.
type Decode<T> = fn(&'static str, Received) -> Result<T, Error>;

/// Where a call is: built, then sending (boxed: one allocation a call, and
/// one future type for every operation), then done.
// The request moves into the sending future once; boxing it as well would
// cost every call a second allocation.
#[allow(clippy::large_enum_variant)]
enum State<'a> {
    Built(Request<'a>),
    Sending(Pin<Box<dyn Future<Output = Result<Received, Error>> + Send + 'a>>),
    Done,
}

impl State<'_> {
    /// Sends the request on the first poll; the answer when it is in.
    fn poll_received(&mut self, cx: &mut Context<'_>) -> Poll<Result<Received, Error>> {
        if matches!(self, State::Built(_)) {
            if let State::Built(request) = std::mem::replace(self, State::Done) {
                *self = State::Sending(Box::pin(request.send()));
            }
        }
        let State::Sending(sending) = self else {
            panic!("a `Call` was polled after it completed");
        };
        let received = std::task::ready!(sending.as_mut().poll(cx));
        *self = State::Done;
        Poll::Ready(received)
    }
}

impl<'a, T, H> Call<'a, T, H> {
    fn new(request: Request<'a>, decode: Decode<T>) -> Self {
        Call {
            name: request.operation.name,
            state: State::Built(request),
            decode,
            headers: PhantomData,
        }
    }

    /// The request, while it is not sent.
    fn request(&mut self) -> Option<&mut Request<'a>> {
        match &mut self.state {
            State::Built(request) => Some(request),
            _ => None,
        }
    }

    /// Sends this header with the call, in place of any of the same name
    /// the call would send otherwise (a parameter, a client value such as a
    /// connection id, even the credential). An invalid name or value fails
    /// the call with [`Error::InvalidRequest`] before anything is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Some(request) = self.request() {
            match crate::request::header_pair(name, value) {
                Some((name, value)) => {
                    request.overrides.insert(name, value);
                }
                None => request.fail(format!("`{name}` is not a valid header name and value")),
            }
        }
        self
    }

    /// How long each attempt of this call may take, in place of the
    /// client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        if let Some(request) = self.request() {
            request.timeout = Some(Some(timeout));
        }
        self
    }

    /// Lets each attempt of this call take as long as the server needs.
    pub fn no_timeout(mut self) -> Self {
        if let Some(request) = self.request() {
            request.timeout = Some(None);
        }
        self
    }

    /// When to send this call again, in place of the client's policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        if let Some(request) = self.request() {
            request.retry = Some(retry);
        }
        self
    }

    /// Sends `key` as this call's idempotency key, on every attempt, in the
    /// header the spec declares for one (else `Idempotency-Key`). A server
    /// that honours it applies the call at most once, so a call with a key
    /// is retried whatever its method: a POST too. Operations whose spec
    /// declares the header get a new key for each call without one.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        if let Some(request) = self.request() {
            let name = request
                .operation
                .idempotency_header
                .unwrap_or("idempotency-key");
            match HeaderValue::try_from(key.into()) {
                Ok(value) => {
                    request.headers.insert(name, value);
                    request.keyed = true;
                }
                Err(_) => {
                    request.fail("the idempotency key is not a valid header value".to_owned())
                }
            }
        }
        self
    }

    /// Sends a new idempotency key (a random UUID) with this call, the
    /// same on every attempt, as [`idempotency_key`](Call::idempotency_key)
    /// does with one of yours: for an operation whose spec declares no key
    /// but whose server honours one.
    pub fn with_idempotency_key(self) -> Self {
        self.idempotency_key(new_idempotency_key())
    }

    /// The answer's status and headers with the body: await it for a
    /// [`Response`].
    pub fn with_response(self) -> WithResponse<'a, T, H> {
        WithResponse(self)
    }
}

impl<T, H> Future for Call<'_, T, H> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let received = std::task::ready!(self.state.poll_received(cx));
        Poll::Ready(received.and_then(|received| (self.decode)(self.name, received)))
    }
}

impl<T, H> std::fmt::Debug for Call<'_, T, H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.name)
            .finish_non_exhaustive()
    }
}

/// A [`Call`] that gives the whole [`Response`]: await it.
#[must_use = "a call is sent only when awaited"]
#[derive(Debug)]
pub struct WithResponse<'a, T, H = ()>(Call<'a, T, H>);

impl<T, H: FromHeaders> Future for WithResponse<'_, T, H> {
    type Output = Result<Response<T, H>, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let call = &mut self.0;
        let mut received = match std::task::ready!(call.state.poll_received(cx)) {
            Ok(received) => received,
            Err(error) => return Poll::Ready(Err(error)),
        };
        let status = received.status;
        let headers = std::mem::take(&mut received.headers);
        Poll::Ready((call.decode)(call.name, received).map(|body| Response {
            status,
            documented: H::from_headers(&headers),
            headers,
            body,
        }))
    }
}

/// A successful answer: its status and headers, and the decoded body
/// (which the response also dereferences to).
#[derive(Clone, Debug)]
pub struct Response<T, H = ()> {
    status: StatusCode,
    headers: HeaderMap,
    documented: H,
    body: T,
}

impl<T, H> Response<T, H> {
    /// The status: one of the 2xx.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every header of the answer (rate limits, request ids, `ETag`).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers the spec documents for this answer, typed; one that is
    /// absent, or whose text is not of its type, is `None`.
    pub fn typed_headers(&self) -> &H {
        &self.documented
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without the rest.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The status, the headers and the body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl<T, H> Deref for Response<T, H> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// The headers an operation's answer documents, read from the answer: the
/// generated `...Headers` structs implement it, and `()` for none.
pub trait FromHeaders {
    /// Reads what is there; a header that is absent or not of its type is
    /// `None`.
    fn from_headers(headers: &HeaderMap) -> Self;
}

impl FromHeaders for () {
    fn from_headers(_: &HeaderMap) -> Self {}
}

/// The text of header `name`, if it is there and is text.
pub fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// Header `name` read as a `T` (a number, a boolean, a string).
pub fn header_value<T: FromStr>(headers: &HeaderMap, name: &str) -> Option<T> {
    header_text(headers, name).and_then(|text| text.trim().parse().ok())
}

/// A new idempotency key: a random UUID (version 4). Unique, not secret:
/// it only tells the server that attempts are one call.
pub fn new_idempotency_key() -> String {
    let mut bits = fastrand::u128(..);
    bits = (bits & !(0xf << 76)) | (0x4 << 76);
    bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

impl<'a> Request<'a> {
    /// The call, decoding a JSON body.
    pub fn json<T: DeserializeOwned, H>(mut self) -> Call<'a, T, H> {
        self.headers
            .entry(ACCEPT)
            .or_insert(HeaderValue::from_static("application/json"));
        Call::new(self, |name, received| {
            let Received {
                status,
                body,
                content_type,
                attempts,
                ..
            } = received;
            decode(&body).map_err(|(path, source)| {
                let mut error: Error =
                    DecodeError::new(name, status, &body, content_type, path, source).into();
                error.set_attempts(attempts);
                error
            })
        })
    }

    /// The call; the body of the answer, if any, is ignored.
    pub fn empty<H>(self) -> Call<'a, (), H> {
        Call::new(self, |_, _| Ok(()))
    }

    /// The call, returning the body as text.
    pub fn text<H>(self) -> Call<'a, String, H> {
        Call::new(self, |_, received| {
            // Usually valid UTF-8, then without a copy; else lossily.
            Ok(match String::from_utf8(Vec::from(received.body)) {
                Ok(text) => text,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            })
        })
    }

    /// The call, returning the raw body.
    pub fn bytes<H>(self) -> Call<'a, Vec<u8>, H> {
        Call::new(self, |_, received| Ok(Vec::from(received.body)))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_are_version_4_uuids_and_differ() {
        let key = new_idempotency_key();
        assert_eq!(key.len(), 36);
        assert_eq!(&key[14..15], "4");
        assert!(matches!(&key[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(key, new_idempotency_key());
    }

    #[test]
    fn documented_headers_read_what_is_there() {
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit", HeaderValue::from_static(" 42"));
        headers.insert("x-flag", HeaderValue::from_static("yes"));
        assert_eq!(header_value::<i64>(&headers, "x-rate-limit"), Some(42));
        assert_eq!(header_value::<bool>(&headers, "x-flag"), None);
        assert_eq!(header_value::<i64>(&headers, "x-absent"), None);
        assert_eq!(header_text(&headers, "x-flag"), Some("yes"));
    }
}
