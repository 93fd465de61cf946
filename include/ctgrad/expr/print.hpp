// ctgrad::expr::to_string: a static expression as text with minimal parentheses, e.g. "(a + b) * c + e".
#pragma once

#include <string>
#include <string_view>

#include <ctgrad/detail/expr_text.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/node.hpp>
#include <ctgrad/expr/ops.hpp>

namespace ctgrad::expr {

namespace detail {

/// How tightly `e` binds when printed: a negative number binds like unary minus.
template <class E>
[[nodiscard]] constexpr int print_precedence(E const& e) noexcept {
  if constexpr (is_number_leaf_v<E>) return number_value(e) < 0 ? op::neg::precedence : atom_precedence;
  else if constexpr (is_variable_v<E>) return atom_precedence;
  else return op_t<E>::precedence;
}

template <class E>
void print(E const& e, std::string& out);

template <class E>
void print_operand(E const& e, std::string& out, bool parenthesize) {
  if (parenthesize) out += '(';
  print(e, out);
  if (parenthesize) out += ')';
}

template <class E>
void print(E const& e, std::string& out) {
  if constexpr (is_variable_v<E>) {
    out += E::label;
  } else if constexpr (is_literal_v<E>) {
    out += number_text(E::value).view();
  } else if constexpr (is_constant_v<E>) {
    out += number_text(e.value).view();
  } else {
    using op = op_t<E>;
    constexpr int p = op::precedence;
    if constexpr (op::notation == notation::call) {
      out += op::symbol;
      print_operand(e.arg, out, true);
    } else if constexpr (op::notation == notation::prefix) {
      out += op::symbol;
      print_operand(e.arg, out, print_precedence(e.arg) < p);
    } else if constexpr (op::notation == notation::power && arity_v<E> == 1) {
      print_operand(e.arg, out, print_precedence(e.arg) <= p);  // (x**2)**3, (-x)**2
      out += op::symbol;
    } else if constexpr (op::notation == notation::power) {
      print_operand(e.lhs, out, print_precedence(e.lhs) <= p);
      out += op::symbol;
      print_operand(e.rhs, out, print_precedence(e.rhs) < p);  // x**y**z is x**(y**z)
    } else {
      // Left-associative infix: a right operand of equal precedence keeps its parentheses, so the
      // text reads exactly as the graph was built: a - (b - c), a + (b + c).
      print_operand(e.lhs, out, print_precedence(e.lhs) < p);
      out += ' ';
      out += op::symbol;
      out += ' ';
      print_operand(e.rhs, out, print_precedence(e.rhs) <= p);
    }
  }
}

}  // namespace detail

/// `f` as text with minimal parentheses, in Python/micrograd notation: a variable prints as its label,
/// numbers as their shortest text (`2`, `0.5`), powers as `x**3`, functions as `tanh(x)`.
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
