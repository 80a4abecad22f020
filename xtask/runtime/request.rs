//! Building one request: what the generated code says about its
//! operation, the URL with its path parameters, and the parameters and body
//! each generated method adds.

use std::fmt;
use std::time::Duration;

use percent_encoding::utf8_percent_encode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};

use crate::client::Client;
use crate::error::InvalidRequest;
use crate::retry::RetryPolicy;
use crate::security::PATH_SEGMENT;

/// What the generated code tells the runtime about one operation.
pub struct Operation {
    /// The client method's name, for errors.
    pub name: &'static str,
    pub method: Method,
    /// The path template, as in the spec.
    pub path: &'static str,
    /// The credentials it sends: alternatives, each the slots sent
    /// together; the first whose slots are all set is used. Empty: none.
    pub security: &'static [&'static [usize]],
    /// Slots sent when the client has them.
    pub optional_slots: &'static [usize],
    /// Whether the spec documents a status as an error response.
    pub is_documented_error: fn(u16) -> bool,
    /// The header the spec declares for an idempotency key
    /// (`Idempotency-Key`), if it declares one: a call without a key then
    /// gets one of its own, the same on every attempt.
    pub idempotency_header: Option<&'static str>,
}

impl Operation {
    /// What an operation that says nothing more has: no credentials, no
    /// documented error status, no idempotency key. The generated code
    /// writes its name, method and path, and what differs, then
    /// `..Operation::DEFAULT`.
    pub const DEFAULT: Operation = Operation {
        name: "",
        method: Method::GET,
        path: "",
        security: &[],
        optional_slots: &[],
        is_documented_error: |_| false,
        idempotency_header: None,
    };
}

impl Client {
    /// Starts a request; `path_params` fill the `{...}` of the path template
    /// in order, percent-encoded.
    pub fn request<'a>(
        &'a self,
        operation: &'static Operation,
        path_params: &[&dyn fmt::Display],
    ) -> Request<'a> {
        let base = self.inner.base.as_ref();
        let mut path = String::with_capacity(operation.path.len() + 64);
        if let Ok(base) = base {
            path.push_str(base.path().trim_end_matches('/'));
        }
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
                    path.extend(utf8_percent_encode(&value, PATH_SEGMENT));
                    path.push_str(literal);
                }
                _ => path.push_str(part),
            }
        }
        // The base URL was parsed once; only the path is parsed here.
        let url = match base {
            Ok(base) => {
                let mut url = base.clone();
                url.set_path(&path);
                Some(url)
            }
            Err(reason) => {
                error.get_or_insert(InvalidRequest::new(operation.name, reason.clone()));
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
            overrides: HeaderMap::new(),
            timeout: None,
            retry: None,
            keyed: false,
        }
    }
}

/// One request on its way: the generated operation adds parameters and a
/// body, then sends it and decodes the answer.
pub struct Request<'a> {
    pub client: &'a Client,
    pub operation: &'static Operation,
    pub url: Option<Url>,
    pub headers: HeaderMap,
    pub cookies: Vec<String>,
    pub body: Option<Vec<u8>>,
    /// The first problem found while building; reported by `send`.
    pub error: Option<InvalidRequest>,
    /// The call's own headers (`Call::header`), over any the request would
    /// send otherwise, credentials included.
    pub overrides: HeaderMap,
    /// The call's own options (`Call::timeout`, `Call::retry`), over the
    /// client's.
    pub timeout: Option<Option<Duration>>,
    pub retry: Option<RetryPolicy>,
    /// Whether it carries an idempotency key, which makes any method safe
    /// to send again.
    pub keyed: bool,
}

