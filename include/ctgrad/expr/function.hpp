// ctgrad::function<Op>: the one mechanism by which every op (the library's and a user's) is defined and applied.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/detail/xsimd.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/leaf.hpp>

namespace ctgrad {

// An op is a struct of static members, written once; the static graph (values, reverse and forward sweeps,
// symbolic derivatives, printing), the dynamic tape, SIMD batches and draw_dot all read that one definition.
//
//     struct softplus_op {
//       static constexpr std::string_view name = "softplus";                  // required
//       template <class T> static constexpr T value(T x) {                   // required: the op on numbers
//         return ctgrad::math::log1p(ctgrad::math::exp(x));
//       }
//       template <class T> static constexpr T derivative(T x, T /*out*/) {   // required: d out / d x
//         return 1 / (1 + ctgrad::math::exp(-x));
//       }
//       template <class X, class Out> static constexpr auto symbolic(X const& x, Out const&) {  // optional
//         return ctgrad::math::sigmoid(x);                                   // d out / d x as an expression
//       }
//     };
//     inline constexpr ctgrad::function<softplus_op> softplus{};            // softplus(expr), softplus(tape value), softplus(2.0)
//
// The parts, by name:
// - `name`: the op's text (draw_dot, the tape's `op_text`, and `to_string` unless `symbol` says otherwise).
// - `value(x...)`: one to three operands; its arity is the op's. Written as a template on the number type, it
//   serves float, double, xsimd batches and constant evaluation (use ctgrad::math's functions inside); written
//   for `double` only, batches are computed lane by lane.
// - the local derivative: `derivative(x, out)` for one operand, or `partial<I>(x..., out)` for operand I;
//   optionally `vjp<I>(x..., out, g)` when `g * partial` can be computed better (the library's division does
//   `g / y`). `out` is the op's value at x, for rules such as d exp = exp.
// - `value_and_derivative(x)`: optionally, for one operand, both as a `std::pair` when computing them together
//   is cheaper (sin and cos share one argument reduction). A graph that holds the op's node and its derivative's
//   node on the same operand (`sin(x)` beside `cos(x)`) computes both values with one call.
// - `symbolic(x, out)` / `symbolic<I>(x..., out)`: the partial derivative as an expression of the operand
//   expressions and the node itself (`out`); needed only by `derivative` and `hessian`.
// - `differentiable`: `false` for ops through which no gradient flows (comparisons, step), or an array of
//   one bool per operand (`select` passes none to its condition).
// - printing: `symbol`, `notation` (`ctgrad::notation::call` by default) and `precedence`.

/// How an op is written by `to_string`.
enum class notation {
  infix,   // x + y
  prefix,  // -x
  call,    // exp(x), atan2(y, x)
  power,   // x**3
};

/// Printing precedence of leaves and calls (binds tighter than any operator).
inline constexpr int atom_precedence = 5;

namespace detail {

template <class>
inline constexpr bool dependent_false_v = false;

template <class Op, std::size_t N>
concept value_of_arity = [] {
  if constexpr (N == 1) return requires(double x) { Op::value(x); };
  else if constexpr (N == 2) return requires(double x) { Op::value(x, x); };
  else return requires(double x) { Op::value(x, x, x); };
}();

template <class Op>
consteval std::size_t detect_arity() {
  if constexpr (value_of_arity<Op, 1>) return 1;
  else if constexpr (value_of_arity<Op, 2>) return 2;
  else if constexpr (value_of_arity<Op, 3>) return 3;
  else return 0;
}

template <class Op>
concept named_op = requires {
  { Op::name } -> std::convertible_to<std::string_view>;
};

template <class Op, std::size_t I, class S, class... X>
concept has_vjp = requires(S s, X... x) {
  { Op::template vjp<I>(x..., s, s) } -> std::convertible_to<S>;
};
template <class Op, std::size_t I, class S, class... X>
concept has_partial = requires(S s, X... x) {
  { Op::template partial<I>(x..., s) } -> std::convertible_to<S>;
};
template <class Op, class S>
concept has_derivative = requires(S s) {
  { Op::derivative(s, s) } -> std::convertible_to<S>;
};

template <class Op, class S>
concept has_value_and_derivative = requires(S s) {
  { Op::value_and_derivative(s) } -> std::convertible_to<std::pair<S, S>>;
};

/// Per-lane evaluation of a rule written for plain numbers, for a batch.
template <class B, class F, class... X>
[[nodiscard]] B lanewise(F const& f, X const&... x) noexcept {
  using T = typename B::value_type;
  constexpr std::size_t n = B::size;
  alignas(B::arch_type::alignment()) T in[sizeof...(X) == 0 ? 1 : sizeof...(X)][n];
  alignas(B::arch_type::alignment()) T out[n];
  std::size_t k = 0;
  ((x.store_aligned(in[k++])), ...);
  for (std::size_t i = 0; i != n; ++i) {
    out[i] = [&]<std::size_t... J>(std::index_sequence<J...>) { return static_cast<T>(f(in[J][i]...)); }(std::index_sequence_for<X...>{});
  }
  return B::load_aligned(out);
}

}  // namespace detail

/// What the library reads of an op `Op`, with the optional parts filled in.
template <class Op>
struct op_traits {
  static_assert(sizeof(Op) != 0, "ctgrad::op_traits<Op>: Op must be a complete type here (include its header)");
  static constexpr std::size_t arity = detail::detect_arity<Op>();

