// ctgrad::nn against the tape: from the same initial weights, the same outputs, loss and every parameter
// gradient (double: 1e-12; float: 1e-4 relative, against the tape's double), for many shapes and all three
// non-linearities and losses.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "nn_test_support.hpp"

namespace {
using namespace nn_test;

template <class Model, std::size_t B, class Loss>
void check_against_tape(std::initializer_list<std::size_t> sizes, tape::mlp_options options, Loss loss, tape_loss kind,
                        double tolerance, std::uint64_t seed) {
  using T = typename Model::value_type;
  constexpr std::size_t in = Model::inputs, out = Model::outputs;
  Model model{nn::init::micrograd(options.seed)};
  const auto xs = random_batch<T, B, in>(seed);
  typename nn::trainer<Model, Loss, B>::targets_type ys{};
  std::vector<double> tape_ys;
  ctgrad::generator gen{seed + 1000};
  if constexpr (std::is_same_v<Loss, nn::loss::sse>) {
    for (auto& v : ys) v = static_cast<T>(gen.uniform(-1.0, 1.0));
  } else if constexpr (std::is_same_v<Loss, nn::loss::hinge>) {
    for (auto& v : ys) v = gen.uniform() < 0.5 ? T(-1) : T(1);
  } else {
    for (auto& v : ys) v = static_cast<std::int32_t>(gen.below(out));
  }
  for (auto v : ys) tape_ys.push_back(static_cast<double>(v));
  const std::vector<double> tape_xs(xs.begin(), xs.end());

  const tape_result expected = run_tape(in, sizes, options, tape_xs, tape_ys, kind, kind == tape_loss::hinge ? 1e-4 : 0.0);

  // forward, one sample and a batch
  const auto batch_out = model.forward(xs);
  for (std::size_t s = 0; s < B; ++s) {
    std::array<T, in> x{};
    for (std::size_t i = 0; i < in; ++i) x[i] = xs(s, i);
    const auto y = model(x);
    for (std::size_t j = 0; j < out; ++j) {
      CHECK(rel_error(y[j], expected.outputs[s][j]) <= tolerance);
      CHECK(rel_error(batch_out(s, j), expected.outputs[s][j]) <= tolerance);
    }
  }
  // loss and every gradient
  auto trainer = nn::trainer<Model, Loss, B>{model, loss};
  CHECK(rel_error(trainer.loss(xs, ys), expected.loss) <= tolerance);
  model.zero_grad();
  const T l = trainer.backward(xs, ys);
  CHECK(rel_error(l, expected.loss) <= tolerance);
  REQUIRE(expected.gradient.size() == Model::parameter_count);
  double worst = 0;
  for (std::size_t k = 0; k < Model::parameter_count; ++k) {
    worst = std::max(worst, rel_error(model.gradients()[Model::from_micrograd_order(k)], expected.gradient[k]));
  }
  INFO("largest relative gradient error " << worst);
  CHECK(worst <= tolerance);
  // gradients accumulate, like the tape's, until zero_grad
  (void)trainer.backward(xs, ys);
  for (std::size_t k = 0; k < Model::parameter_count; ++k) {
    CHECK(rel_error(model.gradients()[Model::from_micrograd_order(k)], 2 * expected.gradient[k]) <= 2 * tolerance);
  }
}

constexpr tape::mlp_options course{};
constexpr tape::mlp_options micrograd = tape::mlp_options::micrograd();
constexpr double exact = 1e-12;
constexpr double single = 1e-4;
}  // namespace

TEST_CASE("static MLP = tape MLP: the course's MLP(3, [4, 4, 1]), sum of squared errors", "[nn][tape]") {
  check_against_tape<nn::MLP<double, 3, 4, 4, 1>, 4>({4, 4, 1}, course, nn::loss::sse{}, tape_loss::sse, exact, 1);
  check_against_tape<nn::MLP<float, 3, 4, 4, 1>, 4>({4, 4, 1}, course, nn::loss::sse{}, tape_loss::sse, single, 1);
}

TEST_CASE("static MLP = tape MLP: ReLU hidden layers, linear output (micrograd)", "[nn][tape]") {
  using M = nn::MLP<double, 2, nn::relu(16), nn::relu(16), nn::linear(1)>;
  check_against_tape<M, 7>({16, 16, 1}, micrograd, nn::loss::sse{}, tape_loss::sse, exact, 2);
  check_against_tape<M, 10>({16, 16, 1}, micrograd, nn::loss::hinge{1e-4}, tape_loss::hinge, exact, 3);
  using F = nn::MLP<float, 2, nn::relu(16), nn::relu(16), nn::linear(1)>;
  check_against_tape<F, 10>({16, 16, 1}, micrograd, nn::loss::hinge{1e-4}, tape_loss::hinge, single, 3);
}

TEST_CASE("static MLP = tape MLP: single layers and neurons, odd widths", "[nn][tape]") {
  check_against_tape<nn::Layer<double, 5, 7>, 3>({7}, course, nn::loss::sse{}, tape_loss::sse, exact, 4);
  check_against_tape<nn::Neuron<double, 4>, 1>({1}, course, nn::loss::sse{}, tape_loss::sse, exact, 5);
  check_against_tape<nn::Neuron<double, 67, nn::activation::relu>, 2>({1}, {42, tape::nonlinearity::relu, tape::nonlinearity::relu},
                                                                       nn::loss::sse{}, tape_loss::sse, exact, 6);
  check_against_tape<nn::MLP<double, 6, nn::linear(3), nn::linear(2)>, 5>(
      {3, 2}, {42, tape::nonlinearity::linear, tape::nonlinearity::linear}, nn::loss::sse{}, tape_loss::sse, exact, 7);
  check_against_tape<nn::MLP<double, 10, nn::relu(33), nn::tanh(17)>, 9>(
      {33, 17}, {42, tape::nonlinearity::relu, tape::nonlinearity::tanh}, nn::loss::sse{}, tape_loss::sse, exact, 8);
  check_against_tape<nn::MLP<float, 10, nn::relu(33), nn::tanh(17)>, 9>(
      {33, 17}, {42, tape::nonlinearity::relu, tape::nonlinearity::tanh}, nn::loss::sse{}, tape_loss::sse, single, 8);
}

TEST_CASE("static MLP = tape MLP: softmax cross-entropy", "[nn][tape]") {
  using M = nn::MLP<double, 4, nn::tanh(9), nn::linear(5)>;
  check_against_tape<M, 6>({9, 5}, {42, tape::nonlinearity::tanh, tape::nonlinearity::linear}, nn::loss::cross_entropy{},
                           tape_loss::cross_entropy, exact, 9);
  using F = nn::MLP<float, 4, nn::tanh(9), nn::linear(5)>;
  check_against_tape<F, 6>({9, 5}, {42, tape::nonlinearity::tanh, tape::nonlinearity::linear}, nn::loss::cross_entropy{},
                           tape_loss::cross_entropy, single, 9);
}
