// ctgrad::op::mul and `x * y`: multiplication, its rules and its simplifications (x * 1 -> x, x * 0 -> 0).
#pragma once

#include <cstddef>
#include <string_view>
#include <type_traits>

#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/fwd.hpp>
#include <ctgrad/expr/ops/neg.hpp>

namespace ctgrad {

namespace op {
/// x * y. Local derivatives: y, x.
struct mul {
  static constexpr std::string_view name = "*";
  static constexpr ctgrad::notation notation = ctgrad::notation::infix;
  static constexpr int precedence = 2;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept { return x * y; }
  template <std::size_t I, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S y, S, S g) noexcept {
    if constexpr (I == 0) return g * y;
    else return g * x;
  }
  template <std::size_t I, class X, class Y, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Y const& y, Out const&) {
    if constexpr (I == 0) return y;
    else return x;
  }
};
}  // namespace op

namespace expr {

namespace detail {
/// `literal * y`.
template <class E>
inline constexpr bool is_literal_times_v = false;
template <long long N, long long D, class Y>
inline constexpr bool is_literal_times_v<nodes::node<op::mul, nodes::literal<N, D>, Y>> = true;

/// The product of two literal types, in lowest terms.
template <class X, class Y>
using literal_product_t = decltype(make_literal<X::numerator * Y::numerator, X::denominator * Y::denominator>());
}  // namespace detail

/// `x * y` as a function object; folds `0 * y -> 0`, `1 * y -> y`, `-1 * y -> -y` (either side),
/// `x * n -> n * x` and `m * (n * y) -> (m n) * y` for literals, and numeric leaves.
struct times_fn {
  template <Operand L, Operand R>
    requires detail::binary_operands<L, R>
  [[nodiscard]] constexpr auto operator()(L const& l, R const& r) const noexcept {
    return build(detail::as_expr(l), detail::as_expr(r));
  }

 private:
  template <class X, class Y>
  static constexpr auto build(X const& x, Y const& y) noexcept {
    if constexpr (detail::is_literal_of_v<X, 0> || detail::is_literal_of_v<Y, 0>) return nodes::literal<0>{};
    else if constexpr (detail::is_literal_of_v<X, 1>) return y;
    else if constexpr (detail::is_literal_of_v<Y, 1>) return x;
    else if constexpr (detail::is_literal_v<X> && detail::is_literal_v<Y>) return detail::literal_product_t<X, Y>{};
    else if constexpr (detail::is_number_leaf_v<X> && detail::is_number_leaf_v<Y>)
      return nodes::constant{detail::number_value(x) * detail::number_value(y)};
    else if constexpr (detail::is_literal_v<Y>) return build(y, x);  // literals first: x * 2 -> 2 * x
    else if constexpr (detail::is_literal_v<X> && detail::is_literal_times_v<Y>)
      return build(detail::literal_product_t<X, std::remove_cvref_t<decltype(y.lhs)>>{}, y.rhs);  // 3 * (2 * x) -> 6 * x
    else if constexpr (detail::is_literal_of_v<X, -1>) return expr::negate(y);
    else if constexpr (detail::is_literal_of_v<Y, -1>) return expr::negate(x);
    else return detail::make_node<op::mul>(x, y);
  }
};
inline constexpr times_fn times{};

namespace nodes {
template <Operand L, Operand R>
  requires detail::binary_operands<L, R>
[[nodiscard]] constexpr auto operator*(L const& l, R const& r) noexcept {
  return expr::times(l, r);
}
}  // namespace nodes

}  // namespace expr

}  // namespace ctgrad
