// train_tiny_static: the course's MLP(3, [4, 4, 1]) fitted to four samples, its loss and gradient a static
// tensor graph on SIMD kernels. From the tape's initial weights (seed 42) it prints train_tiny's losses.
#include <cstdio>

#include <ctgrad/nn.hpp>

int main() {
  namespace nn = ctgrad::nn;
  const nn::tensor<double, 4, 3> xs{{2.0, 3.0, -1.0, 3.0, -1.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, -1.0}};
  const nn::tensor<double, 4, 1> ys{{1.0, -1.0, -1.0, 1.0}};

  nn::MLP<double, 3, 4, 4, 1> model{nn::init::micrograd(42)};  // tanh everywhere, the tape's weights
  std::printf("MLP(3, [4, 4, 1]): %zu parameters\n", model.parameters().size());
  auto trainer = nn::make_trainer<4>(model, nn::loss::sse{});  // the loss of the batch: one static expression

  constexpr int steps = 100;
  const nn::sgd opt{nn::schedule::constant{0.1}};
  double loss_value = 0;
  for (int step = 0; step < steps; ++step) {
    // forward, zero_grad, backward, gradient descent: no allocation
    loss_value = trainer.step(xs, ys, opt, static_cast<std::size_t>(step));
    std::printf("step %3d  loss %.6f\n", step, loss_value);
  }

  std::printf("predictions after training:");
  for (std::size_t i = 0; i < 4; ++i) std::printf(" %.4f", model({xs(i, 0), xs(i, 1), xs(i, 2)})[0]);
  std::printf("\nfinal loss %.6f (%s 0.01)\n", loss_value, loss_value < 0.01 ? "below" : "NOT below");
  return loss_value < 0.01 ? 0 : 1;
}
