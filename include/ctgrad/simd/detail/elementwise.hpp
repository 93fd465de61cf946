// ctgrad/simd/detail/elementwise.hpp (private): the loop of the element-wise kernels, full registers then
// one partial register for the scalar tail.
#pragma once

#include <ctgrad/simd/detail/lanes.hpp>

#include <cstddef>
#include <type_traits>

namespace ctgrad::simd::detail {

/// Calls f(i, lanes) for each register of an N-element array: i is the first element, lanes an
/// std::integral_constant (the width, or the tail's length for the last register when N % width != 0).
/// f loads and stores with load_n<A, lanes> / store_n<A, lanes>, which never touch elements past N.
template <class A, Element T, std::size_t N, class F>
inline void for_each_register(F&& f) {
  constexpr std::size_t w = width<T, A>;
  constexpr std::size_t full = N / w * w;
  for (std::size_t i = 0; i < full; i += w) f(i, std::integral_constant<std::size_t, w>{});
  if constexpr (N > full) f(full, std::integral_constant<std::size_t, N - full>{});
}

}  // namespace ctgrad::simd::detail
