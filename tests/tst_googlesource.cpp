// SPDX-License-Identifier: MIT
// Google Sheets as a pipeline source: the public CSV export against the fake Google, the choice of
// credentials per access, endpoint overrides, and what SourceSpec lets out (never a secret).
#include "CsvReader.h"
#include "FakeGoogleServer.h"
#include "FixedTokenCredentials.h"
#include "Source.h"
#include "google/GoogleSheetSource.h"
#include "google/PublicSheetExport.h"

#include <QFile>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

using namespace mf;
using namespace mf::google;
using mf::fakegoogle::FakeGoogleServer;
using mf::fakegoogle::FakeSpreadsheet;
using mf::fakegoogle::FakeWorksheet;
using mf::fakegoogle::Fault;
using mf::fakegoogle::FixedTokenCredentials;

namespace {

const QString Ana = QStringLiteral("ana@example.com");
const QString AnaToken = QStringLiteral("ya29.ana");
const QString ApiKey = QStringLiteral("AIzaSyFAKE-source-key-123");

Result<DataTable> readOnWorker(const SourceSpec &source, const SheetReadOptions &options = {})
{
    QFutureWatcher<Result<DataTable>> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(
        QtConcurrent::run([source, options] { return readGoogleSheet(source, StepContext {}, options); }));
    if (!watcher.isFinished() && !finished.wait(60000))
        qFatal("The Google read did not finish");
    return watcher.result();
}

SheetReadOptions fastOptions()
{
    SheetReadOptions options;
    options.http.retry.initialDelayMs = 10;
    options.http.retry.maxDelayMs = 50;
    options.http.retry.maxTotalMs = 5000;
    return options;
}

FakeWorksheet worksheet(const QString &title, const QList<QStringList> &rows, qint64 sheetId = 0)
{
    FakeWorksheet sheet;
    sheet.title = title;
    sheet.sheetId = sheetId;
    sheet.cells = rows;
    sheet.fitGrid();
    return sheet;
}

} // namespace

class TestGoogleSource : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void publicReadsTheMovieSheetLikeTheCsv();
    void publicPrivateSheetIsNeverParsed();
    void publicAnswerThatIsNotCsvIsRefused_data();
    void publicAnswerThatIsNotCsvIsRefused();
    void publicChoosesTheWorksheetByGid();
    void publicRejectsAWorksheetName();
    void publicUnknownSheet();
    void publicPublishedToTheWeb();
    void publicSurvivesADroppedDownload();
    void publicEmptyAndHeaderOnly();

    void accountWithoutSignInSaysSignInFirst();
    void accountProvidersAreUsed();
    void apiKeyThroughReadSource();
    void badEndpointOverrideIsAGoogleError();
    void specNeverCarriesTheSecretOut();

private:
    QString addTabs(bool anyone);
    std::unique_ptr<FakeGoogleServer> m_fake;
};

void TestGoogleSource::init()
{
    m_fake = std::make_unique<FakeGoogleServer>();
    QVERIFY(m_fake->start());
    m_fake->addToken(AnaToken, Ana);
    m_fake->addApiKey(ApiKey);
    const QByteArray base = m_fake->baseUrl().toString().toLatin1();
    qputenv("MOVIEFLOW_GOOGLE_SHEETS_URL", base);
    qputenv("MOVIEFLOW_GOOGLE_DRIVE_URL", base);
    qputenv("MOVIEFLOW_GOOGLE_DOCS_URL", base);
    setAccountCredentialProviders({});
}

void TestGoogleSource::cleanup()
{
    setAccountCredentialProviders({});
    m_fake.reset();
}

QString TestGoogleSource::addTabs(bool anyone)
{
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = QStringLiteral("films");
    spreadsheet.sheets.append(
        worksheet(QStringLiteral("first"), {{QStringLiteral("title")}, {QStringLiteral("one")}}));
    spreadsheet.sheets.append(worksheet(QStringLiteral("second"),
                                        {{QStringLiteral("title"), QStringLiteral("note")},
                                         {QStringLiteral("two"), QStringLiteral("a, \"quoted\"\nline")}},
                                        98765));
    spreadsheet.anyoneWithLink = anyone;
    spreadsheet.sharedWith = {Ana};
    return m_fake->addSpreadsheet(spreadsheet);
}

