// SPDX-License-Identifier: MIT
#include "FakeOAuthServer.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <QCryptographicHash>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <memory>

namespace {

using Status = QHttpServerResponder::StatusCode;

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray fromBase64Url(const QByteArray &text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString randomToken(const char *prefix, int bytes)
{
    QByteArray random(bytes, Qt::Uninitialized);
    for (int i = 0; i < bytes; ++i)
        random[i] = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return QString::fromLatin1(prefix) + QString::fromLatin1(base64Url(random));
}

/// Google's token-endpoint bodies are pretty-printed JSON.
QHttpServerResponse json(const QJsonObject &object, Status status = Status::Ok)
{
    QHttpServerResponse response(QByteArrayLiteral("application/json; charset=utf-8"),
                                 QJsonDocument(object).toJson(QJsonDocument::Indented), status);
    response.addHeader(QByteArrayLiteral("Cache-Control"),
                       QByteArrayLiteral("no-cache, no-store, max-age=0"));
    return response;
}

QHttpServerResponse oauthError(const QString &error, const QString &description,
                               Status status = Status::BadRequest)
{
    QJsonObject object {{QStringLiteral("error"), error}};
    if (!description.isEmpty())
        object.insert(QStringLiteral("error_description"), description);
    return json(object, status);
}

QHttpServerResponse htmlPage(const QString &text, Status status)
{
    return QHttpServerResponse(QByteArrayLiteral("text/html; charset=utf-8"),
                               QStringLiteral("<!DOCTYPE html><html><body><p>%1</p></body></html>")
                                   .arg(text.toHtmlEscaped())
                                   .toUtf8(),
                               status);
}

bool isLoopbackRedirect(const QUrl &url)
{
    if (url.scheme() != QLatin1String("http") || url.port() <= 0)
        return false;
    const QString host = url.host();
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost")
        || host == QLatin1String("::1");
}

bool verifyRs256(const QByteArray &publicKeyPem, const QByteArray &signingInput, const QByteArray &signature)
{
    const std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(publicKeyPem.constData(), static_cast<int>(publicKeyPem.size())), BIO_free);
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!key || !context
        || EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1)
        return false;
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                            static_cast<size_t>(signature.size()),
                            reinterpret_cast<const unsigned char *>(signingInput.constData()),
                            static_cast<size_t>(signingInput.size()))
        == 1;
}

} // namespace

FakeOAuthServer::FakeOAuthServer(const mf::Clock &clock, QObject *parent) : QObject(parent), m_clock(clock)
{
    m_server.route(QStringLiteral("/o/oauth2/v2/auth"), QHttpServerRequest::Method::Get,
                   [this](const QHttpServerRequest &request) { return authorize(request); });
    m_server.route(QStringLiteral("/token"), QHttpServerRequest::Method::Post,
                   [this](const QHttpServerRequest &request) { return token(request); });
    m_server.route(QStringLiteral("/revoke"), QHttpServerRequest::Method::Post,
                   [this](const QHttpServerRequest &request) { return revoke(request); });
}

FakeOAuthServer::~FakeOAuthServer() = default;

bool FakeOAuthServer::listen()
{
    m_port = m_server.listen(QHostAddress(QHostAddress::LocalHost), 0);
    return m_port != 0;
}

QUrl FakeOAuthServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QUrl FakeOAuthServer::endpoint(const QString &path) const
{
    QUrl url = baseUrl();
    url.setPath(path);
    return url;
}

void FakeOAuthServer::addClient(const QString &clientId, const QString &clientSecret)
{
    m_clients.insert(clientId, clientSecret);
}

void FakeOAuthServer::addServiceAccount(const QString &email, const QByteArray &publicKeyPem)
{
    m_serviceAccounts.insert(email, publicKeyPem);
}

QMap<QString, QString> FakeOAuthServer::decodeForm(const QByteArray &encoded)
{
    QMap<QString, QString> form;
    for (QByteArray pair : encoded.split('&')) {
        if (pair.isEmpty())
            continue;
        pair.replace('+', ' ');
        const qsizetype equals = pair.indexOf('=');
        form.insert(QUrl::fromPercentEncoding(equals < 0 ? pair : pair.left(equals)),
                    equals < 0 ? QString() : QUrl::fromPercentEncoding(pair.mid(equals + 1)));
    }
    return form;
}

