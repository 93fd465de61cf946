// Every op: the static gradient equals central finite differences at many points (double and float).
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>

#include "fd.hpp"

using namespace ctgrad;
using ctgrad::test::close;

namespace {
constexpr auto x = var<"x">;
constexpr auto y = var<"y">;

// Tolerances: double gradients agree with extrapolated central differences to 1e-6 (relative, absolute
// below 1); float gradients agree with the double gradient to 1e-4 (a few float ulps through the rules).
constexpr double tol_double = 1e-6;
constexpr double tol_float = 1e-4;

/// Points in the domain `[lo, hi]` (avoiding 0, where relu/abs/step have their kink).
std::vector<double> points(double lo, double hi, int n = 17) {
  std::vector<double> out;
  for (int i = 0; i != n; ++i) {
    double const p = lo + (hi - lo) * (i + 0.5) / n;
    if (std::abs(p) > 1e-2) out.push_back(p);
  }
  return out;
}

/// f(x) against finite differences, in double and float, at every point.
template <class F>
void check_unary(F const& f, double lo, double hi) {
  for (double const p : points(lo, hi)) {
    INFO(to_string(f) << " at x = " << p);
    auto const r = grad(f, std::array<double, 1>{p});
    auto const fd = ctgrad::test::fd_gradient(f, std::array<double, 1>{p});
    CHECK(close(r.gradient[0], fd[0], tol_double));
    CHECK(r.value == Approx(eval(f, p)));
    auto const rf = grad(f, static_cast<float>(p));
    CHECK(close(rf.gradient[0], r.gradient[0], tol_float));
    CHECK(close(rf.value, r.value, tol_float));
  }
}

/// f(x, y) against finite differences on a grid.
template <class F>
void check_binary(F const& f, double lo, double hi, double ylo, double yhi) {
  for (double const p : points(lo, hi, 7)) {
    for (double const q : points(ylo, yhi, 7)) {
      INFO(to_string(f) << " at x = " << p << ", y = " << q);
      std::array<double, 2> const at_p{p, q};
      auto const r = grad(f, at_p);
      auto const fd = ctgrad::test::fd_gradient(f, at_p);
      CHECK(close(r.gradient[0], fd[0], tol_double));
      CHECK(close(r.gradient[1], fd[1], tol_double));
      auto const rf = grad(f, static_cast<float>(p), static_cast<float>(q));
      CHECK(close(rf.gradient[0], r.gradient[0], tol_float));
      CHECK(close(rf.gradient[1], r.gradient[1], tol_float));
    }
  }
}
}  // namespace

TEST_CASE("ops: + - * / against finite differences", "[expr][ops]") {
  check_binary(x + y, -3, 3, -3, 3);
  check_binary(x - y, -3, 3, -3, 3);
  check_binary(x * y, -3, 3, -3, 3);
  check_binary(x / y, -3, 3, 0.5, 3);
  check_binary(x / y, -3, 3, -3, -0.5);
}

TEST_CASE("ops: plain numbers on either side", "[expr][ops]") {
  check_unary(2.0 * x, -3, 3);
  check_unary(x * 2, -3, 3);
  check_unary(x + 1, -3, 3);
  check_unary(1.5 + x, -3, 3);
  check_unary(3 - x, -3, 3);
  check_unary(x - 0.25, -3, 3);
  check_unary(1 / x, 0.2, 3);
  check_unary(x / 2.0, -3, 3);
  check_unary(-x, -3, 3);
  check_unary(x * lit<3> - lit<2> / x, 0.2, 3);
}

TEST_CASE("ops: powers (runtime integer, real, compile-time, expression exponent)", "[expr][ops]") {
  check_unary(pow(x, 3), -3, 3);
  check_unary(pow(x, 2.0), -3, 3);
  check_unary(pow(x, 0.5), 0.1, 4);
  check_unary(pow(x, -1.5), 0.2, 4);
  check_unary(pow<3>(x), -3, 3);
  check_unary(pow<2>(x), -3, 3);
  check_unary(pow<-2>(x), 0.3, 3);
  check_unary(pow<5>(x + 1), -2, 2);
  check_binary(pow(x, y), 0.2, 3, -2, 2);
  check_unary(pow(2.0, x), -2, 2);
}

TEST_CASE("ops: exp log tanh relu sigmoid sqrt abs", "[expr][ops]") {
  check_unary(math::exp(x), -4, 4);
  check_unary(math::log(x), 0.05, 10);
  check_unary(math::tanh(x), -4, 4);
  check_unary(math::relu(x), -3, 3);
  check_unary(math::sigmoid(x), -6, 6);
  check_unary(math::sqrt(x), 0.05, 10);
  check_unary(math::abs(x), -3, 3);
}

TEST_CASE("ops: compositions of every op", "[expr][ops]") {
  check_binary(math::exp(x * y) + math::log(x * x + y * y + 1), -2, 2, -2, 2);
  check_binary(math::tanh(x - y) * math::sigmoid(x + y) / (1 + math::abs(y)), -2, 2, -2, 2);
  check_binary(math::sqrt(pow<2>(x) + 1) * math::relu(y) - pow(math::sigmoid(x) + 1, y), -2, 2, -2, 2);
  check_binary(-(x / (y * y + 0.5)) + pow<3>(math::tanh(y)), -2, 2, -2, 2);
}

TEST_CASE("ops: relu and abs follow micrograd at and around their kink", "[expr][ops]") {
  CHECK(grad(math::relu(x), 0.0)[x] == 0.0);  // micrograd: (out.data > 0) * out.grad
  CHECK(grad(math::relu(x), -1.0).value == 0.0);
  CHECK(grad(math::relu(x), 2.0)[x] == 1.0);
  CHECK(grad(math::abs(x), 0.0)[x] == 0.0);
  CHECK(grad(math::abs(x), -2.0)[x] == -1.0);
  CHECK(grad(math::step(x) + math::sign(x) * x, 2.0)[x] == 1.0);  // the derivative helpers have zero slope
}