  static constexpr std::string_view name = Op::name;

  static constexpr std::string_view symbol = [] {
    if constexpr (requires { Op::symbol; }) return std::string_view{Op::symbol};
    else return std::string_view{Op::name};
  }();

  static constexpr ctgrad::notation notation = [] {
    if constexpr (requires { Op::notation; }) return Op::notation;
    else return ctgrad::notation::call;
  }();

  static constexpr int precedence = [] {
    if constexpr (requires { Op::precedence; }) return static_cast<int>(Op::precedence);
    else return atom_precedence;
  }();

  /// A gradient flows through operand `I`.
  template <std::size_t I>
  static constexpr bool differentiable = [] {
    if constexpr (!requires { Op::differentiable; }) return true;
    else if constexpr (std::is_same_v<std::remove_cv_t<decltype(Op::differentiable)>, bool>) return Op::differentiable;
    else return static_cast<bool>(Op::differentiable[I]);
  }();

  /// The op's value at `x...` (all of one Scalar type `S`).
  template <expr::Scalar S, class... X>
  [[nodiscard]] static constexpr S value(S x0, X... x) noexcept {
    if constexpr (expr::detail::is_batch<S>::value && !requires { Op::value(x0, x...); }) {
      return detail::lanewise<S>([](auto... v) { return Op::value(v...); }, x0, x...);
    } else {
      return static_cast<S>(Op::value(x0, x...));
    }
  }

  /// The op computes its value and its local derivative together (`Op::value_and_derivative`).
  static constexpr bool joint = arity == 1 && detail::has_value_and_derivative<Op, double>;

  /// The op's value and local derivative at `x` (an op with `joint`).
  template <expr::Scalar S>
  [[nodiscard]] static constexpr std::pair<S, S> value_and_derivative(S x) noexcept {
    static_assert(detail::has_value_and_derivative<Op, S>,
                  "ctgrad: value_and_derivative must take every number type value does (write it as a template)");
    return Op::value_and_derivative(x);
  }

  /// `g` times d out / d x_I: the contribution of this op to the adjoint of operand `I` in a reverse sweep,
  /// and (with `g` the operand's tangent) to the tangent of `out` in a forward sweep.
  template <std::size_t I, expr::Scalar S, class... X>
  [[nodiscard]] static constexpr S vjp(S out, S g, X... x) noexcept {
    static_assert(differentiable<I>, "ctgrad: no gradient flows through this operand (op_traits::differentiable)");
    if constexpr (detail::has_vjp<Op, I, S, X...>) {
      return static_cast<S>(Op::template vjp<I>(x..., out, g));
    } else if constexpr (detail::has_partial<Op, I, S, X...>) {
      return g * static_cast<S>(Op::template partial<I>(x..., out));
    } else if constexpr (sizeof...(X) == 1 && detail::has_derivative<Op, S>) {
      return g * static_cast<S>(Op::derivative(x..., out));
    } else if constexpr (expr::detail::is_batch<S>::value) {
      return g * detail::lanewise<S>([](auto... v) { return local<I>(v...); }, x..., out);
    } else {
      return g * local<I>(x..., out);
    }
  }

  /// d out / d x_I as an expression of the operand expressions `x...` and the node `out` itself.
  template <std::size_t I, class Out, class... X>
  [[nodiscard]] static constexpr auto symbolic(Out const& out, X const&... x) {
    if constexpr (requires { Op::template symbolic<I>(x..., out); }) {
      return Op::template symbolic<I>(x..., out);
    } else if constexpr (sizeof...(X) == 1 && requires { Op::symbolic(x..., out); }) {
      return Op::symbolic(x..., out);
    } else {
      static_assert(detail::dependent_false_v<Out>, "ctgrad::derivative/hessian(f): an op of f has no symbolic derivative: give its struct `symbolic(x, out)` (one operand) or `symbolic<I>(x..., out)`");
    }
  }

