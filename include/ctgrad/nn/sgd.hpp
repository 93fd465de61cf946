// ctgrad::nn::sgd and its learning-rate schedules.
#pragma once

#include <cstddef>

namespace ctgrad::nn {

/// Learning-rate schedules: callables from the step number k (from 0) to a learning rate.
namespace schedule {

/// The same rate at every step.
struct constant {
  double rate = 0.1;
  [[nodiscard]] constexpr double operator()(std::size_t) const noexcept { return rate; }
};

/// From `from` at step 0 towards `to` at step `steps`, linearly: from + (to − from)·k/steps. micrograd's
/// demo is `linear{1.0, 0.1, 100}`: 1.0 − 0.9·k/100.
struct linear {
  double from = 1.0;
  double to = 0.1;
  std::size_t steps = 100;
  [[nodiscard]] constexpr double operator()(std::size_t k) const noexcept {
    return from - (from - to) * static_cast<double>(k) / static_cast<double>(steps);
  }
};

/// `rate` before step `at`, `after` from it on: the course's makemore schedule
/// `lr = 0.1 if i < 100000 else 0.01` is `step_decay{0.1, 100000, 0.01}`.
struct step_decay {
  double rate = 0.1;
  std::size_t at = 100000;
  double after = 0.01;
  [[nodiscard]] constexpr double operator()(std::size_t k) const noexcept { return k < at ? rate : after; }
};

}  // namespace schedule

/// Plain gradient descent p −= rate(k)·dp, with a schedule.
/// Example: `nn::sgd opt{nn::schedule::linear{1.0, 0.1, 100}};  trainer.step(xs, ys, opt, k);`
template <class Schedule = schedule::constant>
struct sgd {
  Schedule rate{};
  [[nodiscard]] constexpr double learning_rate(std::size_t k) const noexcept { return static_cast<double>(rate(k)); }
};
template <class Schedule>
sgd(Schedule) -> sgd<Schedule>;

}  // namespace ctgrad::nn
