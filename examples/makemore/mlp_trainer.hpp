// ctgrad::makemore::mlp_trainer: data-parallel minibatch SGD for an mlp, the minibatch shared among a
// team of threads, each running the static loss graph of its share.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include <makemore/mlp_model.hpp>
#include <makemore/model.hpp>
#include <makemore/parallel.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/random.hpp>
#include <ctgrad/simd/axpy.hpp>
#include <ctgrad/simd/element.hpp>

namespace ctgrad::makemore {

namespace detail {
template <class T>
inline constexpr bool is_mlp_v = false;
template <std::size_t Block, std::size_t Emb, std::size_t Hidden, std::size_t Batch>
inline constexpr bool is_mlp_v<mlp<Block, Emb, Hidden, Batch>> = true;
}  // namespace detail

/// Trains `model` (an mlp) by minibatch SGD on `Threads` threads: thread t computes the gradient of the mean
/// loss of examples [t·S, (t+1)·S) of the minibatch, S = Batch/Threads, through the loss graph of S
/// examples (a compile-time shape), on its own workspace and into its own gradient buffer; then, after a
/// barrier, each thread takes a slice of the parameters, adds the buffers there in thread order, scales by
/// 1/Threads (the batch mean is the mean of the equal shares' means) and applies p −= lr·dp. A given
/// thread count gives the same numbers run to run; they differ from one thread's by float rounding only.
/// With Threads = 1 every call is the model's own (no thread, the same bits). The workers start with the
/// trainer and live as long as it; a step allocates nothing. Whether it pays depends on the machine: each
/// step the cores exchange the gradients and the updated parameters (on this project's 2-core machine the
/// course's MLP gains nothing; the full-batch neural bigram nearly halves).
///
///     mlp<3, 10, 200, 32> model{vocab, 42};
///     mlp_trainer<mlp<3, 10, 200, 32>, 2> trainer{model};   // model must outlive trainer and stay put
///     for (std::size_t k = 0; k < 200000; ++k) trainer.train_step(train, gen, k < 100000 ? 0.1f : 0.01f);
template <class Model, std::size_t Threads>
  requires(detail::is_mlp_v<Model> && Threads >= 1 && Threads <= max_threads && Model::batch % Threads == 0)
class mlp_trainer {
 public:
  using model_type = Model;
  static constexpr std::size_t threads = Threads;
  static constexpr std::size_t batch = Model::batch;
  static constexpr std::size_t block_size = Model::block_size;
  /// Examples per thread.
  static constexpr std::size_t share = batch / Threads;

  explicit mlp_trainer(Model& model) : model_{&model} {
    if constexpr (Threads > 1) {
      team_ = std::make_unique<thread_team>(Threads);
      for (std::size_t t = 1; t < Threads; ++t) lanes_[t].gradients.assign(parameter_count, 0.0f);
      for (auto& lane : lanes_) lane.program = std::make_unique<share_program>();
      minibatch_ = std::make_unique<minibatch>();
    }
  }

  [[nodiscard]] Model& model() const noexcept { return *model_; }

  /// The gradient of the minibatch's mean loss into `model().gradients()`; returns that loss. As
  /// mlp::gradient, on the threads.
  float gradient(std::span<const token, batch * block_size> contexts, std::span<const token, batch> targets) noexcept {
    if constexpr (Threads == 1) {
      return model_->gradient(contexts, targets);
    } else {
      return run(contexts, targets, nullptr, 0.0f);
    }
  }

  /// One SGD step on a minibatch (as mlp::step): the gradient on the threads, then p −= lr·dp. Returns the
  /// minibatch's mean loss before the update.
  float step(std::span<const token, batch * block_size> contexts, std::span<const token, batch> targets, float learning_rate) noexcept {
    if constexpr (Threads == 1) {
      return model_->step(contexts, targets, learning_rate);
    } else {
      return run(contexts, targets, model_->parameters().data(), learning_rate);
    }
  }

  /// One SGD step on a minibatch drawn from `data` by `gen`: the same draws as mlp::train_step.
  float train_step(const example_set& data, generator& gen, float learning_rate) {
    if constexpr (Threads == 1) {
      return model_->train_step(data, gen, learning_rate);
    } else {
      draw_minibatch(data, gen, minibatch_->contexts, minibatch_->targets);
      return step(std::span<const token, batch * block_size>{minibatch_->contexts}, std::span<const token, batch>{minibatch_->targets}, learning_rate);
    }
  }

 private:
  static constexpr std::size_t parameter_count = Model::parameter_count;
  /// Parameters per thread in the reduction: whole 64-byte lines, the last thread's slice shorter.
  static constexpr std::size_t slice = (parameter_count + Threads * 16 - 1) / (Threads * 16) * 16;
  static constexpr float weight = 1.0f / static_cast<float>(Threads);

