// examples/makemore/commands.hpp: the tool's commands: bigram (count models), nbigram and mlp (trained), mlp-bn,
// wavenet and transformer (trained nn::Sequential models).
#pragma once

#include "cli.hpp"

namespace makemore_app {

/// `makemore bigram`: fit (or load) a count model, evaluate, sample, save, report. Returns the exit status.
int run_bigram(const command_line& cl, const char* argv0);

/// `makemore nbigram` and `makemore mlp`: split, train or load, evaluate the three parts, sample, save, report.
int run_neural(const command_line& cl, const char* argv0);

/// `makemore mlp-bn`, `wavenet` and `transformer`: split, train (the command's set-up) or load, evaluate, sample,
/// save, report.
int run_layered(const command_line& cl, const char* argv0);

}  // namespace makemore_app
