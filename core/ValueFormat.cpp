// SPDX-License-Identifier: MIT
// The format* half of ValueParsers.h: canonical text for typed cells, as pandas' to_csv writes it.
#include "ValueFormat.h"
#include "ValueParsers.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace mf {
namespace values {

namespace {

char *writeLiteral(char *out, const char *text)
{
    const size_t length = std::strlen(text);
    std::memcpy(out, text, length);
    return out + length;
}

char *writeZeros(char *out, int count)
{
    for (int i = 0; i < count; ++i)
        *out++ = '0';
    return out;
}

// Writes `value` with at least `width` digits, zero-padded, sign first.
char *writePadded(char *out, int value, int width)
{
    char digits[16];
    const auto result = std::to_chars(digits, digits + sizeof digits, std::abs(qint64(value)));
    const int length = int(result.ptr - digits);
    if (value < 0)
        *out++ = '-';
    out = writeZeros(out, width - length);
    std::memcpy(out, digits, size_t(length));
    return out + length;
}

} // namespace

char *writeInteger(char *out, qint64 value)
{
    return std::to_chars(out, out + MaxFormattedLength, value).ptr;
}

char *writeDouble(char *out, double value)
{
    if (std::isnan(value))
        return writeLiteral(out, "nan");
    if (std::isinf(value))
        return writeLiteral(out, value < 0 ? "-inf" : "inf");

    // The shortest digits that read back to the same double, in the form [-]d[.ddd]e(+|-)dd.
    char scientific[MaxFormattedLength];
    const auto result
        = std::to_chars(scientific, scientific + sizeof scientific, value, std::chars_format::scientific);
    const char *p = scientific;
    const char *const end = result.ptr;

    if (*p == '-')
        *out++ = *p++;
    char digits[24];
    int digitCount = 0;
    for (; p != end && *p != 'e'; ++p) {
        if (*p != '.')
            digits[digitCount++] = *p;
    }
    int exponent = 0;
    if (p != end) {
        ++p; // 'e'
        if (*p == '+')
            ++p;
        std::from_chars(p, end, exponent);
    }

    // Python's float_repr_style 'short': the value is 0.d1d2... x 10^pointPosition.
    const int pointPosition = exponent + 1;
    if (pointPosition <= -4 || pointPosition > 16) {
        *out++ = digits[0];
        if (digitCount > 1) {
            *out++ = '.';
            std::memcpy(out, digits + 1, size_t(digitCount - 1));
            out += digitCount - 1;
        }
        *out++ = 'e';
        *out++ = exponent < 0 ? '-' : '+';
        return writePadded(out, std::abs(exponent), 2);
    }
    if (pointPosition <= 0) {
        *out++ = '0';
        *out++ = '.';
        out = writeZeros(out, -pointPosition);
        std::memcpy(out, digits, size_t(digitCount));
        return out + digitCount;
    }
    if (pointPosition >= digitCount) {
        std::memcpy(out, digits, size_t(digitCount));
        out = writeZeros(out + digitCount, pointPosition - digitCount);
        *out++ = '.';
        *out++ = '0';
        return out;
    }
    std::memcpy(out, digits, size_t(pointPosition));
    out += pointPosition;
    *out++ = '.';
    std::memcpy(out, digits + pointPosition, size_t(digitCount - pointPosition));
    return out + (digitCount - pointPosition);
}

char *writeDate(char *out, const QDate &date)
{
    if (!date.isValid())
        return out;
    int year = 0;
    int month = 0;
    int day = 0;
    date.getDate(&year, &month, &day);
    out = writePadded(out, year, 4);
    *out++ = '-';
    out = writePadded(out, month, 2);
    *out++ = '-';
    return writePadded(out, day, 2);
}

QByteArray formatInteger(qint64 value)
{
    char buffer[MaxFormattedLength];
    const char *end = writeInteger(buffer, value);
    return QByteArray(buffer, qsizetype(end - buffer));
}

QByteArray formatDouble(double value)
{
    char buffer[MaxFormattedLength];
    const char *end = writeDouble(buffer, value);
    return QByteArray(buffer, qsizetype(end - buffer));
}

QByteArray formatDate(const QDate &date)
{
    char buffer[MaxFormattedLength];
    const char *end = writeDate(buffer, date);
    return QByteArray(buffer, qsizetype(end - buffer));
}

} // namespace values
} // namespace mf
