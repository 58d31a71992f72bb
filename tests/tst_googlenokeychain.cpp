// SPDX-License-Identifier: MIT
// Without a keychain (no D-Bus session here): MovieFlow says so plainly, keeps the Google sign-in in memory
// for the session, and writes no token, secret or key into the config or data folders.
#include "FakeOAuthBrowser.h"
#include "FakeOAuthServer.h"
#include "google/GoogleAccount.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace mf::google;
using mf::Result;

class TestGoogleNoKeychain : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    std::unique_ptr<FakeOAuthServer> m_google;
    FakeOAuthBrowser m_browser;

    /// Files under the test's HOME whose bytes contain `secret` (as is, or base64).
    QStringList filesContaining(const QString &secret) const
    {
        QStringList found;
        const QByteArray raw = secret.toUtf8();
        QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = file.readAll();
            if (bytes.contains(raw) || bytes.contains(raw.toBase64()))
                found << file.fileName();
        }
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // No session bus and no display: the keychain cannot be reached (nor auto-launched).
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CACHE_HOME", m_home.filePath(QStringLiteral("cache")).toUtf8());
        m_google = std::make_unique<FakeOAuthServer>();
        QVERIFY(m_google->listen());
        m_google->addClient(QStringLiteral("42-nokeychain.apps.googleusercontent.com"),
                            QStringLiteral("GOCSPX-nokc"));
        qputenv("MOVIEFLOW_GOOGLE_AUTH_URL", m_google->authUrl().toEncoded());
        qputenv("MOVIEFLOW_GOOGLE_TOKEN_URL", m_google->tokenUrl().toEncoded());
    }

    void storeSaysNoKeychainAndKeepsSecretsInMemory()
    {
        const SecretStore store; // the real keychain mode
        const SecretStore::Outcome written
            = store.writeAndWait(QStringLiteral("probe"), QStringLiteral("s3cret-probe"));
        QCOMPARE(written.location, SecretStore::Location::SessionMemory);
        QVERIFY2(written.problem.startsWith(QLatin1String("No keychain is available ("))
                     && written.problem.contains(QLatin1String("in memory for this session only"))
                     && written.problem.contains(QLatin1String("nothing is written to disk")),
                 qPrintable(written.problem));

        const SecretStore::Outcome read = store.readAndWait(QStringLiteral("probe"));
        QCOMPARE(read.secret.value_or(QString()), QStringLiteral("s3cret-probe"));
        QCOMPARE(read.location, SecretStore::Location::SessionMemory);
        QVERIFY(!read.problem.isEmpty());

        QVERIFY(!store.removeAndWait(QStringLiteral("probe")).secret);
        QVERIFY(!store.readAndWait(QStringLiteral("probe")).secret.has_value());
        QVERIFY(filesContaining(QStringLiteral("s3cret-probe")).isEmpty());
    }

    void signInWorksForTheSessionAndNothingSecretIsOnDisk()
    {
        GoogleAccount account; // default store and settings file, as the app uses them
        QVERIFY2(account.settingsFile().startsWith(m_home.path()), qPrintable(account.settingsFile()));

        SignInOptions options;
        options.client = OAuthClient {QStringLiteral("42-nokeychain.apps.googleusercontent.com"),
                                      QStringLiteral("GOCSPX-nokc")};
        options.openUrl = [this](const QUrl &url) { m_browser.open(url); };
        const Result<AccountStatus> signedIn = GoogleAccount::wait<AccountStatus>(
            [&](GoogleAccount::Done<AccountStatus> done) { account.signIn(options, std::move(done)); });
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.error().message));
        QCOMPARE(signedIn.value().location, SecretStore::Location::SessionMemory);
        QVERIFY2(signedIn.value().storageProblem.contains(QLatin1String("No keychain is available")),
                 qPrintable(signedIn.value().storageProblem));
        QCOMPARE(signedIn.value().storageDescription(), QStringLiteral("memory, for this session only"));

        // The headless entry point finds the session.
        const Result<std::shared_ptr<Credentials>> credentials = signedInCredentials();
        QVERIFY2(credentials.ok(), qPrintable(credentials.error().message));
        QCOMPARE(credentials.value()->identity(), QStringLiteral("ana@example.com"));
        const Result<QString> accessToken = credentials.value()->accessToken(mf::StepContext {});
        QVERIFY(accessToken.ok());
        const QString refreshToken
            = std::static_pointer_cast<UserAccountCredentials>(credentials.value())->refreshToken();
        QVERIFY(!refreshToken.isEmpty());

        // Non-secret settings are on disk; no token or secret is, anywhere under HOME.
        QFile settings(account.settingsFile());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(settings.readAll().contains("42-nokeychain.apps.googleusercontent.com"));
        QCOMPARE(filesContaining(refreshToken), QStringList());
        QCOMPARE(filesContaining(accessToken.value()), QStringList());
        QCOMPARE(filesContaining(QStringLiteral("GOCSPX-nokc")), QStringList());

        // Status says where the sign-in lives and why.
        const AccountStatus status
            = GoogleAccount::wait<AccountStatus>([&](GoogleAccount::Done<AccountStatus> done) {
                  account.status(std::move(done));
              }).value();
        QVERIFY(status.signedIn);
        QCOMPARE(status.location, SecretStore::Location::SessionMemory);
        QVERIFY(!status.storageProblem.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestGoogleNoKeychain)
#include "tst_googlenokeychain.moc"
