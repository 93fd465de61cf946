// The Eigen adapter: Eigen vectors bind as inputs (fixed and dynamic size), results read as Eigen objects.
#include <array>
#include <stdexcept>

#include <catch2/catch.hpp>

#include <Eigen/LU>

#include <ctgrad/eigen.hpp>
#include <ctgrad/expr.hpp>

using namespace ctgrad;

namespace {
constexpr auto x = var<"x", 3>;
constexpr auto s = var<"s">;
auto const f = s * squared_norm(x);
}  // namespace

TEST_CASE("eigen: fixed and dynamic vectors bind, the gradient comes back as an Eigen vector", "[eigen]") {
  Eigen::Vector3d const v(1.0, -2.0, 0.5);
  auto const r = grad(f, at<"x">(v), at<"s">(2.0));
  Eigen::Vector3d const expected = 2 * 2.0 * v;
  CHECK(eigen::gradient(r, x).isApprox(expected));
  CHECK(r.value == Approx(2.0 * v.squaredNorm()));
  Eigen::VectorXd const dynamic = v;
  CHECK(grad(f, at<"x">(dynamic), at<"s">(2.0)).gradient == r.gradient);
  Eigen::VectorXd const wrong(4);
  CHECK_THROWS_AS(grad(f, at<"x">(wrong), at<"s">(2.0)), std::length_error);
  CHECK(eigen::gradient(r)(0) == Approx(v.squaredNorm()));  // by label: s, then x[0..2]
}

TEST_CASE("eigen: a Jacobian as an Eigen matrix solves a Newton step", "[eigen]") {
  // r(x) = (x0^2 + x1 - 3, x0 + x1^2 - 5), a root at (1, 2)
  constexpr auto y = var<"y", 2>;
  auto const residuals = outputs(square(y[idx<0>]) + y[idx<1>] - lit<3>, y[idx<0>] + square(y[idx<1>]) - lit<5>);
  Eigen::Vector2d point(1.5, 1.5);
  for (int i = 0; i != 20; ++i) {
    auto const J = jacobian(residuals, at<"y">(point));
    point -= eigen::matrix(J).partialPivLu().solve(eigen::values(J));
  }
  CHECK(point.isApprox(Eigen::Vector2d(1.0, 2.0)));
}
