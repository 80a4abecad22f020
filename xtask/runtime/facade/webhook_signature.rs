//! Verifying webhook deliveries by the Standard Webhooks scheme (Svix's).
//! Every security rule of it is in this file:
//!
//! - the signed content is `{id}.{timestamp}.{body}`, with the headers'
//!   exact text and the body's exact bytes;
//! - the key is the base64 after an optional `whsec_`;
//! - the signature header is a space-separated list of `v1,<base64>` (more
//!   than one while a secret is rotated); any match passes, and each is
//!   compared in constant time (`Mac::verify_slice`);
//! - a delivery signed more than the tolerance (5 minutes) before or after
//!   now is refused, so an old delivery cannot be replayed;
//! - the key never appears in `Debug`.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use http::HeaderMap;
use sha2::Sha256;

use crate::webhook_error::{WebhookError, parse};

/// How far from now a delivery's timestamp may be, either way, unless
/// [`Webhook::with_tolerance`] says otherwise.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Verifies that deliveries come from the API: built once from the
/// endpoint's signing secret, then used for each request.
///
/// ```ignore
/// let webhook = Webhook::new("whsec_...")?;
/// webhook.verify_raw(&headers, &body)?; // the signature only
/// ```
#[derive(Clone)]
pub struct Webhook {
    key: Vec<u8>,
    tolerance: Duration,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("key", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// The three headers of a delivery, in whichever spelling it used.
struct Signed<'a> {
    id: &'a str,
    timestamp: &'a str,
    signatures: &'a str,
}

impl Webhook {
    /// A verifier for `secret`, as the API shows it (`whsec_` and base64;
    /// the prefix may be left out).
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret.trim();
        let encoded = encoded.strip_prefix("whsec_").unwrap_or(encoded);
        let key = BASE64
            .decode(encoded)
            .map_err(|_| WebhookError::InvalidSecret)?;
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret);
        }
        Ok(Webhook {
            key,
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// How far from now a delivery's timestamp may be, either way.
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks the delivery's signature and timestamp, not its body's
    /// contents. `headers` as axum, actix-web and hyper give them; `body`
    /// exactly as received (before any JSON parsing).
    pub fn verify_raw(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        self.verify_at(headers, body, now)
    }

    /// Checks the delivery, then decodes its body as `T`.
    pub fn verify_as<T: serde::de::DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<T, WebhookError> {
        self.verify_raw(headers, body)?;
        parse(body)
    }

    /// The `webhook-signature` value for a delivery: `v1,<base64>`. For
    /// testing your own handlers: sign a body, then send it with
    /// `webhook-id: {id}` and `webhook-timestamp: {timestamp}` (Unix
    /// seconds).
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let mac = self.mac(id, &timestamp.to_string(), body);
        format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()))
    }

    /// [`Webhook::verify_raw`] at `now` (Unix seconds).
    fn verify_at(&self, headers: &HeaderMap, body: &[u8], now: i64) -> Result<(), WebhookError> {
        let signed = signed_headers(headers)?;
        let timestamp: i64 =
            signed
                .timestamp
                .trim()
                .parse()
                .map_err(|_| WebhookError::InvalidHeader {
                    header: "webhook-timestamp",
                    reason: "not a number of Unix seconds",
                })?;
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        if now.saturating_sub(timestamp) > tolerance {
            return Err(WebhookError::TimestampTooOld { timestamp, now });
        }
        if timestamp.saturating_sub(now) > tolerance {
            return Err(WebhookError::TimestampInFuture { timestamp, now });
        }
        let mac = self.mac(signed.id, signed.timestamp, body);
        let mut versioned = false;
        for entry in signed.signatures.split(' ') {
            let Some(("v1", signature)) = entry.split_once(',') else {
                continue;
            };
            versioned = true;
            let Ok(signature) = BASE64.decode(signature) else {
                continue;
            };
            // Constant time: `verify_slice` compares every byte.
            if mac.clone().verify_slice(&signature).is_ok() {
                return Ok(());
            }
        }
        if versioned {
            Err(WebhookError::NoMatchingSignature)
        } else {
            Err(WebhookError::InvalidHeader {
                header: "webhook-signature",
                reason: "no `v1,` signature",
            })
        }
    }

    fn mac(&self, id: &str, timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

/// The id, timestamp and signatures: `webhook-*`, or `svix-*` when the
/// delivery has no `webhook-id`.
fn signed_headers(headers: &HeaderMap) -> Result<Signed<'_>, WebhookError> {
    let names = if headers.contains_key("webhook-id") || !headers.contains_key("svix-id") {
        ["webhook-id", "webhook-timestamp", "webhook-signature"]
    } else {
        ["svix-id", "svix-timestamp", "svix-signature"]
    };
    // Errors name the standard spelling whichever was read.
    let standard = ["webhook-id", "webhook-timestamp", "webhook-signature"];
    let mut values = [""; 3];
    for ((value, name), header) in values.iter_mut().zip(names).zip(standard) {
        let raw = headers
            .get(name)
            .ok_or(WebhookError::MissingHeader(header))?;
        *value = raw.to_str().map_err(|_| WebhookError::InvalidHeader {
            header,
            reason: "not visible ASCII",
        })?;
    }
    let [id, timestamp, signatures] = values;
    Ok(Signed {
        id,
        timestamp,
        signatures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // The Standard Webhooks test vector.
    const SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    const ID: &str = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk";
    const TIMESTAMP: i64 = 1649367553;
    const BODY: &[u8] = br#"{"email":"test@example.com","username":"test_user"}"#;
    const SIGNATURE: &str = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";

    fn headers(prefix: &str, signature: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("id", ID.to_owned()),
            ("timestamp", TIMESTAMP.to_string()),
            ("signature", signature.to_owned()),
        ] {
            let name = http::HeaderName::try_from(format!("{prefix}-{name}")).unwrap();
            headers.insert(name, value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn the_known_vector() {
        let webhook = Webhook::new(SECRET).unwrap();
        assert_eq!(webhook.sign(ID, TIMESTAMP, BODY), SIGNATURE);
        for prefix in ["webhook", "svix"] {
            let headers = headers(prefix, SIGNATURE);
            assert!(
                webhook.verify_at(&headers, BODY, TIMESTAMP).is_ok(),
                "{prefix}"
            );
        }
        // The prefix is optional; the key is hidden.
        let bare = Webhook::new(SECRET.trim_start_matches("whsec_")).unwrap();
        assert_eq!(bare.sign(ID, TIMESTAMP, BODY), SIGNATURE);
        assert!(!format!("{bare:?}").contains("C2FV"));
    }

    #[test]
    fn any_matching_signature_passes_and_others_do_not() {
        let webhook = Webhook::new(SECRET).unwrap();
        let rotated = format!("v1,Zm9vYmFy v1a,ignored {SIGNATURE}");
        assert!(
            webhook
                .verify_at(&headers("webhook", &rotated), BODY, TIMESTAMP)
                .is_ok()
        );
        let tampered = br#"{"email":"evil@example.com","username":"test_user"}"#;
        let headers = headers("webhook", SIGNATURE);
        assert!(matches!(
            webhook.verify_at(&headers, tampered, TIMESTAMP),
            Err(WebhookError::NoMatchingSignature)
        ));
        let other = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert!(matches!(
            other.verify_at(&headers, BODY, TIMESTAMP),
            Err(WebhookError::NoMatchingSignature)
        ));
    }

    #[test]
    fn timestamps_within_the_tolerance_only() {
        let webhook = Webhook::new(SECRET).unwrap();
        let headers = headers("webhook", SIGNATURE);
        for (now, ok) in [
            (TIMESTAMP + 300, true),
            (TIMESTAMP - 300, true),
            (TIMESTAMP + 301, false),
            (TIMESTAMP - 301, false),
        ] {
            let result = webhook.verify_at(&headers, BODY, now);
            assert_eq!(result.is_ok(), ok, "{now}: {result:?}");
        }
        assert!(matches!(
            webhook.verify_at(&headers, BODY, TIMESTAMP + 301),
            Err(WebhookError::TimestampTooOld { .. })
        ));
        assert!(matches!(
            webhook.verify_at(&headers, BODY, TIMESTAMP - 301),
            Err(WebhookError::TimestampInFuture { .. })
        ));
    }

    #[test]
    fn missing_and_malformed_headers_and_secrets() {
        let webhook = Webhook::new(SECRET).unwrap();
        for (missing, named) in [
            ("webhook-id", "webhook-id"),
            ("webhook-timestamp", "webhook-timestamp"),
            ("webhook-signature", "webhook-signature"),
        ] {
            let mut headers = headers("webhook", SIGNATURE);
            headers.remove(missing);
            match webhook.verify_at(&headers, BODY, TIMESTAMP) {
                Err(WebhookError::MissingHeader(header)) => assert_eq!(header, named),
                other => panic!("{missing}: {other:?}"),
            }
        }
        let mut headers = headers("svix", SIGNATURE);
        headers.insert("svix-timestamp", "yesterday".parse().unwrap());
        assert!(matches!(
            webhook.verify_at(&headers, BODY, TIMESTAMP),
            Err(WebhookError::InvalidHeader {
                header: "webhook-timestamp",
                ..
            })
        ));
        let headers = headers_with("v2,abc");
        assert!(matches!(
            webhook.verify_at(&headers, BODY, TIMESTAMP),
            Err(WebhookError::InvalidHeader {
                header: "webhook-signature",
                ..
            })
        ));
        for secret in ["whsec_not base64!", "", "whsec_"] {
            assert!(
                matches!(Webhook::new(secret), Err(WebhookError::InvalidSecret)),
                "{secret:?}"
            );
        }
    }

    fn headers_with(signature: &str) -> HeaderMap {
        headers("webhook", signature)
    }
}
