// ctgrad::nn::Sequential and its layers against the tape: each layer written again as plain loops over tape
// values (a scalar reference that shares no code with the layers' kernels), run from the same parameters; the
// outputs, the loss and every parameter gradient agree to 1e-12 in double. Also the layout, the named tensors
// and the first values.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>

#include "nn_test_support.hpp"

namespace {
using namespace nn_test;

/// A (rows × cols) matrix of tape values, row-major.
struct tape_matrix {
  std::size_t rows = 0, cols = 0;
  std::vector<tape::value> v;
  tape::value& operator()(std::size_t r, std::size_t c) { return v[r * cols + c]; }
};

/// Each layer as the course writes it, on tape values; its parameters are the tape leaves `p` from `offset`.
/// An Embedding's input holds the token indices as numbers.
template <class L>
struct tape_reference;

template <std::size_t Out, bool Bias>
struct tape_reference<nn::Linear<Out, Bias>> {
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const& p, std::size_t offset) {
    tape_matrix y{x.rows, Out, {}};
    for (std::size_t r = 0; r < x.rows; ++r) {
      for (std::size_t j = 0; j < Out; ++j) {
        tape::value s = x(r, 0) * p[offset + j];
        for (std::size_t i = 1; i < x.cols; ++i) s = s + x(r, i) * p[offset + i * Out + j];
        if (Bias) s = s + p[offset + x.cols * Out + j];
        y.v.push_back(s);
      }
    }
    return y;
  }
};
template <std::size_t V, std::size_t D>
struct tape_reference<nn::Embedding<V, D>> {
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const& p, std::size_t offset) {
    tape_matrix y{x.rows, D, {}};
    for (std::size_t r = 0; r < x.rows; ++r) {
      const auto token = static_cast<std::size_t>(x(r, 0).data());
      for (std::size_t d = 0; d < D; ++d) y.v.push_back(p[offset + token * D + d]);
    }
    return y;
  }
};
template <std::size_t N>
struct tape_reference<nn::FlattenConsecutive<N>> {
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const&, std::size_t) { return {x.rows / N, x.cols * N, x.v}; }
};
template <>
struct tape_reference<nn::Tanh> {
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const&, std::size_t) {
    for (auto& v : x.v) v = v.tanh();
    return x;
  }
};
/// (x − mean)/√(var + ε) of the values `xs`, the variance divided by `divisor`, on tape values.
std::vector<tape::value> tape_normalized(std::vector<tape::value> const& xs, double divisor, double eps) {
  tape::value mean = xs[0];
  for (std::size_t i = 1; i < xs.size(); ++i) mean = mean + xs[i];
  mean = mean / static_cast<double>(xs.size());
  tape::value var = (xs[0] - mean).pow(2);
  for (std::size_t i = 1; i < xs.size(); ++i) var = var + (xs[i] - mean).pow(2);
  var = var / divisor;
  std::vector<tape::value> out;
  for (auto x : xs) out.push_back((x - mean) / (var + eps).sqrt());
  return out;
}

