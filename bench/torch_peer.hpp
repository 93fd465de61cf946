// bench/torch_peer.hpp: the libtorch side of bench_torch (the workloads as a libtorch user writes them) behind
// plain C++ types, so that bench_torch.cpp (C++20, ctgrad) never includes a torch header. torch_peer.cpp is
// compiled as C++17: libtorch 1.13's headers do not compile as C++20 with clang 14 (c10::List's inline code
// destroys a std::vector<c10::IValue> while IValue is incomplete, which C++20's constexpr vector rejects).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace torch_peer {

/// torch::set_num_threads(1): one core, as ctgrad's steps.
void use_one_thread();

/// One tanh neuron, double: o = tanh(w·x + b); o.backward(); gradients accumulate.
class neuron {
 public:
  /// `w_and_b`: n weights then the bias; `x`: n inputs.
  neuron(std::size_t n, const double* w_and_b, const double* x);
  ~neuron();
  neuron(const neuron&) = delete;
  neuron& operator=(const neuron&) = delete;
  double forward_backward();
  /// d o / d w (n values) then d o / d b, accumulated.
  [[nodiscard]] std::vector<double> gradients() const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

/// Linear(30 → 200) + tanh on a batch of 32, float: H = tanh(X·W + b); H.backward(dY).
class layer {
 public:
  static constexpr std::int64_t batch = 32, in = 30, out = 200;
  /// `x`: batch×in; `w_and_b`: W (in×out, row-major) then b (out); `dy`: batch×out.
  layer(const float* x, const float* w_and_b, const float* dy);
  ~layer();
  layer(const layer&) = delete;
  layer& operator=(const layer&) = delete;
  void forward_backward();
  /// dW (in×out) then db (out), accumulated.
  [[nodiscard]] std::vector<float> gradients() const;
  /// dX (batch×in), accumulated.
  [[nodiscard]] std::vector<float> input_gradient() const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

/// The course's MLP(3, [4, 4, 1]), tanh everywhere, double, on its four samples: one step is forward, sum of
/// squared errors, p.grad = None, backward, p −= lr dp; returns the loss.
class tiny_mlp {
 public:
  /// `parameters`: ctgrad's layout, layer by layer W (In×Out, row-major) then b.
  explicit tiny_mlp(const double* parameters);
  ~tiny_mlp();
  tiny_mlp(const tiny_mlp&) = delete;
  tiny_mlp& operator=(const tiny_mlp&) = delete;
  double step(double lr);

 private:
  struct state;
  std::unique_ptr<state> s_;
};

/// The course's makemore MLP (block 3, embedding 10, hidden 200, batch 32, vocabulary 27), float, the part 3
/// initialisation drawn by torch from `seed`, 64 minibatches of random indices drawn at construction.
/// One step: emb = C[Xb], h = tanh(emb·W1 + b1), logits = h·W2 + b2, loss = cross_entropy(logits, Yb),
/// p.grad = None, loss.backward(), p −= lr dp; returns the loss (before the update).
class makemore_mlp {
 public:
  static constexpr std::size_t batches = 64;
  explicit makemore_mlp(std::uint64_t seed);
  ~makemore_mlp();
  makemore_mlp(const makemore_mlp&) = delete;
  makemore_mlp& operator=(const makemore_mlp&) = delete;
  /// One step on minibatch `i % batches`.
  double step(std::size_t i, double lr);
  /// The loss of minibatch `i % batches` at the current parameters, by plain loops in double (the check).
  [[nodiscard]] double loss_by_loops(std::size_t i) const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

/// The course's later models as a libtorch user writes them (torch::nn modules and optimizers), float, batches
/// of 32 random tokens (64 drawn at construction, the weights' initialisation drawn by torch from `seed`):
///   mlp_bn:      part 3's MLP with BatchNorm (examples/mlp_bn.hpp), SGD lr 0.01;
///   wavenet:     part 5's WaveNet (examples/wavenet.hpp), SGD lr 0.01;
///   transformer: makemore.py's Transformer (examples/transformer.hpp, 16 positions a row), AdamW (lr 5e-4,
///                betas 0.9/0.99, eps 1e-8, weight decay 0.01);
/// BatchNorm1d in training mode. The same models as bench/pytorch_course_models.py and bench/pytorch_transformer.py.
/// One step: loss = cross_entropy(model(x), y), p.grad = None, backward, optimizer step; returns the loss.
class course_model {
 public:
  enum class kind { mlp_bn, wavenet, transformer };
  static constexpr std::size_t batches = 64;
  course_model(kind k, std::uint64_t seed);
  ~course_model();
  course_model(const course_model&) = delete;
  course_model& operator=(const course_model&) = delete;
  /// One step on minibatch `i % batches`.
  double step(std::size_t i);
  /// The number of trained values (every parameter tensor's elements; BatchNorm1d's running statistics are not).
  [[nodiscard]] std::size_t parameter_count() const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

}  // namespace torch_peer
