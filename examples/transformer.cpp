// makemore's Transformer (makemore.py's default model) built from nn's layers and trained as makemore.py trains it:
// each word a sequence of 16 positions (the start token, the letters, the end token, then targets −1 that do not
// count), batches of 32 words drawn at random, AdamW (lr 5e-4, weight decay 0.01, β 0.9/0.99, ε 1e-8), a test set
// of min(1000, 10%) words, the test loss every 500 steps and the model of the lowest kept. Prints the train and
// test losses of that model and ten names sampled from it.
//
//     transformer DATA [STEPS]      DATA: makemore's names.txt; STEPS: 20000 unless given
#include <algorithm>
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

#include <ctgrad/nn/adamw.hpp>
#include <ctgrad/nn/program.hpp>

#include <makemore/neural.hpp>
#include <makemore/sampling.hpp>
#include <makemore/sequences.hpp>
#include <makemore/split.hpp>
#include <makemore/text.hpp>
#include <makemore/vocabulary.hpp>
#include <makemore/words.hpp>

#include "arguments.hpp"
#include "transformer.hpp"

namespace nn = ctgrad::nn;
namespace mm = ctgrad::makemore;
using namespace example::gpt;

namespace {

using sequences = mm::sequence_batch<batch, block>;

/// The mean loss per counted position over `words`, batch after batch, through the training program's forward.
double mean_loss(nn::program<float, transformer_loss<batch>>& program, transformer& model, const mm::token_sequences& words) {
  return mm::mean_sequence_loss<batch, block>(program, model.bind(nn::mode::evaluation), words);
}

/// makemore.py's generate: from the start token, each next token drawn from the model's distribution at the
/// last position, until the end token or 15 letters. Positions after the last one do not change its logits
/// (the attention is causal), so the rest of the sequence is left 0.
std::string sample(nn::program<float, transformer::output_expression<1>, false>& program, transformer& model, mm::vocabulary const& vocab,
                   ctgrad::generator& gen) {
  nn::tensor<std::int32_t, 1, block> x{};
  std::vector<double> p(vocab.size());
  std::string word;
  for (std::size_t t = 0; t + 1 < block; ++t) {
    nn::bindings<float> b = model.bind(nn::mode::evaluation);
    b.inputs[0] = x.data();
    mm::detail::softmax_row(program.forward(b) + t * vocab.size(), p);
    const auto next = static_cast<mm::token>(mm::multinomial(std::span<const double>{p}, gen));
    if (next == 0) break;
    word += vocab.character(next);
    x(0, t + 1) = next;
  }
  return word;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2 || argc > 3) throw std::invalid_argument{"usage: transformer DATA [STEPS]"};
  const std::size_t steps = argc > 2 ? example::parse_positive(argv[2], "STEPS") : 20000;

  const auto words = mm::load_words(argv[1]);
  const auto vocab = mm::vocabulary::from_words(words);
  if (vocab.size() != example::gpt::vocab) throw std::invalid_argument{"this example's model has 27 tokens: names.txt's 26 letters and the start/end token"};
  // makemore.py's split: a random order, its last min(1000, 10%) words the test set.
  const auto parts = mm::holdout_split(words, 3407);
  const mm::token_sequences train{parts.train, vocab, block - 1, "this example's model"};
  const mm::token_sequences test{parts.test, vocab, block - 1, "this example's model"};
  std::printf("Transformer: %zu parameters; %zu training words, %zu test words\n", transformer::parameter_count, train.size(), test.size());

  auto model = std::make_unique<transformer>(make_transformer(3407));
  auto program = std::make_unique<nn::program<float, transformer_loss<batch>>>();
  nn::adamw<float, transformer::parameter_count> optimizer{};
  // As makemore.py: the test loss every 500 steps; the model kept is the one of the lowest (it overfits later).
  std::vector<float> best(model->parameters().begin(), model->parameters().end());
  double best_loss = mean_loss(*program, *model, test);
  std::size_t best_step = 0;
  sequences data;
  ctgrad::generator batches{3407};
  for (std::size_t k = 1; k <= steps; ++k) {
    for (std::size_t row = 0; row < batch; ++row) data.put(row, train[batches.below(train.size())]);
    nn::bindings<float> b = model->bind(nn::mode::training);
    b.inputs[0] = data.inputs->data();
    b.inputs[1] = data.targets->data();
    model->zero_grad();
    const float loss = program->gradient(b);
    optimizer.step(model->parameters(), model->gradients());
    if (!std::isfinite(loss)) throw std::runtime_error{"training diverged at step " + std::to_string(k)};
    if (k % 500 == 0 || k == steps) {
      const double test_loss = mean_loss(*program, *model, test);
      std::printf("step %6zu/%zu  loss %.4f  test loss %.4f\n", k, steps, static_cast<double>(loss), test_loss);
      if (test_loss < best_loss) {
        best_loss = test_loss;
        best_step = k;
        std::copy(model->parameters().begin(), model->parameters().end(), best.begin());
      }
    }
  }

  std::copy(best.begin(), best.end(), model->parameters().begin());
  std::printf("the model of step %zu:\n", best_step);
  std::printf("train loss %.4f\n", mean_loss(*program, *model, train));
  std::printf("test loss %.4f\n", best_loss);
  auto sampler = std::make_unique<nn::program<float, transformer::output_expression<1>, false>>();
  ctgrad::generator draw{3407 + 10};
  for (int i = 0; i < 10; ++i) std::printf("%s\n", sample(*sampler, *model, vocab, draw).c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "transformer: %s\n", e.what());
  return 1;
}
