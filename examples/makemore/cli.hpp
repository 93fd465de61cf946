// examples/makemore/cli.hpp: makemore's command line: its commands and flags (one table, cli.cpp), parsed by
// CLI11 before any work starts, and read back as checked numbers and texts.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace makemore_app {

/// A bad command line: one line on stderr, exit status 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The parsed command line: the subcommand and its flags' values ("" for a switch that was given).
struct command_line {
  std::string command;
  std::map<std::string, std::string, std::less<>> values;
  bool help = false;

  [[nodiscard]] bool has(std::string_view name) const { return values.find(name) != values.end(); }
  [[nodiscard]] std::optional<std::string> text(std::string_view name) const;
  /// The flag's whole number in [min, max], or `fallback` when it is not given; else a usage_error.
  [[nodiscard]] std::uint64_t unsigned_number(std::string_view name, std::uint64_t fallback, std::uint64_t max,
                                              std::uint64_t min = 0) const;
  /// The flag's finite number, or `fallback` when it is not given; else a usage_error.
  [[nodiscard]] double real_number(std::string_view name, double fallback) const;
};

/// The command line after the program's name.
[[nodiscard]] command_line parse(std::span<char* const> args);

/// The help: every command and flag, and what the tool does with them.
void print_help();

}  // namespace makemore_app
