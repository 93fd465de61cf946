// ctgrad::op::div and `x / y`: division, its rules and its simplifications (x / 1 -> x, 0 / y -> 0).
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/fwd.hpp>
#include <ctgrad/expr/ops/mul.hpp>
#include <ctgrad/expr/ops/neg.hpp>

namespace ctgrad {

namespace op {
/// x / y. Local derivatives: 1 / y and -x / y**2. The second is computed as -(g / y) * (x / y): the quotient
/// g / y is the first's (computed once), x / y is the value, and no y**2 is formed, which would overflow for
/// |y| beyond 1e154 and lose precision below 1e-154.
struct div {
  static constexpr std::string_view name = "/";
  static constexpr ctgrad::notation notation = ctgrad::notation::infix;
  static constexpr int precedence = 2;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept { return x / y; }
  template <std::size_t I, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S y, S out, S g) noexcept {
    if constexpr (I == 0) return g / y;
    else return -(g / y) * out;
  }
  template <std::size_t I, class X, class Y, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Y const& y, Out const& out) {
    if constexpr (I == 0) return expr::lit<1> / y;
    else return -(out / y);
  }
};
}  // namespace op

namespace expr {

/// `x / y` as a function object; folds `x / 1 -> x`, `0 / y -> 0`, literal quotients (to a rational literal)
/// and numeric leaves.
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
    else if constexpr (detail::is_literal_v<X> && detail::is_literal_v<Y> && !detail::is_literal_of_v<Y, 0>)
      return detail::make_literal<X::numerator * Y::denominator, X::denominator * Y::numerator>();
    else if constexpr (detail::is_number_leaf_v<X> && detail::is_number_leaf_v<Y> && !detail::is_literal_of_v<Y, 0>)
      return nodes::constant{detail::number_value(x) / detail::number_value(y)};
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

}  // namespace expr

}  // namespace ctgrad
