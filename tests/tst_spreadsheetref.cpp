// SPDX-License-Identifier: MIT
// Spreadsheet references as users paste them, A1 quoting and encoding, and the endpoint overrides.
#include "google/A1Notation.h"
#include "google/GoogleEndpoints.h"
#include "google/SpreadsheetRef.h"

#include <QTest>

using mf::google::GoogleEndpoints;
using mf::google::SpreadsheetRef;
namespace a1 = mf::google::a1;

Q_DECLARE_METATYPE(SpreadsheetRef::Kind)

namespace {
const QString Key = QStringLiteral("1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms");
}

class TestSpreadsheetRef : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void rejects_data();
    void rejects();
    void describeNeverEchoesTheQuery();
    void widToGid();

    void columnLetters();
    void quoting_data();
    void quoting();
    void encodesRangeAsOneSegment();
    void encodesPlusInQueries();

    void endpointDefaults();
    void endpointOverrides();
    void endpointRejectsPlainHttpElsewhere_data();
    void endpointRejectsPlainHttpElsewhere();
    void joinKeepsProxyPrefixAndEncoding();
};

void TestSpreadsheetRef::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<SpreadsheetRef::Kind>("kind");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("title");
    QTest::addColumn<qint64>("gid"); // -1: none

    const auto K = SpreadsheetRef::Kind::Key;
    const QString base = QStringLiteral("https://docs.google.com/spreadsheets/d/") + Key;
    QTest::newRow("edit#gid") << base + QStringLiteral("/edit#gid=0") << K << Key << QString() << qint64(0);
    QTest::newRow("edit?gid#gid") << base + QStringLiteral("/edit?gid=1613166149#gid=1613166149") << K << Key
                                  << QString() << qint64(1613166149);
    QTest::newRow("?gid only") << base + QStringLiteral("/edit?gid=42") << K << Key << QString()
                               << qint64(42);
    QTest::newRow("usp=sharing") << base + QStringLiteral("/edit?usp=sharing") << K << Key << QString()
                                 << qint64(-1);
    QTest::newRow("bare /d/ID") << base << K << Key << QString() << qint64(-1);
    QTest::newRow("trailing slash") << base + QStringLiteral("/") << K << Key << QString() << qint64(-1);
    QTest::newRow("export csv gid") << base + QStringLiteral("/export?format=csv&gid=7") << K << Key
                                    << QString() << qint64(7);
    QTest::newRow("htmlview") << base + QStringLiteral("/htmlview") << K << Key << QString() << qint64(-1);
    QTest::newRow("pubhtml") << base + QStringLiteral("/pubhtml?gid=3&single=true") << K << Key << QString()
                             << qint64(3);
    QTest::newRow("fragment with range")
        << base + QStringLiteral("/edit#gid=5&range=A1:C3") << K << Key << QString() << qint64(5);
    QTest::newRow("multi-account /u/1/")
        << QStringLiteral("https://docs.google.com/spreadsheets/u/1/d/%1/edit#gid=9").arg(Key) << K << Key
        << QString() << qint64(9);
    QTest::newRow("no scheme") << QStringLiteral("docs.google.com/spreadsheets/d/%1/edit").arg(Key) << K
                               << Key << QString() << qint64(-1);
    QTest::newRow("surrounding spaces")
        << QStringLiteral("  %1/edit#gid=0 \n").arg(base) << K << Key << QString() << qint64(0);
    QTest::newRow("old ccc?key")
        << QStringLiteral("https://docs.google.com/spreadsheet/ccc?key=%1&usp=drive_web#gid=0").arg(Key) << K
        << Key << QString() << qint64(0);
    QTest::newRow("legacy wid od6") << base + QStringLiteral("/edit#gid=od6") << K << Key << QString()
                                    << qint64(0);
    QTest::newRow("drive open?id") << QStringLiteral("https://drive.google.com/open?id=%1").arg(Key) << K
                                   << Key << QString() << qint64(-1);
    QTest::newRow("API key in query is not the sheet key")
        << base + QStringLiteral("/edit?key=AIzaSyNOTTHESHEET#gid=2") << K << Key << QString() << qint64(2);
    QTest::newRow("local fake base")
        << QStringLiteral("http://127.0.0.1:8080/spreadsheets/d/%1/edit").arg(Key) << K << Key << QString()
        << qint64(-1);
    QTest::newRow("bare key") << Key << K << Key << QString() << qint64(-1);

    const QString pub = QStringLiteral("2PACX-1vQ4Zw0yXnV1aH0P4mH9R1bUmAq9xT1h0w0ZlFtZ3G8");
    QTest::newRow("publish pubhtml")
        << QStringLiteral("https://docs.google.com/spreadsheets/d/e/%1/pubhtml").arg(pub)
        << SpreadsheetRef::Kind::PublishedKey << pub << QString() << qint64(-1);
    QTest::newRow("publish csv")
        << QStringLiteral("https://docs.google.com/spreadsheets/d/e/%1/pub?gid=0&single=true&output=csv")
               .arg(pub)
        << SpreadsheetRef::Kind::PublishedKey << pub << QString() << qint64(0);
    QTest::newRow("bare publish key")
        << pub << SpreadsheetRef::Kind::PublishedKey << pub << QString() << qint64(-1);

    const auto T = SpreadsheetRef::Kind::Title;
    QTest::newRow("title") << QStringLiteral("movie") << T << QString() << QStringLiteral("movie")
                           << qint64(-1);
    QTest::newRow("title with spaces") << QStringLiteral(" Movies 2024 (final) ") << T << QString()
                                       << QStringLiteral("Movies 2024 (final)") << qint64(-1);
    QTest::newRow("title with quote")
        << QStringLiteral("It's a list") << T << QString() << QStringLiteral("It's a list") << qint64(-1);
    QTest::newRow("short word is a title")
        << QStringLiteral("budget_2024") << T << QString() << QStringLiteral("budget_2024") << qint64(-1);
}

