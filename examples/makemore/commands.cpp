// examples/makemore/commands.cpp: the commands, from the parsed command line to the report: the data, the
// outputs checked before any work, the models fitted, trained or loaded, the samples and the checkpoints.
#include "commands.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include <fmt/core.h>

#include <makemore/layered_model.hpp>
#include <makemore/makemore.hpp>
#include <makemore/mlp_model.hpp>
#include <makemore/mlp_trainer.hpp>
#include <makemore/neural_bigram.hpp>
#include <makemore/parallel.hpp>
#include <makemore/split.hpp>

#include "makemore_shapes.hpp"  // generated: the MLP shapes this build compiles
#include "plot.hpp"
#include "report.hpp"
#include "training.hpp"

namespace makemore_app {
namespace {

namespace fs = std::filesystem;
namespace mm = ctgrad::makemore;

constexpr std::uint64_t default_seed = 2147483647;  // the course's torch.Generator().manual_seed(2147483647)

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

/// Checks every file the command will write before any work is done (mm::output_target: a regular file or none,
/// in a writable directory), and that none of them is a file it reads or another of its outputs.
void check_outputs(const command_line& cl, const data_set& data) {
  std::vector<std::string> outputs;
  if (const auto path = cl.text("--save")) outputs.push_back(*path);
  if (const auto csv = cl.text("--loss-csv")) {
    outputs.push_back(*csv);
    outputs.push_back(plot_path(*csv).string());
  }
  if (const auto svg = cl.text("--diagnostics")) outputs.push_back(*svg);
  std::vector<fs::path> targets;
  for (const std::string& path : outputs) {
    const fs::path target = mm::output_target(path);
    std::error_code ec;
    for (const fs::path& input : data.files) {
      if (fs::equivalent(target, input, ec)) throw usage_error{mm::escaped(path) + " is the data file the command reads; give another output path"};
    }
    const fs::path absolute = fs::absolute(target, ec).lexically_normal();
    for (const fs::path& earlier : targets) {
      if (earlier == absolute) throw usage_error{mm::escaped(path) + " is written twice (by two of --save, --loss-csv, its plot FILE.svg, --diagnostics)"};
    }
    targets.push_back(absolute);
  }
}

/// The report, or the JSON object with --json.
void print(const outcome& r, const command_line& cl) {
  if (cl.has("--json")) print_json(r);
  else print_report(r);
}

}  // namespace

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
  print(r, cl);
  return 0;
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
      r.trained = outcome::training{t.steps, t.learning_rate, is_mlp ? std::optional<std::size_t>{t.decay_step} : std::nullopt, t.decay_to, threads,
                                    is_mlp ? std::nullopt : std::optional<double>{l2}, init};
      try {
        r.us_per_step = fit(model, train_set);
      } catch (const training_diverged& e) {  // the report of what was reached, then the error
        r.trained->steps = e.steps;
        r.diverged = outcome::divergence{e.steps + 1, e.last_loss};
        print(r, cl);
        throw;
      }
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
  print(r, cl);
  return 0;
}

