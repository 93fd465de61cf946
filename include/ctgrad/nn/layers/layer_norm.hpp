// ctgrad::nn::LayerNorm: layer normalisation of each sample's (or position's) features (makemore's Transformer).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/ops/layer_norm.hpp>

namespace ctgrad::nn {

/// Normalises each row's C features, then scales and shifts them: `torch.nn.LayerNorm(C, eps)`, on
/// op::layer_norm (whose comment gives the rules). Parameters: γ ("weight", C, first 1) then β ("bias", C,
/// first 0); its one buffer holds ε, the layer's setting.
struct LayerNorm {
  static constexpr std::string_view name = "LayerNorm";
  double eps = 1e-5;

  template <class X>
  static constexpr std::size_t parameter_count = detail::scale_shift_parameters::count<X>;
  template <class X>
  static constexpr auto tensors = detail::scale_shift_parameters::tensors<X>;
  template <class X, class T>
  void init(std::span<T> p, generator&) const noexcept {
    detail::scale_shift_parameters::init<X>(p);
  }
  template <class X>
  static constexpr std::size_t buffer_count = 1;
  template <Numbers X, std::size_t Offset, std::size_t Buffers>
  using apply = node<op::layer_norm<Buffers>, X, nodes::matrix<Offset, 2, detail::cols_v<X>>>;

  template <class X, class T>
  void init_buffers(std::span<T> b) const noexcept {
    b[0] = static_cast<T>(eps);
  }
};

}  // namespace ctgrad::nn
