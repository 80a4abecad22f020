use futures::TryStreamExt;
use ofauth::models::ConnectionStatus;
use ofauth::{Client, Error, ListConnectionsParams};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new(std::env::var("OFAUTH_API_KEY").unwrap_or_default());

    // One page; a call without options stays one short line.
    let page = client.list_connections(Default::default()).await?;
    println!("{} connections, more: {}", page.list.len(), page.has_more);

    // Every active connection, page after page.
    let params = ListConnectionsParams::default()
        .status(ConnectionStatus::Active)
        .limit(50);
    let mut connections = std::pin::pin!(client.list_connections_stream(params));
    while let Some(connection) = connections.try_next().await? {
        println!("{} {}", connection.id, connection.user_data.username);
    }

    // Options for one call, and its status and headers with the body.
    let response = client
        .list_connections(Default::default())
        .header("x-request-id", "report-7")
        .timeout(std::time::Duration::from_secs(5))
        .with_response()
        .await?;
    println!("{}: {} connections", response.status(), response.list.len());
    if let Some(limit) = response.headers().get("x-ratelimit-remaining") {
        println!("calls left: {limit:?}");
    }

    // Errors say what went wrong, never the API key.
    match client.list_connections(Default::default()).await {
        Err(Error::Api(e)) if e.status == 401 => eprintln!("bad key: {:?}", e.message),
        Err(e) => eprintln!("{e}"),
        Ok(_) => {}
    }
    Ok(())
}
