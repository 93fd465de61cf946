#!/usr/bin/env bash
# bench/report.sh: the one benchmark report. Builds the Release (-O3 -march=native) benchmarks, runs every
# bench_* (3 repetitions, medians), the PyTorch makemore step when /usr/bin/python3 has torch, and
# bench/compile_cost.sh; then prints one Markdown table (each workload, each implementation's median time, its
# ratio to `static`) and writes OUT/report.md, OUT/bench_<suite>.json (raw Google Benchmark JSON; the second
# BLAS set-up's as bench_torch.<blas>.json), OUT/pytorch*.json and OUT/ratios.svg.
#
# Usage: bench/report.sh [--out DIR] [--build DIR] [--memory] [--no-build] [--no-compile-cost] [--filter REGEX]
#   --out DIR          results (default BUILD/report)
#   --build DIR        the CMake build directory (default build, the `release` preset's; another directory is
#                      configured as Release with benchmarks and examples)
#   --memory           also the peak resident memory of a full makemore MLP training (200,000 steps), ctgrad's
#                      `makemore mlp` against PyTorch (on the reference BLAS): several minutes
#   --no-build         use the benchmarks already built
#   --no-compile-cost  skip bench/compile_cost.sh (about a minute)
#   --filter REGEX     passed to every suite as --benchmark_filter; PyTorch's step runs only if the REGEX
#                      matches makemore_mlp_step/pytorch
# Peers, when installed (optional; the project builds and tests without them): libtorch from libtorch-dev
# (bench_torch) and PyTorch from python3-torch (bench/pytorch_makemore_step.py, bench/pytorch_transformer.py,
# bench/pytorch_course_models.py), on one thread each.
# Their matrix products run on whichever BLAS Debian's libblas.so.3 alternative points to. A fresh install of
# those packages brings the reference BLAS (libblas3, liblapack3), and that is what `torch` and `pytorch`
# run on: when the alternative points elsewhere, those runs get LD_LIBRARY_PATH=<libdir>/blas:<libdir>/lapack.
# If it points to an optimized BLAS (libopenblas0-openmp, say), both run a second time on it, as `torch_<blas>`
# and `pytorch_<blas>` (`torch_openblas`). Each program reports the BLAS library it ran on (the file providing
# sgemm_ in its process), and the report lists it under the table. Install everything with
# `cmake/setup.sh libtorch-dev python3-torch libblas3 liblapack3 libopenblas0-openmp` (libblas3 named, as
# OpenBLAS alone also satisfies libtorch's dependency on a libblas.so.3).
# bench_functions' AD libraries are peers too, each when installed: Ceres (libceres-dev), Sacado
# (libtrilinos-sacado-dev, with libtrilinos-teuchos-dev and libtrilinos-kokkos-dev, which its headers include)
# and ADOL-C (libadolc-dev), as the implementations `ceres`, `sacado` and `adolc`.
set -euo pipefail
cd "$(dirname "$0")/.."

out="" build=build memory=0 do_build=1 compile_cost=1 filter=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --memory) memory=1; shift ;;
    --no-build) do_build=0; shift ;;
    --no-compile-cost) compile_cost=0; shift ;;
    --filter) filter=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "report.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
out=${out:-$build/report}
mkdir -p "$out"
out=$(cd "$out" && pwd)
names=$(pwd)/../shared/data/names.txt  # makemore's names.txt beside the repository, as the tests read it
[ -f "$names" ] || names=$(pwd)/build/names.txt
note() { echo "report.sh: $*" >&2; }

if [ "$do_build" = 1 ]; then
  note "building the benchmarks (Release, -march=native) in $build"
  if [ "$build" = build ]; then
    cmake --preset release >/dev/null
  else
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCTGRAD_BUILD_BENCHMARKS=ON -DCTGRAD_BUILD_EXAMPLES=ON >/dev/null
  fi
  # Only what the report runs: the suites and the makemore tool (for --memory).
  targets=$(cmake --build "$build" --target help | sed -n 's/^\(bench_[a-z_]*\|makemore\): .*/\1/p' | sort -u | tr '\n' ' ')
  # shellcheck disable=SC2086
  cmake --build "$build" --target $targets
