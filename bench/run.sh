#!/usr/bin/env bash
# Whole-site benchmark (issue 7): Tandem vs Hugo on the same synthetic pages.
#
#   bench/run.sh [N] [RUNS]          (defaults: N=10000, RUNS=5)
#
# Generates N side-by-side sources with bench/gen_site.py (Tandem builds 2N pages with the sidebar,
# plus compare views and search index; Hugo builds the N French halves without sidebar), builds each
# RUNS times, and Tandem RUNS more times with `[output] search = false, compare_views = false` (the
# 2N pages alone, the workload issue 7 names), and prints the medians,
# the ratio, peak RSS (/usr/bin/time -f %M) and pages per second; then times a cold build of the
# bundled content/. Set BENCH_DIR to choose where the site and outputs go (default: a temp folder,
# removed at the end); CARGO_TARGET_DIR is honoured. The machine may be noisy: compare medians.
set -euo pipefail

N=${1:-10000}
RUNS=${2:-5}
REPO=$(cd "$(dirname "$0")/.." && pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v hugo >/dev/null; then
    echo "hugo missing: installing Debian's package" >&2
    as_root apt-get install -y hugo >/dev/null
fi
if [ ! -x /usr/bin/time ]; then
    echo "/usr/bin/time missing: installing Debian's time package" >&2
    as_root apt-get install -y time >/dev/null
fi

(cd "$REPO" && cargo build --release --quiet)
TANDEM="${CARGO_TARGET_DIR:-$REPO/target}/release/tandem"

if [ -n "${BENCH_DIR:-}" ]; then
    WORK=$BENCH_DIR
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi
SITE="$WORK/site"
t0=$(date +%s.%N)
python3 "$REPO/bench/gen_site.py" "$N" "$SITE" --hugo
# The same site without search and compare views: only the 2N pages with their sidebar.
{ cat "$SITE/tandem.toml"; printf '\n[output]\nsearch = false\ncompare_views = false\n'; } \
    >"$SITE/tandem-pages-only.toml"
echo "generated in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"

# run_timed OUT_FILE CMD...: wall seconds and peak KiB of one run appended to OUT_FILE.
run_timed() {
    local out=$1
    shift
    local log="$WORK/time.log"
    local s e
    s=$(date +%s.%N)
    if ! /usr/bin/time -o "$log" -f %M "$@" >"$out.log" 2>&1; then
        cat "$out.log" >&2
        echo "command failed: $*" >&2
        exit 1
    fi
    e=$(date +%s.%N)
    awk -v s="$s" -v e="$e" -v m="$(tail -n 1 "$log")" 'BEGIN { printf "%.4f %d\n", e - s, m }' >>"$out"
}

# median FILE COLUMN
median() {
    sort -g -k"$2","$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

: >"$WORK/tandem.txt"
: >"$WORK/pages-only.txt"
: >"$WORK/hugo.txt"
# Each run writes into a new folder and nothing is deleted until the end: on ext4 without a journal
# (this machine's disk) the inode allocator skips inodes freed in the last ~30 s one by one, so
# removing the previous run's tens of thousands of files would slow the next run's file creation.
for i in $(seq "$RUNS"); do
    run_timed "$WORK/tandem.txt" "$TANDEM" build --content "$SITE/content" \
        --config "$SITE/tandem.toml" --out "$WORK/out-tandem-$i"
    run_timed "$WORK/hugo.txt" hugo --quiet --source "$SITE/hugo" --destination "$WORK/out-hugo-$i"
    run_timed "$WORK/pages-only.txt" "$TANDEM" build --content "$SITE/content" \
        --config "$SITE/tandem-pages-only.toml" --out "$WORK/out-pages-only-$i"
done
# Warm builds (issue 19), in the output of the last cold run (it holds the build cache), each round
# interleaved with a full Hugo build: nothing changed; one sentence of one page edited; a template
# of the site's own changed (every page rendered again, only changed files written).
: >"$WORK/warm-none.txt"
: >"$WORK/warm-edit.txt"
: >"$WORK/warm-template.txt"
: >"$WORK/hugo-warm.txt"
: >"$WORK/cold-in-place.txt"
WARM_OUT="$WORK/out-tandem-$RUNS"
# A cold build that replaces an existing output (what `--no-cache` costs a writer: the old files
# are deleted), the fair yardstick for a template change.
IN_PLACE="$WORK/out-in-place"
"$TANDEM" build --quiet --no-cache --content "$SITE/content" --config "$SITE/tandem.toml" --out "$IN_PLACE"
EDITED=$(find "$SITE/content/fr-fr" -name '*.md' | sort | sed -n "$(( N / 2 + 1 ))p")
mkdir -p "$SITE/templates"
for i in $(seq "$RUNS"); do
    run_timed "$WORK/warm-none.txt" "$TANDEM" build --content "$SITE/content" \
        --config "$SITE/tandem.toml" --out "$WARM_OUT"
    sed -i "0,/data-ttu-id=\"\([^\"]*\)\">/s//data-ttu-id=\"\1\">Modifié$i /" "$EDITED"
    run_timed "$WORK/warm-edit.txt" "$TANDEM" build --content "$SITE/content" \
        --config "$SITE/tandem.toml" --out "$WARM_OUT"
    run_timed "$WORK/hugo-warm.txt" hugo --quiet --source "$SITE/hugo" --destination "$WORK/out-hugo-warm-$i"
    sed "s|</body>|<!-- template change $i --></body>|" "$REPO/themes/default/templates/base.html" \
        >"$SITE/templates/base.html"
    run_timed "$WORK/warm-template.txt" "$TANDEM" build --content "$SITE/content" \
        --config "$SITE/tandem.toml" --out "$WARM_OUT"
    run_timed "$WORK/cold-in-place.txt" "$TANDEM" build --no-cache --content "$SITE/content" \
        --config "$SITE/tandem.toml" --out "$IN_PLACE"
done
rm -rf "$SITE/templates"
grep -q "re-rendered" "$WORK/warm-edit.txt.log" || { cat "$WORK/warm-edit.txt.log" >&2; echo "the warm build was not warm" >&2; exit 1; }
wn=$(median "$WORK/warm-none.txt" 1)
wnm=$(median "$WORK/warm-none.txt" 2)
we=$(median "$WORK/warm-edit.txt" 1)
wem=$(median "$WORK/warm-edit.txt" 2)
wt=$(median "$WORK/warm-template.txt" 1)
wtm=$(median "$WORK/warm-template.txt" 2)
hw=$(median "$WORK/hugo-warm.txt" 1)
ci=$(median "$WORK/cold-in-place.txt" 1)
edit_summary=$(tail -n 1 "$WORK/warm-edit.txt.log")

# One more Tandem build with TANDEM_TIMINGS=1: wall time and resident memory after each phase.
rm -rf "$WORK/out-tandem-phases"
TANDEM_TIMINGS=1 "$TANDEM" build --quiet --content "$SITE/content" --config "$SITE/tandem.toml" \
    --out "$WORK/out-tandem-phases" 2>"$WORK/phases.txt"
# Pages of the last Tandem run, from its summary line ("Built 20000 pages (...) and ... files").
tandem_pages=$(grep -o "Built [0-9]* pages" "$WORK/tandem.txt.log" | tr -dc 0-9)
hugo_pages=$(find "$WORK/out-hugo-1" -name index.html | wc -l)
tt=$(median "$WORK/tandem.txt" 1)
tm=$(median "$WORK/tandem.txt" 2)
pt=$(median "$WORK/pages-only.txt" 1)
pm=$(median "$WORK/pages-only.txt" 2)
ht=$(median "$WORK/hugo.txt" 1)
hm=$(median "$WORK/hugo.txt" 2)

: >"$WORK/cold.txt"
# At least 5 cold builds whatever RUNS is: each takes ~50 ms, and one alone (RUNS=1, as in CI) is
# at the mercy of the file system (creating files right after mass deletions is slow on ext4).
COLD_RUNS=$(( RUNS > 5 ? RUNS : 5 ))
for i in $(seq "$COLD_RUNS"); do
    run_timed "$WORK/cold.txt" "$TANDEM" build --quiet --content "$REPO/content" \
        --config "$REPO/tandem.toml" --out "$WORK/out-bundled-$i"
done
ct=$(median "$WORK/cold.txt" 1)
cm=$(median "$WORK/cold.txt" 2)

echo
echo "N=$N sources, $RUNS runs each, medians ($(nproc) cores; $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no git"); $(hugo version | cut -d' ' -f2))"
awk -v n="$N" -v tt="$tt" -v tm="$tm" -v tp="$tandem_pages" -v ht="$ht" -v hm="$hm" -v hp="$hugo_pages" \
    -v pt="$pt" -v pm="$pm" -v ct="$ct" -v cm="$cm" -v cr="$COLD_RUNS" 'BEGIN {
    printf "%-34s %10s %12s %12s %12s\n", "", "time (s)", "peak RSS", "pages", "pages/s"
    printf "%-34s %10.3f %8.1f MiB %12d %12.0f\n", "tandem (sidebar, compare, search)", tt, tm / 1024, tp, tp / tt
    printf "%-34s %10.3f %8.1f MiB %12d %12.0f\n", "tandem pages only (sidebar)", pt, pm / 1024, tp, tp / pt
    printf "%-34s %10.3f %8.1f MiB %12d %12.0f\n", "hugo (no sidebar)", ht, hm / 1024, hp, hp / ht
    printf "ratio tandem/hugo: %.2f; pages only: %.2f (target <= 0.5 at N=10000)\n", tt / ht, pt / ht
    printf "tandem time per source: %.3f ms\n", tt * 1000 / n
    printf "cold build of the bundled content/ (median of %d): %.0f ms, %.1f MiB (target < 100 ms)\n", cr, ct * 1000, cm / 1024
}'
awk -v tt="$tt" -v tp="$tandem_pages" -v ht="$ht" -v hp="$hugo_pages" -v pt="$pt" 'BEGIN {
    printf "per output page: tandem %.1f us, hugo %.1f us, ratio %.2f (target <= 0.5); pages only, total: %.2f\n",
        tt * 1e6 / tp, ht * 1e6 / hp, (tt / tp) / (ht / hp), pt / ht
}'
echo "warm builds ($RUNS rounds, each with a full Hugo build; medians):"
awk -v wn="$wn" -v wnm="$wnm" -v we="$we" -v wem="$wem" -v wt="$wt" -v wtm="$wtm" -v hw="$hw" -v tt="$tt" -v ci="$ci" 'BEGIN {
    printf "  %-30s %8.3f s %8.1f MiB   %.3fx hugo (target <= 0.03)\n", "nothing changed", wn, wnm / 1024, wn / hw
    printf "  %-30s %8.3f s %8.1f MiB   %.3fx hugo (target <= 0.05, <= 300 MiB)\n", "one page edited", we, wem / 1024, we / hw
    printf "  %-30s %8.3f s %8.1f MiB   %.2fx a cold build over the old output, %.2fx one into a new folder (target <= 1)\n", "a template changed", wt, wtm / 1024, wt / ci, wt / tt
    printf "  %-30s %8.3f s\n", "cold build over the old output", ci
    printf "  %-30s %8.3f s\n", "hugo, full build", hw
}'
echo "  last edit: $edit_summary"
echo "tandem phases (one more run; wall time, resident memory at the end of each):"
sed 's/^/  /' "$WORK/phases.txt"
