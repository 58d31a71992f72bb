// SPDX-License-Identifier: MIT
// Service accounts: the key file, the RS256 JWT (verified by the fake Google with the public half of a key
// generated for this run), the cached token, and the errors Google gives for a wrong key or a wrong clock.
#include "FakeOAuthServer.h"
#include "FakeOAuthTestKey.h"
#include "google/GoogleScopes.h"
#include "google/ServiceAccountCredentials.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace mf::google;
using mf::Result;

namespace {

class FakeClock : public mf::Clock
{
public:
    QDateTime now() const override { return QDateTime::fromMSecsSinceEpoch(m_msecs.load(), Qt::UTC); }
    void advance(qint64 seconds) { m_msecs += seconds * 1000; }

private:
    std::atomic<qint64> m_msecs {QDateTime(QDate(2024, 5, 1), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch()};
};

const QString robot = QStringLiteral("movieflow-robot@movieflow-test.iam.gserviceaccount.com");

QJsonObject jwtPart(const QString &jwt, int index)
{
    return QJsonDocument::fromJson(
               QByteArray::fromBase64(jwt.section(QLatin1Char('.'), index, index).toLatin1(),
                                      QByteArray::Base64UrlEncoding))
        .object();
}

} // namespace

class TestGoogleServiceAccount : public QObject
{
    Q_OBJECT

private:
    FakeClock m_clock;
    std::unique_ptr<FakeOAuthTestKey> m_key;
    std::unique_ptr<FakeOAuthServer> m_google;
    QTemporaryDir m_dir;

