// bench_makemore: one SGD step of makemore's MLP (the course's block 3, embedding 10, hidden 200, batch 32,
// float): ctgrad::makemore::mlp, whose step is one static tensor graph (gather, gemm, tanh, gemm,
// cross-entropy, the generated reverse sweep, scatter-add, SGD). static_2threads: the same step shared by
// two threads (ctgrad::makemore::mlp_trainer, 16 examples each). items are examples; of_peak is the step's
// arithmetic (step_flops) over the time it would take at the core's fp32 FMA peak, measured in the same run
// (peak.hpp): 1 would be the arithmetic limit (one thread only). bench/report.sh runs PyTorch and libtorch on the same step.
// mlp_bn_step: one SGD step of the course's part 3 MLP with BatchNorm (examples/mlp_bn.hpp: six Linear layers each
// followed by BatchNorm1d in training), items are examples, of_peak its products (mlp_bn_product_flops) over the peak.
// wavenet_step: one SGD step of the course's WaveNet (examples/wavenet.hpp: an nn::Sequential with BatchNorm1d in
// training), items are examples, of_peak its matrix products' arithmetic (wavenet_product_flops) over the peak.
// transformer_step: one AdamW step of makemore's Transformer (examples/transformer.hpp: 4 blocks of causal
// self-attention and GELU MLP, residual), items are words (16 positions each), of_peak its Linear layers' products
// (transformer_product_flops) over the peak.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <makemore/mlp_model.hpp>
#include <makemore/mlp_trainer.hpp>
#include <ctgrad/nn/adamw.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/simd/axpy.hpp>
#include <mlp_bn.hpp>
#include <transformer.hpp>
#include <wavenet.hpp>

#include <benchmark/benchmark.h>

#include "peak.hpp"

namespace {
namespace mm = ctgrad::makemore;

/// FLOPs of one step (B 32, context 3, embedding 10, hidden 200, vocabulary 27), counted as bench_nn counts a
/// layer: 2 per multiply-add of each product, 1 per bias element, 3 per element of tanh's backward, 1 per logit
/// for the softmax's gradient, 2 per parameter for SGD; exp, log and tanh themselves not counted.
constexpr double step_flops = [] {
  constexpr double b = 32, in = 3 * 10, h = 200, v = 27;
  const double forward = 2 * b * in * h + b * h + 2 * b * h * v + b * v;
  const double backward = b * v + 2 * h * b * v + b * v + 2 * b * v * h + 3 * b * h + 2 * in * b * h + b * h + 2 * b * h * in;
  const double sgd = 2 * (v * 10 + in * h + h + h * v + v);
  return forward + backward + sgd;
}();

/// 64 batches of N tokens below `vocab`, drawn from a generator seeded with `seed` (a step's inputs, varied).
template <std::size_t N>
std::vector<std::array<std::int32_t, N>> random_batches(std::size_t vocab, std::uint64_t seed) {
  ctgrad::generator gen{seed};
  std::vector<std::array<std::int32_t, N>> out(64);
  for (auto& batch : out) {
    for (auto& t : batch) t = static_cast<std::int32_t>(gen.below(vocab));
  }
  return out;
}

/// One step on `Threads` threads (mlp_trainer; 1 thread is the model's own step, the trainer only forwards).
template <std::size_t Threads>
void makemore_mlp_step(benchmark::State& state) {
  using model_type = mm::mlp<3, 10, 200, 32>;
  model_type model{mm::vocabulary{"abcdefghijklmnopqrstuvwxyz"}, 42};
  mm::mlp_trainer<model_type, Threads> trainer{model};  // the workers start here, outside the timed loop
  // Minibatches of names.txt-like indices (27 tokens), cycled: inputs vary, setup is outside the loop.
  const auto xs = random_batches<32 * 3>(27, 7);
  const auto ys = random_batches<32>(27, 8);
  std::size_t k = 0;
  for (auto _ : state) {
    const float loss = trainer.step(std::span<const mm::token, 96>{xs[k]}, std::span<const mm::token, 32>{ys[k]}, 0.01f);
    benchmark::DoNotOptimize(loss);
    k = (k + 1) % xs.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 32);
  if constexpr (Threads == 1) bench::set_of_peak(state, step_flops);  // (of CPU time: one thread's alone)
}

/// FLOPs of one WaveNet step's matrix products (B 32): each Linear's forward product, weight gradient and input
/// gradient, 2 per multiply-add; the rows of a layer are the batch times the positions left at it (4, 2, 1, 1).
constexpr double wavenet_product_flops = [] {
  constexpr double b = 32, e = 24, h = 128, v = 27;
  const double macs = (4 * b) * (2 * e) * h + (2 * b) * (2 * h) * h + b * (2 * h) * h + b * h * v;
  return 3 * 2 * macs;
}();

/// Training steps of `model` on the batches `xs`, `ys`, cycled: zero_grad, the loss graph `Loss` forward in training
/// and backward, then `update()`.
template <class Loss, class Model, std::size_t X, std::size_t Y, class Update>
void run_steps(benchmark::State& state, Model& model, std::vector<std::array<std::int32_t, X>> const& xs,
               std::vector<std::array<std::int32_t, Y>> const& ys, Update update) {
  auto program = std::make_unique<ctgrad::nn::program<float, Loss>>();
  std::size_t k = 0;
  for (auto _ : state) {
    ctgrad::nn::bindings<float> b = model.bind(ctgrad::nn::mode::training);
    b.inputs[0] = xs[k].data();
    b.inputs[1] = ys[k].data();
    model.zero_grad();
    const float loss = program->gradient(b);
    update();
    benchmark::DoNotOptimize(loss);
    k = (k + 1) % xs.size();
  }
}

/// FLOPs of one step's matrix products of part 3's MLP with BatchNorm (B 32): its six Linear layers (30→100, four
/// 100→100, 100→27), forward, weight and input gradients, 2 per multiply-add.
constexpr double mlp_bn_product_flops = [] {
  constexpr double b = 32, in = 3 * 10, h = 100, v = 27;
  return 3 * 2 * b * (in * h + 4 * h * h + h * v);
}();

/// One SGD step of part 3's MLP with BatchNorm (p −= lr·dp), as `makemore mlp-bn` runs it.
void mlp_bn_step(benchmark::State& state) {
  namespace bn = example::bn;
  auto model = std::make_unique<bn::mlp_bn>(bn::make_mlp_bn(42));
  run_steps<bn::mlp_bn_loss<bn::batch>>(state, *model, random_batches<bn::batch * bn::block>(bn::vocab, 5),
                                        random_batches<bn::batch>(bn::vocab, 6), [&] {
    ctgrad::simd::axpy<bn::mlp_bn::parameter_count>(-0.01f, model->gradients().data(), model->parameters().data());
  });
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * bn::batch);
  bench::set_of_peak(state, mlp_bn_product_flops);
}