void TestSpreadsheetRef::parse()
{
    QFETCH(QString, text);
    QFETCH(SpreadsheetRef::Kind, kind);
    QFETCH(QString, key);
    QFETCH(QString, title);
    QFETCH(qint64, gid);

    const mf::Result<SpreadsheetRef> ref = SpreadsheetRef::parse(text);
    QVERIFY2(ref.ok(), qPrintable(ref.error().message));
    QCOMPARE(ref.value().kind, kind);
    QCOMPARE(ref.value().key, key);
    QCOMPARE(ref.value().title, title);
    QCOMPARE(ref.value().gid.value_or(-1), gid);
}

void TestSpreadsheetRef::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("spaces") << QStringLiteral("   ");
    QTest::newRow("other site") << QStringLiteral("http://example.org");
    QTest::newRow("google but not a sheet")
        << QStringLiteral("https://docs.google.com/document/d/%1/edit").arg(Key);
    QTest::newRow("api key alone in a url") << QStringLiteral("https://example.com/x?key=%1").arg(Key);
}

void TestSpreadsheetRef::rejects()
{
    QFETCH(QString, text);
    const mf::Result<SpreadsheetRef> ref = SpreadsheetRef::parse(text);
    QVERIFY(!ref.ok());
    QCOMPARE(ref.error().kind, mf::ErrorKind::Usage);
    QVERIFY(ref.error().message.endsWith(QLatin1Char('.')));
}

void TestSpreadsheetRef::describeNeverEchoesTheQuery()
{
    const mf::Result<SpreadsheetRef> ref = SpreadsheetRef::parse(
        QStringLiteral("https://docs.google.com/spreadsheets/d/%1/edit?key=AIzaSySECRET&gid=4").arg(Key));
    QVERIFY(ref.ok());
    QVERIFY(!ref.value().describe().contains(QStringLiteral("AIzaSySECRET")));
    QCOMPARE(ref.value().describe(),
             QStringLiteral("https://docs.google.com/spreadsheets/d/%1/edit#gid=4").arg(Key));
}

void TestSpreadsheetRef::widToGid()
{
    // gspread's tests: od6 → 0, osyqnsz → 1751403737.
    QCOMPARE(SpreadsheetRef::gidFromWid(QStringLiteral("od6")).value_or(-1), qint64(0));
    QCOMPARE(SpreadsheetRef::gidFromWid(QStringLiteral("osyqnsz")).value_or(-1), qint64(1751403737));
    QVERIFY(!SpreadsheetRef::gidFromWid(QStringLiteral("no way!")));
}

