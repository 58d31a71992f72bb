// SPDX-License-Identifier: MIT
#include "GoogleAccount.h"

#include "AuthEndpoints.h"
#include "OAuthSignIn.h"
#include "TokenEndpoint.h"

#include <QDir>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>

namespace mf::google {

namespace {

const QString clientIdSetting = QStringLiteral("google/clientId");
const QString emailSetting = QStringLiteral("google/email");
const QString scopesSetting = QStringLiteral("google/scopes");

/// Signed-in accounts of this process, so every run reuses one access token.
class Sessions
{
public:
    static Sessions &instance()
    {
        static Sessions sessions;
        return sessions;
    }
    std::shared_ptr<UserAccountCredentials> get(const QString &key) const
    {
        const QMutexLocker lock(&m_mutex);
        return m_sessions.value(key);
    }
    void put(const QString &key, std::shared_ptr<UserAccountCredentials> credentials)
    {
        const QMutexLocker lock(&m_mutex);
        m_sessions.insert(key, std::move(credentials));
    }
    void remove(const QString &key)
    {
        const QMutexLocker lock(&m_mutex);
        m_sessions.remove(key);
    }
    void clear()
    {
        const QMutexLocker lock(&m_mutex);
        m_sessions.clear();
    }

private:
    mutable QMutex m_mutex;
    QHash<QString, std::shared_ptr<UserAccountCredentials>> m_sessions;
};

QString howToImport()
{
    return QStringLiteral(
        "import the credentials.json of a \"Desktop app\" OAuth client (movieflow-cli auth login "
        "--oauth-client FILE, or Google account → Import client file in the app)");
}

} // namespace

GoogleAccount::GoogleAccount(QObject *parent)
    : GoogleAccount(SecretStore(), defaultSettingsFile(), Clock::system(), parent)
{ }

GoogleAccount::GoogleAccount(SecretStore store, QString settingsFile, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(std::move(store)), m_settingsFile(std::move(settingsFile)), m_clock(clock)
{ }

GoogleAccount::~GoogleAccount() = default;

QString GoogleAccount::defaultSettingsFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/MovieFlow/google-account.ini");
}

QString GoogleAccount::refreshTokenKey(const QString &clientId)
{
    return QStringLiteral("google-oauth-refresh-token/") + clientId;
}

QString GoogleAccount::clientSecretKey(const QString &clientId)
{
    return QStringLiteral("google-oauth-client-secret/") + clientId;
}

QString GoogleAccount::sessionKey(const QString &clientId) const
{
    return m_store.service() + QLatin1Char('\n') + clientId;
}

void GoogleAccount::forgetSessions()
{
    Sessions::instance().clear();
}

QString GoogleAccount::clientId() const
{
    const QSettings settings(m_settingsFile, QSettings::IniFormat);
    return settings.value(clientIdSetting).toString();
}

Error GoogleAccount::saveSettings(const std::function<void(QSettings &)> &change) const
{
    QSettings settings(m_settingsFile, QSettings::IniFormat);
    change(settings);
    settings.sync();
    if (settings.status() != QSettings::NoError) {
        return Error::google(
            QStringLiteral("MovieFlow could not save the Google account settings in %1; check that "
                           "the folder is writable.")
                .arg(QDir::toNativeSeparators(m_settingsFile)));
    }
    return Error::none();
}

Error GoogleAccount::notSignedIn(const QString &storageProblem) const
{
    QString message
        = QStringLiteral("No Google account is signed in. Sign in first (movieflow-cli auth login "
                         "--oauth-client credentials.json, or Google account → Sign in in the app), or "
                         "read the sheet with a service account, an API key or its public link.");
    if (!storageProblem.isEmpty())
        message += QLatin1Char(' ') + storageProblem;
    return Error::google(message);
}

void GoogleAccount::importClient(const OAuthClient &client, Done<AccountStatus> done)
{
    if (!client.isValid())
        return done(
            Error::google(QStringLiteral("The OAuth client has no id or secret; %1.").arg(howToImport())));
    const QString previous = clientId();
    m_store.write(
        clientSecretKey(client.clientId), client.clientSecret, this,
        [this, client, previous, done = std::move(done)](const SecretStore::Outcome &outcome) {
            if (!previous.isEmpty() && previous != client.clientId) {
                // A new client: the old client's tokens are of no use any more.
                Sessions::instance().remove(sessionKey(previous));
                m_store.remove(refreshTokenKey(previous), this, [](const SecretStore::Outcome &) {});
                m_store.remove(clientSecretKey(previous), this, [](const SecretStore::Outcome &) {});
            }
            const Error saved = saveSettings([&](QSettings &settings) {
                if (previous != client.clientId) {
                    settings.remove(emailSetting);
                    settings.remove(scopesSetting);
                }
                settings.setValue(clientIdSetting, client.clientId);
            });
            if (saved.isError())
                return done(saved);
            AccountStatus status;
            status.clientId = client.clientId;
            status.service = m_store.service();
            status.location = outcome.location;
            status.storageProblem = outcome.problem;
            done(status);
        });
}

void GoogleAccount::readClient(Done<OAuthClient> done)
{
    const QString id = clientId();
    if (id.isEmpty())
        return done(Error::google(QStringLiteral("No OAuth client is set up yet; %1.").arg(howToImport())));
    m_store.read(clientSecretKey(id), this,
                 [id, done = std::move(done)](const SecretStore::Outcome &outcome) {
                     if (!outcome.secret || outcome.secret->isEmpty()) {
                         QString message
                             = QStringLiteral("The secret of the OAuth client %1 is not stored any more; %2.")
                                   .arg(id, howToImport());
                         if (!outcome.problem.isEmpty())
                             message += QLatin1Char(' ') + outcome.problem;
                         return done(Error::google(message));
                     }
                     OAuthClient client;
                     client.clientId = id;
                     client.clientSecret = *outcome.secret;
                     done(client);
                 });
}

void GoogleAccount::signIn(const SignInOptions &options, Done<AccountStatus> done)
{
    if (m_signInState != SignInState::Idle) {
        return done(
            Error::google(QStringLiteral("A Google sign-in is already running; finish it in the browser or "
                                         "cancel it first.")));
    }
    m_signInState = SignInState::Preparing;
    m_cancelRequested = false;
    auto proceed = [this, options, done](const OAuthClient &client) {
        m_store.read(refreshTokenKey(client.clientId), this,
                     [this, options, client, done](const SecretStore::Outcome &stored) {
                         reuseOrConsent(options, client, stored.secret.value_or(QString()), done);
                     });
    };
    if (options.client) {
        const OAuthClient client = *options.client;
        importClient(client, [this, client, proceed, done](Result<AccountStatus> imported) {
            if (!imported.ok())
                return finishSignIn(done, imported.error());
            proceed(client);
        });
    } else {
        readClient([this, proceed, done](Result<OAuthClient> client) {
            if (!client.ok())
                return finishSignIn(done, client.error());
            proceed(client.value());
        });
    }
}

void GoogleAccount::reuseOrConsent(const SignInOptions &options, const OAuthClient &client,
                                   const QString &storedRefreshToken, Done<AccountStatus> done)
{
    // Without prompt=consent Google sends no new refresh token when the user consented before, so the stored
    // one is kept — but only if it still works and already covers what this sign-in asks for. Otherwise the
    // consent screen is forced, which brings a new refresh token.
    SignInRequest request;
    request.openByTitle = options.openByTitle;
    const QStringList granted = QSettings(m_settingsFile, QSettings::IniFormat)
                                    .value(scopesSetting)
                                    .toString()
                                    .split(QLatin1Char(' '), Qt::SkipEmptyParts);
    bool covered = true;
    for (const QString &scope : request.requiredScopes())
        covered = covered && granted.contains(scope);
    const Result<AuthEndpoints> endpoints = AuthEndpoints::fromEnvironment();
    if (storedRefreshToken.isEmpty() || !covered || !endpoints.ok())
        return runSignIn(options, client, QString(), done);
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    const FormFields form {
        {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
        {QStringLiteral("refresh_token"), storedRefreshToken},
        {QStringLiteral("client_id"), client.clientId},
        {QStringLiteral("client_secret"), client.clientSecret},
    };
    TokenEndpoint::post(*m_network, endpoints.value().tokenUrl, form, this,
                        [this, options, client, storedRefreshToken, done](const HttpAnswer &answer) {
                            runSignIn(options, client, answer.status == 200 ? storedRefreshToken : QString(),
                                      done);
                        });
}

void GoogleAccount::runSignIn(const SignInOptions &options, const OAuthClient &client,
                              const QString &storedRefreshToken, Done<AccountStatus> done)
{
    if (m_cancelRequested)
        return finishSignIn(done,
                            Error {ErrorKind::Cancelled,
                                   QStringLiteral("The sign-in was cancelled; MovieFlow is not signed in.")});
    Result<AuthEndpoints> endpoints = AuthEndpoints::fromEnvironment();
    if (!endpoints.ok())
        return finishSignIn(done, endpoints.error());

    SignInRequest request;
    request.client = client;
    request.endpoints = endpoints.value();
    request.openByTitle = options.openByTitle;
    request.askForEmail = options.askForEmail;
    request.forceConsent = storedRefreshToken.isEmpty();
    request.timeoutSeconds = options.timeoutSeconds;
    request.openUrl = options.openUrl;
    request.clock = &m_clock;
    auto *flow = new OAuthSignIn(request, this);
    connect(flow, &OAuthSignIn::finished, this, [this, flow, client, storedRefreshToken, done] {
        flow->deleteLater();
        const Result<SignInResult> &result = flow->result();
        if (!result.ok())
            return finishSignIn(done, result.error());
        keepSignIn(client, storedRefreshToken, result.value(), done);
    });
    const Error started = flow->start();
    if (started.isError()) {
        delete flow;
        return finishSignIn(done, started);
    }
    m_signIn = flow;
    m_signInState = SignInState::Running;
}

void GoogleAccount::keepSignIn(const OAuthClient &client, const QString &storedRefreshToken,
                               const SignInResult &signedIn, Done<AccountStatus> done)
{
    const QString refreshToken
        = signedIn.grant.refreshToken.isEmpty() ? storedRefreshToken : signedIn.grant.refreshToken;
    if (refreshToken.isEmpty()) {
        return finishSignIn(
            done,
            Error::google(QStringLiteral(
                "Google signed you in but issued no refresh token, so MovieFlow cannot stay "
                "signed in; remove MovieFlow's access at https://myaccount.google.com/permissions "
                "and sign in again.")));
    }
    const Result<AuthEndpoints> endpoints = AuthEndpoints::fromEnvironment();
    if (!endpoints.ok())
        return finishSignIn(done, endpoints.error());
    const QUrl tokenUrl = endpoints.value().tokenUrl;
    const QStringList scopes = signedIn.grant.scopes;
    m_store.write(
        refreshTokenKey(client.clientId), refreshToken, this,
        [this, client, refreshToken, tokenUrl, scopes, signedIn, done](const SecretStore::Outcome &kept) {
            const Error saved = saveSettings([&](QSettings &settings) {
                settings.setValue(clientIdSetting, client.clientId);
                settings.setValue(emailSetting, signedIn.email);
                settings.setValue(scopesSetting, scopes.join(QLatin1Char(' ')));
            });
            if (saved.isError())
                return finishSignIn(done, saved);
            auto credentials = std::make_shared<UserAccountCredentials>(client, refreshToken, tokenUrl,
                                                                        signedIn.email, scopes, m_clock);
            credentials->setAccessToken(signedIn.grant.accessToken, signedIn.grant.expiresAt);
            Sessions::instance().put(sessionKey(client.clientId), credentials);
            AccountStatus status;
            status.clientId = client.clientId;
            status.signedIn = true;
            status.email = signedIn.email;
            status.scopes = scopes;
            status.service = m_store.service();
            status.location = kept.location;
            status.storageProblem = kept.problem;
            finishSignIn(done, status);
        });
}

void GoogleAccount::finishSignIn(const Done<AccountStatus> &done, Result<AccountStatus> result)
{
    m_signInState = SignInState::Idle;
    m_signIn = nullptr;
    m_cancelRequested = false;
    done(std::move(result));
}

void GoogleAccount::cancelSignIn()
{
    if (m_signInState == SignInState::Running && m_signIn)
        m_signIn->cancel();
    else if (m_signInState == SignInState::Preparing)
        m_cancelRequested = true;
}

void GoogleAccount::signOut(Done<QString> done)
{
    const QString id = clientId();
    const QSettings settings(m_settingsFile, QSettings::IniFormat);
    const QString email = settings.value(emailSetting).toString();
    const QString who = email.isEmpty() ? QString() : QStringLiteral(" as %1").arg(email);
    if (id.isEmpty())
        return done(QStringLiteral("MovieFlow was not signed in to Google; nothing to do."));

    auto removeLocally = [this, id, done](const QString &revoked) {
        Sessions::instance().remove(sessionKey(id));
        m_store.remove(refreshTokenKey(id), this, [this, revoked, done](const SecretStore::Outcome &removed) {
            const Error saved = saveSettings([](QSettings &s) {
                s.remove(emailSetting);
                s.remove(scopesSetting);
            });
            if (saved.isError())
                return done(saved);
            QString message = revoked;
            if (!removed.problem.isEmpty())
                message += QLatin1Char(' ') + removed.problem;
            done(message);
        });
    };
    auto revoke = [this, who, removeLocally](const QString &refreshToken) {
        if (refreshToken.isEmpty())
            return removeLocally(QStringLiteral("MovieFlow was not signed in to Google; nothing to do."));
        const Result<AuthEndpoints> endpoints = AuthEndpoints::fromEnvironment();
        if (!endpoints.ok()) {
            return removeLocally(
                QStringLiteral("Signed out on this computer: the token was deleted, but it could "
                               "not be revoked (%1); remove MovieFlow's access at "
                               "https://myaccount.google.com/permissions.")
                    .arg(endpoints.error().message));
        }
        if (!m_network)
            m_network = new QNetworkAccessManager(this);
        const QUrl revokeUrl = endpoints.value().revokeUrl;
        TokenEndpoint::post(
            *m_network, revokeUrl, {{QStringLiteral("token"), refreshToken}}, this,
            [who, revokeUrl, removeLocally](const HttpAnswer &answer) {
                const QString code
                    = QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("error")).toString();
                if (answer.status == 200) {
                    removeLocally(QStringLiteral("Signed out of Google%1: Google revoked MovieFlow's "
                                                 "access and the refresh token was deleted.")
                                      .arg(who));
                } else if (answer.status == 400 && code == QLatin1String("invalid_token")) {
                    removeLocally(QStringLiteral("Signed out of Google%1: the sign-in had already "
                                                 "expired or been revoked, and its token was "
                                                 "deleted.")
                                      .arg(who));
                } else {
                    const QString why = answer.status == 0 ? answer.networkError
                                                           : QStringLiteral("HTTP %1").arg(answer.status);
                    removeLocally(QStringLiteral("Signed out on this computer: the token was deleted, "
                                                 "but %1 could not revoke it (%2); remove MovieFlow's "
                                                 "access at https://myaccount.google.com/permissions.")
                                      .arg(revokeUrl.toDisplayString(QUrl::RemoveQuery), why));
                }
            });
    };
    if (const auto session = Sessions::instance().get(sessionKey(id)))
        return revoke(session->refreshToken());
    m_store.read(refreshTokenKey(id), this,
                 [revoke](const SecretStore::Outcome &stored) { revoke(stored.secret.value_or(QString())); });
}

void GoogleAccount::status(Done<AccountStatus> done)
{
    AccountStatus status;
    status.clientId = clientId();
    status.service = m_store.service();
    {
        const QSettings settings(m_settingsFile, QSettings::IniFormat);
        status.email = settings.value(emailSetting).toString();
        status.scopes = settings.value(scopesSetting).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    if (status.clientId.isEmpty())
        return done(status);
    m_store.read(refreshTokenKey(status.clientId), this,
                 [status, done](const SecretStore::Outcome &stored) mutable {
                     status.signedIn = stored.secret.has_value() && !stored.secret->isEmpty();
                     status.location = stored.location;
                     status.storageProblem = stored.problem;
                     done(status);
                 });
}

void GoogleAccount::credentials(Done<std::shared_ptr<UserAccountCredentials>> done)
{
    const QString id = clientId();
    if (id.isEmpty())
        return done(notSignedIn(QString()));
    if (auto session = Sessions::instance().get(sessionKey(id)))
        return done(std::move(session));
    readClient([this, done](Result<OAuthClient> client) {
        if (!client.ok())
            return done(notSignedIn(QString()));
        const OAuthClient oauthClient = client.value();
        m_store.read(
            refreshTokenKey(oauthClient.clientId), this,
            [this, oauthClient, done](const SecretStore::Outcome &stored) {
                if (!stored.secret || stored.secret->isEmpty())
                    return done(notSignedIn(stored.problem));
                const Result<AuthEndpoints> endpoints = AuthEndpoints::fromEnvironment();
                if (!endpoints.ok())
                    return done(endpoints.error());
                const QSettings settings(m_settingsFile, QSettings::IniFormat);
                auto credentials = std::make_shared<UserAccountCredentials>(
                    oauthClient, *stored.secret, endpoints.value().tokenUrl,
                    settings.value(emailSetting).toString(),
                    settings.value(scopesSetting).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts),
                    m_clock);
                Sessions::instance().put(sessionKey(oauthClient.clientId), credentials);
                done(credentials);
            });
    });
}

Result<std::shared_ptr<Credentials>> signedInCredentials()
{
    GoogleAccount account;
    Result<std::shared_ptr<UserAccountCredentials>> credentials
        = GoogleAccount::wait<std::shared_ptr<UserAccountCredentials>>(
            [&account](GoogleAccount::Done<std::shared_ptr<UserAccountCredentials>> done) {
                account.credentials(std::move(done));
            });
    if (!credentials.ok())
        return credentials.error();
    return std::shared_ptr<Credentials>(credentials.takeValue());
}

} // namespace mf::google
