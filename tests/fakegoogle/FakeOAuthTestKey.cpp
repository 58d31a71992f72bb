// SPDX-License-Identifier: MIT
#include "FakeOAuthTestKey.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

namespace {

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return QByteArray(data, static_cast<qsizetype>(length));
}

} // namespace

FakeOAuthTestKey::FakeOAuthTestKey(int bits)
{
    const std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(
        EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr), EVP_PKEY_CTX_free);
    EVP_PKEY *generated = nullptr;
    if (!context || EVP_PKEY_keygen_init(context.get()) != 1
        || EVP_PKEY_CTX_set_rsa_keygen_bits(context.get(), bits) != 1
        || EVP_PKEY_keygen(context.get(), &generated) != 1)
        return;
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(generated, EVP_PKEY_free);

    const std::unique_ptr<BIO, decltype(&BIO_free)> privateBio(BIO_new(BIO_s_mem()), BIO_free);
    const std::unique_ptr<BIO, decltype(&BIO_free)> publicBio(BIO_new(BIO_s_mem()), BIO_free);
    // PEM_write_bio_PrivateKey without a cipher writes unencrypted PKCS#8, like Google's files.
    if (!privateBio || !publicBio
        || PEM_write_bio_PrivateKey(privateBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1
        || PEM_write_bio_PUBKEY(publicBio.get(), key.get()) != 1)
        return;
    m_privatePem = drain(privateBio.get());
    m_publicPem = drain(publicBio.get());
}

QByteArray FakeOAuthTestKey::encryptedPrivateKeyPem(const QByteArray &passphrase) const
{
    const std::unique_ptr<BIO, decltype(&BIO_free)> in(
        BIO_new_mem_buf(m_privatePem.constData(), static_cast<int>(m_privatePem.size())), BIO_free);
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        in ? PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
    const std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
    if (!key || !out
        || PEM_write_bio_PKCS8PrivateKey(out.get(), key.get(), EVP_aes_256_cbc(), passphrase.constData(),
                                         static_cast<int>(passphrase.size()), nullptr, nullptr)
            != 1)
        return {};
    return drain(out.get());
}

QByteArray FakeOAuthTestKey::serviceAccountJson(const QString &clientEmail, const QString &tokenUri,
                                                const QString &privateKeyId) const
{
    const QString project = clientEmail.section(QLatin1Char('@'), 1).section(QLatin1Char('.'), 0, 0);
    const QJsonObject key {
        {QStringLiteral("type"), QStringLiteral("service_account")},
        {QStringLiteral("project_id"), project},
        {QStringLiteral("private_key_id"), privateKeyId},
        {QStringLiteral("private_key"), QString::fromLatin1(m_privatePem)},
        {QStringLiteral("client_email"), clientEmail},
        {QStringLiteral("client_id"), QStringLiteral("102345678901234567890")},
        {QStringLiteral("auth_uri"), QStringLiteral("https://accounts.google.com/o/oauth2/auth")},
        {QStringLiteral("token_uri"), tokenUri},
        {QStringLiteral("auth_provider_x509_cert_url"),
         QStringLiteral("https://www.googleapis.com/oauth2/v1/certs")},
        {QStringLiteral("client_x509_cert_url"),
         QStringLiteral("https://www.googleapis.com/robot/v1/metadata/x509/") + clientEmail},
        {QStringLiteral("universe_domain"), QStringLiteral("googleapis.com")},
    };
    return QJsonDocument(key).toJson(QJsonDocument::Indented);
}
