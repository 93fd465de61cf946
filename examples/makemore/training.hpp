// examples/makemore/training.hpp: the training loop of nbigram and mlp: the learning-rate schedule, the progress
// bar, the divergence check and the loss curve.
#pragma once

#include <chrono>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/core.h>

#include <ctgrad/nn/sgd.hpp>

#include "cli.hpp"
#include "plot.hpp"
#include "progress.hpp"

namespace makemore_app {

/// A training whose loss stopped being a finite number: one line on stderr, exit status 3, after the report of
/// what was reached (`steps` finite steps, the last of them with loss `last_loss`).
struct training_diverged : std::runtime_error {
  training_diverged(const std::string& what, std::size_t steps, std::optional<double> last_loss)
      : std::runtime_error{what}, steps{steps}, last_loss{last_loss} {}
  std::size_t steps;
  std::optional<double> last_loss;
};

/// The training flags of nbigram and mlp.
struct training_flags {
  std::size_t steps = 0;
  double learning_rate = 0;
  std::size_t decay_step = 0;
  double decay_to = 0;
};

/// Trains with `step(k, learning_rate) -> loss` for every step, with the progress bar and the loss curve;
/// returns microseconds per step. A step whose loss is not finite ends the training: the loss curve of the steps
/// before it is written, and `training_diverged` thrown.
template <class Step>
double train(const command_line& cl, const training_flags& t, bool decays, Step&& step) {
  const ctgrad::nn::schedule::step_decay schedule{t.learning_rate, decays ? t.decay_step : t.steps, decays ? t.decay_to : t.learning_rate};
  std::vector<float> losses(t.steps), rates(t.steps);
  progress_bar bar{t.steps};
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < t.steps; ++k) {
    const double lr = schedule(k);
    const float loss = step(k, lr);
    if (!std::isfinite(loss)) {
      bar.finish();
      if (const auto csv = cl.text("--loss-csv")) write_loss_curve(*csv, std::span{losses}.first(k), std::span{rates}.first(k));
      const std::string reached = k == 0 ? "no step had a finite loss" : fmt::format("the loss was {:.6g} at step {}", losses[k - 1], k);
      throw training_diverged{fmt::format("training diverged at step {} (loss {}; {}); try a smaller --lr", k + 1, loss, reached), k,
                              k == 0 ? std::nullopt : std::optional<double>{losses[k - 1]}};
    }
    losses[k] = loss;
    rates[k] = static_cast<float>(lr);
    bar.update(k + 1, loss);
  }
  const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  bar.finish();
  if (const auto csv = cl.text("--loss-csv")) write_loss_curve(*csv, losses, rates);
  return t.steps == 0 ? 0.0 : us / static_cast<double>(t.steps);
}

}  // namespace makemore_app