void TestGoogleSource::publicReadsTheMovieSheetLikeTheCsv()
{
    const QString csvPath = QStringLiteral(MOVIEFLOW_REAL_DATA);
    if (!QFile::exists(csvPath))
        QSKIP("The real data (../shared/data/movie.csv) is not here.");
    const QString id = m_fake->addCsvSpreadsheet(QStringLiteral("movie"), csvPath);
    m_fake->setAnyoneWithLink(id, true);

    const SourceSpec source = SourceSpec::googleSheet(
        QStringLiteral("https://docs.google.com/spreadsheets/d/%1/edit?usp=sharing").arg(id),
        GoogleAccess::Public);
    const Result<DataTable> sheet = readOnWorker(source);
    QVERIFY2(sheet.ok(), qPrintable(sheet.error().message));
    const Result<DataTable> csv = CsvReader::readFile(csvPath);
    QVERIFY(csv.ok());
    QCOMPARE(sheet.value().headers(), csv.value().headers());
    QCOMPARE(sheet.value().rowCount(), csv.value().rowCount());
    for (qsizetype r = 0; r < csv.value().rowCount(); ++r) {
        for (int c = 0; c < csv.value().columnCount(); ++c) {
            if (sheet.value().cell(r, c) != csv.value().cell(r, c))
                QFAIL(qPrintable(QStringLiteral("row %1 column %2 differs").arg(r).arg(c)));
        }
    }
    QVERIFY(!sheet.value().numericDatesAreSerials());
    QCOMPARE(sheet.value().sourceName(), QStringLiteral("movie"));
    // The export answered 307 and the download came from the second address; no API call, no credential.
    // (Qt 6.4 now and then sends the first GET of a redirect chain twice on one connection, so counts
    // are lower bounds here.)
    QVERIFY(m_fake->requests(QStringLiteral("/export")).size() >= 2); // the export and the download
    QVERIFY(m_fake->requests(QStringLiteral("/export-download/")).size() >= 1);
    QVERIFY(m_fake->requests(QStringLiteral("/v4/")).isEmpty());
    for (const fakegoogle::RecordedRequest &request : m_fake->requests())
        QVERIFY(!request.headers.contains("authorization") && !request.headers.contains("x-goog-api-key"));
}

void TestGoogleSource::publicPrivateSheetIsNeverParsed()
{
    const QString id = addTabs(false);
    const Result<DataTable> table = readOnWorker(SourceSpec::googleSheet(id, GoogleAccess::Public));
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QCOMPARE(table.error().message,
             QStringLiteral("This sheet is not public — sign in or share it with 'Anyone with the link'."));
    // Qt followed the 302 to the sign-in page, which answered HTML 200.
    QCOMPARE(m_fake->requests(QStringLiteral("/ServiceLogin")).size(), 1);
}

void TestGoogleSource::publicAnswerThatIsNotCsvIsRefused_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QUrl>("finalUrl");
    QTest::newRow("html 200") << 200 << QByteArray("text/html")
                              << QUrl(QStringLiteral("https://docs.google.com/x"));
    QTest::newRow("sign-in host, csv type")
        << 200 << QByteArray("text/csv")
        << QUrl(QStringLiteral("https://accounts.google.com/v3/signin/identifier"));
    QTest::newRow("json") << 200 << QByteArray("application/json")
                          << QUrl(QStringLiteral("https://docs.google.com/x"));
    QTest::newRow("403") << 403 << QByteArray("text/html")
                         << QUrl(QStringLiteral("https://docs.google.com/x"));
    QTest::newRow("401") << 401 << QByteArray("text/html")
                         << QUrl(QStringLiteral("https://docs.google.com/x"));
}

void TestGoogleSource::publicAnswerThatIsNotCsvIsRefused()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QUrl, finalUrl);
    HttpResponse response;
    response.status = status;
    response.contentType = contentType;
    response.finalUrl = finalUrl;
    response.body = "title,year\nNot,data\n";
    const SpreadsheetRef ref
        = SpreadsheetRef::parse(QStringLiteral("1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms")).value();
    const Result<DataTable> table
        = PublicSheetExport::parseResponse(response, ref, std::nullopt, StepContext {});
    QVERIFY(!table.ok());
    QCOMPARE(table.error().message, PublicSheetExport::notPublicMessage());
}