void TestSpreadsheetRef::columnLetters()
{
    QCOMPARE(a1::columnLetters(1), QStringLiteral("A"));
    QCOMPARE(a1::columnLetters(26), QStringLiteral("Z"));
    QCOMPARE(a1::columnLetters(27), QStringLiteral("AA"));
    QCOMPARE(a1::columnLetters(52), QStringLiteral("AZ"));
    QCOMPARE(a1::columnLetters(702), QStringLiteral("ZZ"));
    QCOMPARE(a1::columnLetters(703), QStringLiteral("AAA"));
    QCOMPARE(a1::columnLetters(18278), QStringLiteral("ZZZ"));
}

void TestSpreadsheetRef::quoting_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("range");
    QTest::newRow("plain") << QStringLiteral("Sheet1") << QStringLiteral("'Sheet1'!A1:Z100");
    QTest::newRow("looks like a cell") << QStringLiteral("D3") << QStringLiteral("'D3'!A1:Z100");
    QTest::newRow("apostrophe doubled") << QStringLiteral("Sheet'1") << QStringLiteral("'Sheet''1'!A1:Z100");
    QTest::newRow("two apostrophes") << QStringLiteral("'quoted'") << QStringLiteral("'''quoted'''!A1:Z100");
    QTest::newRow("spaces and emoji")
        << QStringLiteral("🌵 movies 1") << QStringLiteral("'🌵 movies 1'!A1:Z100");
    QTest::newRow("bang and colon") << QStringLiteral("a!b:c") << QStringLiteral("'a!b:c'!A1:Z100");
}

void TestSpreadsheetRef::quoting()
{
    QFETCH(QString, title);
    QFETCH(QString, range);
    QCOMPARE(a1::rowRange(title, 1, 100, 26), range);
}

void TestSpreadsheetRef::encodesRangeAsOneSegment()
{
    // GOOGLE.md §1.1: 'Sheet1'!A1:D4 goes out as %27Sheet1%27%21A1%3AD4; '/', '#', '?' are encoded too.
    QCOMPARE(a1::encodePathSegment(QStringLiteral("'Sheet1'!A1:D4")),
             QStringLiteral("%27Sheet1%27%21A1%3AD4"));
    QCOMPARE(a1::encodePathSegment(QStringLiteral("'a/b#c?d'!A1")),
             QStringLiteral("%27a%2Fb%23c%3Fd%27%21A1"));
    QCOMPARE(a1::encodePathSegment(QStringLiteral("'A+B C'!A1")), QStringLiteral("%27A%2BB%20C%27%21A1"));
}

void TestSpreadsheetRef::encodesPlusInQueries()
{
    const QString query = a1::buildQuery({{QStringLiteral("ranges"), QStringLiteral("'A+B C#1'!A1:B2")},
                                          {QStringLiteral("fields"), QStringLiteral("a,b(c,d)")}});
    QVERIFY(query.contains(QStringLiteral("%2B")));
    QVERIFY(!query.contains(QLatin1Char('+')));
    QVERIFY(!query.contains(QLatin1Char(' ')));
    QVERIFY(!query.contains(QLatin1Char('#')));
    QCOMPARE(query, QStringLiteral("ranges=%27A%2BB%20C%231%27%21A1%3AB2&fields=a%2Cb%28c%2Cd%29"));
}

void TestSpreadsheetRef::endpointDefaults()
{
    for (const char *name :
         {"MOVIEFLOW_GOOGLE_SHEETS_URL", "MOVIEFLOW_GOOGLE_DRIVE_URL", "MOVIEFLOW_GOOGLE_DOCS_URL",
          "MOVIEFLOW_GOOGLE_TOKEN_URL", "MOVIEFLOW_GOOGLE_AUTH_URL"})
        qunsetenv(name);
    const mf::Result<GoogleEndpoints> endpoints = GoogleEndpoints::fromEnvironment();
    QVERIFY(endpoints.ok());
    QCOMPARE(endpoints.value().sheets, QUrl(QStringLiteral("https://sheets.googleapis.com")));
    QCOMPARE(endpoints.value().drive, QUrl(QStringLiteral("https://www.googleapis.com")));
    QCOMPARE(endpoints.value().docs, QUrl(QStringLiteral("https://docs.google.com")));
    QCOMPARE(endpoints.value().token, QUrl(QStringLiteral("https://oauth2.googleapis.com/token")));
    QCOMPARE(endpoints.value().auth, QUrl(QStringLiteral("https://accounts.google.com/o/oauth2/v2/auth")));
}

