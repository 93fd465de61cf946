// How expressions are built from operands: numbers become leaves, and `make_op_node` gives ctgrad::function its nodes.
#pragma once

#include <cstddef>
#include <type_traits>

#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/function.hpp>
#include <ctgrad/expr/leaf.hpp>
#include <ctgrad/expr/node.hpp>

namespace ctgrad::expr {

namespace detail {

/// An operand as an expression: a plain number becomes a runtime `constant`.
template <Operand T>
[[nodiscard]] constexpr auto as_expr(T const& x) noexcept {
  if constexpr (Expression<T>) return x;
  else return nodes::constant{static_cast<double>(x)};
}

/// The value of a numeric leaf (literal or constant) as a `double`.
template <class E>
  requires is_number_leaf_v<E>
[[nodiscard]] constexpr double number_value(E const& e) noexcept {
  if constexpr (is_literal_v<E>) return static_cast<double>(E::numerator) / static_cast<double>(E::denominator);
  else return e.value;
}

/// Both operands of a binary operator that builds a node: at least one must be an expression (the other may be
/// a number), and not a literal beside a plain number, which is plain arithmetic (literal_arithmetic.hpp).
template <class L, class R>
concept binary_operands = Operand<L> && Operand<R> && (Expression<L> || Expression<R>) &&
                          !(is_literal_v<L> && Number<R>) && !(Number<L> && is_literal_v<R>);

}  // namespace detail

namespace nodes {
/// The node `Op(x...)` for `ctgrad::function<Op>` when an operand is an expression (plain numbers become
/// runtime constants). Found by argument-dependent lookup from the expression operands.
template <class Op, class... X>
  requires(sizeof...(X) == op_traits<Op>::arity && (Operand<X> && ...) && (Expression<X> || ...))
[[nodiscard]] constexpr auto make_op_node(Op, X const&... x) noexcept {
  return detail::make_node<Op>(detail::as_expr(x)...);
}
}  // namespace nodes

}  // namespace ctgrad::expr
