#!/usr/bin/env bash
# Peak memory (maximum resident set size, from GNU time) of `b24lint check` on generated
# corpora of 10,000 and 100,000 connector definitions, in every output format. A run that
# streams its output keeps a window of files, so the larger corpus should need little more.
# The 100,000-file corpus takes about 400 MB of disk in bench/.work.
# Needs: cargo, /usr/bin/time (Debian package `time`).
# Usage: bench/memory.sh [SIZES...]   (default: 10000 100000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work="$here/.work"
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (apt-get install time)"; exit 2; }
cargo build --quiet --release --manifest-path "$root/Cargo.toml" --bin b24lint --example corpus
b24lint="$root/target/release/b24lint"
sizes="${*:-10000 100000}"
printf '| files | %s |\n|---:|---:|---:|---:|---:|---:|\n' "server | json | human | sarif | github"
for n in $sizes; do
  dir="$work/c$n"
  [ -d "$dir" ] || "$root/target/release/examples/corpus" "$dir" "$n" 7 >/dev/null
  row="| $n |"
  for f in server json human sarif github; do
    # Exit 1 (findings) is expected; the report goes to /dev/null.
    /usr/bin/time -f "%M" -o "$work/rss" "$b24lint" check --isolated --format "$f" "$dir" \
      >/dev/null 2>&1 || true
    kb=$(tail -1 "$work/rss")
    row="$row $(awk -v kb="$kb" 'BEGIN { printf "%.1f MB", kb / 1024 }') |"
  done
  echo "$row"
done
