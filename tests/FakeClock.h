// SPDX-License-Identifier: MIT
#pragma once

#include "Clock.h"

#include <QDateTime>
#include <QMutex>

/// A clock the test sets and moves; safe to read from worker threads.
class FakeClock : public mf::Clock
{
public:
    explicit FakeClock(const QDateTime &start = QDateTime(QDate(2024, 6, 3), QTime(7, 0), Qt::UTC))
        : m_now(start)
    { }

    QDateTime now() const override
    {
        QMutexLocker lock(&m_mutex);
        return m_now;
    }
    void set(const QDateTime &time)
    {
        QMutexLocker lock(&m_mutex);
        m_now = time;
    }
    void advanceSecs(qint64 seconds)
    {
        QMutexLocker lock(&m_mutex);
        m_now = m_now.addSecs(seconds);
    }
    void advanceMSecs(qint64 ms)
    {
        QMutexLocker lock(&m_mutex);
        m_now = m_now.addMSecs(ms);
    }

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
};
