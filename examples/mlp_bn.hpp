// The course's deeper MLP with batch normalisation (makemore, part 3) as an nn::Sequential: three characters of
// context, embedded in 10 dimensions, five hidden layers of 100 tanh units each after a BatchNorm1d, and a
// BatchNorm1d on the logits too; the model of the makemore tool's `mlp-bn`.
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

namespace example::bn {

namespace nn = ctgrad::nn;

inline constexpr std::size_t block = 3, vocab = 27, embedding = 10, hidden = 100, batch = 32;

/// One hidden layer as the lecture writes it: Linear without a bias (the BatchNorm1d after it shifts), then tanh.
using hidden_linear = nn::Linear<hidden, false>;

/// The lecture's layers, in its order, for V tokens (the makemore tool compiles it for its vocabulary capacity).
template <std::size_t V>
using mlp_bn_of = nn::Sequential<float, nn::tokens<block>, nn::Embedding<V, embedding>, nn::FlattenConsecutive<block>,  //
                                 hidden_linear, nn::BatchNorm1d, nn::Tanh, hidden_linear, nn::BatchNorm1d, nn::Tanh,    //
                                 hidden_linear, nn::BatchNorm1d, nn::Tanh, hidden_linear, nn::BatchNorm1d, nn::Tanh,    //
                                 hidden_linear, nn::BatchNorm1d, nn::Tanh, nn::Linear<V, false>, nn::BatchNorm1d>;
using mlp_bn = mlp_bn_of<vocab>;

/// The mean cross-entropy of B contexts (input 0) against their next characters (input 1).
template <std::size_t B, class Model = mlp_bn>
using mlp_bn_loss = nn::node<nn::op::cross_entropy, typename Model::template output_expression<B>, nn::nodes::labels<1, B>>;

/// The lecture's start: every Linear N(0, 1)·(5/3)/√fan_in (tanh's gain), the last BatchNorm1d's γ × 0.1 (less
/// confident at first), the embedding N(0, 1), β 0.
template <std::size_t V = vocab>
mlp_bn_of<V> make_mlp_bn(std::uint64_t seed) {
  constexpr double tanh_gain = 5.0 / 3.0;
  const hidden_linear linear{.gain = tanh_gain};
  mlp_bn_of<V> model{seed, {}, {}, linear, {}, {}, linear, {}, {}, linear, {}, {}, linear, {}, {}, linear, {}, {},  //
                     nn::Linear<V, false>{.gain = tanh_gain}, {}};
  for (float& g : model.template parameter<mlp_bn_of<V>::layer_count - 1, 0>().values) g *= 0.1f;
  return model;
}

}  // namespace example::bn
