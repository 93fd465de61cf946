// ctgrad::expr::log and `log(x)`: the natural logarithm, its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/div.hpp>

namespace ctgrad::expr {

namespace op {
/// log x. Local derivative: 1 / x.
struct log {
  static constexpr std::string_view text = "log";
  static constexpr std::string_view symbol = "log";
  static constexpr detail::notation notation = detail::notation::call;
  static constexpr int precedence = detail::atom_precedence;

  template <Scalar S>
  [[nodiscard]] static S value(S x) noexcept { return detail::log(x); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S, S g) noexcept { return g / x; }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n);
};
}  // namespace op

/// `log(x)` as a function object. It takes expressions only, so plain numbers still go to the
/// standard library; unqualified `log(x)` on an expression finds it by argument-dependent lookup.
struct log_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    return detail::make_node<op::log>(x);
  }
};
inline constexpr log_fn log{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::log::derivative(N const& n) {
  return detail::derive<L>(n.arg) / n.arg;
}

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto log(X const& x) noexcept {
  return expr::log(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
