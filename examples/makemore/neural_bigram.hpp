// ctgrad::makemore::neural_bigram: the course's bigram as a one-layer network (one-hot -> W -> softmax),
// trained by full-batch gradient descent through the static tensor graph.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <makemore/checkpoint.hpp>
#include <makemore/model.hpp>
#include <makemore/neural.hpp>
#include <makemore/parallel.hpp>
#include <makemore/vocabulary.hpp>
#include <ctgrad/nn/leaf.hpp>
#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/ops/embedding.hpp>
#include <ctgrad/nn/ops/loss.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/simd/axpy.hpp>
#include <ctgrad/simd/element.hpp>

namespace ctgrad::makemore {

/// The course's neural bigram: logits = onehot(x)·W, P = softmax(logits), W a V×V matrix of `float`, loss the
/// mean cross-entropy. onehot(x)·W is row x of W, so the graph gathers rows (op::embedding with a block of 1:
/// the same value and gradient as the one-hot product, without the V× wasted multiplications).
/// Trained by full-batch gradient descent (`step`), it approaches the count model without smoothing:
/// softmax(W[x]) tends to N[x, ·]/Σ N[x, ·].
///
///     neural_bigram model{vocab, 2147483647};
///     auto train = build_examples(words, vocab, 1);
///     for (int k = 0; k < 200; ++k) model.step(train, 50.0f);   // the course's learning rate
///     double loss = model.loss(train);   // names.txt: ~2.46 (the count model's 2.454)
class neural_bigram {
 public:
  using value_type = float;
  /// The model kind its checkpoints carry.
  static constexpr std::string_view kind = "nbigram";
  static constexpr std::size_t capacity = neural_vocab_capacity;
  /// Examples per chunk of the full batch (the rest run one by one).
  static constexpr std::size_t chunk = 512;

  using weights = nn::nodes::matrix<0, capacity, capacity>;
  /// The logits of B tokens (input 0) as a static tensor expression.
  template <std::size_t B>
  using logits_expression = nn::node<nn::op::embedding<1>, nn::nodes::labels<0, B>, weights>;
  /// Their mean cross-entropy against B targets (input 1).
  template <std::size_t B>
  using loss_expression = nn::node<nn::op::cross_entropy, logits_expression<B>, nn::nodes::labels<1, B>>;

  /// W ~ N(0, 1) (the course's `torch.randn((27, 27), generator=g)`) from a generator seeded with `seed`.
  /// At most `capacity` tokens, else std::invalid_argument.
  neural_bigram(vocabulary vocab, std::uint64_t seed) : neural_bigram{std::move(vocab)} {
    generator gen{seed};
    const std::size_t v = vocab_.size();
    for (std::size_t i = 0; i < v; ++i) {
      for (std::size_t j = 0; j < v; ++j) w(i, j) = static_cast<float>(gen.normal());
    }
  }

  /// W = 0: every next character equally likely at the start, a deterministic start (no generator).
  [[nodiscard]] static neural_bigram zeros(vocabulary vocab) { return neural_bigram{std::move(vocab)}; }

  neural_bigram(neural_bigram&&) noexcept = default;
  neural_bigram& operator=(neural_bigram&&) noexcept = default;

  // CharacterModel
  [[nodiscard]] const vocabulary& vocab() const noexcept { return vocab_; }
  [[nodiscard]] std::size_t context_length() const noexcept { return 1; }
  /// P(· | context) = softmax(W[context[0]]) into `out` (size vocab().size()).
  void probabilities(std::span<const token> context, std::span<double> out) const {
    if (context.size() != 1 || out.size() != vocab_.size()) {
      throw std::invalid_argument{"nbigram: probabilities need a context of 1 token and " + std::to_string(vocab_.size()) + " outputs"};
    }
    if (context[0] < 0 || static_cast<std::size_t>(context[0]) >= vocab_.size()) {
      throw std::invalid_argument{"nbigram: token " + std::to_string(context[0]) + " is outside the vocabulary"};
    }
    detail::softmax_row(params_.data() + static_cast<std::size_t>(context[0]) * capacity, out);
  }

