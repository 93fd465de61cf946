// ctgrad/eigen.hpp: the optional Eigen adapter: Eigen views of gradients and Jacobians. Include it where Eigen is
// available; the rest of ctgrad needs no Eigen. (Eigen vectors bind as inputs without it: at<"x">(v) reads any
// contiguous vector by its data() and size().)
#pragma once

#include <cstddef>

#include <Eigen/Core>

#include <ctgrad/expr/grad.hpp>
#include <ctgrad/expr/jacobian.hpp>

namespace ctgrad::eigen {

/// A Jacobian as an Eigen matrix (a read-only view of its row-major array, M x N):
/// `Eigen::VectorXd step = ctgrad::eigen::matrix(J).colPivHouseholderQr().solve(-r);`
template <class S, class F>
[[nodiscard]] auto matrix(expr::jacobian_result<S, F> const& J) {
  using result = expr::jacobian_result<S, F>;
  constexpr int rows = static_cast<int>(result::rows);
  constexpr int cols = static_cast<int>(result::cols);
  using matrix_type = Eigen::Matrix<S, rows, cols, cols == 1 ? Eigen::ColMajor : Eigen::RowMajor>;
  return Eigen::Map<matrix_type const>(J.matrix.data());
}

/// The outputs' values of a Jacobian as an Eigen vector (a read-only view).
template <class S, class F>
[[nodiscard]] auto values(expr::jacobian_result<S, F> const& J) {
  return Eigen::Map<Eigen::Matrix<S, static_cast<int>(expr::jacobian_result<S, F>::rows), 1> const>(J.value.data());
}

/// The whole gradient of a `grad` result as an Eigen vector (a read-only view, in the order of `variables_of`).
template <class S, class F>
[[nodiscard]] auto gradient(expr::gradient_result<S, F> const& r) {
  return Eigen::Map<Eigen::Matrix<S, static_cast<int>(expr::gradient_result<S, F>::size), 1> const>(r.gradient.data());
}

/// The gradient of the vector variable `x` as an Eigen vector (a read-only view into `r`): the same shape as the
/// Eigen vector it was bound to.
template <class S, class F, ctgrad::detail::fixed_string L, std::size_t N>
[[nodiscard]] auto gradient(expr::gradient_result<S, F> const& r, expr::nodes::vector_variable<L, N>) {
  static_assert(expr::detail::is_variable_of<F, expr::nodes::vector_variable<L, N>>(), "ctgrad::eigen::gradient(r, x): x is not a variable of the expression r was computed for");
  return Eigen::Map<Eigen::Matrix<S, static_cast<int>(N), 1> const>(r.gradient.data() + expr::detail::graph<F>::index_of(L.view()));
}

}  // namespace ctgrad::eigen
