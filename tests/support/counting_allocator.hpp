// Test support: counts every global operator new, to show that a piece of code allocates nothing.
// Include it in exactly one translation unit of a test executable (it replaces the global operator new and
// delete, plain and nothrow; the aligned forms stay the library's and pair among themselves).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace ctgrad::test {
inline std::atomic<std::size_t> allocations{0};

/// Number of allocations made while running `f`.
template <class F>
std::size_t count_allocations(F&& f) {
  const std::size_t before = allocations.load();
  f();
  return allocations.load() - before;
}
}  // namespace ctgrad::test

void* operator new(std::size_t size) {
  ctgrad::test::allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc{};
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ctgrad::test::allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return ::operator new(size, tag); }
// GCC 12 pairs the library's operator new with these std::free calls where both are inlined and reports a
// mismatch (-Wmismatched-new-delete); here new is malloc, so they match.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
