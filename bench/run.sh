#!/usr/bin/env bash
# Benchmarks tokenlint against the tools people use now and prints a Markdown table (for the README):
#   1. one token, whole process: `tokenlint inspect` against `jwt decode` (jwt-cli) on the same token;
#   2. a tree of files: `tokenlint scan` against `rg` and detect-secrets on the scan corpus (issue 5);
#   3. the in-process pipeline, tokens per second (`cargo bench --bench pipeline`).
#
#   bench/run.sh                  everything; the table is also written to target/bench/results.md
#   RUNS=500 bench/run.sh         more runs per single-token command (default 300, in ROUNDS=5 rounds)
#   NO_HYPERFINE=1 bench/run.sh   time with the built-in loop even when hyperfine is installed
#
# Times are the median wall time of whole processes (start-up included, output to /dev/null), measured
# with hyperfine when it is installed, else with a loop of our own over bash's $EPOCHREALTIME (which
# adds bash's own fork to every figure alike). Commands take turns in rounds, so load drift on a shared
# machine is not charged to one of them.
# What is missing is installed: hyperfine and ripgrep with apt-get (as root), jwt-cli with
# `cargo install`, detect-secrets with pip. A tool that cannot be had gets "not available" in its row.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-300}
WARMUP=${WARMUP:-20}
OUT_DIR=target/bench
mkdir -p "$OUT_DIR"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

log() { printf '%s\n' "$*" >&2; }

apt_install() { # PACKAGE: installs a Debian package when we are root on a Debian-like system
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  apt-get install -y -qq "$1" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$1" >/dev/null 2>&1; }
}

log "== building the release binary"
cargo build --release --locked --bin tokenlint
TL=$PWD/target/release/tokenlint

log "== tools"
if ! command -v hyperfine >/dev/null; then
  log "hyperfine is missing: trying apt-get install hyperfine"
  apt_install hyperfine || log "no hyperfine: timing with bash's own loop instead"
fi
if ! command -v jwt >/dev/null; then
  log "jwt (jwt-cli) is missing: cargo install --locked jwt-cli (a few minutes)"
  cargo install --locked jwt-cli >&2 || log "jwt-cli could not be installed"
fi
HAVE_HYPERFINE=$(command -v hyperfine >/dev/null && [ -z "${NO_HYPERFINE:-}" ] && echo 1 || echo 0)

# median_of: the median of the numbers on standard input, one per line.
median_of() {
  sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f\n", m }'
}

# one_median RUNS WARMUP COMMAND: the median wall time of COMMAND (one string, words split as a shell
# would, no shell run), in milliseconds. Exit statuses are ignored (a scan that finds tokens exits 1).
one_median() {
  local runs=$1 warmup=$2 cmd=$3
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    local csv=$WORK/h.csv
    hyperfine -N -i --style none --warmup "$warmup" --runs "$runs" --export-csv "$csv" -- "$cmd" >/dev/null 2>&1
    # columns: command,mean,stddev,median,user,system,min,max (seconds)
    awk -F, 'NR == 2 { printf "%.6f\n", $4 * 1000 }' "$csv"
  else
    local i t0 t1
    for ((i = 0; i < warmup; i++)); do eval "$cmd" >/dev/null 2>&1 || true; done
    for ((i = 0; i < runs; i++)); do
      t0=$EPOCHREALTIME
      eval "$cmd" >/dev/null 2>&1 || true
      t1=$EPOCHREALTIME
      echo "$t0 $t1"
    done | awk '{ printf "%.6f\n", ($2 - $1) * 1000 }' | median_of
  fi
}

