// ctgrad::nn::Tanh, ReLU and GELU: element-wise non-linearities as layers.
#pragma once

#include <string_view>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/ops/activation.hpp>

namespace ctgrad::nn {

/// Y = tanh(X), element-wise (the course's non-linearity).
struct Tanh : stateless_layer {
  static constexpr std::string_view name = "Tanh";
  template <Numbers X, std::size_t Offset>
  using apply = node<op::tanh, X>;
};

/// Y = max(X, 0), element-wise (micrograd's hidden layers).
struct ReLU : stateless_layer {
  static constexpr std::string_view name = "ReLU";
  template <Numbers X, std::size_t Offset>
  using apply = node<op::relu, X>;
};

/// GELU in the tanh form, element-wise (makemore's Transformer: its NewGELU).
struct GELU : stateless_layer {
  static constexpr std::string_view name = "GELU";
  template <Numbers X, std::size_t Offset>
  using apply = node<op::gelu, X>;
};

}  // namespace ctgrad::nn
