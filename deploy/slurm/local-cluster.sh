#!/bin/bash
# A single-node Slurm on this machine from Debian's packages, and an end-to-end run of
# deploy/slurm/submit.sh on it: a small data set made as 4 array tasks, merged, verified, and
# compared file by file with the data set one plain `longtail generate` makes of the same options.
# `npm run slurm:e2e`. Needs root and Debian (12); CI does not run it (it has no Slurm).
#
#   deploy/slurm/local-cluster.sh            set up, run, check, stop the daemons
#   deploy/slurm/local-cluster.sh --keep     leave munged, slurmctld and slurmd running afterwards
#                                            (then: export SLURM_CONF=$LONGTAIL_SLURM_DIR/etc/slurm.conf; sinfo)
#   deploy/slurm/local-cluster.sh --up       only set up and start the daemons (implies --keep)
#   deploy/slurm/local-cluster.sh --stop     stop the daemons of an earlier --keep/--up and exit
#   deploy/slurm/local-cluster.sh --resume   keep the last run's output: the same jobs then resume
#                                            (every shard is complete: nothing is made again)
#   deploy/slurm/local-cluster.sh --requeue  kill task 0 (scontrol requeue) once it has committed a
#                                            sample; Slurm runs it again and it resumes
#
# Environment:
#   LONGTAIL_SLURM_DIR  everything of this cluster: config, munge key, state, logs, output
#                       (default /var/tmp/longtail-slurm). Nothing is written to /etc.
#   LONGTAIL_E2E_ARGS   generate's arguments (default: scenes/animals.dataset --samples 8 --frames 2
#                       --size 320x240)
#   LONGTAIL_E2E_SHARDS the array size (default 4)
#   LONGTAIL_GENERATE_SBATCH  sbatch options for the array (default --cpus-per-task=1 --mem=2G here:
#                       two tasks at a time on a 2-core machine; '' keeps the script's own 2 CPUs, 4G)
#   LONGTAIL_SLURM_PORT the slurmctld port; slurmd uses the next one (default 16817: not Slurm's
#                       6817, so a real Slurm on the machine is left alone)
#
# What this container needed (gVisor, no systemd, cgroup v1 controllers without a writable
# hierarchy for Slurm), all in the config written below:
#   ProctrackType=proctrack/linuxproc   the tasks' processes found through /proc parent links, not
#                                       cgroups: with proctrack/cgroup slurmd starts, but every job
#                                       step fails ("cgroup namespace 'freezer' not mounted")
#   TaskPlugin=task/none                no cgroup/affinity confinement; --mem is not enforced
#   JobAcctGatherType=jobacct_gather/linux  per-task CPU/memory read from /proc
#   SlurmUser=root, SlurmdUser=root     the daemons run as root; the jobs as their submitter
#   AuthInfo=socket=...                 a munged of our own on its own key and socket
#   AccountingStorageType=none          no slurmdbd/MySQL, so sacct has no job accounting; the
#                                       finished jobs' states and times are read with scontrol
#                                       (MinJobAge keeps them an hour). JobCompType=jobcomp/filetxt
#                                       logs them too, but 22.05's `sacct -c` cannot parse the
#                                       array fields it writes (one line per array, not per task).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=$(cd "$here/../.." && pwd)
dir=${LONGTAIL_SLURM_DIR:-/var/tmp/longtail-slurm}
port=${LONGTAIL_SLURM_PORT:-16817}
e2e_args=${LONGTAIL_E2E_ARGS:-scenes/animals.dataset --samples 8 --frames 2 --size 320x240}
shards=${LONGTAIL_E2E_SHARDS:-4}
gen_sbatch=${LONGTAIL_GENERATE_SBATCH---cpus-per-task=1 --mem=2G}
timeout_s=${LONGTAIL_E2E_TIMEOUT:-3600}

keep=0 up_only=0 stop_only=0 resume=0 requeue=0
for a in "$@"; do
  case "$a" in
    --keep) keep=1 ;;
    --up) up_only=1 keep=1 ;;
    --stop) stop_only=1 ;;
    --resume) resume=1 ;;
    --requeue) requeue=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "local-cluster.sh: unknown option $a (see --help)" >&2; exit 2 ;;
  esac
