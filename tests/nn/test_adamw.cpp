// nn::adamw and its kernel simd::adamw: ten steps on 67 parameters (eight registers of AVX-512 and a tail) equal a
// scalar loop of torch.optim.AdamW's formula in double to 1e-12, in float to float rounding; AdamW trains the
// course's MLP.
#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "nn_test_support.hpp"

namespace {
using namespace nn_test;

/// torch.optim.AdamW's step on one parameter, written from its documentation, in long double.
struct reference_adamw {
  long double m = 0, v = 0;
  void step(long double& p, long double g, std::size_t t, nn::adamw_options const& o) {
    p -= o.learning_rate * o.weight_decay * p;
    m = o.beta1 * m + (1 - o.beta1) * g;
    v = o.beta2 * v + (1 - o.beta2) * g * g;
    const long double m_hat = m / (1 - std::pow(static_cast<long double>(o.beta1), static_cast<long double>(t)));
    const long double v_hat = v / (1 - std::pow(static_cast<long double>(o.beta2), static_cast<long double>(t)));
    p -= o.learning_rate * m_hat / (std::sqrt(v_hat) + o.eps);
  }
};

template <class T>
void check_against_reference(double tolerance) {
  constexpr std::size_t n = 67;
  const nn::adamw_options options{.learning_rate = 0.01, .beta1 = 0.9, .beta2 = 0.99, .eps = 1e-8, .weight_decay = 0.1};
  nn::adamw<T, n> opt{options};
  std::array<T, n> p{}, g{};
  std::array<long double, n> p_ref{};
  std::vector<reference_adamw> ref(n);
  std::mt19937 engine{3};
  std::normal_distribution<double> normal{0.0, 1.0};
  for (std::size_t i = 0; i < n; ++i) p_ref[i] = p[i] = static_cast<T>(normal(engine));
  for (std::size_t t = 1; t <= 10; ++t) {
    for (auto& x : g) x = static_cast<T>(normal(engine) * (t % 3 == 0 ? 1e-3 : 1.0));  // small gradients too
    opt.step(std::span<T, n>{p}, std::span<T const, n>{g});
    for (std::size_t i = 0; i < n; ++i) ref[i].step(p_ref[i], g[i], t, options);
  }
  CHECK(opt.steps() == 10);
  for (std::size_t i = 0; i < n; ++i) CHECK(static_cast<double>(p[i]) == Approx(static_cast<double>(p_ref[i])).epsilon(tolerance).margin(tolerance));
}
}  // namespace

TEST_CASE("nn::adamw: ten steps equal torch.optim.AdamW's formula (double to 1e-12, float to 1e-5)", "[nn][adamw]") {
  check_against_reference<double>(1e-12);
  check_against_reference<float>(1e-5);
}

TEST_CASE("nn::adamw: the trainer's AdamW step trains the course's MLP", "[nn][adamw][training]") {
  nn::MLP<double, 3, 4, 4, 1> model;
  auto trainer = nn::make_trainer<4>(model, nn::loss::sse{});
  nn::adamw<double, decltype(model)::parameter_count> opt{{.learning_rate = 0.05}};
  const nn::tensor<double, 4, 3> xs{{2.0, 3.0, -1.0, 3.0, -1.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, -1.0}};
  const nn::tensor<double, 4, 1> ys{{1.0, -1.0, -1.0, 1.0}};
  const double first = trainer.step(xs, ys, opt);
  double last = first;
  for (int k = 1; k < 200; ++k) last = trainer.step(xs, ys, opt);
  CHECK(opt.steps() == 200);
  CHECK(last < 0.01 * first);
}
