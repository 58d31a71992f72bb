// SPDX-License-Identifier: MIT
#include "GoogleApiError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace mf::google {

namespace {

constexpr int MaxQuotedText = 200;

QString plainText(const QByteArray &body)
{
    QString text = QString::fromUtf8(body);
    static const QRegularExpression hidden(QStringLiteral("<(script|style)[^>]*>.*?</\\1>"),
                                           QRegularExpression::CaseInsensitiveOption
                                               | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    text.remove(hidden);
    text.replace(tags, QStringLiteral(" "));
    text = text.replace(spaces, QStringLiteral(" ")).trimmed();
    if (text.size() > MaxQuotedText)
        text = text.left(MaxQuotedText - 1) + QChar(0x2026);
    return text;
}

QString quoted(const QString &message)
{
    if (message.isEmpty())
        return {};
    QString text = message.trimmed();
    if (text.size() > MaxQuotedText)
        text = text.left(MaxQuotedText - 1) + QChar(0x2026);
    if (!text.endsWith(QLatin1Char('.')) && !text.endsWith(QChar(0x2026)))
        text += QLatin1Char('.');
    return QStringLiteral(" Google said: \"%1\"").arg(text);
}

QString who(const RequestSubject &s)
{
    switch (s.access) {
    case RequestSubject::Access::ServiceAccount:
        return s.identity.isEmpty() ? QStringLiteral("the service account")
                                    : QStringLiteral("the service account %1").arg(s.identity);
    case RequestSubject::Access::UserAccount:
        return s.identity.isEmpty() ? QStringLiteral("the signed-in Google account")
                                    : QStringLiteral("the Google account %1").arg(s.identity);
    case RequestSubject::Access::ApiKey:
        return QStringLiteral("the API key");
    case RequestSubject::Access::Anonymous:
        break;
    }
    return QStringLiteral("an anonymous request");
}

QString shareHint(const RequestSubject &s)
{
    switch (s.access) {
    case RequestSubject::Access::ServiceAccount:
        return s.identity.isEmpty()
            ? QStringLiteral("Share the sheet with the service account's e-mail address (Viewer is "
                             "enough) and try again.")
            : QStringLiteral("Share the sheet with %1 (Viewer is enough) and try again.").arg(s.identity);
    case RequestSubject::Access::UserAccount:
        return QStringLiteral(
                   "Ask the owner to share it with %1, or sign in with an account that can open it.")
            .arg(s.identity.isEmpty() ? QStringLiteral("your account") : s.identity);
    case RequestSubject::Access::ApiKey:
        return QStringLiteral(
            "An API key only reads sheets shared with \"Anyone with the link\": share it that "
            "way, or sign in with an account that can open it.");
    case RequestSubject::Access::Anonymous:
        break;
    }
    return QStringLiteral("Sign in, or share the sheet with \"Anyone with the link\".");
}

Error describe(const GoogleApiError &e, const RequestSubject &s, int attempts)
{
    const QString google = quoted(e.message);
    const QString tried
        = attempts > 1 ? QStringLiteral(" MovieFlow tried %1 times.").arg(attempts) : QString();
    const int status = e.httpStatus;

    if (e.reason == QLatin1String("API_KEY_INVALID") || e.reason == QLatin1String("keyInvalid")
        || (status == 400 && e.message.contains(QStringLiteral("API key not valid"))))
        return Error::google(
            QStringLiteral("Google did not accept the API key.%1 Check the key (Google Cloud "
                           "console, APIs & Services, Credentials) and that it may call the "
                           "Sheets API.")
                .arg(google));
    if (e.reason == QLatin1String("SERVICE_DISABLED") || e.reason == QLatin1String("accessNotConfigured"))
        return Error::google(
            QStringLiteral("The Google %1 API is not enabled for the Cloud project of %2.%3 "
                           "Enable it in the Google Cloud console and try again in a few minutes.")
                .arg(s.service == RequestSubject::Service::Drive ? QStringLiteral("Drive")
                                                                 : QStringLiteral("Sheets"),
                     who(s), google));
    if (status == 408 || status == 429 || e.isRateLimit())
        return Error::google(QStringLiteral("Google's request quota is used up for now, so %1 could not be "
                                            "read.%2%3 Wait a minute and try again; if it keeps happening, "
                                            "another program may be using the same account or project.")
                                 .arg(s.what, google, tried));
    if (status >= 500)
        return Error::google(
            QStringLiteral("Google's servers failed to answer for %1 (HTTP %2).%3%4 Try again "
                           "in a few minutes.")
                .arg(s.what)
                .arg(status)
                .arg(google, tried));
    if (status == 401) {
        switch (s.access) {
        case RequestSubject::Access::UserAccount:
            return Error::google(
                QStringLiteral("Google no longer accepts the sign-in of %1 (it expired or was "
                               "revoked).%2 Sign in again with movieflow-cli auth login.")
                    .arg(who(s), google));
        case RequestSubject::Access::ServiceAccount:
            return Error::google(QStringLiteral("Google did not accept the token of %1.%2 Check that its key "
                                                "file is current (keys can be deleted in the Cloud console).")
                                     .arg(who(s), google));
        default:
            return Error::google(QStringLiteral("Google wants a sign-in to read %1.%2 Sign in, or use an API "
                                                "key for a sheet shared with \"Anyone with the link\".")
                                     .arg(s.what, google));
        }
    }
    if (status == 403) {
        if (s.access == RequestSubject::Access::Anonymous
            || e.message.contains(QStringLiteral("unregistered callers")))
            return Error::google(
                QStringLiteral("Google's Sheets API does not answer anonymous requests.%1 Use "
                               "an API key or sign in; a sheet shared with \"Anyone with the "
                               "link\" can also be read without the API (--public).")
                    .arg(google));
        return Error::google(
            QStringLiteral("%1 has no permission to open %2.%3 %4")
                .arg(who(s).left(1).toUpper() + who(s).mid(1), s.what, google, shareHint(s)));
    }
    if (status == 404) {
        if (s.access == RequestSubject::Access::ServiceAccount)
            return Error::google(
                QStringLiteral("Google found no spreadsheet %1 that %2 can see.%3 Check the "
                               "link, and share the sheet with %4 (Viewer is enough).")
                    .arg(s.what, who(s), google,
                         s.identity.isEmpty() ? QStringLiteral("the service account") : s.identity));
        return Error::google(
            QStringLiteral("Google found nothing at %1.%2 Check the link or key; the sheet may "
                           "have been deleted.")
                .arg(s.what, google));
    }
    if (status == 400)
        return Error::google(
            QStringLiteral("Google rejected the request for %1.%2 Check the worksheet name and "
                           "the link.")
                .arg(s.what, google));
    return Error::google(
        QStringLiteral("Google answered HTTP %1 for %2.%3 Try again later.").arg(status).arg(s.what, google));
}

} // namespace

GoogleApiError GoogleApiError::parse(int httpStatus, const QByteArray &body)
{
    GoogleApiError e;
    e.httpStatus = httpStatus;
    e.code = httpStatus;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonValue errorValue = doc.isObject() ? doc.object().value(QStringLiteral("error")) : QJsonValue();
    if (parseError.error != QJsonParseError::NoError || !errorValue.isObject()) {
        // Token endpoints answer {"error":"invalid_grant","error_description":…}.
        if (errorValue.isString()) {
            e.isJson = true;
            e.status = errorValue.toString();
            e.message = doc.object().value(QStringLiteral("error_description")).toString(e.status);
            return e;
        }
        e.code = -1;
        e.message = plainText(body);
        return e;
    }
    e.isJson = true;
    const QJsonObject error = errorValue.toObject();
    e.code = error.value(QStringLiteral("code")).toInt(httpStatus);
    e.status = error.value(QStringLiteral("status")).toString();
    e.message = error.value(QStringLiteral("message")).toString();
    const QJsonArray errors = error.value(QStringLiteral("errors")).toArray();
    if (!errors.isEmpty()) {
        const QJsonObject first = errors.first().toObject();
        e.reason = first.value(QStringLiteral("reason")).toString();
        e.domain = first.value(QStringLiteral("domain")).toString();
    }
    for (const QJsonValue &detail : error.value(QStringLiteral("details")).toArray()) {
        const QJsonObject object = detail.toObject();
        if (object.value(QStringLiteral("@type"))
                .toString()
                .endsWith(QStringLiteral("google.rpc.ErrorInfo"))) {
            e.reason = object.value(QStringLiteral("reason")).toString(e.reason);
            e.domain = object.value(QStringLiteral("domain")).toString(e.domain);
        }
    }
    return e;
}

bool GoogleApiError::isRateLimit() const
{
    if (httpStatus == 429)
        return true;
    if (httpStatus != 403)
        return false;
    return domain == QLatin1String("usageLimits") || reason == QLatin1String("rateLimitExceeded")
        || reason == QLatin1String("userRateLimitExceeded") || reason == QLatin1String("RATE_LIMIT_EXCEEDED");
}

Error describeHttpFailure(const GoogleApiError &error, const RequestSubject &subject, int attempts,
                          const QStringList &secrets)
{
    Error result = describe(error, subject, attempts);
    result.message = redactSecrets(result.message, secrets);
    return result;
}

QString redactSecrets(QString text, const QStringList &secrets)
{
    for (const QString &secret : secrets) {
        if (secret.size() > 3)
            text.replace(secret, QStringLiteral("[hidden]"));
    }
    return text;
}

} // namespace mf::google
