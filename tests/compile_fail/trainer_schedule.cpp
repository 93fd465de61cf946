// Misuse: a training step with an sgd whose schedule is not a schedule (a number, not a function of the step).
#include <ctgrad/nn.hpp>

int main() {
  ctgrad::nn::MLP<double, 3, 4, 4, 1> model;
  auto trainer = ctgrad::nn::make_trainer<4>(model, ctgrad::nn::loss::sse{});
  const ctgrad::nn::tensor<double, 4, 3> xs{};
  const ctgrad::nn::tensor<double, 4, 1> ys{};
#ifdef CTGRAD_MISUSE
  const ctgrad::nn::sgd<double> opt{0.1};
#else
  const ctgrad::nn::sgd opt{ctgrad::nn::schedule::constant{0.1}};
#endif
  return trainer.step(xs, ys, opt, 0) >= 0 ? 0 : 1;
}
