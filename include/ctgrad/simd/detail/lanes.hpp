// ctgrad/simd/detail/lanes.hpp (private): partial loads and stores, register budgets and compile-time loops
// shared by the kernels of ctgrad::simd.
#pragma once

#include <ctgrad/detail/xsimd.hpp>
#include <ctgrad/simd/element.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

namespace ctgrad::simd::detail {

template <class T, class A>
using batch = xsimd::batch<T, A>;

/// Lanes of one register of T on architecture A.
template <class T, class A>
inline constexpr std::size_t width = xsimd::batch<T, A>::size;

template <class A>
inline constexpr bool is_avx512 = std::is_base_of_v<xsimd::avx512f, A>;

template <class A>
inline constexpr bool is_avx = std::is_base_of_v<xsimd::avx, A>;

/// Vector registers the micro-kernels may plan with (x86-64: 32 with AVX-512, 16 otherwise).
template <class A>
inline constexpr std::size_t vector_registers = is_avx512<A> ? 32 : 16;

// Inlining and unrolling. A tile's accumulators stay in registers only if the loops over them are fully
// unrolled and every helper is inlined. Loops over a tile's registers are plain loops under
// `#pragma GCC unroll` (GCC and Clang both honour it; cheaper to compile than one lambda instantiation per
// index), helpers are [[gnu::always_inline]], and the few lambdas that need a constant index (static_for)
// carry __attribute__((always_inline)), the only spelling both GCC and Clang apply to a lambda.

template <class F, std::size_t... I>
[[gnu::always_inline]] inline void static_for_each(F& f, std::index_sequence<I...>) {
  (f(std::integral_constant<std::size_t, I>{}), ...);
}

/// Calls f(std::integral_constant<std::size_t, i>{}) for i = 0 .. N-1, unrolled: every index is a constant,
/// so arrays of registers indexed by it stay in registers.
template <std::size_t N, class F>
[[gnu::always_inline]] inline void static_for(F&& f) {
  static_for_each(f, std::make_index_sequence<N>{});
}

#if XSIMD_WITH_AVX
/// The mask operand of AVX's maskload/maskstore: lanes [0, n) of `lanes` set.
template <std::size_t n, std::size_t lanes>
inline __m256i avx_mask() noexcept {
  using lane_type = std::conditional_t<lanes == 8, std::int32_t, std::int64_t>;
  alignas(32) lane_type bits[lanes];
  for (std::size_t i = 0; i < lanes; ++i) bits[i] = i < n ? lane_type{-1} : lane_type{0};
  return _mm256_load_si256(reinterpret_cast<const __m256i*>(bits));
}
#endif

/// Loads the first n lanes from p (n <= width), the other lanes are 0; reads nothing past p[n-1].
template <class A, std::size_t n, Element T>
[[gnu::always_inline]] inline batch<T, A> load_n(const T* p) noexcept {
  constexpr std::size_t w = width<T, A>;
  static_assert(n >= 1 && n <= w, "ctgrad::simd::detail::load_n: n must be in [1, width]");
  if constexpr (n == w) {
    return batch<T, A>::load_unaligned(p);
  }
#if XSIMD_WITH_AVX512F
  else if constexpr (is_avx512<A> && std::is_same_v<T, float>) {
    return _mm512_maskz_loadu_ps(static_cast<__mmask16>((1U << n) - 1U), p);
  } else if constexpr (is_avx512<A>) {
    return _mm512_maskz_loadu_pd(static_cast<__mmask8>((1U << n) - 1U), p);
  }
#endif
#if XSIMD_WITH_AVX512F && defined(__AVX512VL__)
  // 256-bit registers on an AVX-512 machine: mask registers, as above. AVX's vmaskmov is microcoded on AMD
  // (Zen 4: a masked store then a load of it costs tens of cycles), and a small neuron's tail is on its path.
  else if constexpr (is_avx<A> && std::is_same_v<T, float>) {
    return _mm256_maskz_loadu_ps(static_cast<__mmask8>((1U << n) - 1U), p);
  } else if constexpr (is_avx<A>) {
    return _mm256_maskz_loadu_pd(static_cast<__mmask8>((1U << n) - 1U), p);
  }
#endif
#if XSIMD_WITH_AVX
  else if constexpr (is_avx<A> && std::is_same_v<T, float>) {
    return _mm256_maskload_ps(p, avx_mask<n, 8>());
  } else if constexpr (is_avx<A>) {
    return _mm256_maskload_pd(p, avx_mask<n, 4>());
  }
#endif
  else {
    alignas(alignment) T buffer[w] = {};
    for (std::size_t i = 0; i < n; ++i) buffer[i] = p[i];
    return batch<T, A>::load_aligned(buffer);
  }
}

/// Stores the first n lanes of v to p (n <= width); writes nothing past p[n-1].
template <class A, std::size_t n, Element T>
[[gnu::always_inline]] inline void store_n(T* p, const batch<T, A>& v) noexcept {
  constexpr std::size_t w = width<T, A>;
  static_assert(n >= 1 && n <= w, "ctgrad::simd::detail::store_n: n must be in [1, width]");
  if constexpr (n == w) {
    v.store_unaligned(p);
  }
#if XSIMD_WITH_AVX512F
  else if constexpr (is_avx512<A> && std::is_same_v<T, float>) {
    _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1U << n) - 1U), v);
  } else if constexpr (is_avx512<A>) {
    _mm512_mask_storeu_pd(p, static_cast<__mmask8>((1U << n) - 1U), v);
  }
