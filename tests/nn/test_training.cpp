// ctgrad::nn training: the course's loop matches the tape step by step, every loss falls, the schedules
// give micrograd's rates, and a training step allocates nothing (counting allocator).
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include <catch2/catch.hpp>

#include "nn_test_support.hpp"
#include <support/counting_allocator.hpp>

namespace {
using namespace nn_test;

const nn::tensor<double, 4, 3> tiny_xs{{2.0, 3.0, -1.0, 3.0, -1.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, -1.0}};
const nn::tensor<double, 4, 1> tiny_ys{{1.0, -1.0, -1.0, 1.0}};
}  // namespace

TEST_CASE("train_tiny: 100 static steps give the tape's losses to 1e-12", "[nn][training]") {
  tape::graph g;
  tape::mlp reference{g, 3, {4, 4, 1}};
  const auto parameters = reference.parameters();
  const auto mark = g.mark();
  nn::MLP<double, 3, 4, 4, 1> model{nn::init::micrograd(42)};
  auto trainer = nn::make_trainer<4>(model, nn::loss::sse{});
  double first = 0, last = 0;
  for (int step = 0; step < 100; ++step) {
    tape::value loss = g.leaf(0.0);
    for (std::size_t i = 0; i < 4; ++i) loss = loss + (reference(std::span<const double>(tiny_xs.row(i)))[0] - tiny_ys[i]).pow(2);
    parameters.zero_grad();
    loss.backward();
    parameters.sgd_step(0.1);
    const double expected = loss.data();
    g.rewind(mark);
    const double l = trainer.step(tiny_xs, tiny_ys, 0.1);
    INFO("step " << step);
    REQUIRE(std::abs(l - expected) <= 1e-12);
    if (step == 0) first = l;
    last = l;
  }
  CHECK(last < 0.01);
  CHECK(last < first);
}

TEST_CASE("training reduces every loss (float and double)", "[nn][training]") {
  SECTION("sum of squared errors, float") {
    nn::MLP<float, 3, 4, 4, 1> model;
    nn::tensor<float, 4, 3> xs;
    nn::tensor<float, 4, 1> ys;
    for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = static_cast<float>(tiny_xs[i]);
    for (std::size_t i = 0; i < ys.size(); ++i) ys[i] = static_cast<float>(tiny_ys[i]);
    auto trainer = nn::make_trainer<4>(model, nn::loss::sse{});
    const float first = trainer.step(xs, ys, 0.1);
    float last = first;
    for (int k = 0; k < 100; ++k) last = trainer.step(xs, ys, 0.1);
    CHECK(last < 0.02f);
  }
  SECTION("hinge + L2 with a decaying rate") {
    nn::MLP<double, 2, nn::relu(16), nn::relu(16), nn::linear(1)> model;
    const auto xs = random_batch<double, 32, 2>(11);
    nn::tensor<double, 32, 1> ys;
    for (std::size_t i = 0; i < 32; ++i) ys[i] = xs(i, 0) * xs(i, 1) > 0 ? 1.0 : -1.0;
    auto trainer = nn::make_trainer<32>(model, nn::loss::hinge{1e-4});
    const nn::sgd opt{nn::schedule::linear{1.0, 0.1, 100}};
    const double first = trainer.loss(xs, ys);
    double last = first;
    for (std::size_t k = 0; k < 100; ++k) last = trainer.step(xs, ys, opt, k);
    CHECK(last < 0.5 * first);
  }
  SECTION("softmax cross-entropy, float") {
    nn::MLP<float, 4, nn::tanh(16), nn::linear(3)> model{nn::init::scaled(3)};
    const auto xs = random_batch<float, 24, 4>(12);
    std::array<std::int32_t, 24> ys{};
    for (std::size_t i = 0; i < 24; ++i) ys[i] = xs(i, 0) > 0.5f ? 0 : (xs(i, 1) > 0 ? 1 : 2);
    auto trainer = nn::make_trainer<24>(model, nn::loss::cross_entropy{});
    const float first = trainer.loss(xs, ys);
    float last = first;
    for (int k = 0; k < 200; ++k) last = trainer.step(xs, ys, 0.5);
    CHECK(last < 0.5f * first);
  }
}

TEST_CASE("learning-rate schedules", "[nn][training]") {
  constexpr nn::schedule::linear micrograd{1.0, 0.1, 100};
  for (std::size_t k = 0; k < 100; ++k) CHECK(micrograd(k) == 1.0 - 0.9 * static_cast<double>(k) / 100);
  STATIC_REQUIRE(nn::schedule::constant{0.25}(7) == 0.25);
  STATIC_REQUIRE(nn::sgd{nn::schedule::linear{1.0, 0.0, 10}}.learning_rate(5) == 0.5);
}

