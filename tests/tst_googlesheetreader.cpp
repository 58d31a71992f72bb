// SPDX-License-Identifier: MIT
// The Sheets API reader against the in-process fake Google: every way in but the public export,
// worksheet choice, chunking, typed cells, every injected fault, Cancel, progress and pacing.
#include "FakeGoogleServer.h"
#include "FixedTokenCredentials.h"
#include "google/ApiKeyCredentials.h"
#include "google/GoogleHttpClient.h"
#include "google/GoogleSheetReader.h"
#include "google/RequestPacer.h"
#include "google/SheetsApi.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QtConcurrent>

#include <functional>
#include <mutex>

using namespace mf;
using namespace mf::google;
using mf::fakegoogle::FakeGoogleServer;
using mf::fakegoogle::FakeSpreadsheet;
using mf::fakegoogle::FakeWorksheet;
using mf::fakegoogle::Fault;
using mf::fakegoogle::FixedTokenCredentials;

namespace {

const QString Ana = QStringLiteral("ana@example.com");
const QString Robot = QStringLiteral("robot@movieflow-test.iam.gserviceaccount.com");
const QString AnaToken = QStringLiteral("ya29.ana-first");
const QString AnaFresh = QStringLiteral("ya29.ana-fresh");
const QString RobotToken = QStringLiteral("ya29.robot");
const QString ApiKey = QStringLiteral("AIzaSyFAKE-test-key-0123456789");

/// Log lines and progress reported from the worker thread.
struct Recorder
{
    std::mutex mutex;
    QStringList lines;
    QList<double> progress;

    StepContext context(CancelToken *cancel = nullptr)
    {
        StepContext ctx;
        ctx.cancel = cancel;
        ctx.log = [this](LogLevel, const QString &line) {
            std::lock_guard lock(mutex);
            lines.append(line);
        };
        ctx.progress = [this](double fraction) {
            std::lock_guard lock(mutex);
            progress.append(fraction);
        };
        return ctx;
    }
};

/// Runs `work` on a pool thread, as the pipeline does, while this thread's event loop serves the
/// fake. Fails the test when it takes longer than `timeoutMs`.
template<typename T> T onWorker(std::function<T()> work, int timeoutMs = 60000)
{
    QFutureWatcher<T> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(QtConcurrent::run(std::move(work)));
    if (!watcher.isFinished() && !finished.wait(timeoutMs))
        qFatal("The Google read did not finish within %d ms", timeoutMs);
    return watcher.result();
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

SheetReadOptions fastOptions()
{
    SheetReadOptions options;
    options.http.retry.initialDelayMs = 10;
    options.http.retry.maxDelayMs = 80;
    options.http.retry.maxRetries = 4;
    options.http.retry.maxTotalMs = 10000;
    options.http.transferTimeoutMs = 5000;
    return options;
}

QList<QStringList> smallMovies()
{
    return {
        {QStringLiteral("title"), QStringLiteral("release_date"), QStringLiteral("popularity"),
         QStringLiteral("vote_average"), QStringLiteral("vote_count")},
        {QStringLiteral("Heat"), QStringLiteral("1995-12-15"), QStringLiteral("45.5"), QStringLiteral("7.9"),
         QStringLiteral("6000")},
        {QStringLiteral("Alien"), QStringLiteral("1979-05-25"), QStringLiteral("60.25"),
         QStringLiteral("8.0"), QStringLiteral("1,234")},
        {QStringLiteral("1917"), QStringLiteral("2019-12-25"), QStringLiteral("30"), QStringLiteral("TRUE"),
         QStringLiteral("")},
    };
}

} // namespace

class TestGoogleSheetReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void cellText_data();
    void cellText();

    void readsTheRealMovieSheetWithASignedInAccount();
    void stitchesChunksAcrossEmptyRowsAndIgnoresTrailingOnes();
    void padsRaggedRowsAndTheHeader();
    void typesCellsLikeUnformattedValues();
    void emptyHeaderOnlyAndHeaderlessSheets_data();
    void emptyHeaderOnlyAndHeaderlessSheets();
    void choosesTheWorksheet_data();
    void choosesTheWorksheet();
    void neverReadsAChartSheet();
    void batchGetKeepsOrderAndEncodesPlus();

    void apiKeyInHeader();
    void apiKeyInQuery();
    void apiKeyOnAPrivateSheetSaysShareIt();
    void invalidApiKeyIsReportedWithoutTheKey();
    void opensByTitleAcrossPages();
    void titleWithSeveralMatchesListsTheirKeys();
    void titleWithNoMatchOrWithoutAccount();

    void survives429HonouringRetryAfter();
    void survives500Then503();
    void givesUpOn503AfterTheBoundedRetries();
    void givesUpWhenRetryAfterPassesTheTimeBudget();
    void survivesAConnectionDroppedMidResponse();
    void reportsAConnectionThatKeepsDropping();
    void retriesAResponseSlowerThanTheTransferTimeout();
    void survivesAnHtml502FromTheFrontEnd();
    void expiredTokenIsRefreshedOnce();
    void revokedSignInSaysSignInAgain();
    void serviceAccountNotSharedNamesTheAccount();
    void unknownKeySaysCheckTheLink();
    void driveUsageLimitIsRetried();

    void cancelAbortsTheReplyAndReturnsNoTable();
    void reportsProgressByRows();
    void pacesRequestsWithinTheBucket();
    void pacerIsSharedAcrossThreads();
    void noSecretInLogsOrMessages();

private:
    QString addSmall(const QString &title = QStringLiteral("small"), bool anyone = false);
    GoogleEndpoints endpoints() const;
    Result<DataTable> read(std::shared_ptr<Credentials> credentials, const QString &reference,
                           const WorksheetSelector &selector = {}, SheetReadOptions options = fastOptions(),
                           Recorder *recorder = nullptr, CancelToken *cancel = nullptr);
    std::shared_ptr<FixedTokenCredentials> ana() const;
    std::shared_ptr<FixedTokenCredentials> robot() const;

