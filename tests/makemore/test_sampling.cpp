// Multinomial sampling, shuffling and the 80/10/10 split, all driven by a local ctgrad::generator.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <makemore/sampling.hpp>
#include <makemore/split.hpp>
#include <makemore/words.hpp>
#include <ctgrad/random.hpp>

#include "makemore_test_support.hpp"

using namespace ctgrad::makemore;
using ctgrad::generator;

namespace {

// Pearson's chi-square statistic of observed counts against the weights' expected counts (zero-weight
// categories left out: they must be empty, which the caller checks).
template <typename T>
double chi_square(std::span<const std::size_t> observed, std::span<const T> weights, std::size_t draws) {
  double total = 0;
  for (const T w : weights) total += static_cast<double>(w);
  double chi2 = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0) continue;
    const double expected = static_cast<double>(draws) * static_cast<double>(weights[i]) / total;
    const double d = static_cast<double>(observed[i]) - expected;
    chi2 += d * d / expected;
  }
  return chi2;
}

}  // namespace

TEST_CASE("multinomial: frequencies follow the weights (chi-square, fixed seed); zero weights never drawn",
          "[makemore][sampling]") {
  // Unnormalised weights, as torch.multinomial accepts. 4 non-zero categories: 3 degrees of freedom, whose
  // chi-square exceeds 16.27 with probability 0.001.
  const std::array<double, 6> weights{1.0, 0.0, 2.0, 3.0, 4.0, 0.0};
  constexpr std::size_t draws = 100'000;
  generator gen{12345};
  std::array<std::size_t, 6> observed{};
  for (const std::size_t i : multinomial(std::span<const double>{weights}, draws, gen)) ++observed.at(i);
  CHECK(observed[1] == 0);
  CHECK(observed[5] == 0);
  CHECK(chi_square(std::span<const std::size_t>{observed}, std::span<const double>{weights}, draws) < 16.27);

  // float weights, one large and several small (what a softmax row looks like)
  const std::array<float, 4> peaked{0.97F, 0.01F, 0.01F, 0.01F};
  std::array<std::size_t, 4> seen{};
  for (std::size_t k = 0; k < draws; ++k) ++seen.at(multinomial(std::span<const float>{peaked}, gen));
  CHECK(chi_square(std::span<const std::size_t>{seen}, std::span<const float>{peaked}, draws) < 16.27);
}

TEST_CASE("multinomial: one weight gives that index; bad weights are rejected", "[makemore][sampling]") {
  generator gen{1};
  const std::array<double, 3> one_hot{0.0, 5.0, 0.0};
  for (int k = 0; k < 100; ++k) CHECK(multinomial(std::span<const double>{one_hot}, gen) == 1);
  const std::array<double, 2> negative{1.0, -0.5};
  const std::array<double, 2> zeros{0.0, 0.0};
  const std::array<double, 2> nan{1.0, std::numeric_limits<double>::quiet_NaN()};
  const std::array<double, 2> inf{1.0, std::numeric_limits<double>::infinity()};
  CHECK_THROWS_AS(multinomial(std::span<const double>{negative}, gen), std::invalid_argument);
  CHECK_THROWS_WITH(multinomial(std::span<const double>{zeros}, gen), Catch::Matchers::Contains("sum to 0"));
  CHECK_THROWS_AS(multinomial(std::span<const double>{nan}, gen), std::invalid_argument);
  CHECK_THROWS_AS(multinomial(std::span<const double>{inf}, gen), std::invalid_argument);
  CHECK_THROWS_AS(multinomial(std::span<const double>{}, gen), std::invalid_argument);
}

TEST_CASE("multinomial: the draws depend only on the seed, not on other generators", "[makemore][sampling]") {
  const std::array<double, 5> weights{0.1, 0.2, 0.3, 0.2, 0.2};
  generator a{2147483647};
  const auto first = multinomial(std::span<const double>{weights}, 50, a);
  generator b{2147483647};
  generator other{7};
  std::vector<std::size_t> second;
  for (int k = 0; k < 50; ++k) {
    (void)other();  // interleaved use of another generator changes nothing
    second.push_back(multinomial(std::span<const double>{weights}, b));
  }
  CHECK(first == second);
  generator c{2147483646};
  CHECK(multinomial(std::span<const double>{weights}, 50, c) != first);
}

TEST_CASE("shuffle: a reproducible permutation", "[makemore][sampling]") {
  std::vector<int> v(100);
  for (int i = 0; i < 100; ++i) v[static_cast<std::size_t>(i)] = i;
  auto a = v;
  auto b = v;
  generator g1{3};
  generator g2{3};
  shuffle(std::span{a}, g1);
  shuffle(std::span{b}, g2);
  CHECK(a == b);
  CHECK(a != v);
  std::sort(a.begin(), a.end());
  CHECK(a == v);
}

TEST_CASE("split: 80/10/10 of a seeded shuffle, reproducible, disjoint, complete", "[makemore][split]") {
  std::vector<std::string> words;
  for (int i = 0; i < 32033; ++i) words.push_back(std::to_string(i) + "w");
  const auto parts = split_words(words, 42);
  CHECK(parts.train.size() == 25626);  // floor(0.8 n), as the course's int(0.8 * len(words))
  CHECK(parts.dev.size() == 3203);     // floor(0.9 n) - floor(0.8 n)
  CHECK(parts.test.size() == 3204);

  const auto again = split_words(words, 42);
  CHECK(again.train == parts.train);
  CHECK(again.dev == parts.dev);
  CHECK(again.test == parts.test);
  CHECK(split_words(words, 43).train != parts.train);
  CHECK(parts.train != std::vector<std::string>(words.begin(), words.begin() + 25626));  // shuffled

  std::vector<std::string> all = parts.train;
  all.insert(all.end(), parts.dev.begin(), parts.dev.end());
  all.insert(all.end(), parts.test.begin(), parts.test.end());
  std::sort(all.begin(), all.end());
  auto sorted = words;
  std::sort(sorted.begin(), sorted.end());
  CHECK(all == sorted);  // every word exactly once

  const std::vector<std::string> ten{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
  const auto small = split_words(ten, 1);
  CHECK(small.train.size() == 8);
  CHECK(small.dev.size() == 1);
  CHECK(small.test.size() == 1);
}

TEST_CASE("split: makemore's names.txt splits 25626 / 3203 / 3204", "[makemore][split][names]") {
  if (!makemore_test::have_names_txt()) {
    WARN("skipped: " << makemore_test::names_txt() << " is not there");
    return;
  }
  const auto parts = split_words(load_words(makemore_test::names_txt()), 2147483647);
  CHECK(parts.train.size() == 25626);
  CHECK(parts.dev.size() == 3203);
  CHECK(parts.test.size() == 3204);
}
