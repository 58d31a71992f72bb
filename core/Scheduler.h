// SPDX-License-Identifier: MIT
#pragma once

#include "Clock.h"
#include "Schedule.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace mf {

/// Fires due() when a Schedule comes due, on a single-shot QTimer re-armed against the wall clock.
///
/// The next due time is computed from the Clock; the timer never waits longer than a minute before
/// looking at the clock again, so after a suspend or a changed system clock it neither drifts nor
/// fires in a burst. Due times that passed while the computer slept or the app was closed make one
/// run (CatchUp::RunOnce, due() with catchUp = true) or none (CatchUp::Skip, missed()), never
/// several. A clock set back by less than one period keeps the next due time, so no slot runs
/// twice; set back further, the schedule starts over from the new time. Whether a due run may start
/// (one already running) is for the receiver to decide.
class Scheduler : public QObject
{
    Q_OBJECT

public:
    enum class CatchUp { RunOnce, Skip };

    /// The timer looks at the wall clock at least this often.
    static constexpr int maxTimerChunkMs = 60 * 1000;

    explicit Scheduler(const Clock &clock = Clock::system(), QObject *parent = nullptr);

    /// Sets the schedule and starts it (unless paused). Interval schedules count from now, or from
    /// the last due time when one is set.
    void setSchedule(const Schedule &schedule);
    Schedule schedule() const { return m_schedule; }
    void setCatchUp(CatchUp catchUp) { m_catchUp = catchUp; }
    CatchUp catchUp() const { return m_catchUp; }
    /// The due time of the last scheduled run (from the history, at start). A later due time that
    /// has already passed counts as missed.
    void setLastDue(const QDateTime &lastDue);
    QDateTime lastDue() const { return m_lastDue; }

    /// Stops scheduling (no next run).
    void stop();
    /// Pause keeps the schedule but fires nothing; resume starts from now (runs due while paused are
    /// not made up).
    void pause();
    void resume();
    bool isPaused() const { return m_paused; }
    bool isActive() const { return m_schedule.isValid() && !m_paused; }

    /// The next due time, or invalid when stopped or paused.
    QDateTime nextRun() const { return isActive() ? m_next : QDateTime(); }
    /// Looks at the clock now: fires what is due and re-arms. The timer calls it; call it too after
    /// a wake-up or a clock change is noticed.
    void poll();
    /// What the timer is armed for, in ms (-1 = not armed).
    int armedIntervalMs() const;

signals:
    /// A run is due. `scheduledFor` is the latest due time that has passed; `catchUp` says it was
    /// missed (the computer slept or the app was closed) and is made up now.
    void due(const QDateTime &scheduledFor, bool catchUp);
    /// A missed due time skipped (CatchUp::Skip).
    void missed(const QDateTime &scheduledFor);
    void nextRunChanged(const QDateTime &next);
    void pausedChanged(bool paused);

private:
    qint64 graceMs() const;
    qint64 slackMs() const;
    void restart();
    void arm(const QDateTime &now);

    const Clock &m_clock;
    Schedule m_schedule;
    CatchUp m_catchUp = CatchUp::RunOnce;
    QDateTime m_lastDue;
    QDateTime m_anchor; ///< grid origin of interval schedules
    QDateTime m_next;
    bool m_paused = false;
    QTimer m_timer;
};

} // namespace mf
