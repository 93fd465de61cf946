// ctgrad::nn losses against scalar references computed from the model's outputs: sum of squared errors,
// hinge + L2, and softmax cross-entropy (ctgrad::simd::reference), including logits far too large for a
// naive exp (numerical stability).
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include <catch2/catch.hpp>

#include <ctgrad/simd/reference.hpp>

#include "nn_test_support.hpp"

namespace {
using namespace nn_test;
}  // namespace

TEST_CASE("sum of squared errors = Σ (output − target)²", "[nn][loss]") {
  nn::MLP<double, 5, nn::tanh(6), nn::linear(3)> model;
  const auto xs = random_batch<double, 7, 5>(21);
  const auto ys = random_batch<double, 7, 3>(22, -1, 1);
  auto trainer = nn::make_trainer<7>(model, nn::loss::sse{});
  const auto out = model.forward(xs);
  double expected = 0;
  for (std::size_t i = 0; i < out.size(); ++i) expected += (out[i] - ys[i]) * (out[i] - ys[i]);
  CHECK(trainer.loss(xs, ys) == Approx(expected).epsilon(1e-13));
}

TEST_CASE("hinge + L2 = mean max(0, 1 − y·score) + α Σ p²", "[nn][loss]") {
  nn::MLP<float, 2, nn::relu(8), nn::linear(1)> model;
  const auto xs = random_batch<float, 13, 2>(23);
  nn::tensor<float, 13, 1> ys;
  for (std::size_t i = 0; i < 13; ++i) ys[i] = i % 3 == 0 ? 1.0f : -1.0f;
  for (const double alpha : {0.0, 1e-4, 0.5}) {
    auto trainer = nn::make_trainer<13>(model, nn::loss::hinge{alpha});
    const auto out = model.forward(xs);
    double expected = 0;
    for (std::size_t i = 0; i < 13; ++i) expected += std::max(0.0, 1.0 - double(ys[i]) * double(out[i]));
    expected /= 13;
    double squares = 0;
    for (float p : model.parameters()) squares += double(p) * double(p);
    expected += alpha * squares;
    CHECK(trainer.loss(xs, ys) == Approx(expected).epsilon(1e-5));
  }
}

TEST_CASE("softmax cross-entropy = the scalar reference, stable for huge logits", "[nn][loss]") {
  nn::MLP<double, 3, nn::linear(11)> model;
  const auto xs = random_batch<double, 9, 3>(24);
  std::array<std::int32_t, 9> ys{};
  for (std::size_t i = 0; i < 9; ++i) ys[i] = static_cast<std::int32_t>((i * 7) % 11);
  auto trainer = nn::make_trainer<9>(model, nn::loss::cross_entropy{});
  for (const double scale : {1.0, 1e3}) {  // logits of order 1e3: exp overflows without the max shift
    for (double& p : model.parameters()) p *= scale;
    const auto logits = model.forward(xs);
    std::array<double, 9 * 11> dlogits{};
    const double expected = ctgrad::simd::reference::softmax_cross_entropy<9, 11>(logits.data(), ys.data(), dlogits.data());
    REQUIRE(std::isfinite(expected));
    model.zero_grad();
    const double loss = trainer.backward(xs, ys);
    CHECK(std::isfinite(loss));
    CHECK(loss == Approx(expected).epsilon(1e-12));
    // d loss / d b_j = Σ_rows dlogits_rj (the bias of the only layer)
    for (std::size_t j = 0; j < 11; ++j) {
      double db = 0;
      for (std::size_t r = 0; r < 9; ++r) db += dlogits[r * 11 + j];
      CHECK(model.gradients()[3 * 11 + j] == Approx(db).margin(1e-12));
    }
  }
}

TEST_CASE("Neuron and Layer are MLPs of one layer; parameters are contiguous, W (In×Out) then b", "[nn]") {
  using N = nn::Neuron<double, 4>;
  using L = nn::Layer<float, 30, 200, nn::activation::relu>;
  STATIC_REQUIRE(N::parameter_count == 5);
  STATIC_REQUIRE(L::parameter_count == 31 * 200);
  STATIC_REQUIRE(nn::MLP<double, 3, 4, 4, 1>::parameter_count == 41);
  STATIC_REQUIRE(nn::MLP<double, 2, nn::relu(16), nn::relu(16), nn::linear(1)>::parameter_count == 337);
  nn::MLP<double, 3, 4, 4, 1> model;
  // micrograd's order: neuron 1 of layer 0 is parameters 4..7 (w0, w1, w2, b)
  CHECK(nn::MLP<double, 3, 4, 4, 1>::from_micrograd_order(4) == 1);        // W[0][1]
  CHECK(nn::MLP<double, 3, 4, 4, 1>::from_micrograd_order(5) == 4 + 1);    // W[1][1]
  CHECK(nn::MLP<double, 3, 4, 4, 1>::from_micrograd_order(7) == 12 + 1);   // b[1]
  CHECK(&model.weight(1, 2, 3) == model.parameters().data() + 16 + 2 * 4 + 3);
  CHECK(&model.bias(2, 0) == model.parameters().data() + 40);
  ctgrad::generator gen{42};
  CHECK(model.weight(0, 0, 0) == gen.uniform(-1.0, 1.0));
  CHECK(model.weight(0, 1, 0) == gen.uniform(-1.0, 1.0));
  nn::MLP<double, 3, 4, 4, 1> scaled{nn::init::scaled(42)};
  CHECK(scaled.weight(0, 0, 0) == Approx(model.weight(0, 0, 0) / std::sqrt(3.0)));
  model.gradients()[3] = 1;
  model.zero_grad();
  for (double g : model.gradients()) CHECK(g == 0);
}
