// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

/// A fresh RSA key pair for service-account tests, generated at test time with OpenSSL (EVP_PKEY_keygen),
/// so no private key is ever committed. serviceAccountJson() writes a key file the way Google does.
class FakeOAuthTestKey
{
public:
    /// Generates a new key (RSA, `bits` long). isValid() tells whether OpenSSL managed.
    explicit FakeOAuthTestKey(int bits = 2048);

    bool isValid() const { return !m_privatePem.isEmpty() && !m_publicPem.isEmpty(); }
    /// PKCS#8 "-----BEGIN PRIVATE KEY-----", as in Google's key files.
    QByteArray privateKeyPem() const { return m_privatePem; }
    /// The private key as encrypted PKCS#8 ("BEGIN ENCRYPTED PRIVATE KEY"), which Google never hands out.
    QByteArray encryptedPrivateKeyPem(const QByteArray &passphrase) const;
    /// "-----BEGIN PUBLIC KEY-----", for FakeOAuthServer::addServiceAccount.
    QByteArray publicKeyPem() const { return m_publicPem; }

    /// A Google service-account key file for this key.
    QByteArray serviceAccountJson(const QString &clientEmail, const QString &tokenUri,
                                  const QString &privateKeyId = QStringLiteral("0123456789abcdef")) const;

private:
    QByteArray m_privatePem;
    QByteArray m_publicPem;
};
