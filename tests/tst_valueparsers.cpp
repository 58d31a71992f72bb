// SPDX-License-Identifier: MIT
#include "ValueParsers.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <string>

using namespace mf;
using namespace mf::values;

Q_DECLARE_METATYPE(mf::values::DayMonthOrder)

class TestValueParsers : public QObject
{
    Q_OBJECT

private slots:
    void blank_data();
    void blank();
    void missingToken_data();
    void missingToken();
    void integer_data();
    void integer();
    void doubleValue_data();
    void doubleValue();
    void negativeZero();
    void doubleRoundTrip();
    void date_data();
    void date();
    void dateOrder_data();
    void dateOrder();
    void serial_data();
    void serial();
};

void TestValueParsers::blank_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("blank");
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("space") << QByteArray(" ") << true;
    QTest::newRow("spaces and tabs") << QByteArray(" \t  \t") << true;
    QTest::newRow("CR LF") << QByteArray("\r\n") << true;
    QTest::newRow("no-break space") << QByteArray("\xC2\xA0") << true;
    QTest::newRow("letter") << QByteArray("a") << false;
    QTest::newRow("padded letter") << QByteArray("  a  ") << false;
    QTest::newRow("zero") << QByteArray("0") << false;
    QTest::newRow("NA is not blank") << QByteArray("NA") << false;
    QTest::newRow("other UTF-8") << QByteArray("\xC3\xA9") << false;
}

void TestValueParsers::blank()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, blank);
    QCOMPARE(isBlank(std::string_view(text.constData(), size_t(text.size()))), blank);
}

void TestValueParsers::missingToken_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("missing");
    for (const char *token : {"NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "#N/A"})
        QTest::newRow(token) << QByteArray(token) << true;
    QTest::newRow("padded token") << QByteArray("  NULL ") << true;
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("whitespace") << QByteArray(" \t") << true;
    QTest::newRow("none lowercase") << QByteArray("none") << false;
    QTest::newRow("Na") << QByteArray("Na") << false;
    QTest::newRow("NAN") << QByteArray("NAN") << false;
    QTest::newRow("Nonesuch") << QByteArray("Nonesuch") << false;
    QTest::newRow("N/A/") << QByteArray("N/A/") << false;
    QTest::newRow("number") << QByteArray("7.5") << false;
    QTest::newRow("dash") << QByteArray("-") << false;
}

void TestValueParsers::missingToken()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, missing);
    QCOMPARE(isMissingToken(std::string_view(text.constData(), size_t(text.size()))), missing);
}

