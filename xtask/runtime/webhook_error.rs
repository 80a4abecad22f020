//! What can go wrong with a webhook delivery, and decoding its payload.

use std::fmt;

/// Why a webhook delivery was refused, or its payload could not be read.
/// Each case is its own variant, so a handler can answer a replay
/// (`TimestampTooOld`) differently from a forgery (`NoMatchingSignature`).
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header of the signature is missing (named in its `webhook-`
    /// spelling; `svix-` is read too).
    MissingHeader(&'static str),
    /// A header is there but cannot be read: not visible ASCII, a
    /// timestamp that is not a number, no `v1,` signature.
    InvalidHeader {
        /// The header, in its `webhook-` spelling.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The signing secret is not base64 (after an optional `whsec_`).
    InvalidSecret,
    /// The delivery was signed longer ago than the tolerance allows: a
    /// replay, or a delivery held up on the way. Unix seconds.
    TimestampTooOld {
        /// When the delivery says it was signed.
        timestamp: i64,
        /// Now, by this machine's clock.
        now: i64,
    },
    /// The delivery says it was signed further in the future than the
    /// tolerance allows. Unix seconds.
    TimestampInFuture {
        /// When the delivery says it was signed.
        timestamp: i64,
        /// Now, by this machine's clock.
        now: i64,
    },
    /// No signature in the header matches the body: another secret, or a
    /// body changed on the way.
    NoMatchingSignature,
    /// The body is not the payload's JSON: where decoding stopped (such as
    /// `data.connection.id`) and why.
    InvalidBody {
        /// Where in the JSON decoding stopped (empty for the whole body).
        path: String,
        /// Why.
        message: String,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader(header) => write!(f, "the `{header}` header is missing"),
            WebhookError::InvalidHeader { header, reason } => {
                write!(f, "the `{header}` header is invalid: {reason}")
            }
            WebhookError::InvalidSecret => {
                f.write_str("the webhook secret is not base64 (after an optional `whsec_`)")
            }
            WebhookError::TimestampTooOld { timestamp, now } => write!(
                f,
                "the delivery was signed at {timestamp}, {} s before now: too old",
                now - timestamp
            ),
            WebhookError::TimestampInFuture { timestamp, now } => write!(
                f,
                "the delivery was signed at {timestamp}, {} s after now: in the future",
                timestamp - now
            ),
            WebhookError::NoMatchingSignature => {
                f.write_str("no signature of the delivery matches its body and the secret")
            }
            WebhookError::InvalidBody { path, message } if path.is_empty() || path == "." => {
                write!(f, "the webhook body is not its payload: {message}")
            }
            WebhookError::InvalidBody { path, message } => {
                write!(
                    f,
                    "the webhook body is not its payload: at `{path}`: {message}"
                )
            }
        }
    }
}

impl std::error::Error for WebhookError {}

/// Decodes a webhook body into its payload type.
pub fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, WebhookError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        WebhookError::InvalidBody {
            path: e.path().to_string(),
            message: e.into_inner().to_string(),
        }
    })?;
    deserializer.end().map_err(|e| WebhookError::InvalidBody {
        path: String::new(),
        message: e.to_string(),
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_that_are_not_the_payload_say_where() {
        type Payload = std::collections::BTreeMap<String, u32>;
        assert!(parse::<Payload>(br#"{"id": 7}"#).is_ok());
        let error = parse::<Payload>(br#"{"id": "x"}"#).unwrap_err();
        assert!(error.to_string().contains("at `id`"), "{error}");
        let error = parse::<Payload>(b"{\"id\": 7} trailing").unwrap_err();
        assert!(matches!(error, WebhookError::InvalidBody { .. }), "{error}");
        let error = parse::<Payload>(b"{\"id\": \xff}").unwrap_err();
        assert!(matches!(error, WebhookError::InvalidBody { .. }), "{error}");
    }
}
