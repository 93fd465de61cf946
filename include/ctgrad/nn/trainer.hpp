// ctgrad::nn::trainer: a model's loss on a batch as one static tensor expression, its gradient by the
// generated reverse sweep (an nn::program, allocated once, so a step allocates nothing), and SGD or AdamW steps.
#pragma once

#include <cstddef>
#include <memory>

#include <ctgrad/nn/adamw.hpp>
#include <ctgrad/nn/concepts.hpp>
#include <ctgrad/nn/loss.hpp>
#include <ctgrad/nn/model.hpp>
#include <ctgrad/nn/program.hpp>
#include <ctgrad/nn/sgd.hpp>
#include <ctgrad/simd/axpy.hpp>

namespace ctgrad::nn {

/// Trains `Model` with `Loss` on batches of `B` samples. The loss of a batch is one expression type
/// (`expression`) built from the layer sizes at compile time; `backward` runs its forward pass and reverse
/// sweep on an nn::program whose workspace, every intermediate tensor, is allocated when the trainer is made.
///
///     nn::MLP<double, 3, 4, 4, 1> model;
///     auto trainer = nn::make_trainer<4>(model, nn::loss::sse{});
///     double loss = trainer.step(xs, ys, 0.1);  // forward, zero_grad, backward, p -= 0.1 dp
template <class Model, class Loss, std::size_t B>
class trainer {
  static_assert(nn::Model<Model>, "ctgrad::nn::trainer<Model, Loss, B>: Model must be a model of nn (nn::Sequential, nn::MLP, nn::Layer)");
  static_assert(LossFor<Loss, Model, B>, "ctgrad::nn::trainer<Model, Loss, B>: Loss must be a loss of nn::loss (sse, hinge, cross_entropy)");

 public:
  using value_type = typename Model::value_type;
  using expression = typename Loss::template expression<typename Model::template output_expression<B>, Model::parameter_count>;
  using inputs_type = typename Model::template input_batch<B>;
  using targets_type = typename Loss::template targets<value_type, B, Model::outputs>;

  explicit trainer(Model& model, Loss loss = {}) : model_{&model}, loss_{loss}, program_{std::make_unique<program_type>()} {}

  /// The loss of the batch (forward pass only, evaluating: a BatchNorm1d uses and keeps its running statistics).
  value_type loss(inputs_type const& xs, targets_type const& ys) {
    return *program_->forward(bind(xs, ys, mode::evaluation));
  }

  /// The loss of the batch; adds its gradient to the model's gradients (call `model.zero_grad()` first,
  /// as `step` does).
  value_type backward(inputs_type const& xs, targets_type const& ys) {
    return program_->gradient(bind(xs, ys, mode::training));
  }

  /// One step of gradient descent: zero_grad, forward, backward, p −= learning_rate·dp. Returns the loss
  /// before the update. Allocates nothing.
  value_type step(inputs_type const& xs, targets_type const& ys, double learning_rate) {
    return step_with(xs, ys, [&] {
      simd::axpy<Model::parameter_count>(static_cast<value_type>(-learning_rate), model_->gradients().data(),
                                         model_->parameters().data());
    });
  }
  /// The same with the learning rate of step `k` of an SGD schedule.
  template <class S>
  value_type step(inputs_type const& xs, targets_type const& ys, sgd<S> const& opt, std::size_t k) {
    static_assert(Schedule<S>, "ctgrad::nn::trainer::step(xs, ys, sgd, k): the sgd's schedule must map a step number to a learning rate");
    return step(xs, ys, opt.learning_rate(k));
  }

  /// One AdamW step: zero_grad, forward, backward, opt.step(parameters, gradients). Returns the loss before the
  /// update. Allocates nothing.
  value_type step(inputs_type const& xs, targets_type const& ys, adamw<value_type, Model::parameter_count>& opt) {
    return step_with(xs, ys, [&] { opt.step(model_->parameters(), model_->gradients()); });
  }

  /// The model's outputs for the batch of the last `loss`/`backward`/`step` (before its update).
  [[nodiscard]] value_type const* outputs() const noexcept {
    return program_->template value<typename Model::template output_expression<B>>();
  }

 private:
  using program_type = program<value_type, expression>;

  /// zero_grad, forward, backward, then `update()` of the parameters; the loss before the update.
  template <class Update>
  value_type step_with(inputs_type const& xs, targets_type const& ys, Update update) {
    model_->zero_grad();
    value_type const l = backward(xs, ys);
    update();
    return l;
  }

  bindings<value_type> bind(inputs_type const& xs, targets_type const& ys, mode m) {
    bindings<value_type> b = model_->bind(m);
    b.inputs[0] = xs.data();
    b.inputs[1] = ys.data();
    loss_.bind(b);
    return b;
  }

  Model* model_;
  Loss loss_;
  std::unique_ptr<program_type> program_;
};

/// A trainer for batches of `B` samples: `auto t = nn::make_trainer<4>(model, nn::loss::sse{});`.
template <std::size_t B, class M, class L>
[[nodiscard]] auto make_trainer(M& model, L loss) {
  if constexpr (!Model<M>) {
    static_assert(Model<M>, "ctgrad::nn::make_trainer<B>(model, loss): model must be a model of nn (nn::Sequential, nn::MLP, nn::Layer)");
  } else if constexpr (!LossFor<L, M, B>) {
    static_assert(LossFor<L, M, B>, "ctgrad::nn::make_trainer<B>(model, loss): loss must be a loss of nn::loss (sse, hinge, cross_entropy)");
  } else {
    return trainer<M, L, B>{model, loss};
  }
}

}  // namespace ctgrad::nn