/// The course's BatchNorm1d in training (each column over the batch, the variance unbiased), γ and β from `offset`.
template <>
struct tape_reference<nn::BatchNorm1d> {
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const& p, std::size_t offset) {
    tape_matrix y = x;
    for (std::size_t j = 0; j < x.cols; ++j) {
      std::vector<tape::value> column;
      for (std::size_t r = 0; r < x.rows; ++r) column.push_back(x(r, j));
      const auto n = tape_normalized(column, static_cast<double>(x.rows - 1), nn::BatchNorm1d{}.eps);
      for (std::size_t r = 0; r < x.rows; ++r) y(r, j) = p[offset + j] * n[r] + p[offset + x.cols + j];
    }
    return y;
  }
};
/// LayerNorm: each row over its features, the variance ÷ C.
template <>
struct tape_reference<nn::LayerNorm> {
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const& p, std::size_t offset) {
    tape_matrix y = x;
    for (std::size_t r = 0; r < x.rows; ++r) {
      const std::vector<tape::value> row(x.v.begin() + static_cast<std::ptrdiff_t>(r * x.cols), x.v.begin() + static_cast<std::ptrdiff_t>((r + 1) * x.cols));
      const auto n = tape_normalized(row, static_cast<double>(x.cols), nn::LayerNorm{}.eps);
      for (std::size_t j = 0; j < x.cols; ++j) y(r, j) = p[offset + j] * n[j] + p[offset + x.cols + j];
    }
    return y;
  }
};
/// GELU, makemore's NewGELU: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
template <>
struct tape_reference<nn::GELU> {
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const&, std::size_t) {
    for (auto& v : x.v) v = 0.5 * v * (1.0 + (std::sqrt(2.0 / 3.141592653589793) * (v + 0.044715 * v.pow(3))).tanh());
    return x;
  }
};
template <>
struct tape_reference<nn::ReLU> {
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const&, std::size_t) {
    for (auto& v : x.v) v = v.relu();
    return x;
  }
};

/// makemore's `tok_emb + pos_emb`: each row plus its position's row of the table.
template <std::size_t Block>
struct tape_reference<nn::PositionEmbedding<Block>> {
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const& p, std::size_t offset) {
    for (std::size_t r = 0; r < x.rows; ++r) {
      for (std::size_t j = 0; j < x.cols; ++j) x(r, j) = x(r, j) + p[offset + (r % Block) * x.cols + j];
    }
    return x;
  }
};
/// makemore's attention between its projections, as its forward writes it: per sequence and head, softmax of the
/// masked scores q·k/√D (no shift by the largest: small numbers here), times the values.
template <std::size_t Heads, std::size_t Block>
struct tape_reference<nn::CausalSelfAttention<Heads, Block>> {
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const&, std::size_t) {
    const std::size_t c = x.cols / 3, d = c / Heads;
    tape_matrix y{x.rows, c, {}};
    for (std::size_t r = 0; r < x.rows; ++r) {
      const std::size_t first = r - r % Block;  // the sequence's first row
      for (std::size_t h = 0; h < Heads; ++h) {
        std::vector<tape::value> weights;
        for (std::size_t u = first; u <= r; ++u) {
          tape::value score = x(r, h * d) * x(u, c + h * d);
          for (std::size_t i = 1; i < d; ++i) score = score + x(r, h * d + i) * x(u, c + h * d + i);
          weights.push_back((score / std::sqrt(static_cast<double>(d))).exp());
        }
        tape::value sum = weights[0];
        for (std::size_t k = 1; k < weights.size(); ++k) sum = sum + weights[k];
        for (std::size_t i = 0; i < d; ++i) {
          tape::value out = weights[0] / sum * x(first, 2 * c + h * d + i);
          for (std::size_t u = first + 1; u <= r; ++u) out = out + weights[u - first] / sum * x(u, 2 * c + h * d + i);
          y.v.push_back(out);
        }
      }
    }
    return y;
  }
};

template <class L>
inline constexpr bool is_residual_v = false;
template <class... Ls>
inline constexpr bool is_residual_v<nn::Residual<Ls...>> = true;

/// Layer L taking the expression X (a Residual's layers' offsets depend on it).
template <class L, class X>
tape_matrix tape_layer(tape_matrix x, std::vector<tape::value> const& p, std::size_t offset) {
  if constexpr (is_residual_v<L>) return tape_reference<L>::template apply<X>(std::move(x), p, offset);
  else return tape_reference<L>::apply(std::move(x), p, offset);
}

