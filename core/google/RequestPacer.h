// SPDX-License-Identifier: MIT
#pragma once

#include "StepContext.h"

#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <mutex>

namespace mf::google {

/// Keeps this process within Google's Sheets read quota by spacing requests instead of waiting for
/// 429s: one token bucket per user (identity) and one for the whole project, shared by every reader
/// in the process. A bucket of capacity B refilled at (L - B) per minute never lets more than L
/// requests through in any 60-second window.
class RequestPacer
{
public:
    struct Limits
    {
        double perMinutePerUser = 60; ///< Google: 60 read requests per minute per user per project
        double perMinutePerProject = 300; ///< Google: 300 per minute per project
        double burst = 5; ///< requests that may go out back to back
    };

    /// The process-wide pacer.
    static RequestPacer &shared();

    RequestPacer();

    /// Changes the limits and refills every bucket (tests use small windows).
    void setLimits(const Limits &limits);
    Limits limits() const;

    /// Blocks the calling (worker) thread until a request for `user` fits both buckets, then takes
    /// one token from each. Returns false, taking nothing, when ctx is cancelled while waiting.
    bool acquire(const QString &user, const StepContext &ctx);

    /// How long acquire() would wait now for `user`, in milliseconds (0 when a token is free).
    qint64 pendingWaitMs(const QString &user);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };

    void refill(Bucket &bucket, double perMinute, qint64 nowMs) const;
    double capacity(double perMinute) const;
    double ratePerMs(double perMinute) const;
    qint64 waitMsLocked(const QString &user, qint64 nowMs);

    mutable std::mutex m_mutex;
    Limits m_limits;
    QElapsedTimer m_clock;
    Bucket m_project;
    QHash<QString, Bucket> m_users;
};

} // namespace mf::google
