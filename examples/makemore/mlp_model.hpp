// ctgrad::makemore::mlp: Bengio et al.'s character MLP (the course's makemore part 2 and 3): embedding table,
// tanh hidden layer, softmax output, trained by minibatch SGD; one step is one static tensor graph.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <makemore/checkpoint.hpp>
#include <makemore/model.hpp>
#include <makemore/neural.hpp>
#include <makemore/vocabulary.hpp>
#include <ctgrad/nn/layers/activation.hpp>
#include <ctgrad/nn/layers/embedding.hpp>
#include <ctgrad/nn/layers/flatten.hpp>
#include <ctgrad/nn/layers/linear.hpp>
#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/ops/loss.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/nn/sequential.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/simd/axpy.hpp>

namespace ctgrad::makemore {

/// How an MLP's parameters are first drawn (all from one seeded generator, in the order C, W1, b1, W2, b2).
enum class mlp_init : std::uint8_t {
  /// The course's part 2: every parameter ~ N(0, 1). The initial loss is ~20 (confidently wrong) and the
  /// tanh layer saturates; it trains, a little worse.
  plain,
  /// The course's part 3 fixes: C ~ N(0, 1), W1 ~ N(0, 1)·(5/3)/√(block·emb) (Kaiming for tanh),
  /// b1 ~ N(0, 1)·0.01, W2 ~ N(0, 1)·0.01, b2 = 0. The initial loss is log(V) and no unit saturates.
  scaled,
};

/// The runtime hyper-parameters of an MLP, as the tool reads them. A model type exists only for the
/// combinations a program compiles (mlp_for); `with_mlp` picks among them.
struct mlp_config {
  std::size_t block_size = 3;  ///< characters of context
  std::size_t embedding = 10;  ///< dimensions of a character's vector
  std::size_t hidden = 200;    ///< tanh units
  std::size_t batch = 32;      ///< examples per SGD step
  friend bool operator==(const mlp_config&, const mlp_config&) = default;
};

/// "block 3, embedding 10, hidden 200, batch 32".
inline std::string describe(const mlp_config& c) {
  return "block " + std::to_string(c.block_size) + ", embedding " + std::to_string(c.embedding) + ", hidden " + std::to_string(c.hidden) +
         ", batch " + std::to_string(c.batch);
}

/// The MLP of Bengio et al. (2003) as the course builds it, for names:
///
///     emb = C[X]                     X: Batch×Block tokens, C: V×Emb          → Batch×(Block·Emb)
///     h = tanh(emb·W1 + b1)          W1: (Block·Emb)×Hidden                   → Batch×Hidden
///     logits = h·W2 + b2             W2: Hidden×V                             → Batch×V
///     loss = cross_entropy(logits, Y)
///
/// in `float`, with V = neural_vocab_capacity (columns past the vocabulary are held at −1e30): the nn::Sequential
/// `network` of Embedding, FlattenConsecutive, Linear, Tanh, Linear. One training step (`step`) is the loss
/// graph's forward pass and generated reverse sweep on a workspace allocated with the model, then p −= lr·dp:
/// no allocation, no virtual call. It is a CharacterModel, so `nll`,
/// `sample_word` and `sample_words` work on it.
///
///     mlp<3, 10, 200, 32> model{vocab, 2147483647};
///     generator gen{42};
///     for (std::size_t k = 0; k < 200000; ++k) model.train_step(train, gen, k < 100000 ? 0.1f : 0.01f);
///     double dev = model.loss(dev_set);   // names.txt: ~2.13
template <std::size_t Block, std::size_t Emb, std::size_t Hidden, std::size_t Batch>
  requires(Block > 0 && Emb > 0 && Hidden > 0 && Batch > 0)
class mlp {
 public:
  using value_type = float;
  /// The model kind its checkpoints carry.
  static constexpr std::string_view kind = "mlp";
  static constexpr std::size_t block_size = Block;
  static constexpr std::size_t embedding = Emb;
  static constexpr std::size_t hidden = Hidden;
  static constexpr std::size_t batch = Batch;
  static constexpr std::size_t capacity = neural_vocab_capacity;
  static constexpr std::size_t inputs = Block * Emb;
  static constexpr mlp_config config{Block, Emb, Hidden, Batch};

  /// The network: C, then layer 1 (W1 then b1), its tanh, and layer 2 (W2 then b2).
  using network = nn::Sequential<float, nn::tokens<Block>, nn::Embedding<capacity, Emb>, nn::FlattenConsecutive<Block>, nn::Linear<Hidden>,
                                 nn::Tanh, nn::Linear<capacity>>;
  /// Where C, layer 1 (W1 then b1) and layer 2 (W2 then b2) start in `parameters()`.
  static constexpr std::size_t c_offset = network::template offset_of<0>;
  static constexpr std::size_t w1_offset = network::template offset_of<2>;
  static constexpr std::size_t w2_offset = network::template offset_of<4>;
  static constexpr std::size_t parameter_count = network::parameter_count;

