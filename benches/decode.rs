//! Decoding a realistic 1,000-connection `list connections` response: the
//! generated model, against a hand-written serde struct (the limit) and
//! against `serde_json::Value`. `cargo bench --bench decode`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde::Deserialize;
use serde_json::json;

/// 1,000 connections: long ids, unicode names, every nullable field in
/// both states, all three statuses.
fn body() -> Vec<u8> {
    let list: Vec<_> = (0..1000)
        .map(|i| {
            let null_or = |v: serde_json::Value| if i % 2 == 0 { json!(null) } else { v };
            let status = ["active", "expired", "awaiting_2fa"][i % 3];
            json!({
                "status": status,
                "id": format!("conn_{i:04}_{}", "01HZXQ7V3M9K2P8R4T6W".repeat(3)),
                "userData": {
                    "id": format!("u_{i}"),
                    "name": format!("Zoë Ünïcode 🌸 Łukasz 山田 #{i}"),
                    "username": format!("zoe.{i}"),
                    "avatar": null_or(json!(format!("https://cdn.example.com/avatars/{i}.jpg"))),
                },
                "permissions": ["messages:read", "messages:write", "vault:read", "vault:write"],
                "expiredAt": null_or(json!("2026-12-01T00:00:00.000Z")),
                "createdAt": "2026-01-02T03:04:05.000Z",
                "updatedAt": "2026-01-03T03:04:05.000Z",
                "clientReferenceId": null_or(json!(format!("ref-{i}"))),
                "imported": i % 5 == 0,
                "lastCheckedAt": null_or(json!("2026-11-25T10:00:00.000Z")),
                "liveEvents": {"enabled": i % 2 == 0},
            })
        })
        .collect();
    serde_json::to_vec(&json!({"list": list, "hasMore": true})).unwrap()
}

/// What a careful person would write by hand for the same response. (The
/// benchmark only decodes: the fields are there to be filled, not read.)
#[allow(dead_code)]
mod hand_written {
    use super::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Page {
        pub list: Vec<Connection>,
        pub has_more: bool,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Status {
        Active,
        Expired,
        #[serde(rename = "awaiting_2fa")]
        Awaiting2fa,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Connection {
        pub status: Status,
        pub id: String,
        pub user_data: UserData,
        pub permissions: Vec<String>,
        pub expired_at: Option<String>,
        pub created_at: String,
        pub updated_at: String,
        pub client_reference_id: Option<String>,
        pub imported: bool,
        pub last_checked_at: Option<String>,
        pub live_events: LiveEvents,
    }

    #[derive(Deserialize)]
    pub struct UserData {
        pub id: String,
        pub name: String,
        pub username: String,
        pub avatar: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct LiveEvents {
        pub enabled: bool,
    }
}

fn decode(c: &mut Criterion) {
    let body = body();
    let mut group = c.benchmark_group("decode 1000 connections");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("generated", body.len()),
        &body,
        |b, body| {
            b.iter(|| {
                let page: ofauth::models::ListConnectionsResponse =
                    serde_json::from_slice(body).unwrap();
                assert_eq!(page.list.len(), 1000);
                page
            })
        },
    );
    // What the client does with a body: one UTF-8 check for the whole of
    // it, then serde_json's `str` reader, which checks no string again.
    group.bench_with_input(
        BenchmarkId::new("generated, as the client reads", body.len()),
        &body,
        |b, body| {
            b.iter(|| {
                let text = std::str::from_utf8(body).unwrap();
                let page: ofauth::models::ListConnectionsResponse =
                    serde_json::from_str(text).unwrap();
                assert_eq!(page.list.len(), 1000);
                page
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("hand-written", body.len()),
        &body,
        |b, body| {
            b.iter(|| {
                let page: hand_written::Page = serde_json::from_slice(body).unwrap();
                assert_eq!(page.list.len(), 1000);
                page
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("serde_json::Value", body.len()),
        &body,
        |b, body| {
            b.iter(|| {
                let page: serde_json::Value = serde_json::from_slice(body).unwrap();
                assert!(page["hasMore"].as_bool().unwrap());
                page
            })
        },
    );
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
