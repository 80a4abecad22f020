//! The `tracing` span every request gets, in a test binary of its own:
//! `tracing` caches per call site whether anyone listens, and a subscriber
//! set for one thread races with tests running on others.

use std::time::Duration;

use ofauth::{Client, RetryPolicy};
use ofauth_workspace_tests::faults::{FaultServer, json};

const KEY: &str = "sk_test_tracing_0123456789";

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_span_per_request_with_its_outcome_and_never_the_key() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = FaultServer::start(|_, n| match n {
        0 => json(503, "busy"),
        _ => json(200, r#"{"list": [], "hasMore": false}"#),
    })
    .await;
    let client = Client::builder(KEY)
        .base_url(server.url())
        .retry(RetryPolicy::default().backoff(Duration::from_millis(20), Duration::from_millis(80)))
        .build()
        .unwrap();
    client.list_connections(Default::default()).await.unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let finished: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("attempt finished"))
        .collect();
    assert_eq!(finished.len(), 2, "{log}");
    for (line, (attempt, status)) in finished.iter().zip([(1, 503), (2, 200)]) {
        for field in [
            "operation=\"list_connections\"".to_owned(),
            "method=GET".to_owned(),
            "path=\"/v2/account/connections\"".to_owned(),
            format!("attempt={attempt}"),
            format!("status={status}"),
            "latency_ms=".to_owned(),
        ] {
            assert!(line.contains(&field), "{field} not in {line}");
        }
    }
    assert!(log.contains("retrying"), "{log}");
    assert!(!log.contains(KEY), "{log}");
}
