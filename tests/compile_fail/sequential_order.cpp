// Misuse: layers in an order that cannot run: a Linear on token indices (the Embedding is missing).
#include <ctgrad/nn.hpp>

namespace nn = ctgrad::nn;

int main() {
#ifdef CTGRAD_MISUSE
  nn::Sequential<float, nn::tokens<3>, nn::Linear<4>, nn::Tanh, nn::Linear<27>> model;
#else
  nn::Sequential<float, nn::tokens<3>, nn::Embedding<27, 2>, nn::FlattenConsecutive<3>, nn::Linear<4>, nn::Tanh, nn::Linear<27>> model;
#endif
  return model.parameters().size() > 0 ? 0 : 1;
}