/// x + f(x), f its layers one after the other.
template <class... Ls>
struct tape_reference<nn::Residual<Ls...>> {
  template <class X>
  static tape_matrix apply(tape_matrix x, std::vector<tape::value> const& p, std::size_t offset) {
    using residual = nn::Residual<Ls...>;
    using sequence = typename residual::sequence;
    tape_matrix f = x;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      ((f = tape_layer<typename sequence::template layer_type<K>, typename sequence::template input<X, K>>(f, p, offset + residual::template offset_of<X, K>)),
       ...);
    }(std::make_index_sequence<sizeof...(Ls)>{});
    REQUIRE(f.rows == x.rows);
    REQUIRE(f.cols == x.cols);
    for (std::size_t k = 0; k < x.v.size(); ++k) x.v[k] = x.v[k] + f.v[k];
    return x;
  }
};

/// Model M (double) on B samples `xs` (numbers, or token indices as numbers), with the mean cross-entropy
/// against `ys` (one per output row: R = B, or one per position of each sequence): its outputs, loss and gradient
/// from nn::program, and the same from the tape reference, compared.
template <class M, std::size_t B, std::size_t R = B>
void check_against_tape(M& model, typename M::template input_batch<B> const& xs, std::array<std::int32_t, R> const& ys) {
  using loss_expression = nn::node<nn::op::cross_entropy, typename M::template output_expression<B>, nn::nodes::labels<1, R>>;
  auto program = std::make_unique<nn::program<double, loss_expression>>();
  nn::bindings<double> b = model.bind(nn::mode::training);
  b.inputs[0] = xs.data();
  b.inputs[1] = ys.data();
  model.zero_grad();
  const double loss = program->gradient(b);
  double const* out = program->template value<typename M::template output_expression<B>>();

  tape::graph g;
  std::vector<tape::value> p;
  for (double w : model.parameters()) p.push_back(g.leaf(w));
  constexpr std::size_t per_sample = M::template input_batch<1>::cols;
  tape_matrix x{B * per_sample, 1, {}};
  if constexpr (std::is_same_v<typename M::input_type, nn::features<per_sample>>) x = {B, per_sample, {}};
  for (auto v : xs) x.v.push_back(g.leaf(static_cast<double>(v)));
  [&]<std::size_t... K>(std::index_sequence<K...>) {
    ((x = tape_layer<typename M::template layer_type<K>, typename M::template layer_input<K>>(x, p, M::template offset_of<K>)), ...);
  }(std::make_index_sequence<M::layer_count>{});
  REQUIRE(x.rows == R);
  REQUIRE(x.cols * R == M::outputs * B);
  tape::value sum = g.leaf(0.0);
  for (std::size_t r = 0; r < R; ++r) {
    tape::value z = g.leaf(0.0);
    for (std::size_t j = 0; j < x.cols; ++j) z = z + x(r, j).exp();
    sum = sum + (z.log() - x(r, static_cast<std::size_t>(ys[r])));
  }
  tape::value expected = sum * (1.0 / static_cast<double>(R));
  expected.backward();

  for (std::size_t k = 0; k < x.v.size(); ++k) CHECK(rel_error(out[k], x.v[k].data()) <= 1e-12);
  CHECK(rel_error(loss, expected.data()) <= 1e-12);
  double worst = 0;
  std::size_t nonzero = 0;
  for (std::size_t k = 0; k < M::parameter_count; ++k) {
    worst = std::max(worst, rel_error(model.gradients()[k], p[k].grad()));
    nonzero += p[k].grad() != 0.0 ? 1 : 0;
  }
  INFO("largest relative gradient error " << worst);
  CHECK(worst <= 1e-12);
  CHECK(nonzero > M::parameter_count / 2);  // the comparison is not of zeros
}

template <std::size_t B, std::size_t N>
nn::tensor<std::int32_t, B, N> random_tokens(std::uint64_t seed, std::uint64_t vocab) {
  ctgrad::generator gen{seed};
  nn::tensor<std::int32_t, B, N> t{};
  for (auto& v : t) v = static_cast<std::int32_t>(gen.below(vocab));
  return t;
}

