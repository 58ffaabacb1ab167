#!/usr/bin/env bash
# Generates ariadne's man page with swift-argument-parser's generate-manual plugin (offline: the
# plugin comes with the swift-argument-parser dependency) and checks that it documents every command.
# Usage: scripts/check-manual.sh [OUTPUT_DIR]   (default: .build/plugins/GenerateManual/outputs/ariadne)
# Read the page with: man -l .build/plugins/GenerateManual/outputs/ariadne/ariadne.1
set -euo pipefail
cd "$(dirname "$0")/.."
swift package plugin generate-manual --configuration debug --authors "Ariadne contributors"
page=.build/plugins/GenerateManual/outputs/ariadne/ariadne.1
test -s "$page" || { echo "check-manual: $page was not generated" >&2; exit 1; }
for command in analyze parse infer merge model hypotheses patterns; do
    grep -q "$command" "$page" || { echo "check-manual: $page does not mention '$command'" >&2; exit 1; }
done
if [ $# -ge 1 ]; then mkdir -p "$1" && cp "$page" "$1/"; fi
echo "check-manual: $page ($(wc -l < "$page") lines)"
