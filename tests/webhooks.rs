//! Webhooks of the features fixture (`tests/fixtures/features.yaml`) on the
//! wire: an axum endpoint on 127.0.0.1 verifies Standard Webhooks
//! deliveries with the generated `Webhook::verify` and answers as a user's
//! handler would; replays, forgeries, unknown events and bodies that are
//! not the payload each get their own answer.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use fixture_features::models::{UserCreatedEvent, UserDeletedPayload};
use fixture_features::{Event, Webhook, WebhookError, webhooks};
use serde_json::json;

const SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

#[derive(Default)]
struct Seen {
    events: Vec<Event>,
    errors: Vec<String>,
}

struct Endpoint {
    webhook: Webhook,
    seen: Mutex<Seen>,
}

/// What a user writes: verify, then match on the event.
async fn receive(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut seen = endpoint.seen.lock().unwrap();
    match endpoint.webhook.verify(&headers, &body) {
        Ok(event) => {
            seen.events.push(event);
            StatusCode::NO_CONTENT
        }
        Err(error) => {
            let status = match error {
                WebhookError::InvalidBody { .. } => StatusCode::BAD_REQUEST,
                _ => StatusCode::UNAUTHORIZED,
            };
            seen.errors.push(format!("{error:?}"));
            status
        }
    }
}

async fn serve() -> (String, Arc<Endpoint>) {
    let endpoint = Arc::new(Endpoint {
        webhook: Webhook::new(SECRET).unwrap(),
        seen: Mutex::new(Seen::default()),
    });
    let app = axum::Router::new()
        .route("/webhooks", axum::routing::post(receive))
        .with_state(endpoint.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, endpoint)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .try_into()
        .unwrap()
}

/// Sends `body` as the API would: signed with `secret` at `timestamp`.
async fn deliver(
    url: &str,
    prefix: &str,
    id: &str,
    timestamp: i64,
    body: Vec<u8>,
    signature: &str,
) -> StatusCode {
    let response = http_client()
        .post(url)
        .header(format!("{prefix}-id"), id)
        .header(format!("{prefix}-timestamp"), timestamp.to_string())
        .header(format!("{prefix}-signature"), signature)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    StatusCode::from_u16(response.status().as_u16()).unwrap()
}

fn user_created() -> Vec<u8> {
    json!({"type": "user.created", "user": {"id": "u1", "name": "Ada", "nickname": null}})
        .to_string()
        .into_bytes()
}

