// The course's WaveNet (makemore, part 5) built from nn's layers: eight characters of context, embedded, then
// joined in pairs three times (FlattenConsecutive), each pair through Linear, BatchNorm1d and Tanh; 76,579
// parameters. Trained by minibatch SGD on names.txt as in the lecture (batch 32, learning rate 0.1, then 0.01
// for the last quarter of the steps); prints the train and dev losses and ten sampled names.
//
//     wavenet DATA [STEPS]      DATA: makemore's names.txt; STEPS: 200000 (the course's) unless given
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <ctgrad/nn/program.hpp>
#include <ctgrad/simd/axpy.hpp>

#include <makemore/model.hpp>
#include <makemore/neural.hpp>
#include <makemore/split.hpp>
#include <makemore/words.hpp>

#include "arguments.hpp"
#include "wavenet.hpp"

namespace nn = ctgrad::nn;
namespace mm = ctgrad::makemore;

namespace {

using example::block;
using example::wavenet;
template <std::size_t B>
using loss_expression = example::wavenet_loss<B>;

/// The model as makemore's sampler sees it (a CharacterModel): P(next | the last 8 characters), evaluating.
class character_model {
 public:
  character_model(wavenet const& net, mm::vocabulary const& vocab) : net_{&net}, vocab_{&vocab} {}
  [[nodiscard]] const mm::vocabulary& vocab() const noexcept { return *vocab_; }
  [[nodiscard]] std::size_t context_length() const noexcept { return block; }
  void probabilities(std::span<const mm::token> context, std::span<double> out) const {
    nn::tensor<std::int32_t, 1, block> x{};
    std::copy(context.begin(), context.end(), x.begin());
    mm::detail::softmax_row(net_->forward(x).data(), out);
  }

 private:
  wavenet const* net_;
  mm::vocabulary const* vocab_;
};

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2 || argc > 3) throw std::invalid_argument{"usage: wavenet DATA [STEPS]"};
  const std::string path = argv[1];
  const std::size_t steps = argc > 2 ? example::parse_positive(argv[2], "STEPS") : 200000;

  const auto words = mm::load_words(path);
  const auto vocab_ = mm::vocabulary::from_words(words);
  if (vocab_.size() != example::vocab) throw std::invalid_argument{"this example's model has 27 outputs: names.txt's 26 letters and '.'"};
  const auto parts = mm::split_words(words, 42);
  const auto train = mm::build_examples(parts.train, vocab_, block);
  const auto dev = mm::build_examples(parts.dev, vocab_, block);

  wavenet model = example::make_wavenet(42);
  std::printf("WaveNet: %zu parameters\n", wavenet::parameter_count);

  // One program for the training loss (its workspace allocated here, once), the minibatch drawn into arrays.
  constexpr std::size_t batch = example::batch;
  auto program = std::make_unique<nn::program<float, loss_expression<batch>>>();
  auto contexts = std::make_unique<nn::tensor<std::int32_t, batch, block>>();
  auto targets = std::make_unique<std::array<std::int32_t, batch>>();
  ctgrad::generator gen{2147483647};
  for (std::size_t k = 0; k < steps; ++k) {
    mm::draw_minibatch(train, gen, *contexts, *targets);
    nn::bindings<float> b = model.bind(nn::mode::training);
    b.inputs[0] = contexts->data();
    b.inputs[1] = targets->data();
    model.zero_grad();
    const float loss = program->gradient(b);
    const float lr = k < steps * 3 / 4 ? 0.1f : 0.01f;
    ctgrad::simd::axpy<wavenet::parameter_count>(-lr, model.gradients().data(), model.parameters().data());
    if (k % 10000 == 0 || k + 1 == steps) std::printf("step %7zu/%zu  loss %.4f\n", k, steps, static_cast<double>(loss));
    if (!std::isfinite(loss)) throw std::runtime_error{"training diverged at step " + std::to_string(k)};
  }

  // Evaluation: BatchNorm1d uses its running statistics.
  const nn::bindings<float> eval = model.bind(nn::mode::evaluation);
  std::printf("train loss %.4f\n", mm::detail::mean_loss<loss_expression, 256>(eval, train));
  std::printf("dev loss %.4f\n", mm::detail::mean_loss<loss_expression, 256>(eval, dev));
  const character_model sampler{model, vocab_};
  ctgrad::generator draw{2147483647 + 10ULL};
  for (int i = 0; i < 10; ++i) std::printf("%s\n", mm::sample_word(sampler, draw).c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "wavenet: %s\n", e.what());
  return 1;
}
