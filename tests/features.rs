//! The fixture crate generated from `tests/fixtures/features.yaml`, on the
//! wire: what the OFAuth spec does not exercise yet (path, header and array
//! parameters, JSON bodies with explicit nulls, bearer auth, text and empty
//! responses, typed errors).

use fixture_features::models::{CreateUserRequest, GetUserIncludeItem, User, UserPatch, UserType};
use fixture_features::{Client, Error, GetUserParams};
use ofauth_workspace_tests::{Reply, TestServer};
use serde_json::json;

fn user_json() -> String {
    json!({
        "id": "u/1", "name": "Ada", "nickname": null, "type": "robot",
        "labels": {"color": "red", "team": "core"},
        "manager": {"id": "u2", "name": "Bob", "nickname": "b"}
    })
    .to_string()
}

/// A client for the test server; its connection id is set once, as the
/// header `x-connection-id` that two operations share is a client value.
fn client(server: &TestServer) -> Client {
    Client::builder("tok")
        .connection_id("conn_7")
        .base_url(server.url())
        .build()
        .unwrap()
}

#[tokio::test]
async fn path_header_and_array_parameters() {
    let server = TestServer::start(|_| Reply::json(200, user_json())).await;
    let params = GetUserParams::default()
        .fields(vec!["name".into(), "bio".into()])
        .include(vec![GetUserIncludeItem::Posts, GetUserIncludeItem::Likes]);
    let user = client(&server)
        .get_user("../a b?c#d", params)
        .await
        .unwrap();

    let request = &server.requests()[0];
    assert_eq!(
        request.path, "/users/..%2Fa%20b%3Fc%23d",
        "the id stays one segment"
    );
    assert_eq!(
        request.query.as_deref(),
        Some("fields=name%2Cbio&include=posts&include=likes")
    );
    assert_eq!(request.header("x-connection-id"), Some("conn_7"));
    assert_eq!(request.header("authorization"), Some("Bearer tok"));

    assert_eq!(user.nickname, None);
    assert_eq!(user.r#type, Some(UserType::Unknown("robot".into())));
    let labels = user.labels.as_ref().expect("labels");
    assert_eq!(labels.color.as_deref(), Some("red"));
    assert_eq!(
        labels.additional_properties.get("team").map(String::as_str),
        Some("core")
    );
    let round_trip = serde_json::to_value(labels).unwrap();
    assert_eq!(
        round_trip,
        json!({"color": "red", "team": "core"}),
        "unlisted properties are kept"
    );
    let manager: &User = user.manager.as_deref().expect("recursive field");
    assert_eq!(manager.nickname.as_deref(), Some("b"));
}

#[tokio::test]
async fn patch_bodies_tell_absent_from_null() {
    let server = TestServer::start(|_| Reply::json(200, user_json())).await;
    let client = client(&server);
    // A request model without required fields implements `Default`.
    let patch = UserPatch {
        name: Some("Ada".into()),
        nickname: Some(None),
        self_: Some(true),
        ..Default::default()
    };
    client.update_user("u1", &patch).await.unwrap();

    let request = &server.requests()[0];
    assert_eq!(request.method, "PATCH");
    assert_eq!(request.header("content-type"), Some("application/json"));
    // Decoding the body the server got: nickname is an explicit null,
    // website is left out, `self` keeps its wire name.
    let body = request.body_json();
    assert_eq!(body, json!({"name": "Ada", "nickname": null, "self": true}));

    let round_trip: UserPatch = serde_json::from_value(body).unwrap();
    assert_eq!(round_trip, patch);
    let set: UserPatch = serde_json::from_value(json!({"website": "https://a.b"})).unwrap();
    assert_eq!(set.website, Some(Some("https://a.b".into())));
}

#[tokio::test]
async fn json_body_created_status_and_optional_query() {
    let server = TestServer::start(|_| Reply::json(201, user_json())).await;
    let body = CreateUserRequest {
        name: "Ada".into(),
        tags: Some(vec!["x".into()]),
    };
    let params = fixture_features::CreateUserParams::default().dry_run(true);
    let user = client(&server).create_user(&body, params).await.unwrap();
    assert_eq!(user.name, "Ada");
    let request = &server.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.query.as_deref()),
        ("POST", Some("dryRun=true"))
    );
    assert_eq!(request.body_json(), json!({"name": "Ada", "tags": ["x"]}));
}

