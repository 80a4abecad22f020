#!/usr/bin/env bash
# What a user pays to add the OFAuth client: a cold `cargo build` (debug,
# crates already downloaded, an empty target folder of its own) of a small
# binary that depends on the crate and makes one `list_connections` call,
# for the crate of each generator (the peers of benches/peers.sh), in one
# run, alternating, ROUNDS rounds (default 3). Prints the median of each
# and its ratio to ours.
#
# progenitor's crate enables no TLS in reqwest: it cannot call an https
# API until its user adds some. It is measured as generated and with
# reqwest's default TLS added (what `reqwest = "0.13"` in the app gives,
# aws-lc-rs), which calling OFAuth needs; and with the TLS ours has
# (rustls with ring, HTTP/2), like for like: `progenitor-ring`.
# openapi-generator's defaults to native-tls (the system's OpenSSL).
#
# Usage: benches/cold_build.sh     (ROUNDS=1 for a quick look)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source "$root/benches/peers.sh"
rounds=${ROUNDS:-3}
cold=$work/cold
rm -rf "$cold" && mkdir -p "$cold"
spec=$root/spec/openapi.yaml

"$xtask" codegen --spec "$spec" --out "$cold/ours" --name ofauth-ours >/dev/null 2>&1
"$xtask" peer-spec "$spec" "$cold/ofauth.progenitor.json" >/dev/null
"$progenitor" progenitor -i "$cold/ofauth.progenitor.json" -o "$cold/progenitor" \
  -n ofauth-progenitor -v 0.1.0 >/dev/null 2>&1
"$oag" generate -g rust -i "$spec" -o "$cold/oag" \
  --additional-properties=packageName=ofauth_oag,packageVersion=0.1.0 --skip-validate-spec >/dev/null 2>&1

app() { # name, dependency lines, main.rs body
  mkdir -p "$cold/app-$1/src"
  cat > "$cold/app-$1/Cargo.toml" <<TOML
[package]
name = "app-$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$2
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
TOML
  printf '%s\n' "$3" > "$cold/app-$1/src/main.rs"
}

app ours 'ofauth = { path = "../ours", package = "ofauth-ours" }' '
#[tokio::main]
async fn main() {
    let client = ofauth::Client::new(std::env::var("OFAUTH_API_KEY").unwrap_or_default());
    println!("{:?}", client.list_connections(Default::default()).await.map(|p| p.list.len()));
}'
progenitor_main='
#[tokio::main]
async fn main() {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("apiKey", std::env::var("OFAUTH_API_KEY").unwrap_or_default().parse().unwrap());
    let http = reqwest::Client::builder().default_headers(headers).build().unwrap();
    let client = ofauth::Client::new_with_client("https://api.ofauth.com", http);
    println!("{:?}", client.list_connections(None, None, None, None).await.map(|p| p.into_inner().list.len()));
}'
app progenitor 'ofauth = { path = "../progenitor", package = "ofauth-progenitor" }
reqwest = { version = "0.13", default-features = false }' "$progenitor_main"
app progenitor-tls 'ofauth = { path = "../progenitor", package = "ofauth-progenitor" }
reqwest = "0.13"' "$progenitor_main"
app progenitor-ring 'ofauth = { path = "../progenitor", package = "ofauth-progenitor" }
reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider", "http2"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std"] }' "
#[tokio::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
${progenitor_main#*async fn main() \{}"
app oag 'ofauth = { path = "../oag", package = "ofauth_oag" }' '
#[tokio::main]
async fn main() {
    let mut config = ofauth::apis::configuration::Configuration::new();
    config.api_key = Some(ofauth::apis::configuration::ApiKey {
        prefix: None,
        key: std::env::var("OFAUTH_API_KEY").unwrap_or_default(),
    });
    let page = ofauth::apis::account_api::v2_account_connections_get(&config, None, None, None, None).await;
    println!("{:?}", page.map(|p| p.list.len()));
}'

apps=(ours progenitor progenitor-tls progenitor-ring oag)
for name in "${apps[@]}"; do
  cp "$root/Cargo.lock" "$cold/app-$name/Cargo.lock" 2>/dev/null || true
  cargo fetch --quiet --manifest-path "$cold/app-$name/Cargo.toml" >&2
done

declare -A times=()
for round in $(seq "$rounds"); do
  for name in "${apps[@]}"; do
    rm -rf "$cold/target-$name"
    start=$(date +%s.%N)
    CARGO_TARGET_DIR=$cold/target-$name cargo build --quiet --offline \
      --manifest-path "$cold/app-$name/Cargo.toml" >"$cold/$name.log" 2>&1 \
      || { log "$name did not build: see $cold/$name.log"; exit 1; }
    end=$(date +%s.%N)
    times[$name]+="$(echo "$end - $start" | bc) "
    log "round $round: $name $(echo "$end - $start" | bc) s"
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ours=$(echo "${times[ours]}" | median)
echo "| crate | cold build of a one-call binary (median of $rounds) | / ours |"
echo "| --- | ---: | ---: |"
for name in "${apps[@]}"; do
  t=$(echo "${times[$name]}" | median)
  printf '| %s | %.1f s | %.2f |\n' "$name" "$t" "$(echo "$t / $ours" | bc -l)"
done
