// Misuse: a trainer of something that is not a model of nn (an array of numbers).
#include <array>

#include <ctgrad/nn.hpp>

int main() {
#ifdef CTGRAD_MISUSE
  std::array<double, 4> model{};
#else
  ctgrad::nn::MLP<double, 3, 4, 4, 1> model;
#endif
  auto trainer = ctgrad::nn::make_trainer<4>(model, ctgrad::nn::loss::sse{});
  (void)trainer;
  return 0;
}