    std::unique_ptr<FakeGoogleServer> m_fake;
};

void TestGoogleSheetReader::initTestCase()
{
    // Pacing has its own tests; elsewhere the bucket must not slow the suite down.
    RequestPacer::shared().setLimits({1e6, 1e6, 1000});
}

void TestGoogleSheetReader::init()
{
    m_fake = std::make_unique<FakeGoogleServer>();
    QVERIFY(m_fake->start());
    m_fake->addToken(AnaToken, Ana);
    m_fake->addToken(AnaFresh, Ana);
    m_fake->addToken(RobotToken, Robot);
    m_fake->addApiKey(ApiKey);
}

void TestGoogleSheetReader::cleanup()
{
    m_fake.reset();
    RequestPacer::shared().setLimits({1e6, 1e6, 1000});
}

GoogleEndpoints TestGoogleSheetReader::endpoints() const
{
    GoogleEndpoints e = GoogleEndpoints::defaults();
    e.sheets = e.drive = e.docs = m_fake->baseUrl();
    return e;
}

std::shared_ptr<FixedTokenCredentials> TestGoogleSheetReader::ana() const
{
    return std::make_shared<FixedTokenCredentials>(Credentials::Kind::UserAccount, Ana,
                                                   QStringList {AnaToken, AnaFresh});
}

std::shared_ptr<FixedTokenCredentials> TestGoogleSheetReader::robot() const
{
    return std::make_shared<FixedTokenCredentials>(Credentials::Kind::ServiceAccount, Robot,
                                                   QStringList {RobotToken});
}

QString TestGoogleSheetReader::addSmall(const QString &title, bool anyone)
{
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = title;
    spreadsheet.sheets.append(worksheet(title, smallMovies()));
    spreadsheet.anyoneWithLink = anyone;
    spreadsheet.sharedWith = {Ana};
    return m_fake->addSpreadsheet(spreadsheet);
}

Result<DataTable> TestGoogleSheetReader::read(std::shared_ptr<Credentials> credentials,
                                              const QString &reference, const WorksheetSelector &selector,
                                              SheetReadOptions options, Recorder *recorder,
                                              CancelToken *cancel)
{
    const GoogleEndpoints e = endpoints();
    return onWorker<Result<DataTable>>([=]() -> Result<DataTable> {
        Result<SpreadsheetRef> ref = SpreadsheetRef::parse(reference);
        if (!ref.ok())
            return ref.error();
        GoogleSheetReader reader(e, credentials, options);
        return reader.read(ref.value(), selector, recorder ? recorder->context(cancel) : StepContext {});
    });
}

// --- Cells and tables ------------------------------------------------------------------------

void TestGoogleSheetReader::cellText_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("integer") << QJsonValue(qint64(960258)) << QByteArray("960258");
    QTest::newRow("negative") << QJsonValue(qint64(-3)) << QByteArray("-3");
    QTest::newRow("fraction") << QJsonValue(34.679) << QByteArray("34.679");
    QTest::newRow("shortest") << QJsonValue(0.1 + 0.2) << QByteArray("0.30000000000000004");
    QTest::newRow("integral double") << QJsonValue(8.0) << QByteArray("8");
    QTest::newRow("huge") << QJsonValue(1e21) << QByteArray("1e+21");
    QTest::newRow("tiny") << QJsonValue(1e-05) << QByteArray("1e-05");
    QTest::newRow("true") << QJsonValue(true) << QByteArray("TRUE");
    QTest::newRow("false") << QJsonValue(false) << QByteArray("FALSE");
    QTest::newRow("string") << QJsonValue(QStringLiteral("Amélie")) << QByteArray("Am\xc3\xa9lie");
    QTest::newRow("numeric string stays") << QJsonValue(QStringLiteral("007")) << QByteArray("007");
    QTest::newRow("empty") << QJsonValue(QString()) << QByteArray();
    QTest::newRow("null") << QJsonValue() << QByteArray();
    // What a JSON parser hands over: 12345678901234567890 does not fit qint64 and stays a double.
    QTest::newRow("beyond qint64") << QJsonDocument::fromJson("[12345678901234567890]").array().at(0)
                                   << QByteArray("12345678901234567000");
}

void TestGoogleSheetReader::cellText()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, text);
    QCOMPARE(GoogleSheetReader::cellText(value), text);
}

