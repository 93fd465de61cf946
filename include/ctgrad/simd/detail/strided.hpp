// ctgrad/simd/detail/strided.hpp (private): one register from every Stride-th element of memory, and its adding
// back, for the loops of the static graph (expr/loop.hpp), whose terms read x[S i + O].
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <ctgrad/detail/xsimd.hpp>

namespace ctgrad::simd::detail {

// xsimd 8.1's gather and scatter are lane-by-lane emulations behind a call; these use the instruction set:
// two loads and one permutation for a stride of 2 with AVX-512 (x[2i] and x[2i + 1], the most common pattern),
// the hardware gather otherwise (AVX2, AVX-512), and lane-by-lane copies where there is none.

/// The lanes' element offsets 0, Stride, 2 Stride ... as the gather's index register.
template <class B, long long Stride>
[[nodiscard]] inline auto stride_offsets() noexcept {
  using T = typename B::value_type;
  using index = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;
  using index_batch = xsimd::batch<index, typename B::arch_type>;
  alignas(B::arch_type::alignment()) index at[B::size];
  for (std::size_t lane = 0; lane != B::size; ++lane) at[lane] = static_cast<index>(Stride * static_cast<long long>(lane));
  return index_batch::load_aligned(at);
}

/// `p[0], p[Stride], p[2 Stride] ...` as one register `B` (Stride 0: `p[0]` in every lane).
template <class B, long long Stride>
[[nodiscard]] inline B load_strided(typename B::value_type const* p) noexcept {
  using T = typename B::value_type;
  using A = typename B::arch_type;
  if constexpr (Stride == 0) {
    return B(*p);
  } else if constexpr (Stride == 1) {
    return B::load_unaligned(p);
  }
#if XSIMD_WITH_AVX512F
  // Stride 2 reads p[0 .. 2n - 2] and no further (p[2n - 1] may lie past the input): registers p[0 .. n - 1] and
  // p[n - 1 .. 2n - 2], whose odd lanes hold p[n], p[n + 2] ...
  else if constexpr (std::is_base_of_v<xsimd::avx512f, A> && Stride == 2 && sizeof(T) == 8) {
    __m512i const even = _mm512_set_epi64(15, 13, 11, 9, 6, 4, 2, 0);
    return _mm512_permutex2var_pd(_mm512_loadu_pd(p), even, _mm512_loadu_pd(p + 7));
  } else if constexpr (std::is_base_of_v<xsimd::avx512f, A> && Stride == 2 && sizeof(T) == 4) {
    __m512i const even = _mm512_set_epi32(31, 29, 27, 25, 23, 21, 19, 17, 14, 12, 10, 8, 6, 4, 2, 0);
    return _mm512_permutex2var_ps(_mm512_loadu_ps(p), even, _mm512_loadu_ps(p + 15));
  } else if constexpr (std::is_base_of_v<xsimd::avx512f, A> && sizeof(T) == 8) {
    auto const at = stride_offsets<B, Stride>();  // (the intrinsics are macros with clang: no commas in their arguments)
    return _mm512_i64gather_pd(at, p, 8);
  } else if constexpr (std::is_base_of_v<xsimd::avx512f, A> && sizeof(T) == 4) {
    auto const at = stride_offsets<B, Stride>();
    return _mm512_i32gather_ps(at, p, 4);
  }
#endif
#if XSIMD_WITH_AVX2
  else if constexpr (std::is_base_of_v<xsimd::avx2, A> && sizeof(T) == 8) {
    auto const at = stride_offsets<B, Stride>();
    return _mm256_i64gather_pd(p, at, 8);
  } else if constexpr (std::is_base_of_v<xsimd::avx2, A> && sizeof(T) == 4) {
    auto const at = stride_offsets<B, Stride>();
    return _mm256_i32gather_ps(p, at, 4);
  }
#endif
  else {
    alignas(A::alignment()) T lanes[B::size];
    for (std::size_t lane = 0; lane != B::size; ++lane) lanes[lane] = p[Stride * static_cast<long long>(lane)];
    return B::load_aligned(lanes);
  }
}

/// `p[0] += g[0], p[Stride] += g[1] ...` (Stride 0: the sum of g's lanes into `p[0]`). The lanes' elements are
/// distinct for a stride other than 0.
template <class B, long long Stride>
inline void add_strided(typename B::value_type* p, B const& g) noexcept {
  using T = typename B::value_type;
  using A = typename B::arch_type;
  if constexpr (Stride == 0) {
    *p += xsimd::hadd(g);
  } else if constexpr (Stride == 1) {
    (B::load_unaligned(p) + g).store_unaligned(p);
  }
#if XSIMD_WITH_AVX512F
  else if constexpr (std::is_base_of_v<xsimd::avx512f, A> && Stride == 2 && sizeof(T) == 8) {
    // lanes 0-3 of g to the even elements of p[0..7], lanes 4-7 to the odd lanes of p[7..14] (p[8], p[10] ...):
    // nothing past p[14] is touched
    __m512i const low = _mm512_set_epi64(3, 3, 2, 2, 1, 1, 0, 0);
    __m512i const high = _mm512_set_epi64(7, 7, 6, 6, 5, 5, 4, 4);
    __m512d const first = _mm512_loadu_pd(p);
    _mm512_storeu_pd(p, _mm512_mask_add_pd(first, 0x55, first, _mm512_permutexvar_pd(low, g)));
    __m512d const second = _mm512_loadu_pd(p + 7);
    _mm512_storeu_pd(p + 7, _mm512_mask_add_pd(second, 0xAA, second, _mm512_permutexvar_pd(high, g)));
  } else if constexpr (std::is_base_of_v<xsimd::avx512f, A> && sizeof(T) == 8) {
    auto const at = stride_offsets<B, Stride>();
    _mm512_i64scatter_pd(p, at, _mm512_add_pd(_mm512_i64gather_pd(at, p, 8), g), 8);
  } else if constexpr (std::is_base_of_v<xsimd::avx512f, A> && sizeof(T) == 4) {
    auto const at = stride_offsets<B, Stride>();
    _mm512_i32scatter_ps(p, at, _mm512_add_ps(_mm512_i32gather_ps(at, p, 4), g), 4);
  }
#endif
  else {
    alignas(A::alignment()) T lanes[B::size];
    g.store_aligned(lanes);
    for (std::size_t lane = 0; lane != B::size; ++lane) p[Stride * static_cast<long long>(lane)] += lanes[lane];
  }
}

/// `p[2k] += even[k], p[2k + 1] += odd[k]` for every lane k (with `Store`, `=`): two gradients of interleaved
/// elements (x[2i] and x[2i + 1]) written with whole registers, so the two never meet half-overlapping in memory.
template <class B, bool Store = false>
inline void add_interleaved(typename B::value_type* p, B const& even, B const& odd) noexcept {
  using T = typename B::value_type;
  using A = typename B::arch_type;
  if constexpr (false) {
  }
#if XSIMD_WITH_AVX512F
  else if constexpr (std::is_base_of_v<xsimd::avx512f, A> && sizeof(T) == 8) {
    __m512i const low = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
    __m512i const high = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
    __m512d const first = _mm512_permutex2var_pd(even, low, odd);
    __m512d const second = _mm512_permutex2var_pd(even, high, odd);
    _mm512_storeu_pd(p, Store ? first : _mm512_add_pd(_mm512_loadu_pd(p), first));
    _mm512_storeu_pd(p + 8, Store ? second : _mm512_add_pd(_mm512_loadu_pd(p + 8), second));
  } else if constexpr (std::is_base_of_v<xsimd::avx512f, A> && sizeof(T) == 4) {
    __m512i const low = _mm512_set_epi32(23, 7, 22, 6, 21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0);
    __m512i const high = _mm512_set_epi32(31, 15, 30, 14, 29, 13, 28, 12, 27, 11, 26, 10, 25, 9, 24, 8);
    __m512 const first = _mm512_permutex2var_ps(even, low, odd);
    __m512 const second = _mm512_permutex2var_ps(even, high, odd);
    _mm512_storeu_ps(p, Store ? first : _mm512_add_ps(_mm512_loadu_ps(p), first));
    _mm512_storeu_ps(p + 16, Store ? second : _mm512_add_ps(_mm512_loadu_ps(p + 16), second));
  }
#endif
  else {
    alignas(A::alignment()) T e[B::size];
    alignas(A::alignment()) T o[B::size];
    even.store_aligned(e);
    odd.store_aligned(o);
    alignas(A::alignment()) T lanes[2 * B::size];
    for (std::size_t lane = 0; lane != B::size; ++lane) {
      lanes[2 * lane] = e[lane];
      lanes[2 * lane + 1] = o[lane];
    }
    if constexpr (Store) {
      B::load_aligned(lanes).store_unaligned(p);
      B::load_aligned(lanes + B::size).store_unaligned(p + B::size);
    } else {
      (B::load_unaligned(p) + B::load_aligned(lanes)).store_unaligned(p);
      (B::load_unaligned(p + B::size) + B::load_aligned(lanes + B::size)).store_unaligned(p + B::size);
    }
  }
}

}  // namespace ctgrad::simd::detail