template <std::size_t B>
std::array<std::int32_t, B> random_labels(std::uint64_t seed, std::uint64_t classes) {
  ctgrad::generator gen{seed};
  std::array<std::int32_t, B> t{};
  for (auto& v : t) v = static_cast<std::int32_t>(gen.below(classes));
  return t;
}

}  // namespace

TEST_CASE("Sequential = tape: Embedding, FlattenConsecutive (in the lookup and as a copy), Linear with and without bias, Tanh, ReLU",
          "[nn][sequential][tape]") {
  // A small WaveNet: 8 tokens, pairs joined twice by FlattenConsecutive (the first inside the lookup).
  using model_type = nn::Sequential<double, nn::tokens<8>, nn::Embedding<7, 3>, nn::FlattenConsecutive<2>, nn::Linear<5, false>, nn::Tanh,
                                    nn::FlattenConsecutive<2>, nn::Linear<6>, nn::ReLU, nn::FlattenConsecutive<2>, nn::Linear<4>, nn::Tanh,
                                    nn::Linear<7>>;
  STATIC_REQUIRE(model_type::outputs == 7);
  STATIC_REQUIRE(model_type::parameter_count == 7 * 3 + 6 * 5 + (10 + 1) * 6 + (12 + 1) * 4 + (4 + 1) * 7);
  model_type model{7};
  check_against_tape<model_type, 5>(model, random_tokens<5, 8>(1, 7), random_labels<5>(2, 7));
}

TEST_CASE("Sequential = tape: features, one neuron without a bias", "[nn][sequential][tape]") {
  using model_type = nn::Sequential<double, nn::features<5>, nn::Linear<4>, nn::Tanh, nn::Linear<3>, nn::ReLU, nn::Linear<1, false>>;
  model_type model{3};
  // One output: the cross-entropy of one class is 0 with no gradient; two classes need two outputs.
  using two = nn::Sequential<double, nn::features<5>, nn::Linear<4>, nn::Tanh, nn::Linear<2, false>>;
  two model2{3};
  check_against_tape<two, 6>(model2, random_batch<double, 6, 5>(4), random_labels<6>(5, 2));
  // The single neuron's path (dot products) against the tape through its output.
  const auto xs = random_batch<double, 2, 5>(6);
  const auto y = model.forward(xs);
  tape::graph g;
  std::vector<tape::value> p;
  for (double w : model.parameters()) p.push_back(g.leaf(w));
  tape_matrix x{2, 5, {}};
  for (auto v : xs) x.v.push_back(g.leaf(v));
  x = tape_reference<nn::Linear<4>>::apply(x, p, model_type::offset_of<0>);
  x = tape_reference<nn::Tanh>::apply(x, p, 0);
  x = tape_reference<nn::Linear<3>>::apply(x, p, model_type::offset_of<2>);
  x = tape_reference<nn::ReLU>::apply(x, p, 0);
  x = tape_reference<nn::Linear<1, false>>::apply(x, p, model_type::offset_of<4>);
  CHECK(rel_error(y(0, 0), x.v[0].data()) <= 1e-12);
  CHECK(rel_error(y(1, 0), x.v[1].data()) <= 1e-12);
}

TEST_CASE("Sequential = tape: BatchNorm1d in training, over a batch and over the positions of a sequence", "[nn][sequential][tape]") {
  using model_type = nn::Sequential<double, nn::features<4>, nn::Linear<6, false>, nn::BatchNorm1d, nn::Tanh, nn::Linear<5>, nn::BatchNorm1d,
                                    nn::ReLU, nn::Linear<3>>;
  STATIC_REQUIRE(model_type::buffer_count == (2 * 6 + 2) + (2 * 5 + 2));
  STATIC_REQUIRE(model_type::buffer_offset_of<4> == 2 * 6 + 2);
  model_type model{11};
  // γ and β away from 1 and 0, so that their gradients are not hidden.
  ctgrad::generator gen{12};
  for (double& g : model.parameter<1, 0>().values) g = gen.uniform(0.5, 1.5);
  for (double& b : model.parameter<1, 1>().values) b = gen.uniform(-0.5, 0.5);
  check_against_tape<model_type, 7>(model, random_batch<double, 7, 4>(13), random_labels<7>(14, 3));

  using sequence_model = nn::Sequential<double, nn::tokens<4>, nn::Embedding<9, 3>, nn::FlattenConsecutive<2>, nn::Linear<5, false>,
                                        nn::BatchNorm1d, nn::Tanh, nn::FlattenConsecutive<2>, nn::Linear<4>>;
  sequence_model seq{15};
  check_against_tape<sequence_model, 3>(seq, random_tokens<3, 4>(16, 9), random_labels<3>(17, 4));
}

