// SPDX-License-Identifier: MIT
#include "Scheduler.h"

namespace mf {

Scheduler::Scheduler(const Clock &clock, QObject *parent) : QObject(parent), m_clock(clock)
{
    m_timer.setSingleShot(true);
    // Coarse timers may fire 5 % early or late; due times of short intervals need better.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::poll);
}

qint64 Scheduler::graceMs() const
{
    // A due time seen this late counts as missed (asleep, closed) rather than as a late timer.
    return qBound<qint64>(1000, m_schedule.periodSeconds() * 100, qint64(60 * 1000));
}

qint64 Scheduler::slackMs() const
{
    // A day-based gap may be an hour longer across a daylight-saving change.
    const bool dayBased
        = m_schedule.kind() != Schedule::Kind::Interval || m_schedule.intervalSeconds() % 86400 == 0;
    return dayBased ? 3600 * 1000 + 1000 : 1000;
}

void Scheduler::setSchedule(const Schedule &schedule)
{
    m_schedule = schedule;
    restart();
}

void Scheduler::setLastDue(const QDateTime &lastDue)
{
    m_lastDue = lastDue;
    restart();
}

void Scheduler::restart()
{
    m_next = {};
    m_anchor = {};
    if (!m_schedule.isValid()) {
        m_timer.stop();
        emit nextRunChanged({});
        return;
    }
    const QDateTime now = m_clock.now();
    if (m_lastDue.isValid() && m_lastDue <= now) {
        // Continue the grid of earlier runs; a due time already passed is caught up by poll().
        m_anchor = m_lastDue;
        m_next = m_schedule.nextAfter(m_lastDue, m_anchor);
    } else {
        m_anchor = now;
        m_next = m_schedule.nextAfter(now, m_anchor);
    }
    // A due time already passed fires from the event loop, not inside this call.
    arm(now);
    emit nextRunChanged(nextRun());
}

void Scheduler::stop()
{
    m_schedule = Schedule();
    m_next = {};
    m_timer.stop();
    emit nextRunChanged({});
}

void Scheduler::pause()
{
    if (m_paused)
        return;
    m_paused = true;
    m_timer.stop();
    emit pausedChanged(true);
    emit nextRunChanged({});
}

void Scheduler::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    emit pausedChanged(false);
    if (!m_schedule.isValid())
        return;
    const QDateTime now = m_clock.now();
    m_anchor = now;
    m_next = m_schedule.nextAfter(now, m_anchor);
    arm(now);
    emit nextRunChanged(m_next);
}

int Scheduler::armedIntervalMs() const
{
    return m_timer.isActive() ? m_timer.interval() : -1;
}

void Scheduler::arm(const QDateTime &now)
{
    if (!isActive() || !m_next.isValid()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = qBound<qint64>(0, now.msecsTo(m_next), qint64(maxTimerChunkMs));
    m_timer.start(int(wait));
}

void Scheduler::poll()
{
    if (!isActive())
        return;
    const QDateTime now = m_clock.now();
    const qint64 periodMs = m_schedule.periodSeconds() * 1000;
    if (!m_next.isValid())
        m_next = m_schedule.nextAfter(now, m_anchor.isValid() ? m_anchor : now);

    // The clock was set back: the next due time is further away than a period can be.
    if (now.msecsTo(m_next) > periodMs + slackMs()) {
        const bool recentSlot = m_lastDue.isValid() && m_lastDue > now && now.msecsTo(m_lastDue) < periodMs;
        const QDateTime base = recentSlot ? m_lastDue : now;
        if (!recentSlot)
            m_lastDue = {};
        m_anchor = base;
        const QDateTime next = m_schedule.nextAfter(base, m_anchor);
        if (next != m_next) {
            m_next = next;
            emit nextRunChanged(m_next);
        }
    }

    if (now < m_next) {
        arm(now);
        return;
    }

    // Due. Several due times may have passed (asleep, closed): they make one run at most.
    const QDateTime first = m_next;
    QDateTime latest = first;
    if (m_schedule.kind() == Schedule::Kind::Interval && m_schedule.intervalSeconds() % 86400 != 0) {
        const qint64 step = m_schedule.intervalSeconds() * 1000;
        latest = first.addMSecs((first.msecsTo(now) / step) * step);
    } else {
        for (QDateTime n = m_schedule.nextAfter(latest, m_anchor); n.isValid() && n <= now;
             n = m_schedule.nextAfter(latest, m_anchor))
            latest = n;
    }
    const bool isMissed = first.msecsTo(now) > graceMs();
    m_lastDue = latest;
    if (isMissed && m_schedule.kind() == Schedule::Kind::Interval)
        m_anchor = now; // an interval counts again from the catch-up (or skip), not from the old grid
    m_next = m_schedule.nextAfter(now, m_anchor);
    arm(now);
    emit nextRunChanged(m_next);
    if (isMissed && m_catchUp == CatchUp::Skip)
        emit missed(latest);
    else
        emit due(latest, isMissed);
}

} // namespace mf
