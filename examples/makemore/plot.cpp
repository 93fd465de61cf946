// examples/makemore/plot.cpp: the loss curve as CSV, and its plot through gnuplot's standard streams.
#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include <makemore/output_file.hpp>
#include <ctgrad/viz/render.hpp>

namespace makemore_app {
namespace {

namespace fs = std::filesystem;

/// The whole contents of `f`, from its start.
std::string read_all(std::FILE* f) {
  std::string text;
  std::rewind(f);
  char buffer[8192];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) != 0;) text.append(buffer, n);
  return text;
}

/// Runs gnuplot on the script `write(script)` prints, and returns the SVG image it draws: the script and its data
/// go to gnuplot's standard input and the image comes back on its standard output, so no path is ever part of a
/// script. Empty when gnuplot is not installed or fails.
template <class Write>
std::string run_gnuplot(Write write) {
  const fs::path gnuplot = ctgrad::viz::find_program("gnuplot");
  if (gnuplot.empty()) return {};
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> script{std::tmpfile(), &std::fclose}, image{std::tmpfile(), &std::fclose},
      quiet{std::fopen("/dev/null", "w"), &std::fclose};
  if (!script || !image || !quiet) return {};
  write(script.get());
  if (std::fflush(script.get()) != 0) return {};
  std::rewind(script.get());
  if (!ctgrad::viz::run_program(gnuplot, {}, fileno(script.get()), fileno(image.get()), fileno(quiet.get())).empty()) return {};
  return read_all(image.get());
}

/// Plots log10 of the loss (means over windows of steps, like the course's `lossi.view(-1, 1000).mean(1)`) as an
/// SVG image. Empty when gnuplot is not installed or fails.
std::string plot_loss_curve(std::span<const float> losses) {
  if (losses.empty()) return {};
  return run_gnuplot([&](std::FILE* script) {
    fmt::print(script, "set terminal svg size 800,500\nset xlabel 'step'\nset ylabel 'log10(loss)'\nset key off\nset grid\n$curve << EOD\n");
    const std::size_t window = std::max<std::size_t>(1, losses.size() / 500);
    for (std::size_t k = 0; k + window <= losses.size(); k += window) {
      double mean = 0;
      for (std::size_t i = k; i < k + window; ++i) mean += losses[i];
      mean /= static_cast<double>(window);
      fmt::print(script, "{} {:.6f}\n", k + window / 2, std::log10(mean));
    }
    fmt::print(script, "EOD\nplot $curve with lines lw 2 title 'loss'\n");
  });
}

/// A histogram of `xs` over [lo, hi] in `bins` bins as gnuplot data lines ("x density"), then "EOD".
void print_histogram(std::FILE* script, std::span<const float> xs, double lo, double hi, std::size_t bins) {
  std::vector<std::size_t> counts(bins);
  const double width = (hi - lo) / static_cast<double>(bins);
  for (const float x : xs) {
    const double at = std::clamp((x - lo) / width, 0.0, static_cast<double>(bins) - 1);
    ++counts[static_cast<std::size_t>(at)];
  }
  for (std::size_t i = 0; i < bins; ++i) {
    fmt::print(script, "{:.6g} {:.6g}\n", lo + (static_cast<double>(i) + 0.5) * width, static_cast<double>(counts[i]) / (static_cast<double>(xs.size()) * width));
  }
  fmt::print(script, "EOD\n");
}

}  // namespace

fs::path plot_path(const std::string& csv) { return fs::path{csv + ".svg"}; }

void write_loss_curve(const std::string& csv, std::span<const float> losses, std::span<const float> rates) {
  ctgrad::makemore::write_file_atomically(csv, [&](std::ostream& out) {
    out << "step,learning_rate,loss\n";
    for (std::size_t k = 0; k < losses.size(); ++k) out << fmt::format("{},{:g},{:.6f}\n", k, rates[k], losses[k]);
  });
  const std::string svg = plot_loss_curve(losses);
  if (svg.empty()) {
    if (!losses.empty() && !ctgrad::viz::find_program("gnuplot").empty()) {
      fmt::print(stderr, "makemore: gnuplot failed; the loss curve is in the CSV only\n");
    }
    return;
  }
  ctgrad::makemore::write_file_atomically(plot_path(csv), [&](std::ostream& out) { out << svg; });
}