TEST_CASE("Sequential = tape: LayerNorm and GELU, over a batch and over the positions of a sequence", "[nn][sequential][tape]") {
  using model_type = nn::Sequential<double, nn::features<5>, nn::Linear<6>, nn::LayerNorm, nn::GELU, nn::Linear<4>, nn::GELU, nn::LayerNorm,
                                    nn::Linear<3>>;
  STATIC_REQUIRE(model_type::buffer_count == 2);
  model_type model{21, nn::Linear<6>{.gain = 2.0}, nn::LayerNorm{}, nn::GELU{}, nn::Linear<4>{.gain = 2.0}, nn::GELU{}, nn::LayerNorm{}, nn::Linear<3>{}};
  ctgrad::generator gen{22};
  for (double& g : model.parameter<1, 0>().values) g = gen.uniform(0.5, 1.5);
  for (double& b : model.parameter<5, 1>().values) b = gen.uniform(-0.5, 0.5);
  check_against_tape<model_type, 6>(model, random_batch<double, 6, 5>(23), random_labels<6>(24, 3));

  using sequence_model = nn::Sequential<double, nn::tokens<4>, nn::Embedding<9, 6>, nn::LayerNorm, nn::Linear<5>, nn::GELU,
                                        nn::FlattenConsecutive<4>, nn::Linear<9>>;
  sequence_model seq{25};
  check_against_tape<sequence_model, 3>(seq, random_tokens<3, 4>(26, 9), random_labels<3>(27, 9));
}

TEST_CASE("Sequential = tape: makemore's Transformer (position embedding, causal self-attention, residual blocks)", "[nn][sequential][tape]") {
  constexpr std::size_t block = 4, c = 6, heads = 2, vocab = 5;
  using attention = nn::Residual<nn::LayerNorm, nn::Linear<3 * c>, nn::CausalSelfAttention<heads, block>, nn::Linear<c>>;
  using mlp = nn::Residual<nn::LayerNorm, nn::Linear<4 * c>, nn::GELU, nn::Linear<c>>;
  using model_type = nn::Sequential<double, nn::tokens<block>, nn::Embedding<vocab, c>, nn::PositionEmbedding<block>, attention, mlp, attention,
                                    mlp, nn::LayerNorm, nn::Linear<vocab, false>>;
  constexpr std::size_t per_block = 2 * (2 * c) + (c + 1) * 3 * c + (c + 1) * c + (c + 1) * 4 * c + (4 * c + 1) * c;
  STATIC_REQUIRE(model_type::parameter_count == vocab * c + block * c + 2 * per_block + 2 * c + c * vocab);
  STATIC_REQUIRE(model_type::outputs == block * vocab);  // one row of logits per position
  STATIC_REQUIRE(model_type::buffer_count == 5);         // each LayerNorm's ε
  model_type model{31, nn::Embedding<vocab, c>{}, nn::PositionEmbedding<block>{},
                   attention{nn::LayerNorm{}, nn::Linear<3 * c>{.gain = 2.0}, nn::CausalSelfAttention<heads, block>{}, nn::Linear<c>{}}, mlp{},
                   attention{}, mlp{}, nn::LayerNorm{}, nn::Linear<vocab, false>{}};
  check_against_tape<model_type, 3, 3 * block>(model, random_tokens<3, block>(32, vocab), random_labels<3 * block>(33, vocab));
}

