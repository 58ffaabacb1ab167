#!/usr/bin/env bash
# Archive speed and memory: wall time, MB/s, CPU time and peak memory (max RSS from GNU time) of
# `ariadne parse`, `infer`, `hypotheses` (and `analyze` when the binary has it) on two inputs built once
# from the real samples into a cache folder (not the repository):
#   hdfs-1m   ../shared/data/hdfs_20k/HDFS_20000.log repeated 50 times (1,000,000 lines), each copy's
#             block ids made distinct (copy number prefixed to the digits: blk_-123 -> blk_-07123);
#   archive   about 1 GB of logs (uncompressed) as gzip'ed rotated files in a directory tree:
#             hdfs/DAY/hdfs.log.N.gz, 350 distinct-block copies of the HDFS sample, plus one copy of
#             every other real sample (loghub 2k systems, the TrainTicket CSV) in their own folders.
# `parse -q` and `rg -P -c` (the hdfs pattern's record regex; `-z` on the archive) run side by side in
# the same round, alternating; every command runs once per round; median and range over the rounds.
# Usage: Benchmarks/archive.sh [ROUNDS] [ARCHIVE_ROUNDS]   (defaults 5 and 3; 0 skips that input)
# Environment: ARIADNE=path/to/ariadne skips the build (default: a release build in .build-release);
#              ARIADNE_BENCH_CACHE=DIR where the inputs are generated (default ~/.cache/ariadne-bench);
#              ARIADNE_BENCH_SKIP="archive:hypotheses ..." leaves out commands (INPUT:COMMAND, INPUT hdfs-1m or archive).
# Needs GNU time (apt-get install time), ripgrep, perl, gzip, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
archive_rounds=${2:-3}
data=../shared/data
cache=${ARIADNE_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ariadne-bench}
mkdir -p "$cache"

# Copy `copy` of the HDFS sample with its block ids made distinct by a fixed-width copy number.
hdfs_copy() { # copy width
    perl -pe "s/blk_(-?)(\\d+)/blk_\${1}$(printf "%0${2}d" "$1")\$2/g" "$data/hdfs_20k/HDFS_20000.log"
}

hdfs_file=$cache/hdfs_1m_distinct.log
if [ ! -s "$hdfs_file" ]; then
    echo "generating $hdfs_file" >&2
    for copy in $(seq 0 49); do hdfs_copy "$copy" 2; done > "$hdfs_file.tmp"
    mv "$hdfs_file.tmp" "$hdfs_file"
fi