fi

# One thread everywhere: an optimized BLAS starts a thread per core of its own (OpenBLAS's pthreads build ignores
# torch.set_num_threads), so its thread counts are set to 1 for every process.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 BLIS_NUM_THREADS=1 MKL_NUM_THREADS=1

# The peers' two BLAS set-ups. `default_env`: the environment in which torch and PyTorch run on the reference
# BLAS, as a fresh install of Debian's packages has it; LAPACK too, since OpenBLAS's liblapack.so.3 would
# bring libopenblas into the process. `variant`: the optimized BLAS the alternative points to, if any.
libdir=/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
installed=$(readlink -f "$libdir/libblas.so.3" 2>/dev/null || true)
default_env=() variant=""
if [ -e "$libdir/blas/libblas.so.3" ] && [ -n "$installed" ] && [ "${installed#"$libdir/blas/"}" = "$installed" ]; then
  default_env=(env "LD_LIBRARY_PATH=$libdir/blas:$libdir/lapack${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
  case "$installed" in
    *openblas*) variant=openblas ;;
    *blis*) variant=blis ;;
    *atlas*) variant=atlas ;;
    *mkl*) variant=mkl ;;
    *) variant=$(basename "$(dirname "$installed")" | tr -c 'a-z0-9\n' _) ;;
  esac
fi
[ -e "$libdir/blas/libblas.so.3" ] || [ ! -x "$build/bin/bench_torch" ] ||
  note "no reference BLAS ($libdir/blas/libblas.so.3, package libblas3): torch runs on ${installed:-no BLAS} only"
package_of() {  # the Debian package and version that installed a file
  local p
  p=$(dpkg -S "$1" 2>/dev/null | head -1 | cut -d: -f1) || true
  [ -n "$p" ] && echo "$p $(dpkg-query -W -f='${Version}' "$p" 2>/dev/null)"
}
# The BLAS a peer's results say it ran on (bench_torch's JSON context, pytorch_makemore_step.py's line).
ran_on() {
  /usr/bin/python3 -c '
import json, sys
with open(sys.argv[1]) as f:
    text = f.read()
try:
    r = json.loads(text)
except json.JSONDecodeError:
    r = json.loads(text.splitlines()[0])
print(r.get("blas") or r.get("context", {}).get("blas", ""))' "$1"
}
# A run meant for the reference BLAS that did not get it says so (the report names what it did run on).
check_reference() {
  local lib
  lib=$(ran_on "$1")
  [ "${lib#"$libdir/blas/"}" != "$lib" ] || note "warning: $(basename "$1") ran on $lib, not the reference BLAS in $libdir/blas"
}

# Header of the report: machine, compilers, flags, date.
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
peers=""
[ -x "$build/bin/bench_torch" ] && peers="libtorch $(dpkg-query -W -f='${Version}' libtorch-dev 2>/dev/null)"
# bench_functions' AD libraries: those it was built with, as its list of cases shows.
ad_peers=""
if [ -x "$build/bin/bench_functions" ]; then
  cases=$("$build/bin/bench_functions" --benchmark_list_tests 2>/dev/null || true)
  while read -r impl package name; do
    if grep -q "/$impl\$" <<<"$cases"; then
      ad_peers="${ad_peers:+$ad_peers, }$name $(dpkg-query -W -f='${Version}' "$package" 2>/dev/null) (\`$impl\`)"
    fi
  done <<'EOF'
ceres libceres-dev Ceres
sacado libtrilinos-sacado-dev Sacado
adolc libadolc-dev ADOL-C
EOF
fi
if [ -n "$variant" ]; then
  blas="\`torch\`, \`pytorch\`: reference BLAS ($(package_of "$libdir/blas/libblas.so.3"), through LD_LIBRARY_PATH); \`torch_$variant\`, \`pytorch_$variant\`: the libblas.so.3 alternative, $installed ($(package_of "$installed"))"
