#!/usr/bin/env bash
# Side by side with the two best-known peers, on the same documents, on the
# same machine, in the same run:
#   - progenitor's CLI (cargo-progenitor 0.15.1),
#   - openapi-generator's `rust` generator (PyPI openapi-generator-cli
#     7.26.0, which bundles the jar; needs Java 17),
# installed at those pinned versions into a temporary folder (never into the
# repository). For each document: generation time (median of 3 rounds, the
# three generators alternating within each round), lines of generated Rust,
# whether the crate compiles, and, its dependencies built, the time of its
# first `cargo check` (after `cargo clean -p`) and of a re-check (touch
# src/lib.rs, check again).
#
# progenitor reads only OpenAPI 3.0 and needs an operationId on every
# operation: it gets a copy patched just enough (`xtask peer-spec` says what
# it patched: 3.1 constructs rewritten to 3.0 by our normaliser, missing
# operationIds added with the names this generator uses).
#
# With --corpus, the documents are the corpus fixture families instead
# (tests/fixtures/corpus/*.yaml: small documents, a few hundred lines of
# Rust each besides the runtimes), each first check the median of
# CHECKS=3, and the clients are not compared. Our runtime is a package of
# its own (NAME-runtime), built with the dependencies as progenitor's
# progenitor-client is; a second figure, "with its runtime", is the first
# check after cleaning the runtime too (ours: NAME-runtime; progenitor's:
# progenitor-client; openapi-generator's crate has none).
#
# Usage: benches/compare.sh [--no-github | --corpus]     (prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source "$root/benches/peers.sh"

