// SPDX-License-Identifier: MIT
#include "Schedule.h"

#include <QRegularExpression>
#include <QStringList>

#include <array>

namespace mf {

namespace {

constexpr qint64 secondsPerDay = 24 * 60 * 60;

const std::array<const char *, 7> dayNames {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const std::array<const char *, 7> dayLongNames {"Mondays", "Tuesdays",  "Wednesdays", "Thursdays",
                                                "Fridays", "Saturdays", "Sundays"};

qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

bool dayFromName(const QString &name, int *day)
{
    const QString lower = name.trimmed().toLower();
    for (int i = 0; i < 7; ++i) {
        const QString shortName = QString::fromLatin1(dayNames[size_t(i)]);
        if (lower == shortName
            || (lower.size() > 3
                && QString::fromLatin1(dayLongNames[size_t(i)]).toLower().startsWith(lower))) {
            *day = i;
            return true;
        }
    }
    return false;
}

Result<QTime> parseClock(const QString &text, const QString &option)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,2}):(\\d{2})$"));
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    const QTime time
        = match.hasMatch() ? QTime(match.captured(1).toInt(), match.captured(2).toInt()) : QTime();
    if (!time.isValid())
        return Error::usage(
            QStringLiteral("%1 takes a time of day as HH:MM (24-hour clock), such as 08:30, not \"%2\".")
                .arg(option, text));
    return time;
}

QString plural(qint64 n, const char *unit)
{
    return QStringLiteral("%1 %2%3")
        .arg(n)
        .arg(QLatin1String(unit))
        .arg(n == 1 ? QString() : QStringLiteral("s"));
}

} // namespace

Schedule Schedule::interval(qint64 seconds, const QTimeZone &zone)
{
    Schedule s;
    if (seconds > 0) {
        s.m_kind = Kind::Interval;
        s.m_seconds = seconds;
    }
    s.m_zone = zone;
    return s;
}

Schedule Schedule::daily(QTime at, const QTimeZone &zone)
{
    Schedule s;
    if (at.isValid()) {
        s.m_kind = Kind::Daily;
        s.m_at = QTime(at.hour(), at.minute());
    }
    s.m_zone = zone;
    return s;
}

Schedule Schedule::weekly(quint8 days, QTime at, const QTimeZone &zone)
{
    Schedule s;
    if (at.isValid() && (days & 0x7f) != 0) {
        s.m_kind = Kind::Weekly;
        s.m_days = days & 0x7f;
        s.m_at = QTime(at.hour(), at.minute());
    }
    s.m_zone = zone;
    return s;
}

Result<qint64> Schedule::parseDuration(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("(\\d+)\\s*([smhd])"));
    const QString trimmed = text.trimmed().toLower();
    qint64 total = 0;
    qsizetype pos = 0;
    auto it = part.globalMatch(trimmed);
    bool any = false;
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart() != pos)
            break;
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0);
        const qint64 factor = unit == QLatin1Char('s') ? 1
            : unit == QLatin1Char('m')                 ? 60
            : unit == QLatin1Char('h')                 ? 3600
                                                       : secondsPerDay;
        if (n > 10 * 365 * secondsPerDay / factor)
            return Error::usage(QStringLiteral("The duration \"%1\" is too long.").arg(text));
        total += n * factor;
        pos = m.capturedEnd();
        any = true;
    }
    if (!any || pos != trimmed.size() || total < 1)
        return Error::usage(
            QStringLiteral("A duration is a number with a unit — s, m, h or d — such as 30s, 5m, "
                           "1h30m or 1d; \"%1\" is not one.")
                .arg(text));
    return total;
}

Result<Schedule> Schedule::parseEvery(const QString &text, const QTimeZone &zone)
{
    Result<qint64> seconds = parseDuration(text);
    if (!seconds.ok())
        return seconds.error();
    return interval(seconds.value(), zone);
}