#endif
#if XSIMD_WITH_AVX512F && defined(__AVX512VL__)
  else if constexpr (is_avx<A> && std::is_same_v<T, float>) {
    _mm256_mask_storeu_ps(p, static_cast<__mmask8>((1U << n) - 1U), v);
  } else if constexpr (is_avx<A>) {
    _mm256_mask_storeu_pd(p, static_cast<__mmask8>((1U << n) - 1U), v);
  }
#endif
#if XSIMD_WITH_AVX
  else if constexpr (is_avx<A> && std::is_same_v<T, float>) {
    _mm256_maskstore_ps(p, avx_mask<n, 8>(), v);
  } else if constexpr (is_avx<A>) {
    _mm256_maskstore_pd(p, avx_mask<n, 4>(), v);
  }
#endif
  else {
    alignas(alignment) T buffer[w];
    v.store_aligned(buffer);
    for (std::size_t i = 0; i < n; ++i) p[i] = buffer[i];
  }
}

/// Stores lanes [from, from + n) of v to p[from], ..., p[from + n − 1]; touches no other element.
template <class A, std::size_t from, std::size_t n, Element T>
[[gnu::always_inline]] inline void store_lanes(T* p, const batch<T, A>& v) noexcept {
  constexpr std::size_t w = width<T, A>;
  static_assert(n >= 1 && from + n <= w, "ctgrad::simd::detail::store_lanes: lanes out of range");
  if constexpr (from == 0) {
    store_n<A, n>(p, v);
  }
#if XSIMD_WITH_AVX512F
  else if constexpr (is_avx512<A> && std::is_same_v<T, float>) {
    _mm512_mask_storeu_ps(p, static_cast<__mmask16>(((1U << n) - 1U) << from), v);
  } else if constexpr (is_avx512<A>) {
    _mm512_mask_storeu_pd(p, static_cast<__mmask8>(((1U << n) - 1U) << from), v);
  }
#endif
  else {
    alignas(alignment) T buffer[w];
    v.store_aligned(buffer);
    for (std::size_t i = from; i < from + n; ++i) p[i] = buffer[i];
  }
}

/// Loads p[from], ..., p[from + n − 1] into lanes [from, from + n), the other lanes 0; reads nothing else.
template <class A, std::size_t from, std::size_t n, Element T>
[[gnu::always_inline]] inline batch<T, A> load_lanes(const T* p) noexcept {
  constexpr std::size_t w = width<T, A>;
  static_assert(n >= 1 && from + n <= w, "ctgrad::simd::detail::load_lanes: lanes out of range");
  if constexpr (from == 0) {
    return load_n<A, n>(p);
  }
#if XSIMD_WITH_AVX512F
  else if constexpr (is_avx512<A> && std::is_same_v<T, float>) {
    return _mm512_maskz_loadu_ps(static_cast<__mmask16>(((1U << n) - 1U) << from), p);
  } else if constexpr (is_avx512<A>) {
    return _mm512_maskz_loadu_pd(static_cast<__mmask8>(((1U << n) - 1U) << from), p);
  }
#endif
  else {
    alignas(alignment) T buffer[w] = {};
    for (std::size_t i = from; i < from + n; ++i) buffer[i] = p[i];
    return batch<T, A>::load_aligned(buffer);
  }
}

/// Loads lanes [0, n) when `partial`, a full register otherwise: the last register of a row of length n.
template <class A, std::size_t n, bool partial, Element T>
[[gnu::always_inline]] inline batch<T, A> load_last(const T* p) noexcept {
  if constexpr (partial) {
    return load_n<A, n>(p);
  } else {
    return batch<T, A>::load_unaligned(p);
  }
}

/// Lanes [0, n) true, the others false.
template <class A, std::size_t n, Element T>
inline xsimd::batch_bool<T, A> first_lanes() noexcept {
  constexpr std::size_t w = width<T, A>;
  alignas(alignment) T index[w];
  for (std::size_t i = 0; i < w; ++i) index[i] = static_cast<T>(i);
  return batch<T, A>::load_aligned(index) < batch<T, A>(static_cast<T>(n));
}

