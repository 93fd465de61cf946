// micrograd's own engine tests (test_sanity_check, test_more_ops), written as static expressions,
// checked against the numbers PyTorch gives.
#include <cmath>

#include <catch2/catch.hpp>

#include <ctgrad/expr.hpp>

using namespace ctgrad;

TEST_CASE("micrograd test_sanity_check", "[expr][micrograd]") {
  constexpr auto x = var<"x">;
  auto const z = 2 * x + 2 + x;
  auto const q = relu(z) + z * x;
  auto const h = relu(z * z);
  auto const y = h + q + q * x;
  auto const r = grad(y, -4.0);
  CHECK(r.value == -20.0);  // PyTorch: y.data = -20
  CHECK(r[x] == 46.0);      // PyTorch: x.grad = 46
}

TEST_CASE("micrograd test_more_ops", "[expr][micrograd]") {
  constexpr auto a = var<"a">;
  constexpr auto b = var<"b">;
  // `c += ...` makes a new type in C++, so each step gets a new name.
  auto const c = a + b;
  auto const d = a * b + pow(b, 3);
  auto const c2 = c + (c + 1);
  auto const c3 = c2 + (1 + c2 + (-a));
  auto const d2 = d + (d * 2 + relu(b + a));
  auto const d3 = d2 + (3 * d2 + relu(b - a));
  auto const e = c3 - d3;
  auto const f = pow(e, 2);
  auto const g = f / 2.0;
  auto const g2 = g + 10.0 / f;
  auto const r = grad(g2, at<"a">(-4.0), at<"b">(2.0));
  double const tol = 1e-6;  // micrograd's own tolerance
  CHECK(std::abs(r.value - 24.70408163265306) < tol);
  CHECK(std::abs(r[a] - 138.83381924198252) < tol);
  CHECK(std::abs(r[b] - 645.5772594752186) < tol);
}
