// ctgrad::math::pow<N> and square: a compile-time integer power, its rules and simplifications.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/fwd.hpp>
#include <ctgrad/expr/ops/mul.hpp>

namespace ctgrad {

namespace expr::detail {
/// "**N" as static text, for the op's micrograd name.
template <int N>
inline constexpr auto power_text = [] {
  std::array<char, 16> text{'*', '*'};
  std::size_t at = 2;
  long long m = N < 0 ? -static_cast<long long>(N) : N;
  if (N < 0) text[at++] = '-';
  char digits[12]{};
  std::size_t count = 0;
  do {
    digits[count++] = static_cast<char>('0' + m % 10);
    m /= 10;
  } while (m != 0);
  while (count != 0) text[at++] = digits[--count];
  return text;
}();
}  // namespace expr::detail

namespace op {
/// x**N for a compile-time integer N, by repeated squaring (exact products, as fast as written out).
/// Local derivative: N x**(N-1).
template <int N>
struct ipow {
  static constexpr std::string_view name{expr::detail::power_text<N>.data()};
  static constexpr ctgrad::notation notation = ctgrad::notation::power;
  static constexpr int precedence = 4;
  static constexpr int exponent = N;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::ipow<N>(x); }
  template <std::size_t, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S, S g) noexcept {
    return g * detail::numeric::broadcast<S>(N) * detail::numeric::ipow<N - 1>(x);
  }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) {
    return expr::lit<N> * math::pow<N - 1>(x);
  }
};
}  // namespace op

namespace expr::detail {
template <class E>
inline constexpr bool is_ipow_v = false;
template <int M, class X>
inline constexpr bool is_ipow_v<nodes::node<op::ipow<M>, X>> = true;

template <int N, long long Num, long long Den>
consteval auto literal_power(nodes::literal<Num, Den>) noexcept {
  long long n = 1;
  long long d = 1;
  for (int i = 0; i < (N < 0 ? -N : N); ++i) {
    n *= Num;
    d *= Den;
  }
  if constexpr (N < 0) return std::array<long long, 2>{d, n};
  else return std::array<long long, 2>{n, d};
}

/// `x**N` of an expression, folding `x**0 -> 1`, `x**1 -> x`, `(x**M)**N -> x**(M*N)` and numeric leaves.
template <int N, Expression X>
[[nodiscard]] constexpr auto ipow_expression(X const& x) noexcept {
  if constexpr (N == 0) {
    return nodes::literal<1>{};
  } else if constexpr (N == 1) {
    return x;
  } else if constexpr (is_literal_v<X>) {
    static_assert(N > 0 || X::numerator != 0, "ctgrad::pow<N>(x): 0 to a negative power");
    constexpr auto q = literal_power<N>(X{});
    return make_literal<q[0], q[1]>();
  } else if constexpr (is_constant_v<X>) {
    return nodes::constant{ctgrad::detail::numeric::ipow<N>(x.value)};
  } else if constexpr (is_ipow_v<X>) {
    return ipow_expression<N * op_t<X>::exponent>(x.arg);
  } else {
    return make_node<op::ipow<N>>(x);
  }
}
}  // namespace expr::detail

namespace math {
/// `x**N` for a compile-time integer `N`: `pow<3>(x)`, of a number, an xsimd batch, an expression or a tape value.
template <int N, class X>
  requires applicable<op::ipow<N>, X>
constexpr auto pow(X const& x) {
  if constexpr (expr::Expression<X>) return expr::detail::ipow_expression<N>(x);
  else return function<op::ipow<N>>{}(x);
}

/// `x**2`: `pow<2>(x)`.
template <class X>
  requires applicable<op::ipow<2>, X>
constexpr auto square(X const& x) {
  return math::pow<2>(x);
}
}  // namespace math

}  // namespace ctgrad
