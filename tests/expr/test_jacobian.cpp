// jacobian (reverse and forward), jvp and vjp against finite differences and against each other.
#include <array>
#include <cmath>
#include <cstddef>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>

#include "fd.hpp"

using namespace ctgrad;
using ctgrad::test::close;

namespace {
constexpr auto p = var<"p", 3>;
constexpr auto s = var<"s">;
constexpr auto k = data<"k">;

// Four outputs over four variables, sharing subexpressions (r2), one output not depending on s.
auto const r2 = square(p[idx<0>]) + square(p[idx<1>]) + square(p[idx<2>]);
auto const f = outputs(math::sqrt(r2) * s, math::atan2(p[idx<1>], p[idx<0>]), math::exp(-r2 * k), p[idx<2>] / s + math::sin(p[idx<0>] * p[idx<1>]));

std::array<double, 4> values(std::array<double, 3> const& q, double t, double kk) {
  double const rr = q[0] * q[0] + q[1] * q[1] + q[2] * q[2];
  return {std::sqrt(rr) * t, std::atan2(q[1], q[0]), std::exp(-rr * kk), q[2] / t + std::sin(q[0] * q[1])};
}
}  // namespace

TEST_CASE("jacobian: reverse and forward mode equal central differences", "[expr][jacobian]") {
  std::array<double, 3> const q{0.7, -0.4, 1.3};
  double const t = 1.9;
  double const kk = 0.6;
  auto const Jr = jacobian_reverse(f, at<"p">(q), at<"s">(t), at<"k">(kk));
  auto const Jf = jacobian_forward(f, at<"p">(q), at<"s">(t), at<"k">(kk));
  auto const Ja = jacobian(f, at<"p">(q), at<"s">(t), at<"k">(kk));
  STATIC_REQUIRE(decltype(Jr)::rows == 4 && decltype(Jr)::cols == 4);
  auto const v = values(q, t, kk);
  for (std::size_t i = 0; i != 4; ++i) {
    CHECK(close(Jr.value[i], v[i], 1e-15));
    CHECK(Jf.value[i] == Jr.value[i]);
  }
  double const h = 1e-6;
  for (std::size_t j = 0; j != 4; ++j) {  // variables: p[0], p[1], p[2], s
    auto qp = q, qm = q;
    double tp = t, tm = t;
    if (j < 3) qp[j] += h, qm[j] -= h;
    else tp += h, tm -= h;
    auto const vp = values(qp, tp, kk);
    auto const vm = values(qm, tm, kk);
    for (std::size_t i = 0; i != 4; ++i) {
      double const fd = (vp[i] - vm[i]) / (2 * h);
      INFO("output " << i << ", variable " << j);
      CHECK(close(Jr(i, j), fd, 1e-7));
      CHECK(close(Jf(i, j), Jr(i, j), 1e-14));
      CHECK(Ja(i, j) == Jr(i, j));
    }
  }
  CHECK(Jr(1, 3) == 0.0);  // atan2 does not depend on s
}

TEST_CASE("jacobian: a row is the gradient of that output", "[expr][jacobian]") {
  std::array<double, 3> const q{0.7, -0.4, 1.3};
  auto const J = jacobian(f, at<"p">(q), at<"s">(1.9), at<"k">(0.6));
  auto const g = grad(math::exp(-r2 * k), at<"p">(q), at<"k">(0.6));
  for (std::size_t j = 0; j != 3; ++j) CHECK(close(J(2, j), g.gradient[j], 1e-15));
}

TEST_CASE("jvp and vjp: J v and w J by one pass each", "[expr][jacobian]") {
  std::array<double, 3> const q{0.7, -0.4, 1.3};
  auto const in = inputs(at<"p">(q), at<"s">(1.9), at<"k">(0.6));
  auto const J = jacobian(f, in);
  std::array<double, 4> const v{0.3, -1.0, 2.0, 0.5};
  std::array<double, 4> const wt{1.0, -2.0, 0.25, 3.0};
  auto const jv = jvp(f, v, in);
  auto const vj = vjp(f, wt, in);
  for (std::size_t i = 0; i != 4; ++i) {
    double expected = 0;
    for (std::size_t j = 0; j != 4; ++j) expected += J(i, j) * v[j];
    CHECK(close(jv.tangent[i], expected, 1e-14));
    CHECK(jv.value[i] == J.value[i]);
  }
  for (std::size_t j = 0; j != 4; ++j) {
    double expected = 0;
    for (std::size_t i = 0; i != 4; ++i) expected += wt[i] * J(i, j);
    CHECK(close(vj.gradient[j], expected, 1e-14));
  }
  // of one expression: the directional derivative and the scaled gradient
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  STATIC_REQUIRE(jvp(a * b, std::array{1.0, 0.0}, at<"a">(3.0), at<"b">(2.0)).tangent[0] == 2.0);
  STATIC_REQUIRE(vjp(a * b, std::array{2.0}, at<"a">(3.0), at<"b">(2.0)).gradient == std::array{4.0, 6.0});
  // an output that is also a subexpression of another, and the same output twice
  auto const u = a * b;
  auto const vu = vjp(outputs(u, u * a, u), std::array{1.0, 1.0, 1.0}, at<"a">(3.0), at<"b">(2.0));
  CHECK(vu.gradient[0] == 2 * 2.0 + 2 * 3.0 * 2.0);  // d(2ab + a^2 b)/da = 2b + 2ab
  CHECK(vu.gradient[1] == 2 * 3.0 + 9.0);           // d/db = 2a + a^2
}

TEST_CASE("jacobian: constant evaluation", "[expr][jacobian]") {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  constexpr auto J = jacobian(outputs(a * b, math::sin(a) + b), at<"a">(0.0), at<"b">(2.0));
  STATIC_REQUIRE(J(0, 0) == 2.0 && J(0, 1) == 0.0 && J(1, 0) == 1.0 && J(1, 1) == 1.0);
  constexpr auto Jf = jacobian_forward(outputs(a * b, math::sin(a) + b), at<"a">(0.0), at<"b">(2.0));
  STATIC_REQUIRE(Jf.matrix == J.matrix);
}
