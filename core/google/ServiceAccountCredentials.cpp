// SPDX-License-Identifier: MIT
#include "ServiceAccountCredentials.h"

#include "AuthEndpoints.h"
#include "GoogleScopes.h"
#include "TokenEndpoint.h"

namespace mf::google {

ServiceAccountCredentials::ServiceAccountCredentials(ServiceAccountKey key, QStringList scopes, QUrl tokenUrl,
                                                     const Clock &clock)
    : m_key(std::move(key)), m_scopes(std::move(scopes)), m_tokenUrl(std::move(tokenUrl)), m_clock(clock)
{ }

Result<std::shared_ptr<ServiceAccountCredentials>>
ServiceAccountCredentials::fromKeyFile(const QString &path, QStringList scopes, const Clock &clock)
{
    Result<ServiceAccountKey> key = ServiceAccountKey::fromFile(path);
    if (!key.ok())
        return key.error();
    QUrl fallback = key.value().tokenUri();
    if (!fallback.isValid() || fallback.host().isEmpty() || !AuthEndpoints::isAcceptable(fallback))
        fallback = AuthEndpoints::google().tokenUrl;
    Result<QUrl> tokenUrl = AuthEndpoints::fromVariable("MOVIEFLOW_GOOGLE_TOKEN_URL", fallback);
    if (!tokenUrl.ok())
        return tokenUrl.error();
    if (scopes.isEmpty())
        scopes = GoogleScopes::forSheets(true);
    return std::make_shared<ServiceAccountCredentials>(key.takeValue(), std::move(scopes),
                                                       tokenUrl.takeValue(), clock);
}

Result<QByteArray> ServiceAccountCredentials::assertion(const QDateTime &now) const
{
    const qint64 issuedAt = now.toSecsSinceEpoch();
    const QJsonObject claims {
        {QStringLiteral("iss"), m_key.clientEmail()},
        {QStringLiteral("scope"), m_scopes.join(QLatin1Char(' '))},
        {QStringLiteral("aud"), m_tokenUrl.toString(QUrl::FullyEncoded)},
        {QStringLiteral("iat"), issuedAt},
        {QStringLiteral("exp"), issuedAt + jwtLifetimeSeconds},
    };
    return m_key.signJwt(claims);
}

Result<QString> ServiceAccountCredentials::accessToken(const StepContext &ctx)
{
    const QMutexLocker lock(&m_mutex);
    const QDateTime now = m_clock.now().toUTC();
    if (!m_accessToken.isEmpty() && now.secsTo(m_expiresAt) > 60)
        return m_accessToken;

    Result<QByteArray> jwt = assertion(now);
    if (!jwt.ok())
        return jwt.error();
    ctx.info(QStringLiteral("Requesting a Google access token for the service account %1.").arg(identity()));
    const FormFields form {
        {QStringLiteral("grant_type"), QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer")},
        {QStringLiteral("assertion"), QString::fromLatin1(jwt.value())},
    };
    const HttpAnswer answer = TokenEndpoint::postAndWait(m_tokenUrl, form, ctx);
    Result<TokenGrant> grant = TokenEndpoint::parse(GrantType::JwtBearer, m_tokenUrl, answer, now);
    if (!grant.ok()) {
        Error error = grant.error();
        if (error.kind == ErrorKind::Google)
            error.message = QStringLiteral("Service account %1: %2").arg(identity(), error.message);
        return error;
    }
    m_accessToken = grant.value().accessToken;
    m_expiresAt = grant.value().expiresAt;
    return m_accessToken;
}

void ServiceAccountCredentials::invalidate()
{
    const QMutexLocker lock(&m_mutex);
    m_accessToken.clear();
    m_expiresAt = {};
}

} // namespace mf::google
