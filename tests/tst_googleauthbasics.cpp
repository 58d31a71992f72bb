// SPDX-License-Identifier: MIT
// The building blocks of Google sign-in that need no server: PKCE and state, endpoint overrides, the OAuth
// client file, form encoding, token answers and how every token-endpoint error is explained.
#include "google/AuthEndpoints.h"
#include "google/OAuthClient.h"
#include "google/Pkce.h"
#include "google/TokenEndpoint.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

using namespace mf::google;
using mf::Error;
using mf::Result;

class TestGoogleAuthBasics : public QObject
{
    Q_OBJECT

private:
    static QByteArray bytes(std::initializer_list<int> values)
    {
        QByteArray result;
        for (const int value : values)
            result.append(static_cast<char>(value));
        return result;
    }

    static HttpAnswer answer(int status, const QByteArray &body)
    {
        HttpAnswer a;
        a.status = status;
        a.body = body;
        return a;
    }

    const QUrl m_tokenUrl {QStringLiteral("https://oauth2.googleapis.com/token")};

private Q_SLOTS:
    void cleanup()
    {
        qunsetenv("MOVIEFLOW_GOOGLE_AUTH_URL");
        qunsetenv("MOVIEFLOW_GOOGLE_TOKEN_URL");
        qunsetenv("MOVIEFLOW_GOOGLE_REVOKE_URL");
    }

    // RFC 7636, appendix B: the verifier's octets, the verifier and its S256 challenge.
    void pkceMatchesRfc7636AppendixB()
    {
        const QByteArray octets
            = bytes({116, 24,  223, 180, 151, 153, 224, 37,  79, 250, 96, 125, 216, 173, 187, 186,
                     22,  212, 37,  77,  105, 214, 191, 240, 91, 88,  5,  88,  83,  132, 141, 121});
        const QByteArray verifier = QByteArrayLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        QCOMPARE(Pkce::base64Url(octets), verifier);
        QVERIFY(Pkce::isValidVerifier(verifier));

        const QByteArray challengeOctets
            = bytes({19,  211, 30,  150, 26,  26,  216, 236, 47,  22,  177, 12, 76,  152, 46,  8,
                     118, 168, 120, 173, 109, 241, 68,  86,  110, 225, 137, 74, 203, 112, 249, 195});
        QCOMPARE(Pkce::challengeFor(verifier),
                 QByteArrayLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        QCOMPARE(Pkce::base64Url(challengeOctets), Pkce::challengeFor(verifier));
    }

    void newVerifiersAreValidAndFresh()
    {
        QSet<QByteArray> seen;
        for (int i = 0; i < 50; ++i) {
            const QByteArray verifier = Pkce::newVerifier();
            QCOMPARE(verifier.size(), 64);
            QVERIFY2(Pkce::isValidVerifier(verifier), verifier.constData());
            QVERIFY(!seen.contains(verifier));
            seen.insert(verifier);
        }
    }

    void verifierRules_data()
    {
        QTest::addColumn<QByteArray>("verifier");
        QTest::addColumn<bool>("valid");
        QTest::newRow("43 characters") << QByteArray(43, 'a') << true;
        QTest::newRow("128 characters") << QByteArray(128, 'Z') << true;
        QTest::newRow("42 characters") << QByteArray(42, 'a') << false;
        QTest::newRow("129 characters") << QByteArray(129, 'a') << false;
        QTest::newRow("unreserved marks") << QByteArray("abc-._~" + QByteArray(40, '0')) << true;
        QTest::newRow("plus") << QByteArray("abc+" + QByteArray(40, '0')) << false;
        QTest::newRow("slash") << QByteArray("abc/" + QByteArray(40, '0')) << false;
    }
    void verifierRules()
    {
        QFETCH(QByteArray, verifier);
        QFETCH(bool, valid);
        QCOMPARE(Pkce::isValidVerifier(verifier), valid);
    }

    void stateIs32RandomBytesInBase64Url()
    {
        const QRegularExpression base64Url(QStringLiteral("^[A-Za-z0-9_-]{43}$"));
        const QByteArray first = Pkce::newState();
        const QByteArray second = Pkce::newState();
        QVERIFY2(base64Url.match(QString::fromLatin1(first)).hasMatch(), first.constData());
        QCOMPARE(QByteArray::fromBase64(first, QByteArray::Base64UrlEncoding).size(), 32);
        QVERIFY(first != second);
    }

    void revokeUrlIsTheTokenUrlsSibling_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("revoke");
        QTest::newRow("google") << "https://oauth2.googleapis.com/token"
                                << "https://oauth2.googleapis.com/revoke";
        QTest::newRow("fake with port") << "http://127.0.0.1:5123/token"
                                        << "http://127.0.0.1:5123/revoke";
        QTest::newRow("deeper path") << "https://proxy.example/google/oauth2/token?x=1"
                                     << "https://proxy.example/google/oauth2/revoke";
        QTest::newRow("trailing slash") << "https://proxy.example/token/"
                                        << "https://proxy.example/revoke";
        QTest::newRow("no path") << "https://proxy.example"
                                 << "https://proxy.example/revoke";
    }
    void revokeUrlIsTheTokenUrlsSibling()
    {
        QFETCH(QString, token);
        QFETCH(QString, revoke);
        QCOMPARE(AuthEndpoints::revokeUrlFor(QUrl(token)).toString(), revoke);
    }

