// SPDX-License-Identifier: MIT
#include "ServiceAccountKey.h"

#include "Pkce.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace mf::google {

namespace {

/// Refuses a passphrase prompt: Google's keys are never encrypted, and a CLI must not hang on a prompt.
extern "C" int noPassphrase(char *, int, int, void *)
{
    return 0;
}

QString createKeyHint()
{
    return QStringLiteral(
        "In Google Cloud Console open IAM & Admin → Service Accounts → Keys, add a JSON key and "
        "use the file it downloads.");
}

} // namespace

Result<ServiceAccountKey> ServiceAccountKey::fromJson(const QByteArray &json, const QString &fileName)
{
    QJsonParseError parseError {};
    const QJsonObject root = QJsonDocument::fromJson(json, &parseError).object();
    if (parseError.error != QJsonParseError::NoError || root.isEmpty()) {
        return Error::google(QStringLiteral("%1 is not a service-account key file (it is not JSON: %2). %3")
                                 .arg(fileName, parseError.errorString(), createKeyHint()));
    }
    if (root.value(QStringLiteral("type")).toString() != QLatin1String("service_account")) {
        if (root.contains(QStringLiteral("installed")) || root.contains(QStringLiteral("web"))) {
            return Error::google(
                QStringLiteral("%1 is an OAuth client file, not a service-account key; sign in with "
                               "it (movieflow-cli auth login --oauth-client %1) or %2")
                    .arg(fileName, createKeyHint()));
        }
        return Error::google(QStringLiteral("%1 is not a service-account key (its \"type\" is not "
                                            "\"service_account\"). %2")
                                 .arg(fileName, createKeyHint()));
    }
    ServiceAccountKey key;
    key.m_clientEmail = root.value(QStringLiteral("client_email")).toString().trimmed();
    key.m_privateKeyId = root.value(QStringLiteral("private_key_id")).toString().trimmed();
    key.m_projectId = root.value(QStringLiteral("project_id")).toString().trimmed();
    key.m_tokenUri = QUrl(root.value(QStringLiteral("token_uri")).toString().trimmed());
    QByteArray pem = root.value(QStringLiteral("private_key")).toString().toUtf8();
    if (key.m_clientEmail.isEmpty() || pem.isEmpty()) {
        return Error::google(
            QStringLiteral("%1 lacks the client_email or private_key of the service account. %2")
                .arg(fileName, createKeyHint()));
    }
    BIO *bio = BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size()));
    EVP_PKEY *pkey = bio ? PEM_read_bio_PrivateKey(bio, nullptr, noPassphrase, nullptr) : nullptr;
    BIO_free(bio);
    pem.fill('\0');
    if (!pkey) {
        return Error::google(
            QStringLiteral("The private key in %1 cannot be read (it is not an unencrypted PEM "
                           "key). %2")
                .arg(fileName, createKeyHint()));
    }
    key.m_key = std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
    if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) {
        return Error::google(
            QStringLiteral("The private key in %1 is not an RSA key, so it cannot sign for Google. "
                           "%2")
                .arg(fileName, createKeyHint()));
    }
    return key;
}

Result<ServiceAccountKey> ServiceAccountKey::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::google(QStringLiteral("Cannot read the service-account key %1 (%2); check the path.")
                                 .arg(QDir::toNativeSeparators(path), file.errorString()));
    }
    QByteArray bytes = file.read(1024 * 1024);
    Result<ServiceAccountKey> key = fromJson(bytes, QDir::toNativeSeparators(path));
    bytes.fill('\0');
    return key;
}

Result<QByteArray> ServiceAccountKey::signJwt(const QJsonObject &claims) const
{
    QJsonObject header {{QStringLiteral("alg"), QStringLiteral("RS256")},
                        {QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (!m_privateKeyId.isEmpty())
        header.insert(QStringLiteral("kid"), m_privateKeyId);
    const QByteArray signingInput = Pkce::base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact))
        + '.' + Pkce::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));

    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    size_t length = 0;
    const auto *data = reinterpret_cast<const unsigned char *>(signingInput.constData());
    const size_t dataLength = static_cast<size_t>(signingInput.size());
    if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) != 1
        || EVP_DigestSign(context.get(), nullptr, &length, data, dataLength) != 1) {
        return Error::google(
            QStringLiteral("OpenSSL could not sign the service account's token request; check that "
                           "the key file is intact or create a new key."));
    }
    QByteArray signature(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &length, data,
                       dataLength)
        != 1) {
        return Error::google(
            QStringLiteral("OpenSSL could not sign the service account's token request; check that "
                           "the key file is intact or create a new key."));
    }
    signature.truncate(static_cast<qsizetype>(length));
    return signingInput + '.' + Pkce::base64Url(signature);
}

} // namespace mf::google
