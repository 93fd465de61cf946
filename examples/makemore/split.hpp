// ctgrad::makemore::split_words: the reproducible 80/10/10 train/dev/test split of a words data set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <makemore/sampling.hpp>
#include <ctgrad/random.hpp>

namespace ctgrad::makemore {

/// The three parts of a data set: train (80%), dev (10%, for choosing hyper-parameters), test (10%).
struct word_split {
  std::vector<std::string> train;
  std::vector<std::string> dev;
  std::vector<std::string> test;
};

/// The course's split: shuffle the words with a generator seeded by `seed`, then cut at n1 = floor(0.8 n)
/// and n2 = floor(0.9 n) (`words[:n1]`, `words[n1:n2]`, `words[n2:]`). The same words and seed give the
/// same split on every machine.
///
///     auto parts = split_words(words, 42);   // names.txt: 25626 / 3203 / 3204
inline word_split split_words(std::span<const std::string> words, std::uint64_t seed) {
  std::vector<std::string> shuffled{words.begin(), words.end()};
  generator gen{seed};
  shuffle(std::span{shuffled}, gen);
  const std::size_t n = shuffled.size();
  const std::size_t n1 = n * 8 / 10;
  const std::size_t n2 = n * 9 / 10;
  word_split parts;
  parts.train.assign(shuffled.begin(), shuffled.begin() + static_cast<std::ptrdiff_t>(n1));
  parts.dev.assign(shuffled.begin() + static_cast<std::ptrdiff_t>(n1), shuffled.begin() + static_cast<std::ptrdiff_t>(n2));
  parts.test.assign(shuffled.begin() + static_cast<std::ptrdiff_t>(n2), shuffled.end());
  return parts;
}

}  // namespace ctgrad::makemore
