#!/usr/bin/env bash
# Fuzzes the parse stage (and grouping/inference) with libFuzzer for SECONDS (default 60).
#
#   scripts/fuzz.sh [SECONDS]
#
# Builds `ariadne-fuzz` (ARIADNE_FUZZ=1, -sanitize=fuzzer,address, scratch path .build-fuzz), seeds
# .fuzz/seeds from the first lines of the shared real logs (../shared/data, or $ARIADNE_DATA) and
# Samples/, keeps what libFuzzer learns in .fuzz/corpus, and runs one worker. A crash, timeout or
# out-of-memory input is minimized and copied to Tests/AriadneCoreTests/FuzzFindings/, which
# FuzzFindingsTests replays; commit it with a descriptive name.
#
# Exit status: 0 nothing found; 1 a finding was saved (its path is printed); 2 the build failed.
set -euo pipefail

seconds="${1:-60}"
case "$seconds" in
    ''|*[!0-9]*) echo "ariadne: fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 64 ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
data="${ARIADNE_DATA:-$root/../shared/data}"
findings="Tests/AriadneCoreTests/FuzzFindings"
work=".fuzz"
binary=".build-fuzz/release/ariadne-fuzz"

echo "fuzz: building ariadne-fuzz" >&2
if ! ARIADNE_FUZZ=1 swift build -c release --scratch-path .build-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product ariadne-fuzz >&2; then
    echo "ariadne: fuzz.sh: the build of ariadne-fuzz failed" >&2
    exit 2
fi

# Seeds: byte 0 picks the pattern (0 = detection), byte 1 the options (see ParseFuzzHarness).
rm -rf "$work/seeds" "$work/artifacts"
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts" "$findings"
seed() { # seed NAME FILE: the first 20 lines and 10 from the middle (small seeds keep the run fast), under a few option bytes
    local name="$1" file="$2" options
    for options in '\x00' '\x10' '\x01' '\x0a' '\x14'; do
        { printf "\\x00$options"; head -n 20 "$file"; } | head -c 4096 > "$work/seeds/$name-head-${options:2}" || true
        { printf "\\x00$options"; sed -n '1000,1010p' "$file"; } | head -c 4096 > "$work/seeds/$name-mid-${options:2}" || true
    done
}
count=0
while IFS= read -r -d '' file; do
    name="$(echo "${file#"$data"/}" | tr '/' '_')"
    seed "$name" "$file"
    count=$((count + 1))
done < <(find "$data" "$root/Samples" -type f \( -name '*.log' -o -name '*_log.csv' -o -name '*_trace.csv' \
    -o -name '*.csv' -path '*Samples*' -o -name '*.jsonl' \) -print0 2>/dev/null)
# Formats with no real log here: JSON lines and logfmt, with ISO 8601 and epoch times.
printf '\x00\x10{"time":"2024-05-01T10:00:00.123Z","level":"info","msg":"start","request_id":"r1"}\n{"ts":1714557600.5,"msg":"done","request_id":"r1"}\n' > "$work/seeds/handmade-jsonl"
printf '\x00\x10time=2024-05-01T10:00:00Z level=info msg="a b" request_id=1\nts=1714557600 level=error msg=fail request_id=1\n' > "$work/seeds/handmade-logfmt"
find "$work/seeds" -size -3c -delete
echo "fuzz: $count real logs seeded $(ls "$work/seeds" | wc -l) inputs; running ${seconds}s" >&2

status=0
# The Swift runtime's backtracer would hold libFuzzer up for minutes on every crash; libFuzzer prints its own.
export SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
"$binary" "$work/corpus" "$work/seeds" \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 >&2 || status=$?

found=0
for artifact in "$work"/artifacts/*; do
    [ -e "$artifact" ] || continue
    name="$(basename "$artifact")"
    target="$findings/$name"
    # Minimize crashes (libFuzzer keeps the smallest input that still fails); timeouts and OOMs as found.
    case "$name" in
        crash-*)
            "$binary" "$artifact" -minimize_crash=1 \
                -max_total_time=60 -timeout=10 -exact_artifact_path="$target" >/dev/null 2>&1 || true ;;
    esac
    [ -s "$target" ] || cp "$artifact" "$target"
    echo "ariadne: fuzz.sh: finding saved to $target (replay: $binary $target)" >&2
    found=1
done
if [ "$found" = 1 ]; then
    echo "ariadne: fuzz.sh: libFuzzer found an input that fails; rename it, describe it, commit it" >&2
    exit 1
fi
if [ "$status" != 0 ]; then
    echo "ariadne: fuzz.sh: libFuzzer exited with $status without saving an input" >&2
    exit 1
fi
echo "fuzz: nothing found in ${seconds}s" >&2
