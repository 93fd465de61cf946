// makemore's layered models (mlp-bn, wavenet, transformer): the batched loss is the per-character NLL the
// sampler's probabilities give, columns past a small vocabulary stay at probability 0 through training, training
// reduces the loss without allocating, checkpoints give back the same model (buffers included) and reject another
// kind or a value that is not finite, and the transformer refuses words longer than its positions.
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <makemore/layered_model.hpp>
#include <makemore/makemore.hpp>

#include "makemore_test_support.hpp"
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12, once std::allocator's calls are inlined into this file's code, pairs the counting operator new
// (malloc) with the counting operator delete (free) and warns that they mismatch; they do not.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
#include <support/counting_allocator.hpp>

using namespace ctgrad::makemore;

static_assert(CharacterModel<layered_model<mlp_bn_spec>>);
static_assert(CharacterModel<layered_model<wavenet_spec>>);
static_assert(CharacterModel<layered_model<transformer_spec>>);

namespace {

namespace nn = ctgrad::nn;

/// makemore.py's Transformer made small (one block of 2 heads, embedding 16, the same 16 positions): the same
/// reading of words as sequences, the same layers and AdamW as transformer_spec, at a cost the sanitizers' Debug
/// build can run (the full model trains in the tool's tests).
struct tiny_transformer_spec {
  static constexpr std::string_view kind = "tiny-transformer";
  static constexpr reading input = reading::sequences;
  static constexpr bool adamw = true;
  static constexpr nn::adjoints adjoints = nn::adjoints::shared;
  static constexpr std::size_t batch = 8;
  static constexpr std::size_t block = 16, embedding = 16;
  using attention = nn::Residual<nn::LayerNorm, nn::Linear<3 * embedding>, nn::CausalSelfAttention<2, block>, nn::Linear<embedding>>;
  using feed_forward = nn::Residual<nn::LayerNorm, nn::Linear<4 * embedding>, nn::GELU, nn::Linear<embedding>>;
  using net = nn::Sequential<float, nn::tokens<block>, nn::Embedding<neural_vocab_capacity, embedding>, nn::PositionEmbedding<block>, attention,
                             feed_forward, nn::LayerNorm, nn::Linear<neural_vocab_capacity>>;
  template <std::size_t B>
  using loss = example::gpt::transformer_loss<B, net>;
  static net make(std::uint64_t seed) { return net{seed}; }
  static constexpr std::size_t weight_layer = net::layer_count - 1, shift_layer = net::layer_count - 1;
};

}  // namespace

TEMPLATE_TEST_CASE("layered models: training reduces the loss, allocates nothing per step, keeps absent columns at 0", "[makemore][layered]",
                   mlp_bn_spec, wavenet_spec, tiny_transformer_spec) {
  using model_type = layered_model<TestType>;
  const auto words = makemore_test::generated_words(600, 31);  // over "abcdefgh": 9 of the 32 columns used
  const auto parts = split_words(words, 42);
  const auto vocab = vocabulary::from_words(words);
  REQUIRE(vocab.size() == 9);
  model_type model{vocab, 7};
  layered_trainer<TestType> trainer{model, parts.train, 8};
  const double before = model.loss(parts.dev);
  const double rate = TestType::adamw ? 3e-3 : 0.1;
  trainer.step(rate);
  CHECK(ctgrad::test::count_allocations([&] {
          for (int k = 0; k < 10; ++k) trainer.step(rate);
        }) == 0);
  for (int k = 0; k < (TestType::adamw ? 100 : 300); ++k) trainer.step(rate);
  const double after = model.loss(parts.dev);
  INFO("dev loss " << before << " -> " << after);
  CHECK(after < before - 0.2);

  // The absent columns: every weight into them still 0, the shift still about −1e30 (AdamW's weight decay takes
  // lr·0.01 of it a step), so P = 0 exactly.
  const auto w = model.net().template parameter<TestType::weight_layer, 0>();
  const auto shift = model.net().template parameter<TestType::shift_layer, 1>();
  for (std::size_t r = 0; r < w.tensor.rows; ++r) {
    for (std::size_t j = vocab.size(); j < neural_vocab_capacity; ++j) REQUIRE(w(r, j) == 0.0f);
  }
  for (std::size_t j = vocab.size(); j < neural_vocab_capacity; ++j) CHECK(shift.values[j] < 0.99f * absent_logit);

  // The batched loss is the mean NLL of the probabilities the sampler sees, one example at a time (for the
  // transformer: the word so far read from the context, the logits of its last position).
  const std::span<const std::string> some{parts.test.data(), 8};
  CHECK(model.loss(some) == Approx(nll(model, some)).epsilon(1e-5));
}

