// ctgrad::expr::exp and `exp(x)`: the exponential, its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/mul.hpp>

namespace ctgrad::expr {

namespace op {
/// e**x. Local derivative: e**x (the output itself).
struct exp {
  static constexpr std::string_view text = "exp";
  static constexpr std::string_view symbol = "exp";
  static constexpr detail::notation notation = detail::notation::call;
  static constexpr int precedence = detail::atom_precedence;

  template <Scalar S>
  [[nodiscard]] static S value(S x) noexcept { return detail::exp(x); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S out, S g) noexcept { return g * out; }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n);
};
}  // namespace op

/// `exp(x)` as a function object. It takes expressions only, so plain numbers still go to the
/// standard library; unqualified `exp(x)` on an expression finds it by argument-dependent lookup.
struct exp_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    return detail::make_node<op::exp>(x);
  }
};
inline constexpr exp_fn exp{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::exp::derivative(N const& n) {
  return n * detail::derive<L>(n.arg);
}

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto exp(X const& x) noexcept {
  return expr::exp(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
