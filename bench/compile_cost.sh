#!/usr/bin/env bash
# bench/compile_cost.sh: time and peak memory of compiling the gradient of generated static expressions of
# 49, 197 and 993 distinct nodes (bench/compile_cost/gradient.cpp), with g++ and clang++, Release
# flags (-O3 -march=native). Prints a Markdown table. Usage: bench/compile_cost.sh [compiler ...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/setup.sh time clang >/dev/null

compilers=("$@")
[ ${#compilers[@]} -gt 0 ] || compilers=(g++ clang++)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| distinct nodes | compiler | compile time (s) | peak memory (MB) |"
echo "| ---: | --- | ---: | ---: |"
# depth width: random_expr<7, depth, width> (tests/expr/random_expr.hpp)
for size in "7 4" "10 13" "16 50"; do   # 49, 197 and 993 distinct nodes
  set -- $size
  for cxx in "${compilers[@]}"; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$cxx" -std=c++20 -O3 -march=native -DNDEBUG -Iinclude -Itests \
      -DCTGRAD_DEPTH="$1" -DCTGRAD_WIDTH="$2" -o "$work/gradient" bench/compile_cost/gradient.cpp
    read -r seconds kilobytes < "$work/time"
    nodes=$("$work/gradient" | cut -d' ' -f1)
    printf "| %s | %s | %s | %d |\n" "$nodes" "$("$cxx" --version | head -1 | sed 's/ (.*)//')" "$seconds" $((kilobytes / 1024))
  done
done
