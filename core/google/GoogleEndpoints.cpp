// SPDX-License-Identifier: MIT
#include "GoogleEndpoints.h"

#include <QHostAddress>

namespace mf::google {

GoogleEndpoints GoogleEndpoints::defaults()
{
    GoogleEndpoints e;
    e.sheets = QUrl(QStringLiteral("https://sheets.googleapis.com"));
    e.drive = QUrl(QStringLiteral("https://www.googleapis.com"));
    e.token = QUrl(QStringLiteral("https://oauth2.googleapis.com/token"));
    e.auth = QUrl(QStringLiteral("https://accounts.google.com/o/oauth2/v2/auth"));
    e.docs = QUrl(QStringLiteral("https://docs.google.com"));
    return e;
}

bool GoogleEndpoints::isLoopbackHost(const QString &host)
{
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Result<QUrl> GoogleEndpoints::checkedBase(const QString &variable, const QString &value)
{
    const QUrl url(value.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return Error::google(
            QStringLiteral("%1 is set to \"%2\", which is not an http(s) address. Set it to an "
                           "address such as https://proxy.example.com, or unset it to use Google.")
                .arg(variable, value));
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host()))
        return Error::google(
            QStringLiteral("%1 is set to \"%2\": plain http:// is accepted only for this computer "
                           "(127.0.0.1, ::1 or localhost), because tokens and keys would travel "
                           "unencrypted. Use https://, or unset it to use Google.")
                .arg(variable, value));
    if (url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return Error::google(
            QStringLiteral("%1 is set to \"%2\": a base address takes no user name, query or "
                           "fragment. Give only scheme, host, port and path.")
                .arg(variable, value));
    return url;
}

Result<GoogleEndpoints> GoogleEndpoints::fromEnvironment()
{
    GoogleEndpoints e = defaults();
    const struct
    {
        const char *variable;
        QUrl GoogleEndpoints::*member;
    } bases[] = {
        {"MOVIEFLOW_GOOGLE_SHEETS_URL", &GoogleEndpoints::sheets},
        {"MOVIEFLOW_GOOGLE_DRIVE_URL", &GoogleEndpoints::drive},
        {"MOVIEFLOW_GOOGLE_TOKEN_URL", &GoogleEndpoints::token},
        {"MOVIEFLOW_GOOGLE_AUTH_URL", &GoogleEndpoints::auth},
        {"MOVIEFLOW_GOOGLE_DOCS_URL", &GoogleEndpoints::docs},
    };
    for (const auto &base : bases) {
        const QString value = qEnvironmentVariable(base.variable);
        if (value.trimmed().isEmpty())
            continue;
        Result<QUrl> url = checkedBase(QString::fromLatin1(base.variable), value);
        if (!url.ok())
            return url.error();
        e.*base.member = url.value();
    }
    return e;
}

QUrl GoogleEndpoints::join(const QUrl &base, const QString &encodedPath, const QString &encodedQuery)
{
    QString text = base.toString(QUrl::FullyEncoded | QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (text.endsWith(QLatin1Char('/')))
        text.chop(1);
    text += encodedPath;
    if (!encodedQuery.isEmpty())
        text += QLatin1Char('?') + encodedQuery;
    return QUrl::fromEncoded(text.toLatin1(), QUrl::StrictMode);
}

} // namespace mf::google