/// One SGD step of the WaveNet (p −= lr·dp), as examples/wavenet runs it.
void wavenet_step(benchmark::State& state) {
  using example::wavenet;
  constexpr std::size_t batch = example::batch;
  auto model = std::make_unique<wavenet>(example::make_wavenet(42));
  run_steps<example::wavenet_loss<batch>>(state, *model, random_batches<batch * example::block>(example::vocab, 7),
                                          random_batches<batch>(example::vocab, 8), [&] {
    ctgrad::simd::axpy<wavenet::parameter_count>(-0.01f, model->gradients().data(), model->parameters().data());
  });
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * batch);
  bench::set_of_peak(state, wavenet_product_flops);
}

/// FLOPs of one Transformer step's Linear products (32 words × 16 positions = 512 rows): per block c_attn (64→192),
/// c_proj (64→64), c_fc (64→256), c_proj (256→64), then lm_head (64→27); forward, weight and input gradients. The
/// attention's own products (scores and weighted values, about 3% of these) are not counted.
constexpr double transformer_product_flops = [] {
  constexpr double rows = 32 * 16, c = 64, v = 27;
  const double macs = rows * (4 * (c * 3 * c + c * c + c * 4 * c + 4 * c * c) + c * v);
  return 3 * 2 * macs;
}();

/// One AdamW step of the Transformer, as examples/transformer runs it.
void transformer_step(benchmark::State& state) {
  namespace gpt = example::gpt;
  auto model = std::make_unique<gpt::transformer>(gpt::make_transformer(42));
  auto optimizer = std::make_unique<ctgrad::nn::adamw<float, gpt::transformer::parameter_count>>();
  run_steps<gpt::transformer_loss<gpt::batch>>(state, *model, random_batches<gpt::batch * gpt::block>(gpt::vocab, 9),
                                               random_batches<gpt::batch * gpt::block>(gpt::vocab, 10),
                                               [&] { optimizer->step(model->parameters(), model->gradients()); });
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * gpt::batch);
  bench::set_of_peak(state, transformer_product_flops);
}

}  // namespace

BENCHMARK(mlp_bn_step)->Name("mlp_bn_step/static");
BENCHMARK(wavenet_step)->Name("wavenet_step/static");
BENCHMARK(transformer_step)->Name("transformer_step/static");
BENCHMARK(makemore_mlp_step<1>)->Name("makemore_mlp_step/static");
// Read its wall time ("Time", real_time): "CPU" is the calling thread's alone, which undercounts when it
// sleeps waiting for the worker. (UseRealTime would rename the case to .../real_time.)
BENCHMARK(makemore_mlp_step<2>)->Name("makemore_mlp_step/static_2threads");