std::pair<double, double> mean_std(std::span<const float> xs) {
  double mean = 0, square = 0;
  for (const float x : xs) mean += x;
  mean /= static_cast<double>(xs.size());
  for (const float x : xs) square += (x - mean) * (x - mean);
  return {mean, std::sqrt(square / static_cast<double>(xs.size()))};
}

bool can_plot() { return !ctgrad::viz::find_program("gnuplot").empty(); }

void write_diagnostics(const std::string& path, const diagnostics& d) {
  const std::string svg = run_gnuplot([&](std::FILE* script) {
    fmt::print(script, "set terminal svg size 1000,1200\nset grid\nset key top right font ',10'\nset multiplot layout 3,1\n");
    // Activations over (−1, 1) and gradients over ±the largest, each layer a curve: the course's two histograms.
    float top = 0;
    for (const auto& l : d.tanh_layers) {
      for (const float g : l.gradients) top = std::max(top, std::abs(g));
    }
    const auto panel = [&](const char* title, bool outputs) {
      fmt::print(script, "set title '{}'\n", title);
      std::string plot = "plot ";
      for (std::size_t i = 0; i < d.tanh_layers.size(); ++i) {
        const auto& l = d.tanh_layers[i];
        const std::span<const float> xs = outputs ? l.outputs : l.gradients;
        const auto [mean, std] = mean_std(xs);
        fmt::print(script, "$h{} << EOD\n", i);
        if (outputs) print_histogram(script, xs, -1.0, 1.0, 50);
        else print_histogram(script, xs, -static_cast<double>(top), static_cast<double>(top) > 0 ? static_cast<double>(top) : 1.0, 50);
        std::string label;
        if (outputs) {
          const auto saturated = std::count_if(xs.begin(), xs.end(), [](float x) { return std::abs(x) > 0.97f; });
          label = fmt::format("layer {} (Tanh): mean {:+.2f}, std {:.2f}, saturated {:.2f}%", l.layer, mean, std,
                              100.0 * static_cast<double>(saturated) / static_cast<double>(xs.size()));
        } else {
          label = fmt::format("layer {} (Tanh): mean {:+.2e}, std {:.2e}", l.layer, mean, std);
        }
        plot += fmt::format("{}$h{} with lines lw 2 title '{}'", i == 0 ? "" : ", ", i, label);
      }
      fmt::print(script, "{}\n", d.tanh_layers.empty() ? "plot 0 notitle" : plot);
    };
    panel("activation distribution (the Tanh outputs in the last step)", true);
    panel("gradient distribution (d loss / d Tanh output, in the last step)", false);
    fmt::print(script, "set title 'update to data ratio: log10(std(lr * grad) / std(weights)), Linear weights'\nset xlabel 'step'\n$ud << EOD\n");
    for (std::size_t k = 0; k < d.steps.size(); ++k) {
      fmt::print(script, "{}", d.steps[k]);
      for (const double r : d.ratios[k]) fmt::print(script, " {:.6g}", r);
      fmt::print(script, "\n");
    }
    fmt::print(script, "EOD\nplot ");
    for (std::size_t j = 0; j < d.weights.size(); ++j) fmt::print(script, "$ud using 1:{} with lines title '{}', ", j + 2, d.weights[j]);
    fmt::print(script, "-3 with lines dt 2 lc 'black' title '-3 (the course: about right)'\nunset multiplot\n");
  });
  if (svg.empty()) throw std::runtime_error{"gnuplot failed to draw the diagnostics"};
  ctgrad::makemore::write_file_atomically(path, [&](std::ostream& out) { out << svg; });
}

}  // namespace makemore_app
