# The peers benches/compare.sh and benches/cold_build.sh measure against,
# installed at pinned versions into a temporary folder (never into the
# repository): progenitor's CLI (cargo-progenitor 0.15.1) and
# openapi-generator's `rust` generator (PyPI openapi-generator-cli 7.26.0,
# which bundles the jar; needs Java 17). Sourced with `root` set; sets
# `work`, `xtask`, `progenitor`, `oag` and `log`.
work=${COMPARE_DIR:-${TMPDIR:-/tmp}/ofauth-compare}
peers=$work/peers
mkdir -p "$peers"
export CARGO_TERM_COLOR=never

log() { echo "$*" >&2; }

# Peers, pinned.
if [ ! -x "$peers/progenitor/bin/cargo-progenitor" ]; then
  log "installing cargo-progenitor 0.15.1"
  cargo install cargo-progenitor --version 0.15.1 --locked --root "$peers/progenitor" >&2
fi
if [ ! -x "$peers/oag/bin/openapi-generator-cli" ]; then
  log "installing openapi-generator-cli 7.26.0"
  python3 -m venv "$peers/oag"
  "$peers/oag/bin/pip" install --quiet openapi-generator-cli==7.26.0 >&2
fi
cargo build --release -p xtask >&2
xtask=$root/target/release/xtask
progenitor=$peers/progenitor/bin/cargo-progenitor
oag=$peers/oag/bin/openapi-generator-cli

