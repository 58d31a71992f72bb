// SPDX-License-Identifier: MIT
#include "ValueParsers.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <system_error>

// The parsing half of ValueParsers.h. The formatting half (formatInteger, formatDouble, formatDate)
// lives in ValueFormat.cpp.
//
// These functions run once per typed cell, so they work on the UTF-8 bytes directly: no QString, no
// allocation on the common paths, and no locale (std::from_chars is locale-independent).

namespace mf::values {

namespace {

constexpr bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

constexpr bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

constexpr bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr char toLowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

// ASCII whitespace and U+00A0 NO-BREAK SPACE (C2 A0 in UTF-8), which spreadsheets like to leave
// around numbers, are stripped from both ends.
constexpr bool mayBeSpaceByte(char c)
{
    return isAsciiSpace(c) || c == '\xC2' || c == '\xA0';
}

inline std::string_view trimmed(std::string_view s)
{
    // Fast path: most cells have nothing to strip.
    if (!s.empty() && !mayBeSpaceByte(s.front()) && !mayBeSpaceByte(s.back()))
        return s;
    for (;;) {
        if (!s.empty() && isAsciiSpace(s.front()))
            s.remove_prefix(1);
        else if (s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA0')
            s.remove_prefix(2);
        else
            break;
    }
    for (;;) {
        if (!s.empty() && isAsciiSpace(s.back()))
            s.remove_suffix(1);
        else if (s.size() >= 2 && s[s.size() - 2] == '\xC2' && s.back() == '\xA0')
            s.remove_suffix(2);
        else
            break;
    }
    return s;
}

// Length of the run of ASCII digits starting at `pos`.
size_t digitRun(std::string_view s, size_t pos)
{
    size_t end = pos;
    while (end < s.size() && isDigit(s[end]))
        ++end;
    return end - pos;
}

// Value of a short run of digits (at most 9, so no overflow).
int smallNumber(std::string_view s, size_t pos, size_t length)
{
    int value = 0;
    for (size_t i = pos; i < pos + length; ++i)
        value = value * 10 + (s[i] - '0');
    return value;
}

/// The integer part of a number: plain digits ("1234") or digits in valid thousands groups
/// ("1,234", "12,345,678": a first group of one to three digits, then groups of exactly three).
struct IntegerPart
{
    size_t end = 0; ///< position just past the integer part
    size_t digits = 0; ///< number of digits (commas not counted)
    bool grouped = false; ///< contains thousands separators
    bool ok = false;
};

IntegerPart scanIntegerPart(std::string_view s, size_t pos)
{
    IntegerPart part;
    const size_t first = digitRun(s, pos);
    part.end = pos + first;
    part.digits = first;
    part.ok = true;
    if (first == 0 || part.end >= s.size() || s[part.end] != ',')
        return part;
    if (first > 3) {
        part.ok = false; // "1234,567"
        return part;
    }
    while (part.end < s.size() && s[part.end] == ',') {
        if (digitRun(s, part.end + 1) != 3) {
            part.ok = false; // "1,5", "1,23", "1,2345", "1,"
            return part;
        }
        part.end += 4;
        part.digits += 3;
    }
    part.grouped = true;
    return part;
}

// Copies the sign and the digits of [begin, end) without the commas, for std::from_chars.
std::string withoutCommas(std::string_view s, size_t begin, size_t end)
{
    std::string out;
    out.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
        if (s[i] != ',')
            out.push_back(s[i]);
    }
    return out;
}

std::optional<QDate> makeDate(int year, int month, int day)
{
    if (year < 1 || year > 9999 || !QDate::isValid(year, month, day))
        return std::nullopt;
    return QDate(year, month, day);
}

// January = 1; 0 when the word is not an English month name (full, three letters, or "Sept").
int monthFromName(std::string_view word)
{
    static constexpr std::array<std::string_view, 12> names
        = {"january", "february", "march",     "april",   "may",      "june",
           "july",    "august",   "september", "october", "november", "december"};
    if (word.size() < 3 || word.size() > 9)
        return 0;
    std::array<char, 9> lower {};
    for (size_t i = 0; i < word.size(); ++i)
        lower[i] = toLowerAscii(word[i]);
    const std::string_view w(lower.data(), word.size());
    for (size_t m = 0; m < names.size(); ++m) {
        if (w == names[m] || (w.size() == 3 && names[m].substr(0, 3) == w))
            return int(m) + 1;
    }
    if (w == "sept")
        return 9;
    return 0;
}

constexpr bool isDateSeparator(char c)
{
    return c == '-' || c == '/' || c == '.';
}

/// A numeric day/month/year date: one or two digits, a separator (- / .), one or two digits, the
/// same separator, four digits, and nothing else. `first` and `second` receive the two leading parts.
bool scanNumericDayMonth(std::string_view s, int *first, int *second, int *year)
{
    const size_t a = digitRun(s, 0);
    if (a < 1 || a > 2 || a >= s.size() || !isDateSeparator(s[a]))
        return false;
    const char sep = s[a];
    const size_t bPos = a + 1;
    const size_t b = digitRun(s, bPos);
    if (b < 1 || b > 2 || bPos + b >= s.size() || s[bPos + b] != sep)
        return false;
    const size_t cPos = bPos + b + 1;
    if (digitRun(s, cPos) != 4 || cPos + 4 != s.size())
        return false;
    *first = smallNumber(s, 0, a);
    *second = smallNumber(s, bPos, b);
    *year = smallNumber(s, cPos, 4);
    return true;
}

/// Year first: four digits, a separator (- / .), month in one or two digits, the same separator,
/// day in one or two digits. Returns false when the text does not have that shape; `date` is then
/// untouched. When the shape fits but the date is impossible, `date` is nullopt.
bool parseYearFirst(std::string_view s, std::optional<QDate> *date)
{
    if (digitRun(s, 0) != 4 || s.size() < 8 || !isDateSeparator(s[4]))
        return false;
    const char sep = s[4];
    const size_t m = digitRun(s, 5);
    if (m < 1 || m > 2 || 5 + m >= s.size() || s[5 + m] != sep)
        return false;
    const size_t dPos = 5 + m + 1;
    const size_t d = digitRun(s, dPos);
    if (d < 1 || d > 2 || dPos + d != s.size())
        return false;
    *date = makeDate(smallNumber(s, 0, 4), smallNumber(s, 5, m), smallNumber(s, dPos, d));
    return true;
}

constexpr bool isNamedDateSeparator(char c)
{
    return c == ' ' || c == ',' || c == '.' || c == '-' || c == '/' || isAsciiSpace(c);
}

/// "Jun 12 1998", "June 12, 1998", "12 June 1998", "12-Jun-1998": three words (a month name, a day of
/// one or two digits and a four-digit year) with separators between them.
std::optional<QDate> parseNamedMonth(std::string_view s)
{
    std::array<std::string_view, 3> words;
    size_t count = 0;
    size_t i = 0;
    while (i < s.size()) {
        if (count == words.size())
            return std::nullopt;
        const size_t begin = i;
        if (isDigit(s[i])) {
            while (i < s.size() && isDigit(s[i]))
                ++i;
        } else if (isAsciiLetter(s[i])) {
            while (i < s.size() && isAsciiLetter(s[i]))
                ++i;
        } else {
            return std::nullopt;
        }
        words[count++] = s.substr(begin, i - begin);
        const size_t sepBegin = i;
        while (i < s.size() && isNamedDateSeparator(s[i]))
            ++i;
        if (i < s.size() && i == sepBegin)
            return std::nullopt; // words must be separated: "12June1998" is not a date
    }
    if (count != 3)
        return std::nullopt;

    const auto isNumber = [](std::string_view w) { return !w.empty() && isDigit(w.front()); };
    std::string_view monthWord;
    std::string_view dayWord;
    if (!isNumber(words[0]) && isNumber(words[1])) {
        monthWord = words[0]; // Jun 12 1998
        dayWord = words[1];
    } else if (isNumber(words[0]) && !isNumber(words[1])) {
        dayWord = words[0]; // 12 June 1998
        monthWord = words[1];
    } else {
        return std::nullopt;
    }
    const std::string_view yearWord = words[2];
    if (!isNumber(yearWord) || yearWord.size() != 4 || dayWord.size() > 2)
        return std::nullopt;
    const int month = monthFromName(monthWord);
    if (month == 0)
        return std::nullopt;
    return makeDate(smallNumber(yearWord, 0, 4), month, smallNumber(dayWord, 0, dayWord.size()));
}

std::optional<QDate> fromSerial(double serial)
{
    // QDate covers far more than 1..9999; this bound only keeps the conversion to qint64 defined.
    if (std::fabs(serial) > 1e8)
        return std::nullopt;
    static const QDate epoch(1899, 12, 30);
    const QDate date = epoch.addDays(qint64(std::floor(serial)));
    if (!date.isValid() || date.year() < 1 || date.year() > 9999)
        return std::nullopt;
    return date;
}

} // namespace

bool isBlank(std::string_view text)
{
    // Fast path: most cells start with a non-space byte.
    if (!text.empty() && !mayBeSpaceByte(text.front()))
        return false;
    return trimmed(text).empty();
}

bool isMissingToken(std::string_view text)
{
    // Fast path: every token starts with 'N', 'n' or '#', and numbers and dates never do.
    if (!text.empty()) {
        const char c = text.front();
        if (c != 'N' && c != 'n' && c != '#' && !mayBeSpaceByte(c))
            return false;
    }
    const std::string_view t = trimmed(text);
    if (t.empty())
        return true;
    if (t.size() > 4)
        return false;
    static constexpr std::array<std::string_view, 9> tokens
        = {"NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "#N/A"};
    for (const std::string_view token : tokens) {
        if (t == token)
            return true;
    }
    return false;
}

std::optional<qint64> parseInteger(std::string_view text)
{
    const std::string_view t = trimmed(text);
    if (t.empty())
        return std::nullopt;
    size_t pos = 0;
    const bool negative = t[0] == '-';
    if (t[0] == '+' || t[0] == '-')
        pos = 1;
    const IntegerPart part = scanIntegerPart(t, pos);
    if (!part.ok || part.digits == 0)
        return std::nullopt;
    size_t end = part.end;
    if (end < t.size() && t[end] == '.') {
        // An integral decimal: "1234.0", "1,234.00". Any other fraction makes the cell invalid.
        const size_t zeros = digitRun(t, end + 1);
        if (zeros == 0)
            return std::nullopt;
        for (size_t i = end + 1; i < end + 1 + zeros; ++i) {
            if (t[i] != '0')
                return std::nullopt;
        }
        end += 1 + zeros;
    }
    if (end != t.size())
        return std::nullopt;

    // std::from_chars takes '-' but not '+': start at the minus sign, or just past a plus sign.
    const size_t begin = negative ? 0 : pos;
    qint64 value = 0;
    if (!part.grouped) {
        const auto [ptr, ec] = std::from_chars(t.data() + begin, t.data() + part.end, value);
        if (ec != std::errc() || ptr != t.data() + part.end)
            return std::nullopt;
        return value;
    }
    const std::string digits = withoutCommas(t, begin, part.end);
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || ptr != digits.data() + digits.size())
        return std::nullopt;
    return value;
}

std::optional<double> parseDouble(std::string_view text)
{
    const std::string_view t = trimmed(text);
    if (t.empty())
        return std::nullopt;

    // Check the whole grammar first: std::from_chars would also accept "inf", "nan" and
    // "infinity", and stops quietly at the first character it does not understand.
    size_t pos = 0;
    const bool negative = t[0] == '-';
    if (t[0] == '+' || t[0] == '-')
        pos = 1;
    const IntegerPart part = scanIntegerPart(t, pos);
    if (!part.ok)
        return std::nullopt;
    size_t end = part.end;
    size_t fractionDigits = 0;
    if (end < t.size() && t[end] == '.') {
        fractionDigits = digitRun(t, end + 1);
        end += 1 + fractionDigits;
    }
    if (part.digits + fractionDigits == 0)
        return std::nullopt; // ".", "-", "e5"
    const size_t mantissaEnd = end;
    if (end < t.size() && (t[end] == 'e' || t[end] == 'E')) {
        size_t exp = end + 1;
        if (exp < t.size() && (t[exp] == '+' || t[exp] == '-'))
            ++exp;
        const size_t expDigits = digitRun(t, exp);
        if (expDigits == 0)
            return std::nullopt;
        end = exp + expDigits;
    }
    if (end != t.size())
        return std::nullopt;

    std::string buffer;
    std::string_view number = t.substr(negative ? 0 : pos);
    if (part.grouped) {
        buffer = withoutCommas(t, negative ? 0 : pos, t.size());
        number = buffer;
    }
    double value = 0;
    const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec == std::errc() && ptr == number.data() + number.size())
        return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
    if (ec != std::errc::result_out_of_range)
        return std::nullopt;

