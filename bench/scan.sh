#!/usr/bin/env bash
# Benchmark `tokenlint scan` against ripgrep with a JWT pattern (the practical limit for reading and
# matching a tree) and against detect-secrets when it is installed, on a generated corpus: about 1 GiB
# in 20,000 files of source-like text with a few hundred tokens planted in every form tokenlint finds,
# some expired, some wrapped, some cut, plus `eyJ` noise that is no token.
#
#   bench/scan.sh [--size-mib 1024] [--files 20000] [--runs 3] [--ds-dirs 2]
#
# It builds the release binary and the generator (examples/bench_corpus.rs), writes the corpus to
# bench/corpus (gitignored) unless one of that size is there, reads it once so every tool finds it in
# the page cache, then times each tool RUNS times (best wall time, highest peak RSS, from GNU time) and
# checks tokenlint's JSON against the manifest: every planted token found with its line and status,
# nothing else. detect-secrets is far slower, so it runs on the first --ds-dirs package directories only
# (about 0.5% of the corpus each), next to tokenlint on the same subset. Never run by the tests.
# Needs cargo, GNU time (/usr/bin/time), rg and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MIB=1024
FILES=20000
RUNS=3
DS_DIRS=2
while [ $# -gt 0 ]; do
    case "$1" in
        --size-mib) SIZE_MIB=$2; shift 2 ;;
        --files) FILES=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --ds-dirs) DS_DIRS=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

for tool in /usr/bin/time rg python3; do
    command -v "$tool" > /dev/null || { echo "bench: $tool is needed" >&2; exit 2; }
done

# The moment the corpus's statuses were computed for (the generator uses the same).
export TOKENLINT_NOW=2026-12-04T12:00:00Z
export NO_COLOR=1
JWT_PATTERN='eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.?[A-Za-z0-9_-]*'
ROOT=$PWD
CORPUS=bench/corpus
MANIFEST=bench/corpus-expected.json
RESULTS=bench/results
STAMP="bench/.corpus-$SIZE_MIB-$FILES"
mkdir -p "$RESULTS"

cargo build --release --quiet --bin tokenlint --example bench_corpus
TOKENLINT=$ROOT/target/release/tokenlint

if [ ! -f "$STAMP" ] || [ ! -f "$MANIFEST" ] || [ ! -d "$CORPUS" ]; then
    rm -f bench/.corpus-*
    echo "bench: generating $SIZE_MIB MiB in $FILES files into $CORPUS"
    bench/scan-corpus.sh "$CORPUS" --size-mib "$SIZE_MIB" --files "$FILES"
    touch "$STAMP"
fi

echo "bench: reading the corpus once so every tool starts with it in the page cache"
find "$CORPUS" -type f -print0 | xargs -0 cat > /dev/null

# measure NAME DIR COMMAND...: runs COMMAND in DIR RUNS times, output to $RESULTS/NAME.out; sets WALL
# (best seconds) and RSS (highest peak, KiB).
measure() {
    local name=$1 dir=$2
    shift 2
    WALL=""
    RSS=0
    for _ in $(seq "$RUNS"); do
        (cd "$dir" && /usr/bin/time -f "%e %M" -o "$ROOT/$RESULTS/time.txt" "$@" > "$ROOT/$RESULTS/$name.out" 2> /dev/null) || true
        read -r w r < <(tail -1 "$RESULTS/time.txt")
        if [ -z "$WALL" ] || python3 -c "import sys; sys.exit(0 if $w < $WALL else 1)"; then WALL=$w; fi
        if [ "$r" -gt "$RSS" ]; then RSS=$r; fi
    done
    printf 'bench: %-22s %6.2f s  %6.1f MiB peak\n' "$name" "$WALL" "$(python3 -c "print($RSS / 1024)")"
}

measure tokenlint "$CORPUS" "$TOKENLINT" scan --format json
TL_WALL=$WALL TL_RSS=$RSS
measure rg "$CORPUS" rg --hidden --no-require-git -o -e "$JWT_PATTERN"
RG_WALL=$WALL RG_RSS=$RSS
RG_MATCHES=$(wc -l < "$RESULTS/rg.out")

echo "bench: checking tokenlint's report against the manifest"
CHECK=$(python3 bench/check.py "$MANIFEST" "$RESULTS/tokenlint.out" | head -1) || true
python3 bench/check.py "$MANIFEST" "$RESULTS/tokenlint.out" > /dev/null && CHECK_OK=yes || CHECK_OK=no
echo "bench: $CHECK"

DS_ROW=""
if command -v detect-secrets > /dev/null; then
    SUBSET=$(cd "$CORPUS" && ls -d pkg0* | sort | sed -n "2,$((DS_DIRS + 1))p" | tr '\n' ' ')
    SUBSET_MIB=$(cd "$CORPUS" && du -scm $SUBSET | tail -1 | cut -f1)
    SAVED_RUNS=$RUNS
    RUNS=1
    # shellcheck disable=SC2086
    measure detect-secrets-subset "$CORPUS" detect-secrets scan --all-files $SUBSET
    DS_WALL=$WALL DS_RSS=$RSS
    # shellcheck disable=SC2086
    measure tokenlint-subset "$CORPUS" "$TOKENLINT" scan --format json $SUBSET
    TLS_WALL=$WALL
    # shellcheck disable=SC2086
    measure rg-subset "$CORPUS" rg --hidden --no-require-git -o -e "$JWT_PATTERN" $SUBSET
    RGS_WALL=$WALL
    RUNS=$SAVED_RUNS
    DS_JWTS=$(python3 -c "
import json
r = json.load(open('$RESULTS/detect-secrets-subset.out'))
print(sum(1 for f in r['results'].values() for s in f if s['type'] == 'JSON Web Token'))")
    DS_ROW="detect-secrets on $DS_DIRS package dirs ($SUBSET_MIB MiB): $DS_WALL s, $(python3 -c "print(round($DS_RSS/1024))") MiB peak, $DS_JWTS JWTs reported; tokenlint on the same: $TLS_WALL s; rg: $RGS_WALL s"
    echo "bench: $DS_ROW"
fi

PLANTED=$(python3 -c "import json; print(json.load(open('$MANIFEST'))['planted'])")
BYTES=$(python3 -c "import json; print(round(json.load(open('$MANIFEST'))['bytes'] / 2**20))")
NFILES=$(python3 -c "import json; print(json.load(open('$MANIFEST'))['files'])")
{
    echo "Corpus: $NFILES files, $BYTES MiB, $PLANTED planted tokens; $(date -u +%Y-%m-%d), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), best of $RUNS runs, warm page cache."
    echo
    echo "| tool | wall time | peak RSS | result |"
    echo "|---|---|---|---|"
    echo "| tokenlint scan --format json | $TL_WALL s | $(python3 -c "print(round($TL_RSS/1024))") MiB | $CHECK |"
    echo "| rg --hidden --no-require-git -o '$JWT_PATTERN' | $RG_WALL s | $(python3 -c "print(round($RG_RSS/1024))") MiB | $RG_MATCHES matching lines (no status; noise included) |"
    echo
    echo "tokenlint / rg wall time: $(python3 -c "print(round($TL_WALL / $RG_WALL, 2))")x; all planted found and nothing else: $CHECK_OK"
    [ -n "$DS_ROW" ] && echo && echo "$DS_ROW"
} | tee "$RESULTS/summary.md"