void TestValueParsers::integer_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("value");
    const qint64 max = std::numeric_limits<qint64>::max();
    const qint64 min = std::numeric_limits<qint64>::min();

    QTest::newRow("plain") << QByteArray("1234") << true << qint64(1234);
    QTest::newRow("zero") << QByteArray("0") << true << qint64(0);
    QTest::newRow("minus zero") << QByteArray("-0") << true << qint64(0);
    QTest::newRow("leading zeros") << QByteArray("007") << true << qint64(7);
    QTest::newRow("plus sign") << QByteArray("+42") << true << qint64(42);
    QTest::newRow("minus sign") << QByteArray("-42") << true << qint64(-42);
    QTest::newRow("surrounding spaces") << QByteArray("  960258 \t") << true << qint64(960258);
    QTest::newRow("grouped") << QByteArray("1,234") << true << qint64(1234);
    QTest::newRow("grouped millions") << QByteArray("12,345,678") << true << qint64(12345678);
    QTest::newRow("grouped negative") << QByteArray("-1,000") << true << qint64(-1000);
    QTest::newRow("grouped plus") << QByteArray("+1,000") << true << qint64(1000);
    QTest::newRow("integral decimal") << QByteArray("1234.0") << true << qint64(1234);
    QTest::newRow("integral decimal 00") << QByteArray("1234.00") << true << qint64(1234);
    QTest::newRow("grouped integral decimal") << QByteArray("1,234.0") << true << qint64(1234);
    QTest::newRow("max") << QByteArray("9223372036854775807") << true << max;
    QTest::newRow("min") << QByteArray("-9223372036854775808") << true << min;
    QTest::newRow("max grouped") << QByteArray("9,223,372,036,854,775,807") << true << max;

    QTest::newRow("empty") << QByteArray() << false << qint64(0);
    QTest::newRow("spaces only") << QByteArray("   ") << false << qint64(0);
    QTest::newRow("fraction") << QByteArray("12.5") << false << qint64(0);
    QTest::newRow("fraction after zero") << QByteArray("12.05") << false << qint64(0);
    QTest::newRow("trailing point") << QByteArray("12.") << false << qint64(0);
    QTest::newRow("leading point") << QByteArray(".0") << false << qint64(0);
    QTest::newRow("decimal comma") << QByteArray("1,5") << false << qint64(0);
    QTest::newRow("short group") << QByteArray("1,23") << false << qint64(0);
    QTest::newRow("long group") << QByteArray("1,2345") << false << qint64(0);
    QTest::newRow("long first group") << QByteArray("1234,567") << false << qint64(0);
    QTest::newRow("leading comma") << QByteArray(",123") << false << qint64(0);
    QTest::newRow("trailing comma") << QByteArray("123,") << false << qint64(0);
    QTest::newRow("double comma") << QByteArray("1,,234") << false << qint64(0);
    QTest::newRow("underscore") << QByteArray("1_000") << false << qint64(0);
    QTest::newRow("inner space") << QByteArray("1 000") << false << qint64(0);
    QTest::newRow("overflow") << QByteArray("9223372036854775808") << false << qint64(0);
    QTest::newRow("underflow") << QByteArray("-9223372036854775809") << false << qint64(0);
    QTest::newRow("huge") << QByteArray("123456789012345678901234567890") << false << qint64(0);
    QTest::newRow("grouped overflow") << QByteArray("9,223,372,036,854,775,808") << false << qint64(0);
    QTest::newRow("exponent") << QByteArray("1e3") << false << qint64(0);
    QTest::newRow("hex") << QByteArray("0x10") << false << qint64(0);
    QTest::newRow("sign only") << QByteArray("-") << false << qint64(0);
    QTest::newRow("double sign") << QByteArray("+-1") << false << qint64(0);
    QTest::newRow("space after sign") << QByteArray("- 1") << false << qint64(0);
    QTest::newRow("letters") << QByteArray("abc") << false << qint64(0);
    QTest::newRow("trailing letters") << QByteArray("12abc") << false << qint64(0);
    QTest::newRow("NA") << QByteArray("NA") << false << qint64(0);
    QTest::newRow("unicode minus") << QByteArray("\xE2\x88\x92"
                                                 "1")
                                   << false << qint64(0);
}

void TestValueParsers::integer()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(qint64, value);
    const std::optional<qint64> parsed
        = parseInteger(std::string_view(text.constData(), size_t(text.size())));
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, value);
}

void TestValueParsers::doubleValue_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("value");

    QTest::newRow("integer") << QByteArray("7") << true << 7.0;
    QTest::newRow("decimal") << QByteArray("8.706") << true << 8.706;
    QTest::newRow("popularity") << QByteArray("3011.577") << true << 3011.577;
    QTest::newRow("negative") << QByteArray("-1.5") << true << -1.5;
    QTest::newRow("plus") << QByteArray("+2.25") << true << 2.25;
    QTest::newRow("leading point") << QByteArray(".5") << true << 0.5;
    QTest::newRow("trailing point") << QByteArray("5.") << true << 5.0;
    QTest::newRow("exponent") << QByteArray("1e3") << true << 1000.0;
    QTest::newRow("exponent upper") << QByteArray("1.5E+2") << true << 150.0;
    QTest::newRow("negative exponent") << QByteArray("25e-1") << true << 2.5;
    QTest::newRow("spaces") << QByteArray("  7.25\t") << true << 7.25;
    QTest::newRow("no-break spaces") << QByteArray("\xC2\xA0"
                                                   "7.25\xC2\xA0")
                                     << true << 7.25;
    QTest::newRow("grouped") << QByteArray("3,011.577") << true << 3011.577;
    QTest::newRow("grouped plus") << QByteArray("+1,000") << true << 1000.0;
    QTest::newRow("max double") << QByteArray("1.7976931348623157e308") << true
                                << std::numeric_limits<double>::max();
    QTest::newRow("denormal") << QByteArray("5e-324") << true << std::numeric_limits<double>::denorm_min();
    QTest::newRow("underflow reads as zero") << QByteArray("1e-400") << true << 0.0;
    QTest::newRow("long fraction") << QByteArray("0.1000000000000000055511151231257827") << true << 0.1;

    QTest::newRow("empty") << QByteArray() << false << 0.0;
    QTest::newRow("blank") << QByteArray("  ") << false << 0.0;
    QTest::newRow("point only") << QByteArray(".") << false << 0.0;
    QTest::newRow("sign only") << QByteArray("-") << false << 0.0;
    QTest::newRow("inf") << QByteArray("inf") << false << 0.0;
    QTest::newRow("-inf") << QByteArray("-inf") << false << 0.0;
    QTest::newRow("infinity") << QByteArray("Infinity") << false << 0.0;
    QTest::newRow("nan") << QByteArray("nan") << false << 0.0;
    QTest::newRow("NaN") << QByteArray("NaN") << false << 0.0;
    QTest::newRow("hex") << QByteArray("0x1A") << false << 0.0;
    QTest::newRow("hex float") << QByteArray("0x1p3") << false << 0.0;
    QTest::newRow("underscore") << QByteArray("1_000") << false << 0.0;
    QTest::newRow("decimal comma") << QByteArray("1,5") << false << 0.0;
    QTest::newRow("bad group") << QByteArray("1,23.5") << false << 0.0;
    QTest::newRow("overflow") << QByteArray("1e309") << false << 0.0;
    QTest::newRow("negative overflow") << QByteArray("-1e309") << false << 0.0;
    QTest::newRow("huge mantissa") << QByteArray(std::string(400, '9').c_str()) << false << 0.0;
    QTest::newRow("exponent without digits") << QByteArray("1e") << false << 0.0;
    QTest::newRow("exponent sign only") << QByteArray("1e+") << false << 0.0;
    QTest::newRow("exponent only") << QByteArray("e5") << false << 0.0;
    QTest::newRow("two points") << QByteArray("1.2.3") << false << 0.0;
    QTest::newRow("inner space") << QByteArray("1 .5") << false << 0.0;
    QTest::newRow("double sign") << QByteArray("--1") << false << 0.0;
    QTest::newRow("trailing text") << QByteArray("7.5 stars") << false << 0.0;
    QTest::newRow("percent") << QByteArray("75%") << false << 0.0;
}

