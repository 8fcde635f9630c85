#!/usr/bin/env bash
# Peak memory of every command on hostile inputs, against the goal
# "at most 8 × the largest part's uncompressed size + 64 MiB, or exit 2".
#
#   bash bench/memory.sh            # all cases (the 240 MB part takes minutes)
#   CASES="deep sections" bash bench/memory.sh
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
CASES=${CASES:-"deep sections value bigpart"}
mkdir -p "$WORK"
cd "$WORK"

# Builds the hostile inputs (once).
python3 - <<'PY'
import json, os, random, zipfile
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
def docx(path, write_body):
    if os.path.exists(path):
        return
    with zipfile.ZipFile(path + ".tmp", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w") as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'.encode())
            write_body(f)
            f.write(b"</w:body></w:document>")
    os.rename(path + ".tmp", path)
n = 100_000
docx("deep-elements.docx", lambda f: f.write(b"<w:p><w:r><w:t>{{ten}}</w:t></w:r></w:p>" + b"<w:sdt>" * n + b"</w:sdt>" * n))
docx("deep-runs.docx", lambda f: f.write(b"<w:p>" + b"<w:r>" * n + "<w:t>Tổng số là … người</w:t>".encode() + b"</w:r>" * n + b"</w:p>"))
docx("sections.docx", lambda f: f.write(b"<w:p><w:r><w:t>" + b"{{#a}}" * 10_000 + b"x" + b"{{/a}}" * 10_000 + b"</w:t></w:r></w:p>"))
docx("small.docx", lambda f: f.write(b"<w:p><w:r><w:t>{{ten}}</w:t></w:r></w:p>"))
def big(f):
    r = random.Random(1)
    words = ["báo", "cáo", "tổng", "kết", "công", "đoàn", "năm", "kế", "hoạch", "số",
             "lượng", "đoàn viên", "{{ten}}", "tham", "gia", "…"]
    written, i = 0, 0
    while written < 240 << 20:
        i += 1
        text = " ".join(r.choice(words) for _ in range(40)) + f" {i} người"
        s = f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'.encode()
        f.write(s)
        written += len(s)
docx("big-part.docx", big)
with open("d.json", "w") as f:
    json.dump({"ten": "Hội An"}, f)
if not os.path.exists("huge-value.json"):
    with open("huge-value.json", "w") as f:
        f.write('{"ten": "' + "ầ" * (106 * 1024 * 1024 // 3) + '"}')
with open("r.csv", "w") as f:
    f.write("ten\nA\nB\n")
PY

# The largest uncompressed part of a .docx, in bytes.
largest_part() {
  python3 -c 'import sys, zipfile; print(max(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))' "$1"
}

# measure LABEL BOUND_BYTES ARGS...: one run, its exit code and peak RSS.
measure() {
  local label=$1 bound=$2; shift 2
  rm -rf out.docx annotated.docx lot report.json
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
  printf '%-34s exit %-6s peak %6d MiB   bound %6d MiB   %s\n' \
    "$label" "$code" $((rss >> 20)) $((bound >> 20)) "$verdict"
  rm -f "$log"
}

# every_command FILE DATA: the commands that read a template or a document.
every_command() {
  local file=$1 data=$2 bound
  bound=$(( 8 * $(largest_part "$file") + (64 << 20) ))
  measure "fields $file" "$bound" fields "$file"
  measure "fields --format json $file" "$bound" fields --format json "$file"
  measure "render $file" "$bound" render "$file" -d "$data" -o out.docx
  measure "render --report $file" "$bound" render "$file" -d "$data" -o out.docx --report report.json
  measure "batch $file" "$bound" batch "$file" --data r.csv --out lot
  measure "check $file" "$bound" check "$file"
  measure "check --format json $file" "$bound" check --format json "$file"
  measure "check --annotate $file" "$bound" check "$file" --annotate annotated.docx
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
    bigpart) every_command big-part.docx d.json ;;
    *) echo "bench/memory.sh: unknown case '$c'" >&2; exit 2 ;;
  esac
done
