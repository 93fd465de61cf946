#!/usr/bin/env bash
# bench/compile_cost.sh: time and peak memory of compiling the gradient of generated static expressions of
# 45, 196 and 1072 distinct nodes (bench/compile_cost/gradient.cpp), and of the extended Rosenbrock function over
# 16 and 256 variables (bench/compile_cost/rosenbrock.cpp), and of two nn models with their training steps
# (bench/compile_cost/model.cpp), with g++ and clang++, Release flags
# (-O3 -march=native). Prints a Markdown table. Usage: bench/compile_cost.sh [compiler ...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/setup.sh time clang >/dev/null

compilers=("$@")
[ ${#compilers[@]} -gt 0 ] || compilers=(g++ clang++)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| expression | distinct nodes | compiler | compile time (s) | peak memory (MB) |"
echo "| --- | ---: | --- | ---: | ---: |"

# measure <label> <source> <flags...>: one compile of <source>, its time and peak memory, the nodes it reports.
measure() {
  local label=$1 source=$2 cxx=$3
  shift 3
  /usr/bin/time -f "%e %M" -o "$work/time" "$cxx" -std=c++20 -O3 -march=native -DNDEBUG -Iinclude -Itests -Iexamples \
    "$@" -o "$work/program" "$source"
  read -r seconds kilobytes < "$work/time"
  nodes=$("$work/program" | cut -d' ' -f1)
  printf "| %s | %s | %s | %s | %d |\n" "$label" "$nodes" "$("$cxx" --version | head -1 | sed 's/ (.*)//')" "$seconds" \
    $((kilobytes / 1024))
}

# depth width: random_expr<7, depth, width> (tests/expr/random_expr.hpp)
for size in "6 4" "9 12" "14 50"; do   # 45, 196 and 1072 distinct nodes
  set -- $size
  for cxx in "${compilers[@]}"; do
    measure "random, every op" bench/compile_cost/gradient.cpp "$cxx" -DCTGRAD_DEPTH="$1" -DCTGRAD_WIDTH="$2"
  done
done
for n in 16 256; do
  for cxx in "${compilers[@]}"; do
    measure "extended Rosenbrock, N = $n" bench/compile_cost/rosenbrock.cpp "$cxx" -DCTGRAD_N="$n"
  done
done
for cxx in "${compilers[@]}"; do
  measure "two nn models (makemore MLP, micrograd MLP)" bench/compile_cost/model.cpp "$cxx"
done
