// SPDX-License-Identifier: MIT
#include "AuthEndpoints.h"

#include <QHostAddress>

namespace mf::google {

AuthEndpoints AuthEndpoints::google()
{
    AuthEndpoints endpoints;
    endpoints.authUrl = QUrl(QStringLiteral("https://accounts.google.com/o/oauth2/v2/auth"));
    endpoints.tokenUrl = QUrl(QStringLiteral("https://oauth2.googleapis.com/token"));
    endpoints.revokeUrl = QUrl(QStringLiteral("https://oauth2.googleapis.com/revoke"));
    return endpoints;
}

Result<QUrl> AuthEndpoints::fromVariable(const char *variable, const QUrl &fallback)
{
    const QString text = qEnvironmentVariable(variable).trimmed();
    if (text.isEmpty())
        return fallback;
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        return Error::google(
            QStringLiteral("%1 is set to \"%2\", which is not a valid address; set it to a URL "
                           "such as https://oauth2.googleapis.com/token or unset it.")
                .arg(QString::fromLatin1(variable), text));
    }
    if (!isAcceptable(url)) {
        return Error::google(
            QStringLiteral("%1 is set to \"%2\": MovieFlow sends sign-in secrets only over https "
                           "(plain http is allowed for 127.0.0.1 and localhost); use an https "
                           "address or unset it.")
                .arg(QString::fromLatin1(variable), text));
    }
    return url;
}

Result<AuthEndpoints> AuthEndpoints::fromEnvironment()
{
    const AuthEndpoints defaults = google();
    Result<QUrl> authUrl = fromVariable("MOVIEFLOW_GOOGLE_AUTH_URL", defaults.authUrl);
    if (!authUrl.ok())
        return authUrl.error();
    Result<QUrl> tokenUrl = fromVariable("MOVIEFLOW_GOOGLE_TOKEN_URL", defaults.tokenUrl);
    if (!tokenUrl.ok())
        return tokenUrl.error();
    Result<QUrl> revokeUrl = fromVariable("MOVIEFLOW_GOOGLE_REVOKE_URL", revokeUrlFor(tokenUrl.value()));
    if (!revokeUrl.ok())
        return revokeUrl.error();
    AuthEndpoints endpoints;
    endpoints.authUrl = authUrl.takeValue();
    endpoints.tokenUrl = tokenUrl.takeValue();
    endpoints.revokeUrl = revokeUrl.takeValue();
    return endpoints;
}

QUrl AuthEndpoints::revokeUrlFor(const QUrl &tokenUrl)
{
    QUrl url = tokenUrl.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    path = (slash < 0 ? QString() : path.left(slash)) + QStringLiteral("/revoke");
    url.setPath(path);
    return url;
}

bool AuthEndpoints::isAcceptable(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return true;
    if (scheme != QLatin1String("http"))
        return false;
    const QString host = url.host().toLower();
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace mf::google
