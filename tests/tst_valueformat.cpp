// SPDX-License-Identifier: MIT
#include "ValueFormat.h"
#include "ValueParsers.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QtTest>

#include <cfloat>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

using namespace mf;

class TestValueFormat : public QObject
{
    Q_OBJECT

private slots:
    void formatInteger_data();
    void formatInteger();
    void formatDouble_data();
    void formatDouble();
    void formatDoubleRoundTrips();
    void formatDate_data();
    void formatDate();
};

void TestValueFormat::formatInteger_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("zero") << qint64(0) << QByteArray("0");
    QTest::newRow("one") << qint64(1) << QByteArray("1");
    QTest::newRow("negative") << qint64(-42) << QByteArray("-42");
    QTest::newRow("thousands have no separator") << qint64(1234567) << QByteArray("1234567");
    QTest::newRow("tmdb id") << qint64(533535) << QByteArray("533535");
    QTest::newRow("max") << std::numeric_limits<qint64>::max() << QByteArray("9223372036854775807");
    QTest::newRow("min") << std::numeric_limits<qint64>::min() << QByteArray("-9223372036854775808");
}

void TestValueFormat::formatInteger()
{
    QFETCH(qint64, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(values::formatInteger(value), expected);
    char buffer[values::MaxFormattedLength];
    const char *end = values::writeInteger(buffer, value);
    QCOMPARE(QByteArray(buffer, end - buffer), expected);
}

void TestValueFormat::formatDouble_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    // Expected texts are Python's repr() of the same doubles (what pandas' to_csv writes).
    QTest::newRow("integral gets .0") << 7.0 << QByteArray("7.0");
    QTest::newRow("rating") << 8.706 << QByteArray("8.706");
    QTest::newRow("popularity") << 3011.577 << QByteArray("3011.577");
    QTest::newRow("one tenth") << 0.1 << QByteArray("0.1");
    QTest::newRow("sum not exact") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
    QTest::newRow("one third") << 1.0 / 3.0 << QByteArray("0.3333333333333333");
    QTest::newRow("zero") << 0.0 << QByteArray("0.0");
    QTest::newRow("negative zero") << -0.0 << QByteArray("-0.0");
    QTest::newRow("negative") << -2.5 << QByteArray("-2.5");
    QTest::newRow("hundred") << 100.0 << QByteArray("100.0");
    QTest::newRow("1e-4 stays positional") << 0.0001 << QByteArray("0.0001");
    QTest::newRow("small positional") << 0.00012345 << QByteArray("0.00012345");
    QTest::newRow("1e-5 is scientific") << 1e-05 << QByteArray("1e-05");
    QTest::newRow("small scientific") << 1.2345e-05 << QByteArray("1.2345e-05");
    QTest::newRow("1e15 positional") << 1e15 << QByteArray("1000000000000000.0");
    QTest::newRow("largest positional") << 9999999999999998.0 << QByteArray("9999999999999998.0");
    QTest::newRow("1e16 scientific") << 1e16 << QByteArray("1e+16");
    QTest::newRow("17 digits scientific") << 1.2345678901234567e16 << QByteArray("1.2345678901234568e+16");
    QTest::newRow("three-digit exponent") << 1.5e300 << QByteArray("1.5e+300");
    QTest::newRow("max") << DBL_MAX << QByteArray("1.7976931348623157e+308");
    QTest::newRow("min normal") << DBL_MIN << QByteArray("2.2250738585072014e-308");
    QTest::newRow("denormal") << 5e-324 << QByteArray("5e-324");
    QTest::newRow("negative scientific") << -4.2e-07 << QByteArray("-4.2e-07");
    QTest::newRow("digits around the point") << 123456.789 << QByteArray("123456.789");
    QTest::newRow("nan as python") << std::numeric_limits<double>::quiet_NaN() << QByteArray("nan");
    QTest::newRow("inf as python") << std::numeric_limits<double>::infinity() << QByteArray("inf");
    QTest::newRow("-inf as python") << -std::numeric_limits<double>::infinity() << QByteArray("-inf");
}

void TestValueFormat::formatDouble()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(values::formatDouble(value), expected);
    char buffer[values::MaxFormattedLength];
    const char *end = values::writeDouble(buffer, value);
    QCOMPARE(QByteArray(buffer, end - buffer), expected);
}

// Random bit patterns cover every exponent: each text must read back to the very same double and
// follow Python's layout (scientific exactly when the decimal exponent is < -4 or >= 16).
void TestValueFormat::formatDoubleRoundTrips()
{
    std::setlocale(LC_NUMERIC, "C");
    QRandomGenerator random(20240601);
    const QRegularExpression positional(QStringLiteral("^-?\\d+\\.\\d+$"));
    const QRegularExpression scientific(QStringLiteral("^-?\\d(\\.\\d+)?e[+-]\\d{2,3}$"));
    int checked = 0;
    for (int i = 0; i < 200000; ++i) {
        const quint64 bits = random.generate64();
        double value = 0;
        std::memcpy(&value, &bits, sizeof value);
        if (!std::isfinite(value))
            continue;
        const QByteArray text = values::formatDouble(value);
        const double back = std::strtod(text.constData(), nullptr);
        if (std::memcmp(&back, &value, sizeof value) != 0)
            QFAIL(qPrintable(
                QStringLiteral("%1 does not read back to the same double").arg(QLatin1String(text))));
        const int decimalExponent = value == 0 ? 0 : int(std::floor(std::log10(std::fabs(value))));
        // log10 can be off by one right at powers of ten; only check where it is unambiguous.
        const double mantissa = std::fabs(value) / std::pow(10.0, decimalExponent);
        if (mantissa > 1.0001 && mantissa < 9.999) {
            const bool wantScientific = decimalExponent < -4 || decimalExponent >= 16;
            const QRegularExpression &shape = wantScientific ? scientific : positional;
            if (!shape.match(QString::fromLatin1(text)).hasMatch())
                QFAIL(qPrintable(QStringLiteral("%1 has the wrong layout").arg(QLatin1String(text))));
        }
        ++checked;
    }
    QVERIFY(checked > 190000);
}

void TestValueFormat::formatDate_data()
{
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QDate(1998, 6, 12) << QByteArray("1998-06-12");
    QTest::newRow("recent") << QDate(2024, 7, 24) << QByteArray("2024-07-24");
    QTest::newRow("leap day") << QDate(2000, 2, 29) << QByteArray("2000-02-29");
    QTest::newRow("year one padded") << QDate(1, 1, 1) << QByteArray("0001-01-01");
    QTest::newRow("last four-digit day") << QDate(9999, 12, 31) << QByteArray("9999-12-31");
    QTest::newRow("five-digit year") << QDate(10000, 1, 2) << QByteArray("10000-01-02");
    QTest::newRow("negative year") << QDate(-44, 3, 15) << QByteArray("-0044-03-15");
    QTest::newRow("invalid is empty") << QDate() << QByteArray();
}

void TestValueFormat::formatDate()
{
    QFETCH(QDate, date);
    QFETCH(QByteArray, expected);
    QCOMPARE(values::formatDate(date), expected);
    char buffer[values::MaxFormattedLength];
    const char *end = values::writeDate(buffer, date);
    QCOMPARE(QByteArray(buffer, end - buffer), expected);
}

QTEST_APPLESS_MAIN(TestValueFormat)
#include "tst_valueformat.moc"
