// ctgrad/simd/detail/gemm_kernels.hpp (private): the register-blocked micro-kernels behind gemm, gemv and
// their transposed forms, and the drivers that tile a compile-time shape with them.
#pragma once

#include <ctgrad/simd/detail/lanes.hpp>

#include <algorithm>
#include <cstddef>

namespace ctgrad::simd::detail {

/// How a tile's accumulators start: at 0 (C = ...), at C (C += ...), or at a bias row (C = ... + 1 biasᵀ).
enum class start { zero, from_c, from_bias };

// ---------------------------------------------------------------------------------------------------------
// "Broadcast" kernel: C[r, cols] = start + Σ_k a(r, k) · B[k, cols], vectorised along the columns of B and C.
// a(r, k) = a[r·a_row + k·a_k], so one kernel serves A (a_row = K, a_k = 1) and Aᵀ (a_row = 1, a_k = M).
// A tile is MR rows × NV registers; each step over k loads NV registers of B and broadcasts MR scalars of A:
// MR·NV fused multiply-adds for MR + NV loads. The last register of the tile holds `last` valid lanes.
// ---------------------------------------------------------------------------------------------------------
template <class A, std::size_t MR, std::size_t NV, std::size_t last, std::size_t K, std::size_t a_row,
          std::size_t a_k, std::size_t ldb, std::size_t ldc, start init, Element T>
inline void broadcast_tile(const T* a, const T* b, [[maybe_unused]] const T* bias, T* c) noexcept {
  using B = batch<T, A>;
  constexpr std::size_t w = width<T, A>;
  constexpr bool partial = last != w;
  const auto load = [](const T* p, std::size_t v) __attribute__((always_inline)) {
    return partial && v + 1 == NV ? load_n<A, last>(p) : B::load_unaligned(p);
  };
  B acc[MR][NV];
#pragma GCC unroll 16
  for (std::size_t v = 0; v < NV; ++v) {
    B first{};
    if constexpr (init == start::from_bias) first = load(bias + v * w, v);
#pragma GCC unroll 16
    for (std::size_t r = 0; r < MR; ++r) {
      if constexpr (init == start::zero) {
        acc[r][v] = B(T(0));
      } else if constexpr (init == start::from_bias) {
        acc[r][v] = first;
      } else {
        acc[r][v] = load(c + r * ldc + v * w, v);
      }
    }
  }
  for (std::size_t k = 0; k < K; ++k) {
    B bk[NV];
#pragma GCC unroll 16
    for (std::size_t v = 0; v < NV; ++v) bk[v] = load(b + k * ldb + v * w, v);
#pragma GCC unroll 16
    for (std::size_t r = 0; r < MR; ++r) {
      const B ar(a[r * a_row + k * a_k]);
#pragma GCC unroll 16
      for (std::size_t v = 0; v < NV; ++v) acc[r][v] = xsimd::fma(ar, bk[v], acc[r][v]);
    }
  }
#pragma GCC unroll 16
  for (std::size_t r = 0; r < MR; ++r) {
#pragma GCC unroll 16
    for (std::size_t v = 0; v < NV; ++v) {
      if (partial && v + 1 == NV) {
        store_n<A, last>(c + r * ldc + v * w, acc[r][v]);
      } else {
        acc[r][v].store_unaligned(c + r * ldc + v * w);
      }
    }
  }
}

/// Splits `count` items into tiles of at most `most`, as evenly as possible: `tiles` tiles, the first
/// `big_tiles` of `big` items, the rest of `big - 1`.
template <std::size_t count, std::size_t most>
struct even_split {
  static constexpr std::size_t tiles = (count + most - 1) / most;
  static constexpr std::size_t big = (count + tiles - 1) / tiles;
  static constexpr std::size_t big_tiles = count - tiles * (big - 1);
  static constexpr std::size_t small = big - 1;
  static constexpr std::size_t small_tiles = tiles - big_tiles;
};

/// Rows of A (or Aᵀ) a broadcast tile of NV registers may hold: MR·NV accumulators + NV of B + 1 of A.
template <class A, std::size_t NV>
inline constexpr std::size_t broadcast_rows = std::min<std::size_t>(8, (vector_registers<A> - 1 - NV) / NV);

/// One column block (NV registers starting at column col) over all M rows.
template <class A, std::size_t M, std::size_t NV, std::size_t last, std::size_t K, std::size_t a_row,
          std::size_t a_k, std::size_t ldb, std::size_t ldc, start init, Element T>
inline void broadcast_block(const T* a, const T* b, const T* bias, T* c) noexcept {
  using rows = even_split<M, broadcast_rows<A, NV>>;
  std::size_t r = 0;
  for (std::size_t t = 0; t < rows::big_tiles; ++t, r += rows::big) {
    broadcast_tile<A, rows::big, NV, last, K, a_row, a_k, ldb, ldc, init>(a + r * a_row, b, bias, c + r * ldc);
  }
  if constexpr (rows::small > 0) {
    for (std::size_t t = 0; t < rows::small_tiles; ++t, r += rows::small) {
      broadcast_tile<A, rows::small, NV, last, K, a_row, a_k, ldb, ldc, init>(a + r * a_row, b, bias,
                                                                              c + r * ldc);
    }
  }
}

/// C (M×N, row stride ldc) = start + Σ_k a(r, k) B[k, :] with B K×N (row stride ldb); see broadcast_tile.
template <class A, std::size_t M, std::size_t K, std::size_t N, std::size_t a_row, std::size_t a_k,
          std::size_t ldb, std::size_t ldc, start init, Element T>
inline void broadcast_gemm(const T* a, const T* b, const T* bias, T* c) noexcept {
  constexpr std::size_t w = width<T, A>;
  constexpr std::size_t registers = (N + w - 1) / w;
  constexpr std::size_t last = N - (registers - 1) * w;
  constexpr std::size_t most = vector_registers<A> >= 32 ? 4 : 2;
  // Column blocks of `big` registers first, then of `small`; the final block holds the partial register.
  using cols = even_split<registers, most>;
  constexpr bool final_is_big = cols::small_tiles == 0;
  // The bias pointer is null unless init == start::from_bias: never offset a null pointer.
  const auto bias_at = [bias](std::size_t col) { return init == start::from_bias ? bias + col : bias; };
  std::size_t col = 0;
  for (std::size_t t = 0; t + (final_is_big ? 1 : 0) < cols::big_tiles; ++t, col += cols::big * w) {
    broadcast_block<A, M, cols::big, w, K, a_row, a_k, ldb, ldc, init>(a, b + col, bias_at(col), c + col);
  }
  if constexpr (final_is_big) {
    broadcast_block<A, M, cols::big, last, K, a_row, a_k, ldb, ldc, init>(a, b + col, bias_at(col), c + col);
  } else {
    for (std::size_t t = 0; t + 1 < cols::small_tiles; ++t, col += cols::small * w) {
      broadcast_block<A, M, cols::small, w, K, a_row, a_k, ldb, ldc, init>(a, b + col, bias_at(col), c + col);
    }
    broadcast_block<A, M, cols::small, last, K, a_row, a_k, ldb, ldc, init>(a, b + col, bias_at(col), c + col);
  }
}

// ---------------------------------------------------------------------------------------------------------
// "Dot" kernel: C[r, c] = start + Σ_k A[r, k] · B[c, k], both operands read along k (their rows), so A·Bᵀ
// needs no transposed copy. A tile is MR rows of A × NR rows of B: MR·NR accumulators, each step over k loads
// MR + NR registers for MR·NR fused multiply-adds. The accumulators are reduced `width` at a time by one
// transposing horizontal add (transpose_sum), so a reduction costs about 3 instructions per result.
// ---------------------------------------------------------------------------------------------------------
template <class A, std::size_t MR, std::size_t NR, std::size_t K, std::size_t lda, std::size_t ldb,
          std::size_t ldc, start init, Element T>
inline void dot_tile(const T* a, const T* b, T* c) noexcept {
  using B = batch<T, A>;
  constexpr std::size_t w = width<T, A>;
  constexpr std::size_t full = K / w * w;
  constexpr std::size_t count = MR * NR;
  constexpr std::size_t groups = (count + w - 1) / w;
  B acc[groups * w];
#pragma GCC unroll 64
  for (std::size_t i = 0; i < groups * w; ++i) acc[i] = B(T(0));
  const auto step = [&](std::size_t k, auto lanes) __attribute__((always_inline)) {
    constexpr std::size_t n = decltype(lanes)::value;
    B bk[NR];
#pragma GCC unroll 16
    for (std::size_t j = 0; j < NR; ++j) bk[j] = load_n<A, n>(b + j * ldb + k);
#pragma GCC unroll 16
    for (std::size_t r = 0; r < MR; ++r) {
      const B ar = load_n<A, n>(a + r * lda + k);
#pragma GCC unroll 16
      for (std::size_t j = 0; j < NR; ++j) acc[r * NR + j] = xsimd::fma(ar, bk[j], acc[r * NR + j]);
    }
  };
  for (std::size_t k = 0; k < full; k += w) step(k, std::integral_constant<std::size_t, w>{});
  if constexpr (K > full) step(full, std::integral_constant<std::size_t, K - full>{});
  // Result (r, j) is lane (r·NR + j) mod w of sums[(r·NR + j) / w]; a row's NR results are consecutive
  // lanes, written with masked stores straight into row r of C.
  B sums[groups];
  static_for<groups>([&](auto g) __attribute__((always_inline)) { sums[g] = transpose_sum<A>(acc + g * w); });
  static_for<MR>([&](auto r) __attribute__((always_inline)) {
    static_for<groups>([&](auto g) __attribute__((always_inline)) {
      constexpr std::size_t first = std::max(r * NR, g * w);
      constexpr std::size_t end = std::min(r * NR + NR, g * w + w);
      if constexpr (first < end) {
        // p[l] is C(r, g·w + l − r·NR) for the lanes l of this row.
        T* p = c + r * ldc + g * w - r * NR;
        if constexpr (init == start::from_c) {
          store_lanes<A, first - g * w, end - first>(p, load_lanes<A, first - g * w, end - first>(p) + sums[g]);
        } else {
          store_lanes<A, first - g * w, end - first>(p, sums[g]);
        }
      }
    });
  });
}

/// Tile shape of the dot kernel: at most `dot_cols` rows of B, then as many rows of A as registers allow.
template <class A>
inline constexpr std::size_t dot_cols = vector_registers<A> >= 32 ? 6 : 3;

template <class A, std::size_t NR>
inline constexpr std::size_t dot_rows = std::min<std::size_t>(8, (vector_registers<A> - 1 - NR) / NR);

template <class A, std::size_t M, std::size_t NR, std::size_t K, std::size_t lda, std::size_t ldb,
          std::size_t ldc, start init, Element T>
inline void dot_block(const T* a, const T* b, T* c) noexcept {
  using rows = even_split<M, dot_rows<A, NR>>;
  std::size_t r = 0;
  for (std::size_t t = 0; t < rows::big_tiles; ++t, r += rows::big) {
    dot_tile<A, rows::big, NR, K, lda, ldb, ldc, init>(a + r * lda, b, c + r * ldc);
  }
  if constexpr (rows::small > 0) {
    for (std::size_t t = 0; t < rows::small_tiles; ++t, r += rows::small) {
      dot_tile<A, rows::small, NR, K, lda, ldb, ldc, init>(a + r * lda, b, c + r * ldc);
    }
  }
}

/// C (M×N, row stride ldc) = start + A·Bᵀ with A M×K (row stride lda) and B N×K (row stride ldb).
template <class A, std::size_t M, std::size_t K, std::size_t N, std::size_t lda, std::size_t ldb,
          std::size_t ldc, start init, Element T>
inline void dot_gemm(const T* a, const T* b, T* c) noexcept {
  using cols = even_split<N, dot_cols<A>>;
  std::size_t j = 0;
  for (std::size_t t = 0; t < cols::big_tiles; ++t, j += cols::big) {
    dot_block<A, M, cols::big, K, lda, ldb, ldc, init>(a, b + j * ldb, c + j);
  }
  if constexpr (cols::small > 0) {
    for (std::size_t t = 0; t < cols::small_tiles; ++t, j += cols::small) {
      dot_block<A, M, cols::small, K, lda, ldb, ldc, init>(a, b + j * ldb, c + j);
    }
  }
}

}  // namespace ctgrad::simd::detail
