// examples/makemore/plot.cpp: the loss curve as CSV, and its plot through gnuplot's standard streams.
#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <ostream>

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

/// Plots log10 of the loss (means over windows of steps, like the course's `lossi.view(-1, 1000).mean(1)`) as an
/// SVG image, through gnuplot: its script and data go to gnuplot's standard input and the image comes back on its
/// standard output, so no path is ever part of a script. Empty when gnuplot is not installed or fails.
std::string plot_loss_curve(std::span<const float> losses) {
  const fs::path gnuplot = ctgrad::viz::find_program("gnuplot");
  if (gnuplot.empty() || losses.empty()) return {};
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> script{std::tmpfile(), &std::fclose}, image{std::tmpfile(), &std::fclose},
      quiet{std::fopen("/dev/null", "w"), &std::fclose};
  if (!script || !image || !quiet) return {};
  fmt::print(script.get(), "set terminal svg size 800,500\nset xlabel 'step'\nset ylabel 'log10(loss)'\nset key off\nset grid\n$curve << EOD\n");
  const std::size_t window = std::max<std::size_t>(1, losses.size() / 500);
  for (std::size_t k = 0; k + window <= losses.size(); k += window) {
    double mean = 0;
    for (std::size_t i = k; i < k + window; ++i) mean += losses[i];
    mean /= static_cast<double>(window);
    fmt::print(script.get(), "{} {:.6f}\n", k + window / 2, std::log10(mean));
  }
  fmt::print(script.get(), "EOD\nplot $curve with lines lw 2 title 'loss'\n");
  if (std::fflush(script.get()) != 0) return {};
  std::rewind(script.get());
  if (!ctgrad::viz::run_program(gnuplot, {}, fileno(script.get()), fileno(image.get()), fileno(quiet.get())).empty()) return {};
  return read_all(image.get());
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

}  // namespace makemore_app
