// ctgrad::expr::grad, eval and variables_of: value and gradient of a static expression in one call.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/detail/inline.hpp>
#include <ctgrad/expr/binding.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/graph.hpp>
#include <ctgrad/expr/sweep.hpp>

namespace ctgrad::expr {

namespace detail {
/// The gradient entries of the variable `V` (a scalar variable, an element, or a vector variable) in an array
/// laid out as `graph<F>::variables`.
template <class F, class V, class Array>
[[nodiscard]] constexpr decltype(auto) gradient_of(Array const& gradient) noexcept {
  if constexpr (is_variable_v<V>) {
    return gradient[graph<F>::index_of(V::label) + input_leaf<V>::index];
  } else {
    using S = typename Array::value_type;
    std::array<S, V::size> out{};
    constexpr std::size_t offset = graph<F>::index_of(V::label);
    for (std::size_t i = 0; i != V::size; ++i) out[i] = gradient[offset + i];
    return out;
  }
}

/// `V` names a variable of `F`: a scalar variable or element that occurs in it, or a vector variable of it.
template <class F, class V>
consteval bool is_variable_of() {
  if constexpr (is_variable_v<V>) {
    constexpr input_info const* entry = graph<F>::find(V::label);
    return entry != nullptr && entry->differentiable && entry->extent == input_leaf<V>::extent;
  } else if constexpr (is_vector_variable_v<V>) {
    constexpr input_info const* entry = graph<F>::find(V::label);
    return entry != nullptr && entry->differentiable && entry->extent == V::size;
  } else {
    return false;
  }
}
}  // namespace detail

/// What `grad(f, inputs...)` returns: the value of `f` and its gradient, indexed by variable.
/// `r.value`; `r[a]` is d f / d a; for a vector variable `x`, `r[x]` is the array of d f / d x_i and
/// `r[x[idx<i>]]` one of them; `r.gradient` is the whole gradient as one array in the order of
/// `variables_of(f)` (labels sorted, vectors element by element).
template <Scalar S, Expression F>
struct gradient_result {
  static constexpr std::size_t size = detail::graph<F>::variable_count;

  S value;
  std::array<S, size> gradient;

  /// d f / d x for the variable `x` of `f`: `r[a]`; an array of them for a vector variable.
  template <class V>
    requires(detail::is_variable_of<F, V>())
  [[nodiscard]] constexpr decltype(auto) operator[](V) const noexcept {
    return detail::gradient_of<F, V>(gradient);
  }
  template <class V>
    requires(!detail::is_variable_of<F, V>())
  constexpr auto operator[](V) const {
    static_assert(detail::dependent_false<V>, "ctgrad::grad(f, inputs...)[x]: x is not a variable of f, so f has no gradient for it");
  }
};

/// The labels of the variables of `f`, sorted: the order of positional inputs and of
/// `gradient_result::gradient` (a vector variable's elements in order). `variables_of((a + b) * c + e)` is
/// `{"a", "b", "c", "e"}`.
struct variables_of_fn {
  template <Expression F>
  [[nodiscard]] constexpr auto operator()(F const&) const noexcept {
    return detail::graph<F>::labels;
  }
};
inline constexpr variables_of_fn variables_of{};

/// The number of distinct nodes of `f` (each shared subexpression counted once): the number of
/// value slots `grad` fills, and of nodes `for_each_node` shows. `node_count(a + a) == 2`.
struct node_count_fn {
  template <Expression F>
  [[nodiscard]] constexpr std::size_t operator()(F const&) const noexcept {
    return detail::graph<F>::size;
  }
};
inline constexpr node_count_fn node_count{};

/// Value and gradient of `f` in one call: one forward pass computing each distinct node once, and one
/// reverse sweep, generated from the type of `f`; no allocation, no runtime tape.
///
/// Bind the inputs all by label, in any order: `grad(f, at<"a">(2.0), at<"b">(-3.0))`, a vector variable to an
/// array of its size (`at<"x">(std::array<double, 16>{...})`, a `std::span`, an Eigen vector); or, when `f`
/// has no data, all by position in the order of `variables_of(f)`: `grad(f, 2.0, -3.0)`, or as one `std::array`
/// in that order. Inputs are numbers (integers become `double`; all `float` stays `float`) or `xsimd::batch`es
/// of float/double, which differentiates at every lane's point at once.
///
///     auto r = grad((a + b) * c + e, at<"a">(2.0), at<"b">(-3.0), at<"c">(5.0), at<"e">(10.0));
///     r.value == 5.0; r[a] == 5.0; r[c] == -1.0;
struct grad_fn {
  template <Expression F, class... In>
    requires detail::valid_binding<F, In...>
  [[nodiscard]] CTGRAD_INLINE constexpr auto operator()(F const& f, In const&... inputs) const
      noexcept(!detail::checked_at_run_time_v<In...>) {
    using S = detail::scalar_of_t<In...>;
    detail::gathered<F, S> in;
    detail::gather_inputs(in, inputs...);
    gradient_result<S, F> r{};
    detail::sweep<F, F, S> sw;
    sw.run(f, in.variables.data(), in.data.data(), r.gradient.data());
    r.value = sw.value[detail::graph<F>::root];
    return r;
  }
  template <Expression F, class... In>
    requires(!detail::valid_binding<F, In...>)
  constexpr auto operator()(F const&, In const&...) const {
    detail::diagnose_binding<F, In...>();
  }
};
inline constexpr grad_fn grad{};

/// The value of `f` only (the forward pass of `grad`), with the same input binding as `grad`.
struct eval_fn {
  template <Expression F, class... In>
    requires detail::valid_binding<F, In...>
  [[nodiscard]] CTGRAD_INLINE constexpr auto operator()(F const& f, In const&... inputs) const
      noexcept(!detail::checked_at_run_time_v<In...>) {
    using S = detail::scalar_of_t<In...>;
    detail::gathered<F, S> in;
    detail::gather_inputs(in, inputs...);
    detail::sweep<F, F, S> sw;
    return sw.evaluate(f, in.variables.data(), in.data.data());
  }
  template <Expression F, class... In>
    requires(!detail::valid_binding<F, In...>)
  constexpr auto operator()(F const&, In const&...) const {
    detail::diagnose_binding<F, In...>();
  }
};
inline constexpr eval_fn eval{};

}  // namespace ctgrad::expr