void TestGoogleSource::publicChoosesTheWorksheetByGid()
{
    const QString id = addTabs(true);
    const QString link = QStringLiteral("https://docs.google.com/spreadsheets/d/%1/edit#gid=98765").arg(id);
    Result<DataTable> table = readOnWorker(SourceSpec::googleSheet(link, GoogleAccess::Public));
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().text(0, 0), QStringLiteral("two"));
    QCOMPARE(table.value().text(0, 1), QStringLiteral("a, \"quoted\"\nline"));

    SourceSpec first = SourceSpec::googleSheet(link, GoogleAccess::Public);
    first.gid = 0; // --gid wins over the link
    table = readOnWorker(first);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().text(0, 0), QStringLiteral("one"));

    SourceSpec missing = SourceSpec::googleSheet(id, GoogleAccess::Public);
    missing.gid = 5;
    table = readOnWorker(missing);
    QVERIFY(!table.ok());
    QVERIFY2(table.error().message.contains(QStringLiteral("Check the gid")),
             qPrintable(table.error().message));
}

void TestGoogleSource::publicRejectsAWorksheetName()
{
    const QString id = addTabs(true);
    SourceSpec source = SourceSpec::googleSheet(id, GoogleAccess::Public);
    source.worksheet = QStringLiteral("second");
    const Result<DataTable> table = readOnWorker(source);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Usage);
    QVERIFY(table.error().message.contains(QStringLiteral("--gid")));
    QVERIFY(m_fake->requests().isEmpty());

    const Result<DataTable> byTitle
        = readOnWorker(SourceSpec::googleSheet(QStringLiteral("films"), GoogleAccess::Public));
    QVERIFY(!byTitle.ok());
    QVERIFY2(byTitle.error().message.contains(QStringLiteral("Paste the sheet's link")),
             qPrintable(byTitle.error().message));
}

void TestGoogleSource::publicUnknownSheet()
{
    const Result<DataTable> table = readOnWorker(SourceSpec::googleSheet(
        QStringLiteral("1nosuchsheetnosuchsheetnosuchsheetnosuchshe"), GoogleAccess::Public));
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QVERIFY2(table.error().message.contains(QStringLiteral("Check the link")),
             qPrintable(table.error().message));
}

void TestGoogleSource::publicPublishedToTheWeb()
{
    const QString id = addTabs(false); // publishing works even when the sheet itself is private
    m_fake->spreadsheet(id)->publishKey = QStringLiteral("2PACX-1vTfakePublishedKeyForTests0123456789");
    const Result<DataTable> table = readOnWorker(SourceSpec::googleSheet(
        QStringLiteral("https://docs.google.com/spreadsheets/d/e/2PACX-1vTfakePublishedKeyForTests0123456789/"
                       "pub?gid=98765&single=true&output=csv"),
        GoogleAccess::Public));
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().text(0, 0), QStringLiteral("two"));

    const Result<DataTable> api = readOnWorker([] {
        SourceSpec s = SourceSpec::googleSheet(QStringLiteral("2PACX-1vTfakePublishedKeyForTests0123456789"),
                                               GoogleAccess::ApiKey);
        s.apiKey = ApiKey;
        return s;
    }());
    QVERIFY(!api.ok());
    QVERIFY2(api.error().message.contains(QStringLiteral("--public")), qPrintable(api.error().message));
}

void TestGoogleSource::publicSurvivesADroppedDownload()
{
    const QString id = addTabs(true);
    m_fake->injectFault({Fault::Kind::Drop, 200, -1, 0, QStringLiteral("/export-download/"), 1});
    m_fake->injectFault({Fault::Kind::Status, 503, -1, 0, QStringLiteral("/export"), 1});
    const Result<DataTable> table
        = readOnWorker(SourceSpec::googleSheet(id, GoogleAccess::Public), fastOptions());
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().text(0, 0), QStringLiteral("one"));
    QVERIFY(m_fake->requests(QStringLiteral("/export-download/")).size() >= 2);
}

void TestGoogleSource::publicEmptyAndHeaderOnly()
{
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = QStringLiteral("blank");
    spreadsheet.sheets.append(worksheet(QStringLiteral("empty"), {}));
    spreadsheet.sheets.append(
        worksheet(QStringLiteral("header"), {{QStringLiteral("title"), QStringLiteral("year")}}, 2));
    spreadsheet.anyoneWithLink = true;
    const QString id = m_fake->addSpreadsheet(spreadsheet);
    Result<DataTable> table = readOnWorker(SourceSpec::googleSheet(id, GoogleAccess::Public));
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Input);
    QVERIFY2(table.error().message.contains(QStringLiteral("is empty")), qPrintable(table.error().message));
    SourceSpec header = SourceSpec::googleSheet(id, GoogleAccess::Public);
    header.gid = 2;
    table = readOnWorker(header);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Input);
    QVERIFY2(table.error().message.contains(QStringLiteral("no data rows")),
             qPrintable(table.error().message));
}

