// ctgrad::nn::MLP, Layer and Neuron: the course's network with compile-time shapes, its parameters in one
// aligned block, its forward pass a tensor graph run on the simd kernels.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include <ctgrad/nn/init.hpp>
#include <ctgrad/nn/leaf.hpp>
#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/ops/activation.hpp>
#include <ctgrad/nn/ops/affine.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/nn/tensor.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/simd/element.hpp>

namespace ctgrad::nn {

/// The non-linearity of a layer.
enum class activation : std::uint8_t {
  tanh,    ///< the course (lecture 1)
  relu,    ///< micrograd's repository, hidden layers
  linear,  ///< none: micrograd's output layer
};

/// A layer of an MLP: its number of neurons and their non-linearity. A plain size in an MLP's list means tanh.
struct layer_spec {
  std::size_t size;
  activation act;
};

/// `size` tanh neurons: `nn::MLP<double, 3, nn::tanh(4), 4, 1>` is `nn::MLP<double, 3, 4, 4, 1>`.
[[nodiscard]] constexpr layer_spec tanh(std::size_t size) noexcept { return {size, activation::tanh}; }
/// `size` ReLU neurons: micrograd's hidden layers, `nn::MLP<double, 2, nn::relu(16), nn::relu(16), nn::linear(1)>`.
[[nodiscard]] constexpr layer_spec relu(std::size_t size) noexcept { return {size, activation::relu}; }
/// `size` neurons without a non-linearity: micrograd's output layer.
[[nodiscard]] constexpr layer_spec linear(std::size_t size) noexcept { return {size, activation::linear}; }

namespace detail {

constexpr layer_spec to_spec(layer_spec s) noexcept { return s; }
constexpr layer_spec to_spec(std::size_t size) noexcept { return {size, activation::tanh}; }

template <activation A, class X>
struct activate {
  using type = X;
};
template <class X>
struct activate<activation::tanh, X> {
  using type = node<op::tanh, X>;
};
template <class X>
struct activate<activation::relu, X> {
  using type = node<op::relu, X>;
};

/// The output expression of layers [L, M::layers) of model M applied to the batch expression X.
template <class X, class M, std::size_t L, bool Done = (L == M::layers)>
struct stack {
  using type = X;
};
template <class X, class M, std::size_t L>
struct stack<X, M, L, false> {
  using pre = node<op::affine, X, nodes::dense<M::offsets[L], M::widths[L], M::widths[L + 1]>>;
  using type = typename stack<typename activate<M::specs[L].act, pre>::type, M, L + 1>::type;
};

}  // namespace detail

/// The course's `MLP(nin, [sizes...])` with compile-time shapes: `In` inputs, then one layer per entry of
/// `Layers` (a size, meaning tanh neurons, or `nn::tanh(n)`, `nn::relu(n)`, `nn::linear(n)`). `T` is
/// `float` or `double`.
///
/// Parameters live in one 64-byte aligned block, layer by layer: W (In×Out, row-major: column j is neuron
/// j's weights), then b (Out). `parameters()` and `gradients()` view it; the forward pass is a tensor
/// graph (affine, then the activation, per layer) whose rules run the `ctgrad::simd` kernels.
///
///     ctgrad::nn::MLP<double, 3, 4, 4, 1> model{ctgrad::nn::init::micrograd(42)};
///     std::array<double, 1> y = model({2.0, 3.0, -1.0});
template <simd::Element T, std::size_t In, auto... Layers>
  requires(In > 0 && sizeof...(Layers) > 0)
class MLP {
 public:
  using value_type = T;
  static constexpr std::size_t layers = sizeof...(Layers);
  static constexpr std::array<layer_spec, layers> specs{detail::to_spec(Layers)...};
  /// widths[0] = In, widths[l + 1] = the size of layer l.
  static constexpr std::array<std::size_t, layers + 1> widths = [] {
    std::array<std::size_t, layers + 1> w{In};
    for (std::size_t l = 0; l < layers; ++l) w[l + 1] = specs[l].size;
    return w;
  }();
  /// offsets[l]: where layer l's W starts in the parameter block; offsets[layers] is the parameter count.
  static constexpr std::array<std::size_t, layers + 1> offsets = [] {
    std::array<std::size_t, layers + 1> o{0};
    for (std::size_t l = 0; l < layers; ++l) o[l + 1] = o[l] + (widths[l] + 1) * widths[l + 1];
    return o;
  }();
  static constexpr std::size_t inputs = In;
  static constexpr std::size_t outputs = widths[layers];
  static constexpr std::size_t parameter_count = offsets[layers];

  /// The network applied to the batch expression `X` (B×In), as a tensor-graph expression type.
  template <class X>
  using apply = typename detail::stack<X, MLP, 0>::type;
  /// The network's output for a batch of `B` samples (the first bound input), as an expression type.
  template <std::size_t B>
  using output_expression = apply<nodes::input<0, B, In>>;

  static_assert(((detail::to_spec(Layers).size > 0) && ...), "ctgrad::nn::MLP: every layer needs at least one neuron");

