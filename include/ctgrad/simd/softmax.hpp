// ctgrad/simd/softmax.hpp: softmax_prefix<N>, the softmax of the first n numbers of a row of N, in place (a row of
// causal attention weights: a position and the positions before it).
#pragma once

#include <ctgrad/simd/detail/elementwise.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>

namespace ctgrad::simd {
namespace detail {

template <std::size_t N, class A>
struct softmax_prefix_fn {
  template <Element T>
  void operator()(T* x, std::size_t n) const noexcept {
    using B = batch<T, A>;
    // The numbers from n on become −∞: their exponential is 0, and the row is one register loop.
    std::fill(x + n, x + N, -std::numeric_limits<T>::infinity());
    const B top(*std::max_element(x, x + n));
    B sum(T(0));
    for_each_register<A, T, N>([&](std::size_t i, auto lanes) {
      constexpr std::size_t k = decltype(lanes)::value;
      const B e = xsimd::exp(load_n_lowest<A, k>(x + i) - top);
      store_n<A, k>(x + i, e);
      sum += e;
    });
    const B inv(T(1) / xsimd::hadd(sum));
    for_each_register<A, T, N>([&](std::size_t i, auto lanes) {
      constexpr std::size_t k = decltype(lanes)::value;
      store_n<A, k>(x + i, load_n<A, k>(x + i) * inv);
    });
  }
};

}  // namespace detail

/// softmax_prefix<N>(x, n), 1 ≤ n ≤ N, in place: x[j] = exp(x[j] − m) / Σ_{k<n} exp(x[k] − m) for j < n, m the
/// largest of them (no overflow), and x[j] = 0 for n ≤ j < N.
/// Example: `ctgrad::simd::softmax_prefix<16>(scores.data(), t + 1);`   // position t's attention weights
template <std::size_t N, class Arch = xsimd::default_arch>
  requires(N > 0)
inline constexpr detail::softmax_prefix_fn<N, Arch> softmax_prefix{};

}  // namespace ctgrad::simd
