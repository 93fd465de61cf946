// The course's WaveNet (makemore, part 5) as an nn::Sequential: the model of examples/wavenet.cpp, which
// bench/bench_makemore.cpp times too.
#pragma once

#include <cstddef>
#include <cstdint>

#include <ctgrad/nn/layers/activation.hpp>
#include <ctgrad/nn/layers/batch_norm.hpp>
#include <ctgrad/nn/layers/embedding.hpp>
#include <ctgrad/nn/layers/flatten.hpp>
#include <ctgrad/nn/layers/linear.hpp>
#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/ops/loss.hpp>
#include <ctgrad/nn/sequential.hpp>

namespace example {

namespace nn = ctgrad::nn;

inline constexpr std::size_t block = 8, vocab = 27, embedding = 24, hidden = 128, batch = 32;

// The lecture's model, layer for layer: eight characters, embedded, joined in pairs three times; V tokens (the
// makemore tool compiles it for its vocabulary capacity).
template <std::size_t V>
using wavenet_of = nn::Sequential<float, nn::tokens<block>, nn::Embedding<V, embedding>,
                                  nn::FlattenConsecutive<2>, nn::Linear<hidden, false>, nn::BatchNorm1d, nn::Tanh,
                                  nn::FlattenConsecutive<2>, nn::Linear<hidden, false>, nn::BatchNorm1d, nn::Tanh,
                                  nn::FlattenConsecutive<2>, nn::Linear<hidden, false>, nn::BatchNorm1d, nn::Tanh,
                                  nn::Linear<V>>;
using wavenet = wavenet_of<vocab>;

/// The mean cross-entropy of B contexts (input 0) against their next characters (input 1).
template <std::size_t B, class Model = wavenet>
using wavenet_loss = nn::node<nn::op::cross_entropy, typename Model::template output_expression<B>, nn::nodes::labels<1, B>>;

/// The lecture's start: Linear layers N(0, 1)/√fan_in, the last one's weights × 0.1 (less confident at first).
template <std::size_t V = vocab>
wavenet_of<V> make_wavenet(std::uint64_t seed) {
  wavenet_of<V> model{seed};
  for (float& w : model.template parameter<wavenet_of<V>::layer_count - 1, 0>().values) w *= 0.1f;
  return model;
}

}  // namespace example
