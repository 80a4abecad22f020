//! A real HTTP server on 127.0.0.1 for the integration tests: it records
//! every request it receives and answers with what the test's handler says.

pub mod faults;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// The raw query string, `None` when the URL had none.
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of a header, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body, parsed as JSON (panics when it is not).
    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON request body")
    }

    /// A query parameter's (first) value, decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.query.as_deref()?;
        reqwest::Url::parse(&format!("http://x/?{query}"))
            .ok()?
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }
}

/// What the server answers.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Reply {
            status,
            content_type: "application/json",
            body: body.into(),
        }
    }

    pub fn html(status: u16, body: impl Into<String>) -> Self {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            body: body.into(),
        }
    }
}

/// A running server; it stops when the test's runtime ends.
pub struct TestServer {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    /// Starts a server on a free port of 127.0.0.1 that answers every
    /// request with `handler(request)`.
    pub async fn start<F>(handler: F) -> TestServer
    where
        F: Fn(&Recorded) -> Reply + Send + Sync + 'static,
    {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let handler = Arc::new(handler);
        let app = axum::Router::new().fallback(move |request: Request| {
            let seen = Arc::clone(&seen);
            let handler = Arc::clone(&handler);
            async move {
                let (parts, body) = request.into_parts();
                let body = axum::body::to_bytes(body, usize::MAX)
                    .await
                    .unwrap_or_default();
                let recorded = Recorded {
                    method: parts.method.to_string(),
                    path: parts.uri.path().to_owned(),
                    query: parts.uri.query().map(str::to_owned),
                    headers: parts.headers,
                    body: body.to_vec(),
                };
                let reply = handler(&recorded);
                seen.lock().unwrap().push(recorded);
                Response::builder()
                    .status(StatusCode::from_u16(reply.status).unwrap())
                    .header(header::CONTENT_TYPE, reply.content_type)
                    .body(Body::from(reply.body))
                    .unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestServer { addr, requests }
    }

    /// The base URL to give the client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}
