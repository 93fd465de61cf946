#!/usr/bin/env bash
# ctgrad.sh: the project's two commands. Each installs what is missing, configures build/ (Release),
# builds incrementally, then
#   ./ctgrad.sh demo   runs the demo: the course's chapters, one program each, in build/demo/
#   ./ctgrad.sh test   runs the whole test suite (ctest) and exits non-zero on any failure
set -euo pipefail
cd "$(dirname "$0")"

usage() { echo "usage: ./ctgrad.sh demo|test" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in demo|test) ;; *) usage ;; esac

bash cmake/setup.sh
[ -f build/CMakeCache.txt ] || cmake --preset release >/dev/null
cmake --build --preset release

case "$1" in
  demo)
    mkdir -p build/demo
    cd build/demo
    for chapter in value_chain neuron train_tiny static_graph train_tiny_static moons; do
      printf '\n=== %s ===\n' "$chapter"
      ../bin/$chapter
    done
    printf '\n=== makemore: an MLP language model of English first names, trained briefly ===\n'
    ../bin/makemore mlp --steps 20000 --samples 10
    printf '\nDrawings are in %s\n' "$PWD"
    ;;
  test)
    ctest --preset release
    ;;
esac
