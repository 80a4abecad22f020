//! The generated OFAuth client on the wire, against a real HTTP server on
//! 127.0.0.1: what it sends, what it decodes, and how it fails.

use futures::TryStreamExt;
use ofauth::models::{
    Connection, ConnectionStatus, ListConnectionsImported, ListConnectionsResponse,
};
use ofauth::{Client, Error, ListConnectionsParams};
use ofauth_workspace_tests::{Recorded, Reply, TestServer};
use serde_json::json;

const KEY: &str = "sk_test_0123456789abcdef";

fn client(server: &TestServer) -> Client {
    Client::builder(KEY)
        .base_url(server.url())
        .build()
        .expect("client")
}

/// A connection as the API sends it, with every nullable field null.
fn connection(id: &str, status: &str) -> serde_json::Value {
    json!({
        "status": status,
        "id": id,
        "userData": {"id": "u_1", "name": "Zoë Ünïcode 🌸", "username": "zoe", "avatar": null},
        "permissions": ["messages:read", "vault:write"],
        "expiredAt": null,
        "createdAt": "2026-01-02T03:04:05.000Z",
        "updatedAt": "2026-01-03T03:04:05.000Z",
        "clientReferenceId": null,
        "imported": false,
        "lastCheckedAt": null,
        "liveEvents": {"enabled": true}
    })
}

fn page(items: Vec<serde_json::Value>, has_more: bool) -> String {
    json!({"list": items, "hasMore": has_more}).to_string()
}

#[tokio::test]
async fn sends_the_exact_request() {
    let server = TestServer::start(|_| Reply::json(200, page(vec![], false))).await;
    let client = client(&server);

    client.list_connections(Default::default()).await.unwrap();
    let params = ListConnectionsParams::default()
        .status(ConnectionStatus::Awaiting2fa)
        .imported(ListConnectionsImported::True)
        .limit(10)
        .offset(20);
    client.list_connections(params).await.unwrap();
    client
        .list_connections(
            ListConnectionsParams::default()
                .limit(2.5)
                .status("new status"),
        )
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, "/v2/account/connections");
        assert_eq!(request.header("apiKey"), Some(KEY));
        assert!(request.header("user-agent").unwrap().starts_with("ofauth/"));
        assert_eq!(request.header("accept"), Some("application/json"));
    }
    assert_eq!(requests[0].query, None, "no options, no query string");
    // Integral numbers go on the wire without a fraction.
    assert_eq!(
        requests[1].query.as_deref(),
        Some("status=awaiting_2fa&imported=true&limit=10&offset=20")
    );
    assert_eq!(
        requests[2].query.as_deref(),
        Some("status=new+status&limit=2.5")
    );
}

#[tokio::test]
async fn decodes_nulls_and_unknown_enum_values() {
    let body = page(
        vec![
            connection("conn_1", "active"),
            connection("conn_2", "suspended"),
        ],
        false,
    );
    let server = TestServer::start(move |_| Reply::json(200, body.clone())).await;
    let response = client(&server)
        .list_connections(Default::default())
        .await
        .unwrap();

    assert!(!response.has_more);
    let [first, second] = &response.list[..] else {
        panic!("two connections, got {response:?}")
    };
    assert_eq!(first.status, ConnectionStatus::Active);
    assert_eq!(
        second.status,
        ConnectionStatus::Unknown("suspended".to_owned())
    );
    assert_eq!(second.status.as_str(), "suspended");
    assert_eq!(first.expired_at, None);
    assert_eq!(first.client_reference_id, None);
    assert_eq!(first.last_checked_at, None);
    assert_eq!(first.user_data.avatar, None);
    assert_eq!(first.user_data.name, "Zoë Ünïcode 🌸");
    assert_eq!(first.permissions, ["messages:read", "vault:write"]);
    assert!(first.live_events.enabled);

    // Required and nullable fields are written back as `null`, not left out,
    // and the unknown status keeps its text.
    let round_trip = serde_json::to_value(second).unwrap();
    assert_eq!(round_trip, connection("conn_2", "suspended"));
    let again: Connection = serde_json::from_value(round_trip).unwrap();
    assert_eq!(&again, second);
}

#[tokio::test]
async fn documented_error_status_is_an_api_error() {
    let server = TestServer::start(|_| {
        Reply::json(
            401,
            r#"{"message":"Invalid API key","code":"unauthorized","details":{"hint":"rotate it"}}"#,
        )
    })
    .await;
    let err = client(&server)
        .list_connections(Default::default())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.status.as_u16(), 401);
    assert_eq!(api.operation, "list_connections");
    assert_eq!(api.message.as_deref(), Some("Invalid API key"));
    assert_eq!(api.code.as_deref(), Some("unauthorized"));
    assert_eq!(api.details, Some(json!({"hint": "rotate it"})));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        err.to_string(),
        "list_connections: the server answered 401 Unauthorized: Invalid API key"
    );
    assert!(!format!("{err:?}").contains(KEY));

    // A body that is not JSON still gives the status and the text.
    let server = TestServer::start(|_| Reply::html(401, "nope")).await;
    let err = client(&server)
        .list_connections(Default::default())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!((api.message.as_deref(), api.body.as_str()), (None, "nope"));
}

