// ctgrad::expr::detail helpers shared by the op files: operand conversion, numeric leaves, notation.
#pragma once

#include <type_traits>

#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/leaf.hpp>
#include <ctgrad/expr/node.hpp>

namespace ctgrad::expr::detail {

/// How an op is written by `to_string`.
enum class notation {
  infix,   // x + y
  prefix,  // -x
  call,    // exp(x)
  power,   // x**3
};

/// Printing precedence of leaves and calls (binds tighter than any operator).
inline constexpr int atom_precedence = 5;

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
  if constexpr (is_literal_v<E>) return static_cast<double>(E::value);
  else return e.value;
}

/// Both operands of a binary operator: at least one must be an expression (the other may be a number).
template <class L, class R>
concept binary_operands = Operand<L> && Operand<R> && (Expression<L> || Expression<R>);

}  // namespace ctgrad::expr::detail
