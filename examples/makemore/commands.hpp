// examples/makemore/commands.hpp: the tool's commands: bigram (count models), nbigram and mlp (trained).
#pragma once

#include "cli.hpp"

namespace makemore_app {

/// `makemore bigram`: fit (or load) a count model, evaluate, sample, save, report. Returns the exit status.
int run_bigram(const command_line& cl, const char* argv0);

/// `makemore nbigram` and `makemore mlp`: split, train or load, evaluate the three parts, sample, save, report.
int run_neural(const command_line& cl, const char* argv0);

}  // namespace makemore_app
