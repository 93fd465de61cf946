// train_tiny: the course's MLP(3, [4, 4, 1]) fitted to four samples by gradient descent on the tape.
#include <array>
#include <cstdio>

#include <ctgrad/tape.hpp>

int main() {
  namespace tape = ctgrad::tape;
  const std::array<std::array<double, 3>, 4> xs{{{2.0, 3.0, -1.0}, {3.0, -1.0, 0.5}, {0.5, 1.0, 1.0}, {1.0, 1.0, -1.0}}};
  const std::array<double, 4> ys{1.0, -1.0, -1.0, 1.0};

  tape::graph g;
  tape::mlp model{g, 3, {4, 4, 1}};  // tanh everywhere, uniform(-1, 1) weights from seed 42
  const auto parameters = model.parameters();
  std::printf("MLP(3, [4, 4, 1]): %zu parameters\n", parameters.size());
  const tape::mark_t after_parameters = g.mark();

  constexpr int steps = 100;
  constexpr double learning_rate = 0.1;
  double loss_value = 0;
  for (int step = 0; step < steps; ++step) {
    // forward: sum of squared errors over the four samples
    tape::value loss = g.leaf(0.0);
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const tape::value ypred = model(xs[i])[0];
      loss = loss + (ypred - ys[i]).pow(2);
    }
    loss_value = loss.data();
    // backward, then gradient descent
    parameters.zero_grad();
    loss.backward();
    parameters.sgd_step(learning_rate);
    g.rewind(after_parameters);  // drop this step's graph; keep the parameters
    std::printf("step %3d  loss %.6f\n", step, loss_value);
  }

  std::printf("predictions after training:");
  for (const auto& x : xs) std::printf(" %.4f", model(x)[0].data());
  std::printf("\nfinal loss %.6f (%s 0.01)\n", loss_value, loss_value < 0.01 ? "below" : "NOT below");
  return loss_value < 0.01 ? 0 : 1;
}
