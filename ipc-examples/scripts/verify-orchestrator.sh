#!/usr/bin/env bash
# Automated verification of the orchestrator (the first reference document's section 6), using
# nothing but the launcher, socat (or nc -U) and jq:
#   1. starts `./localipc orchestrator` with a short --step-ms in a private runtime directory;
#   2. checks the runtime directory is 0700 and the socket and token files are 0600;
#   3. connects with socat, sends ipc.hello with the token read from the token file, and checks
#      that a wrong token is refused with -32001;
#   4. subscribes to topic "state", sends START, and checks with jq that every streamed state is
#      valid and in order (seq 1, 2, 3, ... and version +1 each time);
#   5. sends PAUSE and sees it take effect (no step while paused), an illegal RESUME-twice is
#      refused with 1001, RESUME makes the steps continue;
#   6. stops the server with SIGTERM and checks that the socket and token files are gone.
# Exits non-zero on the first failure; every wait is bounded.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
step_ms="${STEP_MS:-150}"               # environment overrides: STEP_MS, BUILD_WAIT_SECONDS, WAIT_SECONDS, VERIFY_WITH
build_wait="${BUILD_WAIT_SECONDS:-300}"   # the first run may build the project
wait_s="${WAIT_SECONDS:-20}"

fail() { echo "verify-orchestrator: FAIL: $*" >&2; exit 1; }
say() { echo "verify-orchestrator: $*"; }

command -v jq >/dev/null || fail "jq is not installed (apt-get install jq)"
# VERIFY_WITH=nc uses nc -U even when socat is installed.
if [ "${VERIFY_WITH:-socat}" = socat ] && command -v socat >/dev/null; then
  connect() { socat -t 5 - "UNIX-CONNECT:$1"; }
elif nc -h 2>&1 | grep -q -- '-U'; then
  connect() { nc -U "$1"; }
else
  fail "neither socat nor nc with -U is installed (apt-get install socat)"
fi

work="$(mktemp -d)"
chmod 700 "$work"
server_pid=""
session_pid=""
cleanup() {
  exec 3>&- 2>/dev/null || true
  [ -n "$session_pid" ] && kill "$session_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill -KILL "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export LOCALIPC_RUNTIME_DIR="$work/run"
unset LOCALIPC_TOKEN

# has_line FILE JQ-FILTER: whether some complete JSON line of FILE matches the filter.
has_line() {
  [ -s "$1" ] && [ -n "$(jq -c "select($2)" "$1" 2>/dev/null | head -n 1 || true)" ]
}

# wait_for FILE JQ-FILTER SECONDS WHAT: waits until some line of FILE matches the filter.
wait_for() {
  local file="$1" filter="$2" seconds="$3" what="$4" deadline=$((SECONDS + $3))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if has_line "$file" "$filter"; then
      return 0
    fi
    sleep 0.1
  done
  echo "--- $file:" >&2; cat "$file" >&2 || true
  fail "no $what within ${seconds}s"
}

say "starting the orchestrator (--step-ms $step_ms) in $LOCALIPC_RUNTIME_DIR"
"$root/localipc" orchestrator --json --step-ms "$step_ms" --steps 40 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
deadline=$((SECONDS + build_wait))
until grep -q '"event":"listening"' "$work/server.out" 2>/dev/null; do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; fail "the orchestrator exited before listening"; }
  [ "$SECONDS" -lt "$deadline" ] || fail "the orchestrator did not listen within ${build_wait}s"
  sleep 0.2
done
listening="$(grep '"event":"listening"' "$work/server.out" | head -1)"
sock="$(jq -r .location <<<"$listening")"
token_file="$(jq -r .tokenFile <<<"$listening")"
say "listening on $sock, token file $token_file"

[ -S "$sock" ] || fail "$sock is not a socket"
[ "$(stat -c %a "$LOCALIPC_RUNTIME_DIR")" = 700 ] || fail "runtime directory mode is $(stat -c %a "$LOCALIPC_RUNTIME_DIR"), expected 700"
[ "$(stat -c %a "$sock")" = 600 ] || fail "socket mode is $(stat -c %a "$sock"), expected 600"
[ "$(stat -c %a "$token_file")" = 600 ] || fail "token file mode is $(stat -c %a "$token_file"), expected 600"
token="$(cat "$token_file")"
[[ "$token" =~ ^[0-9a-f]{64}$ ]] || fail "the token file does not hold 64 hex characters"

say "a wrong token is refused with -32001 and the connection closed"
printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"ipc.hello","params":{"token":"'"$(printf '0%.0s' {1..64})"'","protocol":1}}' \
  | timeout "$wait_s" bash -c "$(declare -f connect); connect '$sock'" >"$work/wrong.out" || true
has_line "$work/wrong.out" '.id == 1 and .error.code == -32001' \
  || { cat "$work/wrong.out" >&2; fail "a wrong token was not refused with -32001"; }

say "connecting with ${VERIFY_WITH:-socat} and the token from the token file"
mkfifo "$work/in"
connect "$sock" <"$work/in" >"$work/session.out" &
session_pid=$!
exec 3>"$work/in"
send() { printf '%s\n' "$1" >&3; }

