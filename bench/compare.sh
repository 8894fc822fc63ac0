#!/usr/bin/env bash
# Times b24lint against the generic JSON Schema validators people use for this job today,
# on the same generated connector definitions, in one hyperfine run per corpus size:
#   - check-jsonschema (PyPI), installed into bench/.venv
#   - ajv-cli (npm), installed into bench/node_modules
# The peers validate against schemas/biconnector.connector.add.request.schema.json.
# Needs: cargo, python3 (venv), npm, hyperfine (Debian package `hyperfine`).
# Usage: bench/compare.sh [--quick]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work="$here/.work"
mkdir -p "$work"

command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)"; exit 2; }
if [ ! -x "$here/.venv/bin/check-jsonschema" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema
fi
if [ ! -x "$here/node_modules/.bin/ajv" ]; then
  (cd "$here" && npm install --silent --no-audit --no-fund --prefix "$here" ajv-cli@5 >/dev/null)
fi
cargo build --quiet --release --manifest-path "$root/Cargo.toml" --bin b24lint --example corpus
b24lint="$root/target/release/b24lint"
schema="$root/schemas/biconnector.connector.add.request.schema.json"

sizes="1 1000 10000"
[ "${1:-}" = "--quick" ] && sizes="1 1000"
for n in $sizes; do
  dir="$work/c$n"
  [ -d "$dir" ] || "$root/target/release/examples/corpus" "$dir" "$n" 7
done

results="$work/results"
mkdir -p "$results"
for n in $sizes; do
  dir="$work/c$n"
  runs=10; [ "$n" -ge 10000 ] && runs=3
  # 10,000 paths exceed one argument's size limit: a tiny wrapper expands the glob (it adds
  # a shell's start-up, ~1 ms, to check-jsonschema's time).
  printf '#!/bin/sh\nexec %s --schemafile %s %s/*.json\n' "$here/.venv/bin/check-jsonschema" "$schema" "$dir" > "$work/cj$n.sh"
  chmod +x "$work/cj$n.sh"
  # Each tool exits non-zero on the invalid files; -i keeps timing them.
  hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$results/$n.json" \
    -n b24lint "$b24lint check --isolated --format server $dir" \
    -n "b24lint json" "$b24lint check --isolated --format json $dir" \
    -n "b24lint human" "$b24lint check --isolated --format human --color never $dir" \
    -n "b24lint sarif" "$b24lint check --isolated --format sarif $dir" \
    -n "b24lint github" "$b24lint check --isolated --format github $dir" \
    -n check-jsonschema "$work/cj$n.sh" \
    -n ajv-cli "$here/node_modules/.bin/ajv validate --spec=draft2020 --strict=false -s $schema -d $dir/*.json" \
    >/dev/null
done

python3 - "$results" $sizes <<'PY'
import json, sys, platform, os
results, sizes = sys.argv[1], sys.argv[2:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Machine: {cpu}, {os.cpu_count()} cores; mean wall time of `hyperfine -N` runs.\n")
print("| files | b24lint | check-jsonschema | ajv-cli | vs check-jsonschema | vs ajv-cli |")
print("|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    data = {r["command"]: r["mean"] for r in json.load(open(f"{results}/{n}.json"))["results"]}
    b, c, a = data["b24lint"], data["check-jsonschema"], data["ajv-cli"]
    ms = lambda s: f"{s*1000:.1f} ms"
    print(f"| {n} | {ms(b)} | {ms(c)} | {ms(a)} | {c/b:.0f}× | {a/b:.0f}× |")
print("\nb24lint in each output format (same runs):\n")
print("| files | server | json | human | sarif | github |")
print("|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    data = {r["command"]: r["mean"] for r in json.load(open(f"{results}/{n}.json"))["results"]}
    ms = lambda s: f"{s*1000:.1f} ms"
    cells = [ms(data[k]) for k in ["b24lint", "b24lint json", "b24lint human", "b24lint sarif", "b24lint github"]]
    print(f"| {n} | " + " | ".join(cells) + " |")
PY
