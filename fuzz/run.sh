#!/usr/bin/env bash
# Runs one fuzz target for a set time and prints what it tried and found.
#
#   bash fuzz/run.sh TARGET SECONDS      TARGET: package | template | check
#
# The targets are libFuzzer binaries built on the stable toolchain with
# coverage instrumentation (rustc's sancov pass; no sanitizer, which needs
# nightly). Each run starts from the seed inputs alone (fuzz/seeds.py:
# every .docx of ../shared/corpus and the pack templates), with a fixed
# seed, in libFuzzer's fork mode so that a crash, a timeout or an
# out-of-memory is counted and saved (fuzz/artifacts/TARGET/) and fuzzing
# goes on. Peak memory is the largest resident set of the fuzzing process
# and the processes it ran (GNU time). The run's log is fuzz/runs/TARGET/log.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:?usage: fuzz/run.sh package|template|check SECONDS}"
seconds="${2:?usage: fuzz/run.sh package|template|check SECONDS}"
case "$target" in package | template | check) ;; *)
  echo "unknown target: $target (package, template or check)" >&2
  exit 2
  ;;
esac
triple="$(rustc -vV | sed -n 's/^host: //p')"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
# --target keeps the instrumentation out of build scripts.
cargo build --release --quiet -j 2 --manifest-path "$here/Cargo.toml" --target "$triple"
bin="$here/target/$triple/release/$target"

run="$here/runs/$target"
rm -rf "$run"
mkdir -p "$run/corpus" "$here/artifacts/$target"
seeds="$run/seeds"
python3 "$here/seeds.py" "$target" "$seeds" >/dev/null
seed_count=$(find "$seeds" -type f | wc -l)

touch "$run/started"
set +e
/usr/bin/time -v -o "$run/time" "$bin" "$run/corpus" "$seeds" \
  -seed=1 -max_total_time="$seconds" -max_len=1048576 -timeout=60 -rss_limit_mb=4096 \
  -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
  -artifact_prefix="$here/artifacts/$target/" >"$run/log" 2>&1
status=$?
set -e

last=$(grep -E '^#[0-9]+: cov:' "$run/log" | tail -n 1)
if [ -z "$last" ]; then
  echo "$target: libFuzzer printed no progress (exit $status); see $run/log" >&2
  tail -n 20 "$run/log" >&2
  exit 1
fi
field() { sed -n "s/.* $1: \([^ ]*\).*/\1/p" <<<"$last"; }
execs=$(sed -n 's/^#\([0-9]*\):.*/\1/p' <<<"$last")
IFS=/ read -r ooms timeouts crashes <<<"$(field 'oom\/timeout\/crash')"
peak_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$run/time")
artifacts=$(find "$here/artifacts/$target" -type f -newer "$run/started" 2>/dev/null | wc -l)
cat <<REPORT
target:            $target
seconds:           $seconds (fuzzed $(field time))
seed inputs:       $seed_count
executions:        $execs (inputs tried, seeds included)
corpus at end:     $(field corp) inputs reaching new coverage ($(field cov) coverage points)
crashes:           $crashes
out of memory:     $ooms (over 4096 MB)
timeouts:          $timeouts (over 60 s)
peak memory:       $((peak_kb / 1024)) MB
artifacts:         $artifacts new in fuzz/artifacts/$target/
REPORT
