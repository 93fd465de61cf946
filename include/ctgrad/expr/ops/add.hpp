// ctgrad::op::add and `x + y`: addition, its rules and its simplifications (0 + y -> y).
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// x + y. Local derivatives: 1, 1.
struct add {
  static constexpr std::string_view name = "+";
  static constexpr ctgrad::notation notation = ctgrad::notation::infix;
  static constexpr int precedence = 1;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept { return x + y; }
  template <std::size_t, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S, S, S g) noexcept { return g; }
  template <std::size_t, class X, class Y, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Y const&, Out const&) { return expr::lit<1>; }
};
}  // namespace op

namespace expr {

namespace detail {
/// The sum of two literal types, in lowest terms.
template <class X, class Y>
using literal_sum_t = decltype(make_literal<X::numerator * Y::denominator + Y::numerator * X::denominator, X::denominator * Y::denominator>());
}  // namespace detail

/// `x + y` as a function object; folds `0 + y -> y`, `x + 0 -> x` and numeric leaves.
struct plus_fn {
  template <Operand L, Operand R>
    requires detail::binary_operands<L, R>
  [[nodiscard]] constexpr auto operator()(L const& l, R const& r) const noexcept {
    return build(detail::as_expr(l), detail::as_expr(r));
  }

 private:
  template <class X, class Y>
  static constexpr auto build(X const& x, Y const& y) noexcept {
    if constexpr (detail::is_literal_of_v<X, 0>) return y;
    else if constexpr (detail::is_literal_of_v<Y, 0>) return x;
    else if constexpr (detail::is_literal_v<X> && detail::is_literal_v<Y>) return detail::literal_sum_t<X, Y>{};
    else if constexpr (detail::is_number_leaf_v<X> && detail::is_number_leaf_v<Y>)
      return nodes::constant{detail::number_value(x) + detail::number_value(y)};
    else return detail::make_node<op::add>(x, y);
  }
};
inline constexpr plus_fn plus{};

namespace nodes {
template <Operand L, Operand R>
  requires detail::binary_operands<L, R>
[[nodiscard]] constexpr auto operator+(L const& l, R const& r) noexcept {
  return expr::plus(l, r);
}
}  // namespace nodes

}  // namespace expr

}  // namespace ctgrad