impl Request<'_> {
    /// Adds a query parameter (percent-encoded as a form value).
    pub fn query(&mut self, name: &str, value: &dyn fmt::Display) {
        if let Some(url) = &mut self.url {
            url.query_pairs_mut().append_pair(name, &value.to_string());
        }
    }

    /// Adds a list query parameter with the name repeated
    /// (`?tag=a&tag=b`: `explode: true`).
    pub fn query_each<T: fmt::Display>(&mut self, name: &str, values: &[T]) {
        for value in values {
            self.query(name, value);
        }
    }

    /// Adds a list query parameter as one value, its items joined by
    /// commas (`?tag=a,b`: `explode: false`).
    pub fn query_joined<T: fmt::Display>(&mut self, name: &str, values: &[T]) {
        self.query(name, &Joined(values));
    }

    /// Adds a header parameter.
    pub fn header(&mut self, name: &'static str, value: &dyn fmt::Display) {
        match header_pair(name, &value.to_string()) {
            Some((name, value)) => {
                self.headers.append(name, value);
            }
            None => self.fail(format!(
                "the value of header `{name}` is not a valid header value"
            )),
        }
    }

    /// Adds a cookie parameter.
    pub fn cookie(&mut self, name: &str, value: &dyn fmt::Display) {
        self.cookies.push(format!(
            "{name}={}",
            utf8_percent_encode(&value.to_string(), PATH_SEGMENT)
        ));
    }

    /// Adds a list header parameter, its items joined by commas.
    pub fn header_joined<T: fmt::Display>(&mut self, name: &'static str, values: &[T]) {
        self.header(name, &Joined(values));
    }

    /// Adds a list cookie parameter, its items joined by commas.
    pub fn cookie_joined<T: fmt::Display>(&mut self, name: &str, values: &[T]) {
        self.cookie(name, &Joined(values));
    }

    /// Sets a JSON body.
    pub fn json_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.bytes_body("application/json", bytes),
            Err(e) => self.fail(format!("the body cannot be serialised as JSON: {e}")),
        }
    }

    /// Sets a raw body with its media type.
    pub fn bytes_body(&mut self, content_type: &'static str, body: Vec<u8>) {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Some(body);
    }

    /// Adds an object query parameter, each property as its own parameter
    /// (`style: form`, `explode: true`: `?status=active&limit=5`).
    pub fn query_object<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.object_pairs(name, value, false);
    }

    /// Adds an object query parameter as `name[property]` (`style:
    /// deepObject`: `?filter[status]=active`).
    pub fn query_deep_object<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.object_pairs(name, value, true);
    }

    /// An object query parameter's pairs: each property as its own
    /// parameter or, with `deep`, as `name[property]`. Nested objects nest
    /// their brackets, lists repeat the key, `null` properties are left
    /// out.
    fn object_pairs<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, deep: bool) {
        let pairs = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => property_pairs(map, deep.then_some(name)),
            Ok(other) => {
                let mut pairs = Vec::new();
                flatten(name.to_owned(), other, &mut pairs);
                pairs
            }
            Err(e) => {
                return self.fail(format!("the parameter `{name}` cannot be serialised: {e}"));
            }
        };
        if let Some(url) = &mut self.url {
            let mut query = url.query_pairs_mut();
            for (key, value) in &pairs {
                query.append_pair(key, value);
            }
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body from a model: each
    /// property a field, flattened like [`Request::query_object`] with `deep`.
    pub fn form_body<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        let pairs = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(map)) => property_pairs(map, None),
            Ok(_) => return self.fail("a form body must be an object".to_owned()),
            Err(e) => return self.fail(format!("the body cannot be serialised: {e}")),
        };
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        self.bytes_body("application/x-www-form-urlencoded", encoded.into_bytes());
    }

    /// Sets a body whose media type is built at run time (a multipart
    /// boundary).
    pub fn body_with_type(&mut self, content_type: &str, body: Vec<u8>) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
                self.body = Some(body);
            }
            Err(_) => self.fail(format!("invalid content type `{content_type}`")),
        }
    }

    /// Records why the request cannot be sent; `send` reports the first.
    pub fn fail(&mut self, reason: String) {
        if self.error.is_none() {
            self.error = Some(InvalidRequest::new(self.operation.name, reason));
        }
    }
}

