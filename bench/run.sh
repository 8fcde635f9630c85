#!/usr/bin/env bash
# Benchmark vanban against docxtpl and docxtemplater (see bench/README.md).
#
#   bash bench/run.sh                # everything (needs `vanban batch`)
#   bash bench/run.sh --peers-only   # only the peers and the copy floor
#   RUNS=9 bash bench/run.sh         # more interleaved runs (default 5)
#
# Environment:
#   VANBAN        the vanban binary (default: target/release/vanban, brought up
#                 to date with `cargo build --release`)
#   VANBAN_ARGS   extra arguments for `vanban batch` (e.g. "--jobs 2")
#   PEERS         the peers' folder (default: ../shared/bench/peers beside the repo)
#   BENCH_WORK    scratch folder (default: bench/.work; venv and node_modules are
#                 kept there between runs)
#   N             documents per run (default 1000); MEMORY_N (default 10000);
#   TABLE_ROWS    (default 2000)
#   RESULTS       the report (default: bench/results/latest.md, plus latest.json)
#
# Not part of the test suite.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/bench/peers}
WORK=${BENCH_WORK:-$HERE/.work}
RUNS=${RUNS:-5}
N=${N:-1000}
MEMORY_N=${MEMORY_N:-10000}
TABLE_ROWS=${TABLE_ROWS:-2000}
RESULTS=${RESULTS:-$HERE/results/latest.md}
PEERS_ONLY=0

for arg in "$@"; do
  case $arg in
    --peers-only) PEERS_ONLY=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "bench/run.sh: $*" >&2; exit 1; }
as_root_install() {
  # Installs Debian packages when running as root with apt-get; else explains.
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "   installing $* (apt-get)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    die "missing: $*. Install it (Debian/Ubuntu: sudo apt-get install $*) and run again."
  fi
}

echo "== 0. tools and inputs"
[[ -f $PEERS/README.md ]] || die "peers folder not found: $PEERS (expected ../shared/bench/peers beside the repo; set PEERS=...)"
command -v python3 >/dev/null || as_root_install python3
command -v node >/dev/null && command -v npm >/dev/null || as_root_install nodejs npm
[[ -x /usr/bin/time ]] || as_root_install time
echo "   python3 $(python3 --version 2>&1 | cut -d' ' -f2), node $(node --version), npm $(npm --version)"

# vanban first: fail early, before the long peer runs.
VANBAN_BIN=""
if [[ $PEERS_ONLY == 0 ]]; then
  if [[ -n ${VANBAN:-} ]]; then
    VANBAN_BIN=$VANBAN
    [[ -x $VANBAN_BIN ]] || die "VANBAN=$VANBAN is not an executable file."
  else
    # Always asked: a no-op when up to date, and never a stale binary.
    VANBAN_BIN=$ROOT/target/release/vanban
    echo "   building vanban (cargo build --release)"
    (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed."
  fi
  VANBAN_BIN=$(cd "$(dirname "$VANBAN_BIN")" && pwd)/$(basename "$VANBAN_BIN")
  if ! "$VANBAN_BIN" batch --help 2>&1 | grep -q -- '--data'; then
    die "'$VANBAN_BIN batch' is not available in this build (\`vanban batch --help\` does not list --data).
The vanban part of the benchmark needs the batch command:
  vanban batch <TEMPLATE.docx> --data <FILE.json> --out <DIR> [--jobs N]
Build a version that has it (or point VANBAN at one), or measure only the peers:
  bash bench/run.sh --peers-only"
  fi
  echo "   vanban: $VANBAN_BIN ($("$VANBAN_BIN" --version 2>/dev/null || echo 'no --version'))"
fi

echo "== 1. copy the peers to $WORK/peers (the shared folder is never written)"
mkdir -p "$WORK/peers"
# Sources only; the venv, node_modules, data and outputs of earlier runs stay.
(cd "$PEERS" && find . -maxdepth 1 -type f -print0 | xargs -0 -I{} cp -f {} "$WORK/peers/{}")
mkdir -p "$WORK/peers/results"
chmod -R u+w "$WORK/peers"
cd "$WORK/peers"

echo "== 2. peer environments (pinned: requirements.txt, package-lock.json)"
if [[ ! -x .venv/bin/python ]]; then
  # Debian's python3 creates no venv without python3-venv (ensurepip).
  python3 -m venv .venv >/dev/null 2>&1 || { rm -rf .venv; as_root_install python3-venv; python3 -m venv .venv; }
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
npm ci --no-audit --no-fund --loglevel=error >/dev/null

echo "== 3. templates and data"
.venv/bin/python make_templates.py >/dev/null
sha256sum template_docxtpl.docx template_docxtemplater.docx | sed 's/^/   /'
.venv/bin/python gen_data.py "$N" | sed 's/^/   /'
.venv/bin/python "$HERE/harness.py" convert template_docxtemplater.docx "$WORK/template_vanban.docx" | sed 's/^/   /'

echo "== 4. measurements"
ARGS=(run --peers "$WORK/peers" --work "$WORK" --runs "$RUNS" --n "$N"
      --memory-n "$MEMORY_N" --table-rows "$TABLE_ROWS" --results "$RESULTS")
if [[ -n $VANBAN_BIN ]]; then
  ARGS+=(--vanban "$VANBAN_BIN" --template "$WORK/template_vanban.docx" --vanban-args "${VANBAN_ARGS:-}")
fi
.venv/bin/python "$HERE/harness.py" "${ARGS[@]}"

echo "== done: $RESULTS"