done

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
say() { printf '\n== %s\n' "$*"; }
die() { echo "local-cluster.sh: $*" >&2; exit 1; }

export SLURM_CONF=$dir/etc/slurm.conf
sock=$dir/run/munge.socket

# Stop what an earlier run of this script started, by the pids it recorded; nothing else.
stop_pid() { # name pidfile
  local pid
  [[ -f "$2" ]] || return 0
  pid=$(cat "$2" 2> /dev/null || true)
  if [[ -n "$pid" ]] && kill -0 "$pid" 2> /dev/null; then
    kill "$pid" 2> /dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2> /dev/null; then kill -9 "$pid" 2> /dev/null || true; fi
    echo "stopped $1 (pid $pid)"
  fi
  rm -f "$2"
}
stop_daemons() {
  if [[ -f "$dir/run/slurmctld.pid" ]] && kill -0 "$(cat "$dir/run/slurmctld.pid")" 2> /dev/null; then
    # Jobs first, so no generate is left running without its slurmd.
    if [[ -n "$(squeue -h -o %i 2> /dev/null)" ]]; then
      scancel --full --quiet "--user=$(id -un)" 2> /dev/null || true
      for _ in $(seq 60); do [[ -z "$(squeue -h -o %i 2> /dev/null)" ]] && break; sleep 1; done
    fi
  fi
  stop_pid slurmd "$dir/run/slurmd.pid"
  stop_pid slurmctld "$dir/run/slurmctld.pid"
  stop_pid munged "$dir/run/munged.pid"
}

if ((stop_only)); then
  stop_daemons
  exit 0
fi
[[ $(id -u) == 0 ]] || die "run as root: it installs packages and starts slurmd"

# --- packages ------------------------------------------------------------------------------------
if ! command -v slurmctld > /dev/null || ! command -v slurmd > /dev/null || ! command -v munged > /dev/null || ! command -v sbatch > /dev/null; then
  say "installing slurm-wlm and munge (apt-get)"
  command -v apt-get > /dev/null || die "no apt-get: install Slurm (slurmctld, slurmd, sbatch) and munge yourself"
  DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge > "$dir.apt.log" 2>&1 || {
    DEBIAN_FRONTEND=noninteractive apt-get update > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge > "$dir.apt.log" 2>&1
  } || die "apt-get install slurm-wlm munge failed; see $dir.apt.log"
fi
command -v node > /dev/null || die "node is not on PATH"
[[ -d "$home/node_modules" ]] || die "$home has no node_modules: run npm ci first"
echo "slurm $(slurmd -V | awk '{print $2}'), munge $(munged --version 2>&1 | awk '{print $1}' | head -1 | sed 's/munge-//'), node $(node --version)"

# --- config and keys -----------------------------------------------------------------------------
stop_daemons
mkdir -p "$dir"/{etc,munge,state,spool,log,run}
chmod 700 "$dir/munge"
if [[ ! -s "$dir/munge/munge.key" ]]; then
  mungekey --create --keyfile="$dir/munge/munge.key" --bits=1024
  chmod 400 "$dir/munge/munge.key"
fi
host=$(hostname -s)
# The node as slurmd sees it (CPUs, sockets, cores, threads, memory), less its uptime.
node_line=$(slurmd -C | head -1)
node_line=${node_line/NodeName=$host /}
cat > "$SLURM_CONF" << EOF
# Written by deploy/slurm/local-cluster.sh: one machine as controller and only compute node.
ClusterName=longtail-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups in this container (see the top of local-cluster.sh).
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=5
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
MinJobAge=3600
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
NodeName=$host NodeAddr=127.0.0.1 $node_line State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
echo "wrote $SLURM_CONF:"
grep -E '^(NodeName|PartitionName|SelectType|ProctrackType|TaskPlugin)' "$SLURM_CONF" | sed 's/^/  /'