namespace {

/// Appends step k's update-to-data ratio of every Linear layer's weights to `d`: log10(std(lr·grad) / std(weights)),
/// the gradient being the step's and the weights updated.
template <class Net>
void record_update_ratios(const Net& net, double lr, std::size_t k, diagnostics& d) {
  const bool first = d.steps.empty();
  std::vector<double> row;
  net.for_each_parameter([&](std::size_t layer, std::string_view name, const ctgrad::nn::parameter_tensor& t, std::span<const float> values) {
    if (name != "Linear" || t.name != "weight") return;
    const double ratio = lr * mean_std(net.gradients().subspan(t.offset, t.size())).second / mean_std(values).second;
    row.push_back(ratio > 0 ? std::log10(ratio) : std::nan(""));
    if (first) d.weights.push_back(fmt::format("layer {} (Linear)", layer));
  });
  d.steps.push_back(k);
  d.ratios.push_back(std::move(row));
}

/// mlp-bn, wavenet, transformer once the model's type is known: split, train or load, evaluate, sample, save.
template <class Spec>
void run_layered_model(const command_line& cl, const data_set& data, outcome& r, const training_flags& t, const std::optional<mm::checkpoint>& ck,
                       std::size_t samples) {
  using model_type = mm::layered_model<Spec>;
  constexpr bool sequences = Spec::input == mm::reading::sequences;
  // makemore.py's Transformer: its train/test split, its test loss every 500 steps and the model of the lowest kept.
  constexpr std::size_t evaluate_every = sequences ? 500 : 0;
  try {
    r.split = sequences ? mm::holdout_split(data.words, r.seed) : mm::split_words(data.words, r.seed);
  } catch (const std::invalid_argument& e) {
    throw mm::data_error{r.data, 0, e.what()};
  }
  const auto model = [&] {
    try {
      return ck ? std::make_unique<model_type>(model_type::from_checkpoint(*ck)) : std::make_unique<model_type>(mm::vocabulary::from_words(data.words), r.seed);
    } catch (const std::invalid_argument& e) {
      throw mm::data_error{r.data, 0, e.what()};
    }
  }();
  r.context = model->context_length();
  r.vocabulary = model->vocab().characters();
  const auto loss = [&](std::span<const std::string> words, const char* part) {
    if (words.empty()) return std::nan("");
    try {
      return model->loss(words);
    } catch (const std::invalid_argument& e) {
      throw mm::data_error{r.data, 0, std::string{"cannot evaluate the model on the "} + part + ": " + e.what()};
    }
  };
  mm::for_each_example(r.split->train, model->vocab(), model->context_length(), [&](auto, auto) { ++r.examples; });
  if (!ck) {
    r.trained = outcome::training{t.steps, t.learning_rate, Spec::adamw ? std::nullopt : std::optional<std::size_t>{t.decay_step}, t.decay_to, 1, std::nullopt,
                                  std::nullopt, Spec::adamw ? "AdamW" : "SGD"};
    std::optional<mm::layered_trainer<Spec>> trainer;
    try {
      trainer.emplace(*model, r.split->train, r.seed + 1);
    } catch (const std::invalid_argument& e) {
      throw mm::data_error{r.data, 0, std::string{"the train part: "} + e.what()};
    }
    // --diagnostics: the update-to-data ratios of about 1000 steps, then the last step's Tanh layers.
    std::optional<diagnostics> plots;
    if (cl.has("--diagnostics")) plots.emplace();
    const std::size_t ratio_stride = std::max<std::size_t>(1, t.steps / 1000);
    std::vector<float> best_parameters, best_buffers;
    double best = 0;
    if (evaluate_every > 0) {
      try {
        best = model->loss(r.split->test);
      } catch (const std::invalid_argument& e) {
        throw mm::data_error{r.data, 0, std::string{"cannot evaluate the model on the test part: "} + e.what()};
      }
    }
    const auto keep = [&] {
      best_parameters.assign(model->net().parameters().begin(), model->net().parameters().end());
      best_buffers.assign(model->net().buffers().begin(), model->net().buffers().end());
    };
    if (evaluate_every > 0) {
      keep();
      r.best_step = 0;
    }
    try {
      r.us_per_step = train(cl, t, !Spec::adamw, [&](std::size_t k, double lr) {
        const float step_loss = trainer->step(lr);
        if (plots && k % ratio_stride == 0) record_update_ratios(model->net(), lr, k, *plots);
        if (evaluate_every > 0 && ((k + 1) % evaluate_every == 0 || k + 1 == t.steps)) {
          const double test = model->loss(r.split->test);
          if (test < best) {
            best = test;
            keep();
            r.best_step = k + 1;
          }
        }
        return step_loss;
      });
    } catch (const training_diverged& e) {
      r.trained->steps = e.steps;
      r.diverged = outcome::divergence{e.steps + 1, e.last_loss};
      print(r, cl);
      throw;
    }
    if (plots) {
      trainer->for_each_tanh([&](std::size_t layer, std::span<const float> outputs, std::span<const float> gradients) {
        plots->tanh_layers.push_back({layer, {outputs.begin(), outputs.end()}, {gradients.begin(), gradients.end()}});
      });
      write_diagnostics(*cl.text("--diagnostics"), *plots);
    }
    if (evaluate_every > 0) {
      std::copy(best_parameters.begin(), best_parameters.end(), model->net().parameters().begin());
      std::copy(best_buffers.begin(), best_buffers.end(), model->net().buffers().begin());
    }
  }
  r.train_loss = r.nll = loss(r.split->train, "train part");
  r.dev_loss = loss(r.split->dev, "dev part");
  r.test_loss = loss(r.split->test, "test part");
  ctgrad::generator gen{r.seed};
  r.samples = mm::sample_words(*model, gen, samples, std::min<std::size_t>(1000, model_type::max_word_length));
  if (const auto path = cl.text("--save")) {
    mm::save_checkpoint(model->to_checkpoint(), *path);
    r.saved = *path;
  }
}

}  // namespace

int run_layered(const command_line& cl, const char* argv0) {
  const bool transformer = cl.command == "transformer";
  outcome r;
  r.command = cl.command;
  r.model = cl.command;
  r.seed = cl.unsigned_number("--seed", default_seed, UINT64_MAX);
  const auto samples = cl.unsigned_number("--samples", 10, 1'000'000);
  if (cl.has("--diagnostics") && !can_plot()) throw usage_error{"--diagnostics draws with gnuplot, which is not installed (Debian: apt-get install gnuplot-nox)"};
  if (cl.has("--load")) {
    for (const char* f : {"--steps", "--lr", "--lr-decay-step", "--lr-decay-to", "--loss-csv", "--diagnostics"}) {
      if (cl.has(f)) throw usage_error{std::string{f} + " cannot be combined with --load (the checkpoint holds a trained model)"};
    }
  }
  training_flags t;
  t.steps = cl.unsigned_number("--steps", transformer ? 20'000 : 200'000, 1'000'000'000);
  t.learning_rate = cl.real_number("--lr", transformer ? 5e-4 : 0.1);
  t.decay_step = cl.unsigned_number("--lr-decay-step", t.steps * 3 / 4, 1'000'000'000);
  t.decay_to = cl.real_number("--lr-decay-to", 0.01);
  if (!(t.learning_rate > 0)) throw usage_error{"--lr takes a number > 0"};
  if (!(t.decay_to > 0)) throw usage_error{"--lr-decay-to takes a number > 0"};

  const data_set data = load_data(cl, argv0);
  check_outputs(cl, data);
  r.data = data.description;
  r.words = data.words.size();
  std::optional<mm::checkpoint> ck;
  if (const auto path = cl.text("--load")) {
    ck = mm::load_checkpoint(*path, r.model);
    r.loaded = *path;
  }
  if (cl.command == "mlp-bn") run_layered_model<mm::mlp_bn_spec>(cl, data, r, t, ck, samples);
  else if (cl.command == "wavenet") run_layered_model<mm::wavenet_spec>(cl, data, r, t, ck, samples);
  else run_layered_model<mm::transformer_spec>(cl, data, r, t, ck, samples);
  print(r, cl);
  return 0;
}

}  // namespace makemore_app
