// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>

namespace mf {

/// "Now" behind a virtual call, so tests can set the time (file names, schedules).
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const { return QDateTime::currentDateTime(); }

    /// The process-wide real clock.
    static const Clock &system();
};

} // namespace mf