else
  blas="the libblas.so.3 alternative, $installed ($(package_of "$installed"))"
fi
/usr/bin/python3 - "$out/meta.json" "$(${compiler:-c++} --version | head -1)" "$(clang++ --version 2>/dev/null | head -1)" "$peers" "$blas" "$ad_peers" <<'EOF'
import json, platform, subprocess, sys, datetime
info = dict(l.split(":", 1) for l in open("/proc/cpuinfo").read().split("\n\n")[0].splitlines() if ":" in l)
info = {k.strip(): v.strip() for k, v in info.items()}
cpu = info.get("model name", platform.processor()) + (f" (family {info['cpu family']}, {float(info['cpu MHz']):.0f} MHz)" if "cpu family" in info and "cpu MHz" in info else "")
cores = sum(1 for l in open("/proc/cpuinfo") if l.startswith("processor"))
try:
    import torch
    peers = ", ".join(p for p in (sys.argv[4], f"PyTorch {torch.__version__} (python3-torch)") if p)
except ImportError:
    peers = sys.argv[4]
json.dump({"date": datetime.date.today().isoformat(), "cpu": f"{cpu}, {cores} cores",
           "compilers": f"{sys.argv[2]} (benchmarks); compile cost: g++ and {sys.argv[3]}",
           "flags": "CMake Release: -O3 -DNDEBUG -march=native; one thread everywhere",
           "peers": "; ".join(p for p in (peers + (f"; BLAS: {sys.argv[5]}" if peers and sys.argv[5] else ""), sys.argv[6]) if p)},
          open(sys.argv[1], "w"))
EOF

# Every suite: 3 repetitions, medians. bench_torch once per BLAS set-up.
rm -f "$out"/bench_*.json "$out"/pytorch*.json "$out/memory.json"
run_suite() {  # run_suite OUT.json [env ...] PROGRAM
  local json=$1
  shift
  "$@" --benchmark_format=json --benchmark_out="$json" --benchmark_out_format=json \
    --benchmark_repetitions=3 --benchmark_report_aggregates_only=true ${filter:+--benchmark_filter="$filter"} >/dev/null
  [ -s "$json" ] || rm -f "$json"  # no case matched --filter
}
for b in "$build"/bin/bench_*; do
  [ -x "$b" ] || continue
  suite=$(basename "$b")
  if [ "$suite" = bench_torch ]; then
    note "running bench_torch on the reference BLAS${default_env[*]:+ (${default_env[*]:1})}"
    run_suite "$out/bench_torch.json" "${default_env[@]}" "$b"
    [ ! -f "$out/bench_torch.json" ] || check_reference "$out/bench_torch.json"
    if [ -n "$variant" ]; then
      note "running bench_torch on $installed (torch_$variant)"
      run_suite "$out/bench_torch.$variant.json" "$b"
    fi
  else
    note "running $suite"
    run_suite "$out/$suite.json" "$b"
  fi
done

# PyTorch's makemore step, when this Python has torch.
has_torch=0
/usr/bin/python3 -c 'import torch' 2>/dev/null && has_torch=1
if [ "$has_torch" = 1 ] && [ -n "$filter" ] && ! echo makemore_mlp_step/pytorch | grep -Eq -- "$filter"; then
  note "PyTorch's makemore step skipped: --filter '$filter' does not match makemore_mlp_step/pytorch"