#[tokio::test]
async fn empty_and_text_responses_and_unauthenticated_operations() {
    let server = TestServer::start(|r| match r.method.as_str() {
        "DELETE" => Reply {
            status: 204,
            content_type: "text/plain",
            body: String::new(),
        },
        _ => Reply {
            status: 200,
            content_type: "text/plain",
            body: "all good".into(),
        },
    })
    .await;
    let client = client(&server);
    client.delete_user("u1").await.unwrap();
    // `GetStatusParams` is `GetUserParams` by another name (the spec gives
    // both operations the same optional parameters): its setters and
    // the parameters it sends are the same.
    let params = fixture_features::GetStatusParams::default()
        .fields(vec!["a".into(), "b".into()])
        .include(vec![GetUserIncludeItem::Likes]);
    assert_eq!(client.get_status(params).await.unwrap(), "all good");
    let requests = server.requests();
    assert_eq!(
        requests[1].query.as_deref(),
        Some("fields=a%2Cb&include=likes")
    );
    assert_eq!(requests[0].header("authorization"), Some("Bearer tok"));
    assert_eq!(
        requests[1].header("authorization"),
        None,
        "`security: []` sends no credential"
    );
}

#[tokio::test]
async fn documented_statuses_and_ranges_are_api_errors() {
    let server = TestServer::start(|r| match r.method.as_str() {
        "GET" => Reply::json(404, r#"{"message": "no such user", "code": "not_found"}"#),
        _ => Reply::json(409, r#"{"message": "busy"}"#),
    })
    .await;
    let client = client(&server);
    let err = client
        .get_user("u1", GetUserParams::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(e) if e.code.as_deref() == Some("not_found")),
        "{err:?}"
    );
    // The body as the model the spec documents for the status.
    let Error::Api(api) = &err else {
        unreachable!()
    };
    let body: fixture_features::models::Error = api.body().unwrap();
    assert_eq!(body.message.as_deref(), Some("no such user"));
    assert!(
        api.body::<Vec<u8>>().is_err(),
        "a shape the body does not have"
    );
    let err = client.delete_user("u1").await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(e) if e.status.as_u16() == 409),
        "4XX covers 409: {err:?}"
    );
}

#[tokio::test]
async fn the_stream_follows_next_offset() {
    // Items 0..25 in pages of 5, but the server skips ahead by 10 each time:
    // the stream must ask for the offset it is told, not offset + 5.
    let server = TestServer::start(|r: &ofauth_workspace_tests::Recorded| {
        let offset: i64 = r.query_param("offset").map_or(0, |o| o.parse().unwrap());
        let items: Vec<_> = (offset..offset + 5).map(|id| json!({"id": id})).collect();
        let next = offset + 10;
        let more = next < 25;
        Reply::json(
            200,
            json!({"data": items, "hasMore": more, "nextOffset": more.then_some(next)}).to_string(),
        )
    })
    .await;
    let params = fixture_features::ListItemsParams::default().limit(5);
    let ids: Vec<i64> =
        futures::TryStreamExt::try_collect::<Vec<_>>(client(&server).list_items_stream(params))
            .await
            .unwrap()
            .iter()
            .map(|item| item.id)
            .collect();
    assert_eq!(ids, [0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24]);
    let offsets: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.query_param("offset"))
        .collect();
    assert_eq!(offsets, [None, Some("10".into()), Some("20".into())]);
}

