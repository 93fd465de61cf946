// examples/makemore/report.hpp: what a run found, and its two forms: a short report for a terminal, or one JSON
// object (--json).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <makemore/mlp_model.hpp>
#include <makemore/split.hpp>

namespace makemore_app {

/// What a run found, printed as a report or as JSON.
struct outcome {
  std::string command;
  std::string model;
  std::size_t context = 0;
  std::optional<double> smoothing;  // count models
  std::optional<ctgrad::makemore::mlp_config> shape;  // mlp
  struct training {
    std::size_t steps = 0;
    double learning_rate = 0;
    std::optional<std::size_t> decay_step;
    double decay_to = 0;
    std::size_t threads = 1;
    std::optional<double> l2;          // nbigram: the L2 term's factor
    std::optional<std::string> init;   // the parameters' start (--init)
    std::string optimizer = "SGD";     // or "AdamW" (transformer)
  };
  std::optional<training> trained;
  std::string data;
  std::size_t words = 0;
  std::string vocabulary;
  std::size_t examples = 0;
  double nll = 0;
  std::optional<ctgrad::makemore::word_split> split;
  double train_loss = 0, dev_loss = 0, test_loss = 0;
  std::optional<double> us_per_step;  // trained models: microseconds per training step
  std::optional<std::size_t> best_step;  // transformer: the step of the lowest test loss, whose model was kept (0: the first)
  struct divergence {
    std::size_t step = 0;                // the first step whose loss was not finite
    std::optional<double> last_loss;     // the loss of the step before it
  };
  std::optional<divergence> diverged;    // then no losses of the parts, samples or checkpoint
  std::uint64_t seed = 0;
  std::vector<std::string> samples;
  std::optional<std::string> saved, loaded;
};

/// One JSON object on one line: numbers that round-trip exactly (null for infinity and NaN), texts that are
/// not UTF-8 with each invalid byte as \xFF.
void print_json(const outcome& r);

/// The report: paths and data descriptions escaped as the tool's errors escape them.
void print_report(const outcome& r);

}  // namespace makemore_app
