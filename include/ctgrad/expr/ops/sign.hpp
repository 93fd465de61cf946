// ctgrad::expr::sign and `sign(x)`: the sign (the derivative of abs), its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>

namespace ctgrad::expr {

namespace op {
/// 1 where x > 0, -1 where x < 0, else 0. Local derivative: 0.
struct sign {
  static constexpr std::string_view text = "sign";
  static constexpr std::string_view symbol = "sign";
  static constexpr detail::notation notation = detail::notation::call;
  static constexpr int precedence = detail::atom_precedence;

  template <Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::where_positive(x, S(1), detail::where_negative(x, S(-1), S(0))); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S, S) noexcept { return S(0); }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const&);
};
}  // namespace op

/// `sign(x)` as a function object. It takes expressions only, so plain numbers still go to the
/// standard library; unqualified `sign(x)` on an expression finds it by argument-dependent lookup.
struct sign_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    return detail::make_node<op::sign>(x);
  }
};
inline constexpr sign_fn sign{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::sign::derivative(N const&) {
  return nodes::literal<0>{};
}

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto sign(X const& x) noexcept {
  return expr::sign(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
