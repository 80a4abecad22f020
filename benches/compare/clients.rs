//! The three generated OFAuth clients (ours, progenitor's, openapi-
//! generator's) calling `list connections` on the same local server, the
//! way `benches/end_to_end.rs` measures ours. Built and run by
//! `benches/compare.sh` in its temporary folder, next to the crates it
//! generated; not part of this workspace.

use std::future::Future;
use std::time::{Duration, Instant};

use futures::StreamExt;
use support::{page, serve, thread_cpu};

// `benches/support/mod.rs`, which compare.sh copies beside this file.
mod support;

/// One measurement: calls per second and client CPU per call (µs), or why
/// the client could not be measured.
type Sample = Result<(f64, f64), String>;

/// Times `calls` calls with `in_flight` at once, after a warm-up with as
/// many calls in flight (so the pool holds its connections before the
/// clock starts).
fn measure<F, Fut>(in_flight: usize, calls: usize, call: F) -> Sample
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<usize, String>>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let warm: Vec<_> = futures::stream::iter(0..in_flight.max(10) * 2)
            .map(|_| call())
            .buffer_unordered(in_flight)
            .collect()
            .await;
        if let Some(other) = warm.into_iter().find(|n| *n != Ok(10)) {
            return Err(format!("{other:?}"));
        }
        let (cpu, started) = (thread_cpu(), Instant::now());
        futures::stream::iter(0..calls)
            .map(|_| call())
            .buffer_unordered(in_flight)
            .for_each(|n| async move { assert_eq!(n, Ok(10)) })
            .await;
        let (wall, cpu) = (started.elapsed(), thread_cpu() - cpu);
        Ok((
            calls as f64 / wall.as_secs_f64(),
            cpu.as_secs_f64() * 1e6 / calls as f64,
        ))
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The rounds of one client at one level: "median (all runs)", or why it
/// failed.
fn row(samples: &[Sample]) -> (String, String) {
    if let Some(Err(why)) = samples.iter().find(|s| s.is_err()) {
        return (format!("fails: {why}"), String::new());
    }
    let ok: Vec<(f64, f64)> = samples.iter().filter_map(|s| s.clone().ok()).collect();
    let rates: Vec<String> = ok.iter().map(|(r, _)| format!("{r:.0}")).collect();
    (
        format!(
            "**{:.0}** ({})",
            median(ok.iter().map(|(r, _)| *r).collect()),
            rates.join(" · ")
        ),
        format!("{:.1} µs", median(ok.iter().map(|(_, c)| *c).collect())),
    )
}

/// One client's way to make a call, returning the page's length.
type Runner<'a> = Box<dyn Fn(usize, usize) -> Sample + 'a>;

/// The three clients, each on `url`.
fn runners(url: &str) -> Vec<(&'static str, Runner<'static>)> {
    let ours = gen_ofauth_ours::Client::builder("sk_bench")
        .base_url(url)
        .build()
        .unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("apiKey", "sk_bench".parse().unwrap());
    // progenitor's own `Client::new` sets 15 s connect and request
    // timeouts; ours has a 30 s per-attempt timeout: each pays for a timer.
    let progenitor = gen_ofauth_progenitor::Client::new_with_client(
        url,
        reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(Duration::from_secs(15))
            .timeout(Duration::from_secs(15))
            .build()
            .unwrap(),
    );
    let mut oag = gen_ofauth::apis::configuration::Configuration::new();
    oag.base_path = url.to_owned();
    oag.api_key = Some(gen_ofauth::apis::configuration::ApiKey {
        prefix: None,
        key: "sk_bench".into(),
    });
    vec![
        (
            "ours",
            Box::new(move |in_flight, calls| {
                measure(in_flight, calls, || async {
                    ours.list_connections(Default::default())
                        .await
                        .map(|page| page.list.len())
                        .map_err(|e| e.to_string())
                })
            }),
        ),
        (
            "progenitor",
            Box::new(move |in_flight, calls| {
                measure(in_flight, calls, || async {
                    progenitor
                        .list_connections(None, None, None, None)
                        .await
                        .map(|page| page.into_inner().list.len())
                        .map_err(|e| e.to_string())
                })
            }),
        ),
        (
            "openapi-generator",
            Box::new(move |in_flight, calls| {
                measure(in_flight, calls, || async {
                    gen_ofauth::apis::account_api::v2_account_connections_get(
                        &oag, None, None, None, None,
                    )
                    .await
                    .map(|page| page.list.len())
                    .map_err(|e| e.to_string())
                })
            }),
        ),
    ]
}

