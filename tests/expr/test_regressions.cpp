// Defects fixed on the way, each pinned: division's derivative at extreme divisors, ctgrad::grad_sum's spelling.
#include <array>
#include <cmath>
#include <span>
#include <vector>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>
#include <ctgrad/expr/grad_sum.hpp>
#include <ctgrad/tape.hpp>

using namespace ctgrad;

namespace {
constexpr auto x = var<"x">;
constexpr auto y = var<"y">;
}  // namespace

TEST_CASE("x / y: d/dy = -x/y^2 neither overflows to -0 for huge y nor underflows for tiny y", "[expr][regression]") {
  // (x, y) where the true -x/y^2 is a double, but y^2 overflows (|y| > 1.3e154) or is subnormal (|y| < 1e-154)
  std::array<std::array<double, 2>, 5> const points{{{3.0, 1e155}, {3.0, 1e160}, {-2.0, -4e156}, {1e-300, 1e-160}, {5e-290, -3e-158}}};
  for (auto const& [a, b] : points) {
    long double const exact = -static_cast<long double>(a) / (static_cast<long double>(b) * static_cast<long double>(b));
    double const expected = static_cast<double>(exact);
    auto const r = grad(x / y, at<"x">(a), at<"y">(b));
    INFO("x = " << a << ", y = " << b);
    CHECK(r[y] == Approx(expected).epsilon(1e-13));  // the old rule, g x / (y y), gave -0 or lost all digits here
    tape::graph g;
    tape::value ta = g.leaf(a), tb = g.leaf(b);
    tape::value q = ta / tb;
    q.backward();
    CHECK(tb.grad() == r[y]);  // the tape runs the same rule
  }
  auto const d = derivative<"y">(x / y);  // -(x / y) / y, evaluated without y**2
  CHECK(eval(d, at<"x">(3.0), at<"y">(1e160)) == Approx(-3e-320).epsilon(1e-3));
}

TEST_CASE("ctgrad::grad_sum is spelled as the README and its message spell it", "[expr][regression]") {
  std::vector<double> xs{1, 2, 3, 4, 5}, ys{2, 3, 4, 5, 6}, gx(5), gy(5);
  using in = std::span<const double>;
  using out = std::span<double>;
  double const total = ctgrad::grad_sum(x * y, {in{xs}, in{ys}}, {out{gx}, out{gy}});
  CHECK(total == 2 + 6 + 12 + 20 + 30);
  CHECK(gx == ys);
  CHECK(gy == xs);
}
