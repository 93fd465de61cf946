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

  template <class V1, class V2>
    requires(detail::is_variable_v<V1> && detail::is_variable_v<V2> && detail::is_variable_of<F, V1>() && detail::is_variable_of<F, V2>())
  [[nodiscard]] constexpr S const& operator()(V1, V2) const noexcept {
    return matrix[position<V1>()][position<V2>()];
  }

 private:
  template <class V>
  static constexpr std::size_t position() noexcept {
    return detail::graph<F>::index_of(V::label) + detail::input_leaf<V>::index;
  }
};

namespace detail {
/// The variable (or vector element) type at variable position `P` of `F`.
template <class F, std::size_t P>
struct variable_at {
  static constexpr auto entry = [] {
    for (input_info const& v : graph<F>::variables) {
      if (P >= v.offset && P < v.offset + v.size()) return v;
    }
    return input_info{};
  }();
  static constexpr auto label = ctgrad::detail::fixed_string<entry.label.size()>{entry.label};
  using type = std::conditional_t<entry.extent == 0, nodes::variable<label>,
                                  nodes::element<nodes::vector_variable<label, entry.extent == 0 ? 1 : entry.extent>, P - entry.offset>>;
};
}  // namespace detail

/// The Hessian of `f` at one point: each row is the reverse sweep of a symbolic first derivative
/// (`derivative<x_i>(f)`), so the cost is one sweep per variable: meant for small functions.
/// Inputs are bound as for `grad`.
///
///     auto h = hessian(a * a * b, at<"a">(3.0), at<"b">(2.0));   // h(a, a) == 4, h(a, b) == 6
struct hessian_fn {
  template <Expression F, class... In>
    requires detail::valid_binding<F, In...>
  [[nodiscard]] constexpr auto operator()(F const& f, In const&... inputs) const noexcept(!detail::checked_at_run_time_v<In...>) {
    using S = detail::scalar_of_t<In...>;
    constexpr std::size_t n = detail::graph<F>::variable_count;
    detail::gathered<F, S> in;
    detail::gather_inputs(in, inputs...);
    hessian_result<S, F> r{};
    detail::sweep<F, F, S> sw;
    sw.run(f, in.variables.data(), in.data.data(), r.gradient.data());
    r.value = sw.value[detail::graph<F>::root];
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (row<I>(f, in, r.matrix[I]), ...);
    }(std::make_index_sequence<n>{});
    return r;
  }
  template <Expression F, class... In>
    requires(!detail::valid_binding<F, In...>)
  constexpr auto operator()(F const&, In const&...) const {
    detail::diagnose_binding<F, In...>();
  }

 private:
  template <std::size_t I, class F, Scalar S, std::size_t N>
  static constexpr void row(F const& f, detail::gathered<F, S> const& in, std::array<S, N>& out) noexcept {
    auto const first = detail::derive<typename detail::variable_at<F, I>::type>(f);
    detail::sweep<std::remove_const_t<decltype(first)>, F, S> sw;
    sw.run(first, in.variables.data(), in.data.data(), out.data());
  }
};
inline constexpr hessian_fn hessian{};

}  // namespace ctgrad::expr
