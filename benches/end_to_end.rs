//! `list_connections` against a local HTTP server on 127.0.0.1: calls per
//! second with 1, 16 and 128 calls in flight, and the client's CPU time
//! per call; then the official Python SDK (`onlyfans-sdk`, if installed)
//! against the same server. `cargo bench --bench end_to_end`; prints a
//! Markdown table (BENCHMARKS.md keeps the last one).
//!
//! The server runs on its own runtime and threads; the client runs on a
//! current-thread runtime in one thread, so that thread's CPU time is the
//! client's alone (reqwest and hyper do their work on the runtime that
//! polls them).

use std::time::{Duration, Instant};

use futures::StreamExt;
use support::{page, serve, thread_cpu};

mod support;

struct Row {
    in_flight: usize,
    calls: usize,
    per_second: f64,
    cpu_per_call: Duration,
}

fn run(url: &str, in_flight: usize, calls: usize) -> Row {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = ofauth::Client::builder("sk_bench")
            .base_url(url)
            .build()
            .unwrap();
        // Warm up: connections open, code paths hot.
        for _ in 0..in_flight.max(10) {
            client.list_connections(Default::default()).await.unwrap();
        }
        let (cpu, started) = (thread_cpu(), Instant::now());
        futures::stream::iter(0..calls)
            .map(|_| client.list_connections(Default::default()))
            .buffer_unordered(in_flight)
            .for_each(|page| async move {
                assert_eq!(page.unwrap().list.len(), 10);
            })
            .await;
        let (wall, cpu) = (started.elapsed(), thread_cpu() - cpu);
        Row {
            in_flight,
            calls,
            per_second: calls as f64 / wall.as_secs_f64(),
            cpu_per_call: cpu / calls as u32,
        }
    })
}

/// The Python SDK, sequential calls (it is synchronous), timed in Python.
fn python(url: &str, calls: usize) -> Option<(f64, Duration)> {
    let script = format!(
        r#"
import time
from onlyfans_sdk import account
from onlyfans_sdk._client import OFAuthClient
client = OFAuthClient("sk_bench", base_url="{url}")
for _ in range(20):
    account.list_connections(client)
cpu, wall = time.process_time(), time.perf_counter()
for _ in range({calls}):
    page = account.list_connections(client)
    assert len(page["list"]) == 10
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
print({calls} / wall, cpu / {calls})
"#
    );
    let output = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!(
            "python SDK skipped: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.split_whitespace();
    let per_second = parts.next()?.parse().ok()?;
    let cpu: f64 = parts.next()?.parse().ok()?;
    Some((per_second, Duration::from_secs_f64(cpu)))
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing
    // useful either way: a short run proves the harness works.
    let quick = std::env::args().any(|a| a == "--quick");
    let url = serve(page(true));
    let scale = if quick { 1 } else { 10 };
    println!("| client | in flight | calls | calls/s | client CPU per call |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (in_flight, calls) in [
        (1, 1_000 * scale),
        (16, 2_000 * scale),
        (128, 2_000 * scale),
    ] {
        let row = run(&url, in_flight, calls);
        println!(
            "| `ofauth` (this crate) | {} | {} | {:.0} | {:.1} µs |",
            row.in_flight,
            row.calls,
            row.per_second,
            row.cpu_per_call.as_secs_f64() * 1e6
        );
    }
    // `--no-python` leaves the SDK out (to profile the Rust client alone).
    let skip_python = std::env::args().any(|a| a == "--no-python");
    if let Some((per_second, cpu)) = (!skip_python).then(|| python(&url, 500 * scale)).flatten() {
        println!(
            "| Python `onlyfans-sdk` | 1 | {} | {per_second:.0} | {:.1} µs |",
            500 * scale,
            cpu.as_secs_f64() * 1e6
        );
    }
}