    void plainHttpOnlyForLoopback_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("acceptable");
        QTest::newRow("https") << "https://oauth2.googleapis.com/token" << true;
        QTest::newRow("http 127.0.0.1") << "http://127.0.0.1:8080/token" << true;
        QTest::newRow("http 127.1.2.3") << "http://127.1.2.3/token" << true;
        QTest::newRow("http localhost") << "http://localhost:8080/token" << true;
        QTest::newRow("http ::1") << "http://[::1]:8080/token" << true;
        QTest::newRow("http remote") << "http://oauth2.googleapis.com/token" << false;
        QTest::newRow("http lan") << "http://192.168.1.10/token" << false;
        QTest::newRow("http localhost lookalike") << "http://localhost.evil.example/token" << false;
        QTest::newRow("ftp") << "ftp://127.0.0.1/token" << false;
    }
    void plainHttpOnlyForLoopback()
    {
        QFETCH(QString, url);
        QFETCH(bool, acceptable);
        QCOMPARE(AuthEndpoints::isAcceptable(QUrl(url)), acceptable);
    }

    void endpointsComeFromTheEnvironment()
    {
        Result<AuthEndpoints> defaults = AuthEndpoints::fromEnvironment();
        QVERIFY(defaults.ok());
        QCOMPARE(defaults.value().authUrl.toString(),
                 QStringLiteral("https://accounts.google.com/o/oauth2/v2/auth"));
        QCOMPARE(defaults.value().tokenUrl.toString(), QStringLiteral("https://oauth2.googleapis.com/token"));
        QCOMPARE(defaults.value().revokeUrl.toString(),
                 QStringLiteral("https://oauth2.googleapis.com/revoke"));

        qputenv("MOVIEFLOW_GOOGLE_AUTH_URL", "http://127.0.0.1:4000/o/oauth2/v2/auth");
        qputenv("MOVIEFLOW_GOOGLE_TOKEN_URL", "http://127.0.0.1:4000/token");
        Result<AuthEndpoints> local = AuthEndpoints::fromEnvironment();
        QVERIFY(local.ok());
        QCOMPARE(local.value().authUrl.toString(), QStringLiteral("http://127.0.0.1:4000/o/oauth2/v2/auth"));
        QCOMPARE(local.value().revokeUrl.toString(), QStringLiteral("http://127.0.0.1:4000/revoke"));

        qputenv("MOVIEFLOW_GOOGLE_REVOKE_URL", "http://127.0.0.1:4001/o/revoke");
        QCOMPARE(AuthEndpoints::fromEnvironment().value().revokeUrl.toString(),
                 QStringLiteral("http://127.0.0.1:4001/o/revoke"));

        qputenv("MOVIEFLOW_GOOGLE_TOKEN_URL", "http://tokens.example.com/token");
        const Result<AuthEndpoints> insecure = AuthEndpoints::fromEnvironment();
        QVERIFY(!insecure.ok());
        QCOMPARE(insecure.error().kind, mf::ErrorKind::Google);
        QVERIFY2(insecure.error().message.contains(QLatin1String("MOVIEFLOW_GOOGLE_TOKEN_URL"))
                     && insecure.error().message.contains(QLatin1String("https")),
                 qPrintable(insecure.error().message));

        qputenv("MOVIEFLOW_GOOGLE_TOKEN_URL", "not a url");
        QVERIFY(!AuthEndpoints::fromEnvironment().ok());
    }

    void clientFileOfADesktopApp()
    {
        const QByteArray json = R"({"installed":{"client_id":"123-abc.apps.googleusercontent.com",
            "project_id":"movieflow-test","auth_uri":"https://accounts.google.com/o/oauth2/auth",
            "token_uri":"https://oauth2.googleapis.com/token",
            "auth_provider_x509_cert_url":"https://www.googleapis.com/oauth2/v1/certs",
            "client_secret":"GOCSPX-secret","redirect_uris":["http://localhost"]}})";
        const Result<OAuthClient> client = OAuthClient::fromJson(json, QStringLiteral("credentials.json"));
        QVERIFY2(client.ok(), qPrintable(client.error().message));
        QCOMPARE(client.value().clientId, QStringLiteral("123-abc.apps.googleusercontent.com"));
        QCOMPARE(client.value().clientSecret, QStringLiteral("GOCSPX-secret"));
    }

    void wrongClientFilesSayWhatToDownload_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("web client") << QByteArray(R"({"web":{"client_id":"x","client_secret":"y"}})")
                                    << "Web application";
        QTest::newRow("service account")
            << QByteArray(R"({"type":"service_account","client_email":"a@b"})") << "service-account key";
        QTest::newRow("not json") << QByteArray("client_id=x") << "not JSON";
        QTest::newRow("no secret") << QByteArray(R"({"installed":{"client_id":"x"}})") << "client_secret";
        QTest::newRow("something else") << QByteArray(R"({"hello":1})") << "Desktop app";
    }
    void wrongClientFilesSayWhatToDownload()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const Result<OAuthClient> client = OAuthClient::fromJson(json, QStringLiteral("client.json"));
        QVERIFY(!client.ok());
        QCOMPARE(client.error().kind, mf::ErrorKind::Google);
        QVERIFY2(client.error().message.contains(expected), qPrintable(client.error().message));
        QVERIFY2(client.error().message.contains(QLatin1String("client.json")),
                 qPrintable(client.error().message));
    }

    void missingClientFileIsAClearError()
    {
        const Result<OAuthClient> client
            = OAuthClient::fromFile(QStringLiteral("/nonexistent/credentials.json"));
        QVERIFY(!client.ok());
        QVERIFY(client.error().message.contains(QLatin1String("/nonexistent/credentials.json")));
    }

    void formEncodingEscapesEveryReservedCharacter()
    {
        const QByteArray body
            = TokenEndpoint::formEncode({{QStringLiteral("code"), QStringLiteral("4/0Ab+c=d&e f")},
                                         {QStringLiteral("x y"), QStringLiteral("ü")}});
        QCOMPARE(body, QByteArrayLiteral("code=4%2F0Ab%2Bc%3Dd%26e%20f&x%20y=%C3%BC"));
    }

    void tokenAnswerBecomesAGrant()
    {
        QJsonObject claims {{QStringLiteral("email"), QStringLiteral("ana@example.com")}};
        const QByteArray idToken = "eyJhbGciOiJSUzI1NiJ9."
            + Pkce::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + ".sig";
        const QJsonObject body {
            {QStringLiteral("access_token"), QStringLiteral("ya29.a")},
            {QStringLiteral("expires_in"), 3599},
            {QStringLiteral("refresh_token"), QStringLiteral("1//r")},
            {QStringLiteral("scope"),
             QStringLiteral("openid https://www.googleapis.com/auth/spreadsheets.readonly email")},
            {QStringLiteral("token_type"), QStringLiteral("Bearer")},
            {QStringLiteral("id_token"), QString::fromLatin1(idToken)},
        };
        const QDateTime now(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
        const Result<TokenGrant> grant = TokenEndpoint::parse(GrantType::AuthorizationCode, m_tokenUrl,
                                                              answer(200, QJsonDocument(body).toJson()), now);
        QVERIFY(grant.ok());
        QCOMPARE(grant.value().accessToken, QStringLiteral("ya29.a"));
        QCOMPARE(grant.value().refreshToken, QStringLiteral("1//r"));
        QCOMPARE(grant.value().expiresAt, now.addSecs(3599));
        QCOMPARE(grant.value().scopes.size(), 3);
        QVERIFY(grant.value().scopes.contains(
            QStringLiteral("https://www.googleapis.com/auth/spreadsheets.readonly")));
        QCOMPARE(TokenEndpoint::emailFromIdToken(grant.value().idToken), QStringLiteral("ana@example.com"));
        QCOMPARE(TokenEndpoint::emailFromIdToken(QStringLiteral("garbage")), QString());
    }

    void answerWithoutAccessTokenIsAnError()
    {
        const Result<TokenGrant> grant
            = TokenEndpoint::parse(GrantType::RefreshToken, m_tokenUrl, answer(200, "{\"expires_in\":3599}"),
                                   QDateTime::currentDateTimeUtc());
        QVERIFY(!grant.ok());
        QCOMPARE(grant.error().kind, mf::ErrorKind::Google);
    }

    void tokenErrorsBecomeSentences_data()
    {
        QTest::addColumn<int>("grant");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        const int code = int(GrantType::AuthorizationCode);
        const int refresh = int(GrantType::RefreshToken);
        const int jwt = int(GrantType::JwtBearer);
        QTest::newRow("revoked refresh token")
            << refresh << 400 << QByteArray(R"({"error":"invalid_grant","error_description":"Bad Request"})")
            << "Your Google sign-in has expired or was revoked; sign in again.";
        QTest::newRow("expired refresh token")
            << refresh << 400
            << QByteArray(
                   R"({"error":"invalid_grant","error_description":"Token has been expired or revoked."})")
            << "Your Google sign-in has expired or was revoked; sign in again.";
        QTest::newRow("pkce mismatch")
            << code << 400
            << QByteArray(R"({"error":"invalid_grant","error_description":"Invalid code verifier."})")
            << "PKCE check failed";
        QTest::newRow("pkce missing")
            << code << 400
            << QByteArray(R"({"error":"invalid_grant","error_description":"Missing code verifier."})")
            << "Missing code verifier.";
        QTest::newRow("used code") << code << 400
                                   << QByteArray(
                                          R"({"error":"invalid_grant","error_description":"Bad Request"})")
                                   << "expired or was already used";
        QTest::newRow("no client secret")
            << code << 400
            << QByteArray(R"({"error":"invalid_request","error_description":"client_secret is missing."})")
            << "import the client's credentials.json again";
        QTest::newRow("deleted client")
            << refresh << 401
            << QByteArray(
                   R"({"error":"invalid_client","error_description":"The OAuth client was not found."})")
            << "download the Desktop app client's JSON file again";
        QTest::newRow("redirect mismatch")
            << code << 400
            << QByteArray(R"({"error":"redirect_uri_mismatch","error_description":"Bad Request"})")
            << "Desktop app";
        QTest::newRow("jwt signature")
            << jwt << 400
            << QByteArray(R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})")
            << "create a new key";
        QTest::newRow("jwt clock")
            << jwt << 400
            << QByteArray(
                   R"({"error":"invalid_grant","error_description":"Invalid JWT: Token must be a short-lived )"
                   R"(token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the )"
                   R"(JWT claim."})")
            << "computer's clock";
        QTest::newRow("unavailable") << refresh << 503 << QByteArray("<html>Service Unavailable</html>")
                                     << "try again in a few minutes";
        QTest::newRow("unknown error")
            << refresh << 400 << QByteArray(R"({"error":"something_new","error_description":"Odd."})")
            << "something_new: Odd.";
    }
    void tokenErrorsBecomeSentences()
    {
        QFETCH(int, grant);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        const Result<TokenGrant> result = TokenEndpoint::parse(
            GrantType(grant), m_tokenUrl, answer(status, body), QDateTime::currentDateTimeUtc());
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, mf::ErrorKind::Google);
        QVERIFY2(result.error().message.contains(expected), qPrintable(result.error().message));
        QVERIFY2(result.error().message.endsWith(QLatin1Char('.')), qPrintable(result.error().message));
    }

    void transportFailuresNameTheService()
    {
        HttpAnswer refused;
        refused.networkError = QStringLiteral("Connection refused");
        Error error = TokenEndpoint::describeFailure(GrantType::RefreshToken, m_tokenUrl, refused);
        QCOMPARE(error.kind, mf::ErrorKind::Google);
        QVERIFY2(error.message.contains(QLatin1String("oauth2.googleapis.com"))
                     && error.message.contains(QLatin1String("Connection refused")),
                 qPrintable(error.message));

        HttpAnswer slow;
        slow.timedOut = true;
        error = TokenEndpoint::describeFailure(GrantType::RefreshToken, m_tokenUrl, slow);
        QVERIFY2(error.message.contains(QLatin1String("did not answer")), qPrintable(error.message));

        HttpAnswer cancelled;
        cancelled.cancelled = true;
        QCOMPARE(TokenEndpoint::describeFailure(GrantType::JwtBearer, m_tokenUrl, cancelled).kind,
                 mf::ErrorKind::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestGoogleAuthBasics)
#include "tst_googleauthbasics.moc"