send '{"jsonrpc":"2.0","id":1,"method":"ipc.hello","params":{"token":"'"$token"'","protocol":1,"client":"verify-orchestrator.sh"}}'
wait_for "$work/session.out" '.id == 1 and (.result.clientId | test("^[0-9a-f]{12}$"))' "$wait_s" "handshake acknowledgement"
say "handshake done: client $(jq -r 'select(.id == 1) | .result.clientId' "$work/session.out")"

send '{"jsonrpc":"2.0","id":2,"method":"ipc.subscribe","params":{"topics":["state"]}}'
wait_for "$work/session.out" '.id == 2 and .result != null' "$wait_s" "subscribe answer"

send '{"jsonrpc":"2.0","id":3,"method":"START"}'
wait_for "$work/session.out" '.id == 3 and .result.phase == "PLANNING"' "$wait_s" "START answered with PLANNING"
wait_for "$work/session.out" '.method == "ipc.event" and .params.data.phase == "RUNNING" and .params.data.step >= 2' \
  "$wait_s" "RUNNING state with 2 steps done"

send '{"jsonrpc":"2.0","id":4,"method":"PAUSE"}'
wait_for "$work/session.out" '.id == 4 and .result.phase == "PAUSED"' "$wait_s" "PAUSE answered with PAUSED"
paused_step="$(jq -r 'select(.id == 4) | .result.step' "$work/session.out")"
wait_for "$work/session.out" '.method == "ipc.event" and .params.data.phase == "PAUSED"' "$wait_s" "PAUSED event"
events_at_pause="$(jq -c 'select(.method == "ipc.event")' "$work/session.out" | wc -l)"
sleep "$(awk "BEGIN { print 4 * $step_ms / 1000 }")"
send '{"jsonrpc":"2.0","id":5,"method":"GET_STATE"}'
wait_for "$work/session.out" '.id == 5 and .result != null' "$wait_s" "GET_STATE answer"
has_line "$work/session.out" ".id == 5 and .result.phase == \"PAUSED\" and .result.step == $paused_step" \
  || fail "the workflow moved while PAUSED"
[ "$(jq -c 'select(.method == "ipc.event")' "$work/session.out" | wc -l)" = "$events_at_pause" ] \
  || fail "state events arrived while PAUSED"
say "PAUSE took effect: still at step $paused_step after 4 step intervals"

send '{"jsonrpc":"2.0","id":6,"method":"RESUME"}'
wait_for "$work/session.out" '.id == 6 and .result.phase == "RUNNING"' "$wait_s" "RESUME answered with RUNNING"
wait_for "$work/session.out" ".method == \"ipc.event\" and .params.data.phase == \"RUNNING\" and .params.data.step > $paused_step" \
  "$wait_s" "a step after RESUME"
send '{"jsonrpc":"2.0","id":7,"method":"PAUSE"}'
wait_for "$work/session.out" '.id == 7 and .result.phase == "PAUSED"' "$wait_s" "second PAUSE"
send '{"jsonrpc":"2.0","id":8,"method":"PAUSE"}'
wait_for "$work/session.out" '.id == 8 and .error.code == 1001' "$wait_s" "PAUSE-while-PAUSED refused with 1001"
say "RESUME took effect; an illegal PAUSE was refused: $(jq -r 'select(.id == 8) | .error.message' "$work/session.out")"

say "checking the streamed states"
jq -s -e '
  [ .[] | select(.method == "ipc.event") | .params ] as $events
  | ($events | length) >= 5
  and ([ $events[] | .topic ] | all(. == "state"))
  and ([ $events[] | .seq ] == [ range(1; ($events | length) + 1) ])
  and ([ range(1; $events | length) as $i | $events[$i].data.version == $events[$i - 1].data.version + 1 ] | all)
  and ([ $events[] | .data
         | (.phase | IN("IDLE","PLANNING","RUNNING","PAUSED","COMPLETED","FAILED"))
           and (.step | type == "number") and .step >= 0 and .step <= .totalSteps
           and (.run | type == "number") and (.version | type == "number")
           and (.updatedAt | type == "number") and (.reason | type == "string") ] | all)
' "$work/session.out" >/dev/null || { cat "$work/session.out" >&2; fail "the state stream is not valid and in order"; }
say "$(jq -s '[ .[] | select(.method == "ipc.event") ] | length' "$work/session.out") states, seq 1.. without gaps, versions +1 each"

say "stopping the orchestrator with SIGTERM"
kill -TERM "$server_pid"
deadline=$((SECONDS + wait_s))
while kill -0 "$server_pid" 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "the orchestrator did not exit within ${wait_s}s of SIGTERM"
  sleep 0.1
done
server_pid=""
[ ! -e "$sock" ] || fail "the socket file $sock is still there after SIGTERM"
[ ! -e "$token_file" ] || fail "the token file $token_file is still there after SIGTERM"
exec 3>&-
say "the socket and token files are gone"
say "OK"