Result<Schedule> Schedule::parseDaily(const QString &text, const QTimeZone &zone)
{
    Result<QTime> at = parseClock(text, QStringLiteral("--daily"));
    if (!at.ok())
        return at.error();
    return daily(at.value(), zone);
}

Result<Schedule> Schedule::parseWeekly(const QString &text, const QTimeZone &zone)
{
    const qsizetype atSign = text.indexOf(QLatin1Char('@'));
    const Error usage = Error::usage(QStringLiteral("--weekly takes DAYS@HH:MM, such as mon,wed,fri@08:00 or "
                                                    "mon-fri@18:30, not \"%1\".")
                                         .arg(text));
    if (atSign <= 0)
        return usage;
    Result<QTime> at = parseClock(text.mid(atSign + 1), QStringLiteral("--weekly"));
    if (!at.ok())
        return at.error();
    quint8 days = 0;
    for (const QString &item : text.left(atSign).split(QLatin1Char(','))) {
        const QStringList range = item.split(QLatin1Char('-'));
        int first = 0;
        int last = 0;
        if (range.size() == 1 && dayFromName(range[0], &first)) {
            last = first;
        } else if (range.size() != 2 || !dayFromName(range[0], &first) || !dayFromName(range[1], &last)) {
            return usage;
        }
        for (int d = first;; d = (d + 1) % 7) {
            days |= quint8(1u << d);
            if (d == last)
                break;
        }
    }
    return weekly(days, at.value(), zone);
}

Result<Schedule> Schedule::fromString(const QString &text, const QTimeZone &zone)
{
    const QString t = text.trimmed();
    if (t.startsWith(QLatin1String("every ")))
        return parseEvery(t.mid(6), zone);
    if (t.startsWith(QLatin1String("daily ")))
        return parseDaily(t.mid(6), zone);
    if (t.startsWith(QLatin1String("weekly ")))
        return parseWeekly(t.mid(7), zone);
    return Error::usage(QStringLiteral("\"%1\" is not a schedule (every DURATION, daily HH:MM or weekly "
                                       "DAYS@HH:MM).")
                            .arg(text));
}

QString Schedule::toString() const
{
    switch (m_kind) {
    case Kind::None:
        return {};
    case Kind::Interval: {
        QString text;
        qint64 rest = m_seconds;
        const std::array<std::pair<qint64, char>, 4> units {
            {{secondsPerDay, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}}};
        for (const auto &[size, unit] : units) {
            if (rest >= size) {
                text += QString::number(rest / size) + QLatin1Char(unit);
                rest %= size;
            }
        }
        return QStringLiteral("every ") + text;
    }
    case Kind::Daily:
        return QStringLiteral("daily ") + m_at.toString(QStringLiteral("HH:mm"));
    case Kind::Weekly: {
        QStringList names;
        for (int d = 0; d < 7; ++d) {
            if (m_days & (1u << d))
                names << QString::fromLatin1(dayNames[size_t(d)]);
        }
        return QStringLiteral("weekly %1@%2")
            .arg(names.join(QLatin1Char(',')), m_at.toString(QStringLiteral("HH:mm")));
    }
    }
    return {};
}

QString Schedule::describe() const
{
    switch (m_kind) {
    case Kind::None:
        return QStringLiteral("not scheduled");
    case Kind::Interval: {
        const qint64 s = m_seconds;
        if (s % secondsPerDay == 0)
            return QStringLiteral("every ") + plural(s / secondsPerDay, "day");
        if (s % 3600 == 0)
            return QStringLiteral("every ") + plural(s / 3600, "hour");
        if (s % 60 == 0)
            return QStringLiteral("every ") + plural(s / 60, "minute");
        return QStringLiteral("every ") + plural(s, "second");
    }
    case Kind::Daily:
        return QStringLiteral("daily at ") + m_at.toString(QStringLiteral("HH:mm"));
    case Kind::Weekly: {
        QStringList names;
        for (int d = 0; d < 7; ++d) {
            if (m_days & (1u << d))
                names << QString::fromLatin1(dayLongNames[size_t(d)]);
        }
        QString list = names.size() > 1 ? names.mid(0, names.size() - 1).join(QStringLiteral(", "))
                + QStringLiteral(" and ") + names.constLast()
                                        : names.value(0);
        return QStringLiteral("%1 at %2").arg(list, m_at.toString(QStringLiteral("HH:mm")));
    }
    }
    return {};
}

