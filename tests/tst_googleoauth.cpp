// SPDX-License-Identifier: MIT
// Signing in with a Google account, end to end against the fake Google: the test plays the browser (it GETs
// the consent page, and the fake redirects to MovieFlow's loopback listener), then checks the tokens, the
// refreshes and sign-out. Secrets go to an in-memory store here; tst_googlekeychain covers the real keychain.
#include "FakeOAuthBrowser.h"
#include "FakeOAuthServer.h"
#include "google/GoogleAccount.h"
#include "google/GoogleScopes.h"
#include "google/Pkce.h"
#include "google/TokenEndpoint.h"

#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUuid>
#include <QtConcurrent>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace mf::google;
using mf::Result;

namespace {

/// A clock the test moves by hand (read from worker threads too).
class FakeClock : public mf::Clock
{
public:
    QDateTime now() const override { return QDateTime::fromMSecsSinceEpoch(m_msecs.load(), Qt::UTC); }
    void advance(qint64 seconds) { m_msecs += seconds * 1000; }

private:
    std::atomic<qint64> m_msecs {QDateTime(QDate(2024, 5, 1), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch()};
};

const QString clientId = QStringLiteral("1234-test.apps.googleusercontent.com");
const QString clientSecret = QStringLiteral("GOCSPX-test-secret");

} // namespace

class TestGoogleOAuth : public QObject
{
    Q_OBJECT

private:
    FakeClock m_clock;
    std::unique_ptr<FakeOAuthServer> m_google;
    std::unique_ptr<FakeOAuthBrowser> m_browser;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<GoogleAccount> m_account;

    static OAuthClient client() { return OAuthClient {clientId, clientSecret}; }

    SignInOptions options(bool withClient = true)
    {
        SignInOptions options;
        if (withClient)
            options.client = client();
        options.timeoutSeconds = 60;
        options.openUrl = [this](const QUrl &url) { m_browser->open(url); };
        return options;
    }

    Result<AccountStatus> signIn(const SignInOptions &options)
    {
        return GoogleAccount::wait<AccountStatus>(
            [&](GoogleAccount::Done<AccountStatus> done) { m_account->signIn(options, std::move(done)); });
    }

    Result<std::shared_ptr<UserAccountCredentials>> credentials()
    {
        return GoogleAccount::wait<std::shared_ptr<UserAccountCredentials>>(
            [&](GoogleAccount::Done<std::shared_ptr<UserAccountCredentials>> done) {
                m_account->credentials(std::move(done));
            });
    }

    AccountStatus status()
    {
        return GoogleAccount::wait<AccountStatus>(
                   [&](GoogleAccount::Done<AccountStatus> done) { m_account->status(std::move(done)); })
            .value();
    }

    /// The browser step without a listener: the code the fake hands out for these parameters.
    QString authorizeDirectly(const QString &challenge, const QString &redirectUri)
    {
        QUrl url = m_google->authUrl();
        QString query = QStringLiteral("client_id=%1&redirect_uri=%2&response_type=code&scope=openid&state=s")
                            .arg(clientId, QString::fromLatin1(QUrl::toPercentEncoding(redirectUri)));
        if (!challenge.isEmpty())
            query += QStringLiteral("&code_challenge_method=S256&code_challenge=") + challenge;
        url.setQuery(query);
        QNetworkAccessManager network;
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(10000))
            return {};
        const QUrl location = QUrl::fromEncoded(reply->rawHeader("Location"));
        delete reply;
        return FakeOAuthServer::decodeForm(location.query(QUrl::FullyEncoded).toLatin1())
            .value(QStringLiteral("code"));
    }

