// ctgrad::makemore text for a terminal: UTF-8 decoding, code point names, and user text (a data line, a path)
// quoted short and escaped, so that an error message never carries control or escape sequences, invalid UTF-8
// or a megabyte of one line to the terminal.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace ctgrad::makemore {

/// Decodes one UTF-8 code point at text[i]; returns its length, or 0 when the bytes are not valid UTF-8
/// (overlong forms, surrogates and values above U+10FFFF included).
inline std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& cp) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  std::size_t n = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if ((b0 & 0xE0U) == 0xC0U) {
    n = 2, cp = b0 & 0x1FU, min = 0x80;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    n = 3, cp = b0 & 0x0FU, min = 0x800;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    n = 4, cp = b0 & 0x07U, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0U) != 0x80U) return 0;
    cp = (cp << 6U) | (byte(i + k) & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

/// "U+00EB".
inline std::string code_point_name(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

/// A code point a terminal acts on instead of showing: C0 and C1 controls, DEL, and the bidirectional
/// overrides and isolates (which reorder the rest of the line).
inline bool is_terminal_control(char32_t cp) noexcept {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/// `text[begin, end)` (byte offsets on code point boundaries) with `"` and `\` escaped, controls as `\u001B`,
/// invalid UTF-8 bytes as `\xFF`; everything else as it is.
inline std::string escaped(std::string_view text, std::size_t begin = 0, std::size_t end = std::string_view::npos) {
  end = std::min(end, text.size());
  std::string out;
  for (std::size_t i = begin; i < end;) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(text, i, cp);
    char buf[16];
    if (n == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[i])));
      out += buf;
      ++i;
      continue;
    }
    if (cp == '"' || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (is_terminal_control(cp)) {
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

namespace detail {
/// The first code point boundary at or after byte `i` (skipping UTF-8 continuation bytes, at most three).
inline std::size_t boundary_at_or_after(std::string_view text, std::size_t i) noexcept {
  for (int k = 0; k < 3 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U; ++k) ++i;
  return i;
}
}  // namespace detail

/// `text` quoted for an error message: escaped, in double quotes, and when longer than `width` bytes only the
/// `width` around byte `focus` (the problem), the cut ends shown as `...`.
inline std::string quoted(std::string_view text, std::size_t focus = 0, std::size_t width = 80) {
  std::size_t begin = 0, end = text.size();
  if (text.size() > width) {
    begin = focus > width / 2 ? focus - width / 2 : 0;
    end = std::min(text.size(), begin + width);
    begin = end - begin < width ? (end > width ? end - width : 0) : begin;
    begin = detail::boundary_at_or_after(text, begin);
    end = detail::boundary_at_or_after(text, end);
  }
  return std::string{"\""} + (begin > 0 ? "..." : "") + escaped(text, begin, end) + (end < text.size() ? "..." : "") + "\"";
}

}  // namespace ctgrad::makemore
