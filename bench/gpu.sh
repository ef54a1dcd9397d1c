#!/bin/sh
# On a machine with an NVIDIA GPU and JAX's CUDA plugin (pip install "jax[cuda13]", which brings
# jax-cuda13-pjrt): finds the CUDA PJRT plugin inside the Python packages, points GOMLX_BACKEND at
# it and runs bench/side_by_side.sh, with the PyTorch reference on cuda when torch sees a GPU.
#
#   bench/gpu.sh [-quick]
#
# Environment: PJRT_PLUGIN (the plugin's .so, to skip the search), PYTHON (the python with JAX,
# default python3), TORCH_PYTHON (the python with torch, default $PYTHON); plus side_by_side.sh's.
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
TORCH_PYTHON=${TORCH_PYTHON:-$PYTHON}

# find_plugin prints the CUDA PJRT plugin's path, searched in jax_plugins first, then in every
# site-packages directory of $PYTHON.
find_plugin() {
  "$PYTHON" - <<'PY'
import glob, os, site, sys
dirs = []
try:
    import jax_plugins
    dirs += list(jax_plugins.__path__)
except ImportError:
    pass
dirs += site.getsitepackages() + [site.getusersitepackages()]
dirs += [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
for d in dirs:
    for name in ("xla_cuda_plugin.so", "pjrt_c_api_gpu_plugin.so"):
        found = sorted(glob.glob(os.path.join(d, "**", name), recursive=True))
        if found:
            print(os.path.realpath(found[0]))
            sys.exit(0)
sys.exit(1)
PY
}

plugin=${PJRT_PLUGIN:-}
if [ -z "$plugin" ]; then
  plugin=$(find_plugin) || {
    echo "gpu.sh: no CUDA PJRT plugin (xla_cuda_plugin.so or pjrt_c_api_gpu_plugin.so) under $PYTHON's packages;" >&2
    echo "        pip install 'jax[cuda13]', or set PJRT_PLUGIN=/path/to/the/plugin.so" >&2
    exit 1
  }
fi
echo "gpu.sh: PJRT plugin $plugin"

# The plugin loads CUDA's libraries from the nvidia-* wheels JAX installed next to it.
nvidia_libs=$("$PYTHON" - <<'PY' 2>/dev/null || true
import glob, os, site
print(":".join(sorted(p for d in site.getsitepackages() for p in glob.glob(os.path.join(d, "nvidia", "*", "lib")))))
PY
)
if [ -n "$nvidia_libs" ]; then
  LD_LIBRARY_PATH="$nvidia_libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export LD_LIBRARY_PATH
fi

GOMLX_BACKEND=$plugin # ganlib reads an absolute path as "xla:PATH"
export GOMLX_BACKEND

if "$TORCH_PYTHON" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  TORCH_DEVICE=cuda PYTHON=$TORCH_PYTHON exec bench/side_by_side.sh "$@"
fi
echo "gpu.sh: torch with CUDA not found in $TORCH_PYTHON; running ours only" >&2
NO_TORCH=1 exec bench/side_by_side.sh "$@"