void TestGoogleSheetReader::readsTheRealMovieSheetWithASignedInAccount()
{
    const QString csvPath = QStringLiteral(MOVIEFLOW_REAL_DATA);
    if (!QFile::exists(csvPath))
        QSKIP("The real data (../shared/data/movie.csv) is not here.");
    QString error;
    const QString id = m_fake->addCsvSpreadsheet(QStringLiteral("movie"), csvPath, &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    m_fake->share(id, Ana);

    SheetReadOptions options = fastOptions();
    options.targetChunkBytes = 256 * 1024; // several chunks
    Recorder recorder;
    const Result<DataTable> table
        = read(ana(), QStringLiteral("https://docs.google.com/spreadsheets/d/%1/edit#gid=0").arg(id), {},
               options, &recorder);
    QVERIFY2(table.ok(), qPrintable(table.error().message));

    QList<QStringList> csv;
    QVERIFY(mf::fakegoogle::readCsvFile(csvPath, &csv, &error));
    const DataTable &t = table.value();
    QCOMPARE(t.headers(), csv.first());
    QCOMPARE(t.rowCount(), csv.size() - 1);
    QCOMPARE(t.rowCount(), qsizetype(8580));
    QVERIFY(t.numericDatesAreSerials());
    QCOMPARE(t.sourceName(), QStringLiteral("movie"));
    const int dateColumn = int(csv.first().indexOf(QStringLiteral("release_date")));
    for (qsizetype r = 0; r < t.rowCount(); ++r) {
        const QStringList &expected = csv.at(r + 1);
        for (int c = 0; c < t.columnCount(); ++c) {
            const QString got = t.text(r, c);
            const QString want = expected.at(c);
            if (c == dateColumn) {
                const QDate date = QDate(1899, 12, 30).addDays(got.toLongLong());
                QCOMPARE(date.toString(Qt::ISODate), want);
            } else if (got != want) {
                // Sheets stores "8.0" as the number 8: the same value, canonical text.
                bool a = false, b = false;
                QVERIFY2(
                    got.toDouble(&a) == want.toDouble(&b) && a && b,
                    qPrintable(QStringLiteral("row %1 column %2: %3 vs %4").arg(r).arg(c).arg(got, want)));
            }
        }
    }
    QCOMPARE(t.sourceLine(0), qint64(2));

    const QList<fakegoogle::RecordedRequest> metadata
        = m_fake->requests(QStringLiteral("/v4/spreadsheets/%1").arg(id));
    QVERIFY(!metadata.isEmpty());
    const QString fields = metadata.first().query.value(QStringLiteral("fields"));
    QVERIFY(!fields.isEmpty());
    QVERIFY(!fields.contains(QStringLiteral(", ")));
    const QList<fakegoogle::RecordedRequest> values = m_fake->requests(QStringLiteral("/values/"));
    QVERIFY2(values.size() >= 4, qPrintable(QString::number(values.size())));
    for (const fakegoogle::RecordedRequest &request : values) {
        QCOMPARE(request.query.value(QStringLiteral("valueRenderOption")),
                 QStringLiteral("UNFORMATTED_VALUE"));
        QCOMPARE(request.query.value(QStringLiteral("dateTimeRenderOption")),
                 QStringLiteral("SERIAL_NUMBER"));
        QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer ") + AnaToken.toUtf8());
        // One encoded path segment: 'movie'!A1:Z… → %27movie%27%21A…%3AZ…
        QVERIFY2(request.target.contains("/values/%27movie%27%21A"), request.target.constData());
        const QRegularExpressionMatch m
            = QRegularExpression(QStringLiteral("'movie'!A(\\d+):Z(\\d+)$")).match(request.path);
        QVERIFY2(m.hasMatch(), qPrintable(request.path));
        QVERIFY(m.captured(1).toInt() <= 8581); // never a chunk that starts past rowCount
    }
    QCOMPARE(recorder.progress.constLast(), 1.0);
}

void TestGoogleSheetReader::stitchesChunksAcrossEmptyRowsAndIgnoresTrailingOnes()
{
    QList<QStringList> rows {{QStringLiteral("title"), QStringLiteral("n")},
                             {QStringLiteral("a"), QStringLiteral("1")},
                             {QStringLiteral("b"), QStringLiteral("2")},
                             {},
                             {},
                             {},
                             {},
                             {QStringLiteral("h"), QStringLiteral("8")},
                             {QString(), QString()}};
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = QStringLiteral("gaps");
    FakeWorksheet sheet = worksheet(QStringLiteral("gaps"), rows);
    sheet.rowCount = 21; // an odd grid so the last chunk is short
    sheet.columnCount = 3;
    spreadsheet.sheets.append(sheet);
    spreadsheet.sharedWith = {Ana};
    const QString id = m_fake->addSpreadsheet(spreadsheet);

    SheetReadOptions options = fastOptions();
    options.minChunkRows = 2;
    options.maxChunkRows = 2;
    const Result<DataTable> table = read(ana(), id, {}, options);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().rowCount(), qsizetype(7)); // rows 2..8; 9..21 are empty and ignored
    QCOMPARE(table.value().text(0, 0), QStringLiteral("a"));
    QCOMPARE(table.value().text(1, 1), QStringLiteral("2"));
    for (int r = 2; r <= 5; ++r)
        QCOMPARE(table.value().text(r, 0), QString());
    QCOMPARE(table.value().text(6, 0), QStringLiteral("h"));
    QCOMPARE(table.value().sourceLine(6), qint64(8));

    const QList<fakegoogle::RecordedRequest> values = m_fake->requests(QStringLiteral("/values/"));
    QCOMPARE(values.size(), 11); // ceil(21 / 2)
    QCOMPARE(values.constLast().path.section(QLatin1Char('/'), -1), QStringLiteral("'gaps'!A21:C21"));
}

void TestGoogleSheetReader::padsRaggedRowsAndTheHeader()
{
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = QStringLiteral("ragged");
    spreadsheet.sheets.append(
        worksheet(QStringLiteral("ragged"),
                  {{QStringLiteral("title"), QStringLiteral("year")},
                   {QStringLiteral("short")},
                   {QStringLiteral("wide"), QStringLiteral("2001"), QStringLiteral("extra")},
                   {QString(), QStringLiteral("1999")}}));
    spreadsheet.sharedWith = {Ana};
    const QString id = m_fake->addSpreadsheet(spreadsheet);
    const Result<DataTable> table = read(ana(), id);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().headers(),
             (QStringList {QStringLiteral("title"), QStringLiteral("year"), QString()}));
    QCOMPARE(table.value().rowCount(), qsizetype(3));
    QCOMPARE(table.value().text(0, 1), QString());
    QCOMPARE(table.value().text(1, 2), QStringLiteral("extra"));
    QCOMPARE(table.value().text(2, 0), QString());
    QCOMPARE(table.value().text(2, 1), QStringLiteral("1999"));
}

