// ctgrad::expr::at<"a">(v) and the rules that turn the inputs of a call (grad, eval, ...) into arrays of scalars.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/detail/inline.hpp>
#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/graph.hpp>

namespace ctgrad::expr {

namespace detail {

namespace numeric = ctgrad::detail::numeric;

template <class>
inline constexpr bool dependent_false = false;

/// A value bound to the input labelled `L`: what `at<"a">(2.0)` returns.
template <ctgrad::detail::fixed_string L, class T>
struct bound {
  static constexpr std::string_view label = L.view();
  T value;
};

template <class T>
inline constexpr bool is_bound_v = false;
template <ctgrad::detail::fixed_string L, class T>
inline constexpr bool is_bound_v<bound<L, T>> = true;

/// A bundle of bindings (`inputs(at<"a">(1.0), at<"b">(2.0))`) for several expressions that share inputs: each
/// binds those it uses, so a function and its derivatives, or the outputs of a model, take the same bundle.
template <class... B>
struct input_set {
  std::tuple<B...> bindings;
};

template <class T>
inline constexpr bool is_input_set_v = false;
template <class... B>
inline constexpr bool is_input_set_v<input_set<B...>> = true;

// ---- array-like inputs (for vector variables and data) -------------------------------------------

inline constexpr std::size_t dynamic_extent = static_cast<std::size_t>(-1);

/// Character types: a string is text, not an array of numbers.
template <class T>
inline constexpr bool is_character_v = std::is_same_v<T, char> || std::is_same_v<T, signed char> || std::is_same_v<T, unsigned char> ||
                                       std::is_same_v<T, wchar_t> || std::is_same_v<T, char8_t> || std::is_same_v<T, char16_t> ||
                                       std::is_same_v<T, char32_t>;

/// Contiguous sequences of numbers: `std::array`, `std::span` (fixed or dynamic extent), Eigen vectors (read by
/// their `data()`, `size()` and `SizeAtCompileTime`, so no Eigen header is needed), `std::vector`.
template <class T>
concept array_like = !Input<T> && requires(T const& a) {
  { a.data() } -> std::convertible_to<void const*>;
  { a.size() } -> std::convertible_to<std::size_t>;
} && Input<std::remove_cvref_t<decltype(*std::declval<T const&>().data())>> && !is_character_v<std::remove_cvref_t<decltype(*std::declval<T const&>().data())>>;

/// The number of elements of an array-like type known at compile time, or `dynamic_extent`.
template <class T>
struct std_extent {
  static constexpr std::size_t value = 0;
};
template <class T, std::size_t N>
struct std_extent<std::array<T, N>> {
  static constexpr std::size_t value = N;
};
template <class T, std::size_t N>
struct std_extent<std::span<T, N>> {
  static constexpr std::size_t value = N == std::dynamic_extent ? dynamic_extent : N;
};

template <class T>
consteval std::size_t extent_of() {
  if constexpr (std_extent<T>::value != 0) return std_extent<T>::value;  // std::array, std::span
  else if constexpr (requires { T::SizeAtCompileTime; }) return T::SizeAtCompileTime < 0 ? dynamic_extent : static_cast<std::size_t>(T::SizeAtCompileTime);  // Eigen
  else return dynamic_extent;
}

template <class T>
using array_element_t = std::remove_cvref_t<decltype(*std::declval<T const&>().data())>;

/// The number type of one bound value: itself, or an array's element type.
template <class T>
struct value_type_of {
  using type = T;
};
template <class T>
  requires array_like<T>
struct value_type_of<T> {
  using type = array_element_t<T>;
};

template <class T>
struct input_value {
  using type = typename value_type_of<T>::type;
};
template <ctgrad::detail::fixed_string L, class T>
struct input_value<bound<L, T>> {
  using type = typename value_type_of<T>::type;
};
template <class T>
using input_value_t = typename input_value<std::remove_cvref_t<T>>::type;

/// The scalar one input computes in: integers are promoted to `double`.
template <class T>
using promoted_t = std::conditional_t<std::is_integral_v<T>, double, T>;

template <class A, class B>
struct common_scalar {
  using type = std::conditional_t<is_batch<A>::value, A,
                                  std::conditional_t<is_batch<B>::value, B, std::common_type_t<A, B>>>;
};

/// The Scalar of a call: the batch type if any input is a batch, else the common floating type.
template <class... In>
struct scalar_of {
  using type = double;
};
template <class T, class... In>
struct scalar_of<T, In...> {
  using type = promoted_t<std::remove_cvref_t<T>>;
};
template <class T, class U, class... In>
struct scalar_of<T, U, In...> {
  using type = typename scalar_of<typename common_scalar<promoted_t<std::remove_cvref_t<T>>,
                                                         promoted_t<std::remove_cvref_t<U>>>::type,
                                  In...>::type;
};
template <class... In>
using scalar_of_t = typename scalar_of<input_value_t<In>...>::type;

/// A bundle computes in the common Scalar of its bindings.
template <class... B>
struct input_value<input_set<B...>> {
  using type = scalar_of_t<B...>;
};

/// One input converted to the scalar of the call.
template <Scalar S, class T>
[[nodiscard]] constexpr S to_scalar(T const& x) noexcept {
  return numeric::broadcast_or_same<S>(x);
}

// ---- the rules of a call's inputs, each broken one named by the first sentence the user sees -------------

enum class binding_error {
  none,
  not_an_input,        // an input is neither a number, a batch, an array nor at<x>(v)
  mixed,               // some inputs by label, some not
  positional_data,     // by position, but f has data
  unknown_label,       // at<x>: x is no input of f
  duplicate_label,     // the same label twice
  count,               // not every input of f bound (or too many positional inputs)
  shape,               // a vector input bound to a number or to an array of another size, or a scalar to an array
  unbound,             // a bundle inputs(...) that leaves an input of f unbound
};

template <class T>
inline constexpr bool is_std_array_v = false;
template <class T, std::size_t N>
inline constexpr bool is_std_array_v<std::array<T, N>> = true;

/// The value bound to an input of extent `Extent` (0: a scalar) has the right shape (a dynamic size is checked
/// when the call runs).
template <class T, std::size_t Extent>
consteval bool shape_fits() {
  if constexpr (Extent == 0) return Input<T>;
  else if constexpr (!array_like<T>) return false;
  else return extent_of<T>() == Extent || extent_of<T>() == dynamic_extent;
}

/// The binding `B` fits its input of `F` (or names none: a bundle's binding for another expression).
template <class F, class B>
consteval bool bound_shape_fits() {
  using T = std::remove_cvref_t<decltype(B::value)>;
  constexpr input_info const* entry = graph<F>::find(B::label);
  if constexpr (entry == nullptr) return true;
  else return shape_fits<T, entry->extent>();
}

template <std::size_t N>
consteval bool has_duplicate(std::array<std::string_view, N> const& labels) {
  for (std::size_t i = 0; i != N; ++i) {
    for (std::size_t j = 0; j != i; ++j) {
      if (labels[i] == labels[j]) return true;
    }
  }
  return false;
}

/// The bindings of a bundle for `F`: distinct labels, every input of `F` among them (others are ignored), each
/// of the right shape.
template <class F, class... B>
consteval binding_error check_set(input_set<B...> const*) {
  using g = graph<F>;
  constexpr std::array<std::string_view, sizeof...(B)> labels{B::label...};
  if constexpr (has_duplicate(labels)) return binding_error::duplicate_label;
  else if constexpr ((static_cast<std::size_t>(g::find(B::label) != nullptr) + ... + 0) != g::variables.size() + g::data.size())
    return binding_error::unbound;
  else if constexpr (!(bound_shape_fits<F, B>() && ...)) return binding_error::shape;
  else return binding_error::none;
}

template <class F, class... In>
consteval binding_error check_binding() {
  using g = graph<F>;
  if constexpr (sizeof...(In) == 1 && (is_input_set_v<std::remove_cvref_t<In>> && ...)) {
    return check_set<F>(static_cast<std::remove_cvref_t<In> const*>(nullptr)...);
  } else {
  constexpr bool all_bound = (is_bound_v<std::remove_cvref_t<In>> && ...);
  constexpr bool none_bound = (!is_bound_v<std::remove_cvref_t<In>> && ...);
  if constexpr (sizeof...(In) == 1 && none_bound && (is_std_array_v<std::remove_cvref_t<In>> && ...)) {
    // one std::array, in the order of variables_of(f)
    if constexpr (g::data_count != 0) return binding_error::positional_data;
    else if constexpr (((!Input<input_value_t<In>>) || ...)) return binding_error::not_an_input;
    else if constexpr (((extent_of<std::remove_cvref_t<In>>() != g::variable_count) || ...)) return binding_error::count;
    else return binding_error::none;
  } else if constexpr (!((Input<In> || is_bound_v<std::remove_cvref_t<In>>) && ...)) {
    return binding_error::not_an_input;
  } else if constexpr (sizeof...(In) != 0 && !all_bound && !none_bound) {
    return binding_error::mixed;
  } else if constexpr (sizeof...(In) != 0 && all_bound) {
    constexpr std::array<std::string_view, sizeof...(In)> labels{std::remove_cvref_t<In>::label...};
    if constexpr (((g::find(std::remove_cvref_t<In>::label) == nullptr) || ...)) return binding_error::unknown_label;
    else if constexpr (has_duplicate(labels)) return binding_error::duplicate_label;
    else if constexpr (sizeof...(In) != g::variables.size() + g::data.size()) return binding_error::count;
    else if constexpr (!(bound_shape_fits<F, std::remove_cvref_t<In>>() && ...)) return binding_error::shape;
    else return binding_error::none;
  } else {
    // numbers by position, in the order of variables_of(f)
    if constexpr (g::data_count != 0) return binding_error::positional_data;
    else if constexpr (sizeof...(In) != g::variable_count) return binding_error::count;
    else return binding_error::none;
  }
  }
}

/// The inputs of a call bind every variable and data of `F` exactly once: all by label (`at<"a">(v)`, any
/// order; vector inputs to arrays of their size), or, when `F` has no data, all variables by position (in the
/// order of `variables_of(f)`, vector variables element by element) or as one `std::array` in that order.
template <class F, class... In>
concept valid_binding = (Expression<F> || is_outputs_v<F>)&&(check_binding<F, In...>() == binding_error::none);

/// The one-sentence diagnosis of a binding that is not valid (the first rule it breaks). `Call` names the call
/// in the sentence; the misuse overloads return `auto`, so this is instantiated, and its sentence printed,
/// before anything else is said about the call.
template <class F, class... In>
constexpr auto diagnose_binding() {
  constexpr binding_error e = check_binding<F, In...>();
  if constexpr (e == binding_error::not_an_input) {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, inputs...): every input must be a number or an xsimd::batch of float or double, at<x>(v), or one std::array");
  } else if constexpr (e == binding_error::mixed) {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, inputs...): bind either every input by label with at<x>(v) or none");
  } else if constexpr (e == binding_error::positional_data) {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, inputs...): f has data (ctgrad::data<x>): bind every input by label with at<x>(v)");
  } else if constexpr (e == binding_error::unknown_label) {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, at<x>(v)...): a label is not a variable of f, nor data of f (see variables_of(f))");
  } else if constexpr (e == binding_error::duplicate_label) {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, at<x>(v)...): each variable of f must be bound exactly once");
  } else if constexpr (e == binding_error::unbound) {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, inputs(...)): the bundle leaves a variable or data of f unbound (see variables_of(f))");
  } else if constexpr (e == binding_error::shape) {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, at<x>(v)...): a vector variable or vector data of N elements must be bound to an array of N (std::array, std::span or an Eigen vector), a scalar one to a number");
  } else {
    static_assert(dependent_false<F>, "ctgrad::grad/eval(f, inputs...): the number of inputs must equal the number of variables of f (see variables_of(f))");
  }
}