    // Out of range: overflow ("1e309") is invalid; underflow ("1e-400") is a value too small for a
    // double, which reads as zero (as Python's float() and pandas read it).
    long long exponent = 0;
    if (mantissaEnd < t.size()) {
        size_t i = mantissaEnd + 1;
        const bool expNegative = t[i] == '-';
        if (t[i] == '+' || t[i] == '-')
            ++i;
        for (; i < t.size(); ++i) {
            if (exponent < 100000000)
                exponent = exponent * 10 + (t[i] - '0');
        }
        if (expNegative)
            exponent = -exponent;
    }
    // Decimal exponent of the first significant digit.
    long long leadingPosition = 0;
    bool found = false;
    long long integerDigitsLeft = 0;
    for (size_t i = pos; i < part.end; ++i) {
        if (t[i] != ',')
            ++integerDigitsLeft;
    }
    for (size_t i = pos; i < part.end && !found; ++i) {
        if (t[i] == ',')
            continue;
        --integerDigitsLeft;
        if (t[i] != '0') {
            leadingPosition = integerDigitsLeft;
            found = true;
        }
    }
    for (size_t i = 0; i < fractionDigits && !found; ++i) {
        if (t[part.end + 1 + i] != '0') {
            leadingPosition = -1 - (long long)i;
            found = true;
        }
    }
    if (found && leadingPosition + exponent < 0)
        return negative ? -0.0 : 0.0;
    return std::nullopt;
}

