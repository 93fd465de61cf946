// rosenbrock: the extended Rosenbrock function of 16 variables minimised by Newton's method, its gradient and
// Hessian from one `hessian` call per iteration on the static graph; the same definition (rosenbrock.hpp) gives
// the line search its values on plain numbers and, once, the gradient on the tape.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>

#include <ctgrad/expr.hpp>
#include <ctgrad/tape.hpp>

#include "rosenbrock.hpp"

namespace {

constexpr std::size_t n = 16;
using vector = std::array<double, n>;
using matrix = std::array<vector, n>;

/// Solves (a + shift I) x = b by Cholesky; false when a + shift I is not positive definite.
bool solve_shifted(matrix a, double shift, const vector& b, vector& x) {
  for (std::size_t i = 0; i < n; ++i) a[i][i] += shift;
  for (std::size_t j = 0; j < n; ++j) {  // a = L L^T, L in the lower triangle
    double d = a[j][j];
    for (std::size_t k = 0; k < j; ++k) d -= a[j][k] * a[j][k];
    if (!(d > 0)) return false;
    a[j][j] = std::sqrt(d);
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a[i][j];
      for (std::size_t k = 0; k < j; ++k) s -= a[i][k] * a[j][k];
      a[i][j] = s / a[j][j];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {  // L y = b
    double s = b[i];
    for (std::size_t k = 0; k < i; ++k) s -= a[i][k] * x[k];
    x[i] = s / a[i][i];
  }
  for (std::size_t i = n; i-- > 0;) {  // L^T x = y
    double s = x[i];
    for (std::size_t k = i + 1; k < n; ++k) s -= a[k][i] * x[k];
    x[i] = s / a[i][i];
  }
  return true;
}

double norm(const vector& v) {
  double s = 0;
  for (double e : v) s += e * e;
  return std::sqrt(s);
}

double dot(const vector& a, const vector& b) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

int main() {
  constexpr auto f = example::rosenbrock<n>(ctgrad::var<"x", n>);  // the static graph: one expression of x[0..15]

  vector x{};
  for (std::size_t i = 0; i < n; i += 2) {
    x[i] = -1.2;
    x[i + 1] = 1.0;
  }

  {  // the same definition on the tape: its gradient at the start is the static graph's
    ctgrad::tape::graph g;
    std::array<ctgrad::tape::value, n> leaves{};
    for (std::size_t i = 0; i < n; ++i) leaves[i] = g.leaf(x[i]);
    const ctgrad::tape::value root = example::rosenbrock<n>(leaves);
    root.backward();
    const auto r = ctgrad::grad(f, ctgrad::at<"x">(x));
    double difference = std::abs(root.data() - r.value);
    for (std::size_t i = 0; i < n; ++i) difference = std::max(difference, std::abs(leaves[i].grad() - r.gradient[i]));
    std::printf("at the start: f = %.6g on the static graph, %.6g on the tape (%zu tape nodes); "
                "largest difference of value and gradient %.3g\n",
                r.value, root.data(), g.size(), difference);
    if (difference > 1e-12 * (1 + std::abs(r.value))) {
      std::printf("FAILED: the tape and the static graph disagree\n");
      return 1;
    }
  }

  // Newton's method: the step solves (H + shift I) p = -g, shift 0 when H is positive definite, else grown until
  // it is; then backtracking (Armijo) along p on f computed on plain numbers by the same definition.
  std::printf("%4s %24s %12s %10s\n", "iter", "f", "|g|", "step");
  double step = 0;
  for (int iteration = 0; iteration <= 100; ++iteration) {
    const auto h = ctgrad::hessian(f, ctgrad::at<"x">(x));  // value, gradient and 16 x 16 second derivatives
    const double gradient_norm = norm(h.gradient);
    std::printf("%4d %24.17g %12.3e %10.3g\n", iteration, h.value, gradient_norm, step);
    if (gradient_norm < 1e-10) {
      std::printf("converged in %d Newton iterations: f = %.3e, |g| = %.3e below 1e-10, x[0] = %.15f\n", iteration,
                  h.value, gradient_norm, x[0]);
      return 0;
    }
    vector minus_g{}, p{};
    for (std::size_t i = 0; i < n; ++i) minus_g[i] = -h.gradient[i];
    double shift = 0;
    while (!solve_shifted(h.matrix, shift, minus_g, p)) shift = std::max(2 * shift, 1e-3 * (1 + gradient_norm));
    const double slope = dot(h.gradient, p);  // < 0: p is a descent direction
    step = 1;
    vector trial{};
    for (int halvings = 0; halvings < 60; ++halvings, step /= 2) {
      for (std::size_t i = 0; i < n; ++i) trial[i] = x[i] + step * p[i];
      if (example::rosenbrock<n>(trial) <= h.value + 1e-4 * step * slope) break;
    }
    x = trial;
  }
  std::printf("FAILED: |g| did not fall below 1e-10 in 100 Newton iterations\n");
  return 1;
}
