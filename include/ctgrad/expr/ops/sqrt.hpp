// ctgrad::expr::sqrt and `sqrt(x)`: the square root, its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/mul.hpp>
#include <ctgrad/expr/ops/div.hpp>

namespace ctgrad::expr {

namespace op {
/// sqrt x. Local derivative: 1 / (2 sqrt x) (from the output).
struct sqrt {
  static constexpr std::string_view text = "sqrt";
  static constexpr std::string_view symbol = "sqrt";
  static constexpr detail::notation notation = detail::notation::call;
  static constexpr int precedence = detail::atom_precedence;

  template <Scalar S>
  [[nodiscard]] static S value(S x) noexcept { return detail::sqrt(x); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S out, S g) noexcept { return g / (S(2) * out); }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n);
};
}  // namespace op

/// `sqrt(x)` as a function object. It takes expressions only, so plain numbers still go to the
/// standard library; unqualified `sqrt(x)` on an expression finds it by argument-dependent lookup.
struct sqrt_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    return detail::make_node<op::sqrt>(x);
  }
};
inline constexpr sqrt_fn sqrt{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::sqrt::derivative(N const& n) {
  return detail::derive<L>(n.arg) / (nodes::literal<2>{} * n);
}

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto sqrt(X const& x) noexcept {
  return expr::sqrt(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
