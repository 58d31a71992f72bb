// SPDX-License-Identifier: MIT
// movieflow-cli run --sheet through the signed-in Google account, end to end: `auth login` against the fake
// OAuth server (the test plays the browser, the refresh token goes to a real Secret Service through
// run-with-keyring.sh), then runs that open the sheet by title through the fake Drive and read it through
// the fake Sheets, which accepts exactly the access tokens the fake token endpoint issued.
#include "FakeGoogleServer.h"
#include "FakeOAuthBrowser.h"
#include "FakeOAuthServer.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using mf::fakegoogle::FakeGoogleServer;
using mf::fakegoogle::FakeSpreadsheet;

namespace {

const QString ClientId = QStringLiteral("31337-sheets.apps.googleusercontent.com");
const QString ClientSecret = QStringLiteral("GOCSPX-sheets-secret");
const QString Ana = QStringLiteral("ana@example.com");

struct Outcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json;
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

} // namespace

class TestCliSheetAccount : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void signIn();
    void runByTitleMatchesTheCsvRun();
    void severalSheetsWithTheTitleAreListed();
    void sheetNotSharedWithTheAccount();
    void revokedSignInSaysSignInAgain();

private:
    QProcessEnvironment environment() const;
    Outcome finish(QProcess &process, bool json);
    Outcome cli(const QStringList &arguments);
    QString out(const QString &name) const { return m_files.filePath(QStringLiteral("out/") + name); }

    std::unique_ptr<FakeOAuthServer> m_oauth;
    std::unique_ptr<FakeGoogleServer> m_google;
    FakeOAuthBrowser m_browser;
    QTemporaryDir m_files;
    QString m_clientFile;
    QString m_movieId;
    QJsonObject m_csvRun;
    QByteArray m_csvExport;
};

QProcessEnvironment TestCliSheetAccount::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_AUTH_URL"), m_oauth->authUrl().toString());
    env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_TOKEN_URL"), m_oauth->tokenUrl().toString());
    const QString base = m_google->baseUrl().toString();
    env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_SHEETS_URL"), base);
    env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_DRIVE_URL"), base);
    env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_DOCS_URL"), base);
    env.remove(QStringLiteral("DISPLAY"));
    return env;
}

Outcome TestCliSheetAccount::finish(QProcess &process, bool json)
{
    // Both fakes live in this thread: wait with the event loop running.
    Outcome outcome;
    if (process.state() != QProcess::NotRunning) {
        QSignalSpy finished(&process, &QProcess::finished);
        if (!finished.wait(180000)) {
            process.kill();
            process.waitForFinished();
            return outcome;
        }
    }
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    outcome.out = process.readAllStandardOutput();
    outcome.err = process.readAllStandardError();
    if (json)
        outcome.json = QJsonDocument::fromJson(outcome.out).object();
    return outcome;
}

Outcome TestCliSheetAccount::cli(const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(MOVIEFLOW_CLI_PATH), arguments);
    return finish(process, arguments.contains(QStringLiteral("--json")));
}

void TestCliSheetAccount::initTestCase()
{
    if (qEnvironmentVariable("MOVIEFLOW_KEYRING_SESSION") != QLatin1String("1"))
        QFAIL("Run this test through tests/keyring/run-with-keyring.sh (ctest does): it needs a Secret "
              "Service.");
    if (!QFile::exists(QStringLiteral(MOVIEFLOW_REAL_DATA)))
        QSKIP("The real data (../shared/data/movie.csv) is not here.");
    QVERIFY(m_files.isValid());
    m_oauth = std::make_unique<FakeOAuthServer>();
    QVERIFY(m_oauth->listen());
    m_oauth->addClient(ClientId, ClientSecret);
    m_google = std::make_unique<FakeGoogleServer>();
    QVERIFY(m_google->start());
    connect(m_oauth.get(), &FakeOAuthServer::accessTokenIssued, m_google.get(),
            [this](const QString &token, const QString &identity) { m_google->addToken(token, identity); });
    QString error;
    m_movieId
        = m_google->addCsvSpreadsheet(QStringLiteral("movie"), QStringLiteral(MOVIEFLOW_REAL_DATA), &error);
    QVERIFY2(!m_movieId.isEmpty(), qPrintable(error));
    m_google->share(m_movieId, Ana); // private, shared with Ana only

    m_clientFile = m_files.filePath(QStringLiteral("credentials.json"));
    QFile file(m_clientFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QJsonObject installed {
        {QStringLiteral("client_id"), ClientId},
        {QStringLiteral("project_id"), QStringLiteral("movieflow-test")},
        {QStringLiteral("auth_uri"), QStringLiteral("https://accounts.google.com/o/oauth2/auth")},
        {QStringLiteral("token_uri"), QStringLiteral("https://oauth2.googleapis.com/token")},
        {QStringLiteral("client_secret"), ClientSecret},
        {QStringLiteral("redirect_uris"), QJsonArray {QStringLiteral("http://localhost")}},
    };
    file.write(QJsonDocument(QJsonObject {{QStringLiteral("installed"), installed}}).toJson());
    file.close();

    const Outcome csv
        = cli({QStringLiteral("run"), QStringLiteral("--source"), QStringLiteral(MOVIEFLOW_REAL_DATA),
               QStringLiteral("--out"), out(QStringLiteral("csv")), QStringLiteral("--json"),
               QStringLiteral("--quiet")});
    QCOMPARE(csv.exitCode, 0);
    m_csvRun = csv.json;
    m_csvExport = readAll(
        csv.json.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("csv")).toString());
}

