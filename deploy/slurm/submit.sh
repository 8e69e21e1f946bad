#!/bin/bash
# Submit a Longtail data set to Slurm: an array of n generate tasks (one shard each), then a merge
# job that runs only when every task ended well (--dependency=afterok). See deploy/slurm/README.md.
#
#   deploy/slurm/submit.sh [-n SHARDS] [sbatch options for both jobs...]
#
#   LONGTAIL_ARGS='scenes/animals.dataset --samples 3000' LONGTAIL_OUT=/shared/longtail/animals \
#     deploy/slurm/submit.sh -n 32 --partition=cpu --account=myproj
#
# Environment: as in generate-array.sbatch and merge.sbatch (LONGTAIL_ARGS, LONGTAIL_OUT,
# LONGTAIL_SETUP, LONGTAIL_NODE, LONGTAIL_MERGE_ARGS, CHROME_PATH), and
#   LONGTAIL_SHARDS          the shard count, as -n (default 4)
#   LONGTAIL_HOME            the checkout (default: the one this script is in)
#   LONGTAIL_GENERATE_SBATCH more sbatch options for the array only, e.g. '--cpus-per-task=4 --mem=6G'
#   LONGTAIL_MERGE_SBATCH    more sbatch options for the merge job only
# Logs go to $LONGTAIL_OUT/logs/ (generate-<array>_<task>.out, merge-<job>.out).
# Prints 'ARRAY_JOB=<id>' and 'MERGE_JOB=<id>' on stdout, everything else on stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export LONGTAIL_HOME=${LONGTAIL_HOME:-$(cd "$here/../.." && pwd)}
shards=${LONGTAIL_SHARDS:-4}
if [[ "${1:-}" == -n ]]; then
  shards=${2:?-n needs the shard count}
  shift 2
elif [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
if ! [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then
  echo "submit.sh: the shard count must be a positive whole number, not '$shards'" >&2
  exit 2
fi
export LONGTAIL_SHARDS=$shards
export LONGTAIL_ARGS=${LONGTAIL_ARGS:-scenes/animals.dataset}
out=${LONGTAIL_OUT:-out/slurm}
# Absolute, so that the jobs, the logs and the merge agree wherever they run from.
[[ "$out" == /* ]] || out=$LONGTAIL_HOME/$out
export LONGTAIL_OUT=$out
mkdir -p "$out/logs"

if [[ ! -d "$LONGTAIL_HOME/node_modules" ]]; then
  echo "submit.sh: $LONGTAIL_HOME has no node_modules: run 'npm ci' there first (the tasks must not install at once)" >&2
  exit 2
fi
command -v sbatch > /dev/null || { echo "submit.sh: sbatch is not on PATH (module load slurm?)" >&2; exit 2; }

read -r -a gen_opts <<< "${LONGTAIL_GENERATE_SBATCH:-}"
read -r -a merge_opts <<< "${LONGTAIL_MERGE_SBATCH:-}"

array=$(sbatch --parsable --array="0-$((shards - 1))" --chdir="$LONGTAIL_HOME" \
  --output="$out/logs/generate-%A_%a.out" "${gen_opts[@]}" "$@" "$here/generate-array.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=no --chdir="$LONGTAIL_HOME" \
  --output="$out/logs/merge-%j.out" "${merge_opts[@]}" "$@" "$here/merge.sbatch")
merge=${merge%%;*}

echo "submit.sh: array job $array: $shards generate tasks ($LONGTAIL_ARGS) into $out/shard-0..$((shards - 1))" >&2
echo "submit.sh: merge job $merge after all of them succeed, into $out/dataset; logs in $out/logs" >&2
echo "ARRAY_JOB=$array"
echo "MERGE_JOB=$merge"