    HttpAnswer postToken(const FormFields &form)
    {
        return TokenEndpoint::postAndWait(m_google->tokenUrl(), form, mf::StepContext {});
    }

private Q_SLOTS:
    void init()
    {
        m_google = std::make_unique<FakeOAuthServer>(m_clock);
        QVERIFY(m_google->listen());
        m_google->addClient(clientId, clientSecret);
        qputenv("MOVIEFLOW_GOOGLE_AUTH_URL", m_google->authUrl().toEncoded());
        qputenv("MOVIEFLOW_GOOGLE_TOKEN_URL", m_google->tokenUrl().toEncoded());
        m_browser = std::make_unique<FakeOAuthBrowser>();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        // Each test has its own secrets: a memory store under a service name of its own.
        const SecretStore store(SecretStore::Mode::MemoryOnly,
                                QStringLiteral("MovieFlowTest-")
                                    + QUuid::createUuid().toString(QUuid::Id128));
        m_account = std::make_unique<GoogleAccount>(
            store, m_dir->filePath(QStringLiteral("google-account.ini")), m_clock);
        GoogleAccount::forgetSessions();
    }

    void cleanup()
    {
        m_account.reset();
        m_browser.reset();
        m_google.reset();
    }

    void signInEndToEnd()
    {
        const Result<AccountStatus> signedIn = signIn(options());
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.error().message));
        QVERIFY(signedIn.value().signedIn);
        QCOMPARE(signedIn.value().email, QStringLiteral("ana@example.com"));
        QVERIFY(signedIn.value().scopes.contains(GoogleScopes::spreadsheetsReadOnly()));
        QVERIFY(!signedIn.value().scopes.contains(GoogleScopes::driveMetadataReadOnly()));

        // The authorization request.
        const QMap<QString, QString> asked = m_google->lastAuthorizationRequest();
        QCOMPARE(asked.value(QStringLiteral("client_id")), clientId);
        QCOMPARE(asked.value(QStringLiteral("response_type")), QStringLiteral("code"));
        QCOMPARE(asked.value(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
        QCOMPARE(asked.value(QStringLiteral("code_challenge")).size(), 43);
        QCOMPARE(asked.value(QStringLiteral("state")).size(), 43);
        QCOMPARE(asked.value(QStringLiteral("access_type")), QStringLiteral("offline"));
        QCOMPARE(asked.value(QStringLiteral("prompt")), QStringLiteral("consent"));
        const QString redirectUri = asked.value(QStringLiteral("redirect_uri"));
        QVERIFY2(QRegularExpression(QStringLiteral("^http://127\\.0\\.0\\.1:\\d+/$"))
                     .match(redirectUri)
                     .hasMatch(),
                 qPrintable(redirectUri));
        const QStringList scopes = asked.value(QStringLiteral("scope")).split(QLatin1Char(' '));
        QCOMPARE(scopes,
                 (QStringList {GoogleScopes::spreadsheetsReadOnly(), QStringLiteral("openid"),
                               QStringLiteral("email")}));

        // The browser came back to the listener with the code percent-encoded, and saw a closing page.
        QTRY_VERIFY(m_browser->status() != 0); // the page arrives after the sign-in finished
        QCOMPARE(m_browser->redirects().size(), 1);
        QVERIFY2(m_browser->redirects().constFirst().toEncoded().contains("code=4%2F0Afake"),
                 m_browser->redirects().constFirst().toEncoded().constData());
        QCOMPARE(m_browser->status(), 200);
        QVERIFY2(m_browser->page().contains("You can close this tab"), m_browser->page().constData());
        QVERIFY(m_browser->page().contains("ana@example.com"));

        // The code exchange: decoded code, verifier matching the challenge, the secret, the same
        // redirect_uri.
        QCOMPARE(m_google->tokenRequests().size(), 1);
        const QMap<QString, QString> exchange = m_google->tokenRequests().constFirst();
        QCOMPARE(exchange.value(QStringLiteral("grant_type")), QStringLiteral("authorization_code"));
        QVERIFY(exchange.value(QStringLiteral("code")).startsWith(QLatin1String("4/0Afake")));
        QCOMPARE(exchange.value(QStringLiteral("client_secret")), clientSecret);
        QCOMPARE(exchange.value(QStringLiteral("redirect_uri")), redirectUri);
        const QByteArray verifier = exchange.value(QStringLiteral("code_verifier")).toLatin1();
        QVERIFY(Pkce::isValidVerifier(verifier));
        QCOMPARE(QString::fromLatin1(Pkce::challengeFor(verifier)),
                 asked.value(QStringLiteral("code_challenge")));

        // The listener was one-shot: the port no longer answers.
        QTcpSocket probe;
        probe.connectToHost(QHostAddress(QHostAddress::LocalHost), QUrl(redirectUri).port());
        QVERIFY(!probe.waitForConnected(2000));

        // The access token from the sign-in is used as it is: no refresh yet.
        Result<std::shared_ptr<UserAccountCredentials>> account = credentials();
        QVERIFY(account.ok());
        QCOMPARE(account.value()->identity(), QStringLiteral("ana@example.com"));
        const Result<QString> token = account.value()->accessToken(mf::StepContext {});
        QVERIFY(token.ok());
        QCOMPARE(token.value(), m_google->issuedAccessTokens().constFirst());
        QVERIFY(m_google->isAccessTokenValid(token.value()));
        QCOMPARE(m_google->tokenRequestCount(QStringLiteral("refresh_token")), 0);
    }

    void signInForOpeningByTitleAsksForDriveMetadata()
    {
        SignInOptions byTitle = options();
        byTitle.openByTitle = true;
        const Result<AccountStatus> signedIn = signIn(byTitle);
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.error().message));
        QVERIFY(m_google->lastAuthorizationRequest()
                    .value(QStringLiteral("scope"))
                    .contains(GoogleScopes::driveMetadataReadOnly()));
        QVERIFY(credentials().value()->canSearchDrive());
    }

    void listenerIgnoresOtherRequestsUntilTheAnswer()
    {
        SignInOptions withFavicon = options();
        QNetworkAccessManager network;
        int faviconStatus = 0;
        withFavicon.openUrl = [&](const QUrl &url) {
            const QUrl redirect(FakeOAuthServer::decodeForm(url.query(QUrl::FullyEncoded).toLatin1())
                                    .value(QStringLiteral("redirect_uri")));
            QNetworkReply *favicon
                = network.get(QNetworkRequest(redirect.resolved(QUrl(QStringLiteral("/favicon.ico")))));
            connect(favicon, &QNetworkReply::finished, this, [&, favicon, url] {
                faviconStatus = favicon->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                favicon->deleteLater();
                m_browser->open(url);
            });
        };
        const Result<AccountStatus> signedIn = signIn(withFavicon);
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.error().message));
        QCOMPARE(faviconStatus, 404);
    }

    void wrongStateIsRefusedWithoutTokenRequest()
    {
        m_google->setRedirectState(QStringLiteral("forged-state"));
        const Result<AccountStatus> signedIn = signIn(options());
        QVERIFY(!signedIn.ok());
        QCOMPARE(signedIn.error().kind, mf::ErrorKind::Google);
        QVERIFY2(signedIn.error().message.contains(QLatin1String("state does not match")),
                 qPrintable(signedIn.error().message));
        QCOMPARE(m_google->tokenRequests().size(), 0);
        QTRY_COMPARE(m_browser->status(), 400);
        QVERIFY(m_browser->page().contains("does not belong"));
        QVERIFY(!status().signedIn);
    }

    void pkceMismatchIsRefused()
    {
        // Someone swapped the challenge on the way to Google: MovieFlow's verifier no longer matches.
        m_browser->rewrite = [](const QUrl &url) {
            QString query = url.query(QUrl::FullyEncoded);
            query.replace(QRegularExpression(QStringLiteral("code_challenge=[A-Za-z0-9_-]+")),
                          QStringLiteral("code_challenge=")
                              + QString::fromLatin1(Pkce::challengeFor(Pkce::newVerifier())));
            QUrl changed = url;
            changed.setQuery(query);
            return changed;
        };
        const Result<AccountStatus> signedIn = signIn(options());
        QVERIFY(!signedIn.ok());
        QVERIFY2(signedIn.error().message.contains(QLatin1String("PKCE"))
                     && signedIn.error().message.contains(QLatin1String("Invalid code verifier.")),
                 qPrintable(signedIn.error().message));
        QCOMPARE(m_google->issuedAccessTokens().size(), 0);
        QTRY_VERIFY(m_browser->page().contains("Sign-in failed"));
        QVERIFY(!status().signedIn);
    }

    void accessDeniedIsReported()
    {
        m_google->setConsent(FakeOAuthServer::Consent::Deny);
        const Result<AccountStatus> signedIn = signIn(options());
        QVERIFY(!signedIn.ok());
        QCOMPARE(signedIn.error().kind, mf::ErrorKind::Google);
        QVERIFY2(signedIn.error().message.contains(QLatin1String("declined")),
                 qPrintable(signedIn.error().message));
        QCOMPARE(m_google->tokenRequests().size(), 0);
        QTRY_VERIFY(m_browser->page().contains("You can close this tab"));
    }

    void missingScopeIsRefused()
    {
        m_google->setGrantedScopes(QStringList {QStringLiteral("openid"), QStringLiteral("email")});
        const Result<AccountStatus> signedIn = signIn(options());
        QVERIFY(!signedIn.ok());
        QVERIFY2(signedIn.error().message.contains(QLatin1String("see your Google Sheets spreadsheets")),
                 qPrintable(signedIn.error().message));
        QVERIFY(!status().signedIn);
    }

    void signInTimesOut()
    {
        SignInOptions nobody = options();
        nobody.timeoutSeconds = 1;
        nobody.openUrl = [](const QUrl &) {};
        const Result<AccountStatus> signedIn = signIn(nobody);
        QVERIFY(!signedIn.ok());
        QCOMPARE(signedIn.error().kind, mf::ErrorKind::Google);
        QVERIFY2(signedIn.error().message.contains(QLatin1String("within 1 second(s)"))
                     && signedIn.error().message.contains(QLatin1String("stopped waiting")),
                 qPrintable(signedIn.error().message));
        QVERIFY(!m_account->isSigningIn());
    }

    void signInCanBeCancelled()
    {
        SignInOptions cancelled = options();
        cancelled.openUrl = [this](const QUrl &) {
            QTimer::singleShot(0, m_account.get(), [this] { m_account->cancelSignIn(); });
        };
        const Result<AccountStatus> signedIn = signIn(cancelled);
        QVERIFY(!signedIn.ok());
        QCOMPARE(signedIn.error().kind, mf::ErrorKind::Cancelled);
    }

    void fakeChecksTheExchangeLikeGoogle()
    {
        const QString redirect = QStringLiteral("http://127.0.0.1:9/");
        const QByteArray verifier = Pkce::newVerifier();
        const QString challenge = QString::fromLatin1(Pkce::challengeFor(verifier));
        auto exchange = [&](const QString &code, const FormFields &extra) {
            FormFields form {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                             {QStringLiteral("code"), code},
                             {QStringLiteral("client_id"), clientId}};
            form += extra;
            return postToken(form);
        };
        const QPair<QString, QString> secret {QStringLiteral("client_secret"), clientSecret};
        const QPair<QString, QString> redirectUri {QStringLiteral("redirect_uri"), redirect};
        const QPair<QString, QString> goodVerifier {QStringLiteral("code_verifier"),
                                                    QString::fromLatin1(verifier)};

        HttpAnswer answer = exchange(authorizeDirectly(challenge, redirect), {secret, redirectUri});
        QCOMPARE(answer.status, 400);
        QVERIFY2(answer.body.contains("Missing code verifier."), answer.body.constData());

        answer = exchange(authorizeDirectly(challenge, redirect), {redirectUri, goodVerifier});
        QCOMPARE(answer.status, 400);
        QVERIFY2(answer.body.contains("client_secret is missing."), answer.body.constData());

        answer = exchange(
            authorizeDirectly(challenge, redirect),
            {secret, {QStringLiteral("redirect_uri"), QStringLiteral("http://127.0.0.1:10/")}, goodVerifier});
        QVERIFY2(answer.body.contains("redirect_uri_mismatch"), answer.body.constData());

        answer = exchange(authorizeDirectly(QString(), redirect), {secret, redirectUri, goodVerifier});
        QVERIFY2(answer.body.contains("code_verifier or verifier is not needed."), answer.body.constData());

        answer = exchange(
            authorizeDirectly(challenge, redirect),
            {{QStringLiteral("client_secret"), QStringLiteral("wrong")}, redirectUri, goodVerifier});
        QCOMPARE(answer.status, 401);
        QVERIFY(answer.body.contains("invalid_client"));

        const QString code = authorizeDirectly(challenge, redirect);
        answer = exchange(code, {secret, redirectUri, goodVerifier});
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.body.contains("refresh_token"));
        answer = exchange(code, {secret, redirectUri, goodVerifier});
        QCOMPARE(answer.status, 400);
        QVERIFY2(answer.body.contains("invalid_grant"), answer.body.constData());
    }

    void revokedRefreshTokenSaysSignInAgain()
    {
        QVERIFY(signIn(options()).ok());
        const std::shared_ptr<UserAccountCredentials> account = credentials().value();
        m_google->revokeAllRefreshTokens(); // the user removed MovieFlow in their Google account
        account->invalidate(); // …and Sheets answered 401
        const Result<QString> token = account->accessToken(mf::StepContext {});
        QVERIFY(!token.ok());
        QCOMPARE(token.error().kind, mf::ErrorKind::Google);
        QCOMPARE(token.error().message,
                 QStringLiteral("Your Google sign-in has expired or was revoked; sign in again."));
        // A dead refresh token is not tried again and again.
        const int requests = m_google->tokenRequestCount(QStringLiteral("refresh_token"));
        QCOMPARE(account->accessToken(mf::StepContext {}).error().message, token.error().message);
        QCOMPARE(m_google->tokenRequestCount(QStringLiteral("refresh_token")), requests);
    }

    void accessTokenIsRefreshedBeforeItExpires()
    {
        QVERIFY(signIn(options()).ok());
        const std::shared_ptr<UserAccountCredentials> account = credentials().value();
        const QString first = account->accessToken(mf::StepContext {}).value();

        m_clock.advance(3599 - 61); // 61 s left: still good
        QCOMPARE(account->accessToken(mf::StepContext {}).value(), first);
        QCOMPARE(m_google->tokenRequestCount(QStringLiteral("refresh_token")), 0);

        m_clock.advance(2); // 59 s left: refresh now rather than fail mid-read
        const Result<QString> second = account->accessToken(mf::StepContext {});
        QVERIFY2(second.ok(), qPrintable(second.error().message));
        QVERIFY(second.value() != first);
        QVERIFY(m_google->isAccessTokenValid(second.value()));
        QCOMPARE(m_google->tokenRequestCount(QStringLiteral("refresh_token")), 1);
        const QMap<QString, QString> refresh = m_google->tokenRequests().constLast();
        QCOMPARE(refresh.value(QStringLiteral("client_id")), clientId);
        QCOMPARE(refresh.value(QStringLiteral("client_secret")), clientSecret);
        QVERIFY(refresh.value(QStringLiteral("refresh_token")).startsWith(QLatin1String("1//fake-")));
        QVERIFY(!refresh.contains(QStringLiteral("redirect_uri")));

        // The new token lasts its full hour again.
        m_clock.advance(1800);
        QCOMPARE(account->accessToken(mf::StepContext {}).value(), second.value());
        QCOMPARE(m_google->tokenRequestCount(QStringLiteral("refresh_token")), 1);
    }

    void accessTokenIsRefreshedOnceAfterA401()
    {
        QVERIFY(signIn(options()).ok());
        const std::shared_ptr<UserAccountCredentials> account = credentials().value();
        const QString first = account->accessToken(mf::StepContext {}).value();
        m_google->expireAccessToken(first); // Sheets would now answer 401
        QVERIFY(!m_google->isAccessTokenValid(first));
        account->invalidate();
        const Result<QString> second = account->accessToken(mf::StepContext {});
        QVERIFY(second.ok());
        QVERIFY(second.value() != first);
        QVERIFY(m_google->isAccessTokenValid(second.value()));
        QCOMPARE(account->accessToken(mf::StepContext {}).value(), second.value());
        QCOMPARE(m_google->tokenRequestCount(QStringLiteral("refresh_token")), 1);
    }

    void refreshWorksFromAWorkerThread()
    {
        QVERIFY(signIn(options()).ok());
        const std::shared_ptr<UserAccountCredentials> account = credentials().value();
        account->invalidate();
        QFutureWatcher<Result<QString>> watcher;
        QSignalSpy done(&watcher, &QFutureWatcher<Result<QString>>::finished);
        watcher.setFuture(QtConcurrent::run([account] { return account->accessToken(mf::StepContext {}); }));
        QVERIFY(done.wait(20000));
        const Result<QString> token = watcher.result();
        QVERIFY2(token.ok(), qPrintable(token.error().message));
        QVERIFY(m_google->isAccessTokenValid(token.value()));
    }

    void cancelledRunDoesNotRefresh()
    {
        QVERIFY(signIn(options()).ok());
        const std::shared_ptr<UserAccountCredentials> account = credentials().value();
        account->invalidate();
        mf::CancelToken cancel;
        cancel.cancel();
        mf::StepContext ctx;
        ctx.cancel = &cancel;
        QCOMPARE(account->accessToken(ctx).error().kind, mf::ErrorKind::Cancelled);
        QCOMPARE(m_google->tokenRequestCount(QStringLiteral("refresh_token")), 0);
    }

    void secondSignInKeepsTheStoredRefreshToken()
    {
        QVERIFY(signIn(options()).ok());
        const QString refreshToken = credentials().value()->refreshToken();
        GoogleAccount::forgetSessions();

        // A refresh token is stored, so no forced consent, and Google sends no new refresh token.
        const Result<AccountStatus> again = signIn(options(false));
        QVERIFY2(again.ok(), qPrintable(again.error().message));
        QVERIFY(!m_google->lastAuthorizationRequest().contains(QStringLiteral("prompt")));
        const std::shared_ptr<UserAccountCredentials> account = credentials().value();
        QCOMPARE(account->refreshToken(), refreshToken);
        account->invalidate();
        QVERIFY(account->accessToken(mf::StepContext {}).ok());
    }

    void deadStoredRefreshTokenForcesConsent()
    {
        QVERIFY(signIn(options()).ok());
        const QString dead = credentials().value()->refreshToken();
        m_google->revokeAllRefreshTokens(); // e.g. the 7-day limit of an app in "Testing"
        GoogleAccount::forgetSessions();

        const Result<AccountStatus> again = signIn(options(false));
        QVERIFY2(again.ok(), qPrintable(again.error().message));
        QCOMPARE(m_google->lastAuthorizationRequest().value(QStringLiteral("prompt")),
                 QStringLiteral("consent"));
        const std::shared_ptr<UserAccountCredentials> account = credentials().value();
        QVERIFY(account->refreshToken() != dead);
        account->invalidate();
        QVERIFY(account->accessToken(mf::StepContext {}).ok());
    }

    void widerScopesForceConsent()
    {
        QVERIFY(signIn(options()).ok());
        SignInOptions byTitle = options(false);
        byTitle.openByTitle = true;
        const Result<AccountStatus> again = signIn(byTitle);
        QVERIFY2(again.ok(), qPrintable(again.error().message));
        QCOMPARE(m_google->lastAuthorizationRequest().value(QStringLiteral("prompt")),
                 QStringLiteral("consent"));
        QVERIFY(again.value().scopes.contains(GoogleScopes::driveMetadataReadOnly()));
        QVERIFY(credentials().value()->canSearchDrive());
    }

    void withoutEmailScopeTheAccountIsStillUsable()
    {
        SignInOptions anonymous = options();
        anonymous.askForEmail = false;
        const Result<AccountStatus> signedIn = signIn(anonymous);
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.error().message));
        QVERIFY(!m_google->lastAuthorizationRequest()
                     .value(QStringLiteral("scope"))
                     .contains(QLatin1String("openid")));
        QCOMPARE(signedIn.value().email, QString());
        QCOMPARE(credentials().value()->identity(), QStringLiteral("your Google account"));
    }

    void signOutRevokesAndForgets()
    {
        QVERIFY(signIn(options()).ok());
        const std::shared_ptr<UserAccountCredentials> account = credentials().value();
        const QString refreshToken = account->refreshToken();
        const QString accessToken = account->accessToken(mf::StepContext {}).value();

        const Result<QString> signedOut = GoogleAccount::wait<QString>(
            [&](GoogleAccount::Done<QString> done) { m_account->signOut(std::move(done)); });
        QVERIFY(signedOut.ok());
        QVERIFY2(signedOut.value().contains(QLatin1String("revoked"))
                     && signedOut.value().contains(QLatin1String("ana@")),
                 qPrintable(signedOut.value()));
        QCOMPARE(m_google->revokedTokens(), QStringList {refreshToken});
        QVERIFY(!m_google->isAccessTokenValid(accessToken));
        QVERIFY(!status().signedIn);
        QCOMPARE(status().clientId, clientId); // the client stays imported for the next sign-in

        const Result<std::shared_ptr<UserAccountCredentials>> none = credentials();
        QVERIFY(!none.ok());
        QCOMPARE(none.error().kind, mf::ErrorKind::Google);
        QVERIFY2(none.error().message.contains(QLatin1String("No Google account is signed in")),
                 qPrintable(none.error().message));

        const Result<QString> again = GoogleAccount::wait<QString>(
            [&](GoogleAccount::Done<QString> done) { m_account->signOut(std::move(done)); });
        QVERIFY2(again.value().contains(QLatin1String("not signed in")), qPrintable(again.value()));
    }

    void withoutClientSignInSaysHowToImportOne()
    {
        const Result<AccountStatus> signedIn = signIn(options(false));
        QVERIFY(!signedIn.ok());
        QVERIFY2(signedIn.error().message.contains(QLatin1String("Desktop app")),
                 qPrintable(signedIn.error().message));
        QCOMPARE(m_browser->visits(), 0);
    }

    void secretsStayOutOfTheSettingsFile()
    {
        QVERIFY(signIn(options()).ok());
        const std::shared_ptr<UserAccountCredentials> account = credentials().value();
        QFile settings(m_account->settingsFile());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        const QByteArray text = settings.readAll();
        QVERIFY(text.contains(clientId.toUtf8()));
        QVERIFY(text.contains("ana@example.com"));
        QVERIFY(!text.contains(clientSecret.toUtf8()));
        QVERIFY(!text.contains(account->refreshToken().toUtf8()));
        QVERIFY(!text.contains(account->accessToken(mf::StepContext {}).value().toUtf8()));
    }
};

QTEST_GUILESS_MAIN(TestGoogleOAuth)
#include "tst_googleoauth.moc"
