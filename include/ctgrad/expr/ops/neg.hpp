// ctgrad::op::neg and `-x`: negation, its rules and its simplifications (-(-x) -> x).
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// -x. Local derivative: -1.
struct neg {
  static constexpr std::string_view name = "neg";
  static constexpr std::string_view symbol = "-";
  static constexpr ctgrad::notation notation = ctgrad::notation::prefix;
  static constexpr int precedence = 3;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return -x; }
  template <std::size_t, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S, S g) noexcept { return -g; }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Out const&) { return expr::lit<-1>; }
};
}  // namespace op

namespace expr {

/// `-x` as a function object; folds `-(-x) -> x` and numeric leaves.
struct negate_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    if constexpr (detail::is_literal_v<X>) return detail::make_literal<-X::numerator, X::denominator>();
    else if constexpr (detail::is_constant_v<X>) return nodes::constant{-x.value};
    else if constexpr (requires { requires std::is_same_v<detail::op_t<X>, op::neg>; }) return x.arg;
    else return detail::make_node<op::neg>(x);
  }
};
inline constexpr negate_fn negate{};

namespace nodes {
template <Expression X>
[[nodiscard]] constexpr auto operator-(X const& x) noexcept {
  return expr::negate(x);
}
}  // namespace nodes

}  // namespace expr

}  // namespace ctgrad
