// ctgrad::sum<N>, fold<N>, logsumexp<N> (compile-time loops) and sum, dot, squared_norm, norm, logsumexp of vectors.
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctgrad/expr/leaf.hpp>
#include <ctgrad/expr/loop.hpp>
#include <ctgrad/expr/node.hpp>
#include <ctgrad/expr/ops.hpp>

namespace ctgrad::expr {

// The loops run at compile time: their body gets the index as a type (`std::integral_constant`, like
// `idx<I>`), so `x[i]` names element i of a vector variable and the result is one expression. They work on
// anything the body returns (expressions, tape values, plain numbers), so one generic function serves all three.

namespace detail {
/// The sum of `f(idx<I>)` for I in [First, First + N), as a balanced tree (depth log N: shallow types, and
/// the rounding of a pairwise sum).
template <std::size_t First, std::size_t N, class F>
constexpr auto sum_range(F const& f) {
  if constexpr (N == 1) return f(idx<First>);
  else return sum_range<First, N / 2>(f) + sum_range<First + N / 2, N - N / 2>(f);
}

template <std::size_t First, std::size_t N, class F>
constexpr auto max_range(F const& f) {
  if constexpr (N == 1) return f(idx<First>);
  else return math::max(max_range<First, N / 2>(f), max_range<First + N / 2, N - N / 2>(f));
}

template <std::size_t I, std::size_t N, class Acc, class F>
constexpr auto fold_from(Acc const& acc, F const& f) {
  if constexpr (I == N) return acc;
  else return fold_from<I + 1, N>(f(acc, idx<I>), f);
}

/// A vector variable or vector data (`var<"x", N>`, `data<"x", N>`).
template <class V>
inline constexpr bool is_vector_v = false;
template <ctgrad::detail::fixed_string L, std::size_t N>
inline constexpr bool is_vector_v<nodes::vector_variable<L, N>> = true;
template <ctgrad::detail::fixed_string L, std::size_t N>
inline constexpr bool is_vector_v<nodes::vector_data<L, N>> = true;
}  // namespace detail

namespace detail {
template <class F, std::size_t... I>
auto loop_form_of(std::index_sequence<I...>) -> loop_form<std::remove_cvref_t<decltype(std::declval<F const&>()(idx<I>))>...>;
}  // namespace detail

/// `f(idx<0>) + f(idx<1>) + ... + f(idx<N-1>)`: `sum<8>([&](auto i) { return square(x[i]); })`. When the terms are
/// one pattern whose vector elements move with i (x[i], x[2i + 1], mu[10k + i]), the sum is one node computed on
/// the lanes of SIMD batches (`loop_sum`, see loop.hpp); otherwise (and for numbers and tape values) the terms
/// are summed pairwise.
template <std::size_t N, class F>
  requires(N > 0)
[[nodiscard]] constexpr auto sum(F const& f) {
  using form = decltype(detail::loop_form_of<F>(std::make_index_sequence<N>{}));
  if constexpr (form::ok) return nodes::loop_sum<typename form::pattern::type, N>{};
  else return detail::sum_range<0, N>(f);
}

/// `f(...f(f(init, idx<0>), idx<1>)..., idx<N-1>)`: a left fold, for recurrences such as Horner's
/// scheme: `fold<20>(c[idx<20>], [](auto p, auto i) { return p * x + c[idx<19 - i>]; })`.
template <std::size_t N, class Init, class F>
[[nodiscard]] constexpr auto fold(Init const& init, F const& f) {
  return detail::fold_from<0, N>(init, f);
}

/// log(exp(f(idx<0>)) + ... + exp(f(idx<N-1>))), computed stably as m + log(sum exp(f(i) - m)) with m the
/// largest term, held constant for differentiation (`detach`): the result does not depend on m, so its
/// gradient is the softmax of the terms either way.
template <std::size_t N, class F>
  requires(N > 0)
[[nodiscard]] constexpr auto logsumexp(F const& f) {
  // each term once (on the tape, a second call would record it again)
  auto const terms = [&]<std::size_t... I>(std::index_sequence<I...>) { return std::tuple{f(idx<I>)...}; }(std::make_index_sequence<N>{});
  auto const term = [&](auto i) -> auto const& { return std::get<decltype(i)::value>(terms); };
  auto const m = math::detach(detail::max_range<0, N>(term));
  return m + math::log(detail::sum_range<0, N>([&](auto i) { return math::exp(term(i) - m); }));
}

/// The sum of the elements of the vector variable (or data) `x`.
template <class V>
  requires detail::is_vector_v<V>
[[nodiscard]] constexpr auto sum(V const& x) {
  return expr::sum<V::size>([&](auto i) { return x[i]; });
}

/// `x[0] y[0] + ... + x[N-1] y[N-1]` for two vectors of one size.
template <class V, class W>
  requires detail::is_vector_v<V> && detail::is_vector_v<W>
[[nodiscard]] constexpr auto dot(V const& x, W const& y) {
  static_assert(V::size == W::size, "ctgrad::dot(x, y): x and y must have the same number of elements");
  return expr::sum<V::size>([&](auto i) { return x[i] * y[i]; });
}

/// `x[0]**2 + ... + x[N-1]**2`.
template <class V>
  requires detail::is_vector_v<V>
[[nodiscard]] constexpr auto squared_norm(V const& x) {
  return expr::sum<V::size>([&](auto i) { return math::square(x[i]); });
}

/// `sqrt(squared_norm(x))`, the Euclidean norm; its gradient x / norm(x) is NaN at x = 0, as sqrt's is infinite there.
template <class V>
  requires detail::is_vector_v<V>
[[nodiscard]] constexpr auto norm(V const& x) {
  return math::sqrt(expr::squared_norm(x));
}

/// `log(exp(x[0]) + ... + exp(x[N-1]))`, computed stably (see `logsumexp<N>(f)`).
template <class V>
  requires detail::is_vector_v<V>
[[nodiscard]] constexpr auto logsumexp(V const& x) {
  return expr::logsumexp<V::size>([&](auto i) { return x[i]; });
}

}  // namespace ctgrad::expr
