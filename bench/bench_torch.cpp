// bench_torch: libtorch (Debian's libtorch-dev, the real-world dynamic tape) on the workloads bench_nn and
// bench_makemore time for ctgrad (the course's models of examples/ included), as the implementation `torch`: cases are <workload>/torch, so
// bench/report.py puts them in the same rows as <workload>/static. One thread (torch::set_num_threads(1)),
// as ctgrad's steps run on one core. The workloads themselves, written the way a libtorch user would (tensor
// ops, autograd, an SGD update under NoGradGuard), are in torch_peer.cpp (C++17, see torch_peer.hpp); each case
// here checks them against ctgrad, or against plain loops, before timing. The JSON context names the BLAS
// libtorch's matrix products ran on ("blas"), as bench/report.py reports it.
#include <dlfcn.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include <ctgrad/nn.hpp>
#include <ctgrad/random.hpp>

#include <benchmark/benchmark.h>
#include <mlp_bn.hpp>
#include <transformer.hpp>
#include <wavenet.hpp>

#include "peak.hpp"
#include "torch_peer.hpp"

namespace {
namespace nn = ctgrad::nn;

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "bench_torch: %s: implementations disagree\n", what);
    std::abort();
  }
}

bool close(double x, double y, double tolerance) { return std::abs(x - y) <= tolerance * (1 + std::abs(y)); }

// One thread, as ours, before any case runs.
[[maybe_unused]] const bool one_thread = [] {
  torch_peer::use_one_thread();
  return true;
}();

// The BLAS this process runs: the file that provides sgemm_, the Fortran BLAS entry libtorch_cpu calls for its
// float matrix products, as the global lookup scope (where libtorch_cpu's own reference is bound) resolves it.
// Debian's libblas.so.3 alternative decides which file that is, unless LD_LIBRARY_PATH overrides it.
std::string blas_library() {
  void* const sgemm = dlsym(RTLD_DEFAULT, "sgemm_");
  Dl_info info{};
  if (sgemm == nullptr || dladdr(sgemm, &info) == 0 || info.dli_fname == nullptr) return "unknown (no sgemm_)";
  char* const real = realpath(info.dli_fname, nullptr);
  std::string path = real != nullptr ? real : info.dli_fname;
  std::free(real);
  return path;
}
[[maybe_unused]] const bool blas_named = [] {
  benchmark::AddCustomContext("blas", blas_library());
  return true;
}();

