// ctgrad::nn's concepts: what a model, a loss and a learning-rate schedule must provide, so that misuse of the
// trainer is one sentence (trainer.hpp states each as its first error) instead of errors from inside it.
#pragma once

#include <concepts>
#include <cstddef>

#include <ctgrad/nn/sweep.hpp>

namespace ctgrad::nn {

/// A model of `nn`: its number type, shapes, parameters and gradients in one block, the type of a batch of its
/// inputs and its output expression for a batch (nn::Sequential, nn::MLP, nn::Layer).
template <class M>
concept Model = requires(M& m, mode training) {
  typename M::value_type;
  { M::parameter_count } -> std::convertible_to<std::size_t>;
  { M::inputs } -> std::convertible_to<std::size_t>;
  { M::outputs } -> std::convertible_to<std::size_t>;
  typename M::template output_expression<1>;
  typename M::template input_batch<1>;
  m.parameters();
  m.gradients();
  m.zero_grad();
  { m.bind(training) } -> std::same_as<bindings<typename M::value_type>>;
};

/// A loss of `nn::loss` for model `M` on batches of `B`: the loss expression of the model's outputs, the type of
/// its targets, and what it binds (nn::loss::sse, hinge, cross_entropy).
template <class L, class M, std::size_t B>
concept LossFor = Model<M> && requires(L const& l, bindings<typename M::value_type>& b) {
  typename L::template expression<typename M::template output_expression<B>, M::parameter_count>;
  typename L::template targets<typename M::value_type, B, M::outputs>;
  l.bind(b);
};

/// A learning-rate schedule: the rate of step k (from 0), as nn::schedule's.
template <class S>
concept Schedule = requires(S const& s, std::size_t k) {
  { s(k) } -> std::convertible_to<double>;
};

}  // namespace ctgrad::nn
