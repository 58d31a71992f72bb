// SPDX-License-Identifier: MIT
#pragma once

#include "Clock.h"
#include "GoogleCredentials.h"
#include "OAuthClient.h"

#include <QDateTime>
#include <QMutex>
#include <QStringList>
#include <QUrl>

namespace mf::google {

/// A signed-in Google account: the refresh token (kept by GoogleAccount in the keychain) turns into
/// short-lived access tokens that live only in memory. The access token is refreshed when it expires
/// within a minute, and once more after a 401 (invalidate()). Thread-safe: concurrent callers wait for
/// one refresh and share its token. Not re-entrant: do not call accessToken() from something the refresh's
/// local event loop could run in the same thread (call it from the worker that fetches).
class UserAccountCredentials final : public Credentials
{
public:
    /// How long before its expiry an access token is replaced.
    static constexpr int refreshMarginSeconds = 60;

    UserAccountCredentials(OAuthClient client, QString refreshToken, QUrl tokenUrl, QString email,
                           QStringList grantedScopes, const Clock &clock = Clock::system());

    /// Starts with an access token already obtained (at sign-in), so the first request needs no refresh.
    void setAccessToken(const QString &accessToken, const QDateTime &expiresAt);

    Kind kind() const override { return Kind::UserAccount; }
    Result<QString> accessToken(const StepContext &ctx) override;
    void invalidate() override;
    /// The account's e-mail address, or "your Google account" when Google did not say.
    QString identity() const override;

    QString clientId() const { return m_client.clientId; }
    QStringList grantedScopes() const { return m_grantedScopes; }
    /// Whether the account may open sheets by title (drive.metadata.readonly was granted).
    bool canSearchDrive() const;

    /// For sign-out (revocation) only.
    QString refreshToken() const;

private:
    const OAuthClient m_client;
    const QUrl m_tokenUrl;
    const QString m_email;
    const QStringList m_grantedScopes;
    const Clock &m_clock;

    mutable QMutex m_mutex;
    QString m_refreshToken;
    QString m_accessToken;
    QDateTime m_expiresAt;
    Error m_deadError; ///< set once Google refused the refresh token: every later call fails the same way
};

} // namespace mf::google
