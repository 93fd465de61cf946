// bench/torch_peer.cpp: bench_torch's workloads written with libtorch (C++17; see torch_peer.hpp for why).
#include "torch_peer.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
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

// ---------------------------------------------------------------------------------------------------------
namespace {
constexpr std::int64_t course_vocab = 27, course_batch = 32;

// Linear layers of the course: no bias unless asked, weights N(0, 1)·gain/√fan_in.
torch::nn::Linear course_linear(std::int64_t in, std::int64_t out, double gain, bool bias = false) {
  torch::nn::Linear linear{torch::nn::LinearOptions(in, out).bias(bias)};
  torch::NoGradGuard no_grad;
  linear->weight.normal_().mul_(gain / std::sqrt(static_cast<double>(in)));
  if (bias) linear->bias.zero_();
  return linear;
}

// Part 3: Embedding(27, 10), flatten, five times [Linear(·, 100), BatchNorm1d, Tanh], Linear(100, 27),
// BatchNorm1d(27) whose weight starts at 0.1.
torch::nn::Sequential mlp_bn_model() {
  constexpr double tanh_gain = 5.0 / 3.0;
  torch::nn::Sequential net{torch::nn::Embedding(course_vocab, 10), torch::nn::Flatten()};
  std::int64_t fan_in = 30;
  for (int l = 0; l < 5; ++l, fan_in = 100) {
    net->push_back(course_linear(fan_in, 100, tanh_gain));
    net->push_back(torch::nn::BatchNorm1d(100));
    net->push_back(torch::nn::Tanh());
  }
  net->push_back(course_linear(100, course_vocab, tanh_gain));
  torch::nn::BatchNorm1d last{course_vocab};
  {
    torch::NoGradGuard no_grad;
    last->weight.mul_(0.1);
  }
  net->push_back(last);
  return net;
}

// Part 5: Embedding(27, 24), three times [FlattenConsecutive(2), Linear(·, 128), BatchNorm1d, Tanh],
// Linear(128, 27) with a bias, its weights × 0.1. The course's (B, T, C) tensors are held as B·T rows of C, so
// FlattenConsecutive(2) is a reshape to half the rows and twice the columns, and BatchNorm1d over the rows is the
// course's mean and variance over dims (0, 1).
torch::nn::Sequential wavenet_model() {
  const auto pairs = [](torch::Tensor x) { return x.reshape({-1, 2 * x.size(-1)}); };
  torch::nn::Sequential net{torch::nn::Embedding(course_vocab, 24)};
  std::int64_t fan_in = 24;
  for (int l = 0; l < 3; ++l, fan_in = 128) {
    net->push_back(torch::nn::Functional(pairs));
    net->push_back(course_linear(2 * fan_in, 128, 1.0));
    net->push_back(torch::nn::BatchNorm1d(128));
    net->push_back(torch::nn::Tanh());
  }
  torch::nn::Linear head = course_linear(128, course_vocab, 0.1, true);
  net->push_back(head);
  return net;
}

// makemore.py's Transformer: token and position embeddings, 4 pre-LayerNorm blocks of causal self-attention (4
// heads) and a GELU (tanh form) MLP with residual connections, ln_f, lm_head without a bias.
constexpr std::int64_t gpt_block = 16, gpt_embedding = 64, gpt_heads = 4, gpt_layers = 4;

struct attention_impl : torch::nn::Module {
  attention_impl()
      : qkv{register_module("qkv", torch::nn::Linear(gpt_embedding, 3 * gpt_embedding))},
        out{register_module("out", torch::nn::Linear(gpt_embedding, gpt_embedding))},
        mask{register_buffer("mask", torch::ones({gpt_block, gpt_block}, torch::kBool).tril())} {}
  torch::Tensor forward(const torch::Tensor& x) {
    const std::int64_t b = x.size(0), t = x.size(1), c = x.size(2), d = c / gpt_heads;
    const std::vector<torch::Tensor> parts = qkv(x).split(gpt_embedding, 2);
    const auto heads = [&](const torch::Tensor& z) { return z.view({b, t, gpt_heads, d}).transpose(1, 2); };
    const torch::Tensor q = heads(parts[0]), k = heads(parts[1]), v = heads(parts[2]);
    const torch::Tensor scores = q.matmul(k.transpose(-2, -1)) / std::sqrt(static_cast<double>(d));
    const torch::Tensor weights = torch::softmax(scores.masked_fill(mask.logical_not(), -INFINITY), -1);
    return out(weights.matmul(v).transpose(1, 2).reshape({b, t, c}));
  }
  torch::nn::Linear qkv, out;
  torch::Tensor mask;
};
TORCH_MODULE_IMPL(attention, attention_impl);

struct block_impl : torch::nn::Module {
  block_impl()
      : ln1{register_module("ln1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({gpt_embedding})))},
        attn{register_module("attn", attention())},
        ln2{register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({gpt_embedding})))},
        fc{register_module("fc", torch::nn::Linear(gpt_embedding, 4 * gpt_embedding))},
        proj{register_module("proj", torch::nn::Linear(4 * gpt_embedding, gpt_embedding))} {}
  torch::Tensor forward(torch::Tensor x) {
    x = x + attn(ln1(x));
    return x + proj(torch::gelu(fc(ln2(x)), "tanh"));
  }
  torch::nn::LayerNorm ln1;
  attention attn;
  torch::nn::LayerNorm ln2;
  torch::nn::Linear fc, proj;
};
TORCH_MODULE_IMPL(block, block_impl);

struct transformer_impl : torch::nn::Module {
  transformer_impl()
      : wte{register_module("wte", torch::nn::Embedding(course_vocab, gpt_embedding))},
        wpe{register_module("wpe", torch::nn::Embedding(gpt_block, gpt_embedding))},
        ln_f{register_module("ln_f", torch::nn::LayerNorm(torch::nn::LayerNormOptions({gpt_embedding})))},
        head{register_module("head", torch::nn::Linear(torch::nn::LinearOptions(gpt_embedding, course_vocab).bias(false)))} {
    for (std::int64_t l = 0; l < gpt_layers; ++l) blocks.push_back(register_module("block" + std::to_string(l), block()));
  }
  torch::Tensor forward(const torch::Tensor& idx) {
    torch::Tensor x = wte(idx) + wpe(torch::arange(idx.size(1)));
    for (block& b : blocks) x = b(x);
    return head(ln_f(x)).view({-1, course_vocab});  // one row of logits per position
  }
  torch::nn::Embedding wte, wpe;
  torch::nn::LayerNorm ln_f;
  torch::nn::Linear head;
  std::vector<block> blocks;
};
TORCH_MODULE_IMPL(transformer, transformer_impl);

}  // namespace

