#!/usr/bin/env bash
# Regenerates docs/gallery with the CLI: every chart of the ambient-scribe template, and the
# hosting and scenario charts of the two templates that have a hosting choice, as SVG
# (1920×1080, 10,000 trials, seed 2026). Run after a chart changes; look at the result.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build -q -p candor-cli
candor="$root/target/debug/candor"
out="$root/docs/gallery"
mkdir -p "$out"
db="$(mktemp -d)/gallery.db"
chart() { # template kind
  "$candor" --db "$db" chart "assets/templates/$1.json" --kind "$2" --trials 10000 --seed 2026 \
    --out "$out/$1-$2.svg" >/dev/null
}
for kind in cumulative band costs scenarios waterfall tornado npv expectations power-interest risks hosting; do
  chart ambient-scribe "$kind"
done
chart prior-auth-drafting hosting
chart radiology-drafts hosting
chart radiology-drafts scenarios
echo "gallery: $(ls "$out" | wc -l) charts in docs/gallery" >&2
