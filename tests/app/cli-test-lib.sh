# cli-test-lib.sh — sourced by test-cli.sh and test-cli-pls.sh: the environment they need, a scratch
# directory, and TAP helpers. Sets GASOLINE, PY, tmp, and the counters n, passed, failed.
: "${CONV1D:?CONV1D must name the conv1d binary}"
: "${RESOURCES_DIR:?}" "${SHARED_DIR:?}"
GASOLINE="$RESOURCES_DIR/data/gasoline.csv"
# Debian's interpreter (meson runs on it), for reading JSON and CSV in the checks.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
n=0

ok () { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok ()
{
  n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
  shift
  for f in "$@"; do [ -f "$f" ] && sed 's/^/#   /' "$f" | head -40; done
}
# check NAME COMMAND...: passes when COMMAND exits 0; shows the last run's output otherwise.
check ()
{
  local name=$1; shift
  if "$@" >"$tmp/check.out" 2>&1; then ok "$name"; else not_ok "$name" "$tmp/check.out" "$tmp/out" "$tmp/err"; fi
}
# run EXPECTED_STATUS ARGS...: runs conv1d with stdout/stderr in $tmp/out and $tmp/err.
run ()
{
  local want=$1; shift
  "$CONV1D" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "# conv1d $* exited $got, expected $want" >&2
    return 1
  fi
}
py () { "$PY" - "$@"; }