  /// Parameters from `init` (default: micrograd's uniform(−1, 1) from seed 42, the tape's weights), gradients 0.
  explicit MLP(init::uniform init = init::micrograd()) : data_(parameter_count), grad_(parameter_count, T(0)) {
    generator gen{init.seed};
    for (std::size_t l = 0; l < layers; ++l) {
      const std::size_t in = widths[l], out = widths[l + 1];
      const double k = init.bound(in);
      for (std::size_t j = 0; j < out; ++j) {
        for (std::size_t i = 0; i < in; ++i) weight(l, i, j) = static_cast<T>(k * gen.uniform(-1.0, 1.0));
        bias(l, j) = static_cast<T>(k * gen.uniform(-1.0, 1.0));
      }
    }
  }

  /// All parameters, contiguous: layer by layer, W (In×Out row-major) then b.
  [[nodiscard]] std::span<T, parameter_count> parameters() noexcept { return std::span<T, parameter_count>{data_.data(), parameter_count}; }
  [[nodiscard]] std::span<T const, parameter_count> parameters() const noexcept {
    return std::span<T const, parameter_count>{data_.data(), parameter_count};
  }
  /// d loss / d parameter, same layout as `parameters()`; gradients accumulate until `zero_grad()`.
  [[nodiscard]] std::span<T, parameter_count> gradients() noexcept { return std::span<T, parameter_count>{grad_.data(), parameter_count}; }
  [[nodiscard]] std::span<T const, parameter_count> gradients() const noexcept {
    return std::span<T const, parameter_count>{grad_.data(), parameter_count};
  }
  /// Every gradient = 0.
  void zero_grad() noexcept { std::fill(grad_.begin(), grad_.end(), T(0)); }

  /// Weight of input i into neuron j of layer l, and its bias.
  [[nodiscard]] T& weight(std::size_t l, std::size_t i, std::size_t j) noexcept { return data_[offsets[l] + i * widths[l + 1] + j]; }
  [[nodiscard]] T weight(std::size_t l, std::size_t i, std::size_t j) const noexcept { return data_[offsets[l] + i * widths[l + 1] + j]; }
  [[nodiscard]] T& bias(std::size_t l, std::size_t j) noexcept { return data_[offsets[l] + widths[l] * widths[l + 1] + j]; }
  [[nodiscard]] T bias(std::size_t l, std::size_t j) const noexcept { return data_[offsets[l] + widths[l] * widths[l + 1] + j]; }

  /// Position in `parameters()` of micrograd's k-th parameter (its order: neuron by neuron, w then b).
  [[nodiscard]] static constexpr std::size_t from_micrograd_order(std::size_t k) noexcept {
    std::size_t l = 0;
    while (k >= offsets[l + 1]) ++l;
    const std::size_t in = widths[l], out = widths[l + 1], r = k - offsets[l];
    const std::size_t j = r / (in + 1), i = r % (in + 1);
    return i == in ? offsets[l] + in * out + j : offsets[l] + i * out + j;
  }

  /// The outputs for a batch of samples (one per row). Allocates nothing (the graph's slots are on the stack).
  template <std::size_t B>
  [[nodiscard]] tensor<T, B, outputs> forward(tensor<T, B, In> const& xs) const noexcept {
    program<T, output_expression<B>, false> p;
    bindings<T> b{};
    b.parameters = data_.data();
    b.inputs[0] = xs.data();
    T const* y = p.forward(b);
    tensor<T, B, outputs> out;
    std::copy(y, y + B * outputs, out.begin());
    return out;
  }

  /// micrograd's `o = model(x); o.backward()` for a model with one output: returns o and adds d o / d p
  /// to `gradients()`. Allocates nothing.
  T backward(std::span<T const, In> x) noexcept
    requires(outputs == 1)
  {
    program<T, output_expression<1>> p;
    bindings<T> b{};
    b.parameters = data_.data();
    b.gradients = grad_.data();
    b.inputs[0] = x.data();
    return p.gradient(b);
  }

  /// The outputs for one sample.
  [[nodiscard]] std::array<T, outputs> operator()(std::span<T const, In> x) const noexcept {
    tensor<T, 1, In> xs;
    std::copy(x.begin(), x.end(), xs.begin());
    const tensor<T, 1, outputs> y = forward(xs);
    std::array<T, outputs> out;
    std::copy(y.begin(), y.end(), out.begin());
    return out;
  }
  [[nodiscard]] std::array<T, outputs> operator()(std::array<T, In> const& x) const noexcept {
    return (*this)(std::span<T const, In>{x});
  }

 private:
  simd::aligned_vector<T> data_;
  simd::aligned_vector<T> grad_;
};

/// The course's `Layer(nin, nout)`: `Out` neurons reading the same `In` inputs, non-linearity `A`.
template <simd::Element T, std::size_t In, std::size_t Out, activation A = activation::tanh>
using Layer = MLP<T, In, layer_spec{Out, A}>;

/// The course's `Neuron(nin)`: out = f(w·x + b).
template <simd::Element T, std::size_t N, activation A = activation::tanh>
using Neuron = MLP<T, N, layer_spec{1, A}>;

}  // namespace ctgrad::nn
