// ctgrad::makemore::checkpoint: a model's named arrays in a versioned, checksummed, atomically written file.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <zlib.h>

#include <makemore/output_file.hpp>

namespace ctgrad::makemore {

/// A checkpoint that cannot be written or read: truncated, corrupt, of another format version or model
/// kind, or holding other shapes than the reader expects. The message starts with the file's name.
class checkpoint_error : public std::runtime_error {
 public:
  checkpoint_error(const std::string& source, const std::string& what) : std::runtime_error{escaped(source) + ": " + what} {}
};

/// The element type of a checkpoint section.
enum class element_type : std::uint8_t { f32 = 1, f64 = 2, i64 = 3, text = 4 };

/// The name of an element type, as errors print it.
constexpr std::string_view to_string(element_type t) noexcept {
  switch (t) {
    case element_type::f32: return "f32";
    case element_type::f64: return "f64";
    case element_type::i64: return "i64";
    case element_type::text: return "text";
  }
  return "unknown";
}

/// CRC-32 of `bytes` (IEEE 802.3, reflected, polynomial 0xEDB88320: zlib's, PNG's and gzip's), by zlib:
/// crc32("123456789") == 0xCBF43926.
inline std::uint32_t crc32(std::span<const unsigned char> bytes) noexcept {
  return static_cast<std::uint32_t>(::crc32_z(0UL, bytes.data(), bytes.size()));
}

/// A trained model as a file: a kind tag ("count", "mlp", ...) and named sections, each an array of f32,
/// f64 or i64 with a shape, or a text. Any model stores its parameters and hyper-parameters through it.
///
/// File format, version 1, every integer little-endian:
///
///     magic      8 bytes  89 'C' 'T' 'G' 'R' 'A' 'D' 0A
///     version    u32      1
///     size       u64      bytes in the whole file, checksum included
///     kind       u32 length, bytes
///     sections   u32 count, then per section:
///                  name u32 length, bytes; type u8 (1 f32, 2 f64, 3 i64, 4 text); rank u8;
///                  dims u64 x rank; elements (4 or 8 bytes each; text: dims = {bytes})
///     checksum   u32      CRC-32 of every byte before it
///
///     checkpoint ck{"count"};
///     ck.add_integer("context", 1);
///     ck.add("counts", std::span<const std::int64_t>{counts}, {27, 27});
///     save_checkpoint(ck, "bigram.ckpt");
///     auto back = load_checkpoint("bigram.ckpt", "count");
///     std::span<const std::int64_t> c = back.i64("counts", {27, 27});
class checkpoint {
 public:
  /// The format version this build writes and reads.
  static constexpr std::uint32_t format_version = 1;
  /// The first 8 bytes of every checkpoint (the high first byte and the newline catch text-mode transfers).
  static constexpr std::array<unsigned char, 8> magic{0x89, 'C', 'T', 'G', 'R', 'A', 'D', '\n'};

  /// An empty checkpoint of a model kind (a short printable name); `source` names it in error messages.
  explicit checkpoint(std::string kind, std::string source = "checkpoint") : kind_{std::move(kind)}, source_{std::move(source)} {
    if (!valid_name(kind_, max_kind)) throw std::invalid_argument{"checkpoint kind \"" + kind_ + "\" is not a short printable name"};
  }

  /// The model kind.
  [[nodiscard]] const std::string& kind() const noexcept { return kind_; }
  /// The name errors give: the file it was loaded from, or "checkpoint".
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  /// Adds an array section; the product of `shape` must equal values.size(). A name may be used once.
  void add(std::string name, std::span<const float> values, std::vector<std::uint64_t> shape) {
    add_section(std::move(name), std::move(shape), std::vector<float>{values.begin(), values.end()});
  }
  /// Adds an f64 array section (see above).
  void add(std::string name, std::span<const double> values, std::vector<std::uint64_t> shape) {
    add_section(std::move(name), std::move(shape), std::vector<double>{values.begin(), values.end()});
  }
  /// Adds an i64 array section (see above).
  void add(std::string name, std::span<const std::int64_t> values, std::vector<std::uint64_t> shape) {
    add_section(std::move(name), std::move(shape), std::vector<std::int64_t>{values.begin(), values.end()});
  }
  /// Adds a text section.
  void add_text(std::string name, std::string_view text) {
    add_section(std::move(name), {text.size()}, std::string{text});
  }
  /// Adds an f64 scalar (shape {}).
  void add_scalar(std::string name, double value) { add(std::move(name), std::span<const double>{&value, 1}, {}); }
  /// Adds an i64 scalar (shape {}).
  void add_integer(std::string name, std::int64_t value) {
    add(std::move(name), std::span<const std::int64_t>{&value, 1}, {});
  }

