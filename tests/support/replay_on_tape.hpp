// Test/bench support: records a static expression's distinct nodes once, then rebuilds them on the tape.
// This is how a user would write the same graph on the tape (each distinct node built once, shared nodes
// reused), so static and tape can be compared on any expression, random ones included.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <ctgrad/expr.hpp>
#include <ctgrad/tape.hpp>

namespace ctgrad::test {

/// One distinct node of a static expression, in a form the tape can rebuild.
struct instruction {
  enum class kind { variable, number, add, sub, mul, div, neg, exp, log, tanh, relu, sigmoid, sqrt, abs, pow_number, pow };
  kind op;
  std::size_t slot;        // the static node's index
  std::size_t a = 0, b = 0;  // operand slots
  double number = 0;       // number leaf value, or the exponent of pow_number
  std::size_t variable = 0;  // position in variables_of(f)
};

/// The distinct nodes of `f` in topological order (evaluated once at `inputs` to read numbers).
template <expr::Expression F, class... In>
std::vector<instruction> program_of(F const& f, In const&... inputs) {
  using kind = instruction::kind;
  const auto labels = variables_of(f);
  std::vector<instruction> program;
  std::vector<double> values;
  expr::for_each_node(
      f,
      [&](auto const& n) {
        instruction ins{kind::number, n.index};
        if (values.size() <= n.index) values.resize(n.index + 1);
        values[n.index] = static_cast<double>(n.value);
        if (n.is_variable) {
          ins.op = kind::variable;
          for (std::size_t i = 0; i < labels.size(); ++i)
            if (labels[i] == n.text) ins.variable = i;
        } else if (n.is_leaf) {
          ins.op = kind::number;
          ins.number = static_cast<double>(n.value);
        } else {
          const std::string_view t = n.text;
          ins.a = n.children[0];
          if (n.children.size() > 1) ins.b = n.children[1];
          if (t == "+") ins.op = kind::add;
          else if (t == "-") ins.op = kind::sub;
          else if (t == "*") ins.op = kind::mul;
          else if (t == "/") ins.op = kind::div;
          else if (t == "neg") ins.op = kind::neg;
          else if (t == "exp") ins.op = kind::exp;
          else if (t == "log") ins.op = kind::log;
          else if (t == "tanh") ins.op = kind::tanh;
          else if (t == "ReLU") ins.op = kind::relu;
          else if (t == "sigmoid") ins.op = kind::sigmoid;
          else if (t == "sqrt") ins.op = kind::sqrt;
          else if (t == "abs") ins.op = kind::abs;
          else if (t == "**") ins.op = kind::pow;
          else if (t.substr(0, 2) == "**") {
            // "**3": a compile-time power (one operand, the exponent is in the text) or a power by a
            // number leaf (two operands, the exponent is the second one's value)
            ins.op = kind::pow_number;
            ins.number = n.children.size() > 1 ? values[ins.b] : std::stod(std::string{t.substr(2)});
          } else {
            throw std::logic_error("replay_on_tape: no tape op for '" + std::string{t} + "'");
          }
        }
        program.push_back(ins);
      },
      inputs...);
  return program;
}

/// Builds `program` on `g` with the variables' values `inputs` (in variables_of order); returns the root.
/// `leaves` receives the tape leaf of each variable. `scratch` is reused storage (one value per slot).
inline tape::value replay(std::span<const instruction> program, tape::graph& g, std::span<const double> inputs,
                          std::span<tape::value> leaves, std::vector<tape::value>& scratch) {
  using kind = instruction::kind;
  for (std::size_t i = 0; i < inputs.size(); ++i) leaves[i] = g.leaf(inputs[i]);
  std::size_t slots = 0;
  for (const auto& ins : program) slots = std::max(slots, ins.slot + 1);
  if (scratch.size() < slots) scratch.resize(slots);
  for (const auto& ins : program) {
    tape::value& out = scratch[ins.slot];
    const tape::value x = scratch[ins.a], y = scratch[ins.b];
    switch (ins.op) {
      case kind::variable: out = leaves[ins.variable]; break;
      case kind::number: out = g.leaf(ins.number); break;
      case kind::add: out = x + y; break;
      case kind::sub: out = x - y; break;
      case kind::mul: out = x * y; break;
      case kind::div: out = x / y; break;
      case kind::neg: out = -x; break;
      case kind::exp: out = x.exp(); break;
      case kind::log: out = x.log(); break;
      case kind::tanh: out = x.tanh(); break;
      case kind::relu: out = x.relu(); break;
      case kind::sigmoid: out = x.sigmoid(); break;
      case kind::sqrt: out = x.sqrt(); break;
      case kind::abs: out = x.abs(); break;
      case kind::pow_number: out = x.pow(ins.number); break;
      case kind::pow: out = (y * x.log()).exp(); break;  // x**y for x > 0, as the tape has no value power
    }
  }
  return scratch[program.back().slot];
}

}  // namespace ctgrad::test
