#!/usr/bin/env bash
# Runs every check and test of Candor on a fresh Debian machine: set-up (system packages,
# tauri-driver), formatting, lints, then the tests of every crate and the end-to-end tests
# that drive the real window through tauri-driver and WebKitWebDriver under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

echo "== rustfmt" >&2
cargo fmt --all --check
echo "== clippy" >&2
cargo clippy --workspace --all-targets --locked --features candor-app/test-hooks -- -D warnings
echo "== tests (all crates, benches once as tests, end-to-end under Xvfb)" >&2
xvfb-run -a -s "-screen 0 1280x800x24" cargo test --workspace --all-targets --locked --features candor-app/test-hooks