/// A header's name and value, when both are valid on the wire.
pub fn header_pair(name: &str, value: &str) -> Option<(HeaderName, HeaderValue)> {
    Some((
        HeaderName::from_bytes(name.as_bytes()).ok()?,
        HeaderValue::from_str(value).ok()?,
    ))
}

/// Any Rust number, for the setters of `number` parameters: `.limit(10)`,
/// `.limit(10usize)` and `.offset(n)` with `n: u64` all work. Integers
/// above 2^53 lose precision, as in JSON.
pub trait Number: Copy {
    /// The number as the API's `number` (an `f64`).
    fn to_f64(self) -> f64;
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            #[allow(clippy::cast_lossless, clippy::cast_precision_loss)]
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}

number!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64
);

/// A list sent as one parameter value, its items joined by commas
/// (`a,b,c`): a query parameter with `explode: false`, or a header.
struct Joined<'a, T>(&'a [T]);

impl<T: fmt::Display> fmt::Display for Joined<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            item.fmt(f)?;
        }
        Ok(())
    }
}

/// Appends `key=value` pairs for a JSON value: scalars as text, lists by
/// repeating the key, objects as `key[property]`, `null` left out. (Object
/// properties come in the order of serde_json's map: sorted by name.)
fn flatten(key: String, value: serde_json::Value, pairs: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::String(text) => pairs.push((key, text)),
        serde_json::Value::Array(items) => {
            for item in items {
                flatten(key.clone(), item, pairs);
            }
        }
        serde_json::Value::Object(map) => {
            for (property, value) in map {
                flatten(format!("{key}[{property}]"), value, pairs);
            }
        }
        // Like scalar parameters: `1.0` is written `1`.
        serde_json::Value::Number(n) => match n.as_f64().filter(|_| n.is_f64()) {
            Some(float) => pairs.push((key, float.to_string())),
            None => pairs.push((key, n.to_string())),
        },
        other => pairs.push((key, other.to_string())),
    }
}

/// The `key=value` pairs of an object's properties, each flattened as
/// [`flatten`] does; with a `prefix`, each key is `prefix[property]`.
fn property_pairs(
    map: serde_json::Map<String, serde_json::Value>,
    prefix: Option<&str>,
) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (key, value) in map {
        let key = match prefix {
            Some(name) => format!("{name}[{key}]"),
            None => key,
        };
        flatten(key, value, &mut pairs);
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET_PART: Operation = Operation {
        name: "get_part",
        method: Method::GET,
        path: "/items/{id}/parts/{part}",
        security: &[],
        optional_slots: &[],
        is_documented_error: |_| false,
        idempotency_header: None,
    };

    /// An API with two credentials, both headers, as a generated `auth.rs`
    /// describes it.
    static API: crate::client::Api = crate::client::Api {
        slots: &["api_key", "connection_id"],
        credential: |slot, secret| {
            let name = ["apikey", "x-connection-id"]
                .get(slot)
                .ok_or("no such slot")?;
            let mut value = HeaderValue::try_from(secret).map_err(|_| "not a header value")?;
            value.set_sensitive(true);
            let name = reqwest::header::HeaderName::from_static(name);
            Ok(crate::credentials::Credential::Header(name, value))
        },
        base_url: "https://example.com",
        user_agent: "test/0",
    };

    #[test]
    fn lists_join_with_commas() {
        assert_eq!(Joined(&["a", "b c", "d"]).to_string(), "a,b c,d");
        assert_eq!(Joined::<u8>(&[]).to_string(), "");
    }

    fn client() -> Client {
        crate::ClientBuilder::new(&API, None)
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
    fn debug_output_hides_the_credentials() {
        let key = Some("secret-key".to_owned());
        let mut builder = crate::ClientBuilder::new(&API, key);
        for slot in 1..API.slots.len() {
            builder = builder.set_credential(slot, format!("secret-{slot}"));
        }
        assert!(!format!("{builder:?}").contains("secret-"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("secret-"));
        let other = client.with_credential(0, "secret-other".to_owned());
        assert!(!format!("{other:?}").contains("secret-"));
    }
}
