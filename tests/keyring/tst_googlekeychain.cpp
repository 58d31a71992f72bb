// SPDX-License-Identifier: MIT
// The Google sign-in with a real Secret Service: run through run-with-keyring.sh (a private D-Bus session and
// an unlocked gnome-keyring). Secrets are checked with secret-tool, i.e. outside MovieFlow, and the config,
// data and cache folders are searched for any token, secret or private key afterwards.
#include "FakeOAuthBrowser.h"
#include "FakeOAuthServer.h"
#include "FakeOAuthTestKey.h"
#include "google/GoogleAccount.h"
#include "google/ServiceAccountCredentials.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace mf::google;
using mf::Result;

namespace {

const QString clientId = QStringLiteral("777-keyring.apps.googleusercontent.com");
const QString clientSecret = QStringLiteral("GOCSPX-keyring-secret");

} // namespace

class TestGoogleKeychain : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeOAuthServer> m_google;
    FakeOAuthBrowser m_browser;
    QTemporaryDir m_outside; ///< where the service-account key file lives (not a config or data folder)

    /// What the Secret Service holds for MovieFlow's `key`, asked with libsecret's own tool.
    static std::optional<QString> secretTool(const QString &key)
    {
        QProcess tool;
        tool.start(QStringLiteral("secret-tool"),
                   {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("MovieFlow"),
                    QStringLiteral("user"), key});
        if (!tool.waitForFinished(20000) || tool.exitStatus() != QProcess::NormalExit || tool.exitCode() != 0)
            return std::nullopt;
        return QString::fromUtf8(tool.readAllStandardOutput());
    }

    /// Files under the XDG config, data and cache folders containing `secret` (as is or base64).
    static QStringList filesContaining(const QByteArray &secret)
    {
        QStringList found;
        for (const char *variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
            QDirIterator it(qEnvironmentVariable(variable), QDir::Files | QDir::Hidden | QDir::System,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile file(it.next());
                if (!file.open(QIODevice::ReadOnly))
                    continue;
                const QByteArray bytes = file.readAll();
                if (bytes.contains(secret) || bytes.contains(secret.toBase64()))
                    found << file.fileName();
            }
        }
        return found;
    }

    Result<AccountStatus> signIn(GoogleAccount &account, bool withClient)
    {
        SignInOptions options;
        if (withClient)
            options.client = OAuthClient {clientId, clientSecret};
        options.openUrl = [this](const QUrl &url) { m_browser.open(url); };
        return GoogleAccount::wait<AccountStatus>(
            [&](GoogleAccount::Done<AccountStatus> done) { account.signIn(options, std::move(done)); });
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("MOVIEFLOW_KEYRING_SESSION") != QLatin1String("1")
            || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("Run this test through tests/keyring/run-with-keyring.sh (ctest does): it needs a Secret "
                  "Service.");
        QVERIFY(m_outside.isValid());
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty(),
                 "secret-tool is missing; install libsecret-tools.");
        m_google = std::make_unique<FakeOAuthServer>();
        QVERIFY(m_google->listen());
        m_google->addClient(clientId, clientSecret);
        qputenv("MOVIEFLOW_GOOGLE_AUTH_URL", m_google->authUrl().toEncoded());
        qputenv("MOVIEFLOW_GOOGLE_TOKEN_URL", m_google->tokenUrl().toEncoded());
    }

    void secretStoreRoundTrip()
    {
        const SecretStore store;
        const QString key = QStringLiteral("round-trip");
        SecretStore::Outcome outcome = store.writeAndWait(key, QStringLiteral("täst-secret/with+odd=chars"));
        QCOMPARE(outcome.location, SecretStore::Location::Keychain);
        QVERIFY2(outcome.problem.isEmpty(), qPrintable(outcome.problem));
        QCOMPARE(secretTool(key).value_or(QStringLiteral("<none>")),
                 QStringLiteral("täst-secret/with+odd=chars"));

        outcome = store.readAndWait(key);
        QCOMPARE(outcome.secret.value_or(QString()), QStringLiteral("täst-secret/with+odd=chars"));
        QCOMPARE(outcome.location, SecretStore::Location::Keychain);

        outcome = store.writeAndWait(key, QStringLiteral("replaced"));
        QCOMPARE(store.readAndWait(key).secret.value_or(QString()), QStringLiteral("replaced"));

        outcome = store.removeAndWait(key);
        QVERIFY2(outcome.problem.isEmpty(), qPrintable(outcome.problem));
        QVERIFY(!store.readAndWait(key).secret.has_value());
        QVERIFY(!secretTool(key).has_value());
        // Deleting what is not there is fine.
        QVERIFY(store.removeAndWait(key).problem.isEmpty());
    }

    void signInKeepsTheRefreshTokenInTheKeychain()
    {
        GoogleAccount account;
        const Result<AccountStatus> signedIn = signIn(account, true);
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.error().message));
        QCOMPARE(signedIn.value().location, SecretStore::Location::Keychain);
        QVERIFY2(signedIn.value().storageProblem.isEmpty(), qPrintable(signedIn.value().storageProblem));
        QCOMPARE(signedIn.value().storageDescription(),
                 QStringLiteral("the system keychain (service \"MovieFlow\")"));

        const std::shared_ptr<Credentials> credentials = signedInCredentials().value();
        const QString refreshToken
            = std::static_pointer_cast<UserAccountCredentials>(credentials)->refreshToken();
        const QString accessToken = credentials->accessToken(mf::StepContext {}).value();
        QCOMPARE(secretTool(GoogleAccount::refreshTokenKey(clientId)).value_or(QString()), refreshToken);
        QCOMPARE(secretTool(GoogleAccount::clientSecretKey(clientId)).value_or(QString()), clientSecret);
        QVERIFY(!secretTool(accessToken).has_value());

        QCOMPARE(filesContaining(refreshToken.toUtf8()), QStringList());
        QCOMPARE(filesContaining(accessToken.toUtf8()), QStringList());
        QCOMPARE(filesContaining(clientSecret.toUtf8()), QStringList());
        QVERIFY(QFile::exists(account.settingsFile()));
    }

    void nextSessionSignsInFromTheKeychain()
    {
        GoogleAccount::forgetSessions(); // what quitting and starting again does to memory
        const int refreshes = m_google->tokenRequestCount(QStringLiteral("refresh_token"));
        GoogleAccount account;
        const AccountStatus status
            = GoogleAccount::wait<AccountStatus>([&](GoogleAccount::Done<AccountStatus> done) {
                  account.status(std::move(done));
              }).value();
        QVERIFY(status.signedIn);
        QCOMPARE(status.email, QStringLiteral("ana@example.com"));
        QCOMPARE(status.location, SecretStore::Location::Keychain);

        const Result<std::shared_ptr<Credentials>> credentials = signedInCredentials();
        QVERIFY2(credentials.ok(), qPrintable(credentials.error().message));
        // The access token was only in memory, so the new session refreshes once.
        const Result<QString> token = credentials.value()->accessToken(mf::StepContext {});
        QVERIFY2(token.ok(), qPrintable(token.error().message));
        QVERIFY(m_google->isAccessTokenValid(token.value()));
        QCOMPARE(m_google->tokenRequestCount(QStringLiteral("refresh_token")), refreshes + 1);

        // Signing in again reuses the stored refresh token: no forced consent screen.
        const Result<AccountStatus> again = signIn(account, false);
        QVERIFY2(again.ok(), qPrintable(again.error().message));
        QVERIFY(!m_google->lastAuthorizationRequest().contains(QStringLiteral("prompt")));
    }

    void serviceAccountKeyNeverReachesTheDisk()
    {
        const FakeOAuthTestKey key;
        QVERIFY(key.isValid());
        const QString robot = QStringLiteral("robot@movieflow-test.iam.gserviceaccount.com");
        m_google->addServiceAccount(robot, key.publicKeyPem());
        const QString path = m_outside.filePath(QStringLiteral("robot.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(key.serviceAccountJson(robot, m_google->tokenUrl().toString()));
        file.close();
        const auto account = ServiceAccountCredentials::fromKeyFile(path);
        QVERIFY2(account.ok(), qPrintable(account.error().message));
        const Result<QString> token = account.value()->accessToken(mf::StepContext {});
        QVERIFY2(token.ok(), qPrintable(token.error().message));
        const QByteArray keyLine = key.privateKeyPem().split('\n').at(1);
        QCOMPARE(filesContaining(keyLine), QStringList());
        QCOMPARE(filesContaining(token.value().toUtf8()), QStringList());
    }

    void signOutRevokesAndDeletesFromTheKeychain()
    {
        GoogleAccount account;
        const QString refreshToken = secretTool(GoogleAccount::refreshTokenKey(clientId)).value_or(QString());
        QVERIFY(!refreshToken.isEmpty());
        const Result<QString> signedOut = GoogleAccount::wait<QString>(
            [&](GoogleAccount::Done<QString> done) { account.signOut(std::move(done)); });
        QVERIFY(signedOut.ok());
        QVERIFY2(signedOut.value().contains(QLatin1String("revoked")), qPrintable(signedOut.value()));
        QVERIFY(m_google->revokedTokens().contains(refreshToken));
        QVERIFY(!secretTool(GoogleAccount::refreshTokenKey(clientId)).has_value());
        const AccountStatus status
            = GoogleAccount::wait<AccountStatus>([&](GoogleAccount::Done<AccountStatus> done) {
                  account.status(std::move(done));
              }).value();
        QVERIFY(!status.signedIn);
        QVERIFY(!signedInCredentials().ok());
    }
};

QTEST_GUILESS_MAIN(TestGoogleKeychain)
#include "tst_googlekeychain.moc"
