// ctgrad::nn::op::layer_norm<Buffers>: layer normalisation of each row of a tensor (makemore's Transformer).
#pragma once

#include <cmath>
#include <cstddef>
#include <string_view>

#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/ops/scale_shift.hpp>
#include <ctgrad/nn/sweep.hpp>

namespace ctgrad::nn::op {

/// Y = γ·X̂ + β for X (R×C) and a parameter block of two rows (γ, then β, C each), X̂ being each row normalised
/// over its C features: X̂ = (X − μ)/√(σ² + ε) with the row's mean μ and variance σ² (÷ C, as torch.nn.LayerNorm).
/// ε is the model's buffer number `Buffers` (the layer's setting). The same in training and evaluation.
/// Vector-Jacobian: dγ += Σ_rows dY·X̂, dβ += Σ_rows dY, and with dX̂ = γ·dY, per row,
/// dX = (dX̂ − mean(dX̂) − X̂·mean(dX̂·X̂))/√(σ² + ε).
template <std::size_t Buffers>
struct layer_norm {
  static constexpr std::string_view text = "layer_norm";

  template <class X, class P>
  static constexpr detail::dims shape() {
    return detail::scale_shift_shape<X, P>();
  }

  /// X̂ and 1/√(σ² + ε) per row.
  template <class T, class N>
  struct state {
    simd::aligned_array<T, detail::elements_v<N>> normalized;
    simd::aligned_array<T, detail::rows_v<N>> inv_std;
  };

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    using T = typename V::value_type;
    constexpr std::size_t rows = detail::rows_v<typename V::node_type>, cols = detail::cols_v<typename V::node_type>;
    auto const* x = v.template operand<0>();
    auto const* gamma = v.template operand<1>();
    T const eps = v.buffers()[Buffers];
    auto& s = v.state();
    for (std::size_t r = 0; r < rows; ++r) {
      T const* xr = x + r * cols;
      T mean = 0, var = 0;
      for (std::size_t j = 0; j < cols; ++j) mean += xr[j];
      mean *= T(1) / T(cols);
      for (std::size_t j = 0; j < cols; ++j) var += (xr[j] - mean) * (xr[j] - mean);
      var *= T(1) / T(cols);
      T const inv = T(1) / std::sqrt(var + eps);
      s.inv_std[r] = inv;
      for (std::size_t j = 0; j < cols; ++j) s.normalized[r * cols + j] = (xr[j] - mean) * inv;
    }
    detail::scale_shift<rows, cols>(s.normalized.data(), gamma, v.value());
  }

  template <class V>
  CTGRAD_INLINE static void backward(V const& v) noexcept {
    using T = typename V::value_type;
    constexpr std::size_t rows = detail::rows_v<typename V::node_type>, cols = detail::cols_v<typename V::node_type>;
    auto const& s = v.state();
    auto const* dy = v.adjoint();
    auto const* xn = s.normalized.data();
    if constexpr (V::template active<1>) detail::scale_shift_backward<rows, cols>(dy, xn, v.template operand_adjoint<1>());
    if constexpr (V::template active<0>) {
      auto const* gamma = v.template operand<1>();
      auto* dx = v.template operand_adjoint<0>();
      for (std::size_t r = 0; r < rows; ++r) {
        T mean_dxn = 0, mean_dot = 0;
        for (std::size_t j = 0; j < cols; ++j) {
          T const dxn = gamma[j] * dy[r * cols + j];
          mean_dxn += dxn;
          mean_dot += dxn * xn[r * cols + j];
        }
        mean_dxn *= T(1) / T(cols);
        mean_dot *= T(1) / T(cols);
        for (std::size_t j = 0; j < cols; ++j) {
          T const d = (gamma[j] * dy[r * cols + j] - mean_dxn - xn[r * cols + j] * mean_dot) * s.inv_std[r];
          if constexpr (V::template first<0>) dx[r * cols + j] = d;
          else dx[r * cols + j] += d;
        }
      }
    }
  }
};

}  // namespace ctgrad::nn::op