  /// The logits of B contexts (input 0: B·Block tokens) as a static tensor expression.
  template <std::size_t B>
  using logits_expression = typename network::template output_expression<B>;
  /// Their mean cross-entropy against B targets (input 1).
  template <std::size_t B>
  using loss_expression = nn::node<nn::op::cross_entropy, logits_expression<B>, nn::nodes::labels<1, B>>;

  /// A model for `vocab` (at most `capacity` tokens, else std::invalid_argument), its parameters drawn from a
  /// generator seeded with `seed`.
  mlp(vocabulary vocab, std::uint64_t seed, mlp_init init = mlp_init::scaled) : mlp{std::move(vocab)} {
    generator gen{seed};
    const std::size_t v = vocab_.size();
    const bool scaled = init == mlp_init::scaled;
    const double w1_scale = scaled ? (5.0 / 3.0) / std::sqrt(static_cast<double>(inputs)) : 1.0;
    for (std::size_t t = 0; t < v; ++t) {
      for (std::size_t d = 0; d < Emb; ++d) c(t, d) = static_cast<float>(gen.normal());
    }
    for (std::size_t i = 0; i < inputs; ++i) {
      for (std::size_t j = 0; j < Hidden; ++j) w1(i, j) = static_cast<float>(gen.normal() * w1_scale);
    }
    for (std::size_t j = 0; j < Hidden; ++j) b1(j) = static_cast<float>(gen.normal() * (scaled ? 0.01 : 1.0));
    for (std::size_t i = 0; i < Hidden; ++i) {
      for (std::size_t j = 0; j < v; ++j) w2(i, j) = static_cast<float>(gen.normal() * (scaled ? 0.01 : 1.0));
    }
    for (std::size_t j = 0; j < v; ++j) b2(j) = scaled ? 0.0f : static_cast<float>(gen.normal());
  }

  mlp(mlp&&) noexcept = default;
  mlp(const mlp&) = delete;
  mlp& operator=(const mlp&) = delete;
  mlp& operator=(mlp&&) noexcept = default;

  // CharacterModel
  [[nodiscard]] const vocabulary& vocab() const noexcept { return vocab_; }
  [[nodiscard]] std::size_t context_length() const noexcept { return Block; }
  /// P(· | context) into `out` (size vocab().size()): the network's softmax for one context (Block tokens).
  void probabilities(std::span<const token> context, std::span<double> out) const {
    if (context.size() != Block || out.size() != vocab_.size()) {
      throw std::invalid_argument{"mlp: probabilities need a context of " + std::to_string(Block) + " tokens and " +
                                  std::to_string(vocab_.size()) + " outputs"};
    }
    std::array<token, Block> x{};
    for (std::size_t i = 0; i < Block; ++i) {
      if (context[i] < 0 || static_cast<std::size_t>(context[i]) >= vocab_.size()) {
        throw std::invalid_argument{"mlp: token " + std::to_string(context[i]) + " is outside the vocabulary"};
      }
      x[i] = context[i];
    }
    nn::program<float, logits_expression<1>, false> logits;
    nn::bindings<float> b{};
    b.parameters = net_.parameters().data();
    b.inputs[0] = x.data();
    detail::softmax_row(logits.forward(b), out);
  }

  /// One SGD step on a minibatch: zero_grad, forward, backward, p −= lr·dp. `contexts` holds Batch·Block
  /// tokens (context by context), `targets` Batch tokens, all in the vocabulary. Returns the minibatch's
  /// loss before the update. Allocates nothing.
  float step(std::span<const token, Batch * Block> contexts, std::span<const token, Batch> targets, float learning_rate) noexcept {
    const float loss = gradient(contexts, targets);
    simd::axpy<parameter_count>(-learning_rate, net_.gradients().data(), net_.parameters().data());
    return loss;
  }

  /// One SGD step on Batch examples of `data` drawn uniformly with replacement by `gen` (the course's
  /// `ix = torch.randint(0, Xtr.shape[0], (batch_size,))`). Allocates nothing.
  float train_step(const example_set& data, generator& gen, float learning_rate) {
    if (data.block_size != Block) throw std::invalid_argument{"mlp: training examples of another block size"};
    draw_minibatch(data, gen, *xb_, *yb_);
    return step(std::span<const token, Batch * Block>{*xb_}, std::span<const token, Batch>{*yb_}, learning_rate);
  }

  /// The mean loss over every example of `data` (forward only, in chunks of 256; the sum in double).
  [[nodiscard]] double loss(const example_set& data) const {
    if (data.block_size != Block) throw std::invalid_argument{"mlp: examples of another block size"};
    nn::bindings<float> b{};
    b.parameters = net_.parameters().data();
    return detail::mean_loss<loss_expression, 256>(b, data);
  }

