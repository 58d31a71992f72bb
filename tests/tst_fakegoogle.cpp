// SPDX-License-Identifier: MIT
// The fake Google checked against what the real one answers (GOOGLE.md §1–§4, recorded responses):
// trimming, echoed ranges, field masks, error bodies, Drive paging and the export redirects.
#include "FakeGoogleServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace mf::fakegoogle;

namespace {

const QString Token = QStringLiteral("ya29.fake");

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray location;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

} // namespace

class TestFakeGoogle : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void trimsLikeTheRecordedResponse();
    void emptyRangesHaveNoValuesKey();
    void echoesRangesResolvedAgainstTheGrid_data();
    void echoesRangesResolvedAgainstTheGrid();
    void rangeErrors();
    void rendersUnformattedAndFormattedValues();
    void batchGetDecodesPlusAsSpace();
    void metadataWithAndWithoutMask();
    void maskErrors();
    void errorBodiesAreGoogleShaped();
    void driveListsPagesAndHonoursFields();
    void exportRedirects();

private:
    Answer get(const QString &pathAndQuery, const QByteArray &token = Token.toUtf8(), bool follow = false);
    QString m_id;
    std::unique_ptr<FakeGoogleServer> m_fake;
    QNetworkAccessManager m_manager;
};

void TestFakeGoogle::init()
{
    m_fake = std::make_unique<FakeGoogleServer>();
    QVERIFY(m_fake->start());
    m_fake->addToken(Token, QStringLiteral("ana@example.com"));
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = QStringLiteral("Recorded");
    FakeWorksheet sheet;
    sheet.title = QStringLiteral("Sheet1");
    // WorksheetTest.test_get_all_values_title_is_a1_notation: A1 B1 _ D1 / _ b2 / (empty) / A4 B4 _ d4
    sheet.cells = {{QStringLiteral("A1"), QStringLiteral("B1"), QString(), QStringLiteral("D1")},
                   {QString(), QStringLiteral("b2")},
                   {},
                   {QStringLiteral("A4"), QStringLiteral("B4"), QString(), QStringLiteral("d4")}};
    sheet.fitGrid(); // 1000 × 26, like a new sheet
    spreadsheet.sheets.append(sheet);
    FakeWorksheet d3;
    d3.title = QStringLiteral("D3");
    d3.sheetId = 1613166149;
    d3.rowCount = 6;
    d3.columnCount = 4;
    d3.cells
        = {{QStringLiteral("2"), QStringLiteral("2020-01-01"), QStringLiteral("1.5"), QStringLiteral("TRUE")},
           {QStringLiteral("x")}};
    spreadsheet.sheets.append(d3);
    FakeWorksheet hidden;
    hidden.title = QStringLiteral("🌵 cactus 1");
    hidden.sheetId = 99;
    hidden.hidden = true;
    spreadsheet.sheets.append(hidden);
    spreadsheet.sharedWith = {QStringLiteral("ana@example.com")};
    m_id = m_fake->addSpreadsheet(spreadsheet);
}

void TestFakeGoogle::cleanup()
{
    m_fake.reset();
}

Answer TestFakeGoogle::get(const QString &pathAndQuery, const QByteArray &token, bool follow)
{
    QNetworkRequest request(QUrl::fromEncoded((m_fake->baseUrl().toString() + pathAndQuery).toUtf8()));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         follow ? QNetworkRequest::NoLessSafeRedirectPolicy
                                : QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_manager.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.contentType = reply->rawHeader("Content-Type");
    answer.location = reply->rawHeader("Location");
    reply->deleteLater();
    return answer;
}

void TestFakeGoogle::trimsLikeTheRecordedResponse()
{
    const Answer answer = get(QStringLiteral("/v4/spreadsheets/%1/values/Sheet1").arg(m_id));
    QCOMPARE(answer.status, 200);
    const QJsonObject json = answer.json();
    QCOMPARE(json.value(QStringLiteral("range")).toString(), QStringLiteral("Sheet1!A1:Z1000"));
    QCOMPARE(json.value(QStringLiteral("majorDimension")).toString(), QStringLiteral("ROWS"));
    QCOMPARE(QJsonDocument(json.value(QStringLiteral("values")).toArray()).toJson(QJsonDocument::Compact),
             QByteArray(R"([["A1","B1","","D1"],["","b2"],[],["A4","B4","","d4"]])"));
}

