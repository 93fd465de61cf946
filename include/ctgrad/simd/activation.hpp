// ctgrad/simd/activation.hpp: element-wise activations and their backward rules: tanh_forward,
// tanh_backward, relu_forward, relu_backward.
#pragma once

#include <ctgrad/simd/detail/elementwise.hpp>
#include <ctgrad/simd/detail/tanh.hpp>

#include <cmath>
#include <cstddef>

namespace ctgrad::simd {
namespace detail {

template <std::size_t N, class A>
struct tanh_forward_fn {
  template <Element T>
  void operator()(const T* x, T* y) const noexcept {
    if constexpr (N == 1) {
      // One element (a neuron's output): libm's scalar tanh has a shorter dependency chain than a
      // register's polynomial and division; measured: neuron_64 24 ns against 49 ns.
      *y = std::tanh(*x);
    } else {
      for_each_register<A, T, N>([&](std::size_t i, auto lanes) {
        constexpr std::size_t n = decltype(lanes)::value;
        store_n<A, n>(y + i, detail::tanh_lanes(load_n<A, n>(x + i)));
      });
    }
  }
};

template <std::size_t N, class A>
struct tanh_backward_fn {
  template <Element T>
  void operator()(const T* y, const T* dy, T* dx) const noexcept {
    const batch<T, A> one(T(1));
    for_each_register<A, T, N>([&](std::size_t i, auto lanes) {
      constexpr std::size_t n = decltype(lanes)::value;
      const auto yi = load_n<A, n>(y + i);
      store_n<A, n>(dx + i, xsimd::fnma(yi, yi, one) * load_n<A, n>(dy + i));
    });
  }
};

template <std::size_t N, class A>
struct relu_forward_fn {
  template <Element T>
  void operator()(const T* x, T* y) const noexcept {
    const batch<T, A> zero(T(0));
    for_each_register<A, T, N>([&](std::size_t i, auto lanes) {
      constexpr std::size_t n = decltype(lanes)::value;
      store_n<A, n>(y + i, xsimd::max(load_n<A, n>(x + i), zero));
    });
  }
};

template <std::size_t N, class A>
struct relu_backward_fn {
  template <Element T>
  void operator()(const T* y, const T* dy, T* dx) const noexcept {
    const batch<T, A> zero(T(0));
    for_each_register<A, T, N>([&](std::size_t i, auto lanes) {
      constexpr std::size_t n = decltype(lanes)::value;
      store_n<A, n>(dx + i, xsimd::select(load_n<A, n>(y + i) > zero, load_n<A, n>(dy + i), zero));
    });
  }
};

}  // namespace detail

/// tanh of every lane of one register, the function tanh_forward applies: in double ctgrad's own (one
/// division, no branch, within 3 ulp; see ctgrad/simd/detail/tanh.hpp), in float xsimd's.
/// Example: `auto h = ctgrad::simd::tanh(xsimd::batch<double>(0.5));`
template <Element T, class A>
CTGRAD_INLINE xsimd::batch<T, A> tanh(xsimd::batch<T, A> x) noexcept {
  return detail::tanh_lanes(x);
}

/// tanh_forward<N>(x, y): y_i = tanh(x_i) for i < N (x and y may be the same array); simd::tanh a register
/// at a time, std::tanh when N = 1.
/// Example: `ctgrad::simd::tanh_forward<32 * 200>(pre.data(), h.data());`
template <std::size_t N, class Arch = xsimd::default_arch>
  requires(N > 0)
inline constexpr detail::tanh_forward_fn<N, Arch> tanh_forward{};

/// tanh_backward<N>(y, dy, dx): dx_i = (1 − y_i²)·dy_i, the gradient through y = tanh(x) given y.
/// Example: `ctgrad::simd::tanh_backward<32 * 200>(h.data(), dh.data(), dpre.data());`
template <std::size_t N, class Arch = xsimd::default_arch>
  requires(N > 0)
inline constexpr detail::tanh_backward_fn<N, Arch> tanh_backward{};

/// relu_forward<N>(x, y): y_i = max(x_i, 0).
/// Example: `ctgrad::simd::relu_forward<64>(pre.data(), h.data());`
template <std::size_t N, class Arch = xsimd::default_arch>
  requires(N > 0)
inline constexpr detail::relu_forward_fn<N, Arch> relu_forward{};

/// relu_backward<N>(y, dy, dx): dx_i = dy_i if y_i > 0 else 0 (micrograd's rule: no gradient at 0), where
/// y is the ReLU's output (its input gives the same result).
/// Example: `ctgrad::simd::relu_backward<64>(h.data(), dh.data(), dpre.data());`
template <std::size_t N, class Arch = xsimd::default_arch>
  requires(N > 0)
inline constexpr detail::relu_backward_fn<N, Arch> relu_backward{};

}  // namespace ctgrad::simd
