#!/usr/bin/env bash
# Instructions per `list_connections` call (callgrind, 1 in flight) of the
# OFAuth client generated at REV and of the one committed now, against
# the same local server: the difference between 500 and 2,500 calls,
# over 2,000, so start-up drops out. Needs valgrind.
#
#   benches/before_after.sh 3f2834a
set -euo pipefail
rev=${1:?usage: benches/before_after.sh REV}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
(cd "$root" && git archive "$rev" generated) | tar -x && mv generated before
cp -r "$root/generated" after
sed -i 's/^name = "ofauth"/name = "ofauth-before"/' before/Cargo.toml
sed -i 's/^name = "ofauth"/name = "ofauth-after"/' after/Cargo.toml
mkdir -p src/support && cp "$root/benches/support/mod.rs" src/support/mod.rs
cp "$root/Cargo.lock" .
cat > Cargo.toml <<'EOF'
[package]
name = "before-after"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
axum = { version = "0.8", default-features = false, features = ["http1", "tokio"] }
ofauth-after = { path = "after" }
ofauth-before = { path = "before" }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "time"] }

[workspace]
EOF
cat > src/main.rs <<'EOF'
mod support;

macro_rules! calls {
    ($krate:ident, $url:expr, $calls:expr) => {{
        let client = $krate::Client::builder("k").base_url($url).build().unwrap();
        for _ in 0..$calls {
            client.list_connections(Default::default()).await.unwrap();
        }
    }};
}

fn main() {
    if std::env::var("SERVE").is_ok() {
        println!("{}", support::serve(support::page(true)));
        loop {
            std::thread::park();
        }
    }
    let url = std::env::var("URL").unwrap();
    let calls: usize = std::env::var("CALLS").unwrap().parse().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        match std::env::var("WHICH").unwrap().as_str() {
            "before" => calls!(ofauth_before, &url, calls),
            _ => calls!(ofauth_after, &url, calls),
        }
    });
}
EOF
cargo build --release -q
SERVE=1 ./target/release/before-after > url &
server=$!
until [ -s url ]; do sleep 0.1; done
count() {
  WHICH=$1 CALLS=$2 URL=$(cat url) valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    ./target/release/before-after 2>&1 | sed -n 's/.*Collected : //p'
}
for which in before after; do
  low=$(count "$which" 500)
  high=$(count "$which" 2500)
  echo "$which ($([ "$which" = before ] && echo "$rev" || echo now)): $(( (high - low) / 2000 )) instructions per call"
done