void TestFakeGoogle::emptyRangesHaveNoValuesKey()
{
    const Answer rows = get(QStringLiteral("/v4/spreadsheets/%1/values/%27Sheet1%27%21A10%3AZ20").arg(m_id));
    QCOMPARE(rows.status, 200);
    QCOMPARE(rows.json(),
             (QJsonObject {{QStringLiteral("range"), QStringLiteral("Sheet1!A10:Z20")},
                           {QStringLiteral("majorDimension"), QStringLiteral("ROWS")}}));
    const Answer cell = get(QStringLiteral("/v4/spreadsheets/%1/values/Sheet1%21C1").arg(m_id));
    QCOMPARE(cell.json(),
             (QJsonObject {{QStringLiteral("range"), QStringLiteral("Sheet1!C1")},
                           {QStringLiteral("majorDimension"), QStringLiteral("ROWS")}}));
}

void TestFakeGoogle::echoesRangesResolvedAgainstTheGrid_data()
{
    QTest::addColumn<QString>("range");
    QTest::addColumn<QString>("echo");
    QTest::newRow("whole sheet, quoted") << QStringLiteral("'Sheet1'") << QStringLiteral("Sheet1!A1:Z1000");
    QTest::newRow("cell-like title is quoted") << QStringLiteral("'D3'") << QStringLiteral("'D3'!A1:D6");
    QTest::newRow("single cell as A1:A1") << QStringLiteral("Sheet1!A1:A1") << QStringLiteral("Sheet1!A1");
    QTest::newRow("end clamped") << QStringLiteral("Sheet1!A1:AA5") << QStringLiteral("Sheet1!A1:Z5");
    QTest::newRow("whole columns") << QStringLiteral("'D3'!B:C") << QStringLiteral("'D3'!B1:C6");
    QTest::newRow("whole rows") << QStringLiteral("'D3'!2:3") << QStringLiteral("'D3'!A2:D3");
    QTest::newRow("no sheet: first visible") << QStringLiteral("A1:B2") << QStringLiteral("Sheet1!A1:B2");
    QTest::newRow("non-ascii title") << QStringLiteral("'🌵 cactus 1'!A1:A10")
                                     << QStringLiteral("'🌵 cactus 1'!A1:A10");
}

void TestFakeGoogle::echoesRangesResolvedAgainstTheGrid()
{
    QFETCH(QString, range);
    QFETCH(QString, echo);
    const Answer answer = get(QStringLiteral("/v4/spreadsheets/%1/values/%2")
                                  .arg(m_id, QString::fromLatin1(QUrl::toPercentEncoding(range))));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value(QStringLiteral("range")).toString(), echo);
}

void TestFakeGoogle::rangeErrors()
{
    Answer answer
        = get(QStringLiteral("/v4/spreadsheets/%1/values/%2")
                  .arg(m_id, QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("'D3'!A7:D9")))));
    QCOMPARE(answer.status, 400);
    QCOMPARE(
        answer.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
        QStringLiteral("Range ('D3'!A7:D9) exceeds grid limits. Max rows: 6, max columns: 4"));
    answer = get(QStringLiteral("/v4/spreadsheets/%1/values/%2")
                     .arg(m_id, QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("'Nope'!A1")))));
    QCOMPARE(answer.status, 400);
    QCOMPARE(
        answer.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
        QStringLiteral("Unable to parse range: 'Nope'!A1"));
}

void TestFakeGoogle::rendersUnformattedAndFormattedValues()
{
    const QString path = QStringLiteral("/v4/spreadsheets/%1/values/%27D3%27").arg(m_id);
    Answer answer = get(path + QStringLiteral("?valueRenderOption=UNFORMATTED_VALUE"));
    QCOMPARE(
        QJsonDocument(answer.json().value(QStringLiteral("values")).toArray()).toJson(QJsonDocument::Compact),
        QByteArray(R"([[2,43831,1.5,true],["x"]])")); // 2020-01-01 is serial 43831
    answer = get(
        path + QStringLiteral("?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING"));
    QCOMPARE(answer.json().value(QStringLiteral("values")).toArray().at(0).toArray().at(1).toString(),
             QStringLiteral("2020-01-01"));
    answer = get(path);
    QCOMPARE(
        QJsonDocument(answer.json().value(QStringLiteral("values")).toArray()).toJson(QJsonDocument::Compact),
        QByteArray(R"([["2","2020-01-01","1.5","TRUE"],["x"]])"));
    answer = get(path + QStringLiteral("?valueRenderOption=RAW"));
    QCOMPARE(answer.status, 400);
    QVERIFY(answer.json()
                .value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .startsWith(QStringLiteral("Invalid value at 'value_render_option'")));
}