/// An input whose size can only be checked as the call runs (a `std::span` or an Eigen vector of dynamic size).
template <class In>
consteval bool sized_at_run_time();
template <class... B>
consteval bool set_sized_at_run_time(input_set<B...> const*) {
  return (sized_at_run_time<B>() || ...);
}
template <class In>
consteval bool sized_at_run_time() {
  if constexpr (is_input_set_v<In>) {
    return set_sized_at_run_time(static_cast<In const*>(nullptr));
  } else if constexpr (is_bound_v<In>) {
    using V = std::remove_cvref_t<decltype(In::value)>;
    if constexpr (array_like<V>) return extent_of<V>() == dynamic_extent;
    else return false;
  } else {
    return false;
  }
}
template <class... In>
inline constexpr bool checked_at_run_time_v = (sized_at_run_time<std::remove_cvref_t<In>>() || ...);

/// A call's inputs as the generated passes read them: for each variable and each data entry of `F` (by label,
/// as `graph<F>::variables` and `graph<F>::data` list them), a pointer to its elements. An input bound to an
/// array (or a number) of the call's Scalar `S` is read where it is, so the forward pass loads the caller's
/// memory directly; anything else (integers, floats in a double call, numbers beside batches, positional
/// numbers) is converted into `storage` first. Filled in place by `gather_inputs`: it points into itself.
template <class F, Scalar S>
struct gathered {
  std::array<S const*, graph<F>::variables.size()> variables;
  std::array<S const*, graph<F>::data.size()> data;
  std::array<S, graph<F>::variable_count + graph<F>::data_count> storage;
};

