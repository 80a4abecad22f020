use ofauth::mock::MockServer;
use ofauth::models::ListConnectionsResponse;

// Your code, which takes the client.
async fn count_connections(client: &ofauth::Client) -> Result<usize, ofauth::Error> {
    let page = client.list_connections(Default::default()).await?;
    Ok(page.list.len())
}

#[tokio::test]
async fn counts_what_the_api_returns() {
    let server = MockServer::new();
    let empty: ListConnectionsResponse =
        serde_json::from_str(r#"{"list": [], "hasMore": false}"#).unwrap();
    let listed = server.list_connections().query("limit", 10).respond(empty);

    // Not sent: no expectation has this query.
    assert!(count_connections(&server.client()).await.is_err());
    let params = ofauth::ListConnectionsParams::default().limit(10);
    let page = server.client().list_connections(params).await.unwrap();

    assert_eq!(page.list.len(), 0);
    assert_eq!(listed.hits(), 1);
}
