#!/usr/bin/env bash
# Starts and stops a throw-away single-node Slurm cluster (munged, slurmctld,
# slurmd) whose every file lives under STATE_DIR, for tests of the job-array
# scripts the CLI emits.  See README.md beside this file.
#
#   slurm-local.sh start STATE_DIR   # prints "export SLURM_CONF=..." on stdout
#   slurm-local.sh stop  STATE_DIR   # idempotent
#
# Only the export line goes to stdout; progress and errors go to stderr.
# Keep start's exit status (77 = skip):  slurm-local.sh start "$d" || exit $?
#
# start exits 77 (ctest's skip code) when it cannot run here (not root, or
# the Slurm/MUNGE daemons are not installed); with CI=true it exits 1 instead,
# because CI installs them (packaging/install-deps.sh) and must not skip.
#
# Optional environment:
#   SLURM_LOCAL_PORT     first port to try for slurmctld (slurmd gets +1);
#                        default 6817.  Busy pairs are skipped (up to 20 tries).
#   SLURM_LOCAL_TIMEOUT  seconds to wait for the node to become idle (60).
#   SLURM_LOCAL_MEMORY   the node's RealMemory in MB (1024); a job asking for
#                        more (--mem) is refused at submission.
set -euo pipefail

prog=$(basename "$0")
log() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  echo "usage: $prog start|stop STATE_DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
STATE_DIR=$2
[ -n "$STATE_DIR" ] || usage

# ---------------------------------------------------------------- stop --

# Reads a pid file and prints the pid if that process is still alive, is
# named $2 and was started with a command line mentioning STATE_DIR (so a
# recycled pid or somebody else's daemon is never signalled).
our_pid() {
  local pidfile=$1 name=$2 pid comm
  [ -f "$pidfile" ] || return 1
  pid=$(tr -dc '0-9' 2>/dev/null <"$pidfile" || true)
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  case "$comm" in "$name"*) ;; *) return 1 ;; esac
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$STATE_DIR" || return 1
  echo "$pid"
}

