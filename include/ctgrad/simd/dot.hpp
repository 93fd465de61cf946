// ctgrad/simd/dot.hpp: dot<N>, the inner product of two vectors of compile-time length.
#pragma once

#include <ctgrad/simd/detail/lanes.hpp>

#include <cstddef>

namespace ctgrad::simd {
namespace detail {

template <std::size_t N, class A>
struct dot_fn {
  template <Element T>
  T operator()(const T* x, const T* y) const noexcept {
    using B = batch<T, A>;
    constexpr std::size_t w = width<T, A>;
    constexpr std::size_t full = N / w * w;
    // Four independent sums hide the latency of the fused multiply-add.
    B acc[4] = {B(T(0)), B(T(0)), B(T(0)), B(T(0))};
    std::size_t i = 0;
    for (; i + 4 * w <= full; i += 4 * w) {
      static_for<4>([&](auto u) {
        acc[u] = xsimd::fma(B::load_unaligned(x + i + u * w), B::load_unaligned(y + i + u * w), acc[u]);
      });
    }
    for (; i < full; i += w) acc[0] = xsimd::fma(B::load_unaligned(x + i), B::load_unaligned(y + i), acc[0]);
    if constexpr (N > full) acc[1] = xsimd::fma(load_n<A, N - full>(x + full), load_n<A, N - full>(y + full), acc[1]);
    return xsimd::hadd((acc[0] + acc[1]) + (acc[2] + acc[3]));
  }
};

}  // namespace detail

/// dot<N>(x, y) = Σ_{i<N} x_i y_i, for x, y of N elements (float or double).
/// Example: `float s = ctgrad::simd::dot<30>(x.data(), y.data());`
template <std::size_t N, class Arch = xsimd::default_arch>
  requires(N > 0)
inline constexpr detail::dot_fn<N, Arch> dot{};

}  // namespace ctgrad::simd
