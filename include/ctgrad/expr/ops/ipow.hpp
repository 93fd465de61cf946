// ctgrad::expr::ipow<N> and `pow<N>(x)`: a compile-time integer power, its rules and simplifications.
#pragma once

#include <array>
#include <string_view>

#include <ctgrad/detail/expr_math.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/mul.hpp>

namespace ctgrad::expr {

namespace detail {
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
}  // namespace detail

namespace op {
/// x**N for a compile-time integer N. Local derivative: N x**(N-1). Computed by repeated squaring.
template <int N>
struct ipow {
  static constexpr std::string_view text{detail::power_text<N>.data()};
  static constexpr std::string_view symbol = text;
  static constexpr detail::notation notation = detail::notation::power;
  static constexpr int precedence = 4;
  static constexpr int exponent = N;

  template <Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::ipow<N>(x); }
  template <Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S, S g) noexcept {
    return g * detail::broadcast<S>(N) * detail::ipow<N - 1>(x);
  }
  template <ctgrad::detail::fixed_string L, class Node>
  [[nodiscard]] static constexpr auto derivative(Node const& n);
};
}  // namespace op

namespace detail {
template <class E>
inline constexpr bool is_ipow_v = false;
template <int M, class X>
inline constexpr bool is_ipow_v<nodes::node<op::ipow<M>, X>> = true;

[[nodiscard]] constexpr long long literal_power(long long base, int n) noexcept {
  long long r = 1;
  for (int i = 0; i < n; ++i) r *= base;
  return r;
}
}  // namespace detail

/// `x**N` for a compile-time integer `N` as a function object: `ipow<3>(x)` (unqualified, `pow<3>(x)`
/// is found by argument-dependent lookup). Folds `x**0 -> 1`, `x**1 -> x`, `(x**M)**N -> x**(M*N)`
/// and numeric leaves.
template <int N>
struct ipow_fn {
  template <Expression X>
  [[nodiscard]] constexpr auto operator()(X const& x) const noexcept {
    if constexpr (N == 0) return nodes::literal<1>{};
    else if constexpr (N == 1) return x;
    else if constexpr (detail::is_literal_v<X> && N > 0) return nodes::literal<detail::literal_power(X::value, N)>{};
    else if constexpr (detail::is_constant_v<X>) return nodes::constant{detail::ipow<N>(x.value)};
    else if constexpr (detail::is_ipow_v<X>) return ipow_fn<N * detail::op_t<X>::exponent>{}(x.arg);
    else return detail::make_node<op::ipow<N>>(x);
  }
};
template <int N>
inline constexpr ipow_fn<N> ipow{};

template <int N>
template <ctgrad::detail::fixed_string L, class Node>
constexpr auto op::ipow<N>::derivative(Node const& n) {
  return nodes::literal<N>{} * expr::ipow<N - 1>(n.arg) * detail::derive<L>(n.arg);
}

namespace nodes {
/// `pow<3>(x)`: see `ctgrad::expr::ipow`.
template <int N, Expression X>
[[nodiscard]] constexpr auto pow(X const& x) noexcept {
  return expr::ipow<N>(x);
}
}  // namespace nodes

}  // namespace ctgrad::expr
