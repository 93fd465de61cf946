// ctgrad::nn::init: seeded parameter initialisations (micrograd's uniform(-1, 1), and a scaled one).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include <ctgrad/random.hpp>

namespace ctgrad::nn::init {

/// Every parameter drawn from uniform(−k, k) of a `ctgrad::generator` seeded with `seed`, with k = 1
/// (micrograd) or k = 1/√fan_in (`scaled`: PyTorch's `nn.Linear` default, which keeps pre-activations of
/// wide layers in tanh's useful range). Draws come in micrograd's order: layer by layer, neuron by neuron,
/// a neuron's weights then its bias; so `micrograd(42)` gives a model the tape's `mlp{g, ...}` equal weights.
struct uniform {
  std::uint64_t seed = 42;
  bool scaled = false;

  /// The bound k for a layer with `fan_in` inputs.
  [[nodiscard]] double bound(std::size_t fan_in) const noexcept {
    return scaled ? 1.0 / std::sqrt(static_cast<double>(fan_in)) : 1.0;
  }
};

/// micrograd's initialisation: uniform(−1, 1) from `seed`, in the tape's order.
/// Example: `ctgrad::nn::MLP<double, 3, 4, 4, 1> model{ctgrad::nn::init::micrograd(42)};`
[[nodiscard]] constexpr uniform micrograd(std::uint64_t seed = 42) noexcept { return {seed, false}; }

/// uniform(−1/√fan_in, 1/√fan_in) from `seed`, same order.
[[nodiscard]] constexpr uniform scaled(std::uint64_t seed = 42) noexcept { return {seed, true}; }

}  // namespace ctgrad::nn::init
