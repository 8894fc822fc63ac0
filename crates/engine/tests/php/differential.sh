#!/usr/bin/env bash
# PHP 8.2's answers for the transport module's differential test
# (crates/engine/tests/transport_php.rs): the test writes its generated cases, PHP answers
# them (php for http_build_query and parse_str, one php-cgi request per POST body) into
# oracle.jsonl next to this script, which is committed so that the test needs no PHP.
# Usage: differential.sh          rewrite oracle.jsonl
#        differential.sh --check  fail when PHP's answers differ from the committed ones
#                                 (skipped without PHP 8.2 and php-cgi)
# PHP_CGI names another php-cgi.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
check=0
[ "${1:-}" = --check ] && check=1
cgi=${PHP_CGI:-php-cgi}

skip() {
  echo "differential.sh: $1" >&2
  # A check without the tools is skipped; rewriting the answers needs them.
  [ $check = 1 ] && exit 0
  exit 1
}
command -v php >/dev/null || skip "php is not installed"
command -v "$cgi" >/dev/null || skip "$cgi is not installed"
# The readers' details (the key after a negative one, …) change between PHP versions; the
# answers are PHP 8.2's, as the portal runs.
version=$(php -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
[ "$version" = 8.2 ] || skip "PHP $version is not 8.2, whose answers these are"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
B24LINT_PHP_CASES="$work/cases.jsonl" cargo test --quiet --manifest-path "$root/Cargo.toml" \
  -p b24lint-engine --test transport_php -- --ignored --exact write_cases >/dev/null
# -n: no php.ini; the settings that matter are PHP's defaults, spelled out.
PHP_CGI=$cgi php -n -d precision=14 -d serialize_precision=-1 -d arg_separator.output='&' \
  -d arg_separator.input='&' -d max_input_vars=1000 -d max_input_nesting_level=64 \
  -d display_errors=0 -d error_reporting=-1 -d memory_limit=1G \
  "$here/oracle.php" "$work/cases.jsonl" "$work/oracle.jsonl"

if [ $check = 1 ]; then
  if ! cmp -s "$work/oracle.jsonl" "$here/oracle.jsonl"; then
    echo "differential.sh: PHP's answers differ from the committed oracle.jsonl:" >&2
    diff "$here/oracle.jsonl" "$work/oracle.jsonl" | head -c 4000 >&2 || true
    exit 1
  fi
  echo "differential.sh: oracle.jsonl is PHP $version's answer ($(wc -l <"$work/oracle.jsonl") cases)"
else
  mv "$work/oracle.jsonl" "$here/oracle.jsonl"
  echo "differential.sh: wrote $here/oracle.jsonl ($(wc -l <"$here/oracle.jsonl") cases)"
fi
