//! What a call carries besides its parameters, on the wire against the raw
//! server on 127.0.0.1 (`tests/support/faults.rs`), which can also
//! misbehave: per-call headers, timeouts and retry policies; the status and
//! headers of the answer (`with_response`), typed where the spec documents
//! them; and idempotency keys, the same on every attempt of one call.

use std::time::{Duration, Instant};

use fixture_features::models::{
    CreatePaymentRequest, CreateUserRequest, GetUserXCacheHeader, UserPatch,
};
use fixture_features::{Client, Error, GetUserHeaders, RetryPolicy, UpdateUserHeaders};
use ofauth_workspace_tests::faults::{FaultServer, RawRequest, Step, json, response};

const USER: &str = r#"{"id": "u1", "name": "Ada", "nickname": null}"#;
const PAYMENT: &str = r#"{"id": "p1", "amount": 5}"#;

fn client(server: &FaultServer) -> Client {
    Client::builder("tok")
        .connection_id("conn_7")
        .base_url(server.url())
        .retry(RetryPolicy::default().backoff(Duration::from_millis(20), Duration::from_millis(80)))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn user_with_headers() -> Vec<Step> {
    vec![Step::Send(response(
        200,
        &[
            ("content-type", "application/json"),
            ("x-ratelimit-remaining", "41"),
            ("x-request-id", "req-9"),
            ("x-cache", "hit"),
            ("link", "<https://a/2>; rel=next"),
            ("etag", "\"v7\""),
        ],
        USER.as_bytes(),
    ))]
}

#[tokio::test]
async fn the_response_has_status_headers_and_typed_headers() {
    let server = FaultServer::start(|_, _| user_with_headers()).await;
    let client = client(&server);

    // The one-line call is unchanged.
    let user = client.get_user("u1", Default::default()).await.unwrap();
    assert_eq!(user.name, "Ada");

    let response = client
        .get_user("u1", Default::default())
        .with_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    // Every header, documented or not.
    assert_eq!(response.headers()["etag"], "\"v7\"");
    // The documented ones, typed.
    let documented = response.typed_headers();
    assert_eq!(documented.x_rate_limit_remaining, Some(41));
    assert_eq!(documented.x_request_id.as_deref(), Some("req-9"));
    assert_eq!(documented.x_cache, Some(GetUserXCacheHeader::Hit));
    assert_eq!(documented.link.as_deref(), Some("<https://a/2>; rel=next"));
    // The body, by reference (the response dereferences to it) or moved out.
    assert_eq!(response.name, "Ada");
    assert_eq!(response.into_body().id, "u1");
}

#[tokio::test]
async fn operations_documenting_the_same_headers_read_them_into_one_struct() {
    let server = FaultServer::start(|_, _| user_with_headers()).await;
    let response = client(&server)
        .update_user("u1", &UserPatch::default())
        .with_response()
        .await
        .unwrap();
    // `UpdateUserHeaders` is `GetUserHeaders`: the same fields, read alike.
    let documented: GetUserHeaders = response.typed_headers().clone();
    let same: &UpdateUserHeaders = &documented;
    assert_eq!(same.x_rate_limit_remaining, Some(41));
    assert_eq!(same.x_cache, Some(GetUserXCacheHeader::Hit));
    assert_eq!(same.link.as_deref(), Some("<https://a/2>; rel=next"));
}

#[tokio::test]
async fn a_documented_header_that_is_absent_or_not_of_its_type_is_none() {
    let server = FaultServer::start(|_, _| {
        vec![Step::Send(response(
            200,
            &[
                ("content-type", "application/json"),
                ("x-ratelimit-remaining", "lots"),
            ],
            USER.as_bytes(),
        ))]
    })
    .await;
    let response = client(&server)
        .get_user("u1", Default::default())
        .with_response()
        .await
        .unwrap();
    assert_eq!(response.typed_headers().x_rate_limit_remaining, None);
    assert_eq!(response.typed_headers().x_cache, None);
    // Operations that document no header have `()`.
    let server = FaultServer::start(|_, _| json(201, PAYMENT)).await;
    let created = client(&server)
        .create_payment(&CreatePaymentRequest { amount: 5 }, Default::default())
        .with_response()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let () = created.typed_headers();
}

#[tokio::test]
async fn a_call_sends_its_own_headers_and_refuses_invalid_ones() {
    let server = FaultServer::start(|_, _| user_with_headers()).await;
    let client = client(&server);
    client
        .get_user("u1", Default::default())
        .header("x-trace", "abc")
        // A per-call value replaces the client's for this call.
        .header("x-connection-id", "conn_other")
        .await
        .unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.header("x-trace"), Some("abc"));
    assert_eq!(sent.header("x-connection-id"), Some("conn_other"));
    assert_eq!(sent.header("authorization"), Some("Bearer tok"));

    let error = client
        .get_user("u1", Default::default())
        .header("x-trace", "line\nbreak")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(error.to_string().contains("x-trace"), "{error}");
    assert_eq!(server.requests().len(), 1, "nothing was sent");
}