void TestGoogleSheetReader::typesCellsLikeUnformattedValues()
{
    const QString id = addSmall();
    const Result<DataTable> table = read(ana(), id);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    const DataTable &t = table.value();
    QCOMPARE(t.text(0, 1), QString::number(QDate(1899, 12, 30).daysTo(QDate(1995, 12, 15)))); // a serial
    QCOMPARE(t.text(0, 2), QStringLiteral("45.5"));
    QCOMPARE(t.text(1, 3), QStringLiteral("8")); // "8.0" is the number 8
    QCOMPARE(t.text(1, 4), QStringLiteral("1234")); // "1,234" is the number 1234 (en_US sheet)
    QCOMPARE(t.text(2, 0), QStringLiteral("1917"));
    QCOMPARE(t.text(2, 3), QStringLiteral("TRUE"));
    QCOMPARE(t.text(2, 4), QString());
}

void TestGoogleSheetReader::emptyHeaderOnlyAndHeaderlessSheets_data()
{
    QTest::addColumn<QList<QStringList>>("rows");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QList<QStringList> {} << QStringLiteral("is empty");
    QTest::newRow("blank cells only")
        << QList<QStringList> {{QString(), QString()}, {}} << QStringLiteral("is empty");
    QTest::newRow("header only") << QList<QStringList> {{QStringLiteral("title"), QStringLiteral("year")}}
                                 << QStringLiteral("has a header row but no data rows");
    QTest::newRow("header then blank rows")
        << QList<QStringList> {{QStringLiteral("title")}, {}, {QString()}} << QStringLiteral("no data rows");
    QTest::newRow("data below an empty first row")
        << QList<QStringList> {{}, {QStringLiteral("title")}, {QStringLiteral("Heat")}}
        << QStringLiteral("row 1");
}

void TestGoogleSheetReader::emptyHeaderOnlyAndHeaderlessSheets()
{
    QFETCH(QList<QStringList>, rows);
    QFETCH(QString, expected);
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = QStringLiteral("blank");
    spreadsheet.sheets.append(worksheet(QStringLiteral("Sheet1"), rows));
    spreadsheet.sharedWith = {Ana};
    const QString id = m_fake->addSpreadsheet(spreadsheet);
    const Result<DataTable> table = read(ana(), id);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Input);
    QVERIFY2(table.error().message.contains(expected), qPrintable(table.error().message));
    QVERIFY(table.error().message.contains(QStringLiteral("\"Sheet1\"")));
}

void TestGoogleSheetReader::choosesTheWorksheet_data()
{
    QTest::addColumn<QString>("link");
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("gid"); // -1 none
    QTest::addColumn<int>("index"); // -1 none
    QTest::addColumn<QString>("first"); // first title read, or empty for an error
    QTest::newRow("default: first visible grid")
        << QString() << QString() << qint64(-1) << -1 << QStringLiteral("data-1");
    QTest::newRow("by name") << QString() << QStringLiteral("D3") << qint64(-1) << -1
                             << QStringLiteral("cell-like");
    QTest::newRow("name case forgiven")
        << QString() << QStringLiteral("d3") << qint64(-1) << -1 << QStringLiteral("cell-like");
    QTest::newRow("odd title") << QString() << QStringLiteral("It's/odd+tab #1") << qint64(-1) << -1
                               << QStringLiteral("odd");
    QTest::newRow("hidden by name") << QString() << QStringLiteral("Hidden") << qint64(-1) << -1
                                    << QStringLiteral("hidden");
    QTest::newRow("by gid") << QString() << QString() << qint64(777) << -1 << QStringLiteral("odd");
    QTest::newRow("gid from the link")
        << QStringLiteral("#gid=555") << QString() << qint64(-1) << -1 << QStringLiteral("cell-like");
    QTest::newRow("by index") << QString() << QString() << qint64(-1) << 3 << QStringLiteral("cell-like");
    QTest::newRow("unknown name") << QString() << QStringLiteral("Nope") << qint64(-1) << -1 << QString();
    QTest::newRow("unknown gid") << QString() << QString() << qint64(1) << -1 << QString();
    QTest::newRow("index out of range") << QString() << QString() << qint64(-1) << 9 << QString();
}

void TestGoogleSheetReader::choosesTheWorksheet()
{
    QFETCH(QString, link);
    QFETCH(QString, name);
    QFETCH(qint64, gid);
    QFETCH(int, index);
    QFETCH(QString, first);

    FakeSpreadsheet spreadsheet;
    spreadsheet.title = QStringLiteral("tabs");
    FakeWorksheet chart;
    chart.title = QStringLiteral("Chart");
    chart.chart = true;
    chart.sheetId = 0;
    spreadsheet.sheets.append(chart);
    FakeWorksheet hidden
        = worksheet(QStringLiteral("Hidden"), {{QStringLiteral("t")}, {QStringLiteral("hidden")}}, 111);
    hidden.hidden = true;
    spreadsheet.sheets.append(hidden);
    spreadsheet.sheets.append(
        worksheet(QStringLiteral("Data"), {{QStringLiteral("t")}, {QStringLiteral("data-1")}}, 222));
    spreadsheet.sheets.append(
        worksheet(QStringLiteral("D3"), {{QStringLiteral("t")}, {QStringLiteral("cell-like")}}, 555));
    spreadsheet.sheets.append(
        worksheet(QStringLiteral("It's/odd+tab #1"), {{QStringLiteral("t")}, {QStringLiteral("odd")}}, 777));
    spreadsheet.sharedWith = {Ana};
    const QString id = m_fake->addSpreadsheet(spreadsheet);

    WorksheetSelector selector;
    selector.name = name;
    if (gid >= 0)
        selector.gid = gid;
    if (index >= 0)
        selector.index = index;
    const QString reference
        = QStringLiteral("https://docs.google.com/spreadsheets/d/%1/edit%2").arg(id, link);
    const Result<DataTable> table = read(ana(), reference, selector);
    if (first.isEmpty()) {
        QVERIFY(!table.ok());
        QCOMPARE(table.error().kind, ErrorKind::Input);
        // The message lists the tabs there are.
        QVERIFY2(table.error().message.contains(QStringLiteral("\"Data\" (gid 222)")),
                 qPrintable(table.error().message));
        QVERIFY(m_fake->requests(QStringLiteral("/values/")).isEmpty());
        return;
    }
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().text(0, 0), first);
}