/// Points `base` at one bound value (a number, or an array for a vector): at the value itself when it is of
/// the call's Scalar, else at its converted copy in `storage`.
template <Scalar S, std::size_t Extent, class T>
CTGRAD_INLINE constexpr void bind_entry(S const*& base, S* storage, T const& value, [[maybe_unused]] std::string_view label) {
  if constexpr (Extent == 0) {
    if constexpr (std::is_same_v<T, S>) {
      base = &value;
    } else {
      storage[0] = to_scalar<S>(value);
      base = storage;
    }
  } else {
    if constexpr (extent_of<T>() == dynamic_extent) {
      if (static_cast<std::size_t>(value.size()) != Extent)
        throw std::length_error("ctgrad: the input " + std::string{label} + " has " + std::to_string(value.size()) +
                                " elements, the expression's vector has " + std::to_string(Extent));
    }
    if constexpr (std::is_same_v<array_element_t<T>, S>) {
      base = value.data();
    } else {
      auto const* p = value.data();
      for (std::size_t i = 0; i != Extent; ++i) storage[i] = to_scalar<S>(p[i]);
      base = storage;
    }
  }
}

/// Fills `out` from the inputs of a valid call (`valid_binding<F, In...>`).
template <class F, Scalar S, class... In>
CTGRAD_INLINE constexpr void gather_inputs(gathered<F, S>& out, In const&... in) noexcept(!checked_at_run_time_v<In...>) {
  using g = graph<F>;
  if constexpr (sizeof...(In) == 1 && (is_input_set_v<In> && ...)) {
    std::apply([&](auto const&... b) __attribute__((always_inline)) { gather_inputs(out, b...); }, (in, ...).bindings);
  } else if constexpr ((is_bound_v<In> && ...) && sizeof...(In) != 0) {
    auto const one = [&]<class B>(B const& b) __attribute__((always_inline)) {
      constexpr input_info const* entry = g::find(B::label);
      if constexpr (entry == nullptr) {
        (void)b;  // a binding of a bundle for another expression
      } else if constexpr (entry->differentiable) {
        constexpr std::size_t number = static_cast<std::size_t>(entry - g::variables.data());
        bind_entry<S, entry->extent>(out.variables[number], out.storage.data() + entry->offset, b.value, B::label);
      } else {
        constexpr std::size_t number = static_cast<std::size_t>(entry - g::data.data());
        bind_entry<S, entry->extent>(out.data[number], out.storage.data() + g::variable_count + entry->offset, b.value, B::label);
      }
    };
    (one(in), ...);
  } else {
    // by position: one std::array in variable order, or numbers
    S const* positions = nullptr;
    if constexpr (sizeof...(In) == 1 && (is_std_array_v<In> && ...)) {
      auto const& a = (in, ...);
      if constexpr (std::is_same_v<array_element_t<std::remove_cvref_t<decltype(a)>>, S>) {
        positions = a.data();
      } else {
        for (std::size_t i = 0; i != g::variable_count; ++i) out.storage[i] = to_scalar<S>(a[i]);
        positions = out.storage.data();
      }
    } else {
      std::size_t i = 0;
      ((out.storage[i++] = to_scalar<S>(in)), ...);
      positions = out.storage.data();
    }
    for (std::size_t e = 0; e != g::variables.size(); ++e) out.variables[e] = positions + g::variables[e].offset;
  }
}

}  // namespace detail

