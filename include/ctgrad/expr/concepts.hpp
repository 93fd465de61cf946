// The named concepts of the static graph: Number, Scalar, Input, Expression, Operand.
#pragma once

#include <concepts>
#include <type_traits>

#include <ctgrad/detail/xsimd.hpp>

namespace ctgrad::expr {

namespace detail {

template <class T>
struct is_batch : std::false_type {};
template <class T, class A>
struct is_batch<xsimd::batch<T, A>> : std::bool_constant<std::is_floating_point_v<T>> {};

/// Specialised to true for every node type of the static graph (leaves and ops).
template <class T>
struct is_expression : std::false_type {};

}  // namespace detail

/// A plain number that may stand on either side of an operator (`2.0 * a`, `a + 1`), or be bound to
/// a variable: any arithmetic type except `bool`.
template <class T>
concept Number = std::is_arithmetic_v<std::remove_cvref_t<T>> && !std::same_as<std::remove_cvref_t<T>, bool>;

/// A type the reverse sweep computes in: `float`, `double`, `long double`, or an
/// `xsimd::batch` of `float`/`double` (one sweep then differentiates at every lane's point).
template <class T>
concept Scalar = std::floating_point<T> || detail::is_batch<T>::value;

/// What may be bound to a variable: a plain number (integers are promoted to `double`) or a Scalar.
template <class T>
concept Input = Number<T> || Scalar<std::remove_cvref_t<T>>;

/// A node of the static graph: a variable, a constant, or an op applied to expressions.
template <class T>
concept Expression = detail::is_expression<std::remove_cvref_t<T>>::value;

/// Either side of an operator: an expression or a plain number.
template <class T>
concept Operand = Expression<T> || Number<T>;

}  // namespace ctgrad::expr
