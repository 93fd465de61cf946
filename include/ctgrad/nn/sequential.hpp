// ctgrad::nn::Sequential: a model as a heterogeneous sequence of layers (the course's `Sequential([...])`),
// composed with Boost.Hana: its expression and parameter layout are a fold over the layer types, its layers a
// hana::tuple walked by for_each.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>

#include <boost/hana/at.hpp>

#include <ctgrad/nn/layer.hpp>
#include <ctgrad/nn/layer_sequence.hpp>
#include <ctgrad/nn/node.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/nn/tensor.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/simd/element.hpp>

namespace ctgrad::nn {


/// A view of one parameter tensor of a model: `rows`×`cols`, row-major, in the model's block.
template <class T>
struct parameter_view {
  parameter_tensor tensor;
  std::span<T> values;
  [[nodiscard]] T& operator()(std::size_t r, std::size_t c) const noexcept { return values[r * tensor.cols + c]; }
};

/// The course's `Sequential([...])` with compile-time shapes: an `Input` (nn::features<N> or nn::tokens<N>), then
/// `Layers...` in order, each a layer of nn (nn::SequentialLayer). `T` is `float` or `double`.
///
/// The model's output for a batch is one tensor expression (`output_expression<B>`), and its parameters are
/// one 64-byte aligned block, layer after layer, each layer's tensors in its order; both come from one fold
/// over the layer types. The layers themselves (their settings, as Linear's gain) are a hana::tuple.
///
///     nn::Sequential<float, nn::tokens<3>, nn::Embedding<27, 10>, nn::FlattenConsecutive<3>,
///                    nn::Linear<200>, nn::Tanh, nn::Linear<27>> model{42};
template <simd::Element T, class Input, class... Layers>
  requires(sizeof...(Layers) > 0)
class Sequential {
  using sequence = detail::layer_sequence<Layers...>;
  using layout = typename sequence::template layout<typename Input::template leaf<1>>;
  using output_stage = typename layout::output;

 public:
  using value_type = T;
  using input_type = Input;
  static constexpr std::size_t layer_count = sizeof...(Layers);
  /// The layers' output for the batch expression `X`, as an expression type.
  template <class X>
  using apply = typename detail::output_stage_t<detail::stage<X, 0, 0>, Layers...>::expression;
  /// The model's output for a batch of `B` samples (the first bound input).
  template <std::size_t B>
  using output_expression = apply<typename Input::template leaf<B>>;
  /// A batch of `B` samples' inputs, one sample per row: numbers (T) or tokens (std::int32_t).
  template <std::size_t B>
  using input_batch = tensor<typename Input::template element_type<T>, B, Input::size>;
  /// The type of layer K.
  template <std::size_t K>
  using layer_type = typename sequence::template layer_type<K>;
  /// The expression layer K takes (for one sample).
  template <std::size_t K>
  using layer_input = typename layout::template at<K>::expression;
  /// Layer K's output for a batch of `B` samples: a node of `output_expression<B>`, whose elements and gradient a
  /// program of it gives (`value<layer_output<B, K>>()`, `adjoint<...>()`): the course's activation statistics.
  template <std::size_t B, std::size_t K>
  using layer_output = typename sequence::template input<typename Input::template leaf<B>, K + 1>;
  /// The numbers of layer K's output for a batch of `B` samples.
  template <std::size_t B, std::size_t K>
  static constexpr std::size_t layer_output_size = detail::elements_v<layer_output<B, K>>;

  static constexpr std::size_t parameter_count = output_stage::offset;
  /// Where layer K's parameters start in the block.
  template <std::size_t K>
  static constexpr std::size_t offset_of = layout::template at<K>::offset;
  /// The numbers the layers keep besides their parameters (a BatchNorm1d's running statistics), and where layer
  /// K's start.
  static constexpr std::size_t buffer_count = output_stage::buffer_offset;
  template <std::size_t K>
  static constexpr std::size_t buffer_offset_of = layout::template at<K>::buffer_offset;
  /// Numbers (features) or tokens per sample, and outputs per sample.
  static constexpr std::size_t inputs = Input::size;
  static constexpr std::size_t outputs = detail::elements_v<typename output_stage::expression>;

  /// Layers of default settings, their parameters drawn from a generator seeded with `seed`.
  explicit Sequential(std::uint64_t seed = 42) : Sequential(seed, Layers{}...) {}

  /// These layers (their settings), their parameters drawn from a generator seeded with `seed`, layer after layer.
  Sequential(std::uint64_t seed, Layers... layers) : layers_{{std::move(layers)...}} {
    init_buffers();
    generator gen{seed};
    layers_.template init<typename Input::template leaf<1>, T>(std::span<T>{data_.data(), parameter_count}, gen);
  }

  /// Layer K (its settings).
  template <std::size_t K>
  [[nodiscard]] layer_type<K> const& layer() const noexcept {
    return boost::hana::at_c<K>(layers_.layers);
  }