QHttpServerResponse FakeOAuthServer::authorize(const QHttpServerRequest &request)
{
    const QMap<QString, QString> query = decodeForm(request.url().query(QUrl::FullyEncoded).toLatin1());
    m_lastAuthorization = query;
    // Problems with the request itself are shown to the user on Google's page, not sent to the app.
    if (!m_clients.contains(query.value(QStringLiteral("client_id"))))
        return htmlPage(QStringLiteral("Error 401: invalid_client. The OAuth client was not found."),
                        Status::Unauthorized);
    const QUrl redirectUri(query.value(QStringLiteral("redirect_uri")));
    if (!isLoopbackRedirect(redirectUri))
        return htmlPage(QStringLiteral("Error 400: redirect_uri_mismatch"), Status::BadRequest);
    if (query.value(QStringLiteral("response_type")) != QLatin1String("code"))
        return htmlPage(QStringLiteral("Error 400: unsupported_response_type"), Status::BadRequest);
    const QStringList requested
        = query.value(QStringLiteral("scope")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (requested.isEmpty())
        return htmlPage(QStringLiteral("Error 400: invalid_request. Missing required parameter: scope"),
                        Status::BadRequest);
    const QString method = query.value(QStringLiteral("code_challenge_method"), QStringLiteral("plain"));
    if (query.contains(QStringLiteral("code_challenge")) && method != QLatin1String("S256")
        && method != QLatin1String("plain"))
        return htmlPage(QStringLiteral("Error 400: invalid_request. Invalid code_challenge_method"),
                        Status::BadRequest);

    const QString state = m_redirectState.value_or(query.value(QStringLiteral("state")));
    QByteArray answer;
    auto add = [&answer](const char *name, const QString &value) {
        answer += (answer.isEmpty() ? "" : "&") + QByteArray(name) + '=' + QUrl::toPercentEncoding(value);
    };
    if (m_consent == Consent::Deny) {
        add("error", QStringLiteral("access_denied"));
        if (!state.isEmpty())
            add("state", state);
    } else {
        QStringList granted = m_grantedScopes.value_or(requested);
        granted.erase(
            std::remove_if(granted.begin(), granted.end(),
                           [&requested](const QString &scope) { return !requested.contains(scope); }),
            granted.end());
        AuthorizationCode code;
        code.clientId = query.value(QStringLiteral("client_id"));
        code.redirectUri = query.value(QStringLiteral("redirect_uri"));
        code.challenge = query.value(QStringLiteral("code_challenge"));
        code.challengeMethod = method;
        code.scopes = granted;
        code.email = m_userEmail;
        code.promptConsent = query.value(QStringLiteral("prompt"))
                                 .split(QLatin1Char(' '))
                                 .contains(QStringLiteral("consent"));
        // Real codes look like "4/0AeanS0b…": the slash reaches the app as %2F.
        const QString value = randomToken("4/0Afake", 24);
        m_codes.insert(value, code);
        if (!state.isEmpty())
            add("state", state);
        add("code", value);
        add("scope", granted.join(QLatin1Char(' ')));
    }
    QUrl location = redirectUri;
    location.setQuery(QString::fromLatin1(answer));
    QHttpServerResponse response(Status::Found);
    response.addHeader(QByteArrayLiteral("Location"), location.toEncoded());
    return response;
}

std::optional<QHttpServerResponse> FakeOAuthServer::checkClient(const QMap<QString, QString> &form) const
{
    const QString clientId = form.value(QStringLiteral("client_id"));
    if (clientId.isEmpty())
        return oauthError(QStringLiteral("invalid_request"),
                          QStringLiteral("Could not determine client ID from request."));
    if (!m_clients.contains(clientId))
        return oauthError(QStringLiteral("invalid_client"), QStringLiteral("The OAuth client was not found."),
                          Status::Unauthorized);
    if (!form.contains(QStringLiteral("client_secret")))
        return oauthError(QStringLiteral("invalid_request"), QStringLiteral("client_secret is missing."));
    if (form.value(QStringLiteral("client_secret")) != m_clients.value(clientId))
        return oauthError(QStringLiteral("invalid_client"), QStringLiteral("Unauthorized"),
                          Status::Unauthorized);
    return std::nullopt;
}

QHttpServerResponse FakeOAuthServer::token(const QHttpServerRequest &request)
{
    const QMap<QString, QString> form = decodeForm(request.body());
    m_tokenRequests.append(form);
    const QString grantType = form.value(QStringLiteral("grant_type"));
    if (grantType == QLatin1String("authorization_code"))
        return exchangeCode(form);
    if (grantType == QLatin1String("refresh_token"))
        return refresh(form);
    if (grantType == QLatin1String("urn:ietf:params:oauth:grant-type:jwt-bearer"))
        return jwtBearer(form);
    return oauthError(QStringLiteral("unsupported_grant_type"),
                      QStringLiteral("Invalid grant_type: ") + grantType);
}

QHttpServerResponse FakeOAuthServer::exchangeCode(const QMap<QString, QString> &form)
{
    if (auto refused = checkClient(form))
        return std::move(*refused);
    const QString value = form.value(QStringLiteral("code"));
    if (!m_codes.contains(value))
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Malformed auth code."));
    AuthorizationCode &code = m_codes[value];
    if (code.used || code.clientId != form.value(QStringLiteral("client_id")))
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Bad Request"));
    if (code.redirectUri != form.value(QStringLiteral("redirect_uri")))
        return oauthError(QStringLiteral("redirect_uri_mismatch"), QStringLiteral("Bad Request"));
    const QString verifier = form.value(QStringLiteral("code_verifier"));
    if (!code.challenge.isEmpty() && verifier.isEmpty())
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Missing code verifier."));
    if (code.challenge.isEmpty() && !verifier.isEmpty())
        return oauthError(QStringLiteral("invalid_request"),
                          QStringLiteral("code_verifier or verifier is not needed."));
    if (!code.challenge.isEmpty()) {
        const QString expected = code.challengeMethod == QLatin1String("S256")
            ? QString::fromLatin1(
                base64Url(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)))
            : verifier;
        if (expected != code.challenge)
            return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Invalid code verifier."));
    }
    code.used = true;

    // Google sends a refresh token on the first consent, or again when prompt=consent forced the screen.
    const QString consentKey = code.clientId + QLatin1Char('\n') + code.email;
    const bool withRefreshToken = code.promptConsent || !m_consented.contains(consentKey);
    m_consented.insert(consentKey);
    QString refreshToken;
    if (withRefreshToken) {
        refreshToken = randomToken("1//fake-", 32);
        m_refreshTokens.insert(refreshToken, RefreshGrant {code.clientId, code.email, code.scopes, false});
    }
    QJsonObject answer = issueAccessToken(code.email, code.scopes, refreshToken);
    if (withRefreshToken)
        answer.insert(QStringLiteral("refresh_token"), refreshToken);
    if (code.scopes.contains(QStringLiteral("openid")))
        answer.insert(QStringLiteral("id_token"), idTokenFor(code.clientId, code.email));
    return json(answer);
}

