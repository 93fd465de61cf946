// Misuse: reading a node's adjoint after the sweep from a program whose adjoints share one arena (the default).
#include <ctgrad/nn.hpp>

namespace nn = ctgrad::nn;

int main() {
  using model_type = nn::Sequential<double, nn::features<2>, nn::Linear<3>, nn::Tanh, nn::Linear<2>>;
  using loss = nn::node<nn::op::cross_entropy, model_type::output_expression<4>, nn::nodes::labels<1, 4>>;
#ifdef CTGRAD_MISUSE
  nn::program<double, loss> program;
#else
  nn::program<double, loss, true, nn::adjoints::kept> program;
#endif
  return program.adjoint<model_type::layer_output<4, 1>>() != nullptr ? 0 : 1;
}