#[tokio::test]
async fn an_optional_raw_body_is_sent_as_is() {
    let server = TestServer::start(|_| Reply {
        status: 204,
        content_type: "text/plain",
        body: String::new(),
    })
    .await;
    let client = client(&server);
    let png = vec![0x89, b'P', b'N', b'G', 0, 255];
    let params = fixture_features::PutAvatarParams::default().body(png.clone());
    client.put_avatar("u1", params).await.unwrap();
    client.put_avatar("u1", Default::default()).await.unwrap();
    let requests = server.requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("PUT", "/users/u1/avatar")
    );
    assert_eq!(requests[0].header("content-type"), Some("image/png"));
    assert_eq!(requests[0].body, png);
    assert!(requests[1].body.is_empty() && requests[1].header("content-type").is_none());
}

/// The models' serde (`json_struct!`, not serde's derive) behaves as the
/// derive did: what is absent, `null`, unknown, duplicated or escaped.
#[test]
fn models_read_and_write_json_as_serde_derive_would() {
    let decode = |text: &str| serde_json::from_str::<User>(text);
    // Absent and `null` stay apart only where the field is optional and
    // nullable; a required nullable field may be absent (serde's rule).
    let user = decode(r#"{"id":"1","name":"A","website":null,"extra":[1,{"x":2}]}"#).unwrap();
    assert_eq!(
        (user.nickname, user.bio, user.website),
        (None, None, Some(None))
    );
    // Escaped property names are matched (the key cannot be borrowed).
    let user = decode(r#"{"\u0069d":"1","na\u006de":"A","nickname":"n"}"#).unwrap();
    assert_eq!(
        (user.id.as_str(), user.nickname.as_deref()),
        ("1", Some("n"))
    );

    let error = decode(r#"{"id":"1"}"#).unwrap_err();
    assert!(
        error.to_string().contains("missing field `name`"),
        "{error}"
    );
    let error = decode(r#"{"id":"1","name":"A","id":"2"}"#).unwrap_err();
    assert!(
        error.to_string().contains("duplicate field `id`"),
        "{error}"
    );
    let error = decode(r#"["1","A"]"#).unwrap_err();
    assert!(
        error.to_string().contains("expected an object (User)"),
        "{error}"
    );
    let error = decode(r#"{"id":"1","name":7}"#).unwrap_err();
    assert!(error.to_string().contains("expected a string"), "{error}");

    // Written: required nullable as `null`, absent optionals left out, and
    // the same value read back. Through `serde_json::Value` too, whose
    // keys are owned strings.
    let user = decode(r#"{"id":"1","name":"A","manager":{"id":"2","name":"B"}}"#).unwrap();
    let written = serde_json::to_value(&user).unwrap();
    assert_eq!(
        written,
        json!({"id": "1", "name": "A", "nickname": null,
               "manager": {"id": "2", "name": "B", "nickname": null}})
    );
    assert_eq!(serde_json::from_value::<User>(written).unwrap(), user);
}

/// Fields whose wire names and types are so long that the formatter wraps
/// them over several lines still compile and keep their wire names.
#[test]
fn long_wire_names_round_trip() {
    use fixture_features::models::InstallmentOptions;
    let wire = json!({
        "installmentPaymentData.option[itemNr].maximumNumberOfInstallments": 12,
        "installmentPaymentData.option[itemNr].preselectedNumberOfInstallmentsForTheShopper":
            [{"monthly": [{"name": "A"}]}],
        "installmentPaymentData.option[itemNr].plansOfferedToTheShopperWhenTheyPayInInstallments":
            [{"regular": [3, 6]}]
    });
    let options: InstallmentOptions = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(
        options.installment_payment_data_option_item_nr_maximum_number_of_installments,
        12
    );
    assert_eq!(serde_json::to_value(&options).unwrap(), wire);
    // The variant whose name and type wrap over three lines.
    let object = json!({
        "installmentPaymentData.option[itemNr].maximumNumberOfInstallments": 1,
        "installmentPaymentData.option[itemNr].plansOfferedToTheShopperWhenTheyPayInInstallments":
            {"months": 3}
    });
    let decoded: InstallmentOptions = serde_json::from_value(object.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), object);
    // `--derive Eq --derive Hash`: every model derives them.
    let mut seen = std::collections::HashSet::new();
    assert!(seen.insert(options.clone()) && !seen.insert(options));
}

/// A paginated operation with a path, a header, an enum and a list among
/// its required arguments streams: each page asks with all of them.
#[tokio::test]
async fn a_stream_keeps_every_required_argument() {
    use fixture_features::models::ListUserItemsKind;
    let server = TestServer::start(|r: &ofauth_workspace_tests::Recorded| {
        let offset: i64 = r.query_param("offset").map_or(0, |o| o.parse().unwrap());
        let items: Vec<_> = (offset..offset + 2).map(|id| json!({"id": id})).collect();
        Reply::json(
            200,
            json!({"data": items, "hasMore": offset < 2}).to_string(),
        )
    })
    .await;
    let client = client(&server).with_connection_id("conn_1");
    let stream = {
        // Arguments that do not outlive the call: the stream keeps copies.
        let user = String::from("u/1");
        let tags = vec!["a".to_owned(), "b".to_owned()];
        let params = fixture_features::ListUserItemsParams::default().limit(2);
        client.list_user_items_stream(&user, ListUserItemsKind::Film, &tags, params)
    };
    let items: Vec<_> = futures::TryStreamExt::try_collect::<Vec<_>>(stream)
        .await
        .unwrap();
    assert_eq!(items.iter().map(|i| i.id).collect::<Vec<_>>(), [0, 1, 2, 3]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.path, "/users/u%2F1/items");
        assert_eq!(request.header("x-connection-id"), Some("conn_1"));
        assert_eq!(request.query_param("kind").as_deref(), Some("film"));
        assert!(
            request.query.as_deref().unwrap().contains("tags=a&tags=b"),
            "{request:?}"
        );
    }
}

/// A header many operations share is set once on the client, overridden
/// for some calls, and reported when an operation needs it and it is unset.
#[tokio::test]
async fn shared_headers_are_client_values_with_a_per_call_override() {
    let server = TestServer::start(|_| Reply::json(200, user_json())).await;
    let client = client(&server);
    client
        .get_user("u1", GetUserParams::default())
        .await
        .unwrap();
    client
        .with_connection_id("conn_8")
        .get_user("u1", GetUserParams::default())
        .await
        .unwrap();
    // The override is for the calls made through it only.
    client
        .get_user("u1", GetUserParams::default())
        .await
        .unwrap();
    let seen: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("x-connection-id").map(str::to_owned))
        .collect();
    assert_eq!(
        seen,
        [
            Some("conn_7".into()),
            Some("conn_8".into()),
            Some("conn_7".into())
        ]
    );
    for request in server.requests() {
        assert_eq!(request.header("authorization"), Some("Bearer tok"));
    }

    let without = Client::builder("tok")
        .base_url(server.url())
        .build()
        .unwrap();
    let error = without
        .get_user("u1", GetUserParams::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(error.to_string().contains("`connection_id`"), "{error}");
    assert_eq!(server.requests().len(), 3, "nothing was sent");
    assert!(!format!("{client:?}").contains("conn_7"), "redacted");
}

/// An object that two alternatives of a `oneOf` both read decodes into
/// the one that keeps all of it, and writes back unchanged.
#[test]
fn untagged_alternatives_keep_every_property() {
    use fixture_features::models::PaymentMethod;
    let card = json!({"type": "scheme", "encryptedCardNumber": "enc_1", "holderName": "Ada"});
    let method: PaymentMethod = serde_json::from_value(card.clone()).unwrap();
    assert!(
        matches!(&method, PaymentMethod::PaymentMethodVariant2(v)
        if v.encrypted_card_number == "enc_1"),
        "{method:?}"
    );
    assert_eq!(serde_json::to_value(&method).unwrap(), card);
    // What only the first reads is the first.
    let plain = json!({"type": "ideal"});
    let method: PaymentMethod = serde_json::from_value(plain.clone()).unwrap();
    assert!(
        matches!(method, PaymentMethod::PaymentMethodVariant1(_)),
        "{method:?}"
    );
    assert_eq!(serde_json::to_value(&method).unwrap(), plain);
}
