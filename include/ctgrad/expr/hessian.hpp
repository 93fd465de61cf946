// ctgrad::expr::hessian: value, gradient and matrix of second derivatives of a small static expression.
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expr/binding.hpp>
#include <ctgrad/expr/derivative.hpp>
#include <ctgrad/expr/grad.hpp>
#include <ctgrad/expr/graph.hpp>
#include <ctgrad/expr/sweep.hpp>

namespace ctgrad::expr {

/// What `hessian(f, inputs...)` returns: `value`, `gradient` (as `grad`), and `matrix[i][j]` =
/// d2 f / d x_i d x_j in the order of `variables_of(f)`; `h(a, b)` reads one entry by variables.
template <Scalar S, Expression F>
struct hessian_result {
  static constexpr std::size_t size = detail::graph<F>::variable_count;

  S value;
  std::array<S, size> gradient;
  std::array<std::array<S, size>, size> matrix;

  template <ctgrad::detail::fixed_string L1, ctgrad::detail::fixed_string L2>
    requires(detail::occurs_v<F, L1> && detail::occurs_v<F, L2>)
  [[nodiscard]] constexpr S const& operator()(nodes::variable<L1>, nodes::variable<L2>) const noexcept {
    return matrix[detail::graph<F>::index_of(L1.view())][detail::graph<F>::index_of(L2.view())];
  }
};

namespace detail {
/// The `I`-th label of `F` as a template argument.
template <class F, std::size_t I>
inline constexpr auto label_at = ctgrad::detail::fixed_string<graph<F>::labels[I].size()>{graph<F>::labels[I]};
}  // namespace detail

/// The Hessian of `f` at one point: each row is the reverse sweep of a symbolic first derivative
/// (`derivative<x_i>(f)`), so the cost is one sweep per variable: meant for small functions.
/// Inputs are bound as for `grad`.
///
///     auto h = hessian(a * a * b, at<"a">(3.0), at<"b">(2.0));   // h(a, a) == 4, h(a, b) == 6
struct hessian_fn {
  template <Expression F, class... In>
    requires detail::valid_binding<F, In...>
  [[nodiscard]] constexpr auto operator()(F const& f, In const&... inputs) const noexcept {
    using S = detail::scalar_of_t<In...>;
    constexpr std::size_t n = detail::graph<F>::variable_count;
    auto const in = detail::gather_inputs<F, S>(inputs...);
    hessian_result<S, F> r{};
    detail::sweep<F, F, S> sw;
    sw.run(f, in, r.gradient);
    r.value = sw.value[detail::graph<F>::root];
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (row<I>(f, in, r.matrix[I]), ...);
    }(std::make_index_sequence<n>{});
    return r;
  }
  template <Expression F, class... In>
    requires(!detail::valid_binding<F, In...>)
  void operator()(F const&, In const&...) const {
    detail::diagnose_binding<F, In...>();
  }

 private:
  template <std::size_t I, class F, Scalar S, std::size_t N>
  static constexpr void row(F const& f, std::array<S, N> const& in, std::array<S, N>& out) noexcept {
    auto const first = detail::derive<detail::label_at<F, I>>(f);
    detail::sweep<std::remove_const_t<decltype(first)>, F, S> sw;
    sw.run(first, in, out);
  }
};
inline constexpr hessian_fn hessian{};

}  // namespace ctgrad::expr
