#!/usr/bin/env bash
# Seeds every fuzz target from the real samples in ../shared (copied at run time into the git-ignored
# fuzz/corpus/, never committed) and runs each target for SECONDS (default 600) on nightly.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sxs_split front_matter directives health_import page_pipeline)
shared=../../shared
[ -d "$shared" ] || { echo "../shared is missing beside the repository" >&2; exit 1; }
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

seed() {
  local t=$1 src=$2
  mkdir -p "corpus/$t"
  find "$src" -type f \( -name '*.md' -o -name '*.json' -o -name '*.yml' \) -size -200k | while read -r f; do
    cp "$f" "corpus/$t/seed-$(echo "$f" | md5sum | cut -c1-12)"
  done
}
for t in "${targets[@]}"; do
  case $t in
    health_import)
      # The first byte picks the importer: 0 JSON, 1 YAML, 2 Markdown.
      mkdir -p corpus/health_import
      find "$shared/health-samples" -type f \( -name '*.json' -o -name '*.yml' -o -name '*.md' \) | while read -r f; do
        case $f in *.json) k='\x00' ;; *.yml) k='\x01' ;; *) k='\x02' ;; esac
        { printf "$k"; cat "$f"; } > "corpus/health_import/seed-$(echo "$f" | md5sum | cut -c1-12)"
      done ;;
    *) seed "$t" "$shared/corpus" ;;
  esac
done
for t in "${targets[@]}"; do
  echo "== $t for ${secs}s"
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=4096 2>&1 \
    | tee "run-$t.log" | grep -E "^#[0-9]+ +DONE|Done [0-9]+ runs|ERROR|SUMMARY|crash-" || true
done
