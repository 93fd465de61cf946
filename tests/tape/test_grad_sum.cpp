// grad_sum: the SIMD sum of one expression over many points equals a scalar loop, for every size.
#include <cmath>
#include <span>
#include <vector>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>
#include <ctgrad/expr/grad_sum.hpp>
#include <ctgrad/random.hpp>

namespace {
template <class T, class F>
void check_against_scalar_loop(F const& f, std::size_t n, T tolerance) {
  ctgrad::generator gen{n};
  std::vector<T> x(n), y(n), gx(n), gy(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<T>(gen.uniform(-2, 2));
    y[i] = static_cast<T>(gen.uniform(-2, 2));
  }
  using in = std::span<const T>;
  using out = std::span<T>;
  const T total = ctgrad::expr::grad_sum(f, {in{x}, in{y}}, {out{gx}, out{gy}});
  T expected = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = ctgrad::grad(f, x[i], y[i]);
    expected += r.value;
    INFO("n = " << n << ", point " << i);
    CHECK(gx[i] == Approx(r.gradient[0]).epsilon(tolerance));
    CHECK(gy[i] == Approx(r.gradient[1]).epsilon(tolerance));
  }
  INFO("n = " << n);
  CHECK(total == Approx(expected).epsilon(tolerance * static_cast<T>(n + 1)).margin(tolerance * static_cast<T>(n)));
}
}  // namespace

TEST_CASE("grad_sum of x*y is the dot product with d/dx = y, d/dy = x, for sizes 1 to 67", "[grad_sum]") {
  constexpr auto f = ctgrad::var<"x"> * ctgrad::var<"y">;
  // the per-point gradients are exact; the sum differs from the loop's only by summation order
  for (std::size_t n = 1; n <= 67; ++n) {
    check_against_scalar_loop<double>(f, n, 1e-15);
    check_against_scalar_loop<float>(f, n, 1e-6f);
  }
}

TEST_CASE("grad_sum of a nonlinear expression matches the scalar loop", "[grad_sum]") {
  constexpr auto x = ctgrad::var<"x">;
  constexpr auto y = ctgrad::var<"y">;
  const auto f = ctgrad::math::tanh(x) * y + ctgrad::math::exp(-(x * x));
  // batch exp/tanh differ from libm's by an ulp or two
  for (std::size_t n : {1U, 7U, 8U, 9U, 16U, 33U, 67U, 1000U}) check_against_scalar_loop<double>(f, n, 1e-13);
}

TEST_CASE("grad_sum names the variable whose spans do not match", "[grad_sum]") {
  constexpr auto f = ctgrad::var<"x"> * ctgrad::var<"y">;
  std::vector<double> x(4), y(3), gx(4), gy(4);
  using in = std::span<const double>;
  using out = std::span<double>;
  CHECK_THROWS_WITH(ctgrad::expr::grad_sum(f, {in{x}, in{y}}, {out{gx}, out{gy}}),
                    Catch::Contains("variable y has 3 values and 4 gradient slots, expected 4"));
}
