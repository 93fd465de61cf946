// ctgrad/simd/cross_entropy.hpp: softmax_cross_entropy<R, C>, the mean softmax cross-entropy of R rows of
// logits and its gradient, in one pass.
#pragma once

#include <ctgrad/simd/detail/elementwise.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>

namespace ctgrad::simd {
namespace detail {

template <std::size_t R, std::size_t C, class A>
struct softmax_cross_entropy_fn {
  template <Element T, std::integral I>
  T operator()(const T* logits, const I* targets, T* dlogits) const noexcept {
    using B = batch<T, A>;
    constexpr std::size_t w = width<T, A>;
    const B lowest(-std::numeric_limits<T>::infinity());
    std::size_t counted = 0;
    for (std::size_t r = 0; r < R; ++r) counted += targets[r] >= 0 ? 1 : 0;
    const T inv_rows = counted > 0 ? T(1) / static_cast<T>(counted) : T(0);
    // Lanes past C read as -inf: they do not move the maximum and their exponential is 0.
    const auto load = [](const T* p, auto lanes) { return load_n_lowest<A, decltype(lanes)::value>(p); };
    T loss = 0;
    for (std::size_t r = 0; r < R; ++r) {
      const T* l = logits + r * C;
      T* d = dlogits + r * C;
      if (targets[r] < 0) {
        std::fill(d, d + C, T(0));
        continue;
      }
      B top = lowest;
      for_each_register<A, T, C>([&](std::size_t i, auto lanes) { top = xsimd::max(top, load(l + i, lanes)); });
      alignas(alignment) T lanes_of_top[w];
      top.store_aligned(lanes_of_top);
      const T m = *std::max_element(lanes_of_top, lanes_of_top + w);
      // e_j = exp(l_j − m) ≤ 1: no overflow; the sum is ≥ 1: no log of 0.
      B sum(T(0));
      const B mv(m);
      for_each_register<A, T, C>([&](std::size_t i, auto lanes) {
        const B e = xsimd::exp(load(l + i, lanes) - mv);
        store_n<A, decltype(lanes)::value>(d + i, e);
        sum += e;
      });
      const T s = xsimd::hadd(sum);
      const auto t = static_cast<std::size_t>(targets[r]);
      // −log softmax_t = log Σ_j e^{l_j − m} + m − l_t.
      loss += std::log(s) + m - l[t];
      const B factor(inv_rows / s);
      for_each_register<A, T, C>([&](std::size_t i, auto lanes) {
        constexpr std::size_t n = decltype(lanes)::value;
        store_n<A, n>(d + i, load_n<A, n>(d + i) * factor);
      });
      d[t] -= inv_rows;
    }
    return loss * inv_rows;
  }
};

}  // namespace detail

/// softmax_cross_entropy<R, C>(logits, targets, dlogits) → loss, for R rows of C logits (row-major R×C) and
/// R class indices t_r in [0, C), or negative for a row that does not count (makemore's −1 after a word's end,
/// torch's `ignore_index=-1`): with N the rows that count,
///   loss = (1/N) Σ_r −log softmax(l_r)_{t_r},   dlogits_rj = (softmax(l_r)_j − [j = t_r]) / N,
/// and 0 for a row that does not count (no row counts: loss 0). Computed stably (the row maximum is subtracted
/// before exponentiating). dlogits is written, not added to.
/// Example: `float loss = ctgrad::simd::softmax_cross_entropy<32, 27>(logits.data(), ys.data(), dlogits.data());`
template <std::size_t R, std::size_t C, class Arch = xsimd::default_arch>
  requires(R > 0 && C > 0)
inline constexpr detail::softmax_cross_entropy_fn<R, C, Arch> softmax_cross_entropy{};

}  // namespace ctgrad::simd
