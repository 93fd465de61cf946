// The course's WaveNet (makemore, part 5) built from nn's layers: eight characters of context, embedded, then
// joined in pairs three times (FlattenConsecutive), each pair through Linear, BatchNorm1d and Tanh; 76,579
// parameters. Trained by minibatch SGD on names.txt as in the lecture (batch 32, learning rate 0.1, then 0.01
// for the last quarter of the steps); prints the train and dev losses and ten sampled names.
//
//     wavenet DATA [STEPS]      DATA: makemore's names.txt; STEPS: 200000 (the course's) unless given
#include <cstddef>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

#include "arguments.hpp"
#include "course_training.hpp"
#include "wavenet.hpp"

namespace {
template <std::size_t B>
using loss_expression = example::wavenet_loss<B>;
}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2 || argc > 3) throw std::invalid_argument{"usage: wavenet DATA [STEPS]"};
  const std::string path = argv[1];
  const std::size_t steps = argc > 2 ? example::parse_positive(argv[2], "STEPS") : 200000;
  example::wavenet model = example::make_wavenet(42);
  std::printf("WaveNet: %zu parameters\n", example::wavenet::parameter_count);
  example::train_as_the_course<loss_expression, example::block, example::vocab>(model, path, steps);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "wavenet: %s\n", e.what());
  return 1;
}
