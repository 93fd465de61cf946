// ctgrad::expr::times and `x * y`: multiplication, its rules and its simplifications (x * 1 -> x, x * 0 -> 0).
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/neg.hpp>

namespace ctgrad::expr {

namespace op {
/// x * y. Local derivatives: y, x.
struct mul {
  static constexpr std::string_view text = "*";
  static constexpr std::string_view symbol = "*";
  static constexpr detail::notation notation = detail::notation::infix;
  static constexpr int precedence = 2;

  template <Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept { return x * y; }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp_lhs(S, S y, S, S g) noexcept { return g * y; }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp_rhs(S x, S, S, S g) noexcept { return g * x; }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n) {
    return detail::derive<L>(n.lhs) * n.rhs + n.lhs * detail::derive<L>(n.rhs);
  }
};
}  // namespace op

namespace detail {
/// `literal * y`.
template <class E>
inline constexpr bool is_literal_times_v = false;
template <long long N, class Y>
inline constexpr bool is_literal_times_v<nodes::node<op::mul, nodes::literal<N>, Y>> = true;
}  // namespace detail

/// `x * y` as a function object; folds `0 * y -> 0`, `1 * y -> y`, `-1 * y -> -y` (either side),
/// `m * (n * y) -> (m n) * y` for literals, and numeric leaves.
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
    else if constexpr (detail::is_literal_v<X> && detail::is_literal_v<Y>) return nodes::literal<X::value * Y::value>{};
    else if constexpr (detail::is_number_leaf_v<X> && detail::is_number_leaf_v<Y>)
      return nodes::constant{detail::number_value(x) * detail::number_value(y)};
    else if constexpr (detail::is_literal_v<X> && detail::is_literal_times_v<Y>)
      return build(nodes::literal<X::value * Y::lhs.value>{}, y.rhs);  // 3 * (2 * x) -> 6 * x
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

}  // namespace ctgrad::expr
