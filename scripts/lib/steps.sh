# scripts/lib/steps.sh - the step runner the test scripts share (sourced, not run).
#   STEPS_NAME=test.sh STEPS_PREFIX=""; . scripts/lib/steps.sh
#   step NAME CMD...   runs CMD; on failure prints the summary and exits with its status
#   summary            prints the time and `N passed, N failed[, N skipped]`, counting steps
passed=0 failed=0 skipped=0
T_ALL=$(date +%s)

summary() {
  local s="$passed passed, $failed failed"
  [ "$skipped" -gt 0 ] && s="$s, $skipped skipped"
  echo
  echo "${STEPS_NAME:-steps}: $(($(date +%s) - T_ALL))s in all"
  echo "$s"
}

step() {
  local name="${STEPS_PREFIX:-}$1" t0 rc
  shift
  echo
  echo "==> [$name] $*"
  t0=$(date +%s)
  "$@"
  rc=$?
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    echo "<== [$name] ok ($(($(date +%s) - t0))s)"
  else
    failed=$((failed + 1))
    echo "<== [$name] FAILED with exit code $rc ($(($(date +%s) - t0))s)"
    summary
    exit "$rc"
  fi
}
