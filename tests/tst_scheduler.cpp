// SPDX-License-Identifier: MIT
// The scheduler against a fake clock: interval, daily, weekly, DST, sleep, clock changes, pause.
#include "FakeClock.h"
#include "Scheduler.h"

#include <QSignalSpy>
#include <QtTest>

using mf::Schedule;
using mf::Scheduler;

namespace {

const QTimeZone berlin("Europe/Berlin");

QDateTime utc(int y, int m, int d, int h, int min, int s = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min, s), Qt::UTC);
}

QDateTime local(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), berlin);
}

} // namespace

class TestScheduler : public QObject
{
    Q_OBJECT

private slots:
    void intervalFiresOnTimeWithoutDrift()
    {
        FakeClock clock(utc(2024, 6, 3, 7, 0));
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        QSignalSpy next(&scheduler, &Scheduler::nextRunChanged);
        scheduler.setSchedule(Schedule::interval(600, berlin));
        QCOMPARE(scheduler.nextRun(), utc(2024, 6, 3, 7, 10));
        QVERIFY(!next.isEmpty());
        // The timer never waits more than a minute before looking at the wall clock again.
        QCOMPARE(scheduler.armedIntervalMs(), Scheduler::maxTimerChunkMs);

        clock.advanceSecs(9 * 60 + 30);
        scheduler.poll();
        QCOMPARE(due.size(), 0);
        QCOMPARE(scheduler.armedIntervalMs(), 30000);

        clock.set(utc(2024, 6, 3, 7, 10).addMSecs(300)); // the timer fires a little late
        scheduler.poll();
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0][0].toDateTime(), utc(2024, 6, 3, 7, 10));
        QCOMPARE(due[0][1].toBool(), false);
        // The next due time comes from the grid, not from when the timer fired: no drift.
        QCOMPARE(scheduler.nextRun(), utc(2024, 6, 3, 7, 20));
        scheduler.poll();
        QCOMPARE(due.size(), 1); // nothing twice

        for (int i = 0; i < 5; ++i) {
            clock.set(scheduler.nextRun().addMSecs(50));
            scheduler.poll();
        }
        QCOMPARE(due.size(), 6);
        QCOMPARE(due.constLast()[0].toDateTime(), utc(2024, 6, 3, 8, 0));
    }

    void daily()
    {
        FakeClock clock(local(2024, 6, 3, 7, 0));
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        scheduler.setSchedule(Schedule::daily(QTime(8, 0), berlin));
        QCOMPARE(scheduler.nextRun(), local(2024, 6, 3, 8, 0));
        clock.set(local(2024, 6, 3, 8, 0));
        scheduler.poll();
        QCOMPARE(due.size(), 1);
        QCOMPARE(scheduler.nextRun(), local(2024, 6, 4, 8, 0));
    }

    void weekly()
    {
        FakeClock clock(local(2024, 6, 3, 9, 0)); // Monday, after the 08:00 slot
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        scheduler.setSchedule(Schedule::weekly(0x01 | 0x10, QTime(8, 0), berlin)); // Mon, Fri
        QCOMPARE(scheduler.nextRun(), local(2024, 6, 7, 8, 0));
        clock.set(local(2024, 6, 7, 8, 0));
        scheduler.poll();
        QCOMPARE(due.size(), 1);
        QCOMPARE(scheduler.nextRun(), local(2024, 6, 10, 8, 0));
    }

    void dstForward()
    {
        FakeClock clock(local(2024, 3, 30, 12, 0));
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        scheduler.setSchedule(Schedule::daily(QTime(2, 30), berlin));
        QCOMPARE(scheduler.nextRun().toUTC(), utc(2024, 3, 31, 1, 0)); // 02:30 does not exist: 03:00
        clock.set(utc(2024, 3, 31, 1, 0));
        scheduler.poll();
        QCOMPARE(due.size(), 1);
        QCOMPARE(scheduler.nextRun().toUTC(), utc(2024, 4, 1, 0, 30));
        clock.set(utc(2024, 3, 31, 12, 0));
        scheduler.poll();
        QCOMPARE(due.size(), 1);
    }

    void dstBack()
    {
        FakeClock clock(local(2024, 10, 26, 12, 0));
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        scheduler.setSchedule(Schedule::daily(QTime(2, 30), berlin));
        clock.set(utc(2024, 10, 27, 0, 30)); // 02:30 CEST
        scheduler.poll();
        QCOMPARE(due.size(), 1);
        clock.set(utc(2024, 10, 27, 1, 30)); // 02:30 CET, the same wall time again
        scheduler.poll();
        QCOMPARE(due.size(), 1);
        QCOMPARE(scheduler.nextRun().toUTC(), utc(2024, 10, 28, 1, 30));

        // Hourly across the same night: exactly one run per real hour.
        FakeClock night(utc(2024, 10, 26, 23, 0));
        Scheduler hourly(night);
        QSignalSpy hours(&hourly, &Scheduler::due);
        hourly.setSchedule(Schedule::interval(3600, berlin));
        for (int minute = 1; minute <= 4 * 60; ++minute) {
            night.advanceSecs(60);
            hourly.poll();
        }
        QCOMPARE(hours.size(), 4);
    }

    void sleepAcrossDueTimesRunsOnce()
    {
        FakeClock clock(utc(2024, 6, 3, 7, 0));
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        QSignalSpy missed(&scheduler, &Scheduler::missed);
        scheduler.setSchedule(Schedule::interval(3600, berlin));
        clock.advanceSecs(5 * 3600 + 1800); // the laptop slept through five due times
        scheduler.poll();
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0][0].toDateTime(), utc(2024, 6, 3, 12, 0)); // the latest one it missed
        QCOMPARE(due[0][1].toBool(), true);
        QCOMPARE(missed.size(), 0);
        // The interval counts again from the catch-up run.
        QCOMPARE(scheduler.nextRun(), utc(2024, 6, 3, 13, 30));
        scheduler.poll();
        scheduler.poll();
        QCOMPARE(due.size(), 1);

        FakeClock days(local(2024, 6, 3, 9, 0));
        Scheduler daily(days);
        QSignalSpy dailyDue(&daily, &Scheduler::due);
        daily.setSchedule(Schedule::daily(QTime(8, 0), berlin));
        days.set(local(2024, 6, 6, 10, 0)); // asleep for three mornings
        daily.poll();
        QCOMPARE(dailyDue.size(), 1);
        QCOMPARE(dailyDue[0][0].toDateTime(), local(2024, 6, 6, 8, 0));
        QCOMPARE(daily.nextRun(), local(2024, 6, 7, 8, 0));
    }

    void missedRunsCanBeSkipped()
    {
        FakeClock clock(utc(2024, 6, 3, 7, 0));
        Scheduler scheduler(clock);
        scheduler.setCatchUp(Scheduler::CatchUp::Skip);
        QSignalSpy due(&scheduler, &Scheduler::due);
        QSignalSpy missed(&scheduler, &Scheduler::missed);
        scheduler.setSchedule(Schedule::interval(3600, berlin));
        clock.advanceSecs(3 * 3600 + 600);
        scheduler.poll();
        QCOMPARE(due.size(), 0);
        QCOMPARE(missed.size(), 1);
        QCOMPARE(scheduler.nextRun(), utc(2024, 6, 3, 11, 10));
        // A timer that is merely late (within the grace) is not a missed run.
        clock.set(utc(2024, 6, 3, 11, 10).addMSecs(400));
        scheduler.poll();
        QCOMPARE(due.size(), 1);
    }

    void runMissedWhileClosedRunsOnceAtStart()
    {
        FakeClock clock(local(2024, 6, 5, 10, 0));
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        scheduler.setLastDue(local(2024, 6, 3, 8, 0)); // the history's last scheduled run
        scheduler.setSchedule(Schedule::daily(QTime(8, 0), berlin));
        QCOMPARE(due.size(), 0); // not inside setSchedule()…
        QCOMPARE(scheduler.armedIntervalMs(), 0); // …but at once from the event loop
        QVERIFY(due.wait(2000));
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0][0].toDateTime(), local(2024, 6, 5, 8, 0));
        QCOMPARE(due[0][1].toBool(), true);
        QCOMPARE(scheduler.nextRun(), local(2024, 6, 6, 8, 0));

        FakeClock upToDate(local(2024, 6, 5, 10, 0));
        Scheduler fresh(upToDate);
        QSignalSpy none(&fresh, &Scheduler::due);
        fresh.setLastDue(local(2024, 6, 5, 8, 0));
        fresh.setSchedule(Schedule::daily(QTime(8, 0), berlin));
        fresh.poll();
        QCOMPARE(none.size(), 0);
        QCOMPARE(fresh.nextRun(), local(2024, 6, 6, 8, 0));
    }

    void clockSetBackALittleDoesNotRepeatASlot()
    {
        FakeClock clock(local(2024, 6, 3, 7, 0));
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        scheduler.setSchedule(Schedule::daily(QTime(8, 0), berlin));
        clock.set(local(2024, 6, 3, 8, 0));
        scheduler.poll();
        QCOMPARE(due.size(), 1);
        clock.set(local(2024, 6, 3, 6, 10)); // set back by two hours just after the run
        scheduler.poll();
        clock.set(local(2024, 6, 3, 8, 0));
        scheduler.poll();
        QCOMPARE(due.size(), 1); // 08:00 today already ran
        QCOMPARE(scheduler.nextRun(), local(2024, 6, 4, 8, 0));
        clock.set(local(2024, 6, 4, 8, 0));
        scheduler.poll();
        QCOMPARE(due.size(), 2);
    }

    void clockSetBackFarRebasesWithoutBurst()
    {
        FakeClock clock(utc(2024, 6, 3, 7, 0));
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        scheduler.setSchedule(Schedule::interval(300, berlin));
        clock.set(utc(2024, 6, 3, 7, 5));
        scheduler.poll();
        QCOMPARE(due.size(), 1);
        clock.set(utc(2024, 6, 3, 5, 6)); // two hours back
        scheduler.poll();
        QCOMPARE(due.size(), 1);
        // Not two hours of silence: the interval counts from the new time.
        QCOMPARE(scheduler.nextRun(), utc(2024, 6, 3, 5, 11));
        QVERIFY(scheduler.armedIntervalMs() <= 5 * 60 * 1000);
        clock.set(utc(2024, 6, 3, 5, 11));
        scheduler.poll();
        QCOMPARE(due.size(), 2);
        // And then forward again by an hour: one catch-up run, not twelve.
        clock.advanceSecs(3600);
        scheduler.poll();
        QCOMPARE(due.size(), 3);
        QCOMPARE(due.constLast()[1].toBool(), true);
    }

    void pauseAndResume()
    {
        FakeClock clock(utc(2024, 6, 3, 7, 0));
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        QSignalSpy paused(&scheduler, &Scheduler::pausedChanged);
        scheduler.setSchedule(Schedule::interval(600, berlin));
        scheduler.pause();
        QVERIFY(scheduler.isPaused());
        QVERIFY(!scheduler.nextRun().isValid());
        QCOMPARE(scheduler.armedIntervalMs(), -1);
        clock.advanceSecs(3600);
        scheduler.poll();
        QCOMPARE(due.size(), 0);
        scheduler.resume();
        QCOMPARE(paused.size(), 2);
        QCOMPARE(due.size(), 0); // what fell due while paused is not made up
        QCOMPARE(scheduler.nextRun(), utc(2024, 6, 3, 8, 10));
        scheduler.stop();
        QVERIFY(!scheduler.nextRun().isValid());
    }

    void theTimerReallyFires()
    {
        FakeClock clock(utc(2024, 6, 3, 7, 0));
        Scheduler scheduler(clock);
        QSignalSpy due(&scheduler, &Scheduler::due);
        scheduler.setSchedule(Schedule::interval(1, berlin));
        QCOMPARE(scheduler.armedIntervalMs(), 1000);
        clock.advanceSecs(1);
        QVERIFY(due.wait(5000));
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0][0].toDateTime(), utc(2024, 6, 3, 7, 0, 1));
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