void TestFakeGoogle::batchGetDecodesPlusAsSpace()
{
    // ranges=%F0%9F%8C%B5+cactus+1%21A%3AA: '+' is a space, as in the recorded batchGet.
    const Answer answer
        = get(QStringLiteral("/v4/spreadsheets/%1/values:batchGet?ranges=%27D3%27%21A1&ranges="
                             "%27%F0%9F%8C%B5+cactus+1%27%21A%3AA")
                  .arg(m_id));
    QCOMPARE(answer.status, 200);
    const QJsonArray ranges = answer.json().value(QStringLiteral("valueRanges")).toArray();
    QCOMPARE(ranges.size(), 2);
    QCOMPARE(ranges.at(0).toObject().value(QStringLiteral("range")).toString(), QStringLiteral("'D3'!A1"));
    QCOMPARE(ranges.at(1).toObject().value(QStringLiteral("range")).toString(),
             QStringLiteral("'🌵 cactus 1'!A1:A1000"));
    QCOMPARE(answer.json().value(QStringLiteral("spreadsheetId")).toString(), m_id);
}

void TestFakeGoogle::metadataWithAndWithoutMask()
{
    Answer answer = get(QStringLiteral("/v4/spreadsheets/%1").arg(m_id));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value(QStringLiteral("spreadsheetUrl")).toString(),
             QStringLiteral("https://docs.google.com/spreadsheets/d/%1/edit").arg(m_id));
    const QJsonArray sheets = answer.json().value(QStringLiteral("sheets")).toArray();
    QCOMPARE(sheets.size(), 3);
    const QJsonObject first = sheets.at(0).toObject().value(QStringLiteral("properties")).toObject();
    QCOMPARE(first.value(QStringLiteral("sheetId")), QJsonValue(0)); // written although it is the default
    QCOMPARE(first.value(QStringLiteral("index")), QJsonValue(0));
    QVERIFY(!first.contains(QStringLiteral("hidden"))); // false is left out
    QCOMPARE(sheets.at(2)
                 .toObject()
                 .value(QStringLiteral("properties"))
                 .toObject()
                 .value(QStringLiteral("hidden")),
             QJsonValue(true));

    answer = get(QStringLiteral("/v4/spreadsheets/%1?fields=sheets.properties(sheetId%2Ctitle)").arg(m_id));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().keys(), QStringList {QStringLiteral("sheets")});
    QCOMPARE(answer.json().value(QStringLiteral("sheets")).toArray().at(1).toObject(),
             (QJsonObject {{QStringLiteral("properties"),
                            QJsonObject {{QStringLiteral("sheetId"), 1613166149},
                                         {QStringLiteral("title"), QStringLiteral("D3")}}}}));
}

void TestFakeGoogle::maskErrors()
{
    Answer answer
        = get(QStringLiteral("/v4/spreadsheets/%1?fields=sheets.properties(sheetId,%20title)").arg(m_id));
    QCOMPARE(answer.status, 400);
    QCOMPARE(
        answer.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
        QStringLiteral("Request contains an invalid argument."));
    answer = get(QStringLiteral("/v4/spreadsheets/%1?fields=sheets.propertie").arg(m_id));
    QCOMPARE(answer.status, 400);
    const QJsonObject violation = answer.json()
                                      .value(QStringLiteral("error"))
                                      .toObject()
                                      .value(QStringLiteral("details"))
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(QStringLiteral("fieldViolations"))
                                      .toArray()
                                      .at(0)
                                      .toObject();
    QCOMPARE(violation.value(QStringLiteral("description")).toString(),
             QStringLiteral("Error expanding 'fields' parameter. Cannot find matching fields for path "
                            "'sheets.propertie'."));
}