QHttpServerResponse FakeOAuthServer::refresh(const QMap<QString, QString> &form)
{
    if (auto refused = checkClient(form))
        return std::move(*refused);
    const QString refreshToken = form.value(QStringLiteral("refresh_token"));
    const auto it = m_refreshTokens.constFind(refreshToken);
    if (it == m_refreshTokens.constEnd() || it->revoked
        || it->clientId != form.value(QStringLiteral("client_id")))
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Bad Request"));
    // Like Google: a new access token, no new refresh token.
    return json(issueAccessToken(it->email, it->scopes, refreshToken));
}

QHttpServerResponse FakeOAuthServer::jwtBearer(const QMap<QString, QString> &form)
{
    const QList<QByteArray> parts = form.value(QStringLiteral("assertion")).toLatin1().split('.');
    if (parts.size() != 3)
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Invalid JWT: Malformed."));
    const QJsonObject header = QJsonDocument::fromJson(fromBase64Url(parts.at(0))).object();
    const QJsonObject claims = QJsonDocument::fromJson(fromBase64Url(parts.at(1))).object();
    if (header.value(QStringLiteral("alg")).toString() != QLatin1String("RS256"))
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Invalid JWT Signature."));
    const QString issuer = claims.value(QStringLiteral("iss")).toString();
    if (!m_serviceAccounts.contains(issuer))
        return oauthError(QStringLiteral("invalid_grant"),
                          QStringLiteral("Invalid grant: account not found"));
    if (!verifyRs256(m_serviceAccounts.value(issuer), parts.at(0) + '.' + parts.at(1),
                     fromBase64Url(parts.at(2))))
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Invalid JWT Signature."));
    if (claims.value(QStringLiteral("aud")).toString() != tokenUrl().toString())
        return oauthError(QStringLiteral("invalid_grant"),
                          QStringLiteral("Invalid JWT: Failed audience check. The expected audience is %1.")
                              .arg(tokenUrl().toString()));
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const qint64 issuedAt = claims.value(QStringLiteral("iat")).toVariant().toLongLong();
    const qint64 expires = claims.value(QStringLiteral("exp")).toVariant().toLongLong();
    // A little skew is tolerated; more, or a lifetime over an hour, is refused.
    if (issuedAt > now + 300 || expires < now || expires - issuedAt > 3600 || expires <= issuedAt)
        return oauthError(
            QStringLiteral("invalid_grant"),
            QStringLiteral("Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                           "reasonable timeframe. Check your iat and exp values in the JWT claim."));
    const QStringList scopes
        = claims.value(QStringLiteral("scope")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (scopes.isEmpty())
        return oauthError(QStringLiteral("invalid_scope"),
                          QStringLiteral("Invalid OAuth scope or ID token audience provided."));
    QJsonObject answer = issueAccessToken(issuer, scopes, QString());
    answer.remove(QStringLiteral("scope")); // Google's service-account answer carries no scope
    return json(answer);
}

QHttpServerResponse FakeOAuthServer::revoke(const QHttpServerRequest &request)
{
    const QString token = decodeForm(request.body()).value(QStringLiteral("token"));
    if (m_refreshTokens.contains(token) && !m_refreshTokens.value(token).revoked) {
        m_refreshTokens[token].revoked = true;
        for (AccessGrant &access : m_accessTokens) {
            if (access.refreshToken == token)
                access.revoked = true;
        }
        m_revoked << token;
        return json(QJsonObject());
    }
    if (m_accessTokens.contains(token) && !m_accessTokens.value(token).revoked) {
        AccessGrant &access = m_accessTokens[token];
        access.revoked = true;
        if (!access.refreshToken.isEmpty())
            m_refreshTokens[access.refreshToken].revoked = true;
        m_revoked << token;
        return json(QJsonObject());
    }
    return oauthError(QStringLiteral("invalid_token"), QStringLiteral("Token expired or revoked"));
}

QJsonObject FakeOAuthServer::issueAccessToken(const QString &identity, const QStringList &scopes,
                                              const QString &refreshToken)
{
    const QString token = randomToken("ya29.fake-", 32);
    m_accessTokens.insert(token,
                          AccessGrant {identity, scopes, m_clock.now().toUTC().addSecs(m_accessTokenLifetime),
                                       refreshToken, false});
    m_accessOrder << token;
    Q_EMIT accessTokenIssued(token, identity, scopes);
    return QJsonObject {
        {QStringLiteral("access_token"), token},
        {QStringLiteral("expires_in"), m_accessTokenLifetime},
        {QStringLiteral("scope"), scopes.join(QLatin1Char(' '))},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
    };
}

QString FakeOAuthServer::idTokenFor(const QString &clientId, const QString &email) const
{
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const QJsonObject header {{QStringLiteral("alg"), QStringLiteral("RS256")},
                              {QStringLiteral("kid"), QStringLiteral("fake")},
                              {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QJsonObject claims {
        {QStringLiteral("iss"), QStringLiteral("https://accounts.google.com")},
        {QStringLiteral("aud"), clientId},
        {QStringLiteral("sub"), QString::number(qHash(email))},
        {QStringLiteral("email"), email},
        {QStringLiteral("email_verified"), true},
        {QStringLiteral("iat"), now},
        {QStringLiteral("exp"), now + 3600},
    };
    return QString::fromLatin1(base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
                               + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.'
                               + base64Url("fake-signature"));
}

void FakeOAuthServer::revokeAllRefreshTokens()
{
    for (RefreshGrant &grant : m_refreshTokens)
        grant.revoked = true;
    for (AccessGrant &access : m_accessTokens) {
        if (!access.refreshToken.isEmpty())
            access.revoked = true;
    }
}

void FakeOAuthServer::expireAccessToken(const QString &token)
{
    if (m_accessTokens.contains(token))
        m_accessTokens[token].revoked = true;
}

bool FakeOAuthServer::isAccessTokenValid(const QString &token) const
{
    const auto it = m_accessTokens.constFind(token);
    return it != m_accessTokens.constEnd() && !it->revoked && m_clock.now().toUTC() < it->expiresAt;
}

QString FakeOAuthServer::identityOf(const QString &accessToken) const
{
    return m_accessTokens.value(accessToken).identity;
}

QStringList FakeOAuthServer::scopesOf(const QString &accessToken) const
{
    return m_accessTokens.value(accessToken).scopes;
}

int FakeOAuthServer::tokenRequestCount(const QString &grantType) const
{
    return static_cast<int>(
        std::count_if(m_tokenRequests.cbegin(), m_tokenRequests.cend(), [&](const auto &form) {
            return form.value(QStringLiteral("grant_type")) == grantType;
        }));
}
