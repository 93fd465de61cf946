// ctgrad/simd/axpy.hpp: the element-wise vector updates axpy<N> (y += a x), scale<N> (x *= a), add<N> (y += x).
#pragma once

#include <ctgrad/simd/detail/elementwise.hpp>

#include <cstddef>

namespace ctgrad::simd {
namespace detail {

template <std::size_t N, class A>
struct axpy_fn {
  template <Element T>
  void operator()(T a, const T* x, T* y) const noexcept {
    const batch<T, A> av(a);
    for_each_register<A, T, N>([&](std::size_t i, auto lanes) {
      constexpr std::size_t n = decltype(lanes)::value;
      store_n<A, n>(y + i, xsimd::fma(av, load_n<A, n>(x + i), load_n<A, n>(y + i)));
    });
  }
};

template <std::size_t N, class A>
struct scale_fn {
  template <Element T>
  void operator()(T a, T* x) const noexcept {
    const batch<T, A> av(a);
    for_each_register<A, T, N>([&](std::size_t i, auto lanes) {
      constexpr std::size_t n = decltype(lanes)::value;
      store_n<A, n>(x + i, av * load_n<A, n>(x + i));
    });
  }
};

template <std::size_t N, class A>
struct add_fn {
  template <Element T>
  void operator()(const T* x, T* y) const noexcept {
    for_each_register<A, T, N>([&](std::size_t i, auto lanes) {
      constexpr std::size_t n = decltype(lanes)::value;
      store_n<A, n>(y + i, load_n<A, n>(x + i) + load_n<A, n>(y + i));
    });
  }
};

}  // namespace detail

/// axpy<N>(a, x, y): y_i += a·x_i for i < N (one fused multiply-add per element).
/// Example: `ctgrad::simd::axpy<6000>(-0.1f, grad.data(), weights.data());  // an SGD step`
template <std::size_t N, class Arch = xsimd::default_arch>
  requires(N > 0)
inline constexpr detail::axpy_fn<N, Arch> axpy{};

/// scale<N>(a, x): x_i *= a for i < N.
/// Example: `ctgrad::simd::scale<27>(1.0f / 32, dlogits.data());`
template <std::size_t N, class Arch = xsimd::default_arch>
  requires(N > 0)
inline constexpr detail::scale_fn<N, Arch> scale{};

/// add<N>(x, y): y_i += x_i for i < N.
/// Example: `ctgrad::simd::add<200>(db_batch.data(), db.data());`
template <std::size_t N, class Arch = xsimd::default_arch>
  requires(N > 0)
inline constexpr detail::add_fn<N, Arch> add{};

}  // namespace ctgrad::simd
