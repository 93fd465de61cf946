// makemore: the course's character-level name models from the command line: count models (bigram), the
// neural bigram (nbigram), Bengio et al.'s MLP (mlp), part 3's deeper MLP with BatchNorm (mlp-bn), part 5's WaveNet
// (wavenet) and makemore.py's Transformer (transformer), trained through ctgrad's static tensor graph.
// cli.cpp holds the command line, commands.cpp the commands, report.cpp their output.
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <exception>
#include <span>

#include <fmt/core.h>

#include "cli.hpp"
#include "commands.hpp"
#include "training.hpp"

int main(int argc, char** argv) {
  using namespace makemore_app;
  try {
    const command_line cl = parse(std::span<char* const>{argv + 1, static_cast<std::size_t>(argc > 0 ? argc - 1 : 0)});
    if (cl.help) {
      print_help();
      return 0;
    }
    const char* argv0 = argc > 0 ? argv[0] : "makemore";
    const int status = cl.command == "bigram"                          ? run_bigram(cl, argv0)
                       : cl.command == "nbigram" || cl.command == "mlp" ? run_neural(cl, argv0)
                                                                        : run_layered(cl, argv0);
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {  // a full disk or a closed pipe is a failure too
      fmt::print(stderr, "makemore: cannot write the output: {}\n", std::strerror(errno));
      return 1;
    }
    return status;
  } catch (const usage_error& e) {
    fmt::print(stderr, "makemore: {}\n", e.what());
    return 2;
  } catch (const training_diverged& e) {
    fmt::print(stderr, "makemore: {}\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    fmt::print(stderr, "makemore: {}\n", e.what());
    return 1;
  }
}
