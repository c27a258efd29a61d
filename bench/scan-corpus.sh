#!/usr/bin/env bash
# Writes the scan benchmark corpus to DIR (default bench/corpus) and its manifest, the list of tokens
# that must be reported, to DIR-expected.json. bench/scan.sh calls it through the same generator
# (examples/bench_corpus.rs); bench/run.sh finds it by name for its scan rows.
#
#   bench/scan-corpus.sh [DIR] [--size-mib 1024] [--files 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-bench/corpus}
[ $# -gt 0 ] && shift
cargo build --release --quiet --example bench_corpus
target/release/examples/bench_corpus "$DIR" "$DIR-expected.json" "$@"
