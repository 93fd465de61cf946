// ctgrad::expr::to_string: a static expression as text with minimal parentheses, e.g. "(a + b) * c + e".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <ctgrad/detail/expr_text.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/function.hpp>
#include <ctgrad/expr/node.hpp>
#include <ctgrad/expr/ops.hpp>

namespace ctgrad::expr {

namespace detail {

/// How tightly `e` binds when printed: a negative number or a fraction binds like its operator.
template <class E>
[[nodiscard]] constexpr int print_precedence(E const& e) noexcept {
  if constexpr (is_literal_v<E>) return E::numerator < 0 ? op_traits<op::neg>::precedence : (E::denominator != 1 && !prints_as_decimal(E::denominator) ? op_traits<op::div>::precedence : atom_precedence);
  else if constexpr (is_constant_v<E>) return e.value < 0 ? op_traits<op::neg>::precedence : atom_precedence;
  else if constexpr (is_input_v<E> || is_strided_v<E> || is_loop_v<E>) return atom_precedence;
  else return op_traits<op_t<E>>::precedence;
}

template <class E>
void print(E const& e, std::string& out);

template <class E>
void print_operand(E const& e, std::string& out, bool parenthesize) {
  if (parenthesize) out += '(';
  print(e, out);
  if (parenthesize) out += ')';
}

/// The text of an input leaf: its label, and `[i]` for a vector element.
template <class E>
void print_input(std::string& out) {
  out += E::label;
  if constexpr (input_leaf<E>::extent != 0) {
    out += '[';
    out += number_text(static_cast<long long>(input_leaf<E>::index)).view();
    out += ']';
  }
}

/// The text of a loop's element `label[S i + O]`.
template <class V, long long S, long long O>
void print_strided(nodes::strided<V, S, O> const*, std::string& out) {
  out += V::label;
  out += '[';
  if constexpr (S == -1) out += '-';
  else if constexpr (S != 1) out += number_text(S).view();
  out += 'i';
  if constexpr (O > 0) {
    out += " + ";
    out += number_text(O).view();
  } else if constexpr (O < 0) {
    out += " - ";
    out += number_text(-O).view();
  }
  out += ']';
}

template <class P, std::size_t N>
void print_loop(nodes::loop_sum<P, N> const*, std::string& out) {
  out += "sum(i < ";
  out += number_text(static_cast<long long>(N)).view();
  out += ": ";
  print(P{}, out);
  out += ')';
}

template <class E>
void print(E const& e, std::string& out) {
  if constexpr (is_input_v<E>) {
    print_input<E>(out);
  } else if constexpr (is_strided_v<E>) {
    print_strided(static_cast<E const*>(nullptr), out);
  } else if constexpr (is_loop_v<E>) {
    print_loop(static_cast<E const*>(nullptr), out);
  } else if constexpr (is_literal_v<E>) {
    if constexpr (prints_as_decimal(E::denominator)) {
      out += number_text(static_cast<double>(E::numerator) / static_cast<double>(E::denominator)).view();
    } else {
      out += number_text(E::numerator).view();
      if constexpr (E::denominator != 1) {
        out += " / ";
        out += number_text(E::denominator).view();
      }
    }
  } else if constexpr (is_constant_v<E>) {
    out += number_text(e.value).view();
  } else {
    using traits = op_traits<op_t<E>>;
    constexpr int p = traits::precedence;
    if constexpr (traits::notation == notation::call) {
      out += traits::symbol;
      out += '(';
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((out += (I == 0 ? "" : ", "), print(child<I>(e), out)), ...);
      }(std::make_index_sequence<arity_v<E>>{});
      out += ')';
    } else if constexpr (traits::notation == notation::prefix) {
      out += traits::symbol;
      print_operand(e.arg, out, print_precedence(e.arg) < p);
    } else if constexpr (traits::notation == notation::power && arity_v<E> == 1) {
      print_operand(e.arg, out, print_precedence(e.arg) <= p);  // (x**2)**3, (-x)**2
      out += traits::symbol;
    } else if constexpr (traits::notation == notation::power) {
      print_operand(e.lhs, out, print_precedence(e.lhs) <= p);
      out += traits::symbol;
      print_operand(e.rhs, out, print_precedence(e.rhs) < p);  // x**y**z is x**(y**z)
    } else {
      // Left-associative infix: a right operand of equal precedence keeps its parentheses, so the
      // text reads exactly as the graph was built: a - (b - c), a + (b + c).
      print_operand(e.lhs, out, print_precedence(e.lhs) < p);
      out += ' ';
      out += traits::symbol;
      out += ' ';
      print_operand(e.rhs, out, print_precedence(e.rhs) <= p);
    }
  }
}

}  // namespace detail

/// `f` as text with minimal parentheses, in Python/micrograd notation: a variable prints as its label (a vector
/// element as `x[3]`), numbers as their shortest text (`2`, `0.5`, `1 / 3`), powers as `x**3`, functions as
/// `tanh(x)`, `atan2(y, x)`.
///
///     to_string((a + b) * c + e) == "(a + b) * c + e"
struct to_string_fn {
  template <Expression F>
  [[nodiscard]] std::string operator()(F const& f) const {
    std::string out;
    detail::print(f, out);
    return out;
  }
};
inline constexpr to_string_fn to_string{};

}  // namespace ctgrad::expr
