// ctgrad::makemore multinomial sampling and shuffling, driven by a local ctgrad::generator.
#pragma once

#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <ctgrad/random.hpp>

namespace ctgrad::makemore {

/// `torch.multinomial(weights, 1, generator=gen)`: draws index i with probability weights[i] / sum(weights).
/// The weights need not sum to 1; they must be finite, non-negative, and not all zero (otherwise
/// std::invalid_argument). An index of weight 0 is never drawn. One uniform number is consumed per draw,
/// so the result depends only on the weights and the generator's state.
///
///     ctgrad::generator gen{2147483647};
///     std::size_t i = multinomial(std::span<const double>{probs}, gen);
template <std::floating_point T>
std::size_t multinomial(std::span<const T> weights, generator& gen) {
  double total = 0;
  for (const T w : weights) {
    if (!(w >= 0) || !std::isfinite(w)) {
      throw std::invalid_argument{"multinomial: weight " + std::to_string(static_cast<double>(w)) +
                                  " is negative or not finite"};
    }
    total += static_cast<double>(w);
  }
  if (!(total > 0)) throw std::invalid_argument{"multinomial: the weights sum to 0 (or there are none)"};
  const double u = gen.uniform() * total;
  double cumulative = 0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] > 0) {
      cumulative += static_cast<double>(weights[i]);
      last_positive = i;
      if (u < cumulative) return i;
    }
  }
  return last_positive;  // u fell past the last partial sum through rounding
}

/// `torch.multinomial(weights, n, replacement=True, generator=gen)`: n independent draws.
template <std::floating_point T>
std::vector<std::size_t> multinomial(std::span<const T> weights, std::size_t n, generator& gen) {
  std::vector<std::size_t> out(n);
  for (auto& i : out) i = multinomial(weights, gen);
  return out;
}

/// Fisher-Yates shuffle of `items` in place, reproducible from the generator's state on every platform
/// (unlike std::shuffle, whose algorithm the standard leaves open).
template <typename T>
void shuffle(std::span<T> items, generator& gen) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(gen.below(i));
    using std::swap;
    swap(items[i - 1], items[j]);
  }
}

}  // namespace ctgrad::makemore