    QString writeKeyFile(const QByteArray &json, const QString &name = QStringLiteral("robot.json"))
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(json) != json.size())
            return {};
        return path;
    }

    std::shared_ptr<ServiceAccountCredentials> load(const mf::Clock &clock)
    {
        const QString path = writeKeyFile(m_key->serviceAccountJson(robot, m_google->tokenUrl().toString()));
        Result<std::shared_ptr<ServiceAccountCredentials>> credentials
            = ServiceAccountCredentials::fromKeyFile(path, {}, clock);
        if (!credentials.ok())
            qWarning("%s", qPrintable(credentials.error().message));
        return credentials.ok() ? credentials.value() : nullptr;
    }

    static void verifyNoKeyMaterial(const QString &message, const QByteArray &privatePem)
    {
        QVERIFY2(!message.contains(QLatin1String("PRIVATE KEY")), qPrintable(message));
        const QList<QByteArray> lines = privatePem.split('\n');
        QVERIFY(lines.size() > 3);
        QVERIFY2(!message.contains(QString::fromLatin1(lines.at(1))), qPrintable(message));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_key = std::make_unique<FakeOAuthTestKey>();
        QVERIFY2(m_key->isValid(), "OpenSSL could not generate the test key");
        QVERIFY(m_key->privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    void init()
    {
        m_google = std::make_unique<FakeOAuthServer>(m_clock);
        QVERIFY(m_google->listen());
        m_google->addServiceAccount(robot, m_key->publicKeyPem());
        qputenv("MOVIEFLOW_GOOGLE_TOKEN_URL", m_google->tokenUrl().toEncoded());
    }

    void cleanup() { m_google.reset(); }

    void signedJwtIsAcceptedByGoogle()
    {
        const std::shared_ptr<ServiceAccountCredentials> account = load(m_clock);
        QVERIFY(account);
        QCOMPARE(account->identity(), robot);
        QCOMPARE(account->kind(), Credentials::Kind::ServiceAccount);

        const Result<QString> token = account->accessToken(mf::StepContext {});
        QVERIFY2(token.ok(), qPrintable(token.error().message));
        QVERIFY(m_google->isAccessTokenValid(token.value()));
        QCOMPARE(m_google->identityOf(token.value()), robot);
        QVERIFY(m_google->scopesOf(token.value()).contains(GoogleScopes::spreadsheetsReadOnly()));

        const QMap<QString, QString> request = m_google->tokenRequests().constFirst();
        QCOMPARE(request.value(QStringLiteral("grant_type")),
                 QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer"));
        const QString jwt = request.value(QStringLiteral("assertion"));
        QCOMPARE(jwt.count(QLatin1Char('.')), 2);
        QVERIFY2(!jwt.contains(QLatin1Char('=')), "base64url without padding");
        const QJsonObject header = jwtPart(jwt, 0);
        QCOMPARE(header.value(QStringLiteral("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(header.value(QStringLiteral("typ")).toString(), QStringLiteral("JWT"));
        QCOMPARE(header.value(QStringLiteral("kid")).toString(), QStringLiteral("0123456789abcdef"));
        const QJsonObject claims = jwtPart(jwt, 1);
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), robot);
        QCOMPARE(claims.value(QStringLiteral("aud")).toString(), m_google->tokenUrl().toString());
        const qint64 iat = claims.value(QStringLiteral("iat")).toVariant().toLongLong();
        QCOMPARE(iat, m_clock.now().toSecsSinceEpoch());
        QCOMPARE(claims.value(QStringLiteral("exp")).toVariant().toLongLong(), iat + 3600);
        QCOMPARE(claims.value(QStringLiteral("scope")).toString(),
                 GoogleScopes::spreadsheetsReadOnly() + QLatin1Char(' ')
                     + GoogleScopes::driveMetadataReadOnly());
    }

    void tokenIsCachedUntilNearExpiry()
    {
        const std::shared_ptr<ServiceAccountCredentials> account = load(m_clock);
        QVERIFY(account);
        const QString jwtBearer = QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer");
        const QString first = account->accessToken(mf::StepContext {}).value();
        QCOMPARE(account->accessToken(mf::StepContext {}).value(), first);
        m_clock.advance(3599 - 61);
        QCOMPARE(account->accessToken(mf::StepContext {}).value(), first);
        QCOMPARE(m_google->tokenRequestCount(jwtBearer), 1);

        m_clock.advance(2);
        const Result<QString> second = account->accessToken(mf::StepContext {});
        QVERIFY2(second.ok(), qPrintable(second.error().message));
        QVERIFY(second.value() != first);
        QCOMPARE(m_google->tokenRequestCount(jwtBearer), 2);
        // A fresh JWT each time, issued now.
        QCOMPARE(jwtPart(m_google->tokenRequests().constLast().value(QStringLiteral("assertion")), 1)
                     .value(QStringLiteral("iat"))
                     .toVariant()
                     .toLongLong(),
                 m_clock.now().toSecsSinceEpoch());

        account->invalidate(); // after a 401
        const Result<QString> third = account->accessToken(mf::StepContext {});
        QVERIFY(third.ok() && third.value() != second.value());
        QCOMPARE(m_google->tokenRequestCount(jwtBearer), 3);
    }

    void wrongKeyIsInvalidJwtSignature()
    {
        const FakeOAuthTestKey other;
        QVERIFY(other.isValid());
        m_google->addServiceAccount(robot, other.publicKeyPem()); // Google knows a different key now
        const std::shared_ptr<ServiceAccountCredentials> account = load(m_clock);
        QVERIFY(account);
        const Result<QString> token = account->accessToken(mf::StepContext {});
        QVERIFY(!token.ok());
        QCOMPARE(token.error().kind, mf::ErrorKind::Google);
        QVERIFY2(token.error().message.contains(QLatin1String("Invalid JWT Signature."))
                     && token.error().message.contains(QLatin1String("create a new key"))
                     && token.error().message.contains(robot),
                 qPrintable(token.error().message));
        verifyNoKeyMaterial(token.error().message, m_key->privateKeyPem());
        QCOMPARE(m_google->issuedAccessTokens().size(), 0);
    }

    void clockSkewIsExplained()
    {
        FakeClock ahead;
        ahead.advance(2 * 3600); // this computer's clock is two hours fast
        const std::shared_ptr<ServiceAccountCredentials> account = load(ahead);
        QVERIFY(account);
        const Result<QString> token = account->accessToken(mf::StepContext {});
        QVERIFY(!token.ok());
        QVERIFY2(token.error().message.contains(QLatin1String("clock")), qPrintable(token.error().message));

        FakeClock behind;
        behind.advance(-2 * 3600);
        const Result<QString> late = load(behind)->accessToken(mf::StepContext {});
        QVERIFY(!late.ok());
        QVERIFY2(late.error().message.contains(QLatin1String("clock")), qPrintable(late.error().message));
    }

    void unknownAccountIsRefused()
    {
        const QString path = writeKeyFile(
            m_key->serviceAccountJson(QStringLiteral("ghost@movieflow-test.iam.gserviceaccount.com"),
                                      m_google->tokenUrl().toString()),
            QStringLiteral("ghost.json"));
        const auto account = ServiceAccountCredentials::fromKeyFile(path, {}, m_clock);
        QVERIFY(account.ok());
        const Result<QString> token = account.value()->accessToken(mf::StepContext {});
        QVERIFY(!token.ok());
        QCOMPARE(token.error().kind, mf::ErrorKind::Google);
        QVERIFY2(token.error().message.contains(QLatin1String("ghost@")), qPrintable(token.error().message));
    }

    void keyFileTokenUriIsUsedWithoutOverride()
    {
        qunsetenv("MOVIEFLOW_GOOGLE_TOKEN_URL");
        const std::shared_ptr<ServiceAccountCredentials> account = load(m_clock);
        QVERIFY(account);
        QCOMPARE(account->tokenUrl(), m_google->tokenUrl());
        QVERIFY(account->accessToken(mf::StepContext {}).ok());

        // A key whose token_uri would send the JWT over plain http elsewhere falls back to Google's endpoint.
        const QString path
            = writeKeyFile(m_key->serviceAccountJson(robot, QStringLiteral("http://evil.example/token")),
                           QStringLiteral("odd.json"));
        const auto odd = ServiceAccountCredentials::fromKeyFile(path, {}, m_clock);
        QVERIFY(odd.ok());
        QCOMPARE(odd.value()->tokenUrl().toString(), QStringLiteral("https://oauth2.googleapis.com/token"));
    }

    void badKeyFilesSayWhatToDo_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QJsonObject key
            = QJsonDocument::fromJson(m_key->serviceAccountJson(robot, QStringLiteral("https://x/token")))
                  .object();
        QJsonObject garbled = key;
        garbled.insert(QStringLiteral("private_key"),
                       QStringLiteral("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        QJsonObject encrypted = key;
        encrypted.insert(QStringLiteral("private_key"),
                         QString::fromLatin1(m_key->encryptedPrivateKeyPem("secret")));
        QJsonObject noEmail = key;
        noEmail.remove(QStringLiteral("client_email"));
        QTest::newRow("not json") << QByteArray("type=service_account") << "not JSON";
        QTest::newRow("oauth client")
            << QByteArray(R"({"installed":{"client_id":"x"}})") << "OAuth client file";
        QTest::newRow("other json") << QByteArray(R"({"type":"authorized_user"})") << "service_account";
        QTest::newRow("garbled key") << QJsonDocument(garbled).toJson() << "cannot be read";
        QTest::newRow("encrypted key") << QJsonDocument(encrypted).toJson() << "cannot be read";
        QTest::newRow("no email") << QJsonDocument(noEmail).toJson() << "client_email";
    }
    void badKeyFilesSayWhatToDo()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const auto account
            = ServiceAccountCredentials::fromKeyFile(writeKeyFile(json, QStringLiteral("bad.json")));
        QVERIFY(!account.ok());
        QCOMPARE(account.error().kind, mf::ErrorKind::Google);
        QVERIFY2(account.error().message.contains(expected), qPrintable(account.error().message));
        QVERIFY2(account.error().message.contains(QLatin1String("bad.json")),
                 qPrintable(account.error().message));
        verifyNoKeyMaterial(account.error().message, m_key->privateKeyPem());
    }

    void missingKeyFileIsAClearError()
    {
        const auto account
            = ServiceAccountCredentials::fromKeyFile(m_dir.filePath(QStringLiteral("absent.json")));
        QVERIFY(!account.ok());
        QVERIFY(account.error().message.contains(QLatin1String("absent.json")));
    }
};

QTEST_GUILESS_MAIN(TestGoogleServiceAccount)
#include "tst_googleserviceaccount.moc"