  /// All parameters (layout: see the offsets) and their gradients from the last step.
  [[nodiscard]] std::span<float, parameter_count> parameters() noexcept { return net_.parameters(); }
  [[nodiscard]] std::span<const float, parameter_count> parameters() const noexcept { return net_.parameters(); }
  [[nodiscard]] std::span<const float, parameter_count> gradients() const noexcept { return net_.gradients(); }
  /// Writable, for a trainer that computes the gradient elsewhere (mlp_trainer's threads).
  [[nodiscard]] std::span<float, parameter_count> gradients() noexcept { return net_.gradients(); }
  /// Adds d loss / d parameters of the given minibatch to the gradients (after zeroing them); returns the loss.
  float gradient(std::span<const token, Batch * Block> contexts, std::span<const token, Batch> targets) noexcept {
    net_.zero_grad();
    nn::bindings<float> b = net_.bind(nn::mode::training);
    b.inputs[0] = contexts.data();
    b.inputs[1] = targets.data();
    return train_->gradient(b);
  }

  /// C[t, d], W1[i, j], b1[j], W2[i, j], b2[j].
  [[nodiscard]] float& c(std::size_t t, std::size_t d) noexcept { return net_.parameters()[c_offset + t * Emb + d]; }
  [[nodiscard]] float& w1(std::size_t i, std::size_t j) noexcept { return net_.parameters()[w1_offset + i * Hidden + j]; }
  [[nodiscard]] float& b1(std::size_t j) noexcept { return net_.parameters()[w1_offset + inputs * Hidden + j]; }
  [[nodiscard]] float& w2(std::size_t i, std::size_t j) noexcept { return net_.parameters()[w2_offset + i * capacity + j]; }
  [[nodiscard]] float& b2(std::size_t j) noexcept { return net_.parameters()[w2_offset + Hidden * capacity + j]; }
  [[nodiscard]] float c(std::size_t t, std::size_t d) const noexcept { return net_.parameters()[c_offset + t * Emb + d]; }
  [[nodiscard]] float w1(std::size_t i, std::size_t j) const noexcept { return net_.parameters()[w1_offset + i * Hidden + j]; }
  [[nodiscard]] float b1(std::size_t j) const noexcept { return net_.parameters()[w1_offset + inputs * Hidden + j]; }
  [[nodiscard]] float w2(std::size_t i, std::size_t j) const noexcept { return net_.parameters()[w2_offset + i * capacity + j]; }
  [[nodiscard]] float b2(std::size_t j) const noexcept { return net_.parameters()[w2_offset + Hidden * capacity + j]; }