mode=${1:-}
checks=${CHECKS:-1}
case $mode in
  --corpus)
    checks=${CHECKS:-3}
    docs=()
    for spec in "$root"/tests/fixtures/corpus/*.yaml; do
      docs+=("$(basename "$spec" .yaml):$spec")
    done
    ;;
  *)
    docs=("ofauth:$root/spec/openapi.yaml" "ofauth-extended:$root/tests/fixtures/ofauth-extended.yaml")
    if [ "$mode" != "--no-github" ]; then
      docs+=("github:$("$xtask" fetch-github)")
    fi
    ;;
esac

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
lines() { find "$1" -name '*.rs' -path '*/src/*' -print0 2>/dev/null | xargs -0 cat 2>/dev/null | wc -l; }

generate() { # tool doc spec out
  local tool=$1 spec=$3 out=$4
  rm -rf "$out"
  case $tool in
    ours) "$xtask" codegen --spec "$spec" --out "$out" --name "gen-$2" >/dev/null 2>&1 ;;
    progenitor) "$progenitor" progenitor -i "$work/$2.progenitor.json" -o "$out" -n "gen-$2" -v 0.1.0 >/dev/null 2>&1 ;;
    oag) "$oag" generate -g rust -i "$spec" -o "$out" \
           --additional-properties=packageName=gen_$2,packageVersion=0.1.0 \
           --skip-validate-spec >/dev/null 2>&1 ;;
  esac
}

recheck() { # crate folder → "compiles; first check Ns, re-check Ns" or "does not compile"
  local crate=$1
  # A workspace of its own, sharing one target folder with the others.
  grep -q '^\[workspace\]' "$crate/Cargo.toml" || printf '\n[workspace]\n' >> "$crate/Cargo.toml"
  if ! CARGO_TARGET_DIR=$work/target cargo check --quiet --manifest-path "$crate/Cargo.toml" >"$crate.check.log" 2>&1; then
    echo "does not compile ($(grep -c '^error' "$crate.check.log") errors)"
    return
  fi
  local package start end first firsts=()
  # The first check of the crate alone, its dependencies built (the
  # median of $checks).
  package=$(sed -n 's/^name = "\(.*\)"/\1/p' "$crate/Cargo.toml" | head -1)
  for _ in $(seq "$checks"); do
    CARGO_TARGET_DIR=$work/target cargo clean --quiet -p "$package" --manifest-path "$crate/Cargo.toml" >/dev/null 2>&1
    start=$(now)
    CARGO_TARGET_DIR=$work/target cargo check --quiet --manifest-path "$crate/Cargo.toml" >/dev/null 2>&1
    end=$(now)
    firsts+=("$(echo "$end - $start" | bc)")
  done
  first=$(printf '%s\n' "${firsts[@]}" | median)
  # With its runtime: the runtime package cleaned too (the crate's own
  # package depends on it, so both are checked).
  local runtime="" withs=() with=""
  if [ -f "$crate/runtime/Cargo.toml" ]; then
    runtime="$package-runtime"
  elif grep -q '^progenitor-client' "$crate/Cargo.toml"; then
    runtime=progenitor-client
  fi
  if [ "$mode" = --corpus ] && [ -n "$runtime" ]; then
    for _ in $(seq "$checks"); do
      CARGO_TARGET_DIR=$work/target cargo clean --quiet -p "$runtime" --manifest-path "$crate/Cargo.toml" >/dev/null 2>&1
      start=$(now)
      CARGO_TARGET_DIR=$work/target cargo check --quiet --manifest-path "$crate/Cargo.toml" >/dev/null 2>&1
      end=$(now)
      withs+=("$(echo "$end - $start" | bc)")
    done
    with=$(printf ', with its runtime %.2f s' "$(printf '%s\n' "${withs[@]}" | median)")
  fi
  touch "$crate/src/lib.rs"
  start=$(now)
  CARGO_TARGET_DIR=$work/target cargo check --quiet --manifest-path "$crate/Cargo.toml" >/dev/null 2>&1
  end=$(now)
  printf 'compiles; first check %.2f s%s, re-check %.2f s' "$first" "$with" "$(echo "$end - $start" | bc)"
}

echo "| document | generator | generation (median of 3) | lines of Rust | cargo check |"
echo "| --- | --- | ---: | ---: | --- |"
for entry in "${docs[@]}"; do
  doc=${entry%%:*}
  spec=${entry#*:}
  patched=$("$xtask" peer-spec "$spec" "$work/$doc.progenitor.json")
  log "$doc: progenitor's copy: $patched"
  declare -A times=()
  for round in 1 2 3; do
    for tool in ours progenitor oag; do
      start=$(now)
      if generate "$tool" "$doc" "$spec" "$work/$doc-$tool"; then
        end=$(now)
        times[$tool]+="$(echo "$end - $start" | bc) "
      else
        times[$tool]+="failed "
      fi
    done
  done
  for tool in ours progenitor oag; do
    out=$work/$doc-$tool
    if [[ ${times[$tool]} == *failed* ]]; then
      echo "| $doc | $tool | cannot generate | | |"
      continue
    fi
    t=$(echo "${times[$tool]}" | tr ' ' '\n' | grep . | median)
    echo "| $doc | $tool | $(printf '%.2f s' "$t") | $(lines "$out") | $(recheck "$out") |"
  done
  unset times
done

[ "$mode" = --corpus ] && exit 0

# The three OFAuth clients against one local server (benches/compare/clients.rs).
clients=$work/clients
mkdir -p "$clients/src"
"$xtask" codegen --spec "$root/spec/openapi.yaml" --out "$clients/ours" --name ofauth-ours >/dev/null 2>&1
rm -rf "$clients/progenitor" "$clients/oag"
"$progenitor" progenitor -i "$work/ofauth.progenitor.json" -o "$clients/progenitor" -n ofauth-progenitor -v 0.1.0 >/dev/null 2>&1
"$oag" generate -g rust -i "$root/spec/openapi.yaml" -o "$clients/oag" \
  --additional-properties=packageName=ofauth_oag,packageVersion=0.1.0 --skip-validate-spec >/dev/null 2>&1
sed -e 's/gen_ofauth_ours/ofauth_ours/g; s/gen_ofauth_progenitor/ofauth_progenitor/g; s/gen_ofauth::/ofauth_oag::/g' \
  "$root/benches/compare/clients.rs" > "$clients/src/main.rs"
mkdir -p "$clients/src/support"
cp "$root/benches/support/mod.rs" "$clients/src/support/mod.rs"
cat > "$clients/Cargo.toml" <<TOML
[package]
name = "compare-clients"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
axum = { version = "0.8", default-features = false, features = ["http1", "tokio"] }
futures = "0.3"
ofauth-oag = { path = "oag", package = "ofauth_oag" }
ofauth-ours = { path = "ours" }
ofauth-progenitor = { path = "progenitor" }
reqwest = { version = "0.13", default-features = false }
serde_json = "1"
tokio = { version = "1", features = ["macros", "net", "rt", "rt-multi-thread"] }

[workspace]
members = ["."]
TOML
echo
if CARGO_TARGET_DIR=$work/target cargo build --release --quiet --manifest-path "$clients/Cargo.toml" >"$clients.build.log" 2>&1; then
  bin=$work/target/release/compare-clients
  "$bin"
  # Instructions per call, which the machine's swings do not move: each
  # client under callgrind (1 in flight) against a server in another
  # process, at two call counts; the difference over the extra calls
  # leaves out start-up.
  if command -v valgrind >/dev/null; then
    servers=()
    for page in nulls set; do
      rm -f "$work/serve-$page.url"
      COMPARE_SERVE=$page "$bin" >"$work/serve-$page.url" &
      servers+=($!)
    done
    trap 'kill "${servers[@]}" 2>/dev/null' EXIT
    for page in nulls set; do
      until [ -s "$work/serve-$page.url" ]; do sleep 0.1; done
    done
    count() { # client calls url
      if ! COMPARE_CLIENT=$1 CALLS=$2 COMPARE_URL=$3 valgrind --tool=callgrind \
        --callgrind-out-file=/dev/null "$bin" >"$work/callgrind.log" 2>&1; then
        log "callgrind run failed: see $work/callgrind.log"
        return 1
      fi
      sed -n 's/.*Collected : //p' "$work/callgrind.log"
    }
    echo
    echo "| page | client | instructions per call (callgrind, 1 in flight) |"
    echo "| --- | --- | ---: |"
    for page in nulls set; do
      url=$(cat "$work/serve-$page.url")
      tools=(ours progenitor)
      # openapi-generator's client cannot read the page with nulls.
      [ $page = set ] && tools+=(openapi-generator)
      for tool in "${tools[@]}"; do
        few=$(count "$tool" 500 "$url")
        many=$(count "$tool" 2500 "$url")
        echo "| $page | $tool | $(( (many - few) / 2000 )) |"
      done
    done
  fi
else
  echo "the client comparison did not build; see $clients.build.log"
fi