TEST_CASE("CausalSelfAttention: a position sees itself and the positions before it, not those after", "[nn][sequential]") {
  constexpr std::size_t block = 5, c = 4, vocab = 7;
  using model_type = nn::Sequential<double, nn::tokens<block>, nn::Embedding<vocab, c>, nn::PositionEmbedding<block>, nn::Linear<3 * c>,
                                    nn::CausalSelfAttention<2, block>, nn::Linear<vocab>>;
  const model_type model{41};
  auto xs = random_tokens<2, block>(42, vocab);
  const auto before = model.forward(xs);
  xs(1, 2) = (xs(1, 2) + 1) % static_cast<std::int32_t>(vocab);  // the second sequence's third token changes
  const auto after = model.forward(xs);
  for (std::size_t t = 0; t < block; ++t) {
    bool changed = false;
    for (std::size_t j = 0; j < vocab; ++j) {
      CHECK(before(0, t * vocab + j) == after(0, t * vocab + j));  // the other sequence
      changed = changed || before(1, t * vocab + j) != after(1, t * vocab + j);
    }
    INFO("position " << t);
    CHECK(changed == (t >= 2));
  }
}

TEST_CASE("Residual: its layers' parameters and buffers in the model's blocks, and their first values", "[nn][sequential][tape]") {
  using residual = nn::Residual<nn::Linear<6, false>, nn::BatchNorm1d, nn::Tanh>;
  using model_type = nn::Sequential<double, nn::features<5>, nn::Linear<6>, residual, nn::Linear<3>>;
  STATIC_REQUIRE(model_type::parameter_count == 6 * 6 + 6 * 6 + 2 * 6 + 7 * 3);
  STATIC_REQUIRE(model_type::offset_of<2> == 6 * 6 + 6 * 6 + 2 * 6);
  STATIC_REQUIRE(model_type::buffer_count == 2 * 6 + 2);
  model_type model{51, nn::Linear<6>{}, residual{nn::Linear<6, false>{.gain = 3.0}, nn::BatchNorm1d{.momentum = 0.25}, nn::Tanh{}}, nn::Linear<3>{}};
  CHECK(model.buffers()[2 * 6 + 1] == 0.25);  // the inner BatchNorm1d's momentum, from its setting
  constexpr auto tensors = residual::tensors<model_type::layer_input<1>>;
  STATIC_REQUIRE(tensors.size() == 3);
  STATIC_REQUIRE(tensors[1].name == "weight" && tensors[1].offset == 36 && tensors[2].offset == 42);
  // The inner BatchNorm1d's γ starts at 1, its β at 0; the inner Linear's weights are N(0, 1)·3/√6.
  const auto gamma = model.parameter<1, 1>();
  CHECK(gamma.values[0] == 1.0);
  CHECK(model.parameter<1, 2>().values[0] == 0.0);
  double sum_squares = 0;
  for (double w : model.parameter<1, 0>().values) sum_squares += w * w;
  CHECK(std::sqrt(sum_squares / 36) == Approx(3.0 / std::sqrt(6.0)).epsilon(0.3));
  check_against_tape<model_type, 7>(model, random_batch<double, 7, 5>(52), random_labels<7>(53, 3));
}

