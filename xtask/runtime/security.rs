//! The client's security rules, in one file for review:
//!
//! - a credential goes only over https, or plain http to the loopback
//!   interface, unless the user allows otherwise ([`credential_channel`]);
//! - redirects are followed only within the origin they start from, so a
//!   credential header never reaches another host ([`http_client`]);
//! - a response body is read only up to a size limit ([`read_capped`]);
//! - a path parameter is percent-encoded so that it cannot change the
//!   route ([`PATH_SEGMENT`]);
//! - a credential never shows in `Debug` output ([`Secret`]);
//! - TLS is rustls with the platform's certificate verifier and the crypto
//!   provider the crate's features choose ([`tls_config`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use reqwest::Url;
use rustls::crypto::CryptoProvider;
use rustls_platform_verifier::BuilderVerifierExt;

#[cfg(not(any(feature = "ring", feature = "aws-lc-rs")))]
compile_error!(
    "enable the `ring` (default) or the `aws-lc-rs` feature: TLS needs a crypto provider"
);

/// A credential, kept out of `Debug` output.
#[derive(Clone)]
pub struct Secret(pub String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How many redirects within one origin the client follows.
const MAX_REDIRECTS: usize = 10;

/// The `reqwest::Client` settings of a client built here: each request
/// may take `timeout`, TLS is [`tls_config`], and redirects are followed
/// only within the origin they start from, so a credential header never
/// reaches another host.
pub fn http_client(timeout: Option<Duration>) -> Result<reqwest::ClientBuilder, rustls::Error> {
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
    let builder = reqwest::Client::builder()
        .redirect(policy)
        .tls_backend_preconfigured(tls_config()?);
    Ok(match timeout {
        Some(timeout) => builder.timeout(timeout),
        None => builder,
    })
}

/// The TLS settings of the clients this crate builds: rustls, the
/// platform's certificate verifier, HTTP/2 and HTTP/1.1 offered, and the
/// crypto provider an application installed for the process, else the one
/// this crate's features choose (`ring` by default; `aws-lc-rs`, reqwest's
/// own default, with `default-features = false, features =
/// ["aws-lc-rs"]`). Neither is installed for the whole process: a
/// `reqwest::Client` you build yourself needs this config
/// (`.tls_backend_preconfigured(tls_config()?)`) or a provider of its own.
///
/// # Errors
///
/// When the platform's certificate store cannot be read.
pub fn tls_config() -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = match CryptoProvider::get_default() {
        Some(installed) => Arc::clone(installed),
        None => Arc::new(crypto_provider()),
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(feature = "aws-lc-rs")]
fn crypto_provider() -> CryptoProvider {
    rustls::crypto::aws_lc_rs::default_provider()
}

#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
fn crypto_provider() -> CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// Whether a URL may carry the credential: https, or http to loopback.
pub fn is_private_channel(url: &Url) -> bool {
    match (url.scheme(), url.host()) {
        ("https", _) => true,
        ("http", Some(url::Host::Domain(domain))) => domain.eq_ignore_ascii_case("localhost"),
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        _ => false,
    }
}

/// Why `url` may not carry a credential, if it may not: it must be https,
/// or http to loopback, unless the client allows insecure http.
pub fn credential_channel(url: &Url, allow_insecure_http: bool) -> Option<String> {
    if allow_insecure_http || is_private_channel(url) {
        return None;
    }
    Some(format!(
        "credentials are sent only over https (or to loopback), not to `{}://{}`; \
         `ClientBuilder::allow_insecure_http` allows it",
        url.scheme(),
        url.host_str().unwrap_or_default()
    ))
}

/// Characters a path parameter must have encoded: all but the unreserved
/// ones (RFC 3986), so a value can never add a segment, query or fragment.
pub const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Why a body was not read in full.
pub enum ReadError {
    /// It is larger than the limit (declared or read so far).
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads a response's body in full, but never more than `limit` bytes: a
/// declared length above it is refused before reading, and reading stops
/// at the first chunk past it.
pub async fn read_capped(response: &mut reqwest::Response, limit: u64) -> Result<Bytes, ReadError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(ReadError::TooLarge);
    }
    // One chunk is the whole body for most answers: keep it without a copy.
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    let mut read: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        read = read.saturating_add(chunk.len() as u64);
        if read > limit {
            return Err(ReadError::TooLarge);
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
    Ok(if rest.is_empty() {
        first.unwrap_or_default()
    } else {
        Bytes::from(rest)
    })
}