void TestGoogleSheetReader::neverReadsAChartSheet()
{
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = QStringLiteral("charts");
    FakeWorksheet chart;
    chart.title = QStringLiteral("Chart");
    chart.chart = true;
    spreadsheet.sheets.append(chart);
    spreadsheet.sharedWith = {Ana};
    const QString id = m_fake->addSpreadsheet(spreadsheet);
    for (const WorksheetSelector &selector :
         {WorksheetSelector {}, WorksheetSelector {QStringLiteral("Chart"), {}, {}}}) {
        const Result<DataTable> table = read(ana(), id, selector);
        QVERIFY(!table.ok());
        QCOMPARE(table.error().kind, ErrorKind::Input);
    }
    QVERIFY(m_fake->requests(QStringLiteral("/values")).isEmpty());
}

void TestGoogleSheetReader::batchGetKeepsOrderAndEncodesPlus()
{
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = QStringLiteral("batch");
    spreadsheet.sheets.append(
        worksheet(QStringLiteral("A+B C"),
                  {{QStringLiteral("x"), QStringLiteral("y")}, {QStringLiteral("1"), QStringLiteral("2")}}));
    spreadsheet.sheets.append(worksheet(QStringLiteral("D3"), {{QStringLiteral("z")}}, 42));
    spreadsheet.sharedWith = {Ana};
    const QString id = m_fake->addSpreadsheet(spreadsheet);
    const GoogleEndpoints e = endpoints();
    const auto credentials = ana();
    using Ranges = Result<QList<ValueRange>>;
    const Ranges ranges = onWorker<Ranges>([=]() -> Ranges {
        GoogleHttpClient http(credentials, fastOptions().http);
        SheetsApi api(http, e);
        return api.batchValues(id, {QStringLiteral("'D3'!A1:B2"), QStringLiteral("'A+B C'!A1:B2")},
                               StepContext {});
    });
    QVERIFY2(ranges.ok(), qPrintable(ranges.error().message));
    QCOMPARE(ranges.value().size(), 2);
    QCOMPARE(ranges.value().at(0).range, QStringLiteral("'D3'!A1:B2")); // quoted: it looks like a cell
    QCOMPARE(ranges.value().at(0).values, QJsonArray {QJsonArray {QStringLiteral("z")}});
    QCOMPARE(ranges.value().at(1).range, QStringLiteral("'A+B C'!A1:B2"));
    QCOMPARE(ranges.value().at(1).values.at(1), QJsonValue(QJsonArray {1, 2}));
    const QList<fakegoogle::RecordedRequest> requests = m_fake->requests(QStringLiteral("values:batchGet"));
    QCOMPARE(requests.size(), 1);
    QVERIFY2(requests.first().target.contains("A%2BB%20C"), requests.first().target.constData());
}

// --- Ways in ---------------------------------------------------------------------------------

void TestGoogleSheetReader::apiKeyInHeader()
{
    const QString id = addSmall(QStringLiteral("public"), true);
    const Result<DataTable> table = read(std::make_shared<ApiKeyCredentials>(ApiKey), id);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().rowCount(), qsizetype(3));
    for (const fakegoogle::RecordedRequest &request : m_fake->requests()) {
        QCOMPARE(request.headers.value("x-goog-api-key"), ApiKey.toUtf8());
        QVERIFY(!request.target.contains(ApiKey.toUtf8()));
        QVERIFY(!request.headers.contains("authorization"));
    }
}

void TestGoogleSheetReader::apiKeyInQuery()
{
    const QString id = addSmall(QStringLiteral("public"), true);
    SheetReadOptions options = fastOptions();
    options.http.apiKeyInQuery = true;
    const Result<DataTable> table = read(std::make_shared<ApiKeyCredentials>(ApiKey), id, {}, options);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    for (const fakegoogle::RecordedRequest &request : m_fake->requests()) {
        QCOMPARE(request.query.value(QStringLiteral("key")), ApiKey);
        QVERIFY(!request.headers.contains("x-goog-api-key"));
    }
}

void TestGoogleSheetReader::apiKeyOnAPrivateSheetSaysShareIt()
{
    const QString id = addSmall(QStringLiteral("private"), false);
    const Result<DataTable> table = read(std::make_shared<ApiKeyCredentials>(ApiKey), id);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QVERIFY2(table.error().message.contains(QStringLiteral("Anyone with the link")),
             qPrintable(table.error().message));
    QVERIFY(table.error().message.contains(QStringLiteral("The caller does not have permission")));
}

void TestGoogleSheetReader::invalidApiKeyIsReportedWithoutTheKey()
{
    const QString id = addSmall(QStringLiteral("public"), true);
    const QString wrong = QStringLiteral("AIzaSyWRONG-key-9876543210");
    const Result<DataTable> table = read(std::make_shared<ApiKeyCredentials>(wrong), id);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QVERIFY2(table.error().message.contains(QStringLiteral("did not accept the API key")),
             qPrintable(table.error().message));
    QVERIFY(!table.error().message.contains(wrong));
    QCOMPARE(m_fake->requests().size(), 1); // a bad key is not retried
}