// -----------------------------------------------------------------------------------------------------
// neuron_<N>: forward and backward of one tanh neuron, double, as bench_nn: o = tanh(w·x + b); o.backward();
// the gradients accumulate (bench_nn's static and hand cases add into theirs too).
// -----------------------------------------------------------------------------------------------------
template <std::size_t N>
void neuron_bench(benchmark::State& state) {
  std::vector<double> x(N);
  ctgrad::generator gen{7};
  for (auto& v : x) v = gen.uniform(-1.0, 1.0) / std::sqrt(static_cast<double>(N));
  nn::Neuron<double, N> n;  // bench_nn's weights; parameters are w then b
  torch_peer::neuron t{N, n.parameters().data(), x.data()};
  {  // check: output and gradients against ctgrad's neuron
    const double o = t.forward_backward();
    require(close(o, n.backward(std::span<const double, N>{x.data(), N}), 1e-12), "neuron output");
    const std::vector<double> g = t.gradients();
    for (std::size_t i = 0; i <= N; ++i) require(close(g[i], n.gradients()[i], 1e-12), "neuron gradient");
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(t.forward_backward());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(neuron_bench<4>)->Name("neuron_4/torch");
BENCHMARK(neuron_bench<64>)->Name("neuron_64/torch");
BENCHMARK(neuron_bench<1024>)->Name("neuron_1024/torch");

// -----------------------------------------------------------------------------------------------------
// layer_30x200_b32: Linear(30 → 200) + tanh on a batch of 32, float, forward and backward from a given
// upstream gradient dY (H.backward(dY)): dW, db accumulate, dX is computed. FLOPs as bench_nn.
// -----------------------------------------------------------------------------------------------------
constexpr std::size_t batch = 32, in = 30, out = 200;
constexpr double layer_flops = bench::layer_flops(batch, in, out);

void layer_bench(benchmark::State& state) {
  ctgrad::generator gen{3};
  std::vector<float> x(batch * in), dy(batch * out), p((in + 1) * out);
  for (auto& v : x) v = static_cast<float>(gen.uniform(-1.0, 1.0));
  for (auto& v : dy) v = static_cast<float>(gen.uniform(-1.0, 1.0));
  for (auto& v : p) v = static_cast<float>(gen.uniform(-1.0, 1.0) / std::sqrt(30.0));
  torch_peer::layer t{x.data(), p.data(), dy.data()};
  {  // check: dW, db and dX against plain loops
    t.forward_backward();
    std::vector<double> dpre(batch * out), dp((in + 1) * out, 0.0), dx(batch * in, 0.0);
    for (std::size_t r = 0; r < batch; ++r)
      for (std::size_t j = 0; j < out; ++j) {
        double s = p[in * out + j];
        for (std::size_t k = 0; k < in; ++k) s += double{x[r * in + k]} * p[k * out + j];
        const double h = std::tanh(s);
        dpre[r * out + j] = (1 - h * h) * dy[r * out + j];
      }
    for (std::size_t r = 0; r < batch; ++r)
      for (std::size_t j = 0; j < out; ++j) {
        const double g = dpre[r * out + j];
        dp[in * out + j] += g;
        for (std::size_t k = 0; k < in; ++k) {
          dp[k * out + j] += x[r * in + k] * g;
          dx[r * in + k] += g * p[k * out + j];
        }
      }
    const std::vector<float> g = t.gradients(), gx = t.input_gradient();
    for (std::size_t i = 0; i < dp.size(); ++i) require(close(g[i], dp[i], 1e-4), "layer dW, db");
    for (std::size_t i = 0; i < dx.size(); ++i) require(close(gx[i], dx[i], 1e-4), "layer dX");
  }
  for (auto _ : state) {
    t.forward_backward();
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(static_cast<double>(state.iterations()) * layer_flops));
}
BENCHMARK(layer_bench)->Name("layer_30x200_b32/torch");

// -----------------------------------------------------------------------------------------------------
// mlp_tiny_step: one training step of the course's MLP(3, [4, 4, 1]) (tanh everywhere) on its four samples:
// forward, sum of squared errors, zero_grad, backward, p −= 0.01 dp; double.
// -----------------------------------------------------------------------------------------------------
void tiny_bench(benchmark::State& state) {
  using tiny_model = nn::MLP<double, 3, 4, 4, 1>;
  const nn::tensor<double, 4, 3> xs{{2.0, 3.0, -1.0, 3.0, -1.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, -1.0}};
  const nn::tensor<double, 4, 1> ys{{1.0, -1.0, -1.0, 1.0}};
  tiny_model model;
  torch_peer::tiny_mlp t{model.parameters().data()};
  {  // check: ten steps, ctgrad's losses
    tiny_model reference;
    nn::trainer<tiny_model, nn::loss::sse, 4> trainer{reference};
    torch_peer::tiny_mlp check{reference.parameters().data()};
    for (int k = 0; k < 10; ++k) require(close(check.step(0.01), trainer.step(xs, ys, 0.01), 1e-12), "mlp_tiny_step loss");
  }
  for (auto _ : state) benchmark::DoNotOptimize(t.step(0.01));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(tiny_bench)->Name("mlp_tiny_step/torch");

// -----------------------------------------------------------------------------------------------------
// makemore_mlp_step: one SGD step of the course's makemore MLP (block 3, embedding 10, hidden 200, batch 32,
// vocabulary 27), float: embedding gather, tanh hidden layer, cross-entropy, backward, p −= 0.1 dp. The
// minibatches are drawn before timing (64, cycled), so sampling is not timed.
// -----------------------------------------------------------------------------------------------------
void makemore_bench(benchmark::State& state) {
  torch_peer::makemore_mlp t{42};
  {  // check: the first step's loss against plain loops, and that ten steps on one minibatch lower it
    torch_peer::makemore_mlp check{42};
    const double reference = check.loss_by_loops(0);
    const double first = check.step(0, 0.1);
    require(close(first, reference, 1e-4), "makemore_mlp_step loss");
    double last = first;
    for (int k = 0; k < 10; ++k) last = check.step(0, 0.1);
    require(last < first, "makemore_mlp_step: SGD does not lower the loss");
  }
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(t.step(i++, 0.1));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(makemore_bench)->Name("makemore_mlp_step/torch");

// -----------------------------------------------------------------------------------------------------
// mlp_bn_step, wavenet_step, transformer_step: one training step of the course's later models, as bench_makemore
// times them for ctgrad (batch 32 of random tokens, 64 minibatches drawn before timing and cycled; SGD lr 0.01
// for the two with BatchNorm1d, in training mode; AdamW for the Transformer). items are examples (words for the
// Transformer), as there.
// -----------------------------------------------------------------------------------------------------
template <torch_peer::course_model::kind Kind, std::size_t Parameters>
void course_bench(benchmark::State& state) {
  torch_peer::course_model t{Kind, 42};
  {  // check: ctgrad's model's shapes (as many parameters), and ten steps on one minibatch lower its loss
    require(t.parameter_count() == Parameters, "course model parameter count");
    torch_peer::course_model check{Kind, 42};
    const double first = check.step(0);
    double last = first;
    for (int k = 0; k < 10; ++k) last = check.step(0);
    require(last < first, "course model: ten steps do not lower the loss");
  }
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(t.step(i++));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 32);
}
using course = torch_peer::course_model::kind;
BENCHMARK(course_bench<course::mlp_bn, example::bn::mlp_bn::parameter_count>)->Name("mlp_bn_step/torch");
BENCHMARK(course_bench<course::wavenet, example::wavenet::parameter_count>)->Name("wavenet_step/torch");
BENCHMARK(course_bench<course::transformer, example::gpt::transformer::parameter_count>)->Name("transformer_step/torch");

}  // namespace