  /// All parameters, contiguous, layer after layer.
  [[nodiscard]] std::span<T, parameter_count> parameters() noexcept { return std::span<T, parameter_count>{data_.data(), parameter_count}; }
  [[nodiscard]] std::span<T const, parameter_count> parameters() const noexcept {
    return std::span<T const, parameter_count>{data_.data(), parameter_count};
  }
  /// d loss / d parameter, same layout; gradients accumulate until `zero_grad()`.
  [[nodiscard]] std::span<T, parameter_count> gradients() noexcept { return std::span<T, parameter_count>{grad_.data(), parameter_count}; }
  [[nodiscard]] std::span<T const, parameter_count> gradients() const noexcept {
    return std::span<T const, parameter_count>{grad_.data(), parameter_count};
  }
  /// Every gradient = 0.
  void zero_grad() noexcept { std::fill(grad_.begin(), grad_.end(), T(0)); }
  /// The buffers, layer after layer (a BatchNorm1d's running mean and variance, then its ε and momentum; a
  /// LayerNorm's ε).
  [[nodiscard]] std::span<T, buffer_count> buffers() noexcept { return std::span<T, buffer_count>{buffers_.data(), buffer_count}; }
  [[nodiscard]] std::span<T const, buffer_count> buffers() const noexcept { return std::span<T const, buffer_count>{buffers_.data(), buffer_count}; }

  /// What a graph of this model binds: its parameters, gradients and buffers, training or evaluating (the caller
  /// adds the inputs).
  [[nodiscard]] bindings<T> bind(mode m) noexcept {
    bindings<T> b{};
    b.parameters = data_.data();
    b.gradients = grad_.data();
    b.buffers = buffers_.data();
    b.training = m == mode::training;
    return b;
  }

  /// Tensor I of layer K's parameters (its name, shape, values): `model.parameter<2, 0>()(i, j)` is the
  /// weight of input i into neuron j of a Linear at position 2.
  template <std::size_t K, std::size_t I>
  [[nodiscard]] parameter_view<T> parameter() noexcept {
    return view<K, I>(data_.data());
  }
  template <std::size_t K, std::size_t I>
  [[nodiscard]] parameter_view<T const> parameter() const noexcept {
    return view<K, I>(data_.data());
  }
  /// The gradient of tensor I of layer K.
  template <std::size_t K, std::size_t I>
  [[nodiscard]] parameter_view<T const> gradient() const noexcept {
    return view<K, I>(grad_.data());
  }

  /// Calls `f(k, layer_name, tensor, values)` for every parameter tensor, in the block's order (`tensor.offset`
  /// is from the block's start): what a checkpoint or a diagnostic walks.
  template <class F>
  void for_each_parameter(F&& f) const {
    for_each_layer([&]<std::size_t K, class L>(L const&) {
      for (parameter_tensor t : L::template tensors<layer_input<K>>) {
        t.offset += offset_of<K>;
        f(K, L::name, t, std::span<T const>{data_.data() + t.offset, t.size()});
      }
    });
  }

  /// The outputs for a batch of samples (one per row). Allocates nothing (the graph's slots are on the stack:
  /// for a large model, run an nn::program of `output_expression<B>` kept on the heap instead).
  template <std::size_t B>
  [[nodiscard]] tensor<T, B, outputs> forward(tensor<typename Input::template element_type<T>, B, inputs> const& xs) const noexcept {
    program<T, output_expression<B>, false> p;
    bindings<T> b{};
    b.parameters = data_.data();
    b.buffers = const_cast<T*>(buffers_.data());  // evaluation: the buffers are only read
    b.inputs[0] = xs.data();
    T const* y = p.forward(b);
    tensor<T, B, outputs> out;
    std::copy(y, y + B * outputs, out.begin());
    return out;
  }

 protected:
  struct uninitialized {};
  /// Layers of default settings, every parameter 0 (for a model that draws its own first values).
  explicit Sequential(uninitialized) { init_buffers(); }

  /// Calls `f.template operator()<K>(layer)` for each layer K, in order.
  template <class F>
  void for_each_layer(F&& f) const {
    layers_.for_each(std::forward<F>(f));
  }

 private:
  template <std::size_t K, std::size_t I, class P>
  static parameter_view<std::remove_pointer_t<P>> view(P block) noexcept {
    parameter_tensor const t = layer_type<K>::template tensors<layer_input<K>>[I];
    return {t, std::span<std::remove_pointer_t<P>>{block + offset_of<K> + t.offset, t.size()}};
  }

  void init_buffers() { layers_.template init_buffers<typename Input::template leaf<1>, T>(std::span<T>{buffers_.data(), buffer_count}); }

  sequence layers_;
  simd::aligned_vector<T> data_ = simd::aligned_vector<T>(parameter_count, T(0));
  simd::aligned_vector<T> grad_ = simd::aligned_vector<T>(parameter_count, T(0));
  simd::aligned_vector<T> buffers_ = simd::aligned_vector<T>(buffer_count, T(0));
};

}  // namespace ctgrad::nn