#[tokio::test]
async fn undocumented_status_is_unexpected() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = TestServer::start(move |_| Reply::html(500, html)).await;
    let err = client(&server)
        .list_connections(Default::default())
        .await
        .unwrap_err();
    let Error::UnexpectedStatus(unexpected) = &err else {
        panic!("expected UnexpectedStatus, got {err:?}")
    };
    assert_eq!(unexpected.status.as_u16(), 500);
    assert_eq!(unexpected.body, html);
    assert!(
        err.to_string().contains("<h1>502 Bad Gateway</h1>"),
        "{err}"
    );
}

#[tokio::test]
async fn a_body_that_does_not_match_is_a_decode_error_with_its_path() {
    let mut bad = connection("conn_1", "active");
    bad["userData"]["name"] = json!(42);
    let body = page(vec![connection("conn_0", "active"), bad], false);
    let server = TestServer::start(move |_| Reply::json(200, body.clone())).await;
    let err = client(&server)
        .list_connections(Default::default())
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected Decode, got {err:?}")
    };
    assert_eq!(decode.operation, "list_connections");
    assert_eq!(decode.path, "list[1].userData.name");
    assert!(
        decode.snippet.starts_with(r#"{"list":[{"#),
        "{}",
        decode.snippet
    );
    assert!(
        std::error::Error::source(&err).is_some(),
        "serde's error is the source"
    );
    let message = err.to_string();
    assert!(
        message.contains("list[1].userData.name") && message.contains("list_connections"),
        "{message}"
    );

    // Malformed JSON, and a body far longer than the snippet.
    let long = format!("{{\"list\": [{}", "x".repeat(10_000));
    let server = TestServer::start(move |_| Reply::json(200, long.clone())).await;
    let err = client(&server)
        .list_connections(Default::default())
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected Decode, got {err:?}")
    };
    assert_eq!(decode.path, "list[0]");
    assert!(
        decode.snippet.len() <= 512 + '…'.len_utf8(),
        "bounded snippet: {}",
        decode.snippet.len()
    );

    // Missing required field.
    let server = TestServer::start(|_| Reply::json(200, r#"{"list": []}"#)).await;
    let err = client(&server)
        .list_connections(Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode(d) if d.source.to_string().contains("hasMore")),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_stream_walks_every_page() {
    // Five connections, served two at a time.
    let server = TestServer::start(|request: &Recorded| {
        let offset: usize = request
            .query_param("offset")
            .map_or(0, |o| o.parse().unwrap());
        let limit: usize = request
            .query_param("limit")
            .map_or(10, |l| l.parse().unwrap());
        let all: Vec<_> = (0..5)
            .map(|i| connection(&format!("conn_{i}"), "active"))
            .collect();
        let end = (offset + limit).min(all.len());
        Reply::json(
            200,
            page(all[offset.min(end)..end].to_vec(), end < all.len()),
        )
    })
    .await;
    let client = client(&server);
    let params = ListConnectionsParams::default()
        .status(ConnectionStatus::Active)
        .limit(2);
    let items: Vec<Connection> = client
        .list_connections_stream(params)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["conn_0", "conn_1", "conn_2", "conn_3", "conn_4"]);

    let requests = server.requests();
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.query.as_deref()).collect();
    assert_eq!(
        queries,
        [
            Some("status=active&limit=2"),
            Some("status=active&limit=2&offset=2"),
            Some("status=active&limit=2&offset=4")
        ]
    );
}

#[tokio::test]
async fn the_stream_ends_with_the_first_error() {
    let server =
        TestServer::start(
            |request: &Recorded| match request.query_param("offset").as_deref() {
                None => Reply::json(200, page(vec![connection("conn_0", "active")], true)),
                // Not a status the client retries.
                Some(_) => Reply::html(500, "broken"),
            },
        )
        .await;
    let client = client(&server);
    let results: Vec<Result<Connection, Error>> =
        futures::StreamExt::collect(client.list_connections_stream(Default::default())).await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, "conn_0");
    assert!(matches!(&results[1], Err(Error::UnexpectedStatus(e)) if e.status.as_u16() == 500));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_key_never_shows() {
    let client = Client::builder(KEY)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains(KEY), "{client:?}");
    assert!(format!("{client:?}").contains("<redacted>"));

    // A refused connection is a transport error that names the operation.
    let err = client
        .list_connections(Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(KEY));
    assert_eq!(err.operation(), "list_connections");
}

