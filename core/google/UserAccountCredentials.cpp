// SPDX-License-Identifier: MIT
#include "UserAccountCredentials.h"

#include "GoogleScopes.h"
#include "TokenEndpoint.h"

namespace mf::google {

UserAccountCredentials::UserAccountCredentials(OAuthClient client, QString refreshToken, QUrl tokenUrl,
                                               QString email, QStringList grantedScopes, const Clock &clock)
    : m_client(std::move(client)),
      m_tokenUrl(std::move(tokenUrl)),
      m_email(std::move(email)),
      m_grantedScopes(std::move(grantedScopes)),
      m_clock(clock),
      m_refreshToken(std::move(refreshToken))
{ }

void UserAccountCredentials::setAccessToken(const QString &accessToken, const QDateTime &expiresAt)
{
    const QMutexLocker lock(&m_mutex);
    m_accessToken = accessToken;
    m_expiresAt = expiresAt.toUTC();
}

Result<QString> UserAccountCredentials::accessToken(const StepContext &ctx)
{
    const QMutexLocker lock(&m_mutex);
    if (m_deadError.isError())
        return m_deadError;
    const QDateTime now = m_clock.now().toUTC();
    if (!m_accessToken.isEmpty() && now.secsTo(m_expiresAt) > refreshMarginSeconds)
        return m_accessToken;

    ctx.info(QStringLiteral("Refreshing the Google access token of %1.").arg(identity()));
    const FormFields form {
        {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
        {QStringLiteral("refresh_token"), m_refreshToken},
        {QStringLiteral("client_id"), m_client.clientId},
        {QStringLiteral("client_secret"), m_client.clientSecret},
    };
    const HttpAnswer answer = TokenEndpoint::postAndWait(m_tokenUrl, form, ctx);
    Result<TokenGrant> grant
        = TokenEndpoint::parse(GrantType::RefreshToken, m_tokenUrl, answer, m_clock.now());
    if (!grant.ok()) {
        if (grant.error().message == TokenEndpoint::signInExpiredMessage()) {
            // The refresh token is dead for good; drop it from memory as well.
            m_deadError = grant.error();
            m_refreshToken.clear();
            m_accessToken.clear();
        }
        return grant.error();
    }
    m_accessToken = grant.value().accessToken;
    m_expiresAt = grant.value().expiresAt;
    // Google usually keeps the refresh token; if it sends a new one, the old one is no longer valid.
    if (!grant.value().refreshToken.isEmpty())
        m_refreshToken = grant.value().refreshToken;
    return m_accessToken;
}

void UserAccountCredentials::invalidate()
{
    const QMutexLocker lock(&m_mutex);
    m_accessToken.clear();
    m_expiresAt = {};
}

QString UserAccountCredentials::identity() const
{
    return m_email.isEmpty() ? QStringLiteral("your Google account") : m_email;
}

bool UserAccountCredentials::canSearchDrive() const
{
    return m_grantedScopes.contains(GoogleScopes::driveMetadataReadOnly());
}

QString UserAccountCredentials::refreshToken() const
{
    const QMutexLocker lock(&m_mutex);
    return m_refreshToken;
}

} // namespace mf::google
