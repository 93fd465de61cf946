// ctgrad::makemore::split_words and holdout_split: the reproducible splits of a words data set (the course's
// 80/10/10 train/dev/test, makemore.py's train/test).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
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

/// makemore.py's split: the words in a random order (a generator seeded with `seed`), the last min(1000, n/10) of
/// them the test set, the rest the train set; no dev set. std::invalid_argument when that leaves no test word
/// (fewer than 10 words).
///
///     auto parts = holdout_split(words, 3407);   // names.txt: 31,033 / 1,000
inline word_split holdout_split(std::span<const std::string> words, std::uint64_t seed) {
  std::vector<std::string> shuffled{words.begin(), words.end()};
  generator gen{seed};
  shuffle(std::span{shuffled}, gen);
  const std::size_t test = std::min<std::size_t>(1000, shuffled.size() / 10);
  if (test == 0) throw std::invalid_argument{"a test set of a tenth of the words, up to 1000, needs at least 10 words"};
  word_split parts;
  parts.test.assign(shuffled.end() - static_cast<std::ptrdiff_t>(test), shuffled.end());
  shuffled.resize(shuffled.size() - test);
  parts.train = std::move(shuffled);
  return parts;
}

}  // namespace ctgrad::makemore