  // One job, two phases. 1: thread t, the gradient of its share's mean loss (into the model's gradients for
  // t = 0, else its own buffer). 2: thread t, for its slice of the parameters, dp = (g_0 + g_1 + ..., in
  // thread order)/Threads (the mean of the equal shares' means) and, given `parameters`, p −= lr·dp.
  // Returns the minibatch's mean loss.
  float run(std::span<const token, batch * block_size> contexts, std::span<const token, batch> targets, float* parameters,
            float learning_rate) noexcept {
    auto job = [&](std::size_t t) noexcept {
      lane& l = lanes_[t];
      float* const g = t == 0 ? model_->gradients().data() : l.gradients.data();
      std::fill_n(g, parameter_count, 0.0f);
      nn::bindings<float> b{};
      b.parameters = model_->parameters().data();
      b.gradients = g;
      b.inputs[0] = contexts.data() + t * share * block_size;
      b.inputs[1] = targets.data() + t * share;
      l.loss = l.program->gradient(b);
      team_->arrive_and_wait();
      [&]<std::size_t... S>(std::index_sequence<S...>) { ((t == S ? reduce_slice<S>(parameters, learning_rate) : void()), ...); }(
          std::make_index_sequence<Threads>{});
    };
    team_->run(job);
    float loss = lanes_[0].loss;
    for (std::size_t t = 1; t < Threads; ++t) loss += lanes_[t].loss;
    return loss * weight;
  }

  template <std::size_t S>
  void reduce_slice(float* parameters, float learning_rate) noexcept {
    constexpr std::size_t first = S * slice;
    if constexpr (first < parameter_count) {
      constexpr std::size_t n = std::min(slice, parameter_count - first);
      float* const g = model_->gradients().data() + first;
      for (std::size_t t = 1; t < Threads; ++t) simd::add<n>(lanes_[t].gradients.data() + first, g);
      simd::scale<n>(weight, g);
      if (parameters != nullptr) simd::axpy<n>(-learning_rate, g, parameters + first);
    }
  }

  using share_program = nn::program<float, typename Model::template loss_expression<share>>;

  // One thread's state, on its own cache lines. Thread 0 writes straight into the model's gradients.
  struct alignas(64) lane {
    std::unique_ptr<share_program> program;
    simd::aligned_vector<float> gradients;
    float loss = 0;
  };

  struct minibatch {
    std::array<token, batch * block_size> contexts{};
    std::array<token, batch> targets{};
  };

  Model* model_;
  std::unique_ptr<thread_team> team_;
  std::array<lane, Threads == 1 ? 0 : Threads> lanes_{};
  std::unique_ptr<minibatch> minibatch_;
};

/// The thread counts `--threads` may choose for an mlp in this build (each is the loss graph of Batch/N
/// examples compiled for every supported shape, so each costs compile time).
inline constexpr std::array<std::size_t, 3> supported_mlp_threads{1, 2, 4};

/// "1, 2 or 4".
inline std::string describe_supported_mlp_threads() {
  std::string out;
  for (std::size_t i = 0; i < supported_mlp_threads.size(); ++i) {
    if (i != 0) out += i + 1 == supported_mlp_threads.size() ? " or " : ", ";
    out += std::to_string(supported_mlp_threads[i]);
  }
  return out;
}

namespace detail {
template <class Model, std::size_t I, class F>
std::invoke_result_t<F&, mlp_trainer<Model, 1>&> with_mlp_trainer_at(Model& model, std::size_t threads, F& f) {
  constexpr std::size_t t = supported_mlp_threads[I];
  if (threads == t) {
    if constexpr (Model::batch % t == 0) {
      mlp_trainer<Model, t> trainer{model};
      return f(trainer);
    } else {
      throw std::invalid_argument{"mlp: a batch of " + std::to_string(Model::batch) + " does not split evenly among " + std::to_string(t) +
                                  " threads"};
    }
  }
  if constexpr (I + 1 < supported_mlp_threads.size()) {
    return with_mlp_trainer_at<Model, I + 1>(model, threads, f);
  } else {
    throw std::invalid_argument{"mlp: " + std::to_string(threads) + " threads; this build trains an mlp on " + describe_supported_mlp_threads() +
                                " threads"};
  }
}
}  // namespace detail

/// Calls `f(trainer)` with an mlp_trainer of `model` on `threads` threads (one of supported_mlp_threads,
/// else std::invalid_argument), which lives for the call:
///
///     with_mlp_trainer(model, 2, [&](auto& trainer) { for (...) trainer.train_step(train, gen, lr); });
template <class Model, class F>
  requires detail::is_mlp_v<Model>
decltype(auto) with_mlp_trainer(Model& model, std::size_t threads, F&& f) {
  return detail::with_mlp_trainer_at<Model, 0>(model, threads, f);
}

}  // namespace ctgrad::makemore