void TestFakeGoogle::errorBodiesAreGoogleShaped()
{
    const Answer missing = get(QStringLiteral("/v4/spreadsheets/test"));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.contentType, QByteArray("application/json; charset=UTF-8"));
    QVERIFY(missing.body.endsWith("}\n"));
    QVERIFY(missing.body.contains("\n  \"error\": {\n    \"code\": 404,"));
    const QJsonObject error = missing.json().value(QStringLiteral("error")).toObject();
    QCOMPARE(error,
             (QJsonObject {{QStringLiteral("code"), 404},
                           {QStringLiteral("message"), QStringLiteral("Requested entity was not found.")},
                           {QStringLiteral("status"), QStringLiteral("NOT_FOUND")}}));
    QVERIFY(!error.contains(QStringLiteral("errors"))); // Sheets has no errors[]

    const Answer anonymous = get(QStringLiteral("/v4/spreadsheets/%1").arg(m_id), QByteArray());
    QCOMPARE(anonymous.status, 403);
    QVERIFY(anonymous.json()
                .value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("unregistered callers")));
    const Answer expired = get(QStringLiteral("/v4/spreadsheets/%1").arg(m_id), "ya29.expired");
    QCOMPARE(expired.status, 401);
    QCOMPARE(
        expired.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("status")).toString(),
        QStringLiteral("UNAUTHENTICATED"));

    m_fake->injectFault({Fault::Kind::Status, 429, 7, 0, QString(), 1});
    const Answer quota = get(QStringLiteral("/v4/spreadsheets/%1").arg(m_id));
    QCOMPARE(quota.status, 429);
    QVERIFY(quota.json()
                .value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("'Read requests'")));

    const Answer drive = get(QStringLiteral("/drive/v3/files?pageSize=0"));
    QCOMPARE(drive.status, 400);
    const QJsonObject driveError = drive.json().value(QStringLiteral("error")).toObject();
    QCOMPARE(driveError.value(QStringLiteral("errors"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("reason"))
                 .toString(),
             QStringLiteral("invalidParameter")); // Drive always carries errors[]
}

void TestFakeGoogle::driveListsPagesAndHonoursFields()
{
    for (int i = 0; i < 3; ++i) {
        FakeSpreadsheet s;
        s.title = QStringLiteral("movie");
        s.id = QStringLiteral("1movie%1").arg(i).leftJustified(44, QLatin1Char('x'));
        s.sharedWith = {QStringLiteral("ana@example.com")};
        m_fake->addSpreadsheet(s);
    }
    m_fake->setDriveMaxPageSize(2);
    const QString q = QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral(
        "mimeType = 'application/vnd.google-apps.spreadsheet' and name = 'movie' and trashed = false")));
    Answer page = get(
        QStringLiteral("/drive/v3/files?q=%1&pageSize=1000&fields=nextPageToken%2Cfiles(id%2Cname)").arg(q));
    QCOMPARE(page.status, 200);
    QCOMPARE(page.json().value(QStringLiteral("files")).toArray().size(), 2);
    const QString token = page.json().value(QStringLiteral("nextPageToken")).toString();
    QVERIFY(!token.isEmpty());
    QVERIFY(!page.json().contains(QStringLiteral("kind"))); // not in the mask
    page = get(QStringLiteral("/drive/v3/files?q=") + q
               + QStringLiteral("&fields=nextPageToken%2Cfiles(id)&pageToken=")
               + QString::fromLatin1(QUrl::toPercentEncoding(token)));
    QCOMPARE(page.json().value(QStringLiteral("files")).toArray().size(), 1);
    QVERIFY(!page.json().contains(QStringLiteral("nextPageToken")));
    // Without nextPageToken in the mask the token is left out and paging silently stops.
    page = get(QStringLiteral("/drive/v3/files?q=%1&fields=files(id)").arg(q));
    QVERIFY(!page.json().contains(QStringLiteral("nextPageToken")));
    // A title nobody has: an empty list, as recorded.
    page = get(QStringLiteral("/drive/v3/files?q=name%20%3D%20%27none%27"));
    QCOMPARE(page.json().value(QStringLiteral("files")).toArray().size(), 0);
    QCOMPARE(page.json().value(QStringLiteral("kind")).toString(), QStringLiteral("drive#fileList"));
}

void TestFakeGoogle::exportRedirects()
{
    Answer answer = get(QStringLiteral("/spreadsheets/d/%1/export?format=csv&gid=0").arg(m_id), QByteArray());
    QCOMPARE(answer.status, 302); // private: to the sign-in page
    QVERIFY(answer.location.contains("/ServiceLogin?service=wise&passive=1209600&continue="));
    answer = get(QStringLiteral("/spreadsheets/d/%1/export?format=csv&gid=0").arg(m_id), QByteArray(), true);
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.contentType.contains("text/html"));

    m_fake->setAnyoneWithLink(m_id, true);
    answer = get(QStringLiteral("/spreadsheets/d/%1/export?format=csv&gid=0").arg(m_id), QByteArray());
    QCOMPARE(answer.status, 307);
    QVERIFY(answer.location.contains("/export-download/"));
    answer = get(QStringLiteral("/spreadsheets/d/%1/export?format=csv&gid=0").arg(m_id), QByteArray(), true);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body,
             QByteArray("A1,B1,,D1\r\n,b2,,\r\n,,,\r\nA4,B4,,d4")); // no line end after the last row
}

QTEST_GUILESS_MAIN(TestFakeGoogle)
#include "tst_fakegoogle.moc"
