// compile_cost/model.cpp: two models of nn compiled whole, to measure compile time and memory: makemore's
// character MLP (embedding, tanh layer, softmax output; one SGD step) and micrograd's MLP(2, [16, 16, 1]) with
// its trainer. The program prints the number of distinct nodes of the two training graphs, so the measurement
// names what was compiled.
#include <array>
#include <cstdio>
#include <span>

#include <ctgrad/nn/trainer.hpp>

#include <makemore/mlp_model.hpp>

namespace nn = ctgrad::nn;
namespace mm = ctgrad::makemore;

int main(int argc, char**) {
  using char_model = mm::mlp<3, 10, 200, 32>;
  char_model model{mm::vocabulary{"abcdefghijklmnopqrstuvwxyz"}, 42};
  std::array<mm::token, 32 * 3> contexts{};
  std::array<mm::token, 32> targets{};
  for (std::size_t i = 0; i < targets.size(); ++i) targets[i] = static_cast<mm::token>((i + static_cast<std::size_t>(argc)) % 27);
  const float char_loss = model.step(contexts, targets, 0.1f);

  using moons_model = nn::MLP<double, 2, nn::relu(16), nn::relu(16), nn::linear(1)>;
  moons_model moons;
  auto trainer = nn::make_trainer<8>(moons, nn::loss::hinge{});
  nn::tensor<double, 8, 2> xs{};
  nn::tensor<double, 8, 1> ys{};
  for (std::size_t i = 0; i < 8; ++i) {
    xs(i, 0) = 0.1 * static_cast<double>(i) + argc;
    ys(i, 0) = i % 2 == 0 ? 1.0 : -1.0;
  }
  const double moons_loss = trainer.step(xs, ys, 0.1);

  using char_graph = nn::program<float, char_model::loss_expression<32>>::graph_type;
  using moons_graph = nn::program<double, decltype(trainer)::expression>::graph_type;
  std::printf("%zu %g %g\n", char_graph::size + moons_graph::size, static_cast<double>(char_loss), moons_loss);
}
