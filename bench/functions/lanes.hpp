// bench/functions/lanes.hpp: records stored one after another (as callers keep observations: a camera's 9
// parameters, then the next camera's) to and from SIMD lanes, lane l holding record first + l. The x8 workloads'
// `static` and `hand` both move their data with these, so they time the same layout change.
//
// With eight doubles to a batch (AVX-512), eight records' fields 8b ... 8b + 7 are one 8 x 8 block: eight
// (masked) loads, a transposition in registers and eight batches, and the reverse on the way out. Elsewhere a
// gather per field in, and stores through memory out.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <ctgrad/detail/xsimd.hpp>  // not xsimd directly: see the header

namespace functions {

#if XSIMD_WITH_AVX512F
namespace detail {

/// Rows[i] becomes column i of the 8 x 8 block the rows were: element j of the result's row i is element i of the
/// argument's row j. 24 shuffles: pairs of rows interleaved, then pairs of pairs, then the 256-bit halves.
[[gnu::always_inline]] inline void transpose(__m512d (&rows)[8]) {
  __m512d pairs[8], quads[8];
  for (int k = 0; k < 4; ++k) {
    pairs[2 * k] = _mm512_unpacklo_pd(rows[2 * k], rows[2 * k + 1]);      // r_2k,r_2k+1 fields 0 2 4 6
    pairs[2 * k + 1] = _mm512_unpackhi_pd(rows[2 * k], rows[2 * k + 1]);  // fields 1 3 5 7
  }
  const __m512i low = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13), high = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
  for (int half = 0; half < 2; ++half)    // rows 0-3, rows 4-7
    for (int odd = 0; odd < 2; ++odd) {   // fields 0 2 4 6, fields 1 3 5 7
      const __m512d a = pairs[4 * half + odd], b = pairs[4 * half + 2 + odd];
      quads[4 * half + odd] = _mm512_permutex2var_pd(a, low, b);       // four rows' fields 0 4 (or 1 5)
      quads[4 * half + 2 + odd] = _mm512_permutex2var_pd(a, high, b);  // fields 2 6 (or 3 7)
    }
  // quads[q] (q < 4) holds fields f and f + 4 of rows 0-3, f = {0, 1, 2, 3}[q]; quads[q + 4] the same of rows 4-7.
  for (int f = 0; f < 4; ++f) {
    rows[f] = _mm512_shuffle_f64x2(quads[f], quads[f + 4], 0b01'00'01'00);
    rows[f + 4] = _mm512_shuffle_f64x2(quads[f], quads[f + 4], 0b11'10'11'10);
  }
}

/// f(block, width, mask) for each block of (up to) eight fields of a record: its first field, its number of
/// fields, and the mask of those in a batch.
template <std::size_t Fields, class F>
[[gnu::always_inline]] inline void for_each_block(F f) {
  for (std::size_t block = 0; block < Fields; block += 8) {
    const std::size_t width = Fields - block < 8 ? Fields - block : 8;
    f(block, width, static_cast<__mmask8>((1U << width) - 1));
  }
}

}  // namespace detail
#endif

/// Field j of records first ... first + lanes - 1 (each `Fields` doubles) as batch j.
template <class Batch, std::size_t Fields>
std::array<Batch, Fields> to_lanes(const double* records, std::size_t first) {
  std::array<Batch, Fields> fields;
#if XSIMD_WITH_AVX512F
  if constexpr (Batch::size == 8 && std::is_base_of_v<xsimd::avx512f, typename Batch::arch_type>) {
    detail::for_each_block<Fields>([&](std::size_t block, std::size_t width, __mmask8 mask) {
      __m512d rows[8];
      for (std::size_t l = 0; l < 8; ++l) rows[l] = _mm512_maskz_loadu_pd(mask, records + (first + l) * Fields + block);
      detail::transpose(rows);
      for (std::size_t j = 0; j < width; ++j) fields[block + j] = rows[j];
    });
    return fields;
  }
#endif
  // A gather per field: writing the lanes to memory one by one and loading them as a batch stalls on every load
  // (the load cannot be forwarded from eight separate stores).
  using index = xsimd::batch<std::int64_t, typename Batch::arch_type>;
  alignas(64) std::int64_t offsets[Batch::size];
  for (std::size_t l = 0; l < Batch::size; ++l) offsets[l] = static_cast<std::int64_t>(l * Fields);
  const index offset = index::load_aligned(offsets);
  for (std::size_t j = 0; j < Fields; ++j) fields[j] = Batch::gather(records + first * Fields + j, offset);
  return fields;
}

/// The inverse of `to_lanes`: batch j's lane l to field j of record first + l.
template <std::size_t Fields, class Batch>
void from_lanes(const Batch* fields, double* records, std::size_t first) {
#if XSIMD_WITH_AVX512F
  if constexpr (Batch::size == 8 && std::is_base_of_v<xsimd::avx512f, typename Batch::arch_type>) {
    detail::for_each_block<Fields>([&](std::size_t block, std::size_t width, __mmask8 mask) {
      __m512d rows[8];
      for (std::size_t j = 0; j < 8; ++j) rows[j] = j < width ? __m512d(fields[block + j]) : _mm512_setzero_pd();
      detail::transpose(rows);
      for (std::size_t l = 0; l < 8; ++l) _mm512_mask_storeu_pd(records + (first + l) * Fields + block, mask, rows[l]);
    });
    return;
  }
#endif
  alignas(64) double lanes[Fields][Batch::size];
  for (std::size_t j = 0; j < Fields; ++j) fields[j].store_aligned(lanes[j]);
  for (std::size_t l = 0; l < Batch::size; ++l)
    for (std::size_t j = 0; j < Fields; ++j) records[(first + l) * Fields + j] = lanes[j][l];
}

}  // namespace functions
