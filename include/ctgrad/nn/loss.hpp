// ctgrad::nn::loss: sum of squared errors, hinge + L2, softmax cross-entropy, as builders of a model's loss
// expression (one static tensor expression per model, batch size and loss).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctgrad/nn/leaf.hpp>
#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/ops/arithmetic.hpp>
#include <ctgrad/nn/ops/loss.hpp>
#include <ctgrad/nn/sweep.hpp>
#include <ctgrad/nn/tensor.hpp>

namespace ctgrad::nn::loss {

/// Σ (prediction − target)² over the batch and the outputs: the course's loss. Targets are a
/// `tensor<T, B, outputs>`.
struct sse {
  template <class Out, std::size_t ParameterCount>
  using expression = node<op::sse, Out, nodes::input<1, detail::rows_v<Out>, detail::cols_v<Out>>>;
  template <class T, std::size_t B, std::size_t Outputs>
  using targets = tensor<T, B, Outputs>;
  template <class T>
  void bind(bindings<T>&) const noexcept {}
};

/// micrograd's demo loss: mean max-margin (1/B) Σ max(0, 1 − y_i·score_i) with labels y = ±1 (a
/// `tensor<T, B, 1>`), plus `l2`·Σ p² over every parameter.
struct hinge {
  double l2 = 0.0;

  template <class Out, std::size_t ParameterCount>
  using expression = node<op::add, node<op::hinge, Out, nodes::input<1, detail::rows_v<Out>, 1>>,
                          node<op::scale<0>, node<op::sum_squares, nodes::all_parameters<ParameterCount>>>>;
  template <class T, std::size_t B, std::size_t Outputs>
  using targets = tensor<T, B, 1>;
  template <class T>
  void bind(bindings<T>& b) const noexcept {
    b.constants[0] = static_cast<T>(l2);
  }
};

/// Mean softmax cross-entropy of the outputs (logits) against one class index per sample (a
/// `std::array<std::int32_t, B>`), numerically stable.
struct cross_entropy {
  template <class Out, std::size_t ParameterCount>
  using expression = node<op::cross_entropy, Out, nodes::labels<1, detail::rows_v<Out>>>;
  template <class T, std::size_t B, std::size_t Outputs>
  using targets = std::array<std::int32_t, B>;
  template <class T>
  void bind(bindings<T>&) const noexcept {}
};

}  // namespace ctgrad::nn::loss
