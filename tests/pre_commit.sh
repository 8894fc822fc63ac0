#!/usr/bin/env bash
# Runs the real pre-commit (from PyPI, in a local virtualenv) with this repository's hooks
# against a throwaway git repository holding one good and one bad connector definition.
# Usage: tests/pre_commit.sh [--with-rust-hook]
set -euo pipefail
project=$(cd "$(dirname "$0")/.." && pwd)
venv="$project/.ci/venv"
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
fi
cargo build --quiet --manifest-path "$project/Cargo.toml"
export PATH="${CARGO_TARGET_DIR:-$project/target}/debug:$PATH"
export PRE_COMMIT_HOME="$project/.ci/pre-commit-cache"
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@localhost GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@localhost

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q
mkdir connectors
cp "$project/fixtures/examples/connector.json" connectors/good.json
cp "$project/fixtures/examples/broken.json" connectors/bad.json
echo '{"not": "a connector"}' > package.json
git add .

fail=0
total=0
check() { # name, hook, file, expected exit (0|1), expected text
  local out status
  total=$((total + 1))
  set +e
  out=$("$venv/bin/pre-commit" try-repo "$project" "$2" --files "$3" 2>&1)
  status=$?
  set -e
  if [ "$status" -ne "$4" ] || ! grep -qF -- "$5" <<<"$out"; then
    echo "FAIL $1: exit $status (want $4), looking for: $5"
    echo "$out" | tail -40
    fail=$((fail + 1))
  else
    echo "ok   $1"
  fi
}
check "system hook passes a good definition" b24lint-system connectors/good.json 0 "Passed"
check "system hook fails a bad definition with the diagnostic" b24lint-system connectors/bad.json 1 "Unknown parameters: url_check"
check "files outside the pattern are skipped" b24lint-system package.json 0 "(no files to check)Skipped"
if [ "${1:-}" = "--with-rust-hook" ]; then
  check "rust hook builds and fails a bad definition" b24lint connectors/bad.json 1 "Unknown parameters: url_check"
fi
passed=$((total - fail))
echo "pre-commit: $passed passed, $fail failed"
[ "$fail" -eq 0 ]