TEMPLATE_TEST_CASE("layered models: save -> load gives the same model, buffers included; other kinds and bad values are errors",
                   "[makemore][layered][checkpoint]", mlp_bn_spec, wavenet_spec, tiny_transformer_spec) {
  using model_type = layered_model<TestType>;
  const auto words = makemore_test::generated_words(300, 9);
  const auto vocab = vocabulary::from_words(words);
  model_type model{vocab, 3};
  layered_trainer<TestType> trainer{model, words, 4};
  for (int k = 0; k < 10; ++k) trainer.step(TestType::adamw ? 1e-3 : 0.1);
  makemore_test::scratch_dir dir;
  save_checkpoint(model.to_checkpoint(), dir / "m.ckpt");
  const auto back = model_type::from_checkpoint(load_checkpoint(dir / "m.ckpt", TestType::kind));
  for (std::size_t i = 0; i < model.net().parameters().size(); ++i) REQUIRE(back.net().parameters()[i] == model.net().parameters()[i]);
  for (std::size_t i = 0; i < model.net().buffers().size(); ++i) REQUIRE(back.net().buffers()[i] == model.net().buffers()[i]);
  CHECK(back.loss(words) == model.loss(words));
  ctgrad::generator g1{5}, g2{5};
  CHECK(sample_words(back, g1, 20, model_type::max_word_length) == sample_words(model, g2, 20, model_type::max_word_length));

  checkpoint other{"count"};
  CHECK_THROWS_WITH(model_type::from_checkpoint(other), Catch::Contains("expected a '" + std::string{TestType::kind} + "' model"));
  checkpoint poisoned{std::string{TestType::kind}};
  const auto good = model.to_checkpoint();
  for (const std::string& name : good.names()) {
    if (good.type(name) == element_type::text) {
      poisoned.add_text(name, good.text(name));
    } else {
      std::vector<float> values(good.f32(name).begin(), good.f32(name).end());
      if (name == good.names().back()) values.front() = std::numeric_limits<float>::quiet_NaN();
      poisoned.add(name, std::span<const float>{values}, good.shape(name));
    }
  }
  CHECK_THROWS_WITH(model_type::from_checkpoint(poisoned), Catch::Contains("holds a value that is not finite"));
}

TEST_CASE("layered models: a training step moves BatchNorm1d's running statistics (buffers a checkpoint keeps)", "[makemore][layered]") {
  const auto words = makemore_test::generated_words(300, 10);
  const auto vocab = vocabulary::from_words(words);
  layered_model<wavenet_spec> model{vocab, 3};
  const std::vector<float> first(model.net().buffers().begin(), model.net().buffers().end());
  layered_trainer<wavenet_spec> trainer{model, words, 4};
  trainer.step(0.1);
  std::size_t changed = 0;
  for (std::size_t i = 0; i < first.size(); ++i) changed += model.net().buffers()[i] != first[i] ? 1 : 0;
  CHECK(changed > 0);  // the running mean and variance moved towards the batch's
}

TEST_CASE("layered models: a Transformer takes words of at most 15 characters, and a vocabulary of at most 32 tokens",
          "[makemore][layered]") {
  static_assert(layered_model<transformer_spec>::max_word_length == 15);
  const std::vector<std::string> words{"emma", "abcdefghijklmnop"};
  const auto vocab = vocabulary::from_words(words);
  layered_model<tiny_transformer_spec> model{vocab, 1};
  CHECK_THROWS_WITH(model.loss(words), Catch::Contains("takes words of at most 15 characters (its 16 positions), not \"abcdefghijklmnop\""));
  CHECK_THROWS_WITH((layered_trainer<tiny_transformer_spec>{model, words, 2}), Catch::Contains("at most 15 characters"));
  // A word of 15 letters is a whole sequence; sampling stops there.
  CHECK_NOTHROW(model.loss(std::vector<std::string>{"abcdefghijklmno"}));
  ctgrad::generator gen{3};
  for (const std::string& w : sample_words(model, gen, 50, layered_model<tiny_transformer_spec>::max_word_length)) CHECK(w.size() <= 15);

  const vocabulary wide{"abcdefghijklmnopqrstuvwxyz0123456789"};
  CHECK_THROWS_WITH((layered_model<wavenet_spec>{wide, 1}), Catch::Contains("at most 32"));
}