# medians RUNS WARMUP COMMAND...: one median per command, in order. The runs are split into ROUNDS
# rounds that take the commands in turn, and each command's figure is the median of its round medians:
# on a shared machine the load drifts, and timing one command after the other would charge the drift
# to whichever ran in the worse minute.
medians() {
  local runs=$1 warmup=$2
  shift 2
  local rounds=${ROUNDS:-5} r i
  local per=$(((runs + rounds - 1) / rounds))
  local -a cmds=("$@")
  : >"$WORK/rounds"
  for ((r = 0; r < rounds; r++)); do
    for ((i = 0; i < ${#cmds[@]}; i++)); do
      echo "$i $(one_median "$per" "$warmup" "${cmds[i]}")" >>"$WORK/rounds"
    done
  done
  for ((i = 0; i < ${#cmds[@]}; i++)); do
    awk -v i="$i" '$1 == i { print $2 }' "$WORK/rounds" | median_of
  done
}

# q WORD...: the words as one command string (each quoted for the shell-style split above).
q() { printf '%q ' "$@"; }

TABLE=$WORK/table.md
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" >>"$TABLE"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
{
  echo "Measured $(date -u +%Y-%m-%d) on ${cpu:-an unknown CPU} ($(nproc) cores), $(uname -sr);"
  echo "tokenlint $("$TL" --version | awk '{ print $2 }'), $(jwt --version 2>/dev/null || echo 'no jwt-cli')," \
    "$([ "$HAVE_HYPERFINE" = 1 ] && hyperfine --version || echo 'own timing loop'). Median wall time of the whole process."
  echo
  echo "| task | command | median | relative |"
  echo "|---|---|---:|---:|"
} >"$TABLE"

# 1. One token. The same Events-shaped test token for every tool, given as an argument (jwt-cli takes it
#    that way) and, for tokenlint, also from a file, which is how it should be used.
log "== one token, whole process ($RUNS runs each)"
TOKEN=$(cat testdata/events-token.txt)
cp testdata/events-token.txt "$WORK/token.txt"
export TOKENLINT_NOW=2026-12-04T12:00:00Z NO_COLOR=1
cmds=(
  "$(q "$TL" inspect "$TOKEN")"
  "$(q "$TL" inspect --json "$TOKEN")"
  "$(q "$TL" inspect --file "$WORK/token.txt")"
)
if command -v jwt >/dev/null; then
  cmds+=("$(q jwt decode "$TOKEN")" "$(q jwt decode --json "$TOKEN")")
fi
mapfile -t ms < <(medians "$RUNS" "$WARMUP" "${cmds[@]}")
tl_ms=${ms[0]} tl_json_ms=${ms[1]} tl_file_ms=${ms[2]} jwt_ms=${ms[3]:-} jwt_json_ms=${ms[4]:-}
base=${jwt_ms:-$tl_ms}
if [ -n "$jwt_ms" ]; then
  row "decode one token" '`jwt decode TOKEN`' "$jwt_ms ms" "$(ratio "$jwt_ms" "$base")"
  row "decode one token, JSON" '`jwt decode --json TOKEN`' "$jwt_json_ms ms" "$(ratio "$jwt_json_ms" "$base")"
else
  row "decode one token" '`jwt decode TOKEN`' "not available" ""
fi
row "inspect one token" '`tokenlint inspect TOKEN`' "$tl_ms ms" "$(ratio "$tl_ms" "$base")"
row "inspect one token, JSON" '`tokenlint inspect --json TOKEN`' "$tl_json_ms ms" "$(ratio "$tl_json_ms" "$base")"
row "inspect one token from a file" '`tokenlint inspect --file token.txt`' "$tl_file_ms ms" "$(ratio "$tl_file_ms" "$base")"

# 2. A tree of files. >>> HOOK for issue 5 (scan) <<<
#    The scan work owns the corpus: its generator script lives under bench/ and writes bench/corpus
#    (gitignored). This section runs when `tokenlint scan` exists; it calls the generator when the corpus
#    is missing, as `GENERATOR DIR` (bash or python3 by its extension). SCAN_CORPUS=DIR points at
#    another tree; SCAN_GENERATOR=PATH at another generator. Adjust the call when issue 5 lands.
SCAN_CORPUS=${SCAN_CORPUS:-bench/corpus}
SCAN_GENERATOR=${SCAN_GENERATOR:-}
if [ -z "$SCAN_GENERATOR" ]; then
  # Whatever the scan work names it: a script under bench/ with "corpus" in its name.
  for g in bench/*corpus*.sh bench/*corpus*.py; do
    if [ -f "$g" ]; then SCAN_GENERATOR=$g; break; fi
  done
fi
SCAN_RUNS=${SCAN_RUNS:-5}
JWT_RE='eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*'
# `tokenlint scan --help` would succeed without a scan subcommand (it reads `scan` as a token).
if "$TL" help scan >/dev/null 2>&1; then
  if [ ! -d "$SCAN_CORPUS" ] && [ -n "$SCAN_GENERATOR" ]; then
    log "== generating the scan corpus with $SCAN_GENERATOR"
    case $SCAN_GENERATOR in
      *.py) python3 "$SCAN_GENERATOR" "$SCAN_CORPUS" >&2 ;;
      *) bash "$SCAN_GENERATOR" "$SCAN_CORPUS" >&2 ;;
    esac
  fi
  if [ -d "$SCAN_CORPUS" ]; then
    command -v rg >/dev/null || apt_install ripgrep || log "no rg"
    size=$(du -sm "$SCAN_CORPUS" | awk '{ print $1 }')
    files=$(find "$SCAN_CORPUS" -type f | wc -l)
    log "== scan: $files files, $size MiB ($SCAN_RUNS runs each)"
    label="scan $files files, $size MiB"
    if command -v rg >/dev/null; then
      mapfile -t ms < <(ROUNDS=1 medians "$SCAN_RUNS" 1 "$(q "$TL" scan "$SCAN_CORPUS")" \
        "$(q rg -c "$JWT_RE" "$SCAN_CORPUS")")
      scan_ms=${ms[0]} rg_ms=${ms[1]}
      row "$label" "\`rg -c '$JWT_RE'\`" "$rg_ms ms" "$(ratio "$rg_ms" "$rg_ms")"
      row "$label" '`tokenlint scan`' "$scan_ms ms" "$(ratio "$scan_ms" "$rg_ms")"
    else
      scan_ms=$(ROUNDS=1 medians "$SCAN_RUNS" 1 "$(q "$TL" scan "$SCAN_CORPUS")")
      row "$label" '`tokenlint scan`' "$scan_ms ms" ""
    fi
    # detect-secrets takes thousands of times as long as rg: it runs once, on a sample of the corpus,
    # with tokenlint on the same sample for the comparison.
    if ! command -v detect-secrets >/dev/null; then
      python3 -m pip install -q detect-secrets >/dev/null 2>&1 || log "detect-secrets could not be installed"
    fi
    if command -v detect-secrets >/dev/null; then
      SAMPLE=$WORK/sample
      mkdir -p "$SAMPLE"
      # The list goes to a file first: `sort | head` would end sort with SIGPIPE, and pipefail would
      # end the whole run there.
      find "$SCAN_CORPUS" -type f | sort >"$WORK/files"
      head -n "${DS_SAMPLE_FILES:-200}" "$WORK/files" | while read -r f; do cp --parents "$f" "$SAMPLE"; done
      ssize=$(du -sm "$SAMPLE" | awk '{ print $1 }')
      sfiles=$(find "$SAMPLE" -type f | wc -l)
      slabel="scan a sample: $sfiles files, $ssize MiB"
      ds_ms=$( (cd "$SAMPLE" && ROUNDS=1 medians 1 0 "$(q detect-secrets scan --all-files .)"))
      tl_sample_ms=$(ROUNDS=1 medians "$SCAN_RUNS" 1 "$(q "$TL" scan "$SAMPLE")")
      row "$slabel" '`detect-secrets scan --all-files`' "$ds_ms ms" "$(ratio "$ds_ms" "$tl_sample_ms")"
      row "$slabel" '`tokenlint scan`' "$tl_sample_ms ms" "1.00×"
    else
      row "scan" '`detect-secrets scan`' "not available" ""
    fi
  else
    log "no scan corpus at $SCAN_CORPUS and no generator under bench/: skipping the scan rows"
    row "scan a tree" '`tokenlint scan` vs `rg`, detect-secrets' "no corpus (see bench/run.sh)" ""
  fi
else
  log "this tokenlint has no \`scan\` subcommand yet (issue 5): skipping the scan rows"
  row "scan a tree" '`tokenlint scan` vs `rg`, detect-secrets' "lands with issue 5" ""
fi

# 3. The pipeline in process.
log "== pipeline in process (cargo bench --bench pipeline)"
cargo bench --locked --bench pipeline >"$WORK/pipeline.txt" 2>"$WORK/pipeline.err" ||
  { cat "$WORK/pipeline.err" >&2; exit 1; }

{
  cat "$TABLE"
  echo
  echo '```text'
  grep -v '^ *Running\|^ *Finished\|^ *Compiling' "$WORK/pipeline.txt" || true
  echo '```'
} | tee "$OUT_DIR/results.md"
