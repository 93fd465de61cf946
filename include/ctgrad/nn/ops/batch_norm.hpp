// ctgrad::nn::op::batch_norm<Buffers>: the course's batch normalisation (part 3) of each column of a tensor, with
// running statistics kept in the model's buffers.
#pragma once

#include <cmath>
#include <cstddef>
#include <string_view>

#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/ops/scale_shift.hpp>
#include <ctgrad/nn/sweep.hpp>

namespace ctgrad::nn::op {

/// Y = γ·X̂ + β for X (R×C: R samples, or positions, of C features) and a parameter block of two rows (γ, then
/// β, C each), X̂ being each column normalised:
///   - in training (`bindings::training`, R > 1): X̂ = (X − μ)/√(σ² + ε) with the column's mean μ and variance
///     σ² over the R rows, the variance unbiased (÷ (R − 1)) as in the course's BatchNorm1d (torch.nn.BatchNorm1d
///     divides by R there); then running_mean ← (1 − m)·running_mean + m·μ and running_var likewise;
///   - in evaluation (or with a single row): X̂ = (X − running_mean)/√(running_var + ε).
/// The model's buffers hold, from element `Buffers`: running_mean (C), running_var (C), ε, m.
/// Vector-Jacobian: dγ += Σ_rows dY·X̂, dβ += Σ_rows dY; dX̂ = γ·dY and, with the batch's statistics,
/// dX = (dX̂ − mean(dX̂) − X̂·Σ(dX̂·X̂)/(R − 1))/√(σ² + ε) per column, else dX = dX̂/√(running_var + ε).
template <std::size_t Buffers>
struct batch_norm {
  static constexpr std::string_view text = "batch_norm";

  template <class X, class P>
  static constexpr detail::dims shape() {
    return detail::scale_shift_shape<X, P>();
  }

  /// X̂, 1/√(σ² + ε) per column, and whether the batch's statistics were used.
  template <class T, class N>
  struct state {
    simd::aligned_array<T, detail::elements_v<N>> normalized;
    simd::aligned_array<T, detail::cols_v<N>> inv_std;
    bool batch_statistics = false;
  };

  template <class V>
  CTGRAD_INLINE static void forward(V const& v) noexcept {
    using T = typename V::value_type;
    constexpr std::size_t rows = detail::rows_v<typename V::node_type>, cols = detail::cols_v<typename V::node_type>;
    auto const* x = v.template operand<0>();
    auto const* gamma = v.template operand<1>();
    T* running_mean = v.buffers() + Buffers;
    T* running_var = running_mean + cols;
    T const eps = running_var[cols], momentum = running_var[cols + 1];
    auto& s = v.state();
    s.batch_statistics = rows > 1 && v.training();
    T mean[cols];
    if (s.batch_statistics) {
      T var[cols];
      for (std::size_t j = 0; j < cols; ++j) mean[j] = var[j] = T(0);
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t j = 0; j < cols; ++j) mean[j] += x[r * cols + j];
      }
      for (std::size_t j = 0; j < cols; ++j) mean[j] *= T(1) / T(rows);
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t j = 0; j < cols; ++j) {
          T const d = x[r * cols + j] - mean[j];
          var[j] += d * d;
        }
      }
      for (std::size_t j = 0; j < cols; ++j) {
        var[j] *= T(1) / T(rows > 1 ? rows - 1 : 1);
        s.inv_std[j] = T(1) / std::sqrt(var[j] + eps);
        running_mean[j] = (T(1) - momentum) * running_mean[j] + momentum * mean[j];
        running_var[j] = (T(1) - momentum) * running_var[j] + momentum * var[j];
      }
    } else {
      for (std::size_t j = 0; j < cols; ++j) {
        mean[j] = running_mean[j];
        s.inv_std[j] = T(1) / std::sqrt(running_var[j] + eps);
      }
    }
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t j = 0; j < cols; ++j) s.normalized[r * cols + j] = (x[r * cols + j] - mean[j]) * s.inv_std[j];
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
      T mean_dxn[cols], dot[cols];  // mean(dX̂) and Σ dX̂·X̂ / (R − 1), per column; zero without the batch's statistics
      for (std::size_t j = 0; j < cols; ++j) mean_dxn[j] = dot[j] = T(0);
      if (s.batch_statistics) {
        for (std::size_t r = 0; r < rows; ++r) {
          for (std::size_t j = 0; j < cols; ++j) {
            T const dxn = gamma[j] * dy[r * cols + j];
            mean_dxn[j] += dxn;
            dot[j] += dxn * xn[r * cols + j];
          }
        }
        for (std::size_t j = 0; j < cols; ++j) {
          mean_dxn[j] *= T(1) / T(rows);
          dot[j] *= T(1) / T(rows > 1 ? rows - 1 : 1);
        }
      }
      for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t j = 0; j < cols; ++j) {
          T const d = (gamma[j] * dy[r * cols + j] - mean_dxn[j] - xn[r * cols + j] * dot[j]) * s.inv_std[j];
          if constexpr (V::template first<0>) dx[r * cols + j] = d;
          else dx[r * cols + j] += d;
        }
      }
    }
  }
};

}  // namespace ctgrad::nn::op