/// Loads the first n lanes from p (n <= width), the other lanes −∞: they do not move a maximum and their
/// exponential is 0 (a softmax's row). Reads nothing past p[n-1].
template <class A, std::size_t n, Element T>
[[gnu::always_inline]] inline batch<T, A> load_n_lowest(const T* p) noexcept {
  if constexpr (n == width<T, A>) {
    return batch<T, A>::load_unaligned(p);
  } else {
    return xsimd::select(first_lanes<A, n, T>(), load_n<A, n>(p), batch<T, A>(-std::numeric_limits<T>::infinity()));
  }
}

/// The plan of a transposing sum of w registers by halving: at level s (w/2, w/4, ..., 1) registers are
/// paired, and each group of 2s lanes keeps s lanes of partial sums from each register of the pair.
/// `lo`/`hi` are the two-source permutation indices of each level (lane i of the pair's first register is
/// i, of the second w + i); `slot[l]` is the input position whose sum ends in lane l.
template <std::size_t w>
struct transpose_sum_plan {
  static constexpr std::size_t levels = std::bit_width(w) - 1;
  std::array<std::array<std::int64_t, w>, levels> lo{};
  std::array<std::array<std::int64_t, w>, levels> hi{};
  std::array<std::size_t, w> slot{};

  constexpr transpose_sum_plan() {
    std::array<std::array<std::size_t, w>, w> label{};  // label[v][lane]: input register summed there
    for (std::size_t v = 0; v < w; ++v) label[v].fill(v);
    std::size_t count = w;
    for (std::size_t level = 0, s = w / 2; level < levels; ++level, s /= 2, count /= 2) {
      for (std::size_t j = 0; j < w; ++j) {
        const std::size_t group = j / (2 * s) * (2 * s);
        const std::size_t off = j % (2 * s);
        lo[level][j] = static_cast<std::int64_t>(off < s ? group + off : w + group + off - s);
        hi[level][j] = lo[level][j] + static_cast<std::int64_t>(s);
      }
      for (std::size_t v = 0; v < count / 2; ++v) {
        std::array<std::size_t, w> next{};
        for (std::size_t j = 0; j < w; ++j) {
          const auto from = static_cast<std::size_t>(lo[level][j]);
          next[j] = from < w ? label[2 * v][from] : label[2 * v + 1][from - w];
        }
        label[v] = next;
      }
    }
    slot = label[0];
  }
};

/// Σ of each of w registers: lane l of the result is the sum of the lanes of rows[l] (w = the width).
/// AVX-512 uses two-source permutations (the xsimd 8.1 version uses _mm512_shuffle_f32x4, whose GCC 12
/// definition trips a false -Wuninitialized); other architectures use xsimd::haddp.
template <class A, Element T>
[[gnu::always_inline]] inline batch<T, A> transpose_sum(const batch<T, A>* rows) noexcept {
#if XSIMD_WITH_AVX512F
  if constexpr (is_avx512<A>) {
    constexpr std::size_t w = width<T, A>;
    static constexpr transpose_sum_plan<w> plan{};
    using index = std::conditional_t<std::is_same_v<T, float>, std::int32_t, std::int64_t>;
    batch<T, A> v[w];
    static_for<w>([&](auto l) __attribute__((always_inline)) { v[plan.slot[l]] = rows[l]; });
    static_for<plan.levels>([&](auto level) __attribute__((always_inline)) {
      alignas(alignment) index lo[w];
      alignas(alignment) index hi[w];
      for (std::size_t j = 0; j < w; ++j) {
        lo[j] = static_cast<index>(plan.lo[level][j]);
        hi[j] = static_cast<index>(plan.hi[level][j]);
      }
      const __m512i lo_index = _mm512_load_si512(lo);
      const __m512i hi_index = _mm512_load_si512(hi);
      static_for<(w >> (level + 1))>([&](auto i) __attribute__((always_inline)) {
        if constexpr (std::is_same_v<T, float>) {
          v[i] = batch<T, A>(_mm512_permutex2var_ps(v[2 * i], lo_index, v[2 * i + 1])) +
                 batch<T, A>(_mm512_permutex2var_ps(v[2 * i], hi_index, v[2 * i + 1]));
        } else {
          v[i] = batch<T, A>(_mm512_permutex2var_pd(v[2 * i], lo_index, v[2 * i + 1])) +
                 batch<T, A>(_mm512_permutex2var_pd(v[2 * i], hi_index, v[2 * i + 1]));
        }
      });
    });
    return v[0];
  } else
#endif
  {
    return xsimd::haddp(rows);
  }
}

}  // namespace ctgrad::simd::detail
