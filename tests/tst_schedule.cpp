// SPDX-License-Identifier: MIT
// Schedules: parsing, next due times, daylight-saving changes (Europe/Berlin).
#include "Schedule.h"

#include <QtTest>

using mf::Schedule;

namespace {

const QTimeZone berlin("Europe/Berlin");

QDateTime utc(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), Qt::UTC);
}

QDateTime local(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), berlin);
}

} // namespace

class TestSchedule : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(berlin.isValid(), "the tz database (package tzdata) is needed"); }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds"); // 0 = invalid
        QTest::newRow("2s") << "2s" << qint64(2);
        QTest::newRow("90s") << "90s" << qint64(90);
        QTest::newRow("5m") << "5m" << qint64(300);
        QTest::newRow("1h30m") << "1h30m" << qint64(5400);
        QTest::newRow("1d") << "1d" << qint64(86400);
        QTest::newRow("upper case") << "2H" << qint64(7200);
        QTest::newRow("no unit") << "10" << qint64(0);
        QTest::newRow("zero") << "0s" << qint64(0);
        QTest::newRow("unknown unit") << "5x" << qint64(0);
        QTest::newRow("unit only") << "m" << qint64(0);
        QTest::newRow("trailing junk") << "5m!" << qint64(0);
        QTest::newRow("negative") << "-5m" << qint64(0);
        QTest::newRow("empty") << "" << qint64(0);
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const mf::Result<qint64> parsed = Schedule::parseDuration(text);
        if (seconds == 0) {
            QVERIFY(!parsed.ok());
            QCOMPARE(parsed.error().kind, mf::ErrorKind::Usage);
            QVERIFY(parsed.error().message.contains(QStringLiteral("30s, 5m")));
        } else {
            QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
            QCOMPARE(parsed.value(), seconds);
        }
    }

    void weeklyDays_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("days"); // -1 = invalid
        QTest::addColumn<QString>("canonical");
        QTest::newRow("list") << "mon,wed,fri@08:00" << 0x15 << "weekly mon,wed,fri@08:00";
        QTest::newRow("range") << "mon-fri@18:30" << 0x1f << "weekly mon,tue,wed,thu,fri@18:30";
        QTest::newRow("weekend") << "sat,sun@9:05" << 0x60 << "weekly sat,sun@09:05";
        QTest::newRow("wrapping range")
            << "fri-mon@07:00" << (0x10 | 0x20 | 0x40 | 0x01) << "weekly mon,fri,sat,sun@07:00";
        QTest::newRow("long names") << "Monday,Thursday@12:00" << 0x09 << "weekly mon,thu@12:00";
        QTest::newRow("no time") << "mon" << -1 << "";
        QTest::newRow("bad day") << "funday@10:00" << -1 << "";
        QTest::newRow("bad hour") << "mon@25:00" << -1 << "";
        QTest::newRow("bad minute") << "mon@10:60" << -1 << "";
    }

    void weeklyDays()
    {
        QFETCH(QString, text);
        QFETCH(int, days);
        QFETCH(QString, canonical);
        const mf::Result<Schedule> parsed = Schedule::parseWeekly(text, berlin);
        if (days < 0) {
            QVERIFY(!parsed.ok());
            return;
        }
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().message));
        QCOMPARE(int(parsed.value().days()), days);
        QCOMPARE(parsed.value().toString(), canonical);
        const mf::Result<Schedule> back = Schedule::fromString(canonical, berlin);
        QVERIFY(back.ok());
        QVERIFY(back.value() == parsed.value());
    }

    void textForms()
    {
        QCOMPARE(Schedule::parseEvery(QStringLiteral("90m")).value().toString(),
                 QStringLiteral("every 1h30m"));
        QCOMPARE(Schedule::parseEvery(QStringLiteral("2s")).value().describe(),
                 QStringLiteral("every 2 seconds"));
        QCOMPARE(Schedule::parseEvery(QStringLiteral("1d")).value().describe(),
                 QStringLiteral("every 1 day"));
        QCOMPARE(Schedule::parseDaily(QStringLiteral("8:05")).value().toString(),
                 QStringLiteral("daily 08:05"));
        QCOMPARE(Schedule::parseWeekly(QStringLiteral("mon,wed@08:00")).value().describe(),
                 QStringLiteral("Mondays and Wednesdays at 08:00"));
        QVERIFY(!Schedule::parseDaily(QStringLiteral("8am")).ok());
        QVERIFY(!Schedule::fromString(QStringLiteral("hourly")).ok());
        QCOMPARE(Schedule::fromString(QStringLiteral("every 1h30m")).value().intervalSeconds(), qint64(5400));
    }

    void intervalGrid()
    {
        const Schedule every15 = Schedule::interval(15 * 60, berlin);
        const QDateTime anchor = utc(2024, 6, 3, 7, 0);
        QCOMPARE(every15.nextAfter(utc(2024, 6, 3, 7, 31), anchor), utc(2024, 6, 3, 7, 45));
        QCOMPARE(every15.nextAfter(utc(2024, 6, 3, 7, 45), anchor), utc(2024, 6, 3, 8, 0)); // strictly after
        QCOMPARE(every15.nextAfter(anchor, anchor), utc(2024, 6, 3, 7, 15));
        QCOMPARE(every15.nextAfter(utc(2024, 6, 3, 6, 50), anchor),
                 utc(2024, 6, 3, 7, 0)); // before the anchor
    }

    void hourlyIntervalIsExactAcrossDst()
    {
        // Spring forward in Berlin: 2024-03-31 01:00 UTC. An hourly schedule stays 60 minutes apart.
        const Schedule hourly = Schedule::interval(3600, berlin);
        const QDateTime anchor = utc(2024, 3, 30, 23, 30);
        QDateTime t = anchor;
        for (int i = 1; i <= 4; ++i) {
            const QDateTime next = hourly.nextAfter(t, anchor);
            QCOMPARE(t.secsTo(next), qint64(3600));
            t = next;
        }
        QCOMPARE(t, utc(2024, 3, 31, 3, 30));
    }

    void dailyIntervalKeepsTheLocalTime()
    {
        const Schedule everyDay = Schedule::interval(86400, berlin);
        const QDateTime anchor = local(2024, 3, 30, 8, 0);
        const QDateTime next = everyDay.nextAfter(anchor, anchor);
        QCOMPARE(next, local(2024, 3, 31, 8, 0));
        QCOMPARE(anchor.secsTo(next), qint64(23 * 3600)); // the short day
        const QDateTime autumn = local(2024, 10, 26, 8, 0);
        QCOMPARE(autumn.secsTo(everyDay.nextAfter(autumn, autumn)), qint64(25 * 3600));
    }

    void dailyAcrossDst_data()
    {
        QTest::addColumn<QTime>("at");
        QTest::addColumn<QDateTime>("after");
        QTest::addColumn<QDateTime>("expected");
        // Spring forward, 2024-03-31: 02:00 CET becomes 03:00 CEST.
        QTest::newRow("08:00 before spring")
            << QTime(8, 0) << local(2024, 3, 30, 8, 0) << utc(2024, 3, 31, 6, 0);
        QTest::newRow("02:30 in the gap runs at 03:00")
            << QTime(2, 30) << local(2024, 3, 30, 12, 0) << utc(2024, 3, 31, 1, 0);
        QTest::newRow("02:30 the day after the gap")
            << QTime(2, 30) << utc(2024, 3, 31, 1, 0) << utc(2024, 4, 1, 0, 30);
        // Fall back, 2024-10-27: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        QTest::newRow("08:00 before autumn")
            << QTime(8, 0) << local(2024, 10, 26, 8, 0) << utc(2024, 10, 27, 7, 0);
        QTest::newRow("02:30 first occurrence")
            << QTime(2, 30) << local(2024, 10, 26, 12, 0) << utc(2024, 10, 27, 0, 30);
        QTest::newRow("02:30 not a second time")
            << QTime(2, 30) << utc(2024, 10, 27, 0, 30) << utc(2024, 10, 28, 1, 30);
    }

    void dailyAcrossDst()
    {
        QFETCH(QTime, at);
        QFETCH(QDateTime, after);
        QFETCH(QDateTime, expected);
        const Schedule daily = Schedule::daily(at, berlin);
        const QDateTime next = daily.nextAfter(after);
        QCOMPARE(next.toUTC(), expected);
    }

    void weekly()
    {
        const Schedule monWed = Schedule::weekly(0x05, QTime(8, 0), berlin);
        // 2024-06-03 is a Monday.
        QCOMPARE(monWed.nextAfter(local(2024, 6, 3, 7, 59)), local(2024, 6, 3, 8, 0));
        QCOMPARE(monWed.nextAfter(local(2024, 6, 3, 8, 0)), local(2024, 6, 5, 8, 0));
        QCOMPARE(monWed.nextAfter(local(2024, 6, 5, 9, 0)), local(2024, 6, 10, 8, 0));
        const Schedule sunday = Schedule::weekly(0x40, QTime(2, 30), berlin);
        QCOMPARE(sunday.nextAfter(local(2024, 3, 25, 0, 0)).toUTC(), utc(2024, 3, 31, 1, 0)); // gap Sunday
    }

    void resolveLocal()
    {
        QCOMPARE(Schedule::resolveLocal(QDate(2024, 6, 3), QTime(8, 0), berlin).toUTC(),
                 utc(2024, 6, 3, 6, 0));
        QCOMPARE(Schedule::resolveLocal(QDate(2024, 3, 31), QTime(2, 15), berlin).toUTC(),
                 utc(2024, 3, 31, 1, 0));
        QCOMPARE(Schedule::resolveLocal(QDate(2024, 10, 27), QTime(2, 15), berlin).toUTC(),
                 utc(2024, 10, 27, 0, 15));
    }

    void periods()
    {
        QCOMPARE(Schedule::interval(120).periodSeconds(), qint64(120));
        QCOMPARE(Schedule::daily(QTime(8, 0)).periodSeconds(), qint64(86400));
        QCOMPARE(Schedule::weekly(1, QTime(8, 0)).periodSeconds(), qint64(7 * 86400));
        QVERIFY(!Schedule().isValid());
        QVERIFY(!Schedule::weekly(0, QTime(8, 0)).isValid());
        QVERIFY(!Schedule().nextAfter(utc(2024, 1, 1, 0, 0)).isValid());
    }
};

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