  /// One step of full-batch gradient descent on every example of `data` (contexts of 1 token): W −= lr·dW with
  /// dW the gradient of the mean loss over all of them plus `l2`·mean(W²) over the vocabulary's V×V weights (the
  /// course's `0.01 * (W**2).mean()`). Returns that loss (before the update). The batch runs
  /// in chunks through the static graph, shared among `threads()` threads (each a contiguous run of chunks,
  /// into its own gradients, added in thread order: the same bits run to run for a thread count; other
  /// counts differ by float rounding). Allocates nothing.
  double step(const example_set& data, float learning_rate, double l2 = 0) {
    if (data.block_size != 1 || data.size() == 0) throw std::invalid_argument{"nbigram: training examples need a context of 1 token"};
    constexpr std::size_t n = capacity * capacity;
    const std::size_t chunks = data.size() / chunk;
    double sum = 0;
    if (!team_) {
      sum = accumulate(data, 0, chunks, true, *big_, *one_, grads_.data());
    } else {
      const std::size_t threads = team_->size();
      auto job = [&](std::size_t t) noexcept {
        auto& l = lanes_[t];
        l.loss = accumulate(data, chunks * t / threads, chunks * (t + 1) / threads, t + 1 == threads, t == 0 ? *big_ : *l.big,
                            t == 0 ? *one_ : *l.one, t == 0 ? grads_.data() : l.gradients.data());
      };
      team_->run(job);
      sum = lanes_[0].loss;
      for (std::size_t t = 1; t < threads; ++t) {
        simd::add<n>(lanes_[t].gradients.data(), grads_.data());
        sum += lanes_[t].loss;
      }
    }
    const auto count = static_cast<double>(data.size());
    for (float& g : grads_) g = static_cast<float>(g / count);
    const double penalty = l2 == 0 ? 0.0 : add_l2_gradient(l2);
    simd::axpy<n>(-learning_rate, grads_.data(), params_.data());
    return sum / count + penalty;
  }

  /// Shares each `step` among `threads` threads (1 to max_threads, else std::invalid_argument; default 1):
  /// starts the workers and allocates their programs once, here.
  void set_threads(std::size_t threads) {
    if (threads == 0 || threads > max_threads) {
      throw std::invalid_argument{"nbigram: " + std::to_string(threads) + " threads; from 1 to " + std::to_string(max_threads)};
    }
    team_.reset();
    lanes_.clear();
    if (threads == 1) return;
    lanes_.resize(threads);
    for (std::size_t t = 1; t < threads; ++t) {
      lanes_[t].big = std::make_unique<big_program>();
      lanes_[t].one = std::make_unique<one_program>();
      lanes_[t].gradients.assign(capacity * capacity, 0.0f);
    }
    team_ = std::make_unique<thread_team>(threads);
  }
  [[nodiscard]] std::size_t threads() const noexcept { return team_ ? team_->size() : 1; }

  /// The mean loss over every example of `data` (forward only).
  [[nodiscard]] double loss(const example_set& data) const {
    if (data.block_size != 1) throw std::invalid_argument{"nbigram: examples need a context of 1 token"};
    nn::bindings<float> b{};
    b.parameters = params_.data();
    return detail::mean_loss<loss_expression, chunk>(b, data);
  }

  /// W[i, j]: the logit of token j after token i.
  [[nodiscard]] float& w(std::size_t i, std::size_t j) noexcept { return params_[i * capacity + j]; }
  [[nodiscard]] float w(std::size_t i, std::size_t j) const noexcept { return params_[i * capacity + j]; }
  /// d loss / d W[i, j] of the last step, for the mean loss of the full batch.
  [[nodiscard]] float gradient(std::size_t i, std::size_t j) const noexcept {
    return grads_[i * capacity + j];
  }

  /// The model as a checkpoint: kind "nbigram"; sections `vocabulary` (text) and `W` (f32 [V, V]).
  [[nodiscard]] checkpoint to_checkpoint() const {
    const std::size_t v = vocab_.size();
    checkpoint ck{std::string{kind}};
    ck.add_text("vocabulary", vocab_.characters());
    std::vector<float> buf(v * v);
    for (std::size_t i = 0; i < v; ++i) {
      for (std::size_t j = 0; j < v; ++j) buf[i * v + j] = w(i, j);
    }
    ck.add("W", std::span<const float>{buf}, {v, v});
    return ck;
  }