TEST_CASE("BatchNorm1d: running statistics with momentum in training, used in evaluation", "[nn][sequential]") {
  using model_type = nn::Sequential<double, nn::features<2>, nn::BatchNorm1d>;
  model_type model{1, nn::BatchNorm1d{.eps = 1e-3, .momentum = 0.25}};
  CHECK(model.buffers()[0] == 0.0);  // running_mean
  CHECK(model.buffers()[2] == 1.0);  // running_var
  CHECK(model.buffers()[4] == 1e-3);
  CHECK(model.buffers()[5] == 0.25);
  const nn::tensor<double, 4, 2> xs{{1, 10, 2, 20, 3, 30, 6, 40}};  // means 3, 25; unbiased variances 14/3, 500/3
  nn::program<double, model_type::output_expression<4>, false> p;
  nn::bindings<double> b = model.bind(nn::mode::training);
  b.inputs[0] = xs.data();
  double const* y = p.forward(b);
  CHECK(y[0] == Approx((1 - 3) / std::sqrt(14.0 / 3 + 1e-3)).epsilon(1e-12));
  CHECK(model.buffers()[0] == Approx(0.25 * 3).epsilon(1e-12));
  CHECK(model.buffers()[1] == Approx(0.25 * 25).epsilon(1e-12));
  CHECK(model.buffers()[2] == Approx(0.75 + 0.25 * 14.0 / 3).epsilon(1e-12));
  CHECK(model.buffers()[3] == Approx(0.75 + 0.25 * 500.0 / 3).epsilon(1e-12));
  // Evaluation reads the running statistics and leaves them.
  const double rm = model.buffers()[0], rv = model.buffers()[2];
  const auto out = model.forward(xs);
  CHECK(out(3, 0) == Approx((6 - rm) / std::sqrt(rv + 1e-3)).epsilon(1e-12));
  CHECK(model.buffers()[0] == rm);
  b.training = false;
  p.forward(b);
  CHECK(model.buffers()[2] == rv);
  // One sample is normalised by the running statistics, even in training.
  nn::program<double, model_type::output_expression<1>, false> one;
  nn::bindings<double> b1 = model.bind(nn::mode::training);
  b1.inputs[0] = xs.data();
  CHECK(*one.forward(b1) == Approx((1 - rm) / std::sqrt(rv + 1e-3)).epsilon(1e-12));
  CHECK(model.buffers()[0] == rm);
}

TEST_CASE("Sequential: the parameter layout, named tensors and the course's first values", "[nn][sequential]") {
  using model_type = nn::Sequential<double, nn::tokens<3>, nn::Embedding<27, 10>, nn::FlattenConsecutive<3>, nn::Linear<200, false>, nn::Tanh,
                                    nn::Linear<27>>;
  STATIC_REQUIRE(model_type::offset_of<0> == 0);
  STATIC_REQUIRE(model_type::offset_of<2> == 270);
  STATIC_REQUIRE(model_type::offset_of<4> == 270 + 30 * 200);
  STATIC_REQUIRE(model_type::parameter_count == 270 + 30 * 200 + 201 * 27);
  // The lookup writes the flattened rows: no copy node.
  STATIC_REQUIRE(std::is_same_v<model_type::layer_input<3>,
                                nn::node<nn::op::affine, nn::node<nn::op::embedding<3>, nn::nodes::labels<0, 3>, nn::nodes::matrix<0, 27, 10>>,
                                         nn::nodes::dense<270, 30, 200, false>>>);

  model_type model{5, nn::Embedding<27, 10>{}, nn::FlattenConsecutive<3>{}, nn::Linear<200, false>{.gain = 5.0 / 3.0}, nn::Tanh{},
                   nn::Linear<27>{.gain = 0.1}};
  std::vector<std::string_view> names;
  std::size_t next = 0;
  model.for_each_parameter([&](std::size_t k, std::string_view layer, nn::parameter_tensor t, std::span<double const> values) {
    CHECK(t.offset == next);  // in the block's order, nothing between
    CHECK(values.data() == model.parameters().data() + t.offset);
    next += t.size();
    names.push_back(layer);
    names.push_back(t.name);
    (void)k;
  });
  CHECK(next == model_type::parameter_count);
  CHECK(names == std::vector<std::string_view>{"Embedding", "weight", "Linear", "weight", "Linear", "weight", "Linear", "bias"});

  // Drawn from one generator, layer after layer: C ~ N(0, 1), W ~ N(0, 1)·gain/√fan_in, bias 0.
  ctgrad::generator gen{5};
  CHECK(model.parameter<0, 0>()(0, 0) == gen.normal());
  for (std::size_t k = 1; k < 270; ++k) (void)gen.normal();
  CHECK(model.parameter<2, 0>()(0, 0) == gen.normal() * (5.0 / 3.0) / std::sqrt(30.0));
  for (std::size_t k = 1; k < 30 * 200; ++k) (void)gen.normal();
  CHECK(model.parameter<4, 0>()(0, 0) == gen.normal() * 0.1 / std::sqrt(200.0));
  CHECK(model.parameter<4, 1>().tensor.name == "bias");
  for (double b : model.parameter<4, 1>().values) CHECK(b == 0.0);
  CHECK(model.layer<2>().gain == 5.0 / 3.0);
}