#[tokio::test]
async fn signed_deliveries_are_events_and_replays_are_refused() {
    let (url, endpoint) = serve().await;
    let signer = Webhook::new(SECRET).unwrap();
    let body = user_created();
    let signed_at = now();
    let signature = signer.sign("msg_1", signed_at, &body);
    let status = deliver(
        &url,
        "webhook",
        "msg_1",
        signed_at,
        body.clone(),
        &signature,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // The same delivery, replayed ten minutes later: its signature is
    // still right, its timestamp is not.
    let old = signed_at - 600;
    let replayed = signer.sign("msg_1", old, &body);
    let status = deliver(&url, "webhook", "msg_1", old, body.clone(), &replayed).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Svix's header names are read too.
    let status = deliver(
        &url,
        "svix",
        "msg_2",
        signed_at,
        body,
        &signature_for("msg_2", signed_at),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let seen = endpoint.seen.lock().unwrap();
    assert_eq!(seen.events.len(), 2);
    let Event::UserCreated(UserCreatedEvent { user, .. }) = &seen.events[0] else {
        panic!("{:?}", seen.events[0]);
    };
    assert_eq!((user.id.as_str(), user.name.as_str()), ("u1", "Ada"));
    assert_eq!(seen.errors.len(), 1);
    assert!(
        seen.errors[0].starts_with("TimestampTooOld"),
        "{:?}",
        seen.errors
    );
}

fn signature_for(id: &str, timestamp: i64) -> String {
    Webhook::new(SECRET)
        .unwrap()
        .sign(id, timestamp, &user_created())
}

#[tokio::test]
async fn forgeries_missing_headers_and_bad_bodies_get_their_own_errors() {
    let (url, endpoint) = serve().await;
    let signer = Webhook::new(SECRET).unwrap();
    let at = now();
    // Tampered: signed for one body, sent with another.
    let signature = signer.sign("msg_1", at, &user_created());
    let tampered = String::from_utf8(user_created())
        .unwrap()
        .replace("Ada", "Eve")
        .into_bytes();
    let status = deliver(&url, "webhook", "msg_1", at, tampered, &signature).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Another endpoint's secret.
    let other = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    let signature = other.sign("msg_2", at, &user_created());
    let status = deliver(&url, "webhook", "msg_2", at, user_created(), &signature).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Two signatures (a secret being rotated): the second matches.
    let rotated = format!(
        "{} {}",
        signature,
        signer.sign("msg_3", at, &user_created())
    );
    let status = deliver(&url, "webhook", "msg_3", at, user_created(), &rotated).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Signed, but not UTF-8, so not the payload.
    let bytes = b"{\"type\": \"user.created\", \"user\": \xff}".to_vec();
    let signature = signer.sign("msg_4", at, &bytes);
    let status = deliver(&url, "webhook", "msg_4", at, bytes, &signature).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // No signature header at all.
    let response = http_client()
        .post(&url)
        .header("webhook-id", "msg_5")
        .header("webhook-timestamp", at.to_string())
        .body(user_created())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);

    let seen = endpoint.seen.lock().unwrap();
    let kinds: Vec<&str> = seen
        .errors
        .iter()
        .map(|e| e.split([' ', '(', '{']).next().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "NoMatchingSignature",
            "NoMatchingSignature",
            "InvalidBody",
            "MissingHeader"
        ]
    );
    assert!(
        seen.errors[3].contains("webhook-signature"),
        "{:?}",
        seen.errors
    );
}

#[tokio::test]
async fn an_event_this_version_does_not_know_is_kept() {
    let (url, endpoint) = serve().await;
    let signer = Webhook::new(SECRET).unwrap();
    let at = now();
    let unknown = json!({"type": "user.renamed", "id": "u1", "name": "Grace"});
    let body = unknown.to_string().into_bytes();
    let signature = signer.sign("msg_1", at, &body);
    let status = deliver(&url, "webhook", "msg_1", at, body, &signature).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let seen = endpoint.seen.lock().unwrap();
    assert_eq!(seen.events, [Event::Unknown(unknown)]);
}

/// Without the endpoint: each webhook's typed parse, and events written
/// back as they came.
#[test]
fn payloads_parse_by_webhook_name_and_round_trip() {
    let deleted = json!({"type": "user.deleted", "id": "u9"});
    let payload: UserDeletedPayload =
        webhooks::parse_user_deleted(deleted.to_string().as_bytes()).unwrap();
    assert_eq!(payload.id, "u9");
    let event = webhooks::parse_event(deleted.to_string().as_bytes()).unwrap();
    assert!(matches!(&event, Event::UserDeleted(p) if p.id == "u9"));
    assert_eq!(serde_json::to_value(&event).unwrap(), deleted);
    let created = webhooks::parse_user_created(&user_created()).unwrap();
    assert_eq!(
        serde_json::to_vec(&created).unwrap(),
        user_created(),
        "decodes and writes back byte for byte"
    );
    let error = webhooks::parse_user_created(br#"{"type": "user.created"}"#).unwrap_err();
    assert!(
        error.to_string().contains("missing field `user`"),
        "{error}"
    );
}

/// A reqwest client to deliver with (the generated crate's TLS settings:
/// it installs no process-wide crypto provider).
fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_preconfigured(fixture_features::tls_config().unwrap())
        .build()
        .unwrap()
}
