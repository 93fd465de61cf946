// bench_tape: the dynamic tape on the course's workloads (the baseline the static graph is judged against). The
// seed's chain is timed in bench_static, beside the static graph and hand-written code.
#include <array>
#include <cstdint>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>

#include <ctgrad/tape.hpp>
#include <ctgrad/viz/draw_dot.hpp>

namespace {

namespace tape = ctgrad::tape;

// train_tiny_step: one gradient-descent step of the course's MLP(3, [4, 4, 1]) on its four samples:
// forward of four samples, sum of squared errors, zero_grad, backward, update, rewind the tape.
void train_tiny_step_tape(benchmark::State& state) {
  const std::array<std::array<double, 3>, 4> xs{{{2.0, 3.0, -1.0}, {3.0, -1.0, 0.5}, {0.5, 1.0, 1.0}, {1.0, 1.0, -1.0}}};
  const std::array<double, 4> ys{1.0, -1.0, -1.0, 1.0};
  tape::graph g;
  tape::mlp model{g, 3, {4, 4, 1}};
  const auto parameters = model.parameters();
  const auto after_parameters = g.mark();
  for (auto _ : state) {
    tape::value loss = g.leaf(0.0);
    for (std::size_t i = 0; i < xs.size(); ++i) loss = loss + (model(xs[i])[0] - ys[i]).pow(2);
    parameters.zero_grad();
    loss.backward();
    parameters.sgd_step(0.01);
    benchmark::DoNotOptimize(loss.data());
    g.rewind(after_parameters);
  }
  state.counters["nodes"] = static_cast<double>(g.capacity());
}
BENCHMARK(train_tiny_step_tape)->Name("train_tiny_step/tape");

// draw_dot/<n>: writing the DOT text of an n-node chain; Google Benchmark fits the complexity (expect O(N)).
void draw_dot_chain(benchmark::State& state) {
  tape::graph g;
  tape::value y = g.leaf(0.1, "x");
  for (std::int64_t i = 1; i < state.range(0); ++i) y = y.tanh();
  std::string text;
  for (auto _ : state) {
    std::ostringstream out;
    ctgrad::viz::draw_dot(y, out);
    text = std::move(out).str();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetComplexityN(state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(draw_dot_chain)->Name("draw_dot/tape")->RangeMultiplier(10)->Range(100, 100'000)->Complexity(benchmark::oN);
}  // namespace
