#!/bin/sh
# Runs our benchmarks (`gan bench`) and the PyTorch reference (bench/reference/torch_bench.py) back
# to back, one benchmark at a time so that both see about the same machine load, then prints both
# tables and the ratio ours / PyTorch per benchmark (below 1: we are faster).
#
#   bench/side_by_side.sh [-quick]
#
# Environment: ONLY (default paper,toy,parzen), STEPS (MNIST steps, default 10), THREADS (torch
# threads, default 2), TORCH_DEVICE (cpu or cuda), PYTHON (default /usr/bin/python3: Debian's torch
# imports only there), NO_TORCH (set: ours only), GOMLX_BACKEND (which backend ours runs on; see README).
set -eu
cd "$(dirname "$0")/.."

ONLY=${ONLY:-paper,toy,parzen}
STEPS=${STEPS:-10}
THREADS=${THREADS:-2}
TORCH_DEVICE=${TORCH_DEVICE:-cpu}
PYTHON=${PYTHON:-/usr/bin/python3}
QUICK=""
case "${1:-}" in
  -quick|--quick) QUICK=1 ;;
  "") ;;
  *) echo "usage: $0 [-quick]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/gan" ./cmd/gan # built first: compiling must not compete with the timings

have_torch=1
if [ -n "${NO_TORCH:-}" ]; then
  have_torch=0
elif ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  have_torch=0
  echo "side_by_side: torch does not import in $PYTHON; running ours only (Debian: apt-get install -y --no-install-recommends python3-torch libopenblas0-pthread)" >&2
fi

echo "load before: $(uptime)"
for name in $(echo "$ONLY" | tr ',' ' '); do
  "$tmp/gan" bench -csv -only "$name" -steps "$STEPS" ${QUICK:+-quick} | tail -n +2 >>"$tmp/ours.csv"
  if [ "$have_torch" = 1 ]; then
    "$PYTHON" bench/reference/torch_bench.py --csv --only "$name" --steps "$STEPS" --threads "$THREADS" \
      --device "$TORCH_DEVICE" ${QUICK:+--quick} | tail -n +2 >>"$tmp/torch.csv"
  fi
done
echo "load after:  $(uptime)"
echo

# Columns: backend,benchmark,configuration,steps,ms_per_step,samples_per_s,total_s
table() {
  awk -F, 'BEGIN { printf "%-28s %-15s %-46s %6s %11s %10s %8s\n", "backend", "benchmark", "configuration", "steps", "ms/step", "samples/s", "total s" }
           { printf "%-28s %-15s %-46s %6d %11.3f %10.0f %8.2f\n", $1, $2, $3, $4, $5, $6, $7 }' "$1"
}
table "$tmp/ours.csv"
[ "$have_torch" = 1 ] || exit 0
table "$tmp/torch.csv" | tail -n +2
echo
awk -F, 'NR == FNR { torch[$2] = $5; next }
         FNR == 1 { printf "%-15s %12s %12s %14s\n", "benchmark", "ours ms", "torch ms", "ours / torch" }
         ($2 in torch) && torch[$2] > 0 { printf "%-15s %12.3f %12.3f %13.2fx\n", $2, $5, torch[$2], $5 / torch[$2] }' \
  "$tmp/torch.csv" "$tmp/ours.csv"
