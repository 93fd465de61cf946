// nn::program, the public way to run a tensor graph: its forward pass and its gradient are the ones the model
// and the trainer compute (they run on it), and value<N>() reads a node of the last forward pass. (That a run
// allocates nothing is in test_training.cpp, the executable's one counting allocator.) Its adjoints share one arena
// laid out at compile time, checked here against the sweep.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include <catch2/catch.hpp>

#include "nn_test_support.hpp"

namespace {
using namespace nn_test;

using model_type = nn::MLP<double, 3, 4, 4, 1>;
using output = model_type::output_expression<4>;
using loss = nn::loss::sse::expression<output, model_type::parameter_count>;

const nn::tensor<double, 4, 3> xs{{2.0, 3.0, -1.0, 3.0, -1.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, -1.0}};
const nn::tensor<double, 4, 1> ys{{1.0, -1.0, -1.0, 1.0}};
}  // namespace

TEST_CASE("nn::program: forward, gradient and a node's value are the model's and the trainer's", "[nn][program]") {
  model_type model;
  model_type reference = model;  // the same parameters, differentiated by the trainer
  auto trainer = nn::make_trainer<4>(reference, nn::loss::sse{});
  reference.zero_grad();
  const double expected_loss = trainer.backward(xs, ys);

  auto p = std::make_unique<nn::program<double, loss>>();
  model.zero_grad();
  nn::bindings<double> b{};
  b.parameters = model.parameters().data();
  b.gradients = model.gradients().data();
  b.inputs[0] = xs.data();
  b.inputs[1] = ys.data();
  CHECK(*p->forward(b) == expected_loss);
  const nn::tensor<double, 4, 1> outputs = model.forward(xs);
  for (std::size_t i = 0; i < 4; ++i) CHECK(p->value<output>()[i] == outputs[i]);  // the node the loss reads
  p->backward(b);
  for (std::size_t k = 0; k < model_type::parameter_count; ++k) CHECK(model.gradients()[k] == reference.gradients()[k]);

  model.zero_grad();  // gradient() is forward then backward
  CHECK(p->gradient(b) == expected_loss);
  for (std::size_t k = 0; k < model_type::parameter_count; ++k) CHECK(model.gradients()[k] == reference.gradients()[k]);

  // a program without gradients runs the forward pass alone, on the stack
  nn::program<double, output, false> forward_only;
  for (std::size_t i = 0; i < 4; ++i) CHECK(forward_only.forward(b)[i] == outputs[i]);
}

