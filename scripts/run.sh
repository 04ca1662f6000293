#!/usr/bin/env bash
# Sets up a fresh Debian machine and starts the Candor desktop app on the embedded SQLite
# database (the templates are seeded on first run). Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build --release --locked --bin candor-app
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display; starting the app under Xvfb" >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" ./target/release/candor-app "$@"
fi
exec ./target/release/candor-app "$@"
