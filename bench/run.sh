#!/usr/bin/env bash
# Reproduce the figures of the README's "Accuracy and speed" table: throughput and memory
# (eventlens bench) and accuracy on our annotated reports (eventlens eval events), one JSON
# line each, into bench/results/DATE.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
[ -x "$bin/eventlens" ] || make .venv/bin/eventlens
mkdir -p bench/results
out="bench/results/$(date +%Y-%m-%d).jsonl"
"$bin/eventlens" bench --docs "${DOCS:-400}" --workers "${WORKERS:-2}" --json | tee -a "$out"
"$bin/eventlens" eval events tests/data/reports --json | tee -a "$out"
echo "figures appended to $out" >&2