 private:
  /// The local derivative through the op's `partial<I>` or `derivative`, for plain numbers.
  template <std::size_t I, class... V>
  static constexpr auto local(V... v) noexcept {
    auto const args = std::array{v...};
    return [&]<std::size_t... J>(std::index_sequence<J...>) {
      if constexpr (requires { Op::template partial<I>(args[J]...); }) return Op::template partial<I>(args[J]...);
      else return Op::derivative(args[J]...);
    }(std::make_index_sequence<sizeof...(V)>{});
  }
};

namespace detail {

template <class Op, std::size_t I>
constexpr bool passes_gradient() {
  return op_traits<Op>::template differentiable<I>;
}

template <class Op, std::size_t... I>
consteval bool differentiable_somewhere(std::index_sequence<I...>) {
  return (op_traits<Op>::template differentiable<I> || ...);
}

/// Operand `I` of an op of `N` operands has a local derivative, or passes no gradient (checked with `double`).
template <class Op, std::size_t I, std::size_t N>
consteval bool has_local_derivative() {
  if constexpr (!op_traits<Op>::template differentiable<I>) return true;
  else if constexpr (N == 1) return has_vjp<Op, I, double, double> || has_partial<Op, I, double, double> || has_derivative<Op, double>;
  else if constexpr (N == 2) return has_vjp<Op, I, double, double, double> || has_partial<Op, I, double, double, double>;
  else return has_vjp<Op, I, double, double, double, double> || has_partial<Op, I, double, double, double, double>;
}

template <class Op, std::size_t... I>
consteval bool has_local_derivatives(std::index_sequence<I...>) {
  return (has_local_derivative<Op, I, sizeof...(I)>() && ...);
}

template <class T>
using plain_t = std::remove_cvref_t<T>;

/// The Scalar a call on plain numbers and batches computes in: the batch type if any, else the common
/// floating type (integers count as `double`).
/// A compile-time rational `lit<n, d>`: beside numbers, batches and tape values it is the number n / d.
template <class T>
inline constexpr bool is_literal_operand_v = false;
template <long long N, long long D>
inline constexpr bool is_literal_operand_v<expr::nodes::literal<N, D>> = true;

template <class... X>
struct scalar_call;
template <class X>
struct scalar_call<X> {
  using type = std::conditional_t<std::is_integral_v<X> || is_literal_operand_v<X>, double, X>;
};
template <class X, class Y, class... Z>
struct scalar_call<X, Y, Z...> {
  using x = typename scalar_call<X>::type;
  using y = typename scalar_call<Y>::type;
  using type = typename scalar_call<std::conditional_t<expr::detail::is_batch<x>::value, x, std::conditional_t<expr::detail::is_batch<y>::value, y, std::common_type_t<x, y>>>, Z...>::type;
};

/// What an op computes on directly: a plain number, a batch, or a literal (then the number it stands for).
template <class T>
concept plain_operand = expr::Number<T> || expr::Scalar<plain_t<T>> || is_literal_operand_v<plain_t<T>>;

/// A plain operand as the Scalar `S`.
template <expr::Scalar S, class T>
[[nodiscard]] constexpr S as_plain(T const& x) noexcept {
  if constexpr (is_literal_operand_v<T>) return numeric::rational<S>(T::numerator, T::denominator);
  else return numeric::broadcast_or_same<S>(x);
}

}  // namespace detail

/// The op `Op` applied to operands of a kind that can take it: all plain numbers or batches (the op's value),
/// or including at least one operand that builds a graph node of `Op` (expressions, tape values).
template <class Op, class... X>
concept applicable = (sizeof...(X) == op_traits<Op>::arity) &&
                     (((detail::plain_operand<X> && ...)) ||
                      requires(X const&... x) { make_op_node(Op{}, x...); });

/// `Op` as a function object: `function<softplus_op>{}(x)` is softplus of a number, a batch, an expression
/// (a graph node) or a tape value (a tape node). Every op of ctgrad's math library is called through one. A
/// literal `lit<n, d>` is a node beside an expression, and the number n / d otherwise (`sqrt(lit<2>)` is a
/// double).
template <class Op>
struct function {
  static_assert(detail::named_op<Op>, "ctgrad::function<Op>: the op needs its name: `static constexpr std::string_view name = \"...\";`");
  static_assert(op_traits<Op>::arity != 0, "ctgrad::function<Op>: the op needs `static value(x)`, `value(x, y)` or `value(x, y, z)` computing it on plain numbers (one to three operands)");
  static_assert(detail::has_local_derivatives<Op>(std::make_index_sequence<op_traits<Op>::arity>{}),
                "ctgrad::function<Op>: the op needs its local derivative: `derivative(x, out)` (one operand) or `partial<I>(x..., out)` for each operand I, or `differentiable = false`");

  template <class... X>
    requires applicable<Op, X...>
  [[nodiscard]] constexpr auto operator()(X const&... x) const {
    if constexpr ((detail::plain_operand<X> && ...)) {
      using S = typename detail::scalar_call<detail::plain_t<X>...>::type;
      return op_traits<Op>::value(detail::as_plain<S>(x)...);
    } else {
      return make_op_node(Op{}, x...);  // by argument-dependent lookup: ctgrad::expr::nodes, ctgrad::tape
    }
  }
};

}  // namespace ctgrad
