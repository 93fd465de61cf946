// examples/makemore/report.cpp: the report and the JSON object of a run (nlohmann/json, {fmt}).
#include "report.hpp"

#include <cmath>
#include <string_view>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <makemore/text.hpp>

namespace makemore_app {
namespace {

namespace mm = ctgrad::makemore;

/// `text` as a JSON string: as it is when it is UTF-8; otherwise each invalid byte as the four characters \xFF.
std::string json_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = mm::decode_utf8(text, i, cp);
    if (n == 0) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned>(static_cast<unsigned char>(text[i])));
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

}  // namespace

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
  if (!r.diverged) j["nll"] = json_number(r.nll);
  if (r.split && !r.diverged) {
    j["train_loss"] = json_number(r.train_loss);
    if (!r.split->dev.empty()) j["dev_loss"] = json_number(r.dev_loss);  // makemore.py's split has no dev part
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
    j["optimizer"] = r.trained->optimizer;
  }
  if (r.best_step) j["best_step"] = *r.best_step;
  if (r.us_per_step) j["us_per_step"] = json_number(*r.us_per_step);
  if (r.diverged) {
    j["diverged_at"] = r.diverged->step;
    j["last_loss"] = r.diverged->last_loss ? json_number(*r.diverged->last_loss) : nlohmann::ordered_json(nullptr);
  }
  j["seed"] = r.seed;
  j["samples"] = r.samples;
  if (r.saved) j["saved"] = json_text(*r.saved);
  if (r.loaded) j["loaded"] = json_text(*r.loaded);
  fmt::print("{}\n", j.dump());
}

void print_report(const outcome& r) {
  std::string detail;
  if (r.smoothing) detail = fmt::format(", add-{:g} smoothing", *r.smoothing);
  if (r.shape) detail = fmt::format(", embedding {}, hidden {}", r.shape->embedding, r.shape->hidden);
  fmt::print("makemore {}: {} model, context of {} character{}{}{}\n", r.command, r.model, r.context, r.context == 1 ? "" : "s",
             detail, r.loaded ? " (loaded from " + mm::escaped(*r.loaded) + ")" : "");
  fmt::print("data: {}: {} words, vocabulary of {} (.{})\n", mm::escaped(r.data), r.words, r.vocabulary.size() + 1, r.vocabulary);
  if (r.split && r.split->dev.empty()) {  // makemore.py's split: no dev part
    fmt::print("split (seed {}): train {}, test {} words\n", r.seed, r.split->train.size(), r.split->test.size());
    if (!r.diverged) fmt::print("loss: train {:.4f}, test {:.4f}\n", r.train_loss, r.test_loss);
  } else if (r.split) {
    fmt::print("split (seed {}): train {}, dev {}, test {} words\n", r.seed, r.split->train.size(), r.split->dev.size(),
               r.split->test.size());
    if (!r.diverged) fmt::print("loss: train {:.4f}, dev {:.4f}, test {:.4f}\n", r.train_loss, r.dev_loss, r.test_loss);
  } else if (!r.diverged) {
    fmt::print("nll: {:.4f} over {} examples\n", r.nll, r.examples);
  }
  if (r.trained) {
    fmt::print("training: {} steps, learning rate {:g}", r.trained->steps, r.trained->learning_rate);
    if (r.trained->decay_step) fmt::print(" then {:g} from step {}", r.trained->decay_to, *r.trained->decay_step);
    if (r.shape) fmt::print(", batch {}", r.shape->batch);
    if (r.trained->l2 && *r.trained->l2 != 0) fmt::print(", L2 {:g}", *r.trained->l2);
    const char* default_init = r.shape ? "scaled" : "randn";  // the report names only a start that was asked for
    if (r.trained->init && *r.trained->init != default_init) fmt::print(", {} start", *r.trained->init);
    if (r.trained->optimizer != "SGD") fmt::print(", {}", r.trained->optimizer);
    fmt::print(", {} thread{}\n", r.trained->threads, r.trained->threads == 1 ? "" : "s");
  }
  if (r.best_step && !r.diverged) fmt::print("kept: the model of step {}, of the lowest test loss (evaluated every 500 steps)\n", *r.best_step);
  if (r.us_per_step) fmt::print("training: {:.2f} us per step\n", *r.us_per_step);
  if (r.diverged) {
    fmt::print("diverged at step {}: ", r.diverged->step);
    if (r.diverged->last_loss) fmt::print("the loss was {:.4f} at step {}; ", *r.diverged->last_loss, r.diverged->step - 1);
    fmt::print("no samples, nothing saved\n");
    return;
  }
  fmt::print("samples (seed {}):\n", r.seed);
  for (const auto& s : r.samples) fmt::print("  {}\n", s);
  if (r.saved) fmt::print("saved: {}\n", mm::escaped(*r.saved));
}

}  // namespace makemore_app