  /// The model as a checkpoint: kind "mlp"; sections `vocabulary` (text), `block_size`, `embedding`,
  /// `hidden`, `batch` (integers), and f32 arrays `C` [V, Emb], `W1` [Block·Emb, Hidden], `b1` [Hidden],
  /// `W2` [Hidden, V], `b2` [V] (V = vocabulary size, without the padding).
  [[nodiscard]] checkpoint to_checkpoint() const {
    const std::size_t v = vocab_.size();
    checkpoint ck{std::string{kind}};
    ck.add_text("vocabulary", vocab_.characters());
    ck.add_integer("block_size", Block);
    ck.add_integer("embedding", Emb);
    ck.add_integer("hidden", Hidden);
    ck.add_integer("batch", Batch);
    std::vector<float> buf;
    const auto matrix = [&](std::string name, std::size_t rows, std::size_t cols, auto at) {
      buf.assign(rows * cols, 0.0f);
      for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < cols; ++j) buf[i * cols + j] = at(i, j);
      }
      ck.add(std::move(name), std::span<const float>{buf}, rows == 0 ? std::vector<std::uint64_t>{cols} : std::vector<std::uint64_t>{rows, cols});
    };
    matrix("C", v, Emb, [&](std::size_t i, std::size_t j) { return c(i, j); });
    matrix("W1", inputs, Hidden, [&](std::size_t i, std::size_t j) { return w1(i, j); });
    ck.add("b1", std::span<const float>{net_.parameters().data() + w1_offset + inputs * Hidden, Hidden}, {Hidden});
    matrix("W2", Hidden, v, [&](std::size_t i, std::size_t j) { return w2(i, j); });
    ck.add("b2", std::span<const float>{net_.parameters().data() + w2_offset + Hidden * capacity, v}, {v});
    return ck;
  }

  /// The model a checkpoint holds: another kind, other hyper-parameters than this type's, missing sections,
  /// other shapes or values that are not finite throw checkpoint_error naming the file.
  static mlp from_checkpoint(const checkpoint& ck) {
    if (ck.kind() != kind) ck.fail("holds a '" + ck.kind() + "' model, expected an 'mlp' model");
    const mlp_config found{static_cast<std::size_t>(ck.integer("block_size")), static_cast<std::size_t>(ck.integer("embedding")),
                           static_cast<std::size_t>(ck.integer("hidden")), static_cast<std::size_t>(ck.integer("batch"))};
    if (!(found == config)) ck.fail("holds an mlp of other hyper-parameters than " + describe(config));
    mlp m = [&] {
      try {
        return mlp{vocabulary{ck.text("vocabulary")}};
      } catch (const std::invalid_argument& e) {
        ck.fail(e.what());
      }
    }();
    const std::size_t v = m.vocab_.size();
    const auto take = [&](std::string_view name, std::vector<std::uint64_t> shape, auto put) {
      const auto values = ck.f32(name, shape);
      const std::size_t cols = shape.back();
      for (std::size_t k = 0; k < values.size(); ++k) {
        if (!std::isfinite(values[k])) ck.fail("section '" + std::string{name} + "' holds a value that is not finite");
        put(k / cols, k % cols, values[k]);
      }
    };
    take("C", {v, Emb}, [&](std::size_t i, std::size_t j, float x) { m.c(i, j) = x; });
    take("W1", {inputs, Hidden}, [&](std::size_t i, std::size_t j, float x) { m.w1(i, j) = x; });
    take("b1", {Hidden}, [&](std::size_t, std::size_t j, float x) { m.b1(j) = x; });
    take("W2", {Hidden, v}, [&](std::size_t i, std::size_t j, float x) { m.w2(i, j) = x; });
    take("b2", {v}, [&](std::size_t, std::size_t j, float x) { m.b2(j) = x; });
    return m;
  }

 private:
  // Zero parameters, absent columns at −1e30, the training program.
  explicit mlp(vocabulary vocab)
      : vocab_{std::move(vocab)},
        net_{0},
        train_{std::make_unique<train_program>()},
        xb_{std::make_unique<std::array<token, Batch * Block>>()},
        yb_{std::make_unique<std::array<token, Batch>>()} {
    detail::check_neural_vocabulary(vocab_, "mlp");
    std::ranges::fill(net_.parameters(), 0.0f);
    for (std::size_t j = vocab_.size(); j < capacity; ++j) b2(j) = absent_logit;
  }

  using train_program = nn::program<float, loss_expression<Batch>>;

  vocabulary vocab_;
  network net_;
  std::unique_ptr<train_program> train_;
  std::unique_ptr<std::array<token, Batch * Block>> xb_;
  std::unique_ptr<std::array<token, Batch>> yb_;
};

/// Configurations, listed: "block 3, embedding 10, hidden 200, batch 32; ...".
inline std::string describe_mlp_configs(std::span<const mlp_config> configs) {
  std::string out;
  for (const auto& c : configs) out += (out.empty() ? "" : "; ") + describe(c);
  return out;
}

namespace detail {
// A struct rather than an alias template: GCC 12 crashes on an alias template reading a class-type
// template parameter's members.
template <mlp_config C>
struct mlp_of {
  using type = mlp<C.block_size, C.embedding, C.hidden, C.batch>;
};
}  // namespace detail

/// The model type of configuration C.
template <mlp_config C>
using mlp_for = typename detail::mlp_of<C>::type;

namespace detail {
template <auto Configs, std::size_t I, class F>
std::invoke_result_t<F&, std::type_identity<mlp_for<Configs[0]>>> with_mlp_at(const mlp_config& c, F& f) {
  if (c == Configs[I]) return f(std::type_identity<mlp_for<Configs[I]>>{});
  if constexpr (I + 1 < Configs.size()) {
    return with_mlp_at<Configs, I + 1>(c, f);
  } else {
    throw std::invalid_argument{"mlp: " + describe(c) + " is not compiled into this build; it has: " + describe_mlp_configs(Configs)};
  }
}
}  // namespace detail

/// Calls `f(std::type_identity<mlp<...>>{})` with the model type of configuration `c`, one of `Configs` (an
/// std::array of mlp_config, each compiled; the makemore tool's comes from CTGRAD_MAKEMORE_MLP_SHAPES), or
/// throws std::invalid_argument listing them:
///
///     constexpr std::array<mlp_config, 2> shapes{{{3, 10, 200, 32}, {3, 24, 300, 64}}};
///     with_mlp<shapes>(config, [&]<class M>(std::type_identity<M>) { M model{vocab, seed}; ... });
template <auto Configs, class F>
  requires(Configs.size() > 0)
decltype(auto) with_mlp(const mlp_config& c, F&& f) {
  return detail::with_mlp_at<Configs, 0>(c, f);
}

}  // namespace ctgrad::makemore