void TestGoogleSheetReader::opensByTitleAcrossPages()
{
    // Ana's Drive: several unrelated sheets, one "It's movies", and a trashed copy of it.
    for (int i = 0; i < 5; ++i)
        addSmall(QStringLiteral("other %1").arg(i));
    FakeSpreadsheet trashed;
    trashed.title = QStringLiteral("It's movies");
    trashed.id = QStringLiteral("1trashedtrashedtrashedtrashedtrashedtrashed0");
    trashed.trashed = true;
    trashed.sharedWith = {Ana};
    trashed.sheets.append(
        worksheet(QStringLiteral("x"), {{QStringLiteral("t")}, {QStringLiteral("trashed")}}));
    m_fake->addSpreadsheet(trashed);
    const QString id = addSmall(QStringLiteral("It's movies"));
    m_fake->setDriveMaxPageSize(1);
    m_fake->setDriveEmptyPages(true);

    const Result<DataTable> table = read(ana(), QStringLiteral("It's movies"));
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().text(0, 0), QStringLiteral("Heat"));
    const QList<fakegoogle::RecordedRequest> drive = m_fake->requests(QStringLiteral("/drive/v3/files"));
    QVERIFY(!drive.isEmpty());
    const QString q = drive.first().query.value(QStringLiteral("q"));
    QCOMPARE(
        q,
        QStringLiteral("mimeType = 'application/vnd.google-apps.spreadsheet' and name = 'It\\'s movies' and "
                       "trashed = false"));
    QVERIFY(drive.first().query.value(QStringLiteral("fields")).contains(QStringLiteral("nextPageToken")));
    QVERIFY2(drive.size() >= 2 || !drive.constLast().query.contains(QStringLiteral("pageToken")),
             "an empty first page must not end the search");
    QCOMPARE(m_fake->requests(QStringLiteral("/v4/spreadsheets/%1").arg(id)).isEmpty(), false);
}

void TestGoogleSheetReader::titleWithSeveralMatchesListsTheirKeys()
{
    FakeSpreadsheet one;
    one.title = QStringLiteral("movie");
    one.id = QStringLiteral("1firstfirstfirstfirstfirstfirstfirstfirst000");
    one.sharedWith = {Ana};
    one.sheets.append(worksheet(QStringLiteral("movie"), smallMovies()));
    FakeSpreadsheet two = one;
    two.id = QStringLiteral("1secondsecondsecondsecondsecondsecondsecon0");
    m_fake->addSpreadsheet(one);
    m_fake->addSpreadsheet(two);
    m_fake->setDriveMaxPageSize(1); // the two matches come on different pages

    const Result<DataTable> table = read(ana(), QStringLiteral("movie"));
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Usage);
    QVERIFY2(table.error().message.contains(one.id) && table.error().message.contains(two.id),
             qPrintable(table.error().message));
    QVERIFY(m_fake->requests(QStringLiteral("/v4/")).isEmpty());
}

void TestGoogleSheetReader::titleWithNoMatchOrWithoutAccount()
{
    addSmall(QStringLiteral("Movie")); // Drive's name match is exact here
    Result<DataTable> table = read(ana(), QStringLiteral("movie"));
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QVERIFY2(table.error().message.contains(QStringLiteral("No spreadsheet titled \"movie\"")),
             qPrintable(table.error().message));

    table = read(robot(), QStringLiteral("Movie"));
    QVERIFY(!table.ok());
    QVERIFY2(table.error().message.contains(QStringLiteral("only sees sheets shared with it")),
             qPrintable(table.error().message));

    m_fake->clearRequests();
    table = read(std::make_shared<ApiKeyCredentials>(ApiKey), QStringLiteral("Movie"));
    QVERIFY(!table.ok());
    QVERIFY2(table.error().message.contains(QStringLiteral("Paste the sheet's link")),
             qPrintable(table.error().message));
    QVERIFY(m_fake->requests().isEmpty());
}

// --- Faults ----------------------------------------------------------------------------------

void TestGoogleSheetReader::survives429HonouringRetryAfter()
{
    const QString id = addSmall();
    m_fake->injectFault({Fault::Kind::Status, 429, 1, 0, QStringLiteral("/values/"), 1});
    const Result<DataTable> table = read(ana(), id);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    const QList<fakegoogle::RecordedRequest> values = m_fake->requests(QStringLiteral("/values/"));
    QCOMPARE(values.size(), 2);
    QVERIFY2(values.at(1).atMs - values.at(0).atMs >= 950, "Retry-After: 1 was not honoured");
}

void TestGoogleSheetReader::survives500Then503()
{
    const QString id = addSmall();
    m_fake->injectFault({Fault::Kind::Status, 500, -1, 0, QStringLiteral("/v4/"), 1});
    m_fake->injectFault({Fault::Kind::Status, 503, -1, 0, QStringLiteral("/v4/"), 1});
    Recorder recorder;
    const Result<DataTable> table = read(ana(), id, {}, fastOptions(), &recorder);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(m_fake->requests(QStringLiteral("/v4/")).size(), 4); // 500, 503, metadata, values
    QVERIFY(recorder.lines.join(QLatin1Char('\n')).contains(QStringLiteral("trying again")));
}

void TestGoogleSheetReader::givesUpOn503AfterTheBoundedRetries()
{
    const QString id = addSmall();
    m_fake->injectFault({Fault::Kind::Status, 503, -1, 0, QString(), 100});
    SheetReadOptions options = fastOptions();
    options.http.retry.maxRetries = 3;
    const Result<DataTable> table = read(ana(), id, {}, options);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QVERIFY2(table.error().message.contains(QStringLiteral("The service is currently unavailable")),
             qPrintable(table.error().message));
    QVERIFY(table.error().message.contains(QStringLiteral("tried 4 times")));
    QCOMPARE(m_fake->requests().size(), 4);
}

