// examples/makemore/plot.hpp: the loss curve of a training, as CSV and (with gnuplot) as an SVG plot; the course's
// part 3 diagnostics as an SVG plot.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace makemore_app {

/// The plot of the loss curve written beside `--loss-csv FILE`: FILE.svg.
[[nodiscard]] std::filesystem::path plot_path(const std::string& csv);

/// Writes the loss curve as CSV (step,learning_rate,loss) and, when gnuplot is installed, its plot as FILE.svg;
/// each file complete or not written at all.
void write_loss_curve(const std::string& csv, std::span<const float> losses, std::span<const float> rates);

/// What the course's part 3 looks at in a training: each Tanh layer's outputs and their gradients in the last step,
/// and the update-to-data ratio of each Linear layer's weights, log10(std(lr·grad) / std(weights)), over the steps.
struct diagnostics {
  struct tanh_layer {
    std::size_t layer = 0;
    std::vector<float> outputs, gradients;
  };
  std::vector<tanh_layer> tanh_layers;
  std::vector<std::string> weights;               // "layer 3 (Linear)", one per ratio column
  std::vector<std::size_t> steps;                 // the steps whose ratios were recorded
  std::vector<std::vector<double>> ratios;        // per recorded step, one per weight tensor
};

/// The mean and the standard deviation (over n, as torch's std(unbiased=False)) of `xs`, in double; NaN for none.
[[nodiscard]] std::pair<double, double> mean_std(std::span<const float> xs);

/// Whether gnuplot, which draws the diagnostics, is installed.
[[nodiscard]] bool can_plot();

/// The diagnostics as one SVG image (activations, gradients, update-to-data ratios), written atomically through
/// gnuplot; std::runtime_error when gnuplot fails.
void write_diagnostics(const std::string& path, const diagnostics& d);

}  // namespace makemore_app
