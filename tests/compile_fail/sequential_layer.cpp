// Misuse: a Sequential with something that is not a layer of nn (a number type) among its layers.
#include <ctgrad/nn.hpp>

namespace nn = ctgrad::nn;

int main() {
#ifdef CTGRAD_MISUSE
  nn::Sequential<double, nn::features<3>, nn::Linear<4>, double, nn::Linear<1>> model;
#else
  nn::Sequential<double, nn::features<3>, nn::Linear<4>, nn::Tanh, nn::Linear<1>> model;
#endif
  return model.parameters().size() == 21 ? 0 : 1;
}