void TestGoogleSheetReader::givesUpWhenRetryAfterPassesTheTimeBudget()
{
    const QString id = addSmall();
    m_fake->injectFault({Fault::Kind::Status, 429, 30, 0, QString(), 100});
    SheetReadOptions options = fastOptions();
    options.http.retry.maxTotalMs = 2000;
    QElapsedTimer clock;
    clock.start();
    const Result<DataTable> table = read(ana(), id, {}, options);
    QVERIFY(clock.elapsed() < 5000);
    QVERIFY(!table.ok());
    QVERIFY2(table.error().message.contains(QStringLiteral("quota")), qPrintable(table.error().message));
    QVERIFY(table.error().message.contains(QStringLiteral("Wait a minute")));
    QCOMPARE(m_fake->requests().size(), 1);
}

void TestGoogleSheetReader::survivesAConnectionDroppedMidResponse()
{
    const QString id = addSmall();
    m_fake->injectFault({Fault::Kind::Drop, 200, -1, 0, QStringLiteral("/values/"), 1});
    const Result<DataTable> table = read(ana(), id);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(table.value().rowCount(), qsizetype(3));
    QCOMPARE(table.value().text(2, 0), QStringLiteral("1917"));
    QCOMPARE(m_fake->requests(QStringLiteral("/values/")).size(), 2);
}

void TestGoogleSheetReader::reportsAConnectionThatKeepsDropping()
{
    const QString id = addSmall();
    m_fake->injectFault({Fault::Kind::Drop, 200, -1, 0, QStringLiteral("/values/"), 100});
    const Result<DataTable> table = read(ana(), id);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QVERIFY2(table.error().message.contains(QStringLiteral("closed before the answer was complete"))
                 || table.error().message.contains(QStringLiteral("cut off")),
             qPrintable(table.error().message));
}

void TestGoogleSheetReader::retriesAResponseSlowerThanTheTransferTimeout()
{
    const QString id = addSmall();
    m_fake->injectFault({Fault::Kind::Delay, 200, -1, 3000, QStringLiteral("/values/"), 1});
    SheetReadOptions options = fastOptions();
    options.http.transferTimeoutMs = 300;
    QElapsedTimer clock;
    clock.start();
    const Result<DataTable> table = read(ana(), id, {}, options);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QVERIFY(clock.elapsed() < 3000);
    QCOMPARE(m_fake->requests(QStringLiteral("/values/")).size(), 2);
}

void TestGoogleSheetReader::survivesAnHtml502FromTheFrontEnd()
{
    const QString id = addSmall();
    m_fake->injectFault({Fault::Kind::HtmlStatus, 502, -1, 0, QStringLiteral("/values/"), 1});
    Result<DataTable> table = read(ana(), id);
    QVERIFY2(table.ok(), qPrintable(table.error().message));

    m_fake->injectFault({Fault::Kind::HtmlStatus, 502, -1, 0, QStringLiteral("/values/"), 100});
    table = read(ana(), id);
    QVERIFY(!table.ok());
    QVERIFY2(table.error().message.contains(QStringLiteral("HTTP 502")), qPrintable(table.error().message));
    QVERIFY(table.error().message.contains(QStringLiteral("The server encountered a temporary error")));
    QVERIFY(!table.error().message.contains(QLatin1Char('<')));
}

void TestGoogleSheetReader::expiredTokenIsRefreshedOnce()
{
    const QString id = addSmall();
    m_fake->revokeToken(AnaToken); // expired: Google answers 401
    const auto credentials = ana();
    Recorder recorder;
    const Result<DataTable> table = read(credentials, id, {}, fastOptions(), &recorder);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(credentials->invalidations(), 1);
    const QList<fakegoogle::RecordedRequest> requests = m_fake->requests();
    QCOMPARE(requests.first().headers.value("authorization"), QByteArray("Bearer ") + AnaToken.toUtf8());
    QCOMPARE(requests.constLast().headers.value("authorization"), QByteArray("Bearer ") + AnaFresh.toUtf8());
}

void TestGoogleSheetReader::revokedSignInSaysSignInAgain()
{
    const QString id = addSmall();
    m_fake->revokeToken(AnaToken);
    m_fake->revokeToken(AnaFresh);
    const auto credentials = ana();
    const Result<DataTable> table = read(credentials, id);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QVERIFY2(table.error().message.contains(QStringLiteral("Sign in again with movieflow-cli auth login")),
             qPrintable(table.error().message));
    QVERIFY(table.error().message.contains(Ana));
    QCOMPARE(credentials->invalidations(), 1);
    QCOMPARE(m_fake->requests().size(), 2); // one retry with a fresh token, no more
}

void TestGoogleSheetReader::serviceAccountNotSharedNamesTheAccount()
{
    const QString id = addSmall(); // shared with Ana only
    const Result<DataTable> table = read(robot(), id);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QVERIFY2(table.error().message.contains(QStringLiteral("Share the sheet with %1").arg(Robot)),
             qPrintable(table.error().message));
    m_fake->share(id, Robot);
    const Result<DataTable> shared = read(robot(), id);
    QVERIFY2(shared.ok(), qPrintable(shared.error().message));
}

void TestGoogleSheetReader::unknownKeySaysCheckTheLink()
{
    const QString missing = QStringLiteral("1nosuchsheetnosuchsheetnosuchsheetnosuchshe");
    Result<DataTable> table = read(ana(), missing);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Google);
    QVERIFY2(table.error().message.contains(QStringLiteral("Check the link")),
             qPrintable(table.error().message));
    QVERIFY(table.error().message.contains(QStringLiteral("Requested entity was not found")));
    table = read(robot(), missing);
    QVERIFY2(table.error().message.contains(QStringLiteral("share the sheet with %1").arg(Robot)),
             qPrintable(table.error().message));
}

void TestGoogleSheetReader::driveUsageLimitIsRetried()
{
    addSmall(QStringLiteral("found"));
    m_fake->injectFault(
        {Fault::Kind::Status, 429, -1, 0, QStringLiteral("/drive/"), 1}); // Drive: 403 usageLimits
    const Result<DataTable> table = read(ana(), QStringLiteral("found"));
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(m_fake->requests(QStringLiteral("/drive/")).size(), 2);
}

