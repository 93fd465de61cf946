// ctgrad::nn::tensor<T, Rows, Cols>: a row-major matrix of compile-time shape in 64-byte aligned storage.
#pragma once

#include <cstddef>
#include <span>

#include <ctgrad/simd/element.hpp>

namespace ctgrad::nn {

/// A `Rows`×`Cols` row-major matrix of `T` (a batch of `Rows` samples of `Cols` features), aligned to
/// 64 bytes, an aggregate: `nn::tensor<double, 4, 3> xs{{2, 3, -1, 3, -1, 0.5, 0.5, 1, 1, 1, 1, -1}};`.
template <class T, std::size_t Rows, std::size_t Cols>
struct tensor : simd::aligned_array<T, Rows * Cols> {
  static constexpr std::size_t rows = Rows;
  static constexpr std::size_t cols = Cols;

  /// Element (r, c).
  [[nodiscard]] constexpr T& operator()(std::size_t r, std::size_t c) noexcept { return (*this)[r * Cols + c]; }
  [[nodiscard]] constexpr T const& operator()(std::size_t r, std::size_t c) const noexcept { return (*this)[r * Cols + c]; }

  /// Row r (one sample).
  [[nodiscard]] constexpr std::span<T, Cols> row(std::size_t r) noexcept { return std::span<T, Cols>{this->data() + r * Cols, Cols}; }
  [[nodiscard]] constexpr std::span<T const, Cols> row(std::size_t r) const noexcept {
    return std::span<T const, Cols>{this->data() + r * Cols, Cols};
  }
};

}  // namespace ctgrad::nn
