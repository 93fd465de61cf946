// ctgrad/simd/ger.hpp: ger<M, N>, the rank-one update A += α x yᵀ.
#pragma once

#include <ctgrad/simd/detail/elementwise.hpp>

#include <cstddef>

namespace ctgrad::simd {
namespace detail {

template <std::size_t M, std::size_t N, class A>
struct ger_fn {
  template <Element T>
  void operator()(T alpha, const T* x, const T* y, T* a) const noexcept {
    for (std::size_t i = 0; i < M; ++i) {
      const batch<T, A> s(alpha * x[i]);
      T* row = a + i * N;
      for_each_register<A, T, N>([&](std::size_t j, auto lanes) {
        constexpr std::size_t n = decltype(lanes)::value;
        store_n<A, n>(row + j, xsimd::fma(s, load_n<A, n>(y + j), load_n<A, n>(row + j)));
      });
    }
  }
};

}  // namespace detail

/// ger<M, N>(alpha, x, y, a): A += α x yᵀ, i.e. A_ij += α x_i y_j, with A: M×N row-major, x: M, y: N.
/// Example: `ctgrad::simd::ger<30, 200>(1.0f, x.data(), dy.data(), dw.data());  // dW += x dyᵀ, one sample`
template <std::size_t M, std::size_t N, class Arch = xsimd::default_arch>
  requires(M > 0 && N > 0)
inline constexpr detail::ger_fn<M, N, Arch> ger{};

}  // namespace ctgrad::simd
