// SPDX-License-Identifier: MIT
#include "RequestPacer.h"

#include "BlockingWait.h"

#include <algorithm>
#include <cmath>

namespace mf::google {

RequestPacer &RequestPacer::shared()
{
    static RequestPacer pacer;
    return pacer;
}

RequestPacer::RequestPacer()
{
    m_clock.start();
    setLimits(Limits {});
}

void RequestPacer::setLimits(const Limits &limits)
{
    std::lock_guard lock(m_mutex);
    m_limits = limits;
    m_users.clear();
    m_project = {capacity(m_limits.perMinutePerProject), m_clock.elapsed()};
}

RequestPacer::Limits RequestPacer::limits() const
{
    std::lock_guard lock(m_mutex);
    return m_limits;
}

double RequestPacer::capacity(double perMinute) const
{
    // At most half the minute's allowance in one burst, and at least one request.
    return std::max(1.0, std::min(m_limits.burst, perMinute / 2));
}

double RequestPacer::ratePerMs(double perMinute) const
{
    return std::max(perMinute - capacity(perMinute), 1e-9) / 60000.0;
}

void RequestPacer::refill(Bucket &bucket, double perMinute, qint64 nowMs) const
{
    const double added = double(nowMs - bucket.updatedMs) * ratePerMs(perMinute);
    bucket.tokens = std::min(capacity(perMinute), bucket.tokens + added);
    bucket.updatedMs = nowMs;
}

qint64 RequestPacer::waitMsLocked(const QString &user, qint64 nowMs)
{
    auto it = m_users.find(user);
    if (it == m_users.end())
        it = m_users.insert(user, Bucket {capacity(m_limits.perMinutePerUser), nowMs});
    refill(*it, m_limits.perMinutePerUser, nowMs);
    refill(m_project, m_limits.perMinutePerProject, nowMs);
    const auto waitFor = [this](const Bucket &bucket, double perMinute) -> qint64 {
        if (bucket.tokens >= 1.0)
            return 0;
        return qint64(std::ceil((1.0 - bucket.tokens) / ratePerMs(perMinute)));
    };
    return std::max(waitFor(*it, m_limits.perMinutePerUser),
                    waitFor(m_project, m_limits.perMinutePerProject));
}

qint64 RequestPacer::pendingWaitMs(const QString &user)
{
    std::lock_guard lock(m_mutex);
    return waitMsLocked(user, m_clock.elapsed());
}

bool RequestPacer::acquire(const QString &user, const StepContext &ctx)
{
    for (;;) {
        qint64 waitMs = 0;
        {
            std::lock_guard lock(m_mutex);
            waitMs = waitMsLocked(user, m_clock.elapsed());
            if (waitMs == 0) {
                m_users[user].tokens -= 1.0;
                m_project.tokens -= 1.0;
                return true;
            }
        }
        // Another thread may take the token first; then we wait again.
        if (!waitInterruptibly(waitMs, ctx))
            return false;
    }
}

} // namespace mf::google
