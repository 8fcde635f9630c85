#!/usr/bin/env bash
# Peak memory of every command on hostile inputs, against the goal
# "at most 8 × the largest part's uncompressed size + 64 MiB, or exit 2".
#
#   bash bench/memory.sh            # all cases (the 240 MB parts take many minutes)
#   CASES="deep sections" bash bench/memory.sh
#   PART_MB=40 CASES=plain bash bench/memory.sh   # smaller large parts
#
# Cases: deep (100,000 nested elements, and runs), sections (10,000 nested
# sections in one paragraph), value (a 106 MB JSON string), and, with a
# `document.xml` of PART_MB MiB: plain (ordinary paragraphs, no gap), gaps
# (every other paragraph has a gap: very many findings), paragraph (one
# paragraph of many runs), run (one run of one text), tags (distinct tags
# for `fields`).
#
# Environment: VANBAN (default target/release/vanban), MEMORY_WORK (scratch
# folder, default bench/.work/memory), AS_LIMIT_GIB (address-space cap put on
# each run so that a runaway cannot take the machine, default 16).
# Needs python3 and GNU time (/usr/bin/time). Not part of the test suite.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
VANBAN=${VANBAN:-$ROOT/target/release/vanban}
WORK=${MEMORY_WORK:-$HERE/.work/memory}
AS_LIMIT_GIB=${AS_LIMIT_GIB:-16}
CASES=${CASES:-"deep sections value plain gaps paragraph run tags"}
PART_MB=${PART_MB:-240}
WORK=$WORK/$PART_MB
mkdir -p "$WORK"
cd "$WORK"

# Builds the inputs (once; see bench/memory_inputs.py).
python3 "$HERE/memory_inputs.py" "$PART_MB"

# The largest uncompressed part of a .docx, in bytes.
largest_part() {
  python3 -c 'import sys, zipfile; print(max(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))' "$1"
}

# measure LABEL BOUND_BYTES ARGS...: one run, its exit code and peak RSS.
measure() {
  local label=$1 bound=$2; shift 2
  rm -rf out.docx annotated.docx lot report.json fields.json
  local log; log=$(mktemp)
  set +e
  /usr/bin/time -v prlimit --as=$((AS_LIMIT_GIB << 30)) "$VANBAN" "$@" >/dev/null 2>"$log"
  set -e
  local rss_kib code verdict
  rss_kib=$(awk '/Maximum resident set size/ {print $6}' "$log")
  code=$(awk '/Exit status/ {print $3}' "$log")
  grep -q "Command terminated by signal" "$log" && code="signal"
  local rss=$((rss_kib * 1024))
  if [[ $code == 2 ]] || { [[ $code =~ ^[01]$ ]] && ((rss <= bound)); }; then verdict=ok; else verdict=OVER; fi
  printf '%-40s exit %-6s peak %6d MiB   bound %6d MiB   ratio %5.2f   %s\n' \
    "$label" "$code" $((rss >> 20)) $((bound >> 20)) "$(awk -v a="$rss" -v b="$bound" 'BEGIN {print a / b}')" "$verdict"
  rm -f "$log"
}

# every_command FILE DATA: the commands that read a template or a document.
every_command() {
  local file=$1 data=$2 bound
  bound=$(( 8 * $(largest_part "$file") + (64 << 20) ))
  measure "fields $file" "$bound" fields "$file"
  measure "fields --format json $file" "$bound" fields --format json "$file"
  measure "fields --format json -o $file" "$bound" fields --format json "$file" -o fields.json
  measure "render $file" "$bound" render "$file" -d "$data" -o out.docx
  measure "render --report $file" "$bound" render "$file" -d "$data" -o out.docx --report report.json
  measure "batch $file" "$bound" batch "$file" --data r.csv --out lot
  measure "check $file" "$bound" check "$file"
  measure "check --format json $file" "$bound" check --format json "$file"
  measure "check --annotate $file" "$bound" check "$file" --annotate annotated.docx
  measure "normalize $file" "$bound" normalize "$file" -o out.docx
}

for c in $CASES; do
  case $c in
    deep) every_command deep-elements.docx d.json; every_command deep-runs.docx d.json ;;
    sections) every_command sections.docx d.json ;;
    value)
      # The value becomes part of the output's document.xml: its size is the bound's base.
      bound=$(( 8 * $(stat -c %s huge-value.json) + (64 << 20) ))
      measure "render small.docx, 106 MB value" "$bound" render small.docx -d huge-value.json -o out.docx
      measure "render --report, 106 MB value" "$bound" render small.docx -d huge-value.json -o out.docx --report report.json
      ;;
    plain) every_command plain.docx d.json ;;
    gaps) every_command gaps.docx d.json ;;
    paragraph) every_command one-paragraph.docx d.json ;;
    run) every_command one-run.docx d.json ;;
    tags) every_command many-tags.docx d.json ;;
    *) echo "bench/memory.sh: unknown case '$c'" >&2; exit 2 ;;
  esac
done
