// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <memory>

struct evp_pkey_st;

namespace mf::google {

/// A service account's JSON key (type "service_account"): the account's e-mail and its RSA private key,
/// which signs RS256 JWTs with OpenSSL. The private key stays inside this object — it is never logged,
/// copied into messages or written anywhere.
class ServiceAccountKey
{
public:
    /// An empty key (isValid() is false); use fromJson or fromFile.
    ServiceAccountKey() = default;
    bool isValid() const { return m_key != nullptr; }

    /// Reads the key JSON. `fileName` is only used in messages.
    static Result<ServiceAccountKey> fromJson(const QByteArray &json, const QString &fileName);
    /// Reads the key file at `path`; the bytes read are wiped afterwards.
    static Result<ServiceAccountKey> fromFile(const QString &path);

    QString clientEmail() const { return m_clientEmail; }
    QString privateKeyId() const { return m_privateKeyId; }
    QString projectId() const { return m_projectId; }
    /// The key's `token_uri` (Google's token endpoint for real keys).
    QUrl tokenUri() const { return m_tokenUri; }

    /// `base64url(header).base64url(claims).base64url(signature)`: header
    /// {"alg":"RS256","typ":"JWT","kid":…}, signature RSASSA-PKCS1-v1_5 with SHA-256 over the first two
    /// parts.
    Result<QByteArray> signJwt(const QJsonObject &claims) const;

private:
    QString m_clientEmail;
    QString m_privateKeyId;
    QString m_projectId;
    QUrl m_tokenUri;
    std::shared_ptr<evp_pkey_st> m_key;
};

} // namespace mf::google
