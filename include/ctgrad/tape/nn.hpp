// ctgrad::tape::neuron, layer and mlp: the course's neural network, built from tape values.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <vector>

#include <ctgrad/random.hpp>
#include <ctgrad/tape/graph.hpp>

namespace ctgrad::tape {

/// The non-linearity a neuron applies to `w·x + b`.
enum class nonlinearity : std::uint8_t {
  tanh,    ///< the course (lecture 1)
  relu,    ///< micrograd's repository
  linear,  ///< none: micrograd's output layer
};

/// A contiguous run of parameter nodes on a graph, viewed as values.
class parameter_range {
 public:
  class iterator {
   public:
    using value_type = tape::value;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(graph* g, std::uint32_t i) : g_{g}, i_{i} {}
    tape::value operator*() const { return {*g_, i_}; }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    iterator operator++(int) {
      auto old = *this;
      ++i_;
      return old;
    }
    friend bool operator==(iterator x, iterator y) { return x.i_ == y.i_; }

   private:
    graph* g_ = nullptr;
    std::uint32_t i_ = 0;
  };

  parameter_range() = default;
  parameter_range(graph& g, std::uint32_t first, std::uint32_t count) : g_{&g}, first_{first}, count_{count} {}
  [[nodiscard]] iterator begin() const { return {g_, first_}; }
  [[nodiscard]] iterator end() const { return {g_, first_ + count_}; }
  [[nodiscard]] std::size_t size() const { return count_; }
  [[nodiscard]] tape::value operator[](std::size_t i) const { return {*g_, first_ + static_cast<std::uint32_t>(i)}; }

  /// p.grad = 0 for every parameter.
  void zero_grad() const {
    for (std::uint32_t i = first_; i < first_ + count_; ++i) (*g_)[i].grad = 0;
  }
  /// p.data -= learning_rate * p.grad for every parameter (one step of gradient descent).
  void sgd_step(double learning_rate) const {
    for (std::uint32_t i = first_; i < first_ + count_; ++i) (*g_)[i].data -= learning_rate * (*g_)[i].grad;
  }

 private:
  graph* g_ = nullptr;
  std::uint32_t first_ = 0;
  std::uint32_t count_ = 0;
};

namespace detail {
inline value activate(value v, nonlinearity f) {
  switch (f) {
    case nonlinearity::tanh: return v.tanh();
    case nonlinearity::relu: return v.relu();
    case nonlinearity::linear: return v;
  }
  return v;
}

/// Appends `count` parameters drawn from uniform(-1, 1) to `g`; returns the index of the first.
inline std::uint32_t make_parameters(graph& g, std::size_t count, generator& gen) {
  const auto first = static_cast<std::uint32_t>(g.size());
  for (std::size_t i = 0; i < count; ++i) (void)g.leaf(gen.uniform(-1.0, 1.0));
  return first;
}
}  // namespace detail

/// The course's `Neuron(nin)`: out = f(w·x + b), w and b drawn from uniform(-1, 1) in that order.
/// Its parameters are `nin + 1` consecutive nodes of the graph: w[0..nin), then b.
class neuron {
 public:
  neuron(graph& g, std::size_t nin, generator& gen, nonlinearity f = nonlinearity::tanh)
      : graph_{&g}, first_{detail::make_parameters(g, nin + 1, gen)}, nin_{static_cast<std::uint32_t>(nin)}, f_{f} {}

  /// f(b + w[0]*x[0] + w[1]*x[1] + ...), summed in micrograd's order.
  value operator()(std::span<const value> x) const {
    if (x.size() != nin_)
      throw std::invalid_argument("ctgrad::tape::neuron: expected " + std::to_string(nin_) + " inputs, got " +
                                  std::to_string(x.size()));
    value act = b();
    for (std::uint32_t i = 0; i < nin_; ++i) act = act + w(i) * x[i];
    return detail::activate(act, f_);
  }

  [[nodiscard]] value w(std::size_t i) const { return {*graph_, first_ + static_cast<std::uint32_t>(i)}; }
  [[nodiscard]] value b() const { return {*graph_, first_ + nin_}; }
  [[nodiscard]] std::size_t nin() const { return nin_; }
  [[nodiscard]] parameter_range parameters() const { return {*graph_, first_, nin_ + 1}; }
  void zero_grad() const { parameters().zero_grad(); }

