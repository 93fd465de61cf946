// bench/torch_peer.cpp: bench_torch's workloads written with libtorch (C++17; see torch_peer.hpp for why).
#include "torch_peer.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include <torch/torch.h>

namespace torch_peer {
namespace {

template <typename T>
torch::Tensor tensor_of(const T* data, std::vector<std::int64_t> shape, bool requires_grad = false) {
  constexpr auto dtype = std::is_same_v<T, double> ? torch::kFloat64 : torch::kFloat32;
  return torch::from_blob(const_cast<T*>(data), shape, torch::TensorOptions{}.dtype(dtype)).clone().set_requires_grad(requires_grad);
}

template <typename T>
std::vector<T> values_of(const torch::Tensor& t) {
  const torch::Tensor c = t.contiguous();
  return std::vector<T>(c.data_ptr<T>(), c.data_ptr<T>() + c.numel());
}

// The course's `p.grad = None` before backward, and `p.data += -lr * p.grad` after it.
void zero_grad(std::vector<torch::Tensor>& parameters) {
  for (auto& p : parameters) p.mutable_grad() = torch::Tensor{};
}
void sgd(std::vector<torch::Tensor>& parameters, double lr) {
  torch::NoGradGuard no_grad;
  for (auto& p : parameters) p.add_(p.grad(), -lr);
}

}  // namespace

void use_one_thread() { torch::set_num_threads(1); }

// ---------------------------------------------------------------------------------------------------------
struct neuron::state {
  torch::Tensor w, b, x;
};

neuron::neuron(std::size_t n, const double* w_and_b, const double* x)
    : s_{new state{tensor_of(w_and_b, {static_cast<std::int64_t>(n)}, true), tensor_of(w_and_b + n, {}, true),
                   tensor_of(x, {static_cast<std::int64_t>(n)})}} {}
neuron::~neuron() = default;

double neuron::forward_backward() {
  torch::Tensor o = torch::tanh(torch::dot(s_->w, s_->x) + s_->b);
  o.backward();
  return o.item<double>();
}

std::vector<double> neuron::gradients() const {
  std::vector<double> g = values_of<double>(s_->w.grad());
  g.push_back(s_->b.grad().item<double>());
  return g;
}

// ---------------------------------------------------------------------------------------------------------
struct layer::state {
  torch::Tensor x, w, b, dy;
};

layer::layer(const float* x, const float* w_and_b, const float* dy)
    : s_{new state{tensor_of(x, {batch, in}, true), tensor_of(w_and_b, {in, out}, true), tensor_of(w_and_b + in * out, {out}, true),
                   tensor_of(dy, {batch, out})}} {}
layer::~layer() = default;

void layer::forward_backward() {
  torch::Tensor h = torch::tanh(torch::addmm(s_->b, s_->x, s_->w));
  h.backward(s_->dy);
}

std::vector<float> layer::gradients() const {
  std::vector<float> g = values_of<float>(s_->w.grad());
  const std::vector<float> db = values_of<float>(s_->b.grad());
  g.insert(g.end(), db.begin(), db.end());
  return g;
}

std::vector<float> layer::input_gradient() const { return values_of<float>(s_->x.grad()); }

// ---------------------------------------------------------------------------------------------------------
struct tiny_mlp::state {
  std::vector<torch::Tensor> p;  // W1, b1, W2, b2, W3, b3
  torch::Tensor xs = torch::tensor({2.0, 3.0, -1.0, 3.0, -1.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, -1.0}, torch::kFloat64).view({4, 3});
  torch::Tensor ys = torch::tensor({1.0, -1.0, -1.0, 1.0}, torch::kFloat64).view({4, 1});
};

tiny_mlp::tiny_mlp(const double* parameters) : s_{new state{}} {
  const std::int64_t sizes[] = {3, 4, 4, 1};
  for (std::size_t l = 0; l + 1 < std::size(sizes); ++l) {
    s_->p.push_back(tensor_of(parameters, {sizes[l], sizes[l + 1]}, true));
    parameters += sizes[l] * sizes[l + 1];
    s_->p.push_back(tensor_of(parameters, {sizes[l + 1]}, true));
    parameters += sizes[l + 1];
  }
}
tiny_mlp::~tiny_mlp() = default;

double tiny_mlp::step(double lr) {
  torch::Tensor h = s_->xs;
  for (std::size_t l = 0; l < s_->p.size(); l += 2) h = torch::tanh(torch::addmm(s_->p[l + 1], h, s_->p[l]));
  torch::Tensor loss = (h - s_->ys).pow(2).sum();
  zero_grad(s_->p);
  loss.backward();
  sgd(s_->p, lr);
  return loss.item<double>();
}

// ---------------------------------------------------------------------------------------------------------
namespace {
constexpr std::int64_t mm_block = 3, mm_emb = 10, mm_hidden = 200, mm_batch = 32, mm_vocab = 27;
}

struct makemore_mlp::state {
  std::vector<torch::Tensor> p;  // C, W1, b1, W2, b2
  std::vector<torch::Tensor> xs, ys;
};

makemore_mlp::makemore_mlp(std::uint64_t seed) : s_{new state{}} {
  torch::manual_seed(seed);
  const auto f = torch::kFloat32;
  auto& p = s_->p;
  p.push_back(torch::randn({mm_vocab, mm_emb}, f));
  p.push_back(torch::randn({mm_block * mm_emb, mm_hidden}, f) * (5.0 / 3.0) / std::sqrt(double{mm_block * mm_emb}));
  p.push_back(torch::randn({mm_hidden}, f) * 0.01);
  p.push_back(torch::randn({mm_hidden, mm_vocab}, f) * 0.01);
  p.push_back(torch::zeros({mm_vocab}, f));
  for (auto& t : p) t.set_requires_grad(true);
  for (std::size_t i = 0; i < batches; ++i) {
    s_->xs.push_back(torch::randint(mm_vocab, {mm_batch, mm_block}, torch::kInt64));
    s_->ys.push_back(torch::randint(mm_vocab, {mm_batch}, torch::kInt64));
  }
}
makemore_mlp::~makemore_mlp() = default;

double makemore_mlp::step(std::size_t i, double lr) {
  auto& p = s_->p;
  const torch::Tensor& xb = s_->xs[i % batches];
  const torch::Tensor& yb = s_->ys[i % batches];
  torch::Tensor emb = torch::embedding(p[0], xb).view({mm_batch, mm_block * mm_emb});
  torch::Tensor h = torch::tanh(torch::addmm(p[2], emb, p[1]));
  torch::Tensor logits = torch::addmm(p[4], h, p[3]);
  torch::Tensor loss = torch::nn::functional::cross_entropy(logits, yb);
  zero_grad(p);
  loss.backward();
  sgd(p, lr);
  return loss.item<double>();
}

double makemore_mlp::loss_by_loops(std::size_t i) const {
  torch::NoGradGuard no_grad;
  const auto c = s_->p[0].accessor<float, 2>();
  const auto w1 = s_->p[1].accessor<float, 2>();
  const auto b1 = s_->p[2].accessor<float, 1>();
  const auto w2 = s_->p[3].accessor<float, 2>();
  const auto b2 = s_->p[4].accessor<float, 1>();
  const auto x = s_->xs[i % batches].accessor<std::int64_t, 2>();
  const auto y = s_->ys[i % batches].accessor<std::int64_t, 1>();
  double total = 0;
  std::vector<double> h(mm_hidden), logits(mm_vocab);
  for (std::int64_t r = 0; r < mm_batch; ++r) {
    for (std::int64_t j = 0; j < mm_hidden; ++j) {
      double s = b1[j];
      for (std::int64_t t = 0; t < mm_block; ++t)
        for (std::int64_t e = 0; e < mm_emb; ++e) s += double{c[x[r][t]][e]} * w1[t * mm_emb + e][j];
      h[static_cast<std::size_t>(j)] = std::tanh(s);
    }
    double top = -HUGE_VAL;
    for (std::int64_t v = 0; v < mm_vocab; ++v) {
      double s = b2[v];
      for (std::int64_t j = 0; j < mm_hidden; ++j) s += h[static_cast<std::size_t>(j)] * w2[j][v];
      logits[static_cast<std::size_t>(v)] = s;
      top = std::max(top, s);
    }
    double z = 0;
    for (double l : logits) z += std::exp(l - top);
    total += top + std::log(z) - logits[static_cast<std::size_t>(y[r])];
  }
  return total / mm_batch;
}

}  // namespace torch_peer
