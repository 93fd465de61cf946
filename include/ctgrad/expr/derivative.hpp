// ctgrad::expr::derivative<"x">(f): the symbolic derivative of a static expression, itself an expression.
#pragma once

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expr/binding.hpp>
#include <ctgrad/expr/node.hpp>
#include <ctgrad/expr/ops.hpp>

namespace ctgrad::expr {

namespace detail {
template <ctgrad::detail::fixed_string L, Expression E>
constexpr auto derive(E const& e) {
  if constexpr (!occurs_v<E, L>) return nodes::literal<0>{};
  else if constexpr (is_variable_v<E>) return nodes::literal<1>{};
  else return op_t<E>::template derivative<L>(e);
}
}  // namespace detail

/// d f / d x as a new expression type, simplified while it is built (`x * 1 -> x`, `0 + y -> y`,
/// `-(-x) -> x`, `x * 0 -> 0`, literal arithmetic), so it prints short and can be differentiated
/// again: `derivative<"a">(derivative<"b">(f))`. Subexpressions of `f` it reuses (`tanh(x)` in
/// d tanh(x)) are the same types, so a sweep of the derivative computes them once.
///
///     to_string(derivative<"a">((a + b) * c + e)) == "c"
template <ctgrad::detail::fixed_string L>
struct derivative_fn {
  template <Expression F>
    requires(detail::occurs_v<F, L>)
  [[nodiscard]] constexpr auto operator()(F const& f) const noexcept {
    return detail::derive<L>(f);
  }
  template <Expression F>
    requires(!detail::occurs_v<F, L>)
  void operator()(F const&) const {
    static_assert(detail::dependent_false<F>, "ctgrad::derivative<x>(f): the variable x does not occur in f");
  }
};
template <ctgrad::detail::fixed_string L>
inline constexpr derivative_fn<L> derivative{};

}  // namespace ctgrad::expr
