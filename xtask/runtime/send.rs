//! Sending a request: each attempt, retried as the policy says, and
//! reading and sorting each answer.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use reqwest::{StatusCode, Url};
use tracing::{Instrument, Span};

use crate::client::Client;

use crate::error::{ApiError, Error, InvalidRequest, TooLarge, TransportError, UnexpectedStatus};
use crate::request::{Operation, Request};
use crate::retry::{self, RetryPolicy};
use crate::security::{self, ReadError};

/// A response read in full.
pub struct Received {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub content_type: Option<String>,
    pub attempts: u32,
}

/// What every attempt sends, made ready before the first.
struct Prepared {
    url: Url,
    headers: HeaderMap,
    /// Shared, not copied, by every attempt.
    body: Option<Bytes>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    keyed: bool,
}

impl Request<'_> {
    /// Sends the request, retrying as the client's [`RetryPolicy`] says, and
    /// reads the whole answer; a non-success status is an [`Error::Api`]
    /// when the operation documents it, else an [`Error::UnexpectedStatus`].
    pub async fn send(self) -> Result<Received, Error> {
        let operation = self.operation;
        let client = self.client;
        let prepared = self.prepare()?;
        let span = tracing::debug_span!(
            "request",
            operation = operation.name,
            method = %operation.method,
            path = operation.path,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        // With no subscriber listening, the span is disabled: the attempts
        // then run without the wrapper that enters it on every poll.
        if span.is_disabled() {
            attempts(client, operation, prepared, &span).await
        } else {
            attempts(client, operation, prepared, &span)
                .instrument(span.clone())
                .await
        }
    }

    /// The headers, URL and body every attempt sends: credentials, the
    /// client's default headers, the call's own, an idempotency key and
    /// cookies; the first problem found while building, as an error.
    fn prepare(mut self) -> Result<Prepared, Error> {
        let operation = self.operation;
        let client = self.client;
        let inner = &client.inner;
        if let Some(problem) = self.add_credentials() {
            self.fail(problem);
        }
        // The client's default headers, where the call set none.
        match &inner.default_headers {
            Ok(defaults) => {
                for (name, value) in defaults {
                    if !self.headers.contains_key(name) {
                        self.headers.insert(name, value.clone());
                    }
                }
            }
            Err(reason) => self.fail(reason.clone()),
        }
        // The call's own headers win over everything above.
        for (name, value) in std::mem::take(&mut self.overrides) {
            if let Some(name) = name {
                self.headers.insert(name, value);
            }
        }
        // A key the spec asks for: one per call, the same on every attempt.
        if let Some(name) = operation.idempotency_header {
            if !self.headers.contains_key(name) {
                let key = crate::call::new_idempotency_key();
                if let Ok(value) = HeaderValue::try_from(key) {
                    self.headers.insert(name, value);
                }
            }
            self.keyed = true;
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
        Ok(Prepared {
            url,
            headers: self.headers,
            body: self.body.map(Bytes::from),
            timeout: self.timeout.unwrap_or(client.timeout),
            retry: self.retry,
            keyed: self.keyed,
        })
    }
}

/// Sends `prepared` until an answer is final or the retry policy gives
/// up, recording each attempt on `recorder` (the request's span).
async fn attempts(
    client: &Client,
    operation: &'static Operation,
    prepared: Prepared,
    recorder: &Span,
) -> Result<Received, Error> {
    let inner = &client.inner;
    let retry = prepared.retry.as_ref().unwrap_or(&client.retry);
    let retries = retry.max_retries_for(&operation.method, prepared.keyed);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let started = Instant::now();
        let mut request = reqwest::Request::new(operation.method.clone(), prepared.url.clone());
        *request.headers_mut() = prepared.headers.clone();
        if prepared.timeout != inner.http_timeout {
            *request.timeout_mut() = prepared.timeout;
        }
        if let Some(body) = &prepared.body {
            *request.body_mut() = Some(body.clone().into());
        }
        let (outcome, asked) = match inner.execute(request).await {
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
            if let Some(delay) = retry.delay(attempt, asked) {
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
}

/// Reads one response in full, up to `limit` bytes, and sorts its status.
async fn receive(
    mut response: reqwest::Response,
    operation: &Operation,
    limit: u64,
) -> Result<Received, Error> {
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match security::read_capped(&mut response, limit).await {
        Ok(body) => body,
        Err(ReadError::TooLarge) => {
            return Err(TooLarge::new(operation.name, status, limit).into());
        }
        Err(ReadError::Transport(e)) => {
            return Err(TransportError::new(operation.name, e).into());
        }
    };
    // Taken, not copied: the answer is done with them.
    let headers = std::mem::take(response.headers_mut());
    if status.is_success() {
        Ok(Received {
            status,
            headers,
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
