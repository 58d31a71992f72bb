// SPDX-License-Identifier: MIT
#include "OAuthClient.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace mf::google {

namespace {

QString howToGetOne()
{
    return QStringLiteral(
        "In Google Cloud Console open APIs & Services → Credentials, create an OAuth client ID "
        "of type \"Desktop app\" and download its JSON file.");
}

} // namespace

Result<OAuthClient> OAuthClient::fromJson(const QByteArray &json, const QString &fileName)
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return Error::google(QStringLiteral("%1 is not an OAuth client file (it is not JSON: %2). %3")
                                 .arg(fileName, parseError.errorString(), howToGetOne()));
    }
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("type")).toString() == QLatin1String("service_account")) {
        return Error::google(
            QStringLiteral("%1 is a service-account key, not an OAuth client file; use it as a "
                           "service account (movieflow-cli run --service-account %1). To sign in "
                           "as yourself: %2")
                .arg(fileName, howToGetOne()));
    }
    if (root.contains(QStringLiteral("web"))) {
        return Error::google(
            QStringLiteral("%1 belongs to a \"Web application\" OAuth client, which cannot sign in "
                           "from a desktop app. %2")
                .arg(fileName, howToGetOne()));
    }
    const QJsonObject installed = root.value(QStringLiteral("installed")).toObject();
    if (installed.isEmpty()) {
        return Error::google(
            QStringLiteral("%1 is not an OAuth client file (it has no \"installed\" section). %2")
                .arg(fileName, howToGetOne()));
    }
    OAuthClient client;
    client.clientId = installed.value(QStringLiteral("client_id")).toString().trimmed();
    client.clientSecret = installed.value(QStringLiteral("client_secret")).toString().trimmed();
    if (client.clientId.isEmpty() || client.clientSecret.isEmpty()) {
        return Error::google(
            QStringLiteral("%1 lacks the client_id or client_secret of the OAuth client; download "
                           "the client's JSON file again from Google Cloud Console.")
                .arg(fileName));
    }
    return client;
}

Result<OAuthClient> OAuthClient::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::google(QStringLiteral("Cannot read the OAuth client file %1 (%2); check the path.")
                                 .arg(QDir::toNativeSeparators(path), file.errorString()));
    }
    QByteArray bytes = file.read(1024 * 1024);
    Result<OAuthClient> client = fromJson(bytes, QDir::toNativeSeparators(path));
    bytes.fill('\0');
    return client;
}

} // namespace mf::google