# --- daemons -------------------------------------------------------------------------------------
say "starting munged, slurmctld, slurmd"
# --force: munged refuses sockets under world-writable folders (/var/tmp) otherwise.
munged --force --key-file="$dir/munge/munge.key" --socket="$sock" --pid-file="$dir/run/munged.pid" \
  --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" 2>> "$dir/log/munged.log" \
  || die "munged did not start; see $dir/log/munged.log"
munge -n -S "$sock" | unmunge -S "$sock" > /dev/null || die "munge credentials do not round-trip; see $dir/log/munged.log"
# slurmctld -c: a clean start (no jobs or state of an earlier run); -i: ignore the state files' errors.
slurmctld -f "$SLURM_CONF" -c -i || die "slurmctld did not start; see $dir/log/slurmctld.log"
slurmd -f "$SLURM_CONF" || die "slurmd did not start; see $dir/log/slurmd.log"
state=
for _ in $(seq 60); do
  state=$(sinfo -h -N -n "$host" -o %T 2> /dev/null || true)
  [[ "$state" == idle ]] && break
  if [[ "$state" == down* || "$state" == drain* ]]; then scontrol update nodename="$host" state=resume 2> /dev/null || true; fi
  sleep 1
done
[[ "$state" == idle ]] || { tail -20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2; die "node $host is '$state', not idle"; }
sinfo -N -l | sed 's/^/  /'

