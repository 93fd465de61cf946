// The course's deeper MLP with batch normalisation (makemore, part 3) built from nn's layers: three characters
// of context embedded in 10 dimensions, five hidden layers of Linear (no bias), BatchNorm1d and Tanh with 100
// units, and a Linear with a BatchNorm1d on the logits; 47,024 parameters. Trained by minibatch SGD on names.txt
// as in the lecture (batch 32, learning rate 0.1, then 0.01 for the last quarter of the steps); prints the train
// and dev losses and ten sampled names.
//
//     mlp_bn DATA [STEPS]      DATA: makemore's names.txt; STEPS: 200000 (the course's) unless given
#include <cstddef>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

#include "arguments.hpp"
#include "course_training.hpp"
#include "mlp_bn.hpp"

namespace {
template <std::size_t B>
using loss_expression = example::bn::mlp_bn_loss<B>;
}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2 || argc > 3) throw std::invalid_argument{"usage: mlp_bn DATA [STEPS]"};
  const std::string path = argv[1];
  const std::size_t steps = argc > 2 ? example::parse_positive(argv[2], "STEPS") : 200000;
  example::bn::mlp_bn model = example::bn::make_mlp_bn(42);
  std::printf("MLP with BatchNorm: %zu parameters\n", example::bn::mlp_bn::parameter_count);
  example::train_as_the_course<loss_expression, example::bn::block, example::bn::vocab>(model, path, steps);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "mlp_bn: %s\n", e.what());
  return 1;
}
