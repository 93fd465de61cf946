// examples/makemore/progress.hpp: the training's progress bar on stderr.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

#include <fmt/core.h>

namespace makemore_app {

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
    fmt::print(stderr, "\r[{}] {}/{}  loss {:.4f}  {:.0f} steps/s  ETA {:.0f}s \033[K", bar, done, total_, sum_ / static_cast<double>(count_),
               rate, eta);
    std::fflush(stderr);
    sum_ = 0;
    count_ = 0;
  }

  void finish() {
    if (on_) fmt::print(stderr, "\r\033[K");
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

}  // namespace makemore_app