void TestGoogleSource::accountWithoutSignInSaysSignInFirst()
{
    const QString id = addTabs(false);
    const Result<DataTable> table = readOnWorker(SourceSpec::googleSheet(id));
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QCOMPARE(exitCodeFor(table.error().kind), 4);
    QVERIFY2(table.error().message.contains(QStringLiteral("Sign in first (movieflow-cli auth login")),
             qPrintable(table.error().message));
    QVERIFY(m_fake->requests().isEmpty());
}

void TestGoogleSource::accountProvidersAreUsed()
{
    const QString id = addTabs(false);
    QString keyFileSeen;
    setAccountCredentialProviders({[] {
                                       return Result<std::shared_ptr<Credentials>>(
                                           std::make_shared<FixedTokenCredentials>(
                                               Credentials::Kind::UserAccount, Ana, QStringList {AnaToken}));
                                   },
                                   [&keyFileSeen](const QString &file) {
                                       keyFileSeen = file;
                                       return Result<std::shared_ptr<Credentials>>(
                                           Error::google(QStringLiteral("The key file is revoked.")));
                                   }});
    SourceSpec byName = SourceSpec::googleSheet(id);
    byName.worksheet = QStringLiteral("second");
    Result<DataTable> table = readOnWorker(byName);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().text(0, 0), QStringLiteral("two"));
    QVERIFY(table.value().numericDatesAreSerials());

    SourceSpec robot = SourceSpec::googleSheet(id, GoogleAccess::ServiceAccount);
    robot.serviceAccountKeyFile = QStringLiteral("/keys/robot.json");
    table = readOnWorker(robot);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().message, QStringLiteral("The key file is revoked."));
    QCOMPARE(keyFileSeen, QStringLiteral("/keys/robot.json"));
}

void TestGoogleSource::apiKeyThroughReadSource()
{
    const QString id = addTabs(true);
    SourceSpec source = SourceSpec::googleSheet(id, GoogleAccess::ApiKey);
    source.apiKey = ApiKey;
    source.gid = 98765;
    QFutureWatcher<Result<DataTable>> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(QtConcurrent::run([source] { return readSource(source); }));
    QVERIFY(watcher.isFinished() || finished.wait(30000));
    const Result<DataTable> table = watcher.result();
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().text(0, 0), QStringLiteral("two"));
    QCOMPARE(table.value().sourceName(), QStringLiteral("films"));

    source.apiKey.clear();
    const Result<DataTable> missing = readOnWorker(source);
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().message.contains(QStringLiteral("No API key")));
}

void TestGoogleSource::badEndpointOverrideIsAGoogleError()
{
    qputenv("MOVIEFLOW_GOOGLE_DOCS_URL", "http://docs.example.com");
    const Result<DataTable> table = readOnWorker(SourceSpec::googleSheet(
        QStringLiteral("1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"), GoogleAccess::Public));
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QVERIFY(table.error().message.contains(QStringLiteral("MOVIEFLOW_GOOGLE_DOCS_URL")));
    QVERIFY(m_fake->requests().isEmpty());
}

void TestGoogleSource::specNeverCarriesTheSecretOut()
{
    SourceSpec source = SourceSpec::googleSheet(
        QStringLiteral("https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/"
                       "edit?key=%1#gid=3")
            .arg(ApiKey),
        GoogleAccess::ApiKey);
    source.apiKey = ApiKey;
    QVERIFY(source.needsNetwork());
    QVERIFY(!SourceSpec::csvFile(QStringLiteral("a.csv")).needsNetwork());
    QVERIFY(!SourceSpec::sample().needsNetwork());
    QVERIFY(!source.describe().contains(ApiKey));
    QVERIFY(!source.displayName().contains(ApiKey));
    QVERIFY(source.describe().contains(QStringLiteral("#gid=3")));
    QVERIFY(source.describe().contains(QStringLiteral("(API key)")));
    QCOMPARE(SourceSpec::googleSheet(QStringLiteral("My movies")).displayName(), QStringLiteral("My movies"));
}

QTEST_GUILESS_MAIN(TestGoogleSource)
#include "tst_googlesource.moc"
