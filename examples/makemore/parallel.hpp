// ctgrad::makemore::thread_team: the calling thread and N−1 persistent workers that run one job at a time,
// for data-parallel training steps (each thread a share of the batch, its own workspace and gradients).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace ctgrad::makemore {

/// The most threads a team (and so a training step) may have.
inline constexpr std::size_t max_threads = 64;

/// A team of `size()` threads: the caller, and size() − 1 workers started once by the constructor and
/// joined by the destructor. `run(job)` has thread i run `job(i)` for every i < size() (i = 0 on the
/// calling thread) and returns when all have finished. A job is handed over through two atomic counters,
/// with no lock and no allocation. A waiting thread spins (a training step's serial part takes
/// microseconds), after a few microseconds yields its core now and then (should another thread of the
/// team be waiting for one), and finally sleeps in `std::atomic::wait`. (On the makemore MLP's step, this
/// barrier measured faster than `std::barrier`.)
///
///     thread_team team{2};
///     std::array<float, 2> part{};
///     auto job = [&](std::size_t i) noexcept { part[i] = work_on_half(i); };
///     team.run(job);   // both halves done here
///
/// A job may have phases: every thread calls `arrive_and_wait()` between them. One job runs at a time and
/// `run` is called by one thread; the team does not move (workers hold it).
class thread_team {
 public:
  /// A team of `threads` threads (1 to max_threads, else std::invalid_argument); starts threads − 1 workers.
  explicit thread_team(std::size_t threads) : size_{threads} {
    if (threads == 0 || threads > max_threads) {
      throw std::invalid_argument{"thread_team: " + std::to_string(threads) + " threads; a team has 1 to " + std::to_string(max_threads)};
    }
    workers_.reserve(threads - 1);
    try {
      for (std::size_t i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work(i); });
    } catch (...) {  // the system refused a thread: stop those that started
      stop();
      throw;
    }
  }

  thread_team(const thread_team&) = delete;
  thread_team& operator=(const thread_team&) = delete;

  ~thread_team() { stop(); }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  /// Inside a job, called by every thread of the team: returns when all have called it (a barrier between
  /// the phases of one job).
  void arrive_and_wait() noexcept {
    if (size_ == 1) return;
    const std::uint32_t phase = phase_.load(std::memory_order_acquire);
    if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == size_) {
      arrived_.store(0, std::memory_order_relaxed);
      phase_.fetch_add(1, std::memory_order_release);
      phase_.notify_all();
    } else {
      await(phase_, [phase](std::uint32_t p) { return p != phase; });
    }
  }

  /// Runs job(i) for i in [0, size()), job(0) on this thread; returns when every call has returned.
  template <class F>
    requires std::is_nothrow_invocable_v<F&, std::size_t>
  void run(F& job) noexcept {
    if (size_ == 1) {
      job(0);
      return;
    }
    context_ = &job;
    call_ = [](void* f, std::size_t i) noexcept { (*static_cast<F*>(f))(i); };
    pending_.store(static_cast<std::uint32_t>(size_ - 1), std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);  // publishes the job to the workers
    generation_.notify_all();
    job(0);
    await(pending_, [](std::uint32_t left) { return left == 0; });  // acquires the workers' results
  }

 private:
  /// Spins for a while (a few microseconds, then yielding the core now and then, in case another thread of
  /// the team waits for it), then sleeps, until `done(a)`; returns the value that satisfied it.
  template <class Done>
  static std::uint32_t await(const std::atomic<std::uint32_t>& a, Done done) noexcept {
    constexpr int spins = 4096, yield_from = 256, yield_every = 64;
    std::uint32_t v = a.load(std::memory_order_acquire);
    for (int k = 0; k < spins && !done(v); ++k) {
#if defined(__x86_64__) || defined(__i386__)
      _mm_pause();
#endif
      if (k >= yield_from && k % yield_every == 0) std::this_thread::yield();
      v = a.load(std::memory_order_acquire);
    }
    while (!done(v)) {
      a.wait(v, std::memory_order_acquire);
      v = a.load(std::memory_order_acquire);
    }
    return v;
  }

  void stop() noexcept {
    stop_.store(true, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
    for (auto& w : workers_) w.join();
  }

  void work(std::size_t index) noexcept {
    std::uint32_t seen = 0;
    for (;;) {
      seen = await(generation_, [seen](std::uint32_t g) { return g != seen; });
      if (stop_.load(std::memory_order_relaxed)) return;
      call_(context_, index);
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.notify_one();
    }
  }

  std::size_t size_;
  void* context_ = nullptr;
  void (*call_)(void*, std::size_t) noexcept = nullptr;
  // Each counter on its own cache line: the workers poll one while they write the other.
  alignas(64) std::atomic<std::uint32_t> generation_{0};
  alignas(64) std::atomic<std::uint32_t> pending_{0};
  alignas(64) std::atomic<std::uint32_t> arrived_{0};
  alignas(64) std::atomic<std::uint32_t> phase_{0};
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
};

}  // namespace ctgrad::makemore