namespace {

/// Graph G's adjoint layout, checked against the sweep it serves: an adjoint is live from its node's user of
/// highest index (the step that writes it first; the root's own) down to its node, and two adjoints live at one
/// step never share an element.
template <class G>
consteval bool adjoints_apart_while_live() {
  constexpr auto sizes = nn::detail::adjoint_sizes(typename G::list{});
  std::array<std::size_t, G::size> writer{};
  for (std::size_t k = 0; k != G::size; ++k) {
    writer[k] = k;
    for (std::size_t u = k + 1; u != G::size; ++u) {
      for (std::size_t i = 0; i != G::slots[u].arity; ++i) {
        if (G::slots[u].operand[i] == k) writer[k] = u;
      }
    }
  }
  for (std::size_t k = 0; k != G::size; ++k) {
    for (std::size_t l = k + 1; l != G::size; ++l) {
      if (sizes[k] == 0 || sizes[l] == 0) continue;
      const bool both_live = l <= writer[k];  // l ≥ k: their lives [k, writer k] and [l, writer l] meet
      const std::size_t a = G::adjoint_plan.offset[k], b = G::adjoint_plan.offset[l];
      const bool apart = a + sizes[k] <= b || b + sizes[l] <= a;
      if (both_live && !apart) return false;
    }
    if (sizes[k] != 0 && G::adjoint_plan.offset[k] + sizes[k] > G::adjoint_plan.size) return false;
  }
  return true;
}

template <class G>
consteval std::size_t adjoint_sum() {
  std::size_t n = 0;
  for (std::size_t s : nn::detail::adjoint_sizes(typename G::list{})) n += s;
  return n;
}

// A deep MLP, and a small Transformer (residual blocks: adjoints written by two users).
using deep_model = nn::Sequential<double, nn::features<8>, nn::Linear<16>, nn::Tanh, nn::Linear<16>, nn::Tanh, nn::Linear<16>,
                                  nn::Tanh, nn::Linear<16>, nn::Tanh, nn::Linear<3>>;
using deep_loss = nn::node<nn::op::cross_entropy, deep_model::output_expression<4>, nn::nodes::labels<1, 4>>;
constexpr std::size_t block = 4, width = 6, vocab = 5;
using attention = nn::Residual<nn::LayerNorm, nn::Linear<3 * width>, nn::CausalSelfAttention<2, block>, nn::Linear<width>>;
using feed_forward = nn::Residual<nn::LayerNorm, nn::Linear<4 * width>, nn::GELU, nn::Linear<width>>;
using gpt_model = nn::Sequential<double, nn::tokens<block>, nn::Embedding<vocab, width>, nn::PositionEmbedding<block>, attention,
                                 feed_forward, attention, feed_forward, nn::LayerNorm, nn::Linear<vocab, false>>;
using gpt_loss = nn::node<nn::op::cross_entropy, gpt_model::output_expression<3>, nn::nodes::labels<1, 3 * block>>;

}  // namespace

TEST_CASE("nn::program: adjoints share one arena, never two live at once in the same elements", "[nn][program]") {
  using deep_graph = nn::program<double, deep_loss>::graph_type;
  using gpt_graph = nn::program<double, gpt_loss>::graph_type;
  STATIC_REQUIRE(adjoints_apart_while_live<deep_graph>());
  STATIC_REQUIRE(adjoints_apart_while_live<gpt_graph>());
  // A chain holds about two adjoints at a time, not all of them.
  STATIC_REQUIRE(deep_graph::adjoint_plan.size * 3 < adjoint_sum<deep_graph>());
  STATIC_REQUIRE(gpt_graph::adjoint_plan.size * 3 < adjoint_sum<gpt_graph>());
  STATIC_REQUIRE(sizeof(nn::program<double, gpt_loss>) < sizeof(nn::program<double, gpt_loss, true, nn::adjoints::kept>));
}

TEST_CASE("nn::program: shared and kept adjoints give the same gradients, step after step", "[nn][program]") {
  gpt_model shared_model{31}, kept_model{31};
  ctgrad::generator gen{5};
  nn::tensor<std::int32_t, 3, block> tokens{};
  std::array<std::int32_t, 3 * block> targets{};
  auto shared = std::make_unique<nn::program<double, gpt_loss>>();
  auto kept = std::make_unique<nn::program<double, gpt_loss, true, nn::adjoints::kept>>();
  for (int step = 0; step < 3; ++step) {
    for (auto& t : tokens) t = static_cast<std::int32_t>(gen.below(vocab));
    for (auto& t : targets) t = static_cast<std::int32_t>(gen.below(vocab));
    for (auto* m : {&shared_model, &kept_model}) m->zero_grad();
    nn::bindings<double> a = shared_model.bind(nn::mode::training), b = kept_model.bind(nn::mode::training);
    a.inputs[0] = b.inputs[0] = tokens.data();
    a.inputs[1] = b.inputs[1] = targets.data();
    CHECK(shared->gradient(a) == kept->gradient(b));
    CHECK(std::equal(shared_model.gradients().begin(), shared_model.gradients().end(), kept_model.gradients().begin()));
    for (std::size_t k = 0; k < gpt_model::parameter_count; ++k) {
      shared_model.parameters()[k] -= 0.1 * shared_model.gradients()[k];
      kept_model.parameters()[k] -= 0.1 * kept_model.gradients()[k];
    }
  }
}