archive=$cache/archive
if [ ! -e "$archive/.complete-v2" ]; then
    echo "generating $archive (about 1 GB uncompressed; a few minutes)" >&2
    rm -rf "$archive"
    copy=0
    for day in 1 2 3 4 5 6 7; do
        mkdir -p "$archive/hdfs/2008-11-0$day"
        for part in 5 4 3 2 1; do
            # Not in a pipeline: `copy` must go on counting in this shell (each file its own copies).
            file="$archive/hdfs/2008-11-0$day/hdfs.log.$part"
            for _ in $(seq 10); do hdfs_copy "$copy" 3; copy=$((copy + 1)); done > "$file"
            gzip -6 "$file"
        done
    done
    for log in "$data"/loghub_2k/*/*_2k.log; do
        system=$(basename "$(dirname "$log")")
        mkdir -p "$archive/loghub/$system"
        gzip -6 -c "$log" > "$archive/loghub/$system/$(basename "$log").gz"
    done
    mkdir -p "$archive/trainticket"
    gzip -6 -c "$data"/nezha_trainticket/2023-01-29/log/08_50_log.csv > "$archive/trainticket/08_50_log.csv.gz"
    touch "$archive/.complete-v2"
fi

if [ -z "${ARIADNE:-}" ]; then
    swift build -c release --scratch-path .build-release --product ariadne >&2
    ARIADNE=.build-release/release/ariadne
fi
ariadne=$(realpath "$ARIADNE")
regex=$(sed -n "s/^record: '\(.*\)'$/\1/p" Patterns/hdfs.yaml)
has_analyze=0
if "$ariadne" analyze --help > /dev/null 2>&1; then has_analyze=1; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores; uptime before: $(uptime)"
echo "ariadne: $ariadne ($("$ariadne" --version 2>/dev/null | head -1))"
[ "$has_analyze" = 1 ] || echo "analyze: not in this binary (skipped)"

# Runs one command under GNU time; appends "name wall cpu maxrss_kb" to $work/times.
measure() { # name command...
    local name=$1
    shift
    case " ${ARIADNE_BENCH_SKIP:-} " in *" $label:$name "*) return 0 ;; esac
    /usr/bin/time -f "%e %U %S %M" -o "$work/one" "$@" > /dev/null 2> "$work/stderr" || {
        echo "$name failed (exit $?):" >&2
        tail -5 "$work/stderr" >&2
        return 1
    }
    read -r wall user sys rss < <(tail -1 "$work/one")
    echo "$name $wall $(echo "$user + $sys" | bc) $rss" >> "$work/times"
}

bench() { # label input rounds rg-flags...
    label=$1
    local input=$2 n=$3
    shift 3
    [ "$n" -gt 0 ] || return 0
    local bytes lines
    if [ -d "$input" ]; then
        bytes=$(find "$input" -name '*.gz' -exec gzip -dc {} + | wc -c)
        lines=$(find "$input" -name '*.gz' -exec gzip -dc {} + | wc -l)
    else
        bytes=$(wc -c < "$input")
        lines=$(wc -l < "$input")
    fi
    : > "$work/times"
    for round in $(seq "$n"); do
        echo "$label: round $round of $n (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
        # parse and rg alternate, which goes first alternating too.
        if [ $((round % 2)) = 1 ]; then
            measure parse "$ariadne" parse -q "$input"
            measure "rg -P -c" rg "$@" -P -c "$regex" "$input"
        else
            measure "rg -P -c" rg "$@" -P -c "$regex" "$input"
            measure parse "$ariadne" parse -q "$input"
        fi
        measure infer "$ariadne" infer -q "$input"
        measure hypotheses "$ariadne" hypotheses -q "$input"
        if [ "$has_analyze" = 1 ]; then
            mkdir -p "$work/state"
            (cd "$work/state" && measure analyze "$ariadne" analyze -q "$input") || true
            rm -rf "$work/state"
        fi
    done
    python3 - "$work/times" "$label" "$lines" "$bytes" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
label, lines, size = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
names = []
for row in rows:
    name = " ".join(row[:-3])
    if name not in names: names.append(name)
def get(name, i): return [float(r[-3 + i]) for r in rows if " ".join(r[:-3]) == name]
print(f"\n{label}: {lines} lines, {size / 1e6:.1f} MB uncompressed; {len(get(names[0], 0))} rounds; median [range]")
print(f"{'command':12} {'wall s':>20} {'MB/s':>7} {'CPU s':>20} {'peak RSS MB':>18}")
med = {}
for name in names:
    wall, cpu, rss = get(name, 0), get(name, 1), [k / 1024 for k in get(name, 2)]
    med[name] = (statistics.median(wall), statistics.median(cpu))
    print(f"{name:12} {statistics.median(wall):7.2f} [{min(wall):5.2f}–{max(wall):5.2f}]"
          f" {size / 1e6 / statistics.median(wall):7.1f}"
          f" {statistics.median(cpu):7.2f} [{min(cpu):5.2f}–{max(cpu):5.2f}]"
          f" {statistics.median(rss):6.0f} [{min(rss):4.0f}–{max(rss):4.0f}]")
if "parse" in med and "rg -P -c" in med:
    pairs = [p / r for p, r in zip(get("parse", 0), get("rg -P -c", 0))]
    print(f"parse / rg -P -c wall time: {statistics.median(pairs):.2f} (per round {min(pairs):.2f}–{max(pairs):.2f});"
          f" CPU time {med['parse'][1] / med['rg -P -c'][1]:.2f}")
for name in ("infer", "hypotheses", "analyze"):
    if name in med and "parse" in med:
        print(f"{name} / parse wall time: {med[name][0] / med['parse'][0]:.2f}")
PY
}

bench hdfs-1m "$hdfs_file" "$rounds"
bench archive "$archive" "$archive_rounds" -z
echo
echo "uptime after: $(uptime)"
