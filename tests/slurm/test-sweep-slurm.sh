#!/usr/bin/env bash
# The Slurm job-array script that `hialign-cli sweep --emit-slurm` writes,
# run on a real single-node Slurm cluster (slurm-local.sh): every array task
# runs one strategy of a small demo-lab sweep, a dependent job collects, and
# the report must list every strategy with no task missing.
#
#   test-sweep-slurm.sh HIALIGN_CLI LAB_DIR WORK_DIR
#
# Exit 77 (skip) when the cluster cannot start here (see slurm-local.sh).
set -euo pipefail

cli=$1 lab=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
state=$(mktemp -d /tmp/hialign-slurm.XXXXXX)
cleanup() {
  "$here/slurm-local.sh" stop "$state" || true
  rm -rf "$state"
}
"$here/slurm-local.sh" start "$state" >/dev/null || { rc=$?; rm -rf "$state"; exit "$rc"; }
trap cleanup EXIT
export SLURM_CONF=$state/slurm.conf

rm -rf "$work"
"$cli" sweep "$lab/model" --data "$lab/data/preferences_mixed.jsonl" \
  --eval-prompts "$lab/data/eval_grammar.jsonl" --eval-prompts "$lab/data/eval_logic.jsonl" \
  --eval-prompts "$lab/data/eval_facts.jsonl" --eval-limit 4 --judge exact --out "$work" \
  --strategies base,global,local --steps 2 --max-new-tokens 12 --temperature 1 --device cpu \
  --emit-slurm --slurm-gpus 0 --slurm-cpus 1 --slurm-time 00:10:00
grep -q '^#SBATCH --array=0-2$' "$work/sweep.slurm"

start=$(date +%s)
jid=$(sbatch --parsable "$work/sweep.slurm")
cid=$(sbatch --parsable --dependency="afterany:$jid" "$work/sweep-collect.slurm")
echo "submitted array job $jid and collect job $cid"

state_of() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1; }
for _ in $(seq 1 240); do
  s=$(state_of "$cid")
  case "$s" in
    COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;;
  esac
  sleep 1
done
echo "collect job state: ${s:-unknown} after $(( $(date +%s) - start )) s"
for f in "$work"/slurm/*.out; do echo "--- $f"; tail -n 5 "$f"; done
[ "$s" = COMPLETED ] || { echo "the collect job did not complete"; exit 1; }

for t in base-seed1 global-seed1 local-seed1; do
  grep -Eq '"status": ?"finished"' "$work/tasks/$t/task.json" || { echo "task $t did not finish"; exit 1; }
done
grep -Eq '"missing_tasks": ?\[\]' "$work/report.json" || { echo "report.json lists missing tasks"; exit 1; }
for s in base global local; do
  grep -Eq "\"strategy\": ?\"$s\"" "$work/report.json" || { echo "report.json has no rows for $s"; exit 1; }
done
grep -q 'Global-Align' "$work/slurm/collect.out" || { echo "the collect job printed no table"; exit 1; }
echo "slurm sweep: 3 array tasks and the collect job finished; report.json is complete"
