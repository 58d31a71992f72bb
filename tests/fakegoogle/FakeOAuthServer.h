// SPDX-License-Identifier: MIT
#pragma once

#include "Clock.h"

#include <QDateTime>
#include <QHash>
#include <QHttpServer>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <optional>

class QHttpServerRequest;
class QHttpServerResponse;

/// A local stand-in for Google's OAuth endpoints (GOOGLE.md §6, §7), on 127.0.0.1 at a random port:
/// - GET  /o/oauth2/v2/auth — the browser step: redirects to redirect_uri with code+state (or
///   error=access_denied), as Google does after the user clicks Allow (or Cancel);
///   Like Google, a refresh token is issued on the first consent or with prompt=consent only;
/// - POST /token — authorization_code (client_secret, redirect_uri and PKCE S256 verified), refresh_token,
///   and urn:ietf:params:oauth:grant-type:jwt-bearer (RS256 signature, aud, iat/exp window verified);
/// - POST /revoke — token=<access or refresh token>.
/// Errors carry Google's shapes and texts ({"error", "error_description"}). Issued access tokens are
/// announced (accessTokenIssued) and can be checked (isAccessTokenValid), so a fake Sheets server can
/// accept exactly them.
class FakeOAuthServer : public QObject
{
    Q_OBJECT

public:
    explicit FakeOAuthServer(const mf::Clock &clock = mf::Clock::system(), QObject *parent = nullptr);
    ~FakeOAuthServer() override;

    /// Listens on 127.0.0.1, port chosen by the system. False if that failed.
    bool listen();
    QUrl baseUrl() const;
    QUrl authUrl() const { return endpoint(QStringLiteral("/o/oauth2/v2/auth")); }
    QUrl tokenUrl() const { return endpoint(QStringLiteral("/token")); }
    QUrl revokeUrl() const { return endpoint(QStringLiteral("/revoke")); }

    // --- what the fake Google knows -------------------------------------------------------------------
    void addClient(const QString &clientId, const QString &clientSecret);
    /// A service account and the PEM ("BEGIN PUBLIC KEY") its JWTs must verify with.
    void addServiceAccount(const QString &email, const QByteArray &publicKeyPem);

    // --- what the user does in the browser -------------------------------------------------------------
    enum class Consent { Allow, Deny };
    void setConsent(Consent consent) { m_consent = consent; }
    void setUserEmail(const QString &email) { m_userEmail = email; }
    /// The scopes the user leaves ticked; by default every requested scope.
    void setGrantedScopes(std::optional<QStringList> scopes) { m_grantedScopes = std::move(scopes); }
    /// Redirect with this state instead of the one in the request (a forged or mixed-up answer).
    void setRedirectState(std::optional<QString> state) { m_redirectState = std::move(state); }

    // --- token behaviour and faults ----------------------------------------------------------------
    /// expires_in of issued access tokens (Google: 3599).
    void setAccessTokenLifetime(int seconds) { m_accessTokenLifetime = seconds; }
    /// The user revoked MovieFlow's access in their Google account: every refresh token and its access
    /// tokens stop working.
    void revokeAllRefreshTokens();
    /// One access token stops working (Sheets then answers 401).
    void expireAccessToken(const QString &token);

    // --- what happened --------------------------------------------------------------------------------
    /// Issued, not expired by the clock, not revoked.
    bool isAccessTokenValid(const QString &token) const;
    QString identityOf(const QString &accessToken) const;
    QStringList scopesOf(const QString &accessToken) const;
    QStringList issuedAccessTokens() const { return m_accessOrder; }
    /// Number of /token requests with this grant_type (accepted or not).
    int tokenRequestCount(const QString &grantType) const;
    /// The decoded forms of every /token request, in order.
    QList<QMap<QString, QString>> tokenRequests() const { return m_tokenRequests; }
    /// The decoded query of the last authorization request.
    QMap<QString, QString> lastAuthorizationRequest() const { return m_lastAuthorization; }
    /// Tokens POSTed to /revoke that were known and are now revoked.
    QStringList revokedTokens() const { return m_revoked; }

    /// application/x-www-form-urlencoded (or a query string) decoded: `+` is a space, %XX a byte.
    static QMap<QString, QString> decodeForm(const QByteArray &encoded);

Q_SIGNALS:
    void accessTokenIssued(const QString &token, const QString &identity, const QStringList &scopes);

private:
    struct AuthorizationCode
    {
        QString clientId;
        QString redirectUri;
        QString challenge;
        QString challengeMethod;
        QStringList scopes;
        QString email;
        bool promptConsent = false;
        bool used = false;
    };
    struct RefreshGrant
    {
        QString clientId;
        QString email;
        QStringList scopes;
        bool revoked = false;
    };
    struct AccessGrant
    {
        QString identity;
        QStringList scopes;
        QDateTime expiresAt;
        QString refreshToken;
        bool revoked = false;
    };

    QUrl endpoint(const QString &path) const;
    QHttpServerResponse authorize(const QHttpServerRequest &request);
    QHttpServerResponse token(const QHttpServerRequest &request);
    QHttpServerResponse revoke(const QHttpServerRequest &request);
    QHttpServerResponse exchangeCode(const QMap<QString, QString> &form);
    QHttpServerResponse refresh(const QMap<QString, QString> &form);
    QHttpServerResponse jwtBearer(const QMap<QString, QString> &form);
    std::optional<QHttpServerResponse> checkClient(const QMap<QString, QString> &form) const;
    QJsonObject issueAccessToken(const QString &identity, const QStringList &scopes,
                                 const QString &refreshToken);
    QString idTokenFor(const QString &clientId, const QString &email) const;

    const mf::Clock &m_clock;
    QHttpServer m_server;
    quint16 m_port = 0;

    QHash<QString, QString> m_clients; ///< id → secret
    QHash<QString, QByteArray> m_serviceAccounts;
    Consent m_consent = Consent::Allow;
    QString m_userEmail = QStringLiteral("ana@example.com");
    std::optional<QStringList> m_grantedScopes;
    std::optional<QString> m_redirectState;
    int m_accessTokenLifetime = 3599;

    QHash<QString, AuthorizationCode> m_codes;
    QSet<QString> m_consented; ///< client id + e-mail that already received a refresh token
    QHash<QString, RefreshGrant> m_refreshTokens;
    QHash<QString, AccessGrant> m_accessTokens;
    QStringList m_accessOrder;
    QList<QMap<QString, QString>> m_tokenRequests;
    QMap<QString, QString> m_lastAuthorization;
    QStringList m_revoked;
};
