#!/usr/bin/env bash
# The generator on the largest real public descriptions at hand: GitHub's,
# as the npm package `@octokit/openapi` publishes them (the pinned tarball
# `cargo xtask corpus --github` downloads and checks into
# target/corpus-cache/): api.github.com (13 MB), ghec (14 MB), ghes-3.19
# (11 MB), and their dereferenced forms, every `$ref` inlined (73 and
# 78 MB). Each line: the document, its size, wall time and peak memory of a
# release `codegen` writing the crate, and its fidelity line.
#
#   benches/real_documents.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --quiet --release -p xtask
cargo run --quiet -p xtask -- fetch-github >/dev/null
cache=target/corpus-cache
docs=(api.github.com.json ghec.json ghes-3.19.json api.github.com.deref.json ghec.deref.json)
tar -xzf "$cache/octokit-openapi.tgz" -C "$cache" "${docs[@]/#/package/generated/}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for doc in "${docs[@]}"; do
  path="$cache/package/generated/$doc"
  size=$(du -m "$path" | cut -f1)
  rm -rf "$out/crate"
  /usr/bin/time -f "%e %M" -o "$out/time" target/release/xtask codegen \
    --spec "$path" --out "$out/crate" --name big 2> "$out/log" >/dev/null
  read -r wall kb < "$out/time"
  fidelity=$(grep -o 'fidelity: .*' "$out/log" | head -1)
  printf '%-26s %4s MB %6s s %6s MiB  %s\n' "$doc" "$size" "$wall" "$((kb / 1024))" "$fidelity"
done
