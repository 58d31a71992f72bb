// SPDX-License-Identifier: MIT
// `movieflow-cli auth login/status/logout` as a user runs them, against the fake Google in this process and a
// real Secret Service (run through run-with-keyring.sh). The test plays the browser: it reads the address the
// CLI prints and opens it.
#include "FakeOAuthBrowser.h"
#include "FakeOAuthServer.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace {

const QString clientId = QStringLiteral("31337-cli.apps.googleusercontent.com");
const QString clientSecret = QStringLiteral("GOCSPX-cli-secret");

} // namespace

class TestCliAuth : public QObject
{
    Q_OBJECT

private:
    struct Outcome
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    std::unique_ptr<FakeOAuthServer> m_google;
    FakeOAuthBrowser m_browser;
    QTemporaryDir m_files; ///< the client file lives here, outside the config and data folders
    QString m_clientFile;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_AUTH_URL"), m_google->authUrl().toString());
        env.insert(QStringLiteral("MOVIEFLOW_GOOGLE_TOKEN_URL"), m_google->tokenUrl().toString());
        env.remove(QStringLiteral("DISPLAY"));
        return env;
    }

    static Outcome finish(QProcess &process)
    {
        Outcome outcome;
        if (process.state() != QProcess::NotRunning) {
            QSignalSpy finished(&process, &QProcess::finished);
            if (!finished.wait(60000)) {
                process.kill();
                process.waitForFinished();
                return outcome;
            }
        }
        outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        outcome.out = QString::fromUtf8(process.readAllStandardOutput());
        outcome.err = QString::fromUtf8(process.readAllStandardError());
        return outcome;
    }

    Outcome cli(const QStringList &arguments, const QProcessEnvironment &env) const
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(MOVIEFLOW_CLI_PATH), arguments);
        return finish(process);
    }
    Outcome cli(const QStringList &arguments) const { return cli(arguments, environment()); }

    /// Starts `auth login …` and waits for the consent address it prints.
    QUrl startLogin(QProcess &process, const QStringList &extra, const QProcessEnvironment &env)
    {
        process.setProcessEnvironment(env);
        process.start(
            QStringLiteral(MOVIEFLOW_CLI_PATH),
            QStringList {QStringLiteral("auth"), QStringLiteral("login"), QStringLiteral("--no-browser")}
                + extra);
        const QRegularExpression address(
            QStringLiteral("(http://127\\.0\\.0\\.1:\\d+/o/oauth2/v2/auth\\?\\S+)"));
        QByteArray printed;
        QSignalSpy readable(&process, &QProcess::readyReadStandardOutput);
        while (!address.match(QString::fromUtf8(printed)).hasMatch()) {
            if (process.state() == QProcess::NotRunning
                || (!readable.wait(30000) && !process.bytesAvailable()))
                return {};
            printed += process.readAllStandardOutput();
        }
        return QUrl(address.match(QString::fromUtf8(printed)).captured(1), QUrl::StrictMode);
    }

    static std::optional<QString> secretTool(const QString &key)
    {
        QProcess tool;
        tool.start(QStringLiteral("secret-tool"),
                   {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("MovieFlow"),
                    QStringLiteral("user"), key});
        if (!tool.waitForFinished(20000) || tool.exitCode() != 0)
            return std::nullopt;
        return QString::fromUtf8(tool.readAllStandardOutput());
    }

    static QStringList filesContaining(const QByteArray &secret)
    {
        QStringList found;
        for (const char *variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
            QDirIterator it(qEnvironmentVariable(variable), QDir::Files | QDir::Hidden,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile file(it.next());
                if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret))
                    found << file.fileName();
            }
        }
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("MOVIEFLOW_KEYRING_SESSION") != QLatin1String("1"))
            QFAIL("Run this test through tests/keyring/run-with-keyring.sh (ctest does): it needs a Secret "
                  "Service.");
        QVERIFY(QFile::exists(QStringLiteral(MOVIEFLOW_CLI_PATH)));
        QVERIFY(m_files.isValid());
        m_google = std::make_unique<FakeOAuthServer>();
        QVERIFY(m_google->listen());
        m_google->addClient(clientId, clientSecret);
        m_clientFile = m_files.filePath(QStringLiteral("credentials.json"));
        QFile file(m_clientFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QJsonObject installed {
            {QStringLiteral("client_id"), clientId},
            {QStringLiteral("project_id"), QStringLiteral("movieflow-test")},
            {QStringLiteral("auth_uri"), QStringLiteral("https://accounts.google.com/o/oauth2/auth")},
            {QStringLiteral("token_uri"), QStringLiteral("https://oauth2.googleapis.com/token")},
            {QStringLiteral("client_secret"), clientSecret},
            {QStringLiteral("redirect_uris"), QJsonArray {QStringLiteral("http://localhost")}},
        };
        file.write(QJsonDocument(QJsonObject {{QStringLiteral("installed"), installed}}).toJson());
    }

    void statusBeforeSigningIn()
    {
        const Outcome status = cli({QStringLiteral("auth"), QStringLiteral("status")});
        QCOMPARE(status.exitCode, 4);
        QVERIFY2(status.out.contains(QLatin1String("auth login --oauth-client")), qPrintable(status.out));
    }

    void loginThroughTheBrowser()
    {
        QProcess process;
        const QUrl url = startLogin(process, {QStringLiteral("--oauth-client"), m_clientFile}, environment());
        QVERIFY2(url.isValid(), "movieflow-cli printed no sign-in address");
        m_browser.open(url);
        const Outcome login = finish(process);
        QVERIFY2(login.exitCode == 0, qPrintable(login.err));
        QVERIFY2(login.out.contains(QLatin1String("Signed in to Google as ana@example.com")),
                 qPrintable(login.out));
        QVERIFY2(login.out.contains(QLatin1String("system keychain")), qPrintable(login.out));
        QTRY_VERIFY(m_browser.page().contains("You can close this tab"));

        const Outcome status = cli({QStringLiteral("auth"), QStringLiteral("status")});
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains(QLatin1String("Signed in to Google as ana@example.com"))
                     && status.out.contains(QLatin1String("spreadsheets.readonly"))
                     && status.out.contains(QLatin1String("the system keychain (service \"MovieFlow\")"))
                     && status.out.contains(clientId),
                 qPrintable(status.out));

        const QString refreshToken
            = secretTool(QStringLiteral("google-oauth-refresh-token/") + clientId).value_or(QString());
        QVERIFY(refreshToken.startsWith(QLatin1String("1//fake-")));
        QCOMPARE(filesContaining(refreshToken.toUtf8()), QStringList());
        QCOMPARE(filesContaining(clientSecret.toUtf8()), QStringList());
        QCOMPARE(filesContaining(m_google->issuedAccessTokens().constLast().toUtf8()), QStringList());
    }

    void deniedAndForgedAnswersFail()
    {
        m_google->setConsent(FakeOAuthServer::Consent::Deny);
        QProcess denied;
        const QUrl url = startLogin(denied, {}, environment());
        QVERIFY(url.isValid());
        m_browser.open(url);
        Outcome login = finish(denied);
        m_google->setConsent(FakeOAuthServer::Consent::Allow);
        QCOMPARE(login.exitCode, 4);
        QVERIFY2(login.err.contains(QLatin1String("declined")), qPrintable(login.err));

        m_google->setRedirectState(QStringLiteral("not-the-state"));
        QProcess forged;
        const QUrl forgedUrl = startLogin(forged, {}, environment());
        QVERIFY(forgedUrl.isValid());
        m_browser.open(forgedUrl);
        login = finish(forged);
        m_google->setRedirectState(std::nullopt);
        QCOMPARE(login.exitCode, 4);
        QVERIFY2(login.err.contains(QLatin1String("state does not match")), qPrintable(login.err));

        // The earlier sign-in is untouched.
        QCOMPARE(cli({QStringLiteral("auth"), QStringLiteral("status")}).exitCode, 0);
    }

    void interruptedLoginExits130()
    {
        QProcess process;
        QVERIFY(startLogin(process, {}, environment()).isValid());
        process.terminate(); // SIGTERM, like Ctrl+C's SIGINT
        const Outcome login = finish(process);
        QCOMPARE(login.exitCode, 130);
        QVERIFY2(login.err.contains(QLatin1String("sign-in was cancelled")), qPrintable(login.err));
    }

    void loginWithoutKeychainStopsBeforeTheBrowser()
    {
        // movieflow-cli could not keep the sign-in after it exits: it says so instead of opening the browser.
        QProcessEnvironment env = environment();
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        const int authorizations = m_browser.visits();
        const Outcome login
            = cli({QStringLiteral("auth"), QStringLiteral("login"), QStringLiteral("--no-browser"),
                   QStringLiteral("--oauth-client"), m_clientFile},
                  env);
        QCOMPARE(login.exitCode, 4);
        QVERIFY2(login.err.contains(QLatin1String("No keychain is available ("))
                     && login.err.contains(QLatin1String("did not start one"))
                     && login.err.contains(QLatin1String("--service-account")),
                 qPrintable(login.err));
        QVERIFY2(!login.out.contains(QLatin1String("http://")), qPrintable(login.out));
        QCOMPARE(m_browser.visits(), authorizations);
        // The keychain session is untouched.
        const Outcome status = cli({QStringLiteral("auth"), QStringLiteral("status")});
        QCOMPARE(status.exitCode, 0);
        QVERIFY(status.out.contains(QLatin1String("ana@example.com")));
    }

    void logoutRevokesAndDeletes()
    {
        const QString refreshToken
            = secretTool(QStringLiteral("google-oauth-refresh-token/") + clientId).value_or(QString());
        QVERIFY(!refreshToken.isEmpty());
        const Outcome logout = cli({QStringLiteral("auth"), QStringLiteral("logout")});
        QVERIFY2(logout.exitCode == 0, qPrintable(logout.err));
        QVERIFY2(logout.out.contains(QLatin1String("Signed out of Google as ana@example.com"))
                     && logout.out.contains(QLatin1String("revoked")),
                 qPrintable(logout.out));
        QVERIFY(m_google->revokedTokens().contains(refreshToken));
        QVERIFY(!secretTool(QStringLiteral("google-oauth-refresh-token/") + clientId).has_value());

        const Outcome status = cli({QStringLiteral("auth"), QStringLiteral("status")});
        QCOMPARE(status.exitCode, 4);
        QVERIFY2(status.out.contains(QLatin1String("Not signed in")), qPrintable(status.out));
    }
};

QTEST_GUILESS_MAIN(TestCliAuth)
#include "tst_cliauth.moc"
