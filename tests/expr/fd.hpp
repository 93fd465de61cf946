// Finite-difference references for the expr tests: gradients and Hessians of static expressions.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include <ctgrad/expr.hpp>

namespace ctgrad::test {

/// Central difference of `f` along coordinate `i`, Richardson-extrapolated (error O(h^4)).
template <class G, std::size_t N>
double central_difference(G const& value_at, std::array<double, N> x, std::size_t i) {
  double const h = 1e-3 * std::max(1.0, std::abs(x[i]));
  auto const d = [&](double step) {
    auto xp = x;
    auto xm = x;
    xp[i] += step;
    xm[i] -= step;
    return (value_at(xp) - value_at(xm)) / (2 * step);
  };
  return (4 * d(h / 2) - d(h)) / 3;
}

/// d f / d x_i by finite differences, in the order of `variables_of(f)`.
template <class F, std::size_t N>
std::array<double, N> fd_gradient(F const& f, std::array<double, N> const& x) {
  std::array<double, N> g{};
  for (std::size_t i = 0; i != N; ++i) {
    g[i] = central_difference([&](std::array<double, N> const& p) { return ctgrad::eval(f, p); }, x, i);
  }
  return g;
}

/// d2 f / d x_i d x_j by finite differences of the (exact) gradient.
template <class F, std::size_t N>
std::array<std::array<double, N>, N> fd_hessian(F const& f, std::array<double, N> const& x) {
  std::array<std::array<double, N>, N> h{};
  for (std::size_t i = 0; i != N; ++i) {
    for (std::size_t j = 0; j != N; ++j) {
      h[i][j] = central_difference([&](std::array<double, N> const& p) { return ctgrad::grad(f, p).gradient[j]; }, x, i);
    }
  }
  return h;
}

/// `|x - y| <= tol * max(1, |y|)`: relative, absolute near zero.
inline bool close(double x, double y, double tol) { return std::abs(x - y) <= tol * std::max(1.0, std::abs(y)); }

}  // namespace ctgrad::test
