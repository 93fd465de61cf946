// ctgrad::expr::sigmoid and `sigmoid(x)`: the logistic sigmoid, its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/mul.hpp>
#include <ctgrad/expr/ops/sub.hpp>

namespace ctgrad::expr {

namespace op {
/// 1 / (1 + e**-x). Local derivative: s (1 - s), s the output.
struct sigmoid {
  static constexpr std::string_view text = "sigmoid";
  static constexpr std::string_view symbol = "sigmoid";
  static constexpr detail::notation notation = detail::notation::call;
  static constexpr int precedence = detail::atom_precedence;

  template <Scalar S>
  [[nodiscard]] static S value(S x) noexcept { return S(1) / (S(1) + detail::exp(-x)); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S out, S g) noexcept { return g * out * (S(1) - out); }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n);
};
}  // namespace op

/// `sigmoid(x)` as a function object. It takes expressions only, so plain numbers still go to the
/// standard library; unqualified `sigmoid(x)` on an expression finds it by argument-dependent lookup.
struct sigmoid_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    return detail::make_node<op::sigmoid>(x);
  }
};
inline constexpr sigmoid_fn sigmoid{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::sigmoid::derivative(N const& n) {
  return n * (nodes::literal<1>{} - n) * detail::derive<L>(n.arg);
}

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto sigmoid(X const& x) noexcept {
  return expr::sigmoid(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