finish() {
  local rc=$?
  if ((keep)); then
    echo
    echo "daemons left running (--keep): export SLURM_CONF=$SLURM_CONF; stop with $0 --stop"
  else
    say "stopping the daemons"
    stop_daemons
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM
if ((up_only)); then
  echo "cluster up: export SLURM_CONF=$SLURM_CONF"
  exit 0
fi

# --- the run -------------------------------------------------------------------------------------
base=$dir/e2e
if ((!resume)); then rm -rf "$base"; fi
mkdir -p "$base"
say "submitting: $shards shards of: longtail generate $e2e_args"
t0=$(date +%s.%N)
ids=$(cd "$home" && LONGTAIL_HOME=$home LONGTAIL_OUT=$base LONGTAIL_ARGS=$e2e_args LONGTAIL_SHARDS=$shards \
  LONGTAIL_GENERATE_SBATCH=$gen_sbatch bash "$here/submit.sh")
array=$(sed -n 's/^ARRAY_JOB=//p' <<< "$ids")
merge=$(sed -n 's/^MERGE_JOB=//p' <<< "$ids")
[[ -n "$array" && -n "$merge" ]] || die "submit.sh did not report its job ids"

say "waiting for array job $array and merge job $merge"
last=
requeued=0 released=0 tick=0
shopt -s nullglob
while :; do
  # --requeue: once task 0 has committed its first sample, kill it and put it back in the queue.
  # (A glob, no process: this loop polls every 0.25 s and forks are dear in this container.)
  if ((requeue && !requeued)); then
    committed=("$base"/shard-0/samples/0*)
    if ((${#committed[@]} >= 1)) && [[ ! -f "$base/shard-0/manifest.json" ]]; then
      scontrol requeue "${array}_0" && requeued=1
      printf '%6.1f s  requeued %s_0 (committed then: %s)\n' "$(since "$t0")" "$array" "${committed[*]##*/}"
    fi
  fi
  if ((tick++ % 4 == 0)); then
    now=$(squeue -h -j "$array,$merge" -o '%i %T %r' 2> /dev/null | sort -V | tr '\n' ';' || true)
    [[ -z "$now" ]] && break
    if [[ "$now" != "$last" ]]; then
      printf '%6.1f s  %s\n' "$(since "$t0")" "$now"
      last=$now
    fi
    # Slurm holds a requeued job for a while (PENDING, reason BeginTime); let it start now.
    if ((requeued && !released)) && [[ "$now" == *"${array}_0 PENDING BeginTime"* ]]; then
      scontrol update jobid="${array}_0" StartTime=now && released=1
    fi
    if grep -q DependencyNeverSatisfied <<< "$now"; then
      scancel "$merge"
      die "a generate task failed, so the merge can never run; see $base/logs/"
    fi
    if (($(date +%s) - ${t0%.*} > timeout_s)); then
      scancel "$array" "$merge"
      die "timed out after $timeout_s s"
    fi
  fi
  sleep 0.25
done
shopt -u nullglob
wall=$(since "$t0")
if ((requeue && !requeued)); then echo "(--requeue: task 0 finished before it could be requeued)"; fi

say "job states (scontrol)"
row() { printf '%-14s %-10s %-6s %-8s %-8s %-20s %-20s %s\n' "$@"; }
row JOB STATE EXIT RESTARTS RUNTIME START END NODE
scontrol -o show job "$array" 2> /dev/null | sort -V | while read -r line; do
  field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<< "$line"; }
  id=$(field JobId)
  t=$(field ArrayTaskId)
  [[ -n "$t" ]] && id="$(field ArrayJobId)_$t"
  row "$id" "$(field JobState)" "$(field ExitCode)" "$(field Restarts)" "$(field RunTime)" "$(field StartTime)" "$(field EndTime)" "$(field NodeList)"
done | sort -V
line=$(scontrol -o show job "$merge" 2> /dev/null || true)
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<< "$line"; }
row "$merge" "$(field JobState)" "$(field ExitCode)" "$(field Restarts)" "$(field RunTime)" "$(field StartTime)" "$(field EndTime)" "$(field NodeList)"
say "job outputs ($base/logs)"
for f in $(ls "$base"/logs/*.out | sort -V); do
  echo "--- $(basename "$f")"
  # generate's periodic progress lines are noise here; keep the rest.
  grep -v -E '^\s*samples [0-9]+/[0-9]+ ' "$f" | sed 's/^/  /'
done

bad=0
scontrol -o show job "$array" "$merge" 2> /dev/null | grep -v -q 'JobState=COMPLETED' && bad=1
sq=$(scontrol -o show job "$merge" 2> /dev/null | grep -o 'JobState=[A-Z_]*' || true)
[[ "$sq" == JobState=COMPLETED ]] || die "the merge job did not complete ($sq); see $base/logs/"
((bad == 0)) || die "not every job completed; see the states above"

say "longtail verify $base/dataset"
(cd "$home" && node bin/longtail.mjs verify "$base/dataset") | tail -5

say "a single run of the same options (no Slurm, no shards) to compare with"
rm -rf "$base/single"
read -r -a args <<< "$e2e_args"
s0=$(date +%s.%N)
(cd "$home" && node bin/longtail.mjs generate "${args[@]}" --out "$base/single" --progress none) > "$base/single.log" 2>&1 \
  || { cat "$base/single.log"; die "the single generate run failed"; }
single_wall=$(since "$s0")
grep -E '^(wrote|made)' "$base/single.log" | sed 's/^/  /' || tail -3 "$base/single.log"

say "comparing $base/dataset with $base/single"
list() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
list "$base/dataset" > "$base/dataset.sha256"
list "$base/single" > "$base/single.sha256"
files=$(wc -l < "$base/dataset.sha256")
if diff -u "$base/single.sha256" "$base/dataset.sha256" > "$base/sha256.diff" && diff -r "$base/single" "$base/dataset" > /dev/null; then
  echo "identical: $files files, the same SHA-256 each (diff -r agrees)"
  echo "listing digest: $(sha256sum < "$base/dataset.sha256" | cut -c1-16)"
else
  head -40 "$base/sha256.diff"
  die "the merged data set differs from the single run's (see $base/sha256.diff)"
fi

frames=$(node -e 'const m=require(process.argv[1]);console.log(m.samples.reduce((n,s)=>n+s.frames.length,0), m.samples.length)' "$base/dataset/manifest.json")
say "summary"
echo "samples ${frames#* }, frames ${frames% *}, $shards array tasks"
echo "Slurm: submit to merged and verified: $wall s wall"
echo "single generate run of the same options: $single_wall s wall"
echo "data set: $base/dataset ($(du -sh "$base/dataset" | cut -f1))"
echo "OK"
