#!/usr/bin/env bash
# One-time (idempotent) set-up of a fresh Debian machine for building, running and testing Candor.
# Installs the system packages Tauri 2 needs (WebKitGTK 4.1, GTK 3, libsoup 3), Xvfb and the
# WebKit WebDriver for the end-to-end tests, a font for the UI and charts, and tauri-driver.
set -euo pipefail

packages=(
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev
  xvfb xauth webkit2gtk-driver imagemagick fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# tauri-driver bridges WebDriver clients to WebKitWebDriver for the end-to-end tests.
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver" >&2
  cargo install tauri-driver --version '^2' --locked --quiet
fi
echo "setup: done" >&2
