// ctgrad::nn::Linear: the course's dense layer, X·W + b, on the affine op.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string_view>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/ops/affine.hpp>

namespace ctgrad::nn {

namespace detail {

/// A Linear layer's tensors: W (In×Out), then b (Out) if it has one.
template <bool Bias>
constexpr std::array<parameter_tensor, Bias ? 2 : 1> linear_tensors(std::size_t in, std::size_t out) noexcept {
  if constexpr (Bias) {
    return {{{"weight", 0, in, out}, {"bias", in * out, 1, out}}};
  } else {
    return {{{"weight", 0, in, out}}};
  }
}

}  // namespace detail

/// `Out` neurons reading every feature of their input: Y = X·W + 1·bᵀ (with `Bias`; else Y = X·W, the course's
/// `Linear(..., bias=False)` before a BatchNorm1d). W is In×Out, row-major (column j: neuron j's weights), then
/// b (Out), from the layer's offset. Its first values are the course's (part 3): W ~ N(0, 1)·gain/√In, and b
/// from N(0, 1)·bias_scale (drawn only when bias_scale is not 0, else 0).
///
///     nn::Linear<200>{.gain = 5.0 / 3.0}   // followed by Tanh: the course's Kaiming gain
template <std::size_t Out, bool Bias = true>
  requires(Out > 0)
struct Linear {
  static constexpr std::string_view name = "Linear";
  double gain = 1.0;
  double bias_scale = 0.0;

  template <class X>
  static constexpr std::size_t parameter_count = (detail::cols_v<X> + (Bias ? 1 : 0)) * Out;
  template <Numbers X, std::size_t Offset>
  using apply = node<op::affine, X, nodes::dense<Offset, detail::cols_v<X>, Out, Bias>>;
  template <class X>
  static constexpr std::array<parameter_tensor, Bias ? 2 : 1> tensors = detail::linear_tensors<Bias>(detail::cols_v<X>, Out);

  template <class X, class T>
  void init(std::span<T> p, generator& gen) const {
    constexpr std::size_t in = detail::cols_v<X>;
    const double scale = gain / std::sqrt(static_cast<double>(in));
    for (std::size_t k = 0; k < in * Out; ++k) p[k] = static_cast<T>(gen.normal() * scale);
    if constexpr (Bias) {
      for (std::size_t j = 0; j < Out; ++j) p[in * Out + j] = bias_scale == 0.0 ? T(0) : static_cast<T>(gen.normal() * bias_scale);
    }
  }
};

}  // namespace ctgrad::nn
