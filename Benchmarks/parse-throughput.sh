#!/usr/bin/env bash
# Parse throughput on a large real log, side by side with ripgrep's PCRE2 engine counting matches of the
# same record regex. Builds ../shared/data/hdfs_20k/HDFS_20000.log repeated to 1,000,000 lines (140 MB)
# in a scratch folder, then times, in one run: `ariadne parse FILE > /dev/null` and `rg -P -c REGEX FILE`.
# Usage: Benchmarks/parse-throughput.sh [REPEATS]   (needs hyperfine and ripgrep: apt-get install hyperfine ripgrep)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-50}
scratch=${TMPDIR:-/tmp}/ariadne-bench
mkdir -p "$scratch"
input="$scratch/hdfs_${repeats}x.log"
if [ ! -s "$input" ]; then
    for _ in $(seq "$repeats"); do cat ../shared/data/hdfs_20k/HDFS_20000.log; done > "$input"
fi
swift build -c release --product ariadne >/dev/null
ariadne=.build/release/ariadne
regex=$(sed -n "s/^record: '\(.*\)'$/\1/p" Patterns/hdfs.yaml)
lines=$(wc -l < "$input")
bytes=$(wc -c < "$input")
hyperfine --warmup 1 --runs 5 --export-json "$scratch/result.json" \
    -n ariadne "$ariadne parse -q $input > /dev/null" \
    -n "rg -P -c" "rg -P -c '$regex' $input" >&2
python3 - "$scratch/result.json" "$lines" "$bytes" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
lines, size = int(sys.argv[2]), int(sys.argv[3])
print(f"input: {lines} lines, {size / 1e6:.1f} MB")
for name in ("ariadne", "rg -P -c"):
    t = results[name]["median"]
    print(f"{name:10} {t:6.3f} s  {lines / t / 1e6:5.2f} M lines/s  {size / t / 1e6:6.1f} MB/s")
ratio = results["ariadne"]["median"] / results["rg -P -c"]["median"]
print(f"ariadne / rg -P -c time ratio: {ratio:.2f}")
PY
