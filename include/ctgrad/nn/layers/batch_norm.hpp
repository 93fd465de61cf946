// ctgrad::nn::BatchNorm1d: the course's batch normalisation layer (part 3), with running statistics.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/ops/batch_norm.hpp>

namespace ctgrad::nn {

/// Normalises each of its C input features over the batch (or over every position of a sequence held as
/// rows), then scales and shifts them: the course's `BatchNorm1d(dim, eps, momentum)`, on op::batch_norm (whose
/// comment gives the rules). Parameters: γ ("weight", C, first 1) then β ("bias", C, first 0). Buffers:
/// running_mean (first 0), running_var (first 1), then ε and the momentum, the layer's settings.
///
///     nn::Linear<100, false>{}, nn::BatchNorm1d{.momentum = 0.001}, nn::Tanh{}
struct BatchNorm1d {
  static constexpr std::string_view name = "BatchNorm1d";
  double eps = 1e-5;
  double momentum = 0.1;

  template <class X>
  static constexpr std::size_t parameter_count = detail::scale_shift_parameters::count<X>;
  template <class X>
  static constexpr auto tensors = detail::scale_shift_parameters::tensors<X>;
  template <class X, class T>
  void init(std::span<T> p, generator&) const noexcept {
    detail::scale_shift_parameters::init<X>(p);
  }
  template <class X>
  static constexpr std::size_t buffer_count = 2 * detail::cols_v<X> + 2;
  template <Numbers X, std::size_t Offset, std::size_t Buffers>
  using apply = node<op::batch_norm<Buffers>, X, nodes::matrix<Offset, 2, detail::cols_v<X>>>;

  template <class X, class T>
  void init_buffers(std::span<T> b) const noexcept {
    constexpr std::size_t c = detail::cols_v<X>;
    for (std::size_t j = 0; j < c; ++j) {
      b[j] = T(0);
      b[c + j] = T(1);
    }
    b[2 * c] = static_cast<T>(eps);
    b[2 * c + 1] = static_cast<T>(momentum);
  }
};

}  // namespace ctgrad::nn
