// ctgrad::expr::tanh and `tanh(x)`: the hyperbolic tangent, its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/mul.hpp>
#include <ctgrad/expr/ops/sub.hpp>
#include <ctgrad/expr/ops/ipow.hpp>

namespace ctgrad::expr {

namespace op {
/// tanh x. Local derivative: 1 - tanh(x)**2 (from the output).
struct tanh {
  static constexpr std::string_view text = "tanh";
  static constexpr std::string_view symbol = "tanh";
  static constexpr detail::notation notation = detail::notation::call;
  static constexpr int precedence = detail::atom_precedence;

  template <Scalar S>
  [[nodiscard]] static S value(S x) noexcept { return detail::tanh(x); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S out, S g) noexcept { return g * (S(1) - out * out); }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n);
};
}  // namespace op

/// `tanh(x)` as a function object. It takes expressions only, so plain numbers still go to the
/// standard library; unqualified `tanh(x)` on an expression finds it by argument-dependent lookup.
struct tanh_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    return detail::make_node<op::tanh>(x);
  }
};
inline constexpr tanh_fn tanh{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::tanh::derivative(N const& n) {
  return (nodes::literal<1>{} - expr::ipow<2>(n)) * detail::derive<L>(n.arg);
}

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto tanh(X const& x) noexcept {
  return expr::tanh(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