struct course_model::state {
  std::function<torch::Tensor(const torch::Tensor&)> forward;  // logits, one row per target
  std::vector<torch::Tensor> parameters;
  std::unique_ptr<torch::optim::Optimizer> optimizer;
  std::vector<torch::Tensor> xs, ys;
};

course_model::course_model(kind k, std::uint64_t seed) : s_{new state{}} {
  torch::manual_seed(seed);
  std::int64_t block = 0;
  bool sequence_targets = false;
  if (k == kind::transformer) {
    transformer net;
    s_->forward = [net](const torch::Tensor& x) mutable { return net(x); };
    s_->parameters = net->parameters();
    s_->optimizer = std::make_unique<torch::optim::AdamW>(
        s_->parameters, torch::optim::AdamWOptions(5e-4).betas({0.9, 0.99}).eps(1e-8).weight_decay(0.01));
    block = gpt_block;
    sequence_targets = true;
  } else {
    torch::nn::Sequential net = k == kind::mlp_bn ? mlp_bn_model() : wavenet_model();
    net->train();
    s_->forward = [net](const torch::Tensor& x) mutable { return net->forward(x); };
    s_->parameters = net->parameters();
    s_->optimizer = std::make_unique<torch::optim::SGD>(s_->parameters, torch::optim::SGDOptions(0.01));
    block = k == kind::mlp_bn ? 3 : 8;
  }
  for (std::size_t i = 0; i < batches; ++i) {
    s_->xs.push_back(torch::randint(course_vocab, {course_batch, block}, torch::kInt64));
    s_->ys.push_back(sequence_targets ? torch::randint(course_vocab, {course_batch * block}, torch::kInt64)
                                      : torch::randint(course_vocab, {course_batch}, torch::kInt64));
  }
}
course_model::~course_model() = default;

double course_model::step(std::size_t i) {
  torch::Tensor loss = torch::nn::functional::cross_entropy(s_->forward(s_->xs[i % batches]), s_->ys[i % batches]);
  zero_grad(s_->parameters);
  loss.backward();
  s_->optimizer->step();
  return loss.item<double>();
}

std::size_t course_model::parameter_count() const {
  std::size_t n = 0;
  for (const auto& p : s_->parameters) n += static_cast<std::size_t>(p.numel());
  return n;
}

}  // namespace torch_peer