  /// The model a checkpoint holds: another kind, a missing section, another shape or a value that is not
  /// finite throw checkpoint_error naming the file.
  static neural_bigram from_checkpoint(const checkpoint& ck) {
    if (ck.kind() != kind) ck.fail("holds a '" + ck.kind() + "' model, expected an 'nbigram' model");
    neural_bigram m = [&] {
      try {
        return neural_bigram{vocabulary{ck.text("vocabulary")}};
      } catch (const std::invalid_argument& e) {
        ck.fail(e.what());
      }
    }();
    const std::size_t v = m.vocab_.size();
    const auto values = ck.f32("W", {v, v});
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (!std::isfinite(values[k])) ck.fail("section 'W' holds a value that is not finite");
      m.w(k / v, k % v) = values[k];
    }
    return m;
  }

 private:
  /// Adds the gradient of l2·mean(W²) over the V×V weights to the gradients; returns that term.
  double add_l2_gradient(double l2) {
    const std::size_t v = vocab_.size();
    const double per_weight = l2 / static_cast<double>(v * v);
    double squares = 0;
    for (std::size_t i = 0; i < v; ++i) {
      for (std::size_t j = 0; j < v; ++j) {
        const double x = w(i, j);
        squares += x * x;
        grads_[i * capacity + j] += static_cast<float>(2 * per_weight * x);
      }
    }
    return per_weight * squares;
  }

  // W = 0, columns past the vocabulary at −1e30, the programs.
  explicit neural_bigram(vocabulary vocab)
      : vocab_{std::move(vocab)},
        params_(capacity * capacity, 0.0f),
        grads_(capacity * capacity, 0.0f),
        big_{std::make_unique<big_program>()},
        one_{std::make_unique<one_program>()} {
    detail::check_neural_vocabulary(vocab_, "nbigram");
    for (std::size_t i = 0; i < capacity; ++i) {
      for (std::size_t j = vocab_.size(); j < capacity; ++j) w(i, j) = absent_logit;
    }
  }

  using big_program = nn::program<float, loss_expression<chunk>>;
  using one_program = nn::program<float, loss_expression<1>>;

  /// Into `g`: the gradient of the summed loss of chunks [first, last) of `data` and, with `rest`, of the
  /// examples after the last whole chunk; returns that sum.
  double accumulate(const example_set& data, std::size_t first, std::size_t last, bool rest, big_program& big, one_program& one,
                    float* g) const noexcept {
    constexpr std::size_t n = capacity * capacity;
    std::fill_n(g, n, 0.0f);
    nn::bindings<float> b{};
    b.parameters = params_.data();
    b.gradients = g;
    double sum = 0;
    // Each chunk adds the gradient of its mean; scaled by the chunk's size, the chunks' gradients add up to
    // that of their sum, to which the single examples add theirs.
    for (std::size_t c = first; c < last; ++c) {
      b.inputs[0] = data.contexts.data() + c * chunk;
      b.inputs[1] = data.targets.data() + c * chunk;
      sum += static_cast<double>(big.gradient(b)) * chunk;
    }
    for (std::size_t k = 0; k < n; ++k) g[k] *= static_cast<float>(chunk);
    for (std::size_t i = data.size() / chunk * chunk; rest && i < data.size(); ++i) {
      b.inputs[0] = data.contexts.data() + i;
      b.inputs[1] = data.targets.data() + i;
      sum += static_cast<double>(one.gradient(b));
    }
    return sum;
  }

  /// A thread's programs and gradients (thread 0 uses the model's own) and its loss sum.
  struct alignas(64) lane {
    std::unique_ptr<big_program> big;
    std::unique_ptr<one_program> one;
    simd::aligned_vector<float> gradients;
    double loss = 0;
  };

  vocabulary vocab_;
  simd::aligned_vector<float> params_;
  simd::aligned_vector<float> grads_;
  std::unique_ptr<big_program> big_;
  std::unique_ptr<one_program> one_;
  std::vector<lane> lanes_;
  std::unique_ptr<thread_team> team_;  // none for one thread
};

static_assert(CharacterModel<neural_bigram>);

}  // namespace ctgrad::makemore
