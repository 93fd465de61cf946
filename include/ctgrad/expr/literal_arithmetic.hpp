// `lit<n, d>` beside what is not an expression: the number n / d in that operand's arithmetic (+ - * / and the
// comparisons), so one generic function serves the static graph, the tape, plain numbers and batches.
#pragma once

#include <type_traits>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/leaf.hpp>

namespace ctgrad::expr {

namespace detail {
/// Takes part in arithmetic with a double: a plain number, an xsimd batch, a tape value.
template <class T>
concept number_like = !Expression<T> && requires(T const& t, double d) {
  t + d;
  d * t;
};

/// The literal `N / D` in the arithmetic of `T`: in `T` itself for a floating type, in the element type for a
/// batch, else `double`.
template <long long N, long long D, class T>
[[nodiscard]] constexpr auto literal_as() noexcept {
  if constexpr (std::is_floating_point_v<T>) return ctgrad::detail::numeric::rational<T>(N, D);
  else if constexpr (is_batch<T>::value) return ctgrad::detail::numeric::rational<typename T::value_type>(N, D);
  else return ctgrad::detail::numeric::rational<double>(N, D);
}
}  // namespace detail

namespace nodes {
// Beside an expression, a literal is a node (part of the type); beside anything else, it is that thing's number:
// `lit<100> * square(b - square(a))` is an expression when a, b are variables, a double when they are doubles,
// a tape value when they are tape values.
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator+(literal<N, D>, T const& t) { return detail::literal_as<N, D, T>() + t; }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator+(T const& t, literal<N, D>) { return t + detail::literal_as<N, D, T>(); }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator-(literal<N, D>, T const& t) { return detail::literal_as<N, D, T>() - t; }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator-(T const& t, literal<N, D>) { return t - detail::literal_as<N, D, T>(); }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator*(literal<N, D>, T const& t) { return detail::literal_as<N, D, T>() * t; }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator*(T const& t, literal<N, D>) { return t * detail::literal_as<N, D, T>(); }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator/(literal<N, D>, T const& t) { return detail::literal_as<N, D, T>() / t; }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator/(T const& t, literal<N, D>) { return t / detail::literal_as<N, D, T>(); }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator<(literal<N, D>, T const& t) { return detail::literal_as<N, D, T>() < t; }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator<(T const& t, literal<N, D>) { return t < detail::literal_as<N, D, T>(); }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator<=(literal<N, D>, T const& t) { return detail::literal_as<N, D, T>() <= t; }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator<=(T const& t, literal<N, D>) { return t <= detail::literal_as<N, D, T>(); }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator>(literal<N, D>, T const& t) { return detail::literal_as<N, D, T>() > t; }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator>(T const& t, literal<N, D>) { return t > detail::literal_as<N, D, T>(); }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator>=(literal<N, D>, T const& t) { return detail::literal_as<N, D, T>() >= t; }
template <long long N, long long D, detail::number_like T>
[[nodiscard]] constexpr auto operator>=(T const& t, literal<N, D>) { return t >= detail::literal_as<N, D, T>(); }
}  // namespace nodes

}  // namespace ctgrad::expr
