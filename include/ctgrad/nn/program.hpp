// ctgrad::nn::program: a compiled tensor graph, the public way to run one. It owns its workspace (every node's
// value and state, and the adjoints, fixed-shape and aligned), so running it allocates nothing.
#pragma once

#include <cstddef>
#include <tuple>

#include <ctgrad/nn/graph.hpp>
#include <ctgrad/nn/sweep.hpp>

namespace ctgrad::nn {

/// The graph of tensor expression `E` on numbers `T`: its forward pass, and with `Gradients` its reverse sweep
/// from a scalar root (a loss). The workspace lives in the program: a large one belongs on the heap
/// (`std::make_unique<nn::program<...>>()`, once), a small one may live on the stack. The adjoints share memory
/// where their lives in the sweep allow (`Adjoints`, see nn::adjoints), unless the program keeps them to be read.
///
///     nn::program<float, loss_expression> p;
///     nn::bindings<float> b{.parameters = w, .gradients = dw, .inputs = {x, y}};
///     float loss = p.gradient(b);  // forward, then d loss / d parameters added to dw
template <class T, class E, bool Gradients = true, adjoints Adjoints = adjoints::shared>
class program {
 public:
  using value_type = T;
  using expression = E;
  using graph_type = detail::graph<E>;
  static constexpr bool gradients = Gradients;

  /// The forward pass: every distinct node once, operands first. Returns the root's elements (row-major).
  T const* forward(bindings<T> const& b) noexcept { return detail::forward(ws_, b); }

  /// The reverse sweep from the scalar root, after `forward` with the same bindings: adds d root / d parameter
  /// to `b.gradients` (and to `b.input_gradients` for differentiable inputs).
  void backward(bindings<T> const& b) noexcept
    requires Gradients
  {
    detail::backward(ws_, b);
  }

  /// `forward` then `backward`; returns the root (a loss).
  T gradient(bindings<T> const& b) noexcept
    requires Gradients
  {
    T const root = *forward(b);
    backward(b);
    return root;
  }

  /// The elements of node `N` (a subexpression of `E`) from the last forward pass.
  template <class N>
  [[nodiscard]] T const* value() const noexcept {
    return std::get<graph_type::template index<N>>(ws_.slots).value.data();
  }

  /// d root / d node `N` (an active subexpression of `E`: a parameter lies below it) from the last `backward`: what
  /// the course's `retain_grad()` keeps, for diagnostics. Only a program that keeps its adjoints has them then.
  template <class N>
    requires(Gradients && detail::is_active_v<N>)
  [[nodiscard]] T const* adjoint() const noexcept {
    static_assert(Adjoints == adjoints::kept,
                  "ctgrad::nn: program::adjoint reads an adjoint after the sweep; declare the program with nn::adjoints::kept");
    return ws_.template adjoint<graph_type::template index<N>>();
  }

 private:
  detail::workspace<T, graph_type, Gradients, Adjoints> ws_;
};

}  // namespace ctgrad::nn
