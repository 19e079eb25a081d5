# Helpers shared by the benchmark scripts that run JVM servers (bench/peers, bench/recycle-pairs).
# Sourced, not run.

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 30000 + RANDOM % 10000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  return 1
}

wait_port() {  # wait_port PORT SECONDS
  for _ in $(seq 1 $(( $2 * 10 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# CPU ticks (1/CLK_TCK s) used so far by one process, user and system, with reaped children.
proc_ticks() {  # proc_ticks PID
  # fields after the command: 12 utime, 13 stime, 14 cutime, 15 cstime (1-based, from state)
  sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13 + $14 + $15}'
}

# CPU ticks used so far by a JVM's JIT compiler threads (C1, C2).
jit_ticks() {  # jit_ticks PID
  local total=0 t
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ CompilerThre*|C2\ CompilerThre*)
        total=$(( total + $(sed 's/^.*) //' "$t/stat" | awk '{print $12 + $13}') ));;
    esac
  done
  echo "$total"
}

# Stops a JVM: SIGTERM (it drains), then SIGKILL after 20 s.
stop_jvm() {  # stop_jvm PID
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