  /// Whether a section of that name exists.
  [[nodiscard]] bool contains(std::string_view name) const noexcept { return find(name) != nullptr; }
  /// The section names, in the order they were added.
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& s : sections_) out.push_back(s.name);
    return out;
  }
  /// A section's element type (checkpoint_error when absent).
  [[nodiscard]] element_type type(std::string_view name) const { return get(name).type(); }
  /// A section's shape (checkpoint_error when absent).
  [[nodiscard]] const std::vector<std::uint64_t>& shape(std::string_view name) const { return get(name).shape; }

  /// The values of an f32 section. With `expected` non-empty, the shape must equal it; an absent section,
  /// another type or another shape throws checkpoint_error naming the file and the section.
  [[nodiscard]] std::span<const float> f32(std::string_view name, std::vector<std::uint64_t> expected = {}) const {
    return typed<std::vector<float>>(name, element_type::f32, expected);
  }
  /// The values of an f64 section (see f32).
  [[nodiscard]] std::span<const double> f64(std::string_view name, std::vector<std::uint64_t> expected = {}) const {
    return typed<std::vector<double>>(name, element_type::f64, expected);
  }
  /// The values of an i64 section (see f32).
  [[nodiscard]] std::span<const std::int64_t> i64(std::string_view name, std::vector<std::uint64_t> expected = {}) const {
    return typed<std::vector<std::int64_t>>(name, element_type::i64, expected);
  }
  /// A text section.
  [[nodiscard]] const std::string& text(std::string_view name) const {
    return std::get<std::string>(check(name, element_type::text, {}).data);
  }
  /// An f64 scalar.
  [[nodiscard]] double scalar(std::string_view name) const {
    return std::get<std::vector<double>>(check(name, element_type::f64, {}, true).data)[0];
  }
  /// An i64 scalar.
  [[nodiscard]] std::int64_t integer(std::string_view name) const {
    return std::get<std::vector<std::int64_t>>(check(name, element_type::i64, {}, true).data)[0];
  }

  /// Throws checkpoint_error "<source>: <what>" (for a model's own validation of what it loads).
  [[noreturn]] void fail(const std::string& what) const { throw checkpoint_error{source_, what}; }

  /// The file's bytes (format above).
  [[nodiscard]] std::vector<unsigned char> serialize() const {
    std::vector<unsigned char> out{magic.begin(), magic.end()};
    put(out, format_version, 4);
    put(out, 0, 8);  // size, patched below
    put_string(out, kind_);
    put(out, sections_.size(), 4);
    for (const auto& s : sections_) {
      put_string(out, s.name);
      out.push_back(static_cast<unsigned char>(s.type()));
      out.push_back(static_cast<unsigned char>(s.shape.size()));
      for (const auto d : s.shape) put(out, d, 8);
      std::visit(
          [&](const auto& data) {
            using data_type = std::remove_cvref_t<decltype(data)>;
            if constexpr (std::is_same_v<data_type, std::string>) {
              out.insert(out.end(), data.begin(), data.end());
            } else {
              for (const auto v : data) {
                if constexpr (std::is_same_v<decltype(v), const float>) {
                  put(out, std::bit_cast<std::uint32_t>(v), 4);
                } else if constexpr (std::is_same_v<decltype(v), const double>) {
                  put(out, std::bit_cast<std::uint64_t>(v), 8);
                } else {
                  put(out, static_cast<std::uint64_t>(v), 8);
                }
              }
            }
          },
          s.data);
    }
    const std::uint64_t size = out.size() + 4;
    for (std::size_t k = 0; k < 8; ++k) out[12 + k] = static_cast<unsigned char>(size >> (8 * k));
    put(out, crc32(out), 4);
    return out;
  }

  /// Reads a checkpoint from its bytes, validating everything: magic, version, size (truncation), checksum
  /// (corruption), then the structure. Any problem throws checkpoint_error naming `source`.
  [[nodiscard]] static checkpoint parse(std::span<const unsigned char> bytes, std::string source) {
    const auto fail = [&](const std::string& what) -> void { throw checkpoint_error{source, what}; };
    const std::size_t header = magic.size() + 4 + 8;
    const std::size_t prefix = std::min(bytes.size(), magic.size());
    if (!std::equal(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(prefix), magic.begin())) {
      fail("not a ctgrad checkpoint (wrong magic bytes)");
    }
    if (bytes.size() < header) {
      fail("truncated: " + std::to_string(bytes.size()) + " bytes, shorter than a checkpoint's header");
    }
    reader in{bytes, magic.size(), source};
    const auto version = static_cast<std::uint32_t>(in.get(4));
    if (version != format_version) {
      fail("checkpoint format version " + std::to_string(version) + " is not supported (this build reads version " +
           std::to_string(format_version) + ")");
    }
    const std::uint64_t size = in.get(8);
    if (bytes.size() < size) {
      fail("truncated: " + std::to_string(bytes.size()) + " of " + std::to_string(size) + " bytes");
    }
    if (size < header + 4 + 4 + 4 || bytes.size() > size) {
      fail("corrupt: the header says " + std::to_string(size) + " bytes, the file has " + std::to_string(bytes.size()));
    }
    const auto body = bytes.first(bytes.size() - 4);
    reader tail{bytes, body.size(), source};
    const auto stored = static_cast<std::uint32_t>(tail.get(4));
    const std::uint32_t computed = crc32(body);
    if (stored != computed) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "corrupt: checksum mismatch (stored %08X, computed %08X)", stored, computed);
      fail(buf);
    }
    in.end = body.size();
    checkpoint ck{"x", source};
    ck.kind_ = in.get_string(max_kind, "model kind");
    const std::uint64_t count = in.get(4);
    for (std::uint64_t i = 0; i < count; ++i) {
      std::string name = in.get_string(max_name, "section name");
      if (ck.contains(name)) fail("corrupt: section '" + name + "' appears twice");
      const auto type = static_cast<element_type>(in.get(1));
      const auto rank = static_cast<std::size_t>(in.get(1));
      if (rank > max_rank) fail("corrupt: section '" + name + "' has rank " + std::to_string(rank));
      std::vector<std::uint64_t> shape(rank);
      std::uint64_t elements = 1;
      for (auto& d : shape) {
        d = in.get(8);
        if (d != 0 && elements > std::numeric_limits<std::uint64_t>::max() / d) fail("corrupt: section '" + name + "' is too large");
        elements *= d;
      }
      const auto need = [&](std::uint64_t width) {
        if (elements > (in.end - in.pos) / width) fail("corrupt: section '" + name + "' runs past the end of the file");
        return static_cast<std::size_t>(elements);
      };
      switch (type) {
        case element_type::f32: {
          std::vector<float> v(need(4));
          for (auto& x : v) x = std::bit_cast<float>(static_cast<std::uint32_t>(in.get(4)));
          ck.add_section(std::move(name), std::move(shape), std::move(v));
          break;
        }
        case element_type::f64: {
          std::vector<double> v(need(8));
          for (auto& x : v) x = std::bit_cast<double>(in.get(8));
          ck.add_section(std::move(name), std::move(shape), std::move(v));
          break;
        }
        case element_type::i64: {
          std::vector<std::int64_t> v(need(8));
          for (auto& x : v) x = static_cast<std::int64_t>(in.get(8));
          ck.add_section(std::move(name), std::move(shape), std::move(v));
          break;
        }
        case element_type::text: {
          if (rank != 1) fail("corrupt: text section '" + name + "' has rank " + std::to_string(rank));
          const std::size_t n = need(1);
          std::string t(reinterpret_cast<const char*>(bytes.data() + in.pos), n);
          in.pos += n;
          ck.add_section(std::move(name), std::move(shape), std::move(t));
          break;
        }
        default: fail("corrupt: section '" + name + "' has unknown element type " + std::to_string(static_cast<int>(type)));
      }
    }
    if (in.pos != in.end) fail("corrupt: " + std::to_string(in.end - in.pos) + " unexplained bytes after the last section");
    return ck;
  }

 private:
  static constexpr std::size_t max_kind = 64;
  static constexpr std::size_t max_name = 255;
  static constexpr std::size_t max_rank = 8;

  using storage = std::variant<std::vector<float>, std::vector<double>, std::vector<std::int64_t>, std::string>;
  struct section {
    std::string name;
    std::vector<std::uint64_t> shape;
    storage data;
    [[nodiscard]] element_type type() const noexcept { return static_cast<element_type>(data.index() + 1); }
    [[nodiscard]] std::size_t size() const noexcept {
      return std::visit([](const auto& d) { return d.size(); }, data);
    }
  };

  // Bounds-checked little-endian reading; running out of bytes means the structure is corrupt.
  struct reader {
    std::span<const unsigned char> bytes;
    std::size_t pos;
    const std::string& source;
    std::size_t end = bytes.size();

    std::uint64_t get(std::size_t n) {
      if (end - pos < n) throw checkpoint_error{source, "corrupt: a field runs past the end of the file"};
      std::uint64_t v = 0;
      for (std::size_t k = 0; k < n; ++k) v |= static_cast<std::uint64_t>(bytes[pos + k]) << (8 * k);
      pos += n;
      return v;
    }
    std::string get_string(std::size_t max, const char* what) {
      const std::uint64_t n = get(4);
      if (n > max || n > end - pos) throw checkpoint_error{source, std::string{"corrupt: "} + what + " of " + std::to_string(n) + " bytes"};
      std::string s(reinterpret_cast<const char*>(bytes.data() + pos), static_cast<std::size_t>(n));
      pos += static_cast<std::size_t>(n);
      if (!valid_name(s, max)) throw checkpoint_error{source, std::string{"corrupt: "} + what + " is not printable"};
      return s;
    }
  };

  static bool valid_name(std::string_view s, std::size_t max) noexcept {
    if (s.empty() || s.size() > max) return false;
    for (const char c : s) {
      if (c <= ' ' || c >= 0x7f) return false;
    }
    return true;
  }

  static void put(std::vector<unsigned char>& out, std::uint64_t v, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) out.push_back(static_cast<unsigned char>(v >> (8 * k)));
  }
  static void put_string(std::vector<unsigned char>& out, std::string_view s) {
    put(out, s.size(), 4);
    out.insert(out.end(), s.begin(), s.end());
  }

  void add_section(std::string name, std::vector<std::uint64_t> shape, storage data) {
    if (!valid_name(name, max_name)) throw std::invalid_argument{"checkpoint section name \"" + name + "\" is not a short printable name"};
    if (contains(name)) throw std::invalid_argument{"checkpoint section '" + name + "' added twice"};
    if (shape.size() > max_rank) throw std::invalid_argument{"checkpoint section '" + name + "': rank above 8"};
    std::uint64_t elements = 1;
    for (const auto d : shape) elements *= d;
    section s{std::move(name), std::move(shape), std::move(data)};
    if (elements != s.size()) {
      throw std::invalid_argument{"checkpoint section '" + s.name + "': shape " + shape_string(s.shape) + " holds " +
                                  std::to_string(elements) + " elements, given " + std::to_string(s.size())};
    }
    sections_.push_back(std::move(s));
  }

  [[nodiscard]] const section* find(std::string_view name) const noexcept {
    for (const auto& s : sections_) {
      if (s.name == name) return &s;
    }
    return nullptr;
  }
  [[nodiscard]] const section& get(std::string_view name) const {
    const section* s = find(name);
    if (s == nullptr) fail("this '" + kind_ + "' checkpoint has no section '" + std::string{name} + "'");
    return *s;
  }
  [[nodiscard]] const section& check(std::string_view name, element_type t, const std::vector<std::uint64_t>& expected,
                                     bool scalar = false) const {
    const section& s = get(name);
    if (s.type() != t) {
      fail("section '" + s.name + "' holds " + std::string{to_string(s.type())} + ", expected " + std::string{to_string(t)});
    }
    if ((scalar && !s.shape.empty()) || (!expected.empty() && s.shape != expected)) {
      fail("section '" + s.name + "' has shape " + shape_string(s.shape) + ", expected " +
           (scalar ? std::string{"[] (a scalar)"} : shape_string(expected)));
    }
    return s;
  }
  template <typename V>
  [[nodiscard]] std::span<const typename V::value_type> typed(std::string_view name, element_type t,
                                                             const std::vector<std::uint64_t>& expected) const {
    return std::get<V>(check(name, t, expected).data);
  }

  static std::string shape_string(std::span<const std::uint64_t> shape) {
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) out += (i != 0 ? ", " : "") + std::to_string(shape[i]);
    return out + "]";
  }

  std::string kind_;
  std::string source_;
  std::vector<section> sections_;
};

