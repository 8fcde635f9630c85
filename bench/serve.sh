#!/usr/bin/env bash
# Load test of `vanban serve` against a minimal Node HTTP server wrapping
# docxtemplater, in the same run: oha at 16 concurrent connections for a
# fixed time, each request filling the peers' bench template with one record
# of their data. vanban serves the bench template by name from a templates
# folder (`--templates`, compiled once at start: POST /api/render/bench with
# the JSON record), as an office serves its own templates; a second run sends
# it as an upload (POST /api/render, multipart `template` + `data`, compiled
# on every request). docxtemplater parses its template on every request, as
# its API requires. Writes bench/results/serve.md.
#
#   bash bench/serve.sh                 # 10 s per server
#   DURATION=30s CONNECTIONS=16 bash bench/serve.sh
#
# Needs node with npm, python3 (with lxml, or venv and pip), and oha
# (`cargo install oha` when missing). Nothing is written into ../shared.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/bench/peers}
WORK=${BENCH_WORK:-$HERE/.work}/serve
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONNECTIONS=${CONNECTIONS:-16}
RESULTS=${RESULTS:-$HERE/results/serve.md}
VANBAN_PORT=${VANBAN_PORT:-18080}
NODE_PORT=${NODE_PORT:-18081}

die() { echo "bench/serve.sh: $*" >&2; exit 1; }
command -v node >/dev/null || die "node is missing (apt-get install nodejs npm)."
command -v npm >/dev/null || die "npm is missing (apt-get install npm)."
command -v python3 >/dev/null || die "python3 is missing."
if ! command -v oha >/dev/null; then
  echo "== installing oha (cargo install oha; a few minutes)"
  cargo install oha --locked --quiet || die "cargo install oha failed."
fi

echo "== 1. vanban (cargo build --release)"
(cd "$ROOT" && cargo build --release --quiet)
VANBAN=$ROOT/target/release/vanban

echo "== 2. peers copied to $WORK (pinned docxtemplater and pizzip)"
mkdir -p "$WORK"
(cd "$PEERS" && find . -maxdepth 1 -type f -print0 | xargs -0 -I{} cp -f {} "$WORK/{}")
chmod -R u+w "$WORK"
cp "$HERE/serve_docxtemplater.js" "$WORK/"
cd "$WORK"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
PY=python3
if ! python3 -c 'import lxml' 2>/dev/null; then
  [[ -x .venv/bin/python ]] || python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  PY=.venv/bin/python
fi

echo "== 3. template and data"
$PY gen_data.py 1 >/dev/null
# The vanban template: the same document with the tag braces doubled.
$PY "$HERE/harness.py" convert template_docxtemplater.docx template_vanban.docx >/dev/null
$PY -c 'import json; print(json.dumps(json.load(open("data/records.json"))[0], ensure_ascii=False))' > record.json
echo "   record: $(wc -c < record.json) bytes of JSON"
BOUNDARY=vanban-bench-boundary
$PY - "$BOUNDARY" <<'PYEOF'
import sys
b = sys.argv[1].encode()
parts = [(b"template", b"bench.docx", open("template_vanban.docx", "rb").read()),
         (b"data", b"record.json", open("record.json", "rb").read())]
body = b"".join(b"--" + b + b'\r\nContent-Disposition: form-data; name="' + n + b'"; filename="' + f
                + b'"\r\nContent-Type: application/octet-stream\r\n\r\n' + data + b"\r\n" for n, f, data in parts)
open("vanban-body.bin", "wb").write(body + b"--" + b + b"--\r\n")
PYEOF

# Samples the resident memory of PID into FILE every 0.2 s while it runs.
sample_rss() {
  local pid=$1 file=$2
  : > "$file"
  while kill -0 "$pid" 2>/dev/null; do
    awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null >> "$file" || true
    sleep 0.2
  done
}

# load NAME URL PID BODY TYPE: warm-up, then the measured run with memory samples.
load() {
  local name=$1 url=$2 pid=$3 body=$4 type=$5
  local first
  first=$(curl -s -o "first-$name.docx" -w '%{http_code}' -X POST -H "content-type: $type" --data-binary "@$body" "$url")
  [[ $first == 200 ]] || die "$name answered $first to the first request: $(head -c 300 "first-$name.docx")"
  oha -z "$WARMUP" -c "$CONNECTIONS" -m POST -T "$type" -D "$body" --no-tui --output-format json "$url" > /dev/null
  local rss_before
  rss_before=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  sample_rss "$pid" "rss-$name.txt" &
  local sampler=$!
  oha -z "$DURATION" -c "$CONNECTIONS" -m POST -T "$type" -D "$body" --no-tui --output-format json "$url" > "oha-$name.json"
  local hwm
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  echo "$rss_before $hwm" > "mem-$name.txt"
}

