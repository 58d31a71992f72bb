// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <atomic>
#include <functional>

namespace mf {

/// Shared between the thread that asks to cancel and the worker that checks it.
class CancelToken
{
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    void reset() { m_cancelled.store(false, std::memory_order_relaxed); }

private:
    std::atomic_bool m_cancelled{false};
};

enum class LogLevel { Debug, Info, Warning, Error };

/// What a pipeline step gets besides its data: a way to report progress and log lines,
/// and a token to check for cancellation. Every member may be empty/null.
/// Steps call these from the worker thread; receivers must be thread-safe.
struct StepContext
{
    CancelToken *cancel = nullptr;
    /// Fraction of the current step done, 0..1. Call it at most every few thousand rows.
    std::function<void(double fraction)> progress;
    std::function<void(LogLevel level, const QString &message)> log;

    bool cancelled() const { return cancel && cancel->isCancelled(); }
    void report(double fraction) const
    {
        if (progress)
            progress(fraction);
    }
    void info(const QString &message) const
    {
        if (log)
            log(LogLevel::Info, message);
    }
    void warning(const QString &message) const
    {
        if (log)
            log(LogLevel::Warning, message);
    }
};

} // namespace mf