/// Measures the clients at 1, 16 and 128 calls in flight, `rounds` times
/// each, rotating which goes first, and prints a Markdown table: each
/// client's median, then the first client against each other one as the
/// median of per-round ratios (a round's runs are seconds apart, so their
/// ratio is less at the mercy of the machine's swings than a ratio of
/// medians). A client that fails is tried once and its error shown.
fn table(rounds: usize, clients: &[(&str, Runner<'_>)]) {
    println!(
        "| in flight | client | calls/s: median (each of {rounds} rounds) | client CPU per call (median) |"
    );
    println!("| ---: | --- | --- | ---: |");
    for (in_flight, calls) in [(1, 5_000), (16, 10_000), (128, 10_000)] {
        let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); clients.len()];
        let mut failed = vec![false; clients.len()];
        for round in 0..rounds {
            for k in 0..clients.len() {
                let i = (round + k) % clients.len();
                if !failed[i] {
                    let sample = (clients[i].1)(in_flight, calls);
                    failed[i] = sample.is_err();
                    samples[i].push(sample);
                }
            }
        }
        for ((name, _), samples) in clients.iter().zip(&samples) {
            let (rate, cpu) = row(samples);
            println!("| {in_flight} | {name} | {rate} | {cpu} |");
        }
        for (j, (name, _)) in clients.iter().enumerate().skip(1) {
            let pairs: Vec<((f64, f64), (f64, f64))> = samples[0]
                .iter()
                .zip(&samples[j])
                .filter_map(|(x, y)| Some((x.clone().ok()?, y.clone().ok()?)))
                .collect();
            if pairs.len() < rounds {
                continue;
            }
            let rates: Vec<f64> = pairs.iter().map(|((r, _), (s, _))| r / s).collect();
            let cpus: Vec<f64> = pairs.iter().map(|((_, c), (_, d))| c / d).collect();
            let each: Vec<String> = rates.iter().map(|r| format!("{r:.2}")).collect();
            println!(
                "| {in_flight} | {} / {name}, per round | **{:.2}** ({}) | {:.2} |",
                clients[0].0,
                median(rates),
                each.join(" · "),
                median(cpus)
            );
        }
    }
}

fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(8);
    // For counting instructions (`compare.sh` runs this under callgrind):
    // `COMPARE_SERVE=nulls` (or `set`) only serves that page, printing the
    // URL; `COMPARE_CLIENT=ours` (`progenitor`, `openapi-generator`) with
    // `COMPARE_URL` and `CALLS` only makes that many calls one at a time,
    // so the count is the client's alone.
    if let Ok(page_kind) = std::env::var("COMPARE_SERVE") {
        println!("{}", serve(page(page_kind == "nulls")));
        loop {
            std::thread::park();
        }
    }
    if let Ok(client) = std::env::var("COMPARE_CLIENT") {
        let url = std::env::var("COMPARE_URL").expect("COMPARE_URL");
        let calls = std::env::var("CALLS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000);
        let clients = runners(&url);
        let (_, run) = clients
            .iter()
            .find(|(name, _)| *name == client)
            .expect("COMPARE_CLIENT is ours, progenitor or openapi-generator");
        run(1, calls).expect("the client runs");
        return;
    }

    // The page as the API sends it, with `null`s.
    table(rounds, &runners(&serve(page(true))));
    // openapi-generator's client cannot read that page (it takes nullable
    // fields for non-null strings), so all three again on a page where
    // every nullable field is set.
    println!();
    println!("Every nullable field set:");
    println!();
    table(rounds, &runners(&serve(page(false))));
}
