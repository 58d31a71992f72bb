// SPDX-License-Identifier: MIT
// movieflow-cli run --sheet end to end: the real binary against the fake Google (in-process, and the
// standalone movieflow-fake-google once), compared with the CSV run of the same data.
#include "FakeGoogleServer.h"
#include "FakeOAuthServer.h"
#include "FakeOAuthTestKey.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using mf::fakegoogle::FakeGoogleServer;
using mf::fakegoogle::Fault;

namespace {

const QString ApiKey = QStringLiteral("AIzaSyE2E-cli-key-0123456789abcdef");
const QString Robot = QStringLiteral("robot@movieflow-e2e.iam.gserviceaccount.com");

struct Outcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json;
};

QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestGoogleCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void publicRunMatchesTheCsvRun_data();
    void publicRunMatchesTheCsvRun();
    void apiKeyRunMatchesTheCsvRunAndLeavesTheKeyNowhere();
    void standaloneFakeServesARun();
    void serviceAccountRunMatchesTheCsvRun();
    void serviceAccountNotSharedNamesTheAccount();
    void survivesADroppedConnection();
    void failuresExitFourAndLeaveNoFiles_data();
    void failuresExitFourAndLeaveNoFiles();
    void usageErrors_data();
    void usageErrors();
    void cancelDuringTheDownloadLeavesNothing();

private:
    QProcessEnvironment environment() const;
    Outcome run(const QStringList &arguments, const std::function<void(QProcess &)> &whileRunning = {});
    QString sheetLink() const;
    QString outDir(const QString &name) const { return m_home.path() + QStringLiteral("/out/") + name; }
    /// A service-account key file whose tokens come from a fake OAuth server that the fake Google trusts.
    QString serviceAccountKeyFile();

    QTemporaryDir m_home;
    std::unique_ptr<FakeGoogleServer> m_fake;
    QString m_movieId;
    QHash<bool, QJsonObject> m_csvRuns; ///< --inclusive → the CSV run's JSON
    QHash<bool, QByteArray> m_csvExports;
    std::unique_ptr<FakeOAuthServer> m_oauth;
};

QProcessEnvironment TestGoogleCli::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.path() + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.path() + QStringLiteral("/cache"));
    if (m_oauth)
        env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_TOKEN_URL"), m_oauth->tokenUrl().toString());
    if (m_fake) {
        const QString base = m_fake->baseUrl().toString();
        env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_SHEETS_URL"), base);
        env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_DRIVE_URL"), base);
        env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_DOCS_URL"), base);
    }
    return env;
}

Outcome TestGoogleCli::run(const QStringList &arguments, const std::function<void(QProcess &)> &whileRunning)
{
    // The fake lives in this thread: wait with the event loop running, never with waitForFinished.
    QProcess process;
    process.setProcessEnvironment(environment());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(MOVIEFLOW_CLI_PATH), arguments);
    Outcome outcome;
    if (!process.waitForStarted(10000))
        return outcome;
    if (whileRunning)
        whileRunning(process);
    if (process.state() != QProcess::NotRunning && !finished.wait(180000)) {
        process.kill();
        process.waitForFinished();
        return outcome;
    }
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    outcome.out = process.readAllStandardOutput();
    outcome.err = process.readAllStandardError();
    if (arguments.contains(QStringLiteral("--json")))
        outcome.json = QJsonDocument::fromJson(outcome.out).object();
    return outcome;
}

QString TestGoogleCli::sheetLink() const
{
    return QStringLiteral("https://docs.google.com/spreadsheets/d/%1/edit?usp=sharing#gid=0").arg(m_movieId);
}

void TestGoogleCli::initTestCase()
{
    QVERIFY(m_home.isValid());
    if (!QFile::exists(QStringLiteral(MOVIEFLOW_REAL_DATA)))
        QSKIP("The real data (../shared/data/movie.csv) is not here.");
    for (const bool inclusive : {false, true}) {
        QStringList arguments {QStringLiteral("run"),
                               QStringLiteral("--source"),
                               QStringLiteral(MOVIEFLOW_REAL_DATA),
                               QStringLiteral("--out"),
                               outDir(QStringLiteral("csv-%1").arg(inclusive)),
                               QStringLiteral("--json"),
                               QStringLiteral("--quiet")};
        if (inclusive)
            arguments << QStringLiteral("--inclusive");
        const Outcome csv = run(arguments);
        QCOMPARE(csv.exitCode, 0);
        m_csvRuns.insert(inclusive, csv.json);
        m_csvExports.insert(inclusive,
                            readAll(csv.json.value(QStringLiteral("outputs"))
                                        .toObject()
                                        .value(QStringLiteral("csv"))
                                        .toString()));
        QVERIFY(!m_csvExports.value(inclusive).isEmpty());
    }
}

