// Misuse: a trainer whose loss is not a loss of nn::loss (the number 42).
#include <ctgrad/nn.hpp>

int main() {
  ctgrad::nn::MLP<double, 3, 4, 4, 1> model;
#ifdef CTGRAD_MISUSE
  auto trainer = ctgrad::nn::make_trainer<4>(model, 42);
#else
  auto trainer = ctgrad::nn::make_trainer<4>(model, ctgrad::nn::loss::sse{});
#endif
  (void)trainer;
  return 0;
}