void TestValueParsers::doubleValue()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(double, value);
    const std::optional<double> parsed = parseDouble(std::string_view(text.constData(), size_t(text.size())));
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, value); // exact: these are the correctly rounded values
}

void TestValueParsers::negativeZero()
{
    const std::optional<double> zero = parseDouble("-0");
    QVERIFY(zero.has_value());
    QCOMPARE(*zero, 0.0);
    QVERIFY(std::signbit(*zero));
    const std::optional<double> tiny = parseDouble("-1e-400");
    QVERIFY(tiny.has_value());
    QVERIFY(std::signbit(*tiny));
}

void TestValueParsers::doubleRoundTrip()
{
    // Correct rounding on values where a naive digit loop goes wrong.
    QCOMPARE(*parseDouble("0.1"), 0.1);
    QCOMPARE(*parseDouble("2.2250738585072014e-308"), std::numeric_limits<double>::min());
    QCOMPARE(*parseDouble("9007199254740993"), 9007199254740992.0);
    QCOMPARE(*parseDouble("36.34851151515149"), 36.34851151515149);
}

void TestValueParsers::date_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<DayMonthOrder>("order");
    QTest::addColumn<QDate>("expected"); // invalid QDate = nullopt
    const auto M = DayMonthOrder::MonthFirst;
    const auto D = DayMonthOrder::DayFirst;

    QTest::newRow("ISO") << QByteArray("2022-05-13") << M << QDate(2022, 5, 13);
    QTest::newRow("ISO day-first column") << QByteArray("2022-05-13") << D << QDate(2022, 5, 13);
    QTest::newRow("ISO single digits") << QByteArray("2022-5-3") << M << QDate(2022, 5, 3);
    QTest::newRow("ISO spaces") << QByteArray(" 1994-03-30 ") << M << QDate(1994, 3, 30);
    QTest::newRow("slashes year first") << QByteArray("1998/06/12") << M << QDate(1998, 6, 12);
    QTest::newRow("dots year first") << QByteArray("1998.06.12") << M << QDate(1998, 6, 12);
    QTest::newRow("leap day") << QByteArray("2024-02-29") << M << QDate(2024, 2, 29);
    QTest::newRow("leap day 2000") << QByteArray("2000-02-29") << M << QDate(2000, 2, 29);
    QTest::newRow("year 1") << QByteArray("0001-01-01") << M << QDate(1, 1, 1);
    QTest::newRow("year 9999") << QByteArray("9999-12-31") << M << QDate(9999, 12, 31);

    QTest::newRow("Mon D YYYY") << QByteArray("Jun 12 1998") << M << QDate(1998, 6, 12);
    QTest::newRow("Month D, YYYY") << QByteArray("June 12, 1998") << M << QDate(1998, 6, 12);
    QTest::newRow("D Month YYYY") << QByteArray("12 June 1998") << M << QDate(1998, 6, 12);
    QTest::newRow("D Mon YYYY") << QByteArray("3 Sep 2001") << D << QDate(2001, 9, 3);
    QTest::newRow("D-Mon-YYYY") << QByteArray("12-Jun-1998") << M << QDate(1998, 6, 12);
    QTest::newRow("Mon. D, YYYY") << QByteArray("Jun. 12, 1998") << M << QDate(1998, 6, 12);
    QTest::newRow("upper case") << QByteArray("DECEMBER 25 2000") << M << QDate(2000, 12, 25);
    QTest::newRow("lower case") << QByteArray("january 1, 2001") << M << QDate(2001, 1, 1);
    QTest::newRow("Sept") << QByteArray("Sept 9 1999") << M << QDate(1999, 9, 9);
    QTest::newRow("May") << QByteArray("May 5 2005") << M << QDate(2005, 5, 5);

    QTest::newRow("m/d/y") << QByteArray("03/04/2001") << M << QDate(2001, 3, 4);
    QTest::newRow("d/m/y") << QByteArray("03/04/2001") << D << QDate(2001, 4, 3);
    QTest::newRow("m-d-y") << QByteArray("3-4-2001") << M << QDate(2001, 3, 4);
    QTest::newRow("d.m.y") << QByteArray("13.04.2001") << D << QDate(2001, 4, 13);
    QTest::newRow("m/d/y single digits") << QByteArray("1/2/1999") << M << QDate(1999, 1, 2);

    QTest::newRow("Feb 30") << QByteArray("2023-02-30") << M << QDate();
    QTest::newRow("Feb 29 non-leap") << QByteArray("2023-02-29") << M << QDate();
    QTest::newRow("Feb 29 1900") << QByteArray("1900-02-29") << M << QDate();
    QTest::newRow("all zeros") << QByteArray("0000-00-00") << M << QDate();
    QTest::newRow("year 0") << QByteArray("0000-01-01") << M << QDate();
    QTest::newRow("month 13") << QByteArray("2023-13-01") << M << QDate();
    QTest::newRow("month 0") << QByteArray("2023-00-10") << M << QDate();
    QTest::newRow("day 32") << QByteArray("2023-01-32") << M << QDate();
    QTest::newRow("April 31") << QByteArray("2023-04-31") << M << QDate();
    QTest::newRow("five-digit year") << QByteArray("99999-01-01") << M << QDate();
    QTest::newRow("three-digit month") << QByteArray("2023-001-01") << M << QDate();
    QTest::newRow("mixed separators") << QByteArray("2023-01/05") << M << QDate();
    QTest::newRow("trailing text") << QByteArray("2023-01-05x") << M << QDate();
    QTest::newRow("time part") << QByteArray("2023-01-05T10:00") << M << QDate();
    QTest::newRow("month 13 month-first") << QByteArray("13/01/2001") << M << QDate();
    QTest::newRow("month 13 day-first") << QByteArray("01/13/2001") << D << QDate();
    QTest::newRow("two-digit year") << QByteArray("03/04/01") << M << QDate();
    QTest::newRow("Jun 31") << QByteArray("Jun 31 1998") << M << QDate();
    QTest::newRow("bad month name") << QByteArray("Jux 12 1998") << M << QDate();
    QTest::newRow("month name prefix") << QByteArray("Junuary 12 1998") << M << QDate();
    QTest::newRow("two-letter month") << QByteArray("Ju 12 1998") << M << QDate();
    QTest::newRow("no separators") << QByteArray("12June1998") << M << QDate();
    QTest::newRow("missing year") << QByteArray("June 12") << M << QDate();
    QTest::newRow("extra word") << QByteArray("June 12 1998 noon") << M << QDate();
    QTest::newRow("two month names") << QByteArray("June May 1998") << M << QDate();
    QTest::newRow("named short year") << QByteArray("June 12 98") << M << QDate();
    QTest::newRow("named five-digit year") << QByteArray("June 12 19980") << M << QDate();
    QTest::newRow("named day 3 digits") << QByteArray("June 012 1998") << M << QDate();
    QTest::newRow("bare number without serials") << QByteArray("35000") << M << QDate();
    QTest::newRow("empty") << QByteArray() << M << QDate();
    QTest::newRow("NA") << QByteArray("NA") << M << QDate();
    QTest::newRow("text") << QByteArray("soon") << M << QDate();
}