#[tokio::test]
async fn builder_checks_its_settings() {
    assert!(matches!(
        Client::builder(KEY).base_url("not a url").build(),
        Err(Error::InvalidRequest(_))
    ));
    assert!(matches!(
        Client::builder(KEY).base_url("ftp://example.com").build(),
        Err(Error::InvalidRequest(_))
    ));
    assert_eq!(Client::new(KEY).base_url(), "https://api.ofauth.com");
    assert_eq!(
        Client::builder(KEY)
            .base_url("http://h/prefix/")
            .build()
            .unwrap()
            .base_url(),
        "http://h/prefix"
    );

    // A base URL with a path keeps it; an API key that cannot be a header
    // fails the build, or (through `Client::new`) every request, before
    // anything is sent.
    let server = TestServer::start(|_| Reply::json(200, page(vec![], false))).await;
    let prefixed = Client::builder(KEY)
        .base_url(format!("{}/proxy/", server.url()))
        .build()
        .unwrap();
    prefixed.list_connections(Default::default()).await.unwrap();
    assert_eq!(server.requests()[0].path, "/proxy/v2/account/connections");
    // A query on the base URL (a gateway's tenant) stays, before the
    // operation's parameters.
    let with_query = Client::builder(KEY)
        .base_url(format!("{}/proxy?tenant=7", server.url()))
        .build()
        .unwrap();
    let params = ListConnectionsParams::default().limit(5.0);
    with_query.list_connections(params).await.unwrap();
    let request = &server.requests()[1];
    assert_eq!(request.path, "/proxy/v2/account/connections");
    assert_eq!(request.query.as_deref(), Some("tenant=7&limit=5"));

    let err = Client::builder("line\nbreak")
        .base_url(server.url())
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(err.to_string().contains("API key"), "{err}");
    assert!(!err.to_string().contains("line\nbreak"));
    let err = Client::new("line\nbreak")
        .list_connections(Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(!err.to_string().contains("line\nbreak"));
    assert_eq!(server.requests().len(), 2, "nothing was sent");
}

#[test]
fn models_serialise_to_the_wire_names() {
    let response: ListConnectionsResponse = serde_json::from_value(json!({
        "list": [connection("c", "expired")],
        "hasMore": true
    }))
    .unwrap();
    let value = serde_json::to_value(&response).unwrap();
    assert_eq!(value["hasMore"], true);
    assert_eq!(
        value["list"][0]["userData"]["avatar"],
        serde_json::Value::Null
    );
    assert_eq!(value["list"][0]["status"], "expired");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    // Accepts connections and reads, but never writes a byte.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client = Client::builder(KEY)
        .base_url(format!("http://{addr}"))
        .timeout(std::time::Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .list_connections(Default::default())
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Transport(_)));
}

#[tokio::test]
async fn a_callers_own_http_client_and_user_agent() {
    let server = TestServer::start(|_| Reply::json(200, page(vec![], false))).await;
    // The crate installs no process-wide TLS provider: a caller's own
    // client takes the crate's TLS settings.
    let http = ofauth::reqwest::Client::builder()
        .tls_backend_preconfigured(ofauth::tls_config().unwrap())
        .build()
        .unwrap();
    let client = Client::builder(KEY)
        .base_url(server.url())
        .http_client(http)
        .user_agent("my-app/1.2")
        .build()
        .unwrap();
    client.list_connections(Default::default()).await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("user-agent"), Some("my-app/1.2"));
    assert_eq!(
        request.header("apiKey"),
        Some(KEY),
        "the credential is added to the caller's client too"
    );
}

/// Futures and streams can be spawned on a multi-threaded runtime.
#[test]
fn futures_and_streams_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::new(KEY);
    let future = client.list_connections(Default::default());
    assert_send(&future);
    let stream = client.list_connections_stream(Default::default());
    assert_send(&stream);
    fn assert_shareable<T: Send + Sync + 'static>() {}
    assert_shareable::<Client>();
    // Errors can go into `anyhow`/`Box<dyn Error + Send + Sync>`.
    assert_shareable::<Error>();
}

/// A `number` parameter's setter takes any Rust number.
#[tokio::test]
async fn number_setters_take_any_rust_number() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"list": [], "hasMore": false}"#)).await;
    let client = Client::builder("sk_test")
        .base_url(server.url())
        .build()
        .unwrap();
    let offset: u64 = 40;
    let params = ListConnectionsParams::default()
        .limit(10usize)
        .offset(offset);
    client.list_connections(params).await.unwrap();
    let params = ListConnectionsParams::default().limit(2.5f32).offset(-1i8);
    client.list_connections(params).await.unwrap();
    let queries: Vec<Option<String>> = server.requests().into_iter().map(|r| r.query).collect();
    assert_eq!(
        queries,
        [
            Some("limit=10&offset=40".to_owned()),
            Some("limit=2.5&offset=-1".to_owned())
        ]
    );
}
