// ctgrad::nn::detail's scale and shift by γ and β: the part batch_norm and layer_norm share after normalising.
#pragma once

#include <cstddef>

#include <ctgrad/detail/inline.hpp>
#include <ctgrad/nn/node.hpp>

namespace ctgrad::nn::detail {

/// The shape of a normalisation of X by a parameter block P of two rows (γ, then β, one per column of X).
template <class X, class P>
constexpr dims scale_shift_shape() {
  static_assert(is_parameter_v<P> && rows_v<P> == 2 && cols_v<P> == cols_v<X>,
                "ctgrad::nn: a normalisation's second operand must be a parameter block of γ and β, one per column");
  return shape<X>::value;
}

/// Y = γ·X̂ + β, row by row, for X̂ and Y of Rows×Cols.
template <std::size_t Rows, std::size_t Cols, class T>
CTGRAD_INLINE void scale_shift(T const* normalized, T const* gamma, T* y) noexcept {
  T const* beta = gamma + Cols;
  for (std::size_t r = 0; r < Rows; ++r) {
    for (std::size_t j = 0; j < Cols; ++j) y[r * Cols + j] = gamma[j] * normalized[r * Cols + j] + beta[j];
  }
}

/// dγ += Σ_rows dY·X̂ and dβ += Σ_rows dY (dβ follows dγ in the block).
template <std::size_t Rows, std::size_t Cols, class T>
CTGRAD_INLINE void scale_shift_backward(T const* dy, T const* normalized, T* dgamma) noexcept {
  T* dbeta = dgamma + Cols;
  for (std::size_t r = 0; r < Rows; ++r) {
    for (std::size_t j = 0; j < Cols; ++j) {
      dgamma[j] += dy[r * Cols + j] * normalized[r * Cols + j];
      dbeta[j] += dy[r * Cols + j];
    }
  }
}

}  // namespace ctgrad::nn::detail
