# Helpers shared by the benchmark scripts that run servers (bench/peers, bench/recycle-pairs).
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

# CPU ticks used so far by several processes, each with the children it reaped (a recycled mod_wsgi
# daemon's time moves to Apache's parent when it exits); a process already gone counts 0.
pids_ticks() {  # pids_ticks PID...
  local total=0 pid
  for pid in "$@"; do
    total=$(( total + $(proc_ticks "$pid" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

# The processes of an Apache started by ../shared/oracle/apache-run: its parent and live children.
apache_pids() {  # apache_pids PORT
  local parent; parent=$(cat "/tmp/apache-oracle/$1/httpd.pid")
  echo "$parent $(pgrep -P "$parent" | tr '\n' ' ')"
}

# Replacements started so far, from a server's log: mod_wsgi's "Starting process" lines in
# Apache's error log, or wsgi4j's "creating its replacement" lines (logged at info).
recycles_logged() {  # recycles_logged apache|wsgi4j LOG
  if [ "$1" = apache ]; then
    grep -c "Starting process" "$2" || true
  else
    grep -c "creating its replacement" "$2" || true
  fi
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