void TestValueParsers::date()
{
    QFETCH(QByteArray, text);
    QFETCH(DayMonthOrder, order);
    QFETCH(QDate, expected);
    const std::optional<QDate> parsed
        = parseDate(std::string_view(text.constData(), size_t(text.size())), order);
    QCOMPARE(parsed.has_value(), expected.isValid());
    if (expected.isValid())
        QCOMPARE(*parsed, expected);
}

void TestValueParsers::dateOrder_data()
{
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<DayMonthOrder>("order");
    QTest::newRow("no values") << QStringList() << DayMonthOrder::MonthFirst;
    QTest::newRow("ambiguous only") << QStringList {"01/02/2001", "03/04/2005"} << DayMonthOrder::MonthFirst;
    QTest::newRow("second part > 12")
        << QStringList {"01/13/2001", "03/04/2005"} << DayMonthOrder::MonthFirst;
    QTest::newRow("first part > 12 at the end")
        << QStringList {"01/02/2001", "03/04/2005", "25/12/2010"} << DayMonthOrder::DayFirst;
    QTest::newRow("dots") << QStringList {"13.04.2001"} << DayMonthOrder::DayFirst;
    QTest::newRow("ISO ignored") << QStringList {"2001-12-25", "1999-01-31"} << DayMonthOrder::MonthFirst;
    QTest::newRow("names ignored") << QStringList {"25 June 2001", "2001/12/25"} << DayMonthOrder::MonthFirst;
    QTest::newRow("mixed column follows day-first")
        << QStringList {"01/13/2001", "13/01/2001"} << DayMonthOrder::DayFirst;
    QTest::newRow("blank and junk ignored")
        << QStringList {"", "  ", "NA", "99/99"} << DayMonthOrder::MonthFirst;
}

