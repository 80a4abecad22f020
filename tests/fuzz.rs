//! Hostile bodies: random JSON, and mutations of real response bodies, fed
//! to the generated decoders the way the client decodes (serde_json through
//! serde_path_to_error). Any outcome but a panic is fine: a body either
//! decodes or gives an error.

use fixture_features::models::{ListItemsResponse, User, UserPatch};
use ofauth::models::{Connection, ListConnectionsResponse};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Decodes like the runtime does; returns whether it decoded.
fn decode<T: DeserializeOwned>(bytes: &[u8]) -> bool {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
    value.is_ok() && deserializer.end().is_ok()
}

fn decode_all(bytes: &[u8]) {
    decode::<ListConnectionsResponse>(bytes);
    decode::<Connection>(bytes);
    decode::<User>(bytes);
    decode::<UserPatch>(bytes);
    decode::<ListItemsResponse>(bytes);
}

fn valid_page() -> Vec<u8> {
    json!({
        "list": [{
            "status": "awaiting_2fa", "id": "conn_01HZX",
            "userData": {"id": "u_1", "name": "Zoë Ünïcode 🌸", "username": "zoe", "avatar": null},
            "permissions": ["messages:read", "vault:write"], "expiredAt": null,
            "createdAt": "2026-01-02T03:04:05.000Z", "updatedAt": "2026-01-03T03:04:05.000Z",
            "clientReferenceId": "ref-9", "imported": true, "lastCheckedAt": null,
            "liveEvents": {"enabled": false}
        }],
        "hasMore": true
    })
    .to_string()
    .into_bytes()
}

fn valid_user() -> Vec<u8> {
    json!({
        "id": "u/1", "name": "Ada", "nickname": null, "type": "human",
        "labels": {"color": "red"},
        "manager": {"id": "u2", "name": "Bob", "manager": {"id": "u3", "name": "Cy"}}
    })
    .to_string()
    .into_bytes()
}

/// Keys the models know, so random objects reach their fields.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "list",
            "hasMore",
            "status",
            "id",
            "userData",
            "name",
            "username",
            "avatar",
            "permissions",
            "expiredAt",
            "createdAt",
            "imported",
            "liveEvents",
            "enabled",
            "manager",
            "labels",
            "type",
            "nickname",
            "data",
            "nextOffset",
        ])
        .prop_map(str::to_owned),
        ".{0,8}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec!["active", "expired", "awaiting_2fa", "", "+1"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Truncate { at: usize },
    Duplicate { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (any::<usize>(), 1..16usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (
            any::<usize>(),
            prop::collection::vec(
                prop::sample::select(
                    b"{}[],:\"\\0123456789.eE+-ntrufals\xc3\xa9 \x00\xff".to_vec()
                ),
                1..8
            )
        )
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), 1..64usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let n = bytes.len().max(1);
        match m {
            Mutation::Flip { at, byte } => {
                if let Some(b) = bytes.get_mut(at % n) {
                    *b = *byte;
                }
            }
            Mutation::Delete { at, len } => {
                let start = (at % n).min(bytes.len());
                let end = (start + len).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::Insert { at, bytes: new } => {
                let at = (at % n).min(bytes.len());
                bytes.splice(at..at, new.iter().copied());
            }
            Mutation::Truncate { at } => bytes.truncate(at % n),
            Mutation::Duplicate { at, len } => {
                let start = (at % n).min(bytes.len());
                let end = (start + len).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_json_never_panics(value in json_value()) {
        decode_all(&serde_json::to_vec(&value).unwrap());
    }

    #[test]
    fn mutated_bodies_never_panic(mutations in prop::collection::vec(mutation(), 1..6)) {
        decode_all(&apply(valid_page(), &mutations));
        decode_all(&apply(valid_user(), &mutations));
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_all(&bytes);
    }
}

#[test]
fn the_unmutated_bodies_decode() {
    assert!(decode::<ListConnectionsResponse>(&valid_page()));
    assert!(decode::<User>(&valid_user()));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let brackets = "[".repeat(100_000);
    decode_all(brackets.as_bytes());
    // A recursive model, nested far past serde_json's recursion limit.
    let mut user = String::new();
    for _ in 0..50_000 {
        user.push_str(r#"{"id": "u", "name": "n", "manager": "#);
    }
    assert!(!decode::<User>(user.as_bytes()));
}
