// ctgrad::nn::Residual: layers whose output is added to their input (a Transformer block's residual connections).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/layer_sequence.hpp>
#include <ctgrad/nn/ops/arithmetic.hpp>

namespace ctgrad::nn {

/// X + f(X), f being `Layers...` applied one after the other (their output has X's shape): makemore's
/// `x = x + self.attn(self.ln_1(x))`. Its parameters and buffers are its layers', in order; op::add joins the
/// two paths, and the gradient reaching X is the sum of both.
///
///     nn::Residual<nn::LayerNorm, nn::Linear<256>, nn::GELU, nn::Linear<64>>   // makemore's MLP of a block, C = 64
///     nn::Residual{nn::LayerNorm{}, nn::Linear<256>{.gain = 1.0}, nn::GELU{}, nn::Linear<64>{}}
template <class... Layers>
  requires(sizeof...(Layers) > 0)
struct Residual {
  static constexpr std::string_view name = "Residual";
  using sequence = detail::layer_sequence<Layers...>;
  /// Where layer K's parameters start, from the residual's first.
  template <class X, std::size_t K>
  static constexpr std::size_t offset_of = sequence::template layout<X>::template at<K>::offset;

  template <class X>
  static constexpr std::size_t parameter_count = sequence::template parameter_count<X>;
  template <class X>
  static constexpr std::size_t buffer_count = sequence::template buffer_count<X>;
  template <class X>
  static constexpr std::array<parameter_tensor, sequence::template tensor_count<X>> tensors = sequence::template tensors<X>;
  template <Numbers X, std::size_t Offset, std::size_t Buffers = 0>
  using apply = node<op::add, X, typename detail::output_stage_t<detail::stage<X, Offset, Buffers>, Layers...>::expression>;

  Residual() = default;
  explicit Residual(Layers... layers) : layers_{{std::move(layers)...}} {}

  template <class X, class T>
  void init(std::span<T> p, generator& gen) const {
    layers_.template init<X, T>(p, gen);
  }
  template <class X, class T>
  void init_buffers(std::span<T> b) const {
    layers_.template init_buffers<X, T>(b);
  }

 private:
  sequence layers_;
};

}  // namespace ctgrad::nn
