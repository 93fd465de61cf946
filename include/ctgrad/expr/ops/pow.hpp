// ctgrad::expr::pow and `pow(x, y)`: a real power (runtime exponent, or any expression), its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/add.hpp>
#include <ctgrad/expr/ops/div.hpp>
#include <ctgrad/expr/ops/ipow.hpp>
#include <ctgrad/expr/ops/log.hpp>
#include <ctgrad/expr/ops/mul.hpp>
#include <ctgrad/expr/ops/sub.hpp>

namespace ctgrad::expr {

namespace op {
/// x**y. Local derivatives: y x**(y-1) and x**y log(x) (the second is only computed when y depends
/// on a variable, so a negative base with a constant exponent is fine).
struct pow {
  static constexpr std::string_view text = "**";
  static constexpr std::string_view symbol = "**";
  static constexpr detail::notation notation = detail::notation::power;
  static constexpr int precedence = 4;

  template <Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept { return detail::pow(x, y); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp_lhs(S x, S y, S, S g) noexcept {
    return g * y * detail::pow(x, y - S(1));
  }
  template <Scalar S>
  [[nodiscard]] static S vjp_rhs(S x, S, S out, S g) noexcept { return g * out * detail::log(x); }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n);
};
}  // namespace op

/// `x**y` as a function object: `pow(x, 0.5)`, `pow(x, 3)` (runtime exponent), `pow(x, y)`.
/// A literal exponent (`pow(x, lit<3>)`) gives the exact compile-time power `ipow<3>(x)`.
struct pow_fn {
  template <Operand L, Operand R>
    requires detail::binary_operands<L, R>
  [[nodiscard]] constexpr auto operator()(L const& l, R const& r) const noexcept {
    auto const x = detail::as_expr(l);
    auto const y = detail::as_expr(r);
    using Y = std::remove_const_t<decltype(y)>;
    if constexpr (detail::is_literal_v<Y>) return expr::ipow<static_cast<int>(Y::value)>(x);
    else return detail::make_node<op::pow>(x, y);
  }
};
inline constexpr pow_fn pow{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::pow::derivative(N const& n) {
  auto const& x = n.lhs;
  auto const& y = n.rhs;
  if constexpr (!detail::occurs_v<std::remove_cvref_t<decltype(y)>, L>) {
    return y * expr::pow(x, y - nodes::literal<1>{}) * detail::derive<L>(x);
  } else {
    return n * (detail::derive<L>(y) * expr::log(x) + y * detail::derive<L>(x) / x);
  }
}

namespace nodes {
/// `pow(x, y)`: see `ctgrad::expr::pow`.
template <Operand L, Operand R>
  requires detail::binary_operands<L, R>
[[nodiscard]] constexpr auto pow(L const& l, R const& r) noexcept {
  return expr::pow(l, r);
}
}  // namespace nodes

}  // namespace ctgrad::expr
