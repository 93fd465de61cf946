// ctgrad/simd/element.hpp: the Element concept (the scalar types the SIMD kernels accept) and storage helpers.
#pragma once

#include <ctgrad/detail/xsimd.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <vector>

namespace ctgrad::simd {

/// The element types of the kernels: `float` and `double`.
template <class T>
concept Element = std::same_as<T, float> || std::same_as<T, double>;

/// Alignment, in bytes, of ctgrad's SIMD storage: one cache line, one AVX-512 register.
/// The kernels accept any address (they use unaligned loads), but aligned rows never straddle cache lines.
inline constexpr std::size_t alignment = 64;

/// A `std::array<T, N>` aligned to 64 bytes, for buffers whose shape is known at compile time.
/// Example: `ctgrad::simd::aligned_array<float, 32 * 30> x{};  simd::dot<30>(x.data(), w.data());`
template <class T, std::size_t N>
struct alignas(alignment) aligned_array : std::array<T, N> {};

/// A `std::vector<T>` whose storage is aligned to 64 bytes (for buffers too large for the stack).
/// Example: `ctgrad::simd::aligned_vector<float> w(30 * 200);`
template <class T>
using aligned_vector = std::vector<T, xsimd::aligned_allocator<T, alignment>>;

}  // namespace ctgrad::simd
