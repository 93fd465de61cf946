// ctgrad::makemore neural-model support: the padded vocabulary, softmax rows in double, and
// the chunked evaluation of a static loss graph over a whole example set.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>

#include <makemore/model.hpp>
#include <makemore/vocabulary.hpp>
#include <ctgrad/nn/program.hpp>

namespace ctgrad::makemore {

/// The neural models' vocabulary capacity: their output layer has this many columns (a whole number of
/// SIMD registers: 27 tokens take two AVX-512 float registers either way). Columns past the vocabulary's
/// size have a logit of −1e30, so their softmax is exactly 0 and they receive no gradient.
inline constexpr std::size_t neural_vocab_capacity = 32;

/// The logit of a column past the vocabulary: exp(−1e30 − m) is 0 in float and double, with no inf or NaN.
inline constexpr float absent_logit = -1e30f;

namespace detail {

/// Throws std::invalid_argument unless the vocabulary fits a neural model's output layer.
inline void check_neural_vocabulary(const vocabulary& vocab, const char* model) {
  if (vocab.size() > neural_vocab_capacity) {
    throw std::invalid_argument{std::string{model} + ": a vocabulary of " + std::to_string(vocab.size()) + " tokens; this build supports at most " +
                                std::to_string(neural_vocab_capacity)};
  }
}

/// softmax(logits[0, v)) into `out` (size v), in double.
inline void softmax_row(const float* logits, std::span<double> out) noexcept {
  double top = logits[0];
  for (std::size_t j = 1; j < out.size(); ++j) top = std::max(top, static_cast<double>(logits[j]));
  double sum = 0;
  for (std::size_t j = 0; j < out.size(); ++j) sum += out[j] = std::exp(static_cast<double>(logits[j]) - top);
  for (double& p : out) p /= sum;
}

/// Mean cross-entropy loss of a model over every example of `data`: the loss graph `Loss<B>` (inputs 0: the
/// contexts, B·block tokens; 1: the B targets) runs forward on chunks of `Chunk` examples, then on single
/// examples for the rest, with the model's `bindings` (its parameters, and buffers if it has any; evaluating). The
/// programs are allocated once per call; the chunks allocate nothing. The sum is kept in double.
template <template <std::size_t> class Loss, std::size_t Chunk>
double mean_loss(const nn::bindings<float>& model, const example_set& data) {
  if (data.size() == 0) throw std::invalid_argument{"loss: no examples"};
  auto big = std::make_unique<nn::program<float, Loss<Chunk>, false>>();
  auto one = std::make_unique<nn::program<float, Loss<1>, false>>();
  const std::size_t block = data.block_size;
  double sum = 0;
  const auto run = [&](auto& w, std::size_t first, std::size_t count) {
    nn::bindings<float> b = model;
    b.training = false;
    b.inputs[0] = data.contexts.data() + first * block;
    b.inputs[1] = data.targets.data() + first;
    sum += static_cast<double>(*w.forward(b)) * static_cast<double>(count);
  };
  std::size_t i = 0;
  for (; i + Chunk <= data.size(); i += Chunk) run(*big, i, Chunk);
  for (; i < data.size(); ++i) run(*one, i, 1);
  return sum / static_cast<double>(data.size());
}

}  // namespace detail

}  // namespace ctgrad::makemore