void TestGoogleCli::init()
{
    m_fake = std::make_unique<FakeGoogleServer>();
    QVERIFY(m_fake->start());
    QString error;
    m_movieId
        = m_fake->addCsvSpreadsheet(QStringLiteral("movie"), QStringLiteral(MOVIEFLOW_REAL_DATA), &error);
    QVERIFY2(!m_movieId.isEmpty(), qPrintable(error));
    m_fake->setAnyoneWithLink(m_movieId, true);
    m_fake->addApiKey(ApiKey);
}

void TestGoogleCli::cleanup()
{
    m_oauth.reset();
    m_fake.reset();
}

QString TestGoogleCli::serviceAccountKeyFile()
{
    const FakeOAuthTestKey key;
    if (!key.isValid())
        return {};
    m_oauth = std::make_unique<FakeOAuthServer>();
    if (!m_oauth->listen())
        return {};
    m_oauth->addServiceAccount(Robot, key.publicKeyPem());
    // The fake Sheets accepts exactly the tokens the fake token endpoint hands out.
    connect(m_oauth.get(), &FakeOAuthServer::accessTokenIssued, m_fake.get(),
            [this](const QString &token, const QString &identity) { m_fake->addToken(token, identity); });
    const QString path = m_home.filePath(QStringLiteral("robot-key.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(key.serviceAccountJson(Robot, m_oauth->tokenUrl().toString()));
    return path;
}

void TestGoogleCli::publicRunMatchesTheCsvRun_data()
{
    QTest::addColumn<bool>("inclusive");
    QTest::addColumn<qint64>("kept");
    QTest::newRow("default (> 7.0)") << false << qint64(3180);
    QTest::newRow("--inclusive (>= 7.0)") << true << qint64(3300);
}

void TestGoogleCli::publicRunMatchesTheCsvRun()
{
    QFETCH(bool, inclusive);
    QFETCH(qint64, kept);
    const QString out = outDir(QStringLiteral("public-%1").arg(inclusive));
    QStringList arguments {QStringLiteral("run"),      QStringLiteral("--sheet"), sheetLink(),
                           QStringLiteral("--public"), QStringLiteral("--out"),   out,
                           QStringLiteral("--json")};
    if (inclusive)
        arguments << QStringLiteral("--inclusive");
    const Outcome sheet = run(arguments);
    QVERIFY2(sheet.exitCode == 0, sheet.err.constData());
    const QJsonObject csv = m_csvRuns.value(inclusive);
    QCOMPARE(sheet.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("kept")).toInteger(),
             kept);
    QCOMPARE(sheet.json.value(QStringLiteral("rows")), csv.value(QStringLiteral("rows")));
    QCOMPARE(sheet.json.value(QStringLiteral("analysis")), csv.value(QStringLiteral("analysis")));
    const QJsonArray top
        = sheet.json.value(QStringLiteral("analysis")).toObject().value(QStringLiteral("top")).toArray();
    QCOMPARE(top.first().toObject().value(QStringLiteral("title")).toString(),
             QStringLiteral("Deadpool & Wolverine"));
    const QString exported
        = sheet.json.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("csv")).toString();
    QVERIFY(exported.startsWith(out));
    QCOMPARE(readAll(exported), m_csvExports.value(inclusive));
    QVERIFY(m_fake->requests(QStringLiteral("/v4/")).isEmpty()); // the public way never touches the API
}

