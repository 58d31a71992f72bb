// SPDX-License-Identifier: MIT
#pragma once

#include <QDate>
#include <QtGlobal>

namespace mf {
namespace values {

/// Allocation-free forms of formatInteger/formatDouble/formatDate (ValueParsers.h) for hot loops such
/// as the CSV export: each writes its canonical text at `out` and returns the end of what it wrote.
/// `out` must have room for MaxFormattedLength bytes. No terminating NUL is written.
inline constexpr int MaxFormattedLength = 32;

char *writeInteger(char *out, qint64 value);
/// Python repr layout: shortest round-trip digits, scientific when the decimal exponent is < -4 or
/// >= 16 ("1e-05", "1.5e+300"), otherwise positional with ".0" when integral ("7.0", "-0.0").
/// Non-finite values are written as Python writes them: "nan", "inf", "-inf".
char *writeDouble(char *out, double value);
/// YYYY-MM-DD; nothing for an invalid date. Years outside 0..9999 keep their sign and all digits.
char *writeDate(char *out, const QDate &date);

} // namespace values
} // namespace mf
