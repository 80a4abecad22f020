//! What the client benchmarks share: the client thread's CPU time and a
//! local server of one `list connections` page. `benches/end_to_end.rs`
//! uses it as a module; `benches/compare.sh` copies it beside
//! `compare/clients.rs`, which is built outside this workspace.

use std::time::Duration;

use serde_json::json;

/// This thread's CPU time: from `/proc/thread-self/schedstat`, the
/// scheduler's count in nanoseconds, else from the 10 ms ticks of
/// `/proc/thread-self/stat` (user + system).
pub fn thread_cpu() -> Duration {
    if let Ok(schedstat) = std::fs::read_to_string("/proc/thread-self/schedstat") {
        if let Some(ns) = schedstat
            .split_whitespace()
            .next()
            .and_then(|f| f.parse::<u64>().ok())
        {
            return Duration::from_nanos(ns);
        }
    }
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // Fields after the command (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 (1-based), 12 and 13 here;
    // USER_HZ is 100 on Linux.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

/// A page of 10 connections, the API's default page size. With `nulls`,
/// the nullable fields are `null`, as the API sends them for a connection
/// that never expired, has no reference and a user without an avatar;
/// without, each is set.
pub fn page(nulls: bool) -> String {
    let set = |value: &str| {
        if nulls {
            serde_json::Value::Null
        } else {
            json!(value)
        }
    };
    let (avatar, expired_at, reference, checked_at) = (
        set("https://cdn.example.com/avatars/zoe.jpg"),
        set("2026-02-02T03:04:05.000Z"),
        set("customer-42"),
        set("2026-01-04T03:04:05.000Z"),
    );
    let list: Vec<_> = (0..10)
        .map(|i| {
            json!({
                "status": "active", "id": format!("conn_{i:032}"),
                "userData": {"id": "u", "name": "Zoë Ünïcode 🌸", "username": "zoe", "avatar": avatar},
                "permissions": ["messages:read", "vault:write"], "expiredAt": expired_at,
                "createdAt": "2026-01-02T03:04:05.000Z", "updatedAt": "2026-01-03T03:04:05.000Z",
                "clientReferenceId": reference, "imported": false, "lastCheckedAt": checked_at,
                "liveEvents": {"enabled": true}
            })
        })
        .collect();
    json!({"list": list, "hasMore": false}).to_string()
}

/// Serves `body` at `GET /v2/account/connections` on its own one-worker
/// runtime and thread; returns the server's URL.
pub fn serve(body: String) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let app = axum::Router::new().route(
                "/v2/account/connections",
                axum::routing::get(move || {
                    let body = body.clone();
                    async move { ([("content-type", "application/json")], body) }
                }),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(format!("http://{}", listener.local_addr().unwrap()))
                .unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}
