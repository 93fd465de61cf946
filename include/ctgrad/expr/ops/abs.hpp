// ctgrad::expr::abs and `abs(x)`: the absolute value, its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/mul.hpp>
#include <ctgrad/expr/ops/sign.hpp>

namespace ctgrad::expr {

namespace op {
/// |x|. Local derivative: sign(x) (0 at 0).
struct abs {
  static constexpr std::string_view text = "abs";
  static constexpr std::string_view symbol = "abs";
  static constexpr detail::notation notation = detail::notation::call;
  static constexpr int precedence = detail::atom_precedence;

  template <Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::abs(x); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S, S g) noexcept { return detail::where_positive(x, g, detail::where_negative(x, -g, S(0))); }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n);
};
}  // namespace op

/// `abs(x)` as a function object. It takes expressions only, so plain numbers still go to the
/// standard library; unqualified `abs(x)` on an expression finds it by argument-dependent lookup.
struct abs_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    return detail::make_node<op::abs>(x);
  }
};
inline constexpr abs_fn abs{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::abs::derivative(N const& n) {
  return expr::sign(n.arg) * detail::derive<L>(n.arg);
}

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto abs(X const& x) noexcept {
  return expr::abs(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
