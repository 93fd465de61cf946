// ctgrad::expr::divides and `x / y`: division, its rules and its simplifications (x / 1 -> x, 0 / y -> 0).
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/ipow.hpp>
#include <ctgrad/expr/ops/mul.hpp>
#include <ctgrad/expr/ops/neg.hpp>
#include <ctgrad/expr/ops/sub.hpp>

namespace ctgrad::expr {

namespace op {
/// x / y. Local derivatives: 1 / y, -x / y^2. The second is computed as x / (y * y), not as out / y:
/// its division then does not wait for the value's, so the two run side by side (as a hand-written
/// derivative would write it). Like the symbolic derivative, it overflows to 0 for |y| beyond 1e154.
struct div {
  static constexpr std::string_view text = "/";
  static constexpr std::string_view symbol = "/";
  static constexpr detail::notation notation = detail::notation::infix;
  static constexpr int precedence = 2;

  template <Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept { return x / y; }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp_lhs(S, S y, S, S g) noexcept { return g / y; }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp_rhs(S x, S y, S, S g) noexcept { return -(g * (x / (y * y))); }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n) {
    return detail::derive<L>(n.lhs) / n.rhs - n.lhs * detail::derive<L>(n.rhs) / expr::ipow<2>(n.rhs);
  }
};
}  // namespace op

/// `x / y` as a function object; folds `x / 1 -> x`, `0 / y -> 0`, exact literal quotients and
/// numeric leaves.
struct divides_fn {
  template <Operand L, Operand R>
    requires detail::binary_operands<L, R>
  [[nodiscard]] constexpr auto operator()(L const& l, R const& r) const noexcept {
    return build(detail::as_expr(l), detail::as_expr(r));
  }

 private:
  template <class X, class Y>
  static constexpr auto build(X const& x, Y const& y) noexcept {
    if constexpr (detail::is_literal_of_v<Y, 1>) return x;
    else if constexpr (detail::is_literal_of_v<X, 0> && !detail::is_literal_of_v<Y, 0>) return nodes::literal<0>{};
    else if constexpr (detail::exact_quotient_v<X, Y>)
      return nodes::literal<X::value / Y::value>{};
    else if constexpr (detail::is_number_leaf_v<X> && detail::is_constant_v<Y>)
      return nodes::constant{detail::number_value(x) / y.value};
    else if constexpr (detail::is_constant_v<X> && detail::is_literal_v<Y> && !detail::is_literal_of_v<Y, 0>)
      return nodes::constant{x.value / detail::number_value(y)};
    else return detail::make_node<op::div>(x, y);
  }
};
inline constexpr divides_fn divides{};

namespace nodes {
template <Operand L, Operand R>
  requires detail::binary_operands<L, R>
[[nodiscard]] constexpr auto operator/(L const& l, R const& r) noexcept {
  return expr::divides(l, r);
}
}  // namespace nodes

}  // namespace ctgrad::expr