void TestCliSheetAccount::signIn()
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(MOVIEFLOW_CLI_PATH),
                  {QStringLiteral("auth"), QStringLiteral("login"), QStringLiteral("--no-browser"),
                   QStringLiteral("--oauth-client"), m_clientFile});
    const QRegularExpression address(QStringLiteral("(http://127\\.0\\.0\\.1:\\d+/o/oauth2/v2/auth\\?\\S+)"));
    QByteArray printed;
    QSignalSpy readable(&process, &QProcess::readyReadStandardOutput);
    while (!address.match(QString::fromUtf8(printed)).hasMatch()) {
        QVERIFY2(process.state() != QProcess::NotRunning, "auth login ended before printing the address");
        QVERIFY(readable.wait(30000) || process.bytesAvailable());
        printed += process.readAllStandardOutput();
    }
    m_browser.open(QUrl(address.match(QString::fromUtf8(printed)).captured(1), QUrl::StrictMode));
    const Outcome login = finish(process, false);
    QVERIFY2(login.exitCode == 0, login.err.constData());
    QVERIFY(m_oauth->lastAuthorizationRequest()
                .value(QStringLiteral("scope"))
                .contains(QStringLiteral("spreadsheets.readonly")));
}

void TestCliSheetAccount::runByTitleMatchesTheCsvRun()
{
    m_google->clearRequests();
    const QString dir = out(QStringLiteral("by-title"));
    const Outcome sheet = cli({QStringLiteral("run"), QStringLiteral("--sheet"), QStringLiteral("movie"),
                               QStringLiteral("--out"), dir, QStringLiteral("--json")});
    QVERIFY2(sheet.exitCode == 0, sheet.err.constData());
    QCOMPARE(sheet.json.value(QStringLiteral("rows")), m_csvRun.value(QStringLiteral("rows")));
    QCOMPARE(sheet.json.value(QStringLiteral("analysis")), m_csvRun.value(QStringLiteral("analysis")));
    QCOMPARE(
        readAll(
            sheet.json.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("csv")).toString()),
        m_csvExport);
    QVERIFY(
        QFileInfo(
            sheet.json.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("csv")).toString())
            .fileName()
            .startsWith(QStringLiteral("processed_movies_")));

    // Drive found it by title; every request carried a token the fake OAuth server issued for Ana.
    QCOMPARE(m_google->requests(QStringLiteral("/drive/v3/files")).size(), 1);
    QVERIFY(!m_google->requests(QStringLiteral("/values/")).isEmpty());
    for (const mf::fakegoogle::RecordedRequest &request : m_google->requests()) {
        const QByteArray authorization = request.headers.value("authorization");
        QVERIFY(authorization.startsWith("Bearer "));
        const QString token = QString::fromUtf8(authorization.mid(7));
        QVERIFY(m_oauth->isAccessTokenValid(token));
        QCOMPARE(m_oauth->identityOf(token), Ana);
        // The access token stays in memory: no file under the config, data or output folders has it.
        for (const char *variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
            for (const QString &file : filesUnder(qEnvironmentVariable(variable)) + filesUnder(dir))
                QVERIFY2(!readAll(file).contains(token.toUtf8()), qPrintable(file));
        }
    }
}

void TestCliSheetAccount::severalSheetsWithTheTitleAreListed()
{
    FakeSpreadsheet copy;
    copy.title = QStringLiteral("movie");
    copy.id = QStringLiteral("1copyofmoviecopyofmoviecopyofmoviecopyofmov");
    copy.sharedWith = {Ana};
    m_google->addSpreadsheet(copy);
    const Outcome sheet = cli({QStringLiteral("run"), QStringLiteral("--sheet"), QStringLiteral("movie"),
                               QStringLiteral("--out"), out(QStringLiteral("ambiguous"))});
    m_google->spreadsheet(copy.id)->trashed = true;
    QCOMPARE(sheet.exitCode, 2);
    QVERIFY2(sheet.err.contains(m_movieId.toUtf8()) && sheet.err.contains(copy.id.toUtf8()),
             sheet.err.constData());
    QVERIFY(filesUnder(out(QStringLiteral("ambiguous"))).isEmpty());
}

void TestCliSheetAccount::sheetNotSharedWithTheAccount()
{
    m_google->unshare(m_movieId, Ana);
    const Outcome sheet = cli({QStringLiteral("run"), QStringLiteral("--sheet"), m_movieId,
                               QStringLiteral("--out"), out(QStringLiteral("unshared"))});
    m_google->share(m_movieId, Ana);
    QCOMPARE(sheet.exitCode, 4);
    QVERIFY2(sheet.err.contains("Ask the owner to share it with ana@example.com"), sheet.err.constData());
}

void TestCliSheetAccount::revokedSignInSaysSignInAgain()
{
    m_oauth->revokeAllRefreshTokens();
    const Outcome sheet = cli({QStringLiteral("run"), QStringLiteral("--sheet"), m_movieId,
                               QStringLiteral("--out"), out(QStringLiteral("revoked"))});
    QCOMPARE(sheet.exitCode, 4);
    QVERIFY2(sheet.err.contains("sign in again"), sheet.err.constData());
    QVERIFY(filesUnder(out(QStringLiteral("revoked"))).isEmpty());
}

QTEST_GUILESS_MAIN(TestCliSheetAccount)
#include "tst_clisheetaccount.moc"
