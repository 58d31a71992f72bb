// SPDX-License-Identifier: MIT
#include "RetryPolicy.h"

#include <QRandomGenerator>

#include <cmath>

namespace mf {

int RetryPolicy::delayBefore(int nextAttempt, QRandomGenerator *random) const
{
    const int retry = qMax(1, nextAttempt - 1);
    double delay = double(qMax(0, delayMs)) * std::pow(qMax(1.0, backoff), retry - 1);
    delay = qMin(delay, double(qMax(0, maxDelayMs)));
    const double spread = qBound(0.0, jitter, 1.0);
    if (spread > 0) {
        QRandomGenerator *rng = random ? random : QRandomGenerator::global();
        delay *= 1.0 + spread * (2.0 * rng->generateDouble() - 1.0);
    }
    return int(std::lround(qMax(0.0, delay)));
}

} // namespace mf
