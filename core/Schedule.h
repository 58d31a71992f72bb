// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QDateTime>
#include <QString>
#include <QTime>
#include <QTimeZone>

namespace mf {

/// When a flow runs by itself: every N seconds/minutes/hours/days, daily at HH:MM, or weekly on
/// chosen days at HH:MM, in a time zone (the system's local time unless set).
///
/// Intervals of whole days keep the local time of day (23 or 25 hours across a daylight-saving
/// change); shorter intervals are exact durations. A daily or weekly time that falls in the hour
/// skipped in spring runs at the end of the gap (03:00 for 02:30 in Europe/Berlin); a time that
/// occurs twice in autumn runs at its first occurrence only.
class Schedule
{
public:
    enum class Kind { None, Interval, Daily, Weekly };

    Schedule() = default;
    static Schedule interval(qint64 seconds, const QTimeZone &zone = QTimeZone::systemTimeZone());
    static Schedule daily(QTime at, const QTimeZone &zone = QTimeZone::systemTimeZone());
    /// `days`: bit 0 = Monday … bit 6 = Sunday.
    static Schedule weekly(quint8 days, QTime at, const QTimeZone &zone = QTimeZone::systemTimeZone());

    /// "2s", "90s", "5m", "1h30m", "1d" (at least one second).
    static Result<qint64> parseDuration(const QString &text);
    /// `--every DURATION`, `--daily HH:MM`, `--weekly DAYS@HH:MM` (DAYS: mon,wed,fri or mon-fri).
    static Result<Schedule> parseEvery(const QString &text,
                                       const QTimeZone &zone = QTimeZone::systemTimeZone());
    static Result<Schedule> parseDaily(const QString &text,
                                       const QTimeZone &zone = QTimeZone::systemTimeZone());
    static Result<Schedule> parseWeekly(const QString &text,
                                        const QTimeZone &zone = QTimeZone::systemTimeZone());
    /// Parses what toString() writes.
    static Result<Schedule> fromString(const QString &text,
                                       const QTimeZone &zone = QTimeZone::systemTimeZone());

    Kind kind() const { return m_kind; }
    bool isValid() const { return m_kind != Kind::None; }
    qint64 intervalSeconds() const { return m_seconds; }
    QTime time() const { return m_at; }
    quint8 days() const { return m_days; }
    QTimeZone zone() const { return m_zone; }

    /// "every 2s", "daily 08:00", "weekly mon,wed@08:00": stored with scheduled runs.
    QString toString() const;
    /// For people: "every 2 seconds", "daily at 08:00", "Mondays and Wednesdays at 08:00".
    QString describe() const;

    /// The longest regular gap between two due times, in seconds (an interval, a day, a week).
    qint64 periodSeconds() const;
    /// The first due time strictly after `after`. Intervals count from `anchor` (a due time of the
    /// same grid); daily and weekly schedules ignore it.
    QDateTime nextAfter(const QDateTime &after, const QDateTime &anchor = {}) const;

    /// A local date and time in `zone` as an instant: the first one when the time occurs twice,
    /// the end of the gap when it does not occur at all.
    static QDateTime resolveLocal(QDate date, QTime time, const QTimeZone &zone);

    bool operator==(const Schedule &other) const;
    bool operator!=(const Schedule &other) const { return !(*this == other); }

private:
    Kind m_kind = Kind::None;
    qint64 m_seconds = 0;
    QTime m_at;
    quint8 m_days = 0;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
};

} // namespace mf
