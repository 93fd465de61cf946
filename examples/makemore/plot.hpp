// examples/makemore/plot.hpp: the loss curve of a training, as CSV and (with gnuplot) as an SVG plot.
#pragma once

#include <filesystem>
#include <span>
#include <string>

namespace makemore_app {

/// The plot of the loss curve written beside `--loss-csv FILE`: FILE.svg.
[[nodiscard]] std::filesystem::path plot_path(const std::string& csv);

/// Writes the loss curve as CSV (step,learning_rate,loss) and, when gnuplot is installed, its plot as FILE.svg;
/// each file complete or not written at all.
void write_loss_curve(const std::string& csv, std::span<const float> losses, std::span<const float> rates);

}  // namespace makemore_app
