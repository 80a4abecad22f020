//! Which credentials a request carries: the client's slots
//! (`Api::slots`), chosen by the operation's security requirements,
//! and how each goes on the request.

use std::fmt;

use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::request::{Operation, Request};
use crate::security::{self, Secret};

/// Where the credential goes on a request (each API uses one of these),
/// built once by `Api::credential` when the client is built.
#[derive(Clone)]
pub enum Credential {
    /// A header, its value marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, Secret),
    /// A cookie: `name=value`.
    Cookie(Secret),
}

impl Credential {
    pub fn add_to(&self, url: &mut Url, headers: &mut HeaderMap, cookies: &mut Vec<String>) {
        match self {
            Credential::Header(name, value) => {
                headers.insert(name.clone(), value.clone());
            }
            Credential::Query(name, secret) => {
                url.query_pairs_mut().append_pair(name, secret.expose());
            }
            Credential::Cookie(pair) => cookies.push(pair.expose().to_owned()),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Header(name, _) => write!(f, "header `{name}`: <redacted>"),
            Credential::Query(name, _) => write!(f, "query `{name}`: <redacted>"),
            Credential::Cookie(_) => f.write_str("cookie: <redacted>"),
        }
    }
}

/// Why an operation cannot be sent without more credentials: those of its
/// first requirement that are not set, and where to set them.
pub fn missing_credentials(
    operation: &Operation,
    credentials: &[Option<Result<Credential, &'static str>>],
    slots: &[&str],
) -> String {
    let names: Vec<String> = operation
        .security
        .first()
        .into_iter()
        .flat_map(|requirement| requirement.iter())
        .filter(|slot| !matches!(credentials.get(**slot), Some(Some(_))))
        .filter_map(|slot| slots.get(*slot).map(|name| (*slot, name)))
        .map(|(slot, name)| match slot {
            // The first is the argument of `Client::new` and `Client::builder`.
            0 => format!("`{name}` (`Client::builder`, or `Client::with_{name}` for some calls)"),
            _ => format!(
                "`{name}` (`ClientBuilder::{name}`, or `Client::with_{name}` for some calls)"
            ),
        })
        .collect();
    format!("`{}` needs {}", operation.name, names.join(" and "))
}

impl Request<'_> {
    /// Adds the credentials the operation needs: those of its first
    /// requirement whose slots are all set, then any optional ones set.
    /// Each goes only over https or to loopback. Returns what is wrong.
    pub fn add_credentials(&mut self) -> Option<String> {
        let operation = self.operation;
        let credentials = &self.client.credentials;
        let is_set = |slot: &usize| matches!(credentials.get(*slot), Some(Some(_)));
        let chosen: &[usize] = if operation.security.is_empty() {
            &[]
        } else {
            match operation
                .security
                .iter()
                .find(|requirement| requirement.iter().all(is_set))
            {
                Some(requirement) => requirement,
                None => {
                    let slots = self.client.inner.api.slots;
                    return Some(missing_credentials(operation, credentials, slots));
                }
            }
        };
        let optional = operation.optional_slots.iter().filter(|s| is_set(s));
        let mut slots = chosen.iter().chain(optional).peekable();
        let url = self.url.as_mut()?;
        if slots.peek().is_some() {
            let allow = self.client.inner.allow_insecure_http;
            if let Some(refused) = security::credential_channel(url, allow) {
                return Some(refused);
            }
        }
        for slot in slots {
            match credentials.get(*slot) {
                Some(Some(Ok(credential))) => {
                    credential.add_to(url, &mut self.headers, &mut self.cookies);
                }
                Some(Some(Err(reason))) => return Some((*reason).to_owned()),
                _ => {}
            }
        }
        None
    }
}