elif [ "$has_torch" = 1 ]; then
  data=()
  [ -f "$names" ] && data=(--data "$names")
  note "running bench/pytorch_makemore_step.py, bench/pytorch_transformer.py and bench/pytorch_course_models.py on the reference BLAS"
  "${default_env[@]}" /usr/bin/python3 bench/pytorch_makemore_step.py "${data[@]}" > "$out/pytorch.json"
  "${default_env[@]}" /usr/bin/python3 bench/pytorch_transformer.py >> "$out/pytorch.json"
  "${default_env[@]}" /usr/bin/python3 bench/pytorch_course_models.py >> "$out/pytorch.json"
  check_reference "$out/pytorch.json"
  if [ -n "$variant" ]; then
    note "running bench/pytorch_makemore_step.py, bench/pytorch_transformer.py and bench/pytorch_course_models.py on $installed (pytorch_$variant)"
    /usr/bin/python3 bench/pytorch_makemore_step.py "${data[@]}" > "$out/pytorch.$variant.json"
    /usr/bin/python3 bench/pytorch_transformer.py >> "$out/pytorch.$variant.json"
    /usr/bin/python3 bench/pytorch_course_models.py >> "$out/pytorch.$variant.json"
  fi
else
  note "PyTorch not found (/usr/bin/python3 -c 'import torch'): no pytorch column; apt-get install python3-torch"
fi

if [ "$compile_cost" = 1 ]; then
  note "running bench/compile_cost.sh"
  bench/compile_cost.sh > "$out/compile_cost.md"
else
  rm -f "$out/compile_cost.md"
fi

# Peak resident memory of a full makemore MLP training: ctgrad's tool against PyTorch.
if [ "$memory" = 1 ]; then
  rows=()
  mm="$build/bin/makemore"
  if [ ! -f "$names" ]; then
    note "--memory: no names.txt ($names); skipped"
  elif [ -x "$mm" ] && ! { "$mm" mlp --help 2>&1 || true; } | grep -E '^ +mlp ' | grep -q 'not available'; then
    note "--memory: makemore mlp, 200,000 steps"
    /usr/bin/time -f %M -o "$out/makemore.rss" "$mm" mlp --data "$names" --json > "$out/makemore.json"
    rows+=("$(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); kb = int(open(sys.argv[2]).read().split()[-1])
loss = lambda k: r.get(k, r.get("losses", {}).get(k.replace("_loss", "")))
print(json.dumps({"impl": "ctgrad (makemore mlp)", "peak_rss_mb": kb / 1024, "us_per_step": r.get("us_per_step"),
                  "train_loss": loss("train_loss"), "dev_loss": loss("dev_loss"), "note": "/usr/bin/time -f %M"}))' "$out/makemore.json" "$out/makemore.rss")")
  else
    note "--memory: makemore mlp is not available in this build; ctgrad row skipped"
    rows+=('{"impl": "ctgrad (makemore mlp)", "note": "not available in this build"}')
  fi
  if [ "$has_torch" = 1 ] && [ -f "$names" ]; then
    note "--memory: PyTorch on the reference BLAS, 200,000 steps"
    /usr/bin/time -f %M -o "$out/pytorch_full.rss" "${default_env[@]}" /usr/bin/python3 bench/pytorch_makemore_step.py --data "$names" --full > "$out/pytorch_full.json"
    rows+=("$(/usr/bin/python3 -c '
import json, sys
sys.path.insert(0, "bench")
from report import blas_label
r = json.load(open(sys.argv[1])); kb = int(open(sys.argv[2]).read().split()[-1])
r.update({"impl": "PyTorch {} on {}".format(r["torch"], blas_label(r.get("blas", "?"))), "peak_rss_mb": kb / 1024,
          "note": "/usr/bin/time -f %M (getrusage: {:.0f} MB)".format(r["peak_rss_mb"])})
print(json.dumps(r))' "$out/pytorch_full.json" "$out/pytorch_full.rss")")
  fi
  printf '%s\n' "${rows[@]}" | /usr/bin/python3 -c 'import json, sys; json.dump({"rows": [json.loads(l) for l in sys.stdin if l.strip()]}, open(sys.argv[1], "w"))' "$out/memory.json"
fi

/usr/bin/python3 bench/report.py "$out"
note "wrote $out/report.md, $out/bench_*.json$( [ -f "$out/ratios.svg" ] && echo ", $out/ratios.svg")"