void TestSpreadsheetRef::endpointOverrides()
{
    qputenv("MOVIEFLOW_GOOGLE_SHEETS_URL", "http://127.0.0.1:4567");
    qputenv("MOVIEFLOW_GOOGLE_DRIVE_URL", "http://localhost:4568/drive-proxy");
    qputenv("MOVIEFLOW_GOOGLE_DOCS_URL", "https://docs.example.com");
    qputenv("MOVIEFLOW_GOOGLE_TOKEN_URL", "http://[::1]:9/token");
    const mf::Result<GoogleEndpoints> endpoints = GoogleEndpoints::fromEnvironment();
    qunsetenv("MOVIEFLOW_GOOGLE_SHEETS_URL");
    qunsetenv("MOVIEFLOW_GOOGLE_DRIVE_URL");
    qunsetenv("MOVIEFLOW_GOOGLE_DOCS_URL");
    qunsetenv("MOVIEFLOW_GOOGLE_TOKEN_URL");
    QVERIFY2(endpoints.ok(), qPrintable(endpoints.error().message));
    QCOMPARE(endpoints.value().sheets, QUrl(QStringLiteral("http://127.0.0.1:4567")));
    QCOMPARE(endpoints.value().drive, QUrl(QStringLiteral("http://localhost:4568/drive-proxy")));
    QCOMPARE(endpoints.value().docs, QUrl(QStringLiteral("https://docs.example.com")));
    QCOMPARE(endpoints.value().token, QUrl(QStringLiteral("http://[::1]:9/token")));
    QCOMPARE(endpoints.value().auth, QUrl(QStringLiteral("https://accounts.google.com/o/oauth2/v2/auth")));
}

void TestSpreadsheetRef::endpointRejectsPlainHttpElsewhere_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("http remote") << QByteArray("http://sheets.example.com");
    QTest::newRow("http lan") << QByteArray("http://192.168.1.10:8080");
    QTest::newRow("http loopback lookalike") << QByteArray("http://127.0.0.1.evil.com");
    QTest::newRow("ftp") << QByteArray("ftp://127.0.0.1");
    QTest::newRow("no host") << QByteArray("https://");
    QTest::newRow("with query") << QByteArray("https://proxy.example.com/?x=1");
}

void TestSpreadsheetRef::endpointRejectsPlainHttpElsewhere()
{
    QFETCH(QByteArray, value);
    qputenv("MOVIEFLOW_GOOGLE_SHEETS_URL", value);
    const mf::Result<GoogleEndpoints> endpoints = GoogleEndpoints::fromEnvironment();
    qunsetenv("MOVIEFLOW_GOOGLE_SHEETS_URL");
    QVERIFY(!endpoints.ok());
    QCOMPARE(endpoints.error().kind, mf::ErrorKind::Google);
    QVERIFY2(endpoints.error().message.contains(QStringLiteral("MOVIEFLOW_GOOGLE_SHEETS_URL")),
             qPrintable(endpoints.error().message));
}

void TestSpreadsheetRef::joinKeepsProxyPrefixAndEncoding()
{
    const QUrl url = GoogleEndpoints::join(QUrl(QStringLiteral("https://proxy.example.com/google/")),
                                           QStringLiteral("/v4/spreadsheets/ID/values/%27a%2Fb%27%21A1"),
                                           QStringLiteral("x=%2B"));
    QCOMPARE(url.toEncoded(),
             QByteArray("https://proxy.example.com/google/v4/spreadsheets/ID/values/%27a%2Fb%27%21A1?x=%2B"));
}

QTEST_GUILESS_MAIN(TestSpreadsheetRef)
#include "tst_spreadsheetref.moc"