/// Saves `ck` to `path` atomically (see write_file_atomically); an existing file is replaced only by a
/// complete, checksummed checkpoint.
inline void save_checkpoint(const checkpoint& ck, const std::filesystem::path& path) {
  const std::vector<unsigned char> bytes = ck.serialize();
  write_file_atomically(path, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  });
}

/// Loads and validates the checkpoint at `path` (see checkpoint::parse). With `expected_kind` non-empty, a
/// checkpoint of another model kind throws checkpoint_error saying which kind it holds.
inline checkpoint load_checkpoint(const std::filesystem::path& path, std::string_view expected_kind = {}) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw checkpoint_error{name, "is a directory, not a checkpoint"};
  std::ifstream in{path, std::ios::binary};
  if (!in) throw checkpoint_error{name, std::string{"cannot open: "} + std::strerror(errno)};
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>{in}), std::istreambuf_iterator<char>{});
  if (in.bad()) throw checkpoint_error{name, "read error"};
  checkpoint ck = checkpoint::parse(bytes, name);
  if (!expected_kind.empty() && ck.kind() != expected_kind) {
    throw checkpoint_error{name, "holds a '" + ck.kind() + "' model, expected a '" + std::string{expected_kind} + "' model"};
  }
  return ck;
}

}  // namespace ctgrad::makemore
