// The course's training of its later models (makemore parts 3 and 5), shared by examples/mlp_bn.cpp and
// examples/wavenet.cpp: names.txt split 80/10/10 (seed 42), minibatch SGD (batch 32, learning rate 0.1, then 0.01
// for the last quarter of the steps) on one compiled program of the training loss, the train and dev losses with
// BatchNorm1d's running statistics, and ten sampled names.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>

#include <ctgrad/nn/program.hpp>
#include <ctgrad/nn/tensor.hpp>
#include <ctgrad/simd/axpy.hpp>

#include <makemore/model.hpp>
#include <makemore/neural.hpp>
#include <makemore/split.hpp>
#include <makemore/text.hpp>
#include <makemore/words.hpp>

namespace example {

/// A Sequential of `Block` tokens in and `V` logits out as makemore's sampler sees it (a CharacterModel):
/// P(next | the last `Block` characters), evaluating.
template <class Model, std::size_t Block>
class character_model {
 public:
  character_model(Model const& net, ctgrad::makemore::vocabulary const& vocab) : net_{&net}, vocab_{&vocab} {}
  [[nodiscard]] const ctgrad::makemore::vocabulary& vocab() const noexcept { return *vocab_; }
  [[nodiscard]] std::size_t context_length() const noexcept { return Block; }
  void probabilities(std::span<const ctgrad::makemore::token> context, std::span<double> out) const {
    ctgrad::nn::tensor<std::int32_t, 1, Block> x{};
    std::copy(context.begin(), context.end(), x.begin());
    ctgrad::makemore::detail::softmax_row(net_->forward(x).data(), out);
  }

 private:
  Model const* net_;
  ctgrad::makemore::vocabulary const* vocab_;
};

/// Trains `model` (a Sequential of `Block` tokens and `Vocab` outputs whose mean cross-entropy over B contexts is
/// `Loss<B>`) on the words of `path` for `steps` steps as the course does, then prints its losses and ten names.
template <template <std::size_t> class Loss, std::size_t Block, std::size_t Vocab, class Model>
void train_as_the_course(Model& model, const std::string& path, std::size_t steps) {
  namespace mm = ctgrad::makemore;
  const auto words = mm::load_words(path);
  const auto vocab = mm::vocabulary::from_words(words);
  if (vocab.size() != Vocab) {
    throw std::invalid_argument{"this example's model has " + std::to_string(Vocab) + " outputs; " + mm::quoted(path) +
                                " has " + std::to_string(vocab.size()) + " tokens (names.txt: its 26 letters and '.')"};
  }
  const auto parts = mm::split_words(words, 42);
  const auto train = mm::build_examples(parts.train, vocab, Block);
  const auto dev = mm::build_examples(parts.dev, vocab, Block);

  // One program for the training loss (its workspace allocated here, once), the minibatch drawn into arrays.
  constexpr std::size_t batch = 32;
  auto program = std::make_unique<ctgrad::nn::program<float, Loss<batch>>>();
  auto contexts = std::make_unique<ctgrad::nn::tensor<std::int32_t, batch, Block>>();
  auto targets = std::make_unique<std::array<std::int32_t, batch>>();
  ctgrad::generator gen{2147483647};
  for (std::size_t k = 0; k < steps; ++k) {
    mm::draw_minibatch(train, gen, *contexts, *targets);
    ctgrad::nn::bindings<float> b = model.bind(ctgrad::nn::mode::training);
    b.inputs[0] = contexts->data();
    b.inputs[1] = targets->data();
    model.zero_grad();
    const float loss = program->gradient(b);
    const float lr = k < steps * 3 / 4 ? 0.1f : 0.01f;
    ctgrad::simd::axpy<Model::parameter_count>(-lr, model.gradients().data(), model.parameters().data());
    if (k % 10000 == 0 || k + 1 == steps) std::printf("step %7zu/%zu  loss %.4f\n", k, steps, static_cast<double>(loss));
    if (!std::isfinite(loss)) throw std::runtime_error{"training diverged at step " + std::to_string(k)};
  }

  // Evaluation: BatchNorm1d uses its running statistics.
  const ctgrad::nn::bindings<float> eval = model.bind(ctgrad::nn::mode::evaluation);
  std::printf("train loss %.4f\n", mm::detail::mean_loss<Loss, 256>(eval, train));
  std::printf("dev loss %.4f\n", mm::detail::mean_loss<Loss, 256>(eval, dev));
  const character_model<Model, Block> sampler{model, vocab};
  ctgrad::generator draw{2147483647 + 10ULL};
  for (int i = 0; i < 10; ++i) std::printf("%s\n", mm::sample_word(sampler, draw).c_str());
}

}  // namespace example
