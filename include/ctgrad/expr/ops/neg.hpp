// ctgrad::expr::negate and `-x`: negation, its rules and its simplifications (-(-x) -> x).
#pragma once

#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>

namespace ctgrad::expr {

namespace op {
/// -x. Local derivative: -1.
struct neg {
  static constexpr std::string_view text = "neg";
  static constexpr std::string_view symbol = "-";
  static constexpr detail::notation notation = detail::notation::prefix;
  static constexpr int precedence = 3;

  template <Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return -x; }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S, S g) noexcept { return -g; }
  template <ctgrad::detail::fixed_string L, class N>
  [[nodiscard]] static constexpr auto derivative(N const& n);
};
}  // namespace op

/// `-x` as a function object; folds `-(-x) -> x` and numeric leaves.
struct negate_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    if constexpr (detail::is_literal_v<X>) return nodes::literal<-X::value>{};
    else if constexpr (detail::is_constant_v<X>) return nodes::constant{-x.value};
    else if constexpr (requires { requires std::is_same_v<detail::op_t<X>, op::neg>; }) return x.arg;
    else return detail::make_node<op::neg>(x);
  }
};
inline constexpr negate_fn negate{};

template <ctgrad::detail::fixed_string L, class N>
constexpr auto op::neg::derivative(N const& n) {
  return expr::negate(detail::derive<L>(n.arg));
}

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto operator-(X const& x) noexcept {
  return expr::negate(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