# SIGTERM every pid given, wait up to $1 seconds for all of them, then
# SIGKILL the survivors and wait up to 5 more.
stop_pids() {
  local grace=$1 pid i alive
  shift
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for ((i = 0; i < grace * 10 + 50; i++)); do
    alive=()
    for pid in "$@"; do
      if kill -0 "$pid" 2>/dev/null; then alive+=("$pid"); fi
    done
    [ ${#alive[@]} -gt 0 ] || return 0
    if [ "$i" -eq $((grace * 10)) ]; then
      log "pid(s) ${alive[*]} ignored SIGTERM for ${grace}s; sending SIGKILL"
      kill -KILL "${alive[@]}" 2>/dev/null || true
    fi
    sleep 0.1
  done
  log "warning: pid(s) ${alive[*]} still alive"
}

# Processes of jobs that ran on this cluster: slurmstepd and job tasks carry
# SLURM_CONF=STATE_DIR/slurm.conf in their environment (slurmd was started
# with it).  Job tasks must also have SLURM_JOB_ID, so a caller's shell that
# merely exported SLURM_CONF is never matched.
job_pids() {
  local conf_env="SLURM_CONF=$STATE_DIR/slurm.conf" d pid comm envs
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    if [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ]; then continue; fi
    envs=$(tr '\0' '\n' 2>/dev/null <"$d/environ") || continue
    grep -qxF -- "$conf_env" <<<"$envs" || continue
    comm=$(cat "$d/comm" 2>/dev/null || true)
    if [ "$comm" = slurmstepd ] || grep -q '^SLURM_JOB_ID=' <<<"$envs"; then
      echo "$pid"
    fi
  done
}

do_stop() {
  [ -d "$STATE_DIR" ] || return 0
  local run=$STATE_DIR/run conf=$STATE_DIR/slurm.conf pid d

  # Cancel whatever is still queued or running, while slurmctld is up.
  if [ -f "$conf" ] && our_pid "$run/slurmctld.pid" slurmctld >/dev/null; then
    local jobs
    jobs=$(SLURM_CONF=$conf timeout 10 squeue -h -o %A 2>/dev/null || true)
    if [ -n "$jobs" ]; then
      # shellcheck disable=SC2086
      SLURM_CONF=$conf timeout 10 scancel $jobs 2>/dev/null || true
      local until=$((SECONDS + 10))
      while [ $SECONDS -lt $until ]; do
        [ -z "$(SLURM_CONF=$conf timeout 5 squeue -h -t R,CG -o %A 2>/dev/null || true)" ] && break
        sleep 0.1
      done
    fi
  fi

  # The three daemons shut down independently (each takes 1-2 s), so they
  # are signalled together.
  local pids=()
  for d in slurmd slurmctld munged; do
    if pid=$(our_pid "$run/$d.pid" "$d"); then pids+=("$pid"); fi
  done
  stop_pids 15 "${pids[@]}"
  for pid in $(job_pids); do
    log "killing leftover job process $pid ($(cat "/proc/$pid/comm" 2>/dev/null || true))"
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$run"/*.pid
  return 0
}

# --------------------------------------------------------------- start --

skip() {
  if [ "${CI:-}" = true ]; then
    log "error: $1 (CI=true, so this is a failure, not a skip)"
    exit 1
  fi
  log "skipping: $1"
  exit 77
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

tail_logs() {
  local f
  for f in "$STATE_DIR/munge/munged.log" "$STATE_DIR/log/slurmctld.log" "$STATE_DIR/log/slurmd.log"; do
    [ -f "$f" ] || continue
    echo "----- tail $f -----" >&2
    tail -n 30 "$f" >&2 || true
  done
}

fail_start() {
  log "error: $*"
  tail_logs
  do_stop
  exit 1
}

check_can_start() {
  [ "$(id -u)" -eq 0 ] || skip "must run as root (slurmd runs jobs as any user and munged/slurmd need root)"
  local missing=() c
  for c in munged slurmctld slurmd sbatch sinfo squeue scontrol scancel; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  [ ${#missing[@]} -eq 0 ] ||
    skip "not installed: ${missing[*]} (apt-get install slurmctld slurmd slurm-client munge, see packaging/install-deps.sh)"
}

do_start() {
  local t0
  t0=$(date +%s.%N)

  # munged's socket and slurmstepd's sockets (SlurmdSpoolDir/NODE_JOB.STEP)
  # are Unix sockets, whose paths must fit in 107 bytes.
  local longest
  longest="$STATE_DIR/slurmd-spool/$(hostname -s)_4294967294.4294967294"
  [ ${#longest} -le 107 ] ||
    die "STATE_DIR $STATE_DIR is too long for Unix socket paths (keep it at most $((${#STATE_DIR} + 107 - ${#longest})) characters, e.g. mktemp -d)"

  # Stale daemons or files from an earlier run in this STATE_DIR go first.
  do_stop
  rm -rf "$STATE_DIR/munge" "$STATE_DIR/run" "$STATE_DIR/log" \
    "$STATE_DIR/ctld-state" "$STATE_DIR/slurmd-spool" "$STATE_DIR/slurm.conf"

  # munged checks that the directory holding its socket, and every directory
  # above it, is executable by all: STATE_DIR must be 0755 (and its parents
  # o+x).  The key, seed and log go into a private 0700 directory, so nothing
  # under /etc/munge is read or written: the system munged (if any) and ours
  # share nothing but the binary.
  chmod 0755 "$STATE_DIR"
  mkdir -m 0700 "$STATE_DIR/munge"
  mkdir -m 0755 "$STATE_DIR/run" "$STATE_DIR/log" "$STATE_DIR/ctld-state" "$STATE_DIR/slurmd-spool"
  local key=$STATE_DIR/munge/munge.key sock=$STATE_DIR/run/munge.sock
  (umask 077 && head -c 1024 /dev/urandom >"$key")
  chmod 0400 "$key"
  munged --key-file="$key" --socket="$sock" \
    --pid-file="$STATE_DIR/run/munged.pid" \
    --log-file="$STATE_DIR/munge/munged.log" \
    --seed-file="$STATE_DIR/munge/munged.seed" ||
    fail_start "munged did not start"
  if command -v munge >/dev/null && command -v unmunge >/dev/null; then
    munge -n -S "$sock" | unmunge -S "$sock" >/dev/null ||
      fail_start "munged started but a munge/unmunge round trip failed"
  fi

  # Two free ports on 127.0.0.1 (so two clusters, or a system one, coexist).
  local port=${SLURM_LOCAL_PORT:-6817} tries=0
  while port_busy "$port" || port_busy "$((port + 1))"; do
    tries=$((tries + 1))
    [ $tries -lt 20 ] || fail_start "no free port pair from ${SLURM_LOCAL_PORT:-6817} up"
    port=$((port + 2))
  done

  local node cpus conf=$STATE_DIR/slurm.conf
  # slurmd is told its node name (-N) and slurmctld checks SlurmctldHost
  # against `hostname -s`; NodeAddr and SlurmctldHost's address pin all
  # traffic to the loopback.
  node=$(hostname -s)
  cpus=$(nproc)
  # slurmctld and slurmd listen on every address unless told to bind to the
  # address their host name resolves to; do that only when it is a loopback
  # one (as on Debian's default /etc/hosts), so nothing listens outside.
  local bind=""
  case "$(getent hosts "$node" 2>/dev/null | awk '{print $1; exit}')" in
    127.*) bind="CommunicationParameters=NoCtldInAddrAny,NoInAddrAny" ;;
  esac
  cat >"$conf" <<EOF
# Written by tests/slurm/slurm-local.sh; removed on the next start.
ClusterName=hialign-local
SlurmctldHost=${node}(127.0.0.1)
SlurmctldPort=${port}
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${sock}
StateSaveLocation=${STATE_DIR}/ctld-state
SlurmdSpoolDir=${STATE_DIR}/slurmd-spool
SlurmctldPidFile=${STATE_DIR}/run/slurmctld.pid
SlurmdPidFile=${STATE_DIR}/run/slurmd.pid
SlurmctldLogFile=${STATE_DIR}/log/slurmctld.log
SlurmdLogFile=${STATE_DIR}/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups (containers rarely let us use them) and no accounting daemon.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# sacct needs slurmdbd; finished jobs stay visible to squeue/scontrol for
# MinJobAge seconds, and every finished job gets a line in this file.
JobCompType=jobcomp/filetxt
JobCompLoc=${STATE_DIR}/log/jobcomp.log
MinJobAge=600
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# Schedule at once when a job is submitted or ends (default: batched every 3 s).
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
# Trust the numbers below, not what slurmd detects (nproc may be smaller
# than the host's CPU count inside a container).
SlurmdParameters=config_overrides
KillWait=5
${bind}
InactiveLimit=0
NodeName=${node} NodeHostname=${node} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${SLURM_LOCAL_MEMORY:-1024} State=UNKNOWN
PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP
EOF

  export SLURM_CONF=$conf
  # -c / -i: start from empty state (StateSaveLocation was just emptied anyway).
  slurmctld -f "$conf" -c -i >>"$STATE_DIR/log/slurmctld.out" 2>&1 ||
    fail_start "slurmctld did not start"
  slurmd -f "$conf" -N "$node" -c >>"$STATE_DIR/log/slurmd.out" 2>&1 ||
    fail_start "slurmd did not start"

  local limit=${SLURM_LOCAL_TIMEOUT:-60} state=""
  local deadline=$((SECONDS + limit))
  while [ $SECONDS -lt $deadline ]; do
    state=$(timeout 10 sinfo -h -N -n "$node" -o %T 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.5
  done
  [ "$state" = idle ] ||
    fail_start "node $node not idle after ${limit}s (sinfo state: '${state:-none}')"

  log "cluster up in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b - a}')s: node $node, $cpus CPUs, partition debug, slurmctld port $port"
  echo "export SLURM_CONF=$conf"
}

case "$cmd" in
  start | stop) ;;
  *) usage ;;
esac
if [ "$cmd" = start ]; then
  check_can_start
  mkdir -p "$STATE_DIR"
fi
# Absolute path: it is written into slurm.conf and matched against the
# daemons' command lines.
if [ -d "$STATE_DIR" ]; then STATE_DIR=$(cd "$STATE_DIR" && pwd -P); fi

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
esac