void DateOrderDetector::add(std::string_view text)
{
    const std::string_view t = trimmed(text);
    if (t.empty() || !isDigit(t.front()))
        return;
    int first = 0;
    int second = 0;
    int year = 0;
    if (!scanNumericDayMonth(t, &first, &second, &year))
        return;
    if (first > 12)
        m_dayFirstSeen = true;
    if (second > 12)
        m_monthFirstSeen = true;
}

DayMonthOrder DateOrderDetector::order() const
{
    // A column with both shapes ("13/01/2001" and "01/13/2001") has no order that reads every value;
    // SPEC.md decides for day-first, and the month-first values then count as invalid.
    if (m_dayFirstSeen)
        return DayMonthOrder::DayFirst;
    return DayMonthOrder::MonthFirst;
}

std::optional<QDate> parseDate(std::string_view text, DayMonthOrder order, bool serials)
{
    const std::string_view t = trimmed(text);
    if (t.empty())
        return std::nullopt;

    if (isDigit(t.front())) {
        std::optional<QDate> date;
        if (parseYearFirst(t, &date))
            return date;
        int first = 0;
        int second = 0;
        int year = 0;
        if (scanNumericDayMonth(t, &first, &second, &year)) {
            if (order == DayMonthOrder::DayFirst)
                return makeDate(year, second, first);
            return makeDate(year, first, second);
        }
    }
    if (serials) {
        // Unformatted Google Sheets values: days since 1899-12-30, the fraction being the time of day.
        if (const std::optional<double> serial = parseDouble(t))
            return fromSerial(*serial);
    }
    return parseNamedMonth(t);
}

} // namespace mf::values