void TestValueParsers::dateOrder()
{
    QFETCH(QStringList, cells);
    QFETCH(DayMonthOrder, order);
    DateOrderDetector detector;
    for (const QString &cell : cells) {
        const QByteArray utf8 = cell.toUtf8();
        detector.add(std::string_view(utf8.constData(), size_t(utf8.size())));
    }
    QCOMPARE(detector.order(), order);
}

void TestValueParsers::serial_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("serials");
    QTest::addColumn<QDate>("expected");
    QTest::newRow("epoch") << QByteArray("0") << true << QDate(1899, 12, 30);
    QTest::newRow("one") << QByteArray("1") << true << QDate(1899, 12, 31);
    QTest::newRow("1998-06-12") << QByteArray("35958") << true << QDate(1998, 6, 12);
    QTest::newRow("2024-07-24") << QByteArray("45497") << true << QDate(2024, 7, 24);
    QTest::newRow("fraction is time of day") << QByteArray("45497.75") << true << QDate(2024, 7, 24);
    QTest::newRow("negative") << QByteArray("-1") << true << QDate(1899, 12, 29);
    QTest::newRow("negative fraction") << QByteArray("-0.5") << true << QDate(1899, 12, 29);
    QTest::newRow("spaces") << QByteArray(" 35958 ") << true << QDate(1998, 6, 12);
    QTest::newRow("ISO still read") << QByteArray("2022-05-13") << true << QDate(2022, 5, 13);
    QTest::newRow("name still read") << QByteArray("June 12, 1998") << true << QDate(1998, 6, 12);
    QTest::newRow("past 9999") << QByteArray("3000000") << true << QDate();
    QTest::newRow("before year 1") << QByteArray("-700000") << true << QDate();
    QTest::newRow("huge") << QByteArray("1e300") << true << QDate();
    QTest::newRow("not a number") << QByteArray("12abc") << true << QDate();
    QTest::newRow("serials off") << QByteArray("35958") << false << QDate();
    QTest::newRow("fraction serials off") << QByteArray("35958.5") << false << QDate();
}

void TestValueParsers::serial()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, serials);
    QFETCH(QDate, expected);
    const std::optional<QDate> parsed = parseDate(std::string_view(text.constData(), size_t(text.size())),
                                                  DayMonthOrder::MonthFirst, serials);
    QCOMPARE(parsed.has_value(), expected.isValid());
    if (expected.isValid())
        QCOMPARE(*parsed, expected);
}

QTEST_APPLESS_MAIN(TestValueParsers)
#include "tst_valueparsers.moc"
