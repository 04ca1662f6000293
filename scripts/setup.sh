#!/usr/bin/env bash
# One-time (idempotent) set-up of a fresh Debian machine for building, running and testing Candor.
# Installs the system packages Tauri 2 needs (WebKitGTK 4.1, GTK 3, libsoup 3), Xvfb and the
# WebKit WebDriver for the end-to-end tests, a font for the UI and charts, Node.js (when the
# machine has none) for the UI's build, Python 3 with NumPy (for the engine's test against an
# independent NumPy model) and tauri-driver; then builds the UI into ui/dist, which the app
# embeds when it compiles.
set -euo pipefail

packages=(
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev
  xvfb xauth webkit2gtk-driver imagemagick fonts-dejavu-core
)
# Node.js 20 or later builds the UI (Vite); Debian's own packages serve when none is installed.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
command -v python3 >/dev/null 2>&1 || packages+=(python3 python3-numpy)
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# NumPy for crates/engine/tests/engine/numpy_scribe.py: from PyPI into the machine's Python,
# or Debian's package where that Python's packages are Debian's to manage.
if ! python3 -c 'import numpy' >/dev/null 2>&1; then
  echo "setup: installing NumPy" >&2
  python3 -m pip install --quiet --disable-pip-version-check 'numpy==2.4.6' 2>/dev/null ||
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-numpy >/dev/null; }
fi

# tauri-driver bridges WebDriver clients to WebKitWebDriver for the end-to-end tests.
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver" >&2
  cargo install tauri-driver --version '^2' --locked --quiet
fi
# The UI: exact versions from ui/package-lock.json, then TypeScript's check and Vite's build.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -d "$root/ui/node_modules" ] || [ "$root/ui/package-lock.json" -nt "$root/ui/node_modules/.package-lock.json" ]; then
  echo "setup: installing the UI's packages" >&2
  npm --prefix "$root/ui" ci --no-audit --no-fund --loglevel=error
fi
echo "setup: building the UI" >&2
npm --prefix "$root/ui" run --silent build >/dev/null
echo "setup: done" >&2