#[tokio::test]
async fn a_call_has_its_own_timeout_and_retry_policy() {
    let server = FaultServer::start(|_, n| match n {
        0 => vec![Step::Hang],
        _ => json(503, "{}"),
    })
    .await;
    let client = client(&server);
    let started = Instant::now();
    let error = client
        .get_user("u1", Default::default())
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!((error.attempts(), server.requests().len()), (1, 1));

    // The client's policy retries a 503; this call's does not.
    let error = client
        .get_user("u1", Default::default())
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 2);
    let error = client.get_user("u1", Default::default()).await.unwrap_err();
    assert_eq!(error.attempts(), 4, "the client's policy: 3 retries");
}

fn keys(requests: &[RawRequest]) -> Vec<String> {
    requests
        .iter()
        .map(|r| r.header("idempotency-key").unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn a_declared_idempotency_key_is_one_per_call_and_the_same_on_every_attempt() {
    // A reset, a 408 and an attempt that times out, then success: a POST
    // with a key is retried through all of them.
    let server = FaultServer::start(|_, n| match n {
        0 => vec![Step::Reset],
        1 => json(408, "{}"),
        2 => vec![Step::Hang],
        _ => json(201, PAYMENT),
    })
    .await;
    let client = client(&server);
    let body = CreatePaymentRequest { amount: 5 };
    let payment = client
        .create_payment(&body, Default::default())
        .timeout(Duration::from_millis(300))
        .await
        .unwrap();
    assert_eq!(payment.id, "p1");
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    let sent = keys(&requests);
    assert_eq!(sent[0].len(), 36, "a UUID: {}", sent[0]);
    assert!(sent.iter().all(|k| *k == sent[0]), "{sent:?}");

    // The next call has a key of its own.
    client
        .create_payment(&body, Default::default())
        .await
        .unwrap();
    let next = keys(&server.requests()[4..]);
    assert_ne!(next[0], sent[0]);

    // A key the caller gives, as the parameter or per call, is the one sent.
    let params = fixture_features::CreatePaymentParams::default().idempotency_key("mine-1");
    client.create_payment(&body, params).await.unwrap();
    client
        .create_payment(&body, Default::default())
        .idempotency_key("mine-2")
        .await
        .unwrap();
    assert_eq!(keys(&server.requests()[5..]), ["mine-1", "mine-2"]);
}

#[tokio::test]
async fn a_post_without_a_key_is_sent_once_and_with_one_is_retried() {
    let server = FaultServer::start(|_, n| match n {
        0 | 2 => vec![Step::Reset],
        1 => json(408, "{}"),
        _ => json(201, USER),
    })
    .await;
    let client = client(&server);
    let body = CreateUserRequest {
        name: "Ada".into(),
        tags: None,
    };
    // `createUser` declares no key: a reset POST may have taken effect.
    let error = client
        .create_user(&body, Default::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!((error.attempts(), server.requests().len()), (1, 1));

    // With a key it is retried, the same key each time.
    let created = client
        .create_user(&body, Default::default())
        .idempotency_key("user-ada")
        .await
        .unwrap();
    assert_eq!(created.name, "Ada");
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(keys(&requests[1..]), ["user-ada"; 3]);
}

#[tokio::test]
async fn a_key_the_client_makes_when_asked_is_one_per_call() {
    let server = FaultServer::start(|_, n| match n {
        0 | 2 => vec![Step::Reset],
        _ => json(201, USER),
    })
    .await;
    let client = client(&server);
    let body = CreateUserRequest {
        name: "Ada".into(),
        tags: None,
    };
    for _ in 0..2 {
        client
            .create_user(&body, Default::default())
            .with_idempotency_key()
            .await
            .unwrap();
    }
    let sent = keys(&server.requests());
    assert_eq!(sent.len(), 4);
    assert_eq!(sent[0].len(), 36, "a UUID: {}", sent[0]);
    assert_eq!(sent[0], sent[1], "the same over the reset");
    assert_eq!(sent[2], sent[3]);
    assert_ne!(sent[0], sent[2], "a new one for the next call");
}

#[tokio::test]
async fn client_default_headers_give_way_to_parameters_and_the_call() {
    let server = FaultServer::start(|r, _| match r.method.as_str() {
        "POST" => json(201, PAYMENT),
        _ => user_with_headers(),
    })
    .await;
    let client = Client::builder("tok")
        .connection_id("conn_7")
        .base_url(server.url())
        .default_header("x-tenant", "t1")
        .default_header("Idempotency-Key", "from-client")
        .build()
        .unwrap();
    client.get_user("u1", Default::default()).await.unwrap();
    client
        .get_user("u1", Default::default())
        .header("x-tenant", "t2")
        .await
        .unwrap();
    let body = CreatePaymentRequest { amount: 5 };
    let params = fixture_features::CreatePaymentParams::default().idempotency_key("from-call");
    client.create_payment(&body, params).await.unwrap();
    client
        .create_payment(&body, Default::default())
        .await
        .unwrap();
    let requests = server.requests();
    let tenants: Vec<_> = requests.iter().map(|r| r.header("x-tenant")).collect();
    assert_eq!(tenants, [Some("t1"), Some("t2"), Some("t1"), Some("t1")]);
    assert_eq!(keys(&requests[2..]), ["from-call", "from-client"]);

    let refused = Client::builder("tok")
        .default_header("x-tenant", "line\nbreak")
        .build()
        .unwrap_err();
    assert!(matches!(refused, Error::InvalidRequest(_)), "{refused:?}");
}