TEST_CASE("a training step and a forward pass allocate nothing", "[nn][alloc]") {
  using ctgrad::test::count_allocations;
  {
    nn::MLP<double, 3, 4, 4, 1> model;
    auto trainer = nn::make_trainer<4>(model, nn::loss::sse{});
    (void)trainer.step(tiny_xs, tiny_ys, 0.1);
    CHECK(count_allocations([&] {
            for (int k = 0; k < 10; ++k) (void)trainer.step(tiny_xs, tiny_ys, 0.1);
          }) == 0);
    CHECK(count_allocations([&] { (void)model({2.0, 3.0, -1.0}); }) == 0);
    CHECK(count_allocations([&] { (void)model.forward(tiny_xs); }) == 0);
  }
  {
    nn::MLP<float, 2, nn::relu(16), nn::relu(16), nn::linear(1)> model;
    const auto xs = random_batch<float, 100, 2>(5);
    nn::tensor<float, 100, 1> ys;
    for (std::size_t i = 0; i < 100; ++i) ys[i] = xs(i, 0) > 0 ? 1.0f : -1.0f;
    auto trainer = nn::make_trainer<100>(model, nn::loss::hinge{1e-4});
    const nn::sgd opt{nn::schedule::linear{1.0, 0.1, 100}};
    CHECK(count_allocations([&] {
            for (std::size_t k = 0; k < 10; ++k) (void)trainer.step(xs, ys, opt, k);
          }) == 0);
  }
  {
    nn::MLP<double, 4, nn::tanh(16), nn::linear(3)> model;
    const auto xs = random_batch<double, 8, 4>(6);
    const std::array<std::int32_t, 8> ys{0, 1, 2, 0, 1, 2, 0, 1};
    auto trainer = nn::make_trainer<8>(model, nn::loss::cross_entropy{});
    CHECK(count_allocations([&] { (void)trainer.step(xs, ys, 0.1); }) == 0);
  }
}

TEST_CASE("nn::program: a run allocates nothing", "[nn][program][alloc]") {
  using ctgrad::test::count_allocations;
  using model_type = nn::MLP<double, 3, 4, 4, 1>;
  using loss = nn::loss::sse::expression<model_type::output_expression<4>, model_type::parameter_count>;
  model_type model;
  auto p = std::make_unique<nn::program<double, loss>>();
  nn::bindings<double> b{};
  b.parameters = model.parameters().data();
  b.gradients = model.gradients().data();
  b.inputs[0] = tiny_xs.data();
  b.inputs[1] = tiny_ys.data();
  CHECK(count_allocations([&] {
          for (int k = 0; k < 10; ++k) (void)p->gradient(b);
        }) == 0);
}

TEST_CASE("a Sequential's training step allocates nothing: Embedding, FlattenConsecutive, BatchNorm1d in training", "[nn][sequential][alloc]") {
  using ctgrad::test::count_allocations;
  using model_type = nn::Sequential<float, nn::tokens<4>, nn::Embedding<27, 6>, nn::FlattenConsecutive<2>, nn::Linear<32, false>,
                                    nn::BatchNorm1d, nn::Tanh, nn::FlattenConsecutive<2>, nn::Linear<27>>;
  using loss = nn::node<nn::op::cross_entropy, model_type::output_expression<8>, nn::nodes::labels<1, 8>>;
  model_type model{3};
  auto p = std::make_unique<nn::program<float, loss>>();
  nn::tensor<std::int32_t, 8, 4> xs{};
  std::array<std::int32_t, 8> ys{};
  for (std::size_t k = 0; k < xs.size(); ++k) xs[k] = static_cast<std::int32_t>(k % 27);
  for (std::size_t k = 0; k < ys.size(); ++k) ys[k] = static_cast<std::int32_t>((5 * k) % 27);
  nn::bindings<float> b = model.bind(nn::mode::training);
  b.inputs[0] = xs.data();
  b.inputs[1] = ys.data();
  float first = 0, last = 0;
  CHECK(count_allocations([&] {
          for (int k = 0; k < 20; ++k) {
            model.zero_grad();
            last = p->gradient(b);
            if (k == 0) first = last;
            ctgrad::simd::axpy<model_type::parameter_count>(-0.1f, model.gradients().data(), model.parameters().data());
          }
        }) == 0);
  CHECK(last < first);  // the steps train
}