qint64 Schedule::periodSeconds() const
{
    switch (m_kind) {
    case Kind::None:
        return 0;
    case Kind::Interval:
        return m_seconds;
    case Kind::Daily:
        return secondsPerDay;
    case Kind::Weekly:
        return 7 * secondsPerDay;
    }
    return 0;
}

QDateTime Schedule::resolveLocal(QDate date, QTime time, const QTimeZone &zone)
{
    const QDateTime naive(date, time, Qt::UTC); // the wall-clock reading, as if it were UTC
    const int before = zone.offsetFromUtc(naive.addSecs(-secondsPerDay));
    const int after = zone.offsetFromUtc(naive.addSecs(secondsPerDay));
    QDateTime best;
    for (int offset : {before, after}) {
        const QDateTime instant = naive.addSecs(-offset);
        if (zone.offsetFromUtc(instant) == offset && (!best.isValid() || instant < best))
            best = instant;
    }
    if (!best.isValid()) {
        // The time does not exist that day (spring forward): run when the clock jumps over it.
        const QTimeZone::OffsetData transition
            = zone.nextTransition(naive.addSecs(-before - secondsPerDay / 2));
        best = transition.atUtc.isValid() ? transition.atUtc : naive.addSecs(-before);
    }
    return best.toTimeZone(zone);
}

QDateTime Schedule::nextAfter(const QDateTime &after, const QDateTime &anchor) const
{
    if (!isValid() || !after.isValid())
        return {};
    switch (m_kind) {
    case Kind::None:
        return {};
    case Kind::Interval: {
        const QDateTime base = anchor.isValid() ? anchor : after;
        if (m_seconds % secondsPerDay == 0) {
            // Whole days: the same local time of day, whatever the length of the days between.
            const qint64 stepDays = m_seconds / secondsPerDay;
            const QDateTime baseLocal = base.toTimeZone(m_zone);
            const QDate baseDate = baseLocal.date();
            const QTime baseTime = baseLocal.time();
            const qint64 daysTo = baseDate.daysTo(after.toTimeZone(m_zone).date());
            qint64 k = floorDiv(daysTo, stepDays) - 1;
            for (;; ++k) {
                const QDateTime candidate = resolveLocal(baseDate.addDays(k * stepDays), baseTime, m_zone);
                if (candidate > after)
                    return candidate;
            }
        }
        const qint64 step = m_seconds * 1000;
        const qint64 k = floorDiv(after.toMSecsSinceEpoch() - base.toMSecsSinceEpoch(), step) + 1;
        return QDateTime::fromMSecsSinceEpoch(base.toMSecsSinceEpoch() + k * step).toTimeZone(m_zone);
    }
    case Kind::Daily:
    case Kind::Weekly: {
        const QDate start = after.toTimeZone(m_zone).date().addDays(-1);
        for (int i = 0; i < 9; ++i) {
            const QDate date = start.addDays(i);
            if (m_kind == Kind::Weekly && !(m_days & (1u << (date.dayOfWeek() - 1))))
                continue;
            const QDateTime candidate = resolveLocal(date, m_at, m_zone);
            if (candidate > after)
                return candidate;
        }
        return {};
    }
    }
    return {};
}

bool Schedule::operator==(const Schedule &other) const
{
    return m_kind == other.m_kind && m_seconds == other.m_seconds && m_at == other.m_at
        && m_days == other.m_days && m_zone == other.m_zone;
}

} // namespace mf
