// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

class QRandomGenerator;

namespace mf {

/// How often and when a failed task is tried again: `retries` more attempts after the first, the
/// n-th retry waiting delayMs × backoff^(n-1), capped at maxDelayMs, then spread by ±jitter (a
/// fraction, 0.2 = ±20 %) so that many clients do not retry in step.
struct RetryPolicy
{
    int retries = 0;
    int delayMs = 1000;
    double backoff = 2.0;
    double jitter = 0.2;
    int maxDelayMs = 5 * 60 * 1000;

    /// No retries.
    static RetryPolicy none() { return {}; }
    /// The read task's default: two retries after 1 s and about 2 s.
    static RetryPolicy readDefault() { return {2, 1000, 2.0, 0.2, 60 * 1000}; }

    int maxAttempts() const { return 1 + qMax(0, retries); }
    /// The wait before attempt `nextAttempt` (2 = the first retry), in ms. `random` may be null
    /// (then QRandomGenerator::global() is used); with jitter 0 the result is exact.
    int delayBefore(int nextAttempt, QRandomGenerator *random = nullptr) const;
};

} // namespace mf
