#!/usr/bin/env bash
# Rebuilds every template of the pack into templates/<name>.docx.
# The output is deterministic: same input, same bytes (fixed zip order and
# timestamps, fixed document properties).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cargo build --release --quiet --locked -j 2 --manifest-path "$here/builder/Cargo.toml"
"$here/builder/target/release/vanban-template-builder" "$here"
