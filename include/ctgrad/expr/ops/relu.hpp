// ctgrad::expr::relu and `relu(x)`: the rectifier, its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/mul.hpp>
#include <ctgrad/expr/ops/step.hpp>

namespace ctgrad::expr {

namespace op {
/// max(x, 0), micrograd's ReLU. Local derivative: 1 where x > 0, else 0.
struct relu {
  static constexpr std::string_view text = "ReLU";
  static constexpr std::string_view symbol = "relu";
  static constexpr detail::notation notation = detail::notation::call;
  static constexpr int precedence = detail::atom_precedence;

  template <Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::where_positive(x, x, S(0)); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S, S g) noexcept { return detail::where_positive(x, g, S(0)); }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n);
};
}  // namespace op

/// `relu(x)` as a function object. It takes expressions only, so plain numbers still go to the
/// standard library; unqualified `relu(x)` on an expression finds it by argument-dependent lookup.
struct relu_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    return detail::make_node<op::relu>(x);
  }
};
inline constexpr relu_fn relu{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::relu::derivative(N const& n) {
  return expr::step(n.arg) * detail::derive<L>(n.arg);
}

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto relu(X const& x) noexcept {
  return expr::relu(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
