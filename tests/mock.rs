//! The `mock` feature: an in-process stand-in for the API that users test
//! their own code against, with one typed expectation per operation. Each
//! call goes through the client's whole path (credentials, retries,
//! decoding, typed errors) except the network.

use futures::StreamExt;
use ofauth::mock::MockServer;
use ofauth::models::{ConnectionStatus, ListConnectionsResponse};
use ofauth::{Error, ListConnectionsParams};
use serde_json::json;

fn page(ids: &[&str], has_more: bool) -> ListConnectionsResponse {
    let list: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            json!({
                "status": "active", "id": id,
                "userData": {"id": "u_1", "name": "Zoë", "username": "zoe", "avatar": null},
                "permissions": [], "expiredAt": null,
                "createdAt": "2026-01-02T03:04:05.000Z", "updatedAt": "2026-01-03T03:04:05.000Z",
                "clientReferenceId": null, "imported": false, "lastCheckedAt": null,
                "liveEvents": {"enabled": true}
            })
        })
        .collect();
    serde_json::from_value(json!({"list": list, "hasMore": has_more})).unwrap()
}

/// What a user's own code might look like: it takes the client.
async fn active_ids(client: &ofauth::Client) -> Result<Vec<String>, Error> {
    let params = ListConnectionsParams::default().status(ConnectionStatus::Active);
    let page = client.list_connections(params).await?;
    Ok(page.list.into_iter().map(|c| c.id).collect())
}

#[tokio::test]
async fn an_expectation_answers_the_call_it_matches() {
    let server = MockServer::new();
    let listed = server
        .list_connections()
        .query("status", "active")
        .header("apikey", "mock")
        .respond(page(&["c1", "c2"], false));
    let ids = active_ids(&server.client()).await.unwrap();
    assert_eq!(ids, ["c1", "c2"]);
    assert_eq!(listed.hits(), 1);
    let received = server.received();
    assert_eq!(received[0].path, "/v2/account/connections");
    assert_eq!(received[0].query_values("status"), ["active"]);
    server.verify();
}

#[tokio::test]
async fn a_call_no_expectation_matches_is_a_501_and_fails_verify() {
    let server = MockServer::new();
    let _listed = server
        .list_connections()
        .query("status", "expired")
        .respond(page(&[], false));
    let error = active_ids(&server.client()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(501));
    assert!(
        error
            .to_string()
            .contains("GET /v2/account/connections?status=active"),
        "{error}"
    );
    let verified = std::panic::catch_unwind(|| server.verify());
    let message = *verified.unwrap_err().downcast::<String>().unwrap();
    assert!(message.contains("no expectation matched GET"), "{message}");
}

#[tokio::test]
async fn documented_errors_retries_and_streams_behave_as_on_the_wire() {
    let server = MockServer::new();
    // A 401 the spec documents is an API error.
    let _refused = server
        .list_connections()
        .query("offset", "99")
        .respond_with(401, json!({"message": "bad key", "code": "unauthorized"}));
    let error = server
        .client()
        .list_connections(ListConnectionsParams::default().offset(99))
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.message.as_deref(), Some("bad key"));

    // One 503, then pages: the client's retry and the stream at work.
    let busy = server
        .list_connections()
        .times(1)
        .respond_with(503, json!({}));
    let first = server
        .list_connections()
        .query("offset", "0")
        .times(1)
        .respond(page(&["c1", "c2"], true));
    let _second = server
        .list_connections()
        .query("offset", "2")
        .respond(page(&["c3"], false));
    let client = ofauth::Client::builder("key")
        .retry(ofauth::RetryPolicy::default().backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(2),
        ))
        .mock(&server)
        .build()
        .unwrap();
    let ids: Vec<String> = client
        .list_connections_stream(ListConnectionsParams::default().offset(0))
        .map(|c| c.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["c1", "c2", "c3"]);
    assert_eq!((busy.hits(), first.hits()), (1, 1));
    // The builder's own credential went with every call.
    assert!(
        server.received()[1..]
            .iter()
            .all(|r| r.header("apikey") == Some("key"))
    );
    server.verify();
}

#[tokio::test]
async fn path_parameters_headers_bodies_and_every_response_kind() {
    use fixture_features::mock::MockServer;
    use fixture_features::models::{CreateUserRequest, User};

    let server = MockServer::new();
    let user: User =
        serde_json::from_value(json!({"id": "u1", "name": "Ada", "nickname": null})).unwrap();
    let got = server
        .get_user()
        .path_param("userId", "u 1")
        .header("x-connection-id", "mock")
        .respond(user.clone());
    let created = server
        .create_user()
        .json_body(json!({"name": "Ada"}))
        .respond(user.clone());
    let _status = server.get_status().respond("all good".to_owned());
    let deleted = server.delete_user().path_param("userId", "u1").respond(());

    let client = server.client();
    assert_eq!(
        client.get_user("u 1", Default::default()).await.unwrap(),
        user
    );
    let body = CreateUserRequest {
        name: "Ada".into(),
        tags: None,
    };
    assert_eq!(
        client.create_user(&body, Default::default()).await.unwrap(),
        user
    );
    assert_eq!(
        client.get_status(Default::default()).await.unwrap(),
        "all good"
    );
    client.delete_user("u1").await.unwrap();
    assert_eq!((got.hits(), created.hits(), deleted.hits()), (1, 1, 1));
    // Another id matches no expectation.
    assert!(client.delete_user("u2").await.is_err());
}
