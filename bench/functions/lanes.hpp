// bench/functions/lanes.hpp: records stored one after another (as callers keep observations: a camera's 9
// parameters, then the next camera's) to and from SIMD lanes, lane l holding record first + l. The x8 workloads'
// `static` and `hand` both move their data with these, so they time the same layout change.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctgrad/detail/xsimd.hpp>  // not xsimd directly: see the header

namespace functions {

/// Field j of records first ... first + lanes - 1 (each `Fields` doubles) as batch j. A gather per field: writing
/// the lanes to memory one by one and loading them as a batch stalls on every load (the load cannot be forwarded
/// from eight separate stores).
template <class Batch, std::size_t Fields>
std::array<Batch, Fields> to_lanes(const double* records, std::size_t first) {
  using index = xsimd::batch<std::int64_t, typename Batch::arch_type>;
  alignas(64) std::int64_t offsets[Batch::size];
  for (std::size_t l = 0; l < Batch::size; ++l) offsets[l] = static_cast<std::int64_t>(l * Fields);
  const index offset = index::load_aligned(offsets);
  std::array<Batch, Fields> fields;
  for (std::size_t j = 0; j < Fields; ++j) fields[j] = Batch::gather(records + first * Fields + j, offset);
  return fields;
}

/// The inverse of `to_lanes`: batch j's lane l to field j of record first + l.
template <std::size_t Fields, class Batch>
void from_lanes(const Batch* fields, double* records, std::size_t first) {
  alignas(64) double lanes[Fields][Batch::size];
  for (std::size_t j = 0; j < Fields; ++j) fields[j].store_aligned(lanes[j]);
  for (std::size_t l = 0; l < Batch::size; ++l)
    for (std::size_t j = 0; j < Fields; ++j) records[(first + l) * Fields + j] = lanes[j][l];
}

}  // namespace functions
