#!/usr/bin/env bash
# Where `cargo check` of a crate spends its time, by query and by kind of
# function: one nightly rustc run with `-Z self-profile`, its dependencies
# built first (in target/check-profile, so stable builds are untouched),
# summed by benches/check_profile (measureme's analyzeme crate): per query,
# per module of the crate and per kind of function. Needs
# `rustup toolchain install nightly`.
#
#   benches/check_profile.sh generated
#   benches/check_profile.sh target/corpus/crates/github
set -euo pipefail
crate=$(cd "${1:?usage: benches/check_profile.sh CRATE_DIR}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=$root/target/check-profile
profile=$CARGO_TARGET_DIR/profile
cargo build --quiet --release --manifest-path "$root/benches/check_profile/Cargo.toml"
cd "$crate"
package=$(sed -n 's/^name = "\(.*\)"/\1/p' Cargo.toml | head -1)
cargo +nightly check --quiet
cargo +nightly clean --quiet -p "$package"
rm -rf "$profile" && mkdir -p "$profile"
cargo +nightly rustc --quiet --profile=check -- \
  -Z self-profile="$profile" -Z self-profile-events=default,args
"$CARGO_TARGET_DIR/release/check-profile" "$profile"/*.mm_profdata "$package"
