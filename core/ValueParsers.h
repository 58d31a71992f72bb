// SPDX-License-Identifier: MIT
#pragma once

#include <QDate>
#include <QString>

#include <optional>
#include <string_view>

namespace mf {

/// The typed-cell rules of SPEC.md, on UTF-8 text exactly as read.
namespace values {

/// Empty or only whitespace.
bool isBlank(std::string_view text);
/// Blank, or one of NA N/A n/a NaN nan null NULL None #N/A (after trimming): missing in a typed column.
bool isMissingToken(std::string_view text);

/// 64-bit integer: "1234", "1,234" (groups of three), "1234.0", sign, surrounding spaces. "12.5" is invalid.
std::optional<qint64> parseInteger(std::string_view text);
/// Finite double with '.' as decimal point and an optional exponent, surrounding spaces ignored.
/// inf, nan, hex, "1_000" and "1,5" are invalid.
std::optional<double> parseDouble(std::string_view text);

/// How numeric day/month dates ("03/04/2001") are read in one column.
enum class DayMonthOrder { MonthFirst, DayFirst };

/// Decides the order for a column from its values: any first part > 12 means day-first;
/// otherwise month-first (the US default of Google Sheets exports).
class DateOrderDetector
{
public:
    void add(std::string_view text);
    DayMonthOrder order() const;

private:
    bool m_dayFirstSeen = false;
    bool m_monthFirstSeen = false;
};

/// ISO YYYY-MM-DD, YYYY/MM/DD, month names (Jun 12 1998, 12 June 1998, June 12, 1998), numeric
/// day/month forms in the given order, and — when `serials` is true — Google Sheets serial day
/// numbers (days since 1899-12-30). Impossible dates are invalid (nullopt).
std::optional<QDate> parseDate(std::string_view text, DayMonthOrder order, bool serials = false);

/// Canonical text: integers as digits; doubles as the shortest text that reads back to the same
/// value, with ".0" when integral (as pandas writes: 7.0, 8.706, 1e-05, 1e+16); dates YYYY-MM-DD.
QByteArray formatInteger(qint64 value);
QByteArray formatDouble(double value);
QByteArray formatDate(const QDate &date);

} // namespace values
} // namespace mf
