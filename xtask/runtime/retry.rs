//! When and how long to wait before trying a request again.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// Which failed requests the client sends again, and how long it waits
/// first. Set it with `ClientBuilder::retry`, for the calls of one handle
/// with `Client::with_retry`, or for one call with
/// [`Call::retry`](crate::Call::retry).
///
/// The default retries up to 3 times, after a request that did not complete
/// (no connection, a connection reset or closed early, an attempt that
/// timed out) or an answer of 408, 429, 502, 503 or 504, and only for
/// idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) or a call that
/// carries an idempotency key
/// ([`Call::idempotency_key`](crate::Call::idempotency_key), or one the
/// spec declares): a POST or PATCH that failed may still have taken
/// effect, so without a key it is sent once unless
/// [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent) says
/// otherwise. With a key every attempt carries the same one, and a server
/// that honours it applies the call once. Waits grow exponentially from 250 ms to at most 8 s, each
/// between half and all of its step (jitter, so clients that failed
/// together do not retry together). A `Retry-After` header (seconds or an
/// HTTP date) replaces the computed wait; when it asks for more than
/// [`max_retry_after`](RetryPolicy::max_retry_after) (60 s), the client does
/// not wait and returns the error.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// How many times a request is sent again after the first attempt.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The first wait, and the most any computed wait grows to.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest `Retry-After` the client honours by waiting.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Also retries POST and PATCH (only when the operation is safe to
    /// repeat, for example because it carries an idempotency key).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Whether a request with this method (`keyed`: carrying an
    /// idempotency key) may be sent again at all.
    pub fn allows(&self, method: &Method, keyed: bool) -> bool {
        keyed
            || self.retry_non_idempotent
            || matches!(
                *method,
                Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
            )
    }

    pub fn max_retries_for(&self, method: &Method, keyed: bool) -> u32 {
        if self.allows(method, keyed) {
            self.max_retries
        } else {
            0
        }
    }

    /// The wait before retry number `retry` (1 for the first), given what
    /// the server asked for (`Retry-After`), or `None` when it asked for a
    /// longer wait than the policy accepts.
    pub fn delay(&self, retry: u32, asked: Option<Duration>) -> Option<Duration> {
        if let Some(asked) = asked {
            return (asked <= self.max_retry_after).then_some(asked);
        }
        let step = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_backoff);
        // Between half the step and all of it.
        let half = step / 2;
        let jitter = half.mul_f64(fastrand::f64());
        Some(half + jitter)
    }
}

/// Whether a status says "try again later": 408, 429, 502, 503, 504.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date (a
/// date in the past means now).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    /// What a `Retry-After` header with this value asks for.
    fn asked(value: &str) -> Option<Duration> {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        retry_after(&headers)
    }

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        let policy = RetryPolicy::default();
        for _ in 0..100 {
            let first = policy.delay(1, None).unwrap();
            assert!(first >= Duration::from_millis(125) && first <= Duration::from_millis(250));
            let third = policy.delay(3, None).unwrap();
            assert!(third >= Duration::from_millis(500) && third <= Duration::from_secs(1));
            let late = policy.delay(30, None).unwrap();
            assert!(late >= Duration::from_secs(4) && late <= Duration::from_secs(8));
        }
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date_up_to_the_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay(1, asked("2")), Some(Duration::from_secs(2)));
        let in_ten = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(10));
        let waited = policy.delay(1, asked(&in_ten)).unwrap();
        assert!(waited > Duration::from_secs(8) && waited <= Duration::from_secs(10));
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(10));
        assert_eq!(policy.delay(1, asked(&past)), Some(Duration::ZERO));
        assert_eq!(policy.delay(1, asked("3600")), None);
        // Garbage is ignored: the computed backoff applies.
        assert_eq!(asked("soon"), None);
    }

    #[test]
    fn only_idempotent_methods_by_default() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_retries_for(&Method::GET, false), 3);
        assert_eq!(policy.max_retries_for(&Method::DELETE, false), 3);
        assert_eq!(policy.max_retries_for(&Method::POST, false), 0);
        assert_eq!(policy.max_retries_for(&Method::PATCH, false), 0);
        // An idempotency key makes any method safe to send again.
        assert_eq!(policy.max_retries_for(&Method::POST, true), 3);
        let opted_in = policy.retry_non_idempotent(true);
        assert_eq!(opted_in.max_retries_for(&Method::POST, false), 3);
        assert_eq!(RetryPolicy::none().max_retries_for(&Method::GET, true), 0);
    }
}