void TestGoogleCli::apiKeyRunMatchesTheCsvRunAndLeavesTheKeyNowhere()
{
    const QString out = outDir(QStringLiteral("api-key"));
    const Outcome sheet
        = run({QStringLiteral("run"), QStringLiteral("--sheet"), m_movieId, QStringLiteral("--api-key"),
               ApiKey, QStringLiteral("--out"), out, QStringLiteral("--json")});
    QVERIFY2(sheet.exitCode == 0, sheet.err.constData());
    const QJsonObject csv = m_csvRuns.value(false);
    QCOMPARE(sheet.json.value(QStringLiteral("rows")), csv.value(QStringLiteral("rows")));
    QCOMPARE(sheet.json.value(QStringLiteral("analysis")), csv.value(QStringLiteral("analysis")));
    QCOMPARE(
        readAll(
            sheet.json.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("csv")).toString()),
        m_csvExports.value(false));
    QVERIFY(!m_fake->requests(QStringLiteral("/values/")).isEmpty());

    // The key went out in the header only, and is in no file, log line or output.
    for (const mf::fakegoogle::RecordedRequest &request : m_fake->requests())
        QCOMPARE(request.headers.value("x-goog-api-key"), ApiKey.toUtf8());
    QVERIFY(!sheet.err.contains(ApiKey.toUtf8()));
    QVERIFY(!sheet.out.contains(ApiKey.toUtf8()));
    const QStringList files = filesUnder(m_home.path() + QStringLiteral("/config"))
        + filesUnder(m_home.path() + QStringLiteral("/data")) + filesUnder(out);
    QVERIFY(!filesUnder(out).isEmpty());
    for (const QString &file : files)
        QVERIFY2(!readAll(file).contains(ApiKey.toUtf8()), qPrintable(file));
}

void TestGoogleCli::standaloneFakeServesARun()
{
    m_fake.reset(); // the environment must point at the standalone server only
    QProcess server;
    server.start(QStringLiteral(MOVIEFLOW_FAKE_GOOGLE_PATH),
                 {QStringLiteral("--sheet"),
                  QStringLiteral("movie=%1").arg(QStringLiteral(MOVIEFLOW_REAL_DATA)),
                  QStringLiteral("--api-key"), ApiKey});
    QVERIFY(server.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 20000);
    const QJsonObject ready = QJsonDocument::fromJson(server.readLine()).object();
    const QString base = ready.value(QStringLiteral("base")).toString();
    const QString id
        = ready.value(QStringLiteral("sheets")).toObject().value(QStringLiteral("movie")).toString();
    QVERIFY2(base.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(base));
    QCOMPARE(id, FakeGoogleServer::idForTitle(QStringLiteral("movie")));

    QProcess cli;
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_SHEETS_URL"), base);
    env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_DOCS_URL"), base);
    cli.setProcessEnvironment(env);
    // The server is another process, so blocking here is fine.
    cli.start(QStringLiteral(MOVIEFLOW_CLI_PATH),
              {QStringLiteral("run"), QStringLiteral("--sheet"), id, QStringLiteral("--api-key"), ApiKey,
               QStringLiteral("--inclusive"), QStringLiteral("--out"), outDir(QStringLiteral("standalone")),
               QStringLiteral("--json"), QStringLiteral("--quiet")});
    QVERIFY(cli.waitForFinished(180000));
    server.terminate();
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject json = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(json.value(QStringLiteral("rows")), m_csvRuns.value(true).value(QStringLiteral("rows")));
    QCOMPARE(json.value(QStringLiteral("analysis")), m_csvRuns.value(true).value(QStringLiteral("analysis")));
}