echo "== 4. vanban serve, the template by name: $CONNECTIONS connections for $DURATION"
rm -rf templates && mkdir templates && cp template_vanban.docx templates/bench.docx
"$VANBAN" serve --addr "127.0.0.1:$VANBAN_PORT" --templates templates >/dev/null 2>&1 &
VPID=$!
sleep 1
load vanban "http://127.0.0.1:$VANBAN_PORT/api/render/bench" "$VPID" record.json application/json
echo "== 4b. vanban serve, the template uploaded with each request"
"$VANBAN" serve --addr "127.0.0.1:$VANBAN_PORT" >/dev/null 2>&1 &
VPID=$!
sleep 1
load vanban-upload "http://127.0.0.1:$VANBAN_PORT/api/render" "$VPID" vanban-body.bin "multipart/form-data; boundary=$BOUNDARY"
echo "== 5. node + docxtemplater: $CONNECTIONS connections for $DURATION"
node serve_docxtemplater.js template_docxtemplater.docx "$NODE_PORT" >/dev/null &
NPID=$!
sleep 1
load docxtemplater "http://127.0.0.1:$NODE_PORT/" "$NPID" record.json application/json

echo "== 6. report: $RESULTS"
$PY - "$RESULTS" "$DURATION" "$CONNECTIONS" "$(nproc)" "$("$VANBAN" --version)" <<'PYEOF'
import json, sys, zipfile, re
out, duration, conns, cores, version = sys.argv[1:]
rows = {}
for name in ("vanban", "vanban-upload", "docxtemplater"):
    o = json.load(open(f"oha-{name}.json"))
    s, p = o["summary"], o["latencyPercentiles"]
    codes = o.get("statusCodeDistribution", {})
    before, hwm = (int(x) for x in open(f"mem-{name}.txt").read().split())
    samples = [int(x) for x in open(f"rss-{name}.txt").read().split() if x.strip()]
    half = len(samples) // 2
    doc = zipfile.ZipFile(f"first-{name}.docx").read("word/document.xml").decode()
    text = re.sub(r"<[^>]+>", "", doc)
    rows[name] = dict(
        rps=s["requestsPerSec"], p50=p["p50"] * 1000, p99=p["p99"] * 1000,
        ok=codes.get("200", 0), other={k: v for k, v in codes.items() if k != "200"},
        hwm=hwm / 1024, before=before / 1024,
        first_half=max(samples[:half] or [0]) / 1024, second_half=max(samples[half:] or [0]) / 1024,
        leftover="{" in text,
    )
v, u, d = rows["vanban"], rows["vanban-upload"], rows["docxtemplater"]
lines = [
    "# `vanban serve` under load, against docxtemplater behind Node's HTTP server",
    "",
    f"Written by `bash bench/serve.sh` ({version}; {cores} cores; oha, {conns} connections, "
    f"{duration} measured after a warm-up; the same record and the same template content for both).",
    "",
    "vanban: `POST /api/render/bench` with one JSON record, the bench template served by name from "
    "`vanban serve --templates` (compiled once, at start). vanban-upload: `POST /api/render` (multipart: "
    "the bench template + the record; the template is read and compiled on every request). docxtemplater: "
    "`bench/serve_docxtemplater.js`, one Node process, `new PizZip(template)` + `new Docxtemplater` + "
    "`render` + `generate(DEFLATE)` per request (its API compiles the template in every instance).",
    "",
    "| | requests/s | p50 ms | p99 ms | answers 200 | other answers | peak RSS MiB | RSS before load MiB | max RSS 1st half / 2nd half MiB |",
    "|---|---:|---:|---:|---:|---|---:|---:|---:|",
]
for name, r in rows.items():
    lines.append(f"| {name} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['ok']} | {r['other'] or '-'} | "
                 f"{r['hwm']:.1f} | {r['before']:.1f} | {r['first_half']:.1f} / {r['second_half']:.1f} |")
ratio = v["rps"] / d["rps"] if d["rps"] else float("nan")
upload_ratio = u["rps"] / d["rps"] if d["rps"] else float("nan")
lines += [
    "",
    f"Ratio of requests/s, vanban / docxtemplater: **{ratio:.1f}×** (target ≥ 30×: {'met' if ratio >= 30 else 'NOT met'}). "
    f"vanban p99: **{v['p99']:.1f} ms** (target < 50 ms: {'met' if v['p99'] < 50 else 'NOT met'}). "
    f"Memory over the run (max RSS of the first half vs the second half of the measured run): "
    f"{v['first_half']:.1f} → {v['second_half']:.1f} MiB. With the template uploaded on every request: "
    f"{upload_ratio:.1f}×.",
    "",
    "Tags left unfilled in the first answer: " + ", ".join(f"{n} {'yes' if r['leftover'] else 'none'}" for n, r in rows.items()) + ".",
]
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PYEOF