 private:
  graph* graph_;
  std::uint32_t first_;
  std::uint32_t nin_;
  nonlinearity f_;
};

/// The course's `Layer(nin, nout)`: nout neurons reading the same inputs.
class layer {
 public:
  layer(graph& g, std::size_t nin, std::size_t nout, generator& gen, nonlinearity f = nonlinearity::tanh) {
    neurons_.reserve(nout);
    for (std::size_t i = 0; i < nout; ++i) neurons_.emplace_back(g, nin, gen, f);
  }

  /// Writes neuron i's output to out[i]; allocates nothing.
  void operator()(std::span<const value> x, std::span<value> out) const {
    for (std::size_t i = 0; i < neurons_.size(); ++i) out[i] = neurons_[i](x);
  }
  [[nodiscard]] std::vector<value> operator()(std::span<const value> x) const {
    std::vector<value> out(neurons_.size());
    (*this)(x, out);
    return out;
  }

  [[nodiscard]] std::size_t nin() const { return neurons_.front().nin(); }
  [[nodiscard]] std::size_t nout() const { return neurons_.size(); }
  [[nodiscard]] const std::vector<neuron>& neurons() const { return neurons_; }
  [[nodiscard]] parameter_range parameters() const {
    const auto first = neurons_.front().parameters();
    return {first[0].owner(), first[0].index(), static_cast<std::uint32_t>(nout() * (nin() + 1))};
  }
  void zero_grad() const { parameters().zero_grad(); }

 private:
  std::vector<neuron> neurons_;
};

/// How an `mlp` is initialised and which non-linearities it uses.
struct mlp_options {
  std::uint64_t seed = 42;                      ///< seeds the uniform(-1, 1) initialisation
  nonlinearity hidden = nonlinearity::tanh;     ///< every layer but the last
  nonlinearity output = nonlinearity::tanh;     ///< the last layer (the course uses tanh)

  /// micrograd's repository: ReLU hidden layers and a linear output.
  static constexpr mlp_options micrograd(std::uint64_t seed = 42) {
    return {seed, nonlinearity::relu, nonlinearity::linear};
  }
};

/// The course's `MLP(nin, [sizes...])`. All parameters are consecutive nodes of the graph, layer by layer,
/// neuron by neuron, w before b.
///
///     ctgrad::tape::graph g;
///     ctgrad::tape::mlp model{g, 3, {4, 4, 1}};
///     ctgrad::tape::value y = model(std::array{2.0, 3.0, -1.0})[0];
class mlp {
 public:
  mlp(graph& g, std::size_t nin, std::initializer_list<std::size_t> sizes, mlp_options options = {})
      : graph_{&g} {
    if (sizes.size() == 0) throw std::invalid_argument("ctgrad::tape::mlp: at least one layer size is needed");
    generator gen{options.seed};
    std::size_t in = nin;
    std::size_t widest = nin;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      const std::size_t out = sizes.begin()[i];
      layers_.emplace_back(g, in, out, gen, i + 1 == sizes.size() ? options.output : options.hidden);
      in = out;
      widest = std::max(widest, out);
    }
    for (auto& buffer : buffers_) buffer.resize(widest);
  }
  mlp(std::size_t nin, std::initializer_list<std::size_t> sizes, mlp_options options = {})
      : mlp{default_graph(), nin, sizes, options} {}

  /// The network's outputs for inputs `x`. The span is valid until the next call; copy what you keep.
  /// Allocates nothing (the graph grows by the nodes of this forward pass).
  std::span<const value> operator()(std::span<const value> x) {
    std::span<const value> in = x;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
      std::span<value> out{buffers_[i % 2].data(), layers_[i].nout()};
      layers_[i](in, out);
      in = out;
    }
    return in;
  }
  /// Plain numbers as inputs: each becomes a leaf on the graph first, as micrograd does.
  std::span<const value> operator()(std::span<const double> x) {
    auto& inputs = buffers_[2];
    inputs.resize(std::max(inputs.size(), x.size()));
    for (std::size_t i = 0; i < x.size(); ++i) inputs[i] = graph_->leaf(x[i]);
    return (*this)(std::span<const value>{inputs.data(), x.size()});
  }

  [[nodiscard]] const std::vector<layer>& layers() const { return layers_; }
  [[nodiscard]] parameter_range parameters() const {
    const auto first = layers_.front().parameters();
    std::size_t count = 0;
    for (const auto& l : layers_) count += l.parameters().size();
    return {*graph_, first[0].index(), static_cast<std::uint32_t>(count)};
  }
  void zero_grad() const { parameters().zero_grad(); }

 private:
  graph* graph_;
  std::vector<layer> layers_;
  std::vector<value> buffers_[3];  // two for alternating layer outputs, one for input leaves
};

}  // namespace ctgrad::tape
