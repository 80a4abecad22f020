//! The generated clients against a server that misbehaves on purpose
//! (`tests/support/faults.rs`, raw TCP on 127.0.0.1): each fault ends in
//! one exact outcome: which error, how many attempts, how long it waited.

use std::time::{Duration, Instant};

use futures::StreamExt;
use ofauth::models::ConnectionStatus;
use ofauth::{Client, Error, ListConnectionsParams, RetryPolicy};
use ofauth_workspace_tests::faults::{FaultServer, RawRequest, Step, head, json, response};
use serde_json::json;

const KEY: &str = "sk_test_fault_0123456789";

/// Fast backoff (waits of 10 to 20 ms, then 20 to 40 ms, ...) so retries do
/// not slow the suite; the default policy's shape is unit-tested in the
/// runtime.
fn fast_retry() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(20), Duration::from_millis(80))
}

/// The same for the fixture crate (each generated crate has its own types).
fn fixture_retry() -> fixture_features::RetryPolicy {
    fixture_features::RetryPolicy::default()
        .backoff(Duration::from_millis(20), Duration::from_millis(80))
}

fn client(server: &FaultServer) -> Client {
    Client::builder(KEY)
        .base_url(server.url())
        .retry(fast_retry())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn connection(id: serde_json::Value, status: &str) -> serde_json::Value {
    json!({
        "status": status, "id": id,
        "userData": {"id": "u_1", "name": "Zoë", "username": "zoe", "avatar": null},
        "permissions": [], "expiredAt": null,
        "createdAt": "2026-01-02T03:04:05.000Z", "updatedAt": "2026-01-03T03:04:05.000Z",
        "clientReferenceId": null, "imported": false, "lastCheckedAt": null,
        "liveEvents": {"enabled": true}
    })
}

fn page_body(items: Vec<serde_json::Value>, has_more: bool) -> String {
    json!({"list": items, "hasMore": has_more}).to_string()
}

fn ok_page() -> Vec<Step> {
    json(
        200,
        &page_body(vec![connection(json!("c1"), "active")], false),
    )
}

async fn list(client: &Client) -> Result<ofauth::models::ListConnectionsResponse, Error> {
    client.list_connections(Default::default()).await
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = FaultServer::start(|_, _| json(200, r#"{"list": [{"status": "#)).await;
    let error = list(&client(&server)).await.unwrap_err();
    let Error::Decode(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((e.attempts, e.status.as_u16()), (1, 200));
    assert!(e.snippet.starts_with(r#"{"list""#));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_wrong_content_type_is_named_in_the_decode_error() {
    let server = FaultServer::start(|_, _| {
        vec![Step::Send(response(
            200,
            &[("content-type", "text/html; charset=utf-8")],
            b"<html>maintenance</html>",
        ))]
    })
    .await;
    let error = list(&client(&server)).await.unwrap_err();
    let Error::Decode(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert!(error.to_string().contains("not JSON"), "{error}");
    assert!(error.to_string().contains("<html>maintenance"), "{error}");
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error_retried_on_a_get() {
    let server = FaultServer::start(|_, _| {
        let mut bytes = head(200, &[("content-type", "application/json")]);
        bytes.extend_from_slice(b"content-length: 500\r\n\r\n{\"list\": [");
        vec![Step::Send(bytes), Step::Close]
    })
    .await;
    let error = list(&client(&server)).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!error.is_timeout() && error.is_retryable());
    // The connection closed early: a GET is sent again, up to the policy.
    assert_eq!(error.attempts(), 4);
    assert_eq!(server.requests().len(), 4);
    // Printed, it says why, not only "error decoding response body".
    let text = error.to_string();
    assert!(
        text.contains("end of file before message length reached"),
        "{text}"
    );
    says_each_cause_once(&error);
}

/// An error's message and its sources' never say the same thing twice.
fn says_each_cause_once(error: &Error) {
    let mut texts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string();
        assert!(
            !texts.iter().any(|t| t.contains(&text)),
            "{text:?} again after {texts:?}"
        );
        texts.push(text);
        source = cause.source();
    }
}

#[tokio::test]
async fn a_reset_mid_body_is_a_transport_error() {
    let server = FaultServer::start(|_, _| {
        let mut bytes = head(200, &[("content-type", "application/json")]);
        bytes.extend_from_slice(b"content-length: 5000\r\n\r\n");
        bytes.extend_from_slice(&[b' '; 1000]);
        vec![
            Step::Send(bytes),
            Step::Sleep(Duration::from_millis(20)),
            Step::Reset,
        ]
    })
    .await;
    let error = list(&client(&server)).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!((error.attempts(), server.requests().len()), (4, 4));
    let text = error.to_string();
    assert!(
        text.to_lowercase().contains("connection reset by peer"),
        "{text}"
    );
    says_each_cause_once(&error);
}

#[tokio::test]
async fn a_500_is_not_retried_but_503_is() {
    let server = FaultServer::start(|_, n| match n {
        0 => json(500, r#"{"message": "boom"}"#),
        _ => ok_page(),
    })
    .await;
    let error = list(&client(&server)).await.unwrap_err();
    assert!(
        matches!(&error, Error::UnexpectedStatus(e) if e.status.as_u16() == 500),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_eq!((error.attempts(), server.requests().len()), (1, 1));

    let server = FaultServer::start(|_, n| match n {
        0 => json(503, "busy"),
        1 => json(502, "bad gateway"),
        _ => ok_page(),
    })
    .await;
    let started = Instant::now();
    let page = list(&client(&server)).await.unwrap();
    let waited = started.elapsed();
    println!("503, 502, then 200: succeeded after {waited:?} (backoff 20 ms doubling, jittered)");
    assert_eq!(page.list.len(), 1);
    assert_eq!(server.requests().len(), 3);
    // Two backoffs: 10..=20 ms, then 20..=40 ms.
    assert!(waited >= Duration::from_millis(30), "{waited:?}");
    // The retries reuse the connection.
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn retries_stop_after_the_policy_and_say_how_many() {
    let server = FaultServer::start(|_, _| json(504, "timeout upstream")).await;
    let error = list(&client(&server)).await.unwrap_err();
    assert!(error.is_retryable());
    assert_eq!((error.attempts(), server.requests().len()), (4, 4));
    assert!(error.to_string().contains("after 4 attempts"), "{error}");
    let once = client(&server).with_retry(RetryPolicy::none());
    assert_eq!(list(&once).await.unwrap_err().attempts(), 1);
}

#[tokio::test]
async fn a_429_waits_as_retry_after_says() {
    let server = FaultServer::start(|_, n| match n {
        0 => vec![Step::Send(response(
            429,
            &[("retry-after", "1"), ("content-type", "application/json")],
            br#"{"message": "slow down"}"#,
        ))],
        _ => ok_page(),
    })
    .await;
    let started = Instant::now();
    list(&client(&server)).await.unwrap();
    let waited = started.elapsed();
    println!("429 with Retry-After: 1, then 200: succeeded after {waited:?}");
    assert!(
        waited >= Duration::from_secs(1) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
    assert_eq!(server.requests().len(), 2);

    // Longer than the policy accepts: no wait, the 429 comes back.
    let server =
        FaultServer::start(|_, _| vec![Step::Send(response(429, &[("retry-after", "3600")], b""))])
            .await;
    let started = Instant::now();
    let error = list(&client(&server)).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!((error.attempts(), server.requests().len()), (1, 1));
}

#[tokio::test]
async fn a_post_is_not_retried_unless_the_caller_opts_in() {
    let user = r#"{"id": "u1", "name": "Ada"}"#;
    let server = FaultServer::start(move |_, n| match n {
        0 | 1 => json(503, "busy"),
        _ => json(201, user),
    })
    .await;
    let client = fixture_features::Client::builder("tok")
        .base_url(server.url())
        .retry(fixture_retry())
        .build()
        .unwrap();
    let body = fixture_features::models::CreateUserRequest {
        name: "Ada".into(),
        tags: None,
    };
    let error = client
        .create_user(&body, Default::default())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!((error.attempts(), server.requests().len()), (1, 1));

    let opted_in = client.with_retry(fixture_retry().retry_non_idempotent(true));
    let created = opted_in
        .create_user(&body, Default::default())
        .await
        .unwrap();
    assert_eq!(created.name, "Ada");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    // The body went out whole on both attempts.
    assert_eq!(requests[1].body, requests[2].body);
    assert_eq!(requests[2].body, br#"{"name":"Ada"}"#);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = FaultServer::start(|_, _| vec![Step::Hang]).await;
    // One attempt, to time it; retries of timeouts are tested below.
    let client = Client::builder(KEY)
        .base_url(server.url())
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = list(&client).await.unwrap_err();
    let waited = started.elapsed();
    println!("hung server, 300 ms timeout: failed after {waited:?}");
    assert!(error.is_timeout(), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("timed out"), "{text}");
    says_each_cause_once(&error);
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
    assert_eq!(server.requests().len(), 1);

    // The same with a per-call override of a patient client.
    let patient = Client::builder(KEY)
        .base_url(server.url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = list(&patient.with_timeout(Duration::from_millis(200)))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));

    // And through a caller's own reqwest client, which has no timeout: the
    // builder's applies to each request.
    let own = Client::builder(KEY)
        .base_url(server.url())
        .http_client(own_http_client())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = list(&own).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn headers_that_trickle_in_too_slowly_time_out() {
    let server = FaultServer::start(|_, _| {
        vec![
            Step::Send(b"HTTP/1.1 200 OK\r\n".to_vec()),
            Step::Sleep(Duration::from_secs(10)),
        ]
    })
    .await;
    let client = client(&server).with_timeout(Duration::from_millis(200));
    let error = list(&client).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused() {
    let big = page_body(vec![connection(json!("x".repeat(5000)), "active")], false);
    let declared = big.clone();
    let server = FaultServer::start(move |_, n| match n {
        // With a Content-Length: refused before reading.
        0 => json(200, &declared),
        // Chunked, no length: refused once the cap is passed.
        _ => {
            let mut bytes = head(
                200,
                &[
                    ("content-type", "application/json"),
                    ("transfer-encoding", "chunked"),
                ],
            );
            bytes.extend_from_slice(b"\r\n");
            for piece in declared.as_bytes().chunks(1000) {
                bytes.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
                bytes.extend_from_slice(piece);
                bytes.extend_from_slice(b"\r\n");
            }
            bytes.extend_from_slice(b"0\r\n\r\n");
            vec![Step::Send(bytes)]
        }
    })
    .await;
    let client = Client::builder(KEY)
        .base_url(server.url())
        .max_response_bytes(4096)
        .build()
        .unwrap();
    for _ in 0..2 {
        let error = list(&client).await.unwrap_err();
        assert!(
            matches!(&error, Error::TooLarge(e) if e.limit == 4096),
            "{error:?}"
        );
    }
    // Under the cap, the same body is fine.
    let roomy = Client::builder(KEY).base_url(server.url()).build().unwrap();
    assert_eq!(list(&roomy).await.unwrap().list[0].id.len(), 5000);
    assert!(big.len() > 4096);
}

#[tokio::test]
async fn unknown_fields_and_enum_values_are_accepted() {
    let server = FaultServer::start(|_, _| {
        let mut item = connection(json!("c1"), "paused");
        item["brandNewField"] = json!({"nested": [1, 2]});
        json(
            200,
            &json!({"list": [item], "hasMore": false, "extra": true}).to_string(),
        )
    })
    .await;
    let page = list(&client(&server)).await.unwrap();
    assert_eq!(
        page.list[0].status,
        ConnectionStatus::Unknown("paused".into())
    );
}

#[tokio::test]
async fn null_in_a_non_nullable_field_names_the_field() {
    let server = FaultServer::start(|_, _| {
        json(
            200,
            &page_body(
                vec![
                    connection(json!("c1"), "active"),
                    connection(json!(null), "active"),
                ],
                false,
            ),
        )
    })
    .await;
    let error = list(&client(&server)).await.unwrap_err();
    let Error::Decode(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.path, "list[1].id");
}

#[tokio::test]
async fn a_body_that_is_not_utf8_names_the_bad_string() {
    // The client checks the body is UTF-8 once, as a whole; a body that is
    // not is read byte by byte, for serde_json's error at the string.
    let body = page_body(
        vec![
            connection(json!("c1"), "active"),
            connection(json!("c#"), "active"),
        ],
        false,
    );
    let mut bytes = body.into_bytes();
    let at = bytes.iter().position(|b| *b == b'#').unwrap();
    bytes[at] = 0xff;
    let server = FaultServer::start(move |_, _| {
        vec![Step::Send(response(
            200,
            &[("content-type", "application/json")],
            &bytes,
        ))]
    })
    .await;
    let error = list(&client(&server)).await.unwrap_err();
    let Error::Decode(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.path, "list[1].id");
    assert!(e.source.to_string().contains("unicode"), "{}", e.source);
}

/// A server on another host (`localhost` instead of `127.0.0.1`) that
/// records what reaches it.
async fn elsewhere() -> FaultServer {
    FaultServer::start(|_, _| ok_page()).await
}

fn redirect_to(location: String) -> impl Fn(&RawRequest, usize) -> Vec<Step> {
    move |_, _| vec![Step::Send(response(307, &[("location", &location)], b""))]
}

#[tokio::test]
async fn reqwest_alone_would_forward_the_key_to_another_host() {
    // Why the client brings its own redirect policy: reqwest's default
    // strips only Authorization and Cookie when the host changes.
    let other = elsewhere().await;
    let target = format!(
        "http://localhost:{}/v2/account/connections",
        other.addr.port()
    );
    let server = FaultServer::start(redirect_to(target)).await;
    let response = own_http_client()
        .get(format!("{}/v2/account/connections", server.url()))
        .header("apiKey", KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(other.requests()[0].header("apikey"), Some(KEY));
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_with_the_key() {
    let other = elsewhere().await;
    let target = format!(
        "http://localhost:{}/v2/account/connections",
        other.addr.port()
    );
    let server = FaultServer::start(redirect_to(target)).await;
    let error = list(&client(&server)).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(307));
    assert!(other.requests().is_empty(), "the other host was called");

    // Within the origin, redirects are followed, key and all.
    let server = FaultServer::start(|request: &RawRequest, _| {
        if request.target.starts_with("/old") {
            vec![Step::Send(response(
                308,
                &[("location", "/v2/account/connections")],
                b"",
            ))]
        } else {
            ok_page()
        }
    })
    .await;
    let moved = Client::builder(KEY)
        .base_url(format!("{}/old", server.url()))
        .build()
        .unwrap();
    list(&moved).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].target, "/v2/account/connections");
    assert_eq!(requests[1].header("apikey"), Some(KEY));
}

#[tokio::test]
async fn the_key_goes_only_over_https_or_to_loopback() {
    let client = Client::builder(KEY)
        .base_url("http://api.example.invalid")
        .build()
        .unwrap();
    let error = list(&client).await.unwrap_err();
    let Error::InvalidRequest(e) = &error else {
        panic!("{error:?}")
    };
    assert!(e.reason.contains("only over https"), "{error}");
    assert!(!format!("{error} {error:?}").contains(KEY));
    assert_eq!(error.attempts(), 0);
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = Client::builder(KEY)
        .base_url(format!("http://{closed}"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = list(&client).await.unwrap_err();
    println!(
        "connection refused, 3 retries: failed after {:?}",
        started.elapsed()
    );
    assert!(matches!(error, Error::Transport(_)) && error.is_retryable());
    assert_eq!(error.attempts(), 4);
    // Three backoffs of at least 10, 20 and 40 ms.
    assert!(started.elapsed() >= Duration::from_millis(70));
    assert!(!format!("{error} {error:?}").contains(KEY));
}

#[tokio::test]
async fn path_parameters_cannot_change_the_route() {
    let server = FaultServer::start(|_, _| json(200, r#"{"id": "x", "name": "X"}"#)).await;
    let client = fixture_features::Client::builder("tok")
        .connection_id("conn")
        .base_url(server.url())
        .build()
        .unwrap();
    client
        .get_user("../x?y#z", Default::default())
        .await
        .unwrap();
    assert_eq!(server.requests()[0].target, "/users/..%2Fx%3Fy%23z");
}

#[tokio::test]
async fn the_stream_stops_on_an_empty_page_and_at_max_items() {
    // Always "more", but the second page is empty.
    let server = FaultServer::start(|_, n| {
        let items = if n == 0 {
            vec![connection(json!("c0"), "active")]
        } else {
            vec![]
        };
        json(200, &page_body(items, true))
    })
    .await;
    let client = client(&server);
    let items: Vec<_> = client
        .list_connections_stream(Default::default())
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.requests().len(), 2);

    // Pages of 2, at most 3 items: exactly two pages are asked for.
    let server = FaultServer::start(|request: &RawRequest, n| {
        assert!(request.target.contains("limit=2"), "{}", request.target);
        let items = (0..2)
            .map(|i| connection(json!(format!("c{}", n * 2 + i)), "active"))
            .collect();
        json(200, &page_body(items, true))
    })
    .await;
    let client = Client::builder(KEY).base_url(server.url()).build().unwrap();
    let ids: Vec<String> = client
        .list_connections_stream(ListConnectionsParams::default().limit(2))
        .max_items(3)
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["c0", "c1", "c2"]);
    assert_eq!(server.requests().len(), 2);
}

/// A reset, a hang after the request and a 408 are each retried on a GET
/// (idempotent) and not on a POST, which may have taken effect.
#[tokio::test]
async fn dropped_connections_and_408_are_retried_on_a_get_not_a_post() {
    type Fault = fn() -> Vec<Step>;
    let faults: [(&str, Fault); 3] = [
        ("reset", || vec![Step::Reset]),
        ("hang", || vec![Step::Hang]),
        ("408", || json(408, r#"{"message": "too slow"}"#)),
    ];
    for (name, fault) in faults {
        let server = FaultServer::start(move |_, n| if n < 2 { fault() } else { ok_page() }).await;
        let client = Client::builder(KEY)
            .base_url(server.url())
            .timeout(Duration::from_millis(200))
            .retry(fast_retry())
            .build()
            .unwrap();
        let page = list(&client)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(page.list.len(), 1, "{name}");
        assert_eq!(
            server.requests().len(),
            3,
            "{name}: twice {name}, then the page"
        );

        let server = FaultServer::start(move |_, _| fault()).await;
        let client = fixture_features::Client::builder("tok")
            .base_url(server.url())
            .timeout(Duration::from_millis(200))
            .retry(fixture_retry())
            .build()
            .unwrap();
        let body = fixture_features::models::CreateUserRequest {
            name: "Ada".into(),
            tags: None,
        };
        let error = client
            .create_user(&body, Default::default())
            .await
            .unwrap_err();
        assert!(error.is_retryable(), "{name}: {error:?}");
        assert_eq!(
            (error.attempts(), server.requests().len()),
            (1, 1),
            "{name}: a POST goes once"
        );
    }
}

/// A caller's own reqwest client, with the TLS settings the crate's own
/// clients use (the crate installs no process-wide crypto provider).
fn own_http_client() -> ofauth::reqwest::Client {
    ofauth::reqwest::Client::builder()
        .tls_backend_preconfigured(ofauth::tls_config().unwrap())
        .build()
        .unwrap()
}