TEST_CASE("MLP is a Sequential of Linear layers and their non-linearities", "[nn][sequential]") {
  using mlp = nn::MLP<double, 2, nn::relu(16), nn::relu(16), nn::linear(1)>;
  STATIC_REQUIRE(std::is_base_of_v<nn::Sequential<double, nn::features<2>, nn::Linear<16>, nn::ReLU, nn::Linear<16>, nn::ReLU, nn::Linear<1>>, mlp>);
  STATIC_REQUIRE(mlp::offsets[1] == mlp::offset_of<2>);
  STATIC_REQUIRE(mlp::offsets[2] == mlp::offset_of<4>);
  STATIC_REQUIRE(mlp::parameter_count == 3 * 16 + 17 * 16 + 17);
}

TEST_CASE("Sequential: a layer's output and its gradient, read from the program after a step", "[nn][sequential]") {
  using model_type = nn::Sequential<double, nn::features<5>, nn::Linear<4>, nn::Tanh, nn::Linear<3>>;
  constexpr std::size_t B = 6;
  using loss_expression = nn::node<nn::op::cross_entropy, model_type::output_expression<B>, nn::nodes::labels<1, B>>;
  static_assert(std::is_same_v<model_type::layer_output<B, 2>, model_type::output_expression<B>>);
  model_type model{8};
  const auto xs = random_batch<double, B, 5>(9);
  const auto ys = random_labels<B>(10, 3);
  nn::program<double, loss_expression, true, nn::adjoints::kept> program;
  nn::bindings<double> b = model.bind(nn::mode::training);
  b.inputs[0] = xs.data();
  b.inputs[1] = ys.data();
  program.gradient(b);

  // The logits are the model's outputs, and their gradient is (softmax − one-hot) / B.
  const auto out = model.forward(xs);
  const double* logits = program.value<model_type::layer_output<B, 2>>();
  const double* dlogits = program.adjoint<model_type::layer_output<B, 2>>();
  std::array<double, B * 4> dh_expected{};
  const auto w2 = model.parameter<2, 0>();
  for (std::size_t r = 0; r < B; ++r) {
    double z = 0;
    for (std::size_t j = 0; j < 3; ++j) z += std::exp(out(r, j));
    for (std::size_t j = 0; j < 3; ++j) {
      CHECK(logits[r * 3 + j] == Approx(out(r, j)).epsilon(1e-12));
      const double expected = (std::exp(out(r, j)) / z - (static_cast<std::size_t>(ys[r]) == j ? 1.0 : 0.0)) / B;
      CHECK(dlogits[r * 3 + j] == Approx(expected).margin(1e-12));
      for (std::size_t i = 0; i < 4; ++i) dh_expected[r * 4 + i] += expected * w2(i, j);
    }
  }
  // The Tanh layer's output lies in (−1, 1), and its gradient is the logits' gradient times W2ᵀ.
  const double* h = program.value<model_type::layer_output<B, 1>>();
  const double* dh = program.adjoint<model_type::layer_output<B, 1>>();
  for (std::size_t k = 0; k < B * 4; ++k) {
    CHECK(std::abs(h[k]) < 1.0);
    CHECK(dh[k] == Approx(dh_expected[k]).margin(1e-12));
  }
}
