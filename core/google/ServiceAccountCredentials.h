// SPDX-License-Identifier: MIT
#pragma once

#include "Clock.h"
#include "GoogleCredentials.h"
#include "ServiceAccountKey.h"

#include <QDateTime>
#include <QMutex>
#include <QStringList>
#include <QUrl>

namespace mf::google {

/// A service account: a JWT signed with the account's key (RS256) is exchanged at the token endpoint
/// (grant type jwt-bearer) for an access token, which is cached in memory until a minute before it
/// expires. There is no refresh token: a new JWT is signed each time. Thread-safe.
class ServiceAccountCredentials final : public Credentials
{
public:
    /// JWT lifetime; Google accepts at most an hour.
    static constexpr int jwtLifetimeSeconds = 3600;

    /// `tokenUrl` is both where the JWT goes and its audience.
    ServiceAccountCredentials(ServiceAccountKey key, QStringList scopes, QUrl tokenUrl,
                              const Clock &clock = Clock::system());

    /// Loads a key file. The token endpoint is MOVIEFLOW_GOOGLE_TOKEN_URL when set, else the key's token_uri,
    /// else Google's. `scopes` defaults to what reading sheets needs (spreadsheets and Drive metadata,
    /// read-only).
    static Result<std::shared_ptr<ServiceAccountCredentials>>
    fromKeyFile(const QString &path, QStringList scopes = {}, const Clock &clock = Clock::system());

    /// The signed JWT for `now` (iss, scope, aud, iat, exp = iat + 3600).
    Result<QByteArray> assertion(const QDateTime &now) const;

    Kind kind() const override { return Kind::ServiceAccount; }
    Result<QString> accessToken(const StepContext &ctx) override;
    void invalidate() override;
    /// The service account's e-mail: share a sheet with it to let it read the sheet.
    QString identity() const override { return m_key.clientEmail(); }

    QUrl tokenUrl() const { return m_tokenUrl; }

private:
    const ServiceAccountKey m_key;
    const QStringList m_scopes;
    const QUrl m_tokenUrl;
    const Clock &m_clock;

    QMutex m_mutex;
    QString m_accessToken;
    QDateTime m_expiresAt;
};

} // namespace mf::google