void TestGoogleCli::serviceAccountRunMatchesTheCsvRun()
{
    const QString keyFile = serviceAccountKeyFile();
    QVERIFY(!keyFile.isEmpty());
    m_fake->setAnyoneWithLink(m_movieId, false);
    m_fake->share(m_movieId, Robot);
    const QString out = outDir(QStringLiteral("service-account"));
    const Outcome sheet = run({QStringLiteral("run"), QStringLiteral("--sheet"), sheetLink(),
                               QStringLiteral("--service-account"), keyFile, QStringLiteral("--inclusive"),
                               QStringLiteral("--out"), out, QStringLiteral("--json")});
    QVERIFY2(sheet.exitCode == 0, sheet.err.constData());
    QCOMPARE(sheet.json.value(QStringLiteral("rows")), m_csvRuns.value(true).value(QStringLiteral("rows")));
    QCOMPARE(sheet.json.value(QStringLiteral("analysis")),
             m_csvRuns.value(true).value(QStringLiteral("analysis")));
    QCOMPARE(
        readAll(
            sheet.json.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("csv")).toString()),
        m_csvExports.value(true));
    QCOMPARE(m_oauth->tokenRequestCount(QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer")), 1);
    const QString token = m_oauth->issuedAccessTokens().constLast();
    for (const mf::fakegoogle::RecordedRequest &request : m_fake->requests())
        QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer ") + token.toUtf8());
    for (const QString &file : filesUnder(m_home.path() + QStringLiteral("/config"))
             + filesUnder(m_home.path() + QStringLiteral("/data")) + filesUnder(out))
        QVERIFY2(!readAll(file).contains(token.toUtf8()), qPrintable(file));
}

void TestGoogleCli::serviceAccountNotSharedNamesTheAccount()
{
    const QString keyFile = serviceAccountKeyFile();
    QVERIFY(!keyFile.isEmpty());
    m_fake->setAnyoneWithLink(m_movieId, false);
    const QString out = outDir(QStringLiteral("service-account-unshared"));
    const Outcome sheet = run({QStringLiteral("run"), QStringLiteral("--sheet"), m_movieId,
                               QStringLiteral("--service-account"), keyFile, QStringLiteral("--out"), out});
    QCOMPARE(sheet.exitCode, 4);
    QVERIFY2(sheet.err.contains(QStringLiteral("Share the sheet with %1").arg(Robot).toUtf8()),
             sheet.err.constData());
    QVERIFY(filesUnder(out).isEmpty());
}

void TestGoogleCli::survivesADroppedConnection()
{
    m_fake->injectFault({Fault::Kind::Drop, 200, -1, 0, QStringLiteral("/values/"), 1});
    m_fake->injectFault({Fault::Kind::Status, 429, 0, 0, QStringLiteral("/values/"), 1});
    const Outcome sheet
        = run({QStringLiteral("run"), QStringLiteral("--sheet"), sheetLink(), QStringLiteral("--api-key"),
               ApiKey, QStringLiteral("--out"), outDir(QStringLiteral("dropped")), QStringLiteral("--json")});
    QVERIFY2(sheet.exitCode == 0, sheet.err.constData());
    QCOMPARE(sheet.json.value(QStringLiteral("rows")), m_csvRuns.value(false).value(QStringLiteral("rows")));
    QVERIFY(sheet.err.contains("trying again"));
}

void TestGoogleCli::failuresExitFourAndLeaveNoFiles_data()
{
    QTest::addColumn<QString>("access");
    QTest::addColumn<bool>("makePrivate");
    QTest::addColumn<QString>("reference"); // empty: the movie sheet's link
    QTest::addColumn<QString>("message");
    QTest::newRow("private sheet, public way")
        << QStringLiteral("--public") << true << QString()
        << QStringLiteral("This sheet is not public — sign in or share it with "
                          "'Anyone with the link'.");
    QTest::newRow("private sheet, API key")
        << QStringLiteral("--api-key") << true << QString() << QStringLiteral("Anyone with the link");
    QTest::newRow("unknown sheet") << QStringLiteral("--api-key") << false
                                   << QStringLiteral("1nosuchsheetnosuchsheetnosuchsheetnosuchshe")
                                   << QStringLiteral("Check the link");
    QTest::newRow("title needs an account") << QStringLiteral("--api-key") << false << QStringLiteral("movie")
                                            << QStringLiteral("Paste the sheet's link");
    QTest::newRow("no sign-in") << QString() << false << QString()
                                << QStringLiteral("No Google account is signed in. Sign in first");
    QTest::newRow("worksheet not there")
        << QStringLiteral("--api-key") << false << QString() << QStringLiteral("Could not find");
}

void TestGoogleCli::failuresExitFourAndLeaveNoFiles()
{
    QFETCH(QString, access);
    QFETCH(bool, makePrivate);
    QFETCH(QString, reference);
    QFETCH(QString, message);
    if (makePrivate)
        m_fake->setAnyoneWithLink(m_movieId, false);
    const QString out = outDir(QStringLiteral("failed-%1").arg(QTest::currentDataTag()));
    QStringList arguments {QStringLiteral("run"),
                           QStringLiteral("--sheet"),
                           reference.isEmpty() ? sheetLink() : reference,
                           QStringLiteral("--out"),
                           out,
                           QStringLiteral("--json")};
    if (access == QLatin1String("--api-key"))
        arguments << access << ApiKey;
    else if (!access.isEmpty())
        arguments << access;
    if (QByteArray(QTest::currentDataTag()) == "worksheet not there")
        arguments << QStringLiteral("--worksheet") << QStringLiteral("Sheet9");
    const QStringList dataBefore = filesUnder(m_home.path() + QStringLiteral("/data"));
    const Outcome outcome = run(arguments);
    const int expectedCode = QByteArray(QTest::currentDataTag()) == "worksheet not there" ? 3 : 4;
    QCOMPARE(outcome.exitCode, expectedCode);
    QVERIFY2(outcome.err.contains(message.toUtf8()), outcome.err.constData());
    QCOMPARE(outcome.json.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    QVERIFY(!outcome.err.contains(ApiKey.toUtf8()));
    QVERIFY2(filesUnder(out).isEmpty(), qPrintable(filesUnder(out).join(QLatin1Char(' '))));
    // Nor anything half-done in the staging area.
    QCOMPARE(filesUnder(m_home.path() + QStringLiteral("/data")), dataBefore);
}

void TestGoogleCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("two sources") << QStringList {QStringLiteral("--sheet"), QStringLiteral("x"),
                                                 QStringLiteral("--sample")};
    QTest::newRow("two ways in") << QStringList {QStringLiteral("--sheet"), QStringLiteral("x"),
                                                 QStringLiteral("--public"), QStringLiteral("--api-key"),
                                                 QStringLiteral("k")};
    QTest::newRow("name and gid") << QStringList {QStringLiteral("--sheet"),     QStringLiteral("x"),
                                                  QStringLiteral("--worksheet"), QStringLiteral("a"),
                                                  QStringLiteral("--gid"),       QStringLiteral("1")};
    QTest::newRow("bad gid") << QStringList {QStringLiteral("--sheet"), QStringLiteral("x"),
                                             QStringLiteral("--gid"), QStringLiteral("abc")};
    QTest::newRow("gid without sheet")
        << QStringList {QStringLiteral("--sample"), QStringLiteral("--gid"), QStringLiteral("1")};
    QTest::newRow("missing key file")
        << QStringList {QStringLiteral("--sheet"), QStringLiteral("x"), QStringLiteral("--service-account"),
                        QStringLiteral("/no/such.json")};
    QTest::newRow("not a sheet link") << QStringList {
        QStringLiteral("--sheet"), QStringLiteral("https://example.org/x"), QStringLiteral("--public")};
    QTest::newRow("public by name") << QStringList {
        QStringLiteral("--sheet"), QStringLiteral("1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"),
        QStringLiteral("--public"), QStringLiteral("--worksheet"), QStringLiteral("movie")};
}

void TestGoogleCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    const Outcome outcome = run(QStringList {QStringLiteral("run")} + arguments
                                + QStringList {QStringLiteral("--out"), outDir(QStringLiteral("usage"))});
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY(!outcome.err.isEmpty());
    QVERIFY(filesUnder(outDir(QStringLiteral("usage"))).isEmpty());
}

void TestGoogleCli::cancelDuringTheDownloadLeavesNothing()
{
    m_fake->injectFault({Fault::Kind::Delay, 200, -1, 60000, QStringLiteral("/values/"), 1});
    const QString out = outDir(QStringLiteral("cancelled"));
    const QStringList dataBefore = filesUnder(m_home.path() + QStringLiteral("/data"));
    QElapsedTimer clock;
    clock.start();
    const Outcome outcome
        = run({QStringLiteral("run"), QStringLiteral("--sheet"), m_movieId, QStringLiteral("--api-key"),
               ApiKey, QStringLiteral("--out"), out},
              [this](QProcess &process) {
                  // Interrupt once the slow request is in flight.
                  QTRY_VERIFY_WITH_TIMEOUT(!m_fake->requests(QStringLiteral("/values/")).isEmpty(), 30000);
                  process.terminate();
              });
    QCOMPARE(outcome.exitCode, 130);
    QVERIFY(clock.elapsed() < 30000);
    QVERIFY(filesUnder(out).isEmpty());
    QCOMPARE(filesUnder(m_home.path() + QStringLiteral("/data")), dataBefore);
}

QTEST_GUILESS_MAIN(TestGoogleCli)
#include "tst_googlecli.moc"
