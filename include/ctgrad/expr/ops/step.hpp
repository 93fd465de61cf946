// ctgrad::expr::step and `step(x)`: the unit step (the derivative of relu), its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>

namespace ctgrad::expr {

namespace op {
/// 1 where x > 0, else 0. Local derivative: 0.
struct step {
  static constexpr std::string_view text = "step";
  static constexpr std::string_view symbol = "step";
  static constexpr detail::notation notation = detail::notation::call;
  static constexpr int precedence = detail::atom_precedence;

  template <Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::where_positive(x, S(1), S(0)); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S, S) noexcept { return S(0); }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const&);
};
}  // namespace op

/// `step(x)` as a function object. It takes expressions only, so plain numbers still go to the
/// standard library; unqualified `step(x)` on an expression finds it by argument-dependent lookup.
struct step_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    return detail::make_node<op::step>(x);
  }
};
inline constexpr step_fn step{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::step::derivative(N const&) {
  return nodes::literal<0>{};
}

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto step(X const& x) noexcept {
  return expr::step(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
