// nn::program, the public way to run a tensor graph: its forward pass and its gradient are the ones the model
// and the trainer compute (they run on it), and value<N>() reads a node of the last forward pass. (That a run
// allocates nothing is in test_training.cpp, the executable's one counting allocator.)
#include <algorithm>
#include <array>
#include <cstddef>
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