/// Binds a value to the variable or data labelled `L` for grad/eval/hessian/jacobian: `grad(f, at<"a">(2.0),
/// at<"b">(-3.0))`; a vector input takes an array of its size: `at<"x">(std::array<double, 16>{...})`, a
/// `std::span`, or an Eigen vector.
template <ctgrad::detail::fixed_string L>
struct at_fn {
  template <class T>
    requires(Input<T> || detail::array_like<T>)
  [[nodiscard]] constexpr detail::bound<L, std::remove_cvref_t<T>> operator()(T const& value) const noexcept {
    return {value};
  }
  template <class T>
    requires(!Input<T> && !detail::array_like<T>)
  constexpr auto operator()(T const&) const {
    static_assert(detail::dependent_false<T>, "ctgrad::at<x>(v): v must be a number or an xsimd::batch of float or double (or, for a vector input, an array of them)");
  }
};
template <ctgrad::detail::fixed_string L>
inline constexpr at_fn<L> at{};

/// A bundle of bindings for several expressions that share inputs: `auto in = inputs(at<"a">(1.0),
/// at<"b">(2.0)); eval(f, in); eval(derivative<"a">(f), in);` Each call binds the inputs its expression has and
/// ignores the others; an input of the expression missing from the bundle is a compile error.
struct inputs_fn {
  template <class... B>
    requires(detail::is_bound_v<B> && ...)
  [[nodiscard]] constexpr detail::input_set<B...> operator()(B const&... b) const noexcept {
    return {std::tuple<B...>{b...}};
  }
};
inline constexpr inputs_fn inputs{};

}  // namespace ctgrad::expr
