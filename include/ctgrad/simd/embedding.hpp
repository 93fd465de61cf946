// ctgrad/simd/embedding.hpp: gather_rows (an embedding lookup) and scatter_add_rows (its gradient).
#pragma once

#include <ctgrad/simd/detail/elementwise.hpp>

#include <concepts>
#include <cstddef>

namespace ctgrad::simd {
namespace detail {

template <std::size_t V, std::size_t D, std::size_t Count, class A>
struct gather_rows_fn {
  template <Element T, std::integral I>
  void operator()(const T* table, const I* index, T* out) const noexcept {
    for (std::size_t i = 0; i < Count; ++i) {
      const T* row = table + static_cast<std::size_t>(index[i]) * D;
      for_each_register<A, T, D>([&](std::size_t j, auto lanes) {
        constexpr std::size_t n = decltype(lanes)::value;
        store_n<A, n>(out + i * D + j, load_n<A, n>(row + j));
      });
    }
  }
};

template <std::size_t V, std::size_t D, std::size_t Count, class A>
struct scatter_add_rows_fn {
  template <Element T, std::integral I>
  void operator()(const T* rows, const I* index, T* table) const noexcept {
    // In index order, so an index that repeats receives every one of its rows.
    for (std::size_t i = 0; i < Count; ++i) {
      T* row = table + static_cast<std::size_t>(index[i]) * D;
      for_each_register<A, T, D>([&](std::size_t j, auto lanes) {
        constexpr std::size_t n = decltype(lanes)::value;
        store_n<A, n>(row + j, load_n<A, n>(row + j) + load_n<A, n>(rows + i * D + j));
      });
    }
  }
};

}  // namespace detail

/// gather_rows<V, D, Count>(table, index, out): out[i, :] = table[index_i, :] for i < Count, with table V×D
/// (row-major), index_i in [0, V), out Count×D. makemore's `emb = C[X]`, X flattened (Count = batch·block).
/// Example: `ctgrad::simd::gather_rows<27, 10, 32 * 3>(c.data(), xs.data(), emb.data());`
template <std::size_t V, std::size_t D, std::size_t Count, class Arch = xsimd::default_arch>
  requires(V > 0 && D > 0 && Count > 0)
inline constexpr detail::gather_rows_fn<V, D, Count, Arch> gather_rows{};

/// scatter_add_rows<V, D, Count>(rows, index, table): table[index_i, :] += rows[i, :] for i < Count, in order;
/// the gradient of gather_rows. Example:
/// `ctgrad::simd::scatter_add_rows<27, 10, 32 * 3>(demb.data(), xs.data(), dc.data());`
template <std::size_t V, std::size_t D, std::size_t Count, class Arch = xsimd::default_arch>
  requires(V > 0 && D > 0 && Count > 0)
inline constexpr detail::scatter_add_rows_fn<V, D, Count, Arch> scatter_add_rows{};

}  // namespace ctgrad::simd
