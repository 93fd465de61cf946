// ctgrad::op::sub and `x - y`: subtraction, its rules and its simplifications (x - 0 -> x, 0 - y -> -y).
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/add.hpp>
#include <ctgrad/expr/ops/fwd.hpp>
#include <ctgrad/expr/ops/neg.hpp>

namespace ctgrad {

namespace op {
/// x - y. Local derivatives: 1, -1.
struct sub {
  static constexpr std::string_view name = "-";
  static constexpr ctgrad::notation notation = ctgrad::notation::infix;
  static constexpr int precedence = 1;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept { return x - y; }
  template <std::size_t I, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S, S, S g) noexcept {
    if constexpr (I == 0) return g;
    else return -g;
  }
  template <std::size_t I, class X, class Y, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Y const&, Out const&) {
    if constexpr (I == 0) return expr::lit<1>;
    else return expr::lit<-1>;
  }
};
}  // namespace op

namespace expr {

/// `x - y` as a function object; folds `x - 0 -> x`, `0 - y -> -y` and numeric leaves.
struct minus_fn {
  template <Operand L, Operand R>
    requires detail::binary_operands<L, R>
  [[nodiscard]] constexpr auto operator()(L const& l, R const& r) const noexcept {
    return build(detail::as_expr(l), detail::as_expr(r));
  }

 private:
  template <class X, class Y>
  static constexpr auto build(X const& x, Y const& y) noexcept {
    if constexpr (detail::is_literal_of_v<Y, 0>) return x;
    else if constexpr (detail::is_literal_of_v<X, 0>) return expr::negate(y);
    else if constexpr (detail::is_literal_v<X> && detail::is_literal_v<Y>) return detail::literal_sum_t<X, decltype(expr::negate(y))>{};
    else if constexpr (detail::is_number_leaf_v<X> && detail::is_number_leaf_v<Y>)
      return nodes::constant{detail::number_value(x) - detail::number_value(y)};
    else return detail::make_node<op::sub>(x, y);
  }
};
inline constexpr minus_fn minus{};

namespace nodes {
template <Operand L, Operand R>
  requires detail::binary_operands<L, R>
[[nodiscard]] constexpr auto operator-(L const& l, R const& r) noexcept {
  return expr::minus(l, r);
}
}  // namespace nodes

}  // namespace expr

}  // namespace ctgrad