// --- Cancel, progress, pacing, secrets -------------------------------------------------------

void TestGoogleSheetReader::cancelAbortsTheReplyAndReturnsNoTable()
{
    const QString id = addSmall();
    m_fake->injectFault({Fault::Kind::Delay, 200, -1, 20000, QStringLiteral("/values/"), 1});
    CancelToken cancel;
    Recorder recorder;
    // Cancel as soon as the slow request has arrived.
    QTimer watch;
    connect(&watch, &QTimer::timeout, this, [&] {
        if (!m_fake->requests(QStringLiteral("/values/")).isEmpty())
            cancel.cancel();
    });
    watch.start(10);
    QElapsedTimer clock;
    clock.start();
    const Result<DataTable> table = read(ana(), id, {}, fastOptions(), &recorder, &cancel);
    QVERIFY(!table.ok());
    QCOMPARE(table.error().kind, ErrorKind::Cancelled);
    QVERIFY(clock.elapsed() < 5000);
}

void TestGoogleSheetReader::reportsProgressByRows()
{
    FakeSpreadsheet spreadsheet;
    spreadsheet.title = QStringLiteral("progress");
    QList<QStringList> rows {{QStringLiteral("t")}};
    for (int i = 0; i < 300; ++i)
        rows.append({QString::number(i)});
    spreadsheet.sheets.append(worksheet(QStringLiteral("progress"), rows));
    spreadsheet.sheets.first().rowCount = 301;
    spreadsheet.sharedWith = {Ana};
    const QString id = m_fake->addSpreadsheet(spreadsheet);
    SheetReadOptions options = fastOptions();
    options.minChunkRows = options.maxChunkRows = 100;
    Recorder recorder;
    const Result<DataTable> table = read(ana(), id, {}, options, &recorder);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    QCOMPARE(recorder.progress, (QList<double> {0.0, 100 / 301.0, 200 / 301.0, 300 / 301.0, 1.0}));
}

void TestGoogleSheetReader::pacesRequestsWithinTheBucket()
{
    const QString id = addSmall();
    // 600 per minute with a burst of 1: one request every 100 ms.
    RequestPacer::shared().setLimits({600, 600000, 1});
    SheetReadOptions options = fastOptions();
    options.minChunkRows = options.maxChunkRows = 1;
    FakeSpreadsheet *s = m_fake->spreadsheet(id);
    s->sheets.first().rowCount = 5; // metadata + 5 single-row chunks
    const Result<DataTable> table = read(ana(), id, {}, options);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    const QList<fakegoogle::RecordedRequest> requests = m_fake->requests();
    QCOMPARE(requests.size(), 6);
    for (int i = 1; i < requests.size(); ++i)
        QVERIFY2(requests.at(i).atMs - requests.at(i - 1).atMs >= 85,
                 qPrintable(QStringLiteral("requests %1 and %2 were %3 ms apart")
                                .arg(i - 1)
                                .arg(i)
                                .arg(requests.at(i).atMs - requests.at(i - 1).atMs)));
    QVERIFY(requests.constLast().atMs - requests.first().atMs >= 5 * 85);
}

void TestGoogleSheetReader::pacerIsSharedAcrossThreads()
{
    const QString id = addSmall();
    // Two readers as the same user on two threads share one bucket: 5 requests per second overall.
    RequestPacer::shared().setLimits({300, 600000, 1});
    const GoogleEndpoints e = endpoints();
    const auto credentials = ana();
    auto work = [=]() -> Result<DataTable> {
        GoogleSheetReader reader(e, credentials, fastOptions());
        return reader.read(SpreadsheetRef::parse(id).value(), {}, StepContext {});
    };
    QFutureWatcher<Result<DataTable>> first, second;
    QSignalSpy firstDone(&first, &QFutureWatcherBase::finished);
    QSignalSpy secondDone(&second, &QFutureWatcherBase::finished);
    first.setFuture(QtConcurrent::run(work));
    second.setFuture(QtConcurrent::run(work));
    QTRY_VERIFY_WITH_TIMEOUT(first.isFinished() && second.isFinished(), 20000);
    QVERIFY(first.result().ok() && second.result().ok());
    const QList<fakegoogle::RecordedRequest> requests = m_fake->requests();
    QCOMPARE(requests.size(), 4);
    QVERIFY2(requests.constLast().atMs - requests.first().atMs >= 3 * 180,
             qPrintable(QString::number(requests.constLast().atMs - requests.first().atMs)));
    QVERIFY(RequestPacer::shared().pendingWaitMs(Ana) > 0);
    QCOMPARE(RequestPacer::shared().pendingWaitMs(QStringLiteral("someone else")), qint64(0));
}

void TestGoogleSheetReader::noSecretInLogsOrMessages()
{
    const QString id = addSmall();
    m_fake->revokeToken(AnaToken);
    m_fake->injectFault({Fault::Kind::Status, 503, -1, 0, QStringLiteral("/values/"), 1});
    Recorder recorder;
    Result<DataTable> table = read(ana(), id, {}, fastOptions(), &recorder);
    QVERIFY2(table.ok(), qPrintable(table.error().message));
    table = read(std::make_shared<ApiKeyCredentials>(ApiKey), id, {}, fastOptions(), &recorder);
    QVERIFY(!table.ok());
    const QString everything = recorder.lines.join(QLatin1Char('\n')) + table.error().message;
    QVERIFY(!recorder.lines.isEmpty());
    for (const QString &secret : {AnaToken, AnaFresh, ApiKey})
        QVERIFY2(!everything.contains(secret), qPrintable(secret));
}

QTEST_GUILESS_MAIN(TestGoogleSheetReader)
#include "tst_googlesheetreader.moc"
