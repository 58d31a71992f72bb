// SPDX-License-Identifier: MIT
#include "TokenEndpoint.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace mf::google {

namespace {

QString serviceName(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

} // namespace

QString TokenEndpoint::signInExpiredMessage()
{
    return QStringLiteral("Your Google sign-in has expired or was revoked; sign in again.");
}

QByteArray TokenEndpoint::formEncode(const FormFields &fields)
{
    QByteArray body;
    for (const auto &field : fields) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(field.first) + '=' + QUrl::toPercentEncoding(field.second);
    }
    return body;
}

QNetworkReply *TokenEndpoint::startPost(QNetworkAccessManager &network, const QUrl &url,
                                        const FormFields &fields)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    return network.post(request, formEncode(fields));
}

HttpAnswer TokenEndpoint::answerOf(QNetworkReply *reply)
{
    HttpAnswer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    if (answer.status == 0) {
        answer.networkError = reply->errorString();
        // Without a cancel request, OperationCanceledError means the transfer timeout fired.
        answer.timedOut = reply->error() == QNetworkReply::OperationCanceledError;
    }
    return answer;
}

void TokenEndpoint::post(QNetworkAccessManager &network, const QUrl &url, const FormFields &fields,
                         QObject *context, std::function<void(const HttpAnswer &)> done)
{
    QNetworkReply *reply = startPost(network, url, fields);
    QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    QObject::connect(reply, &QNetworkReply::finished, context,
                     [reply, done = std::move(done)] { done(answerOf(reply)); });
}

HttpAnswer TokenEndpoint::postAndWait(const QUrl &url, const FormFields &fields, const StepContext &ctx)
{
    HttpAnswer answer;
    if (ctx.cancelled()) {
        answer.cancelled = true;
        return answer;
    }
    QNetworkAccessManager network;
    QEventLoop loop;
    QNetworkReply *reply = startPost(network, url, fields);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    bool cancelled = false;
    QTimer cancelPoll;
    cancelPoll.setInterval(100);
    QObject::connect(&cancelPoll, &QTimer::timeout, &loop, [&] {
        if (ctx.cancelled()) {
            cancelled = true;
            reply->abort();
        }
    });
    if (ctx.cancel)
        cancelPoll.start();
    if (!reply->isFinished())
        loop.exec();
    answer = answerOf(reply);
    answer.cancelled = cancelled;
    if (cancelled)
        answer.timedOut = false;
    delete reply;
    return answer;
}

Result<TokenGrant> TokenEndpoint::parse(GrantType grant, const QUrl &url, const HttpAnswer &answer,
                                        const QDateTime &now)
{
    if (answer.cancelled || answer.status != 200)
        return describeFailure(grant, url, answer);
    const QJsonDocument document = QJsonDocument::fromJson(answer.body);
    const QJsonObject object = document.object();
    TokenGrant result;
    result.accessToken = object.value(QStringLiteral("access_token")).toString();
    const QString tokenType = object.value(QStringLiteral("token_type")).toString(QStringLiteral("Bearer"));
    if (result.accessToken.isEmpty()
        || tokenType.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0) {
        return Error::google(
            QStringLiteral("Google's sign-in service at %1 sent an answer without a usable access "
                           "token; try again later.")
                .arg(serviceName(url)));
    }
    const qint64 expiresIn = object.value(QStringLiteral("expires_in")).toVariant().toLongLong();
    result.expiresAt = now.toUTC().addSecs(expiresIn > 0 ? expiresIn : 3600);
    result.refreshToken = object.value(QStringLiteral("refresh_token")).toString();
    result.scopes
        = object.value(QStringLiteral("scope")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    result.idToken = object.value(QStringLiteral("id_token")).toString();
    return result;
}

Error TokenEndpoint::describeFailure(GrantType grant, const QUrl &url, const HttpAnswer &answer)
{
    const QString where = serviceName(url);
    if (answer.cancelled)
        return Error::cancelled();
    if (answer.timedOut) {
        return Error::google(
            QStringLiteral("Google's sign-in service at %1 did not answer within %2 seconds; check "
                           "the internet connection and try again.")
                .arg(where)
                .arg(timeoutMs / 1000));
    }
    if (answer.status == 0) {
        return Error::google(
            QStringLiteral("MovieFlow could not reach Google's sign-in service at %1 (%2); check the "
                           "internet connection and try again.")
                .arg(where, answer.networkError));
    }
    const QJsonObject object = QJsonDocument::fromJson(answer.body).object();
    const QString code = object.value(QStringLiteral("error")).toString();
    const QString description = object.value(QStringLiteral("error_description")).toString();
    if (code.isEmpty()) {
        if (answer.status >= 500) {
            return Error::google(
                QStringLiteral("Google's sign-in service at %1 is not available right now (HTTP %2); "
                               "try again in a few minutes.")
                    .arg(where)
                    .arg(answer.status));
        }
        return Error::google(
            QStringLiteral("Google's sign-in service at %1 answered HTTP %2 without an OAuth error "
                           "description; check MOVIEFLOW_GOOGLE_TOKEN_URL, or try again later.")
                .arg(where)
                .arg(answer.status));
    }
    const QString detail = QStringLiteral("Google said \"%1\"")
                               .arg(description.isEmpty() ? code : code + QStringLiteral(": ") + description);
    const bool serviceAccount = grant == GrantType::JwtBearer;

    if (code == QLatin1String("invalid_grant") && grant == GrantType::RefreshToken)
        return Error::google(signInExpiredMessage());
    if (grant == GrantType::AuthorizationCode && description.contains(QLatin1String("verifier"))) {
        return Error::google(
            QStringLiteral("Google refused the sign-in because the PKCE check failed (%1), so "
                           "nothing was stored; start the sign-in again.")
                .arg(detail));
    }
    if (code == QLatin1String("invalid_grant") && grant == GrantType::AuthorizationCode) {
        return Error::google(
            QStringLiteral("Google did not accept the sign-in code (%1): it has expired or was "
                           "already used; start the sign-in again.")
                .arg(detail));
    }
    if (code == QLatin1String("invalid_grant") && serviceAccount) {
        if (description.contains(QLatin1String("Signature"), Qt::CaseInsensitive)) {
            return Error::google(
                QStringLiteral("Google rejected the service account key (%1): the key was deleted "
                               "or does not belong to this service account; create a new key in "
                               "Google Cloud Console and use that file.")
                    .arg(detail));
        }
        if (description.contains(QLatin1String("iat")) || description.contains(QLatin1String("timeframe"))) {
            return Error::google(
                QStringLiteral("Google rejected the service account's token request because its "
                               "time stamps are off (%1); check that this computer's clock is set "
                               "correctly, then try again.")
                    .arg(detail));
        }
        return Error::google(
            QStringLiteral("Google refused the service account's token request (%1); check the "
                           "key file, or create a new key in Google Cloud Console.")
                .arg(detail));
    }
    if (code == QLatin1String("invalid_client")) {
        if (serviceAccount) {
            return Error::google(
                QStringLiteral("Google does not accept the service account (%1); check that the "
                               "key file belongs to a service account that still exists.")
                    .arg(detail));
        }
        return Error::google(
            QStringLiteral("Google does not accept this OAuth client (%1): it was deleted or its "
                           "secret is wrong; download the Desktop app client's JSON file again "
                           "and sign in with it.")
                .arg(detail));
    }
    if (code == QLatin1String("redirect_uri_mismatch")) {
        return Error::google(
            QStringLiteral("Google refused the sign-in's return address (%1); the client file must "
                           "belong to a \"Desktop app\" OAuth client.")
                .arg(detail));
    }
    if (code == QLatin1String("unauthorized_client")) {
        return Error::google(QStringLiteral("This client may not sign in this way (%1); %2")
                                 .arg(detail,
                                      serviceAccount
                                          ? QStringLiteral("check the service account in Google Cloud "
                                                           "Console.")
                                          : QStringLiteral("use a \"Desktop app\" OAuth client.")));
    }
    if (code == QLatin1String("invalid_scope")) {
        return Error::google(
            QStringLiteral("Google refused the requested permissions (%1); check that the Google "
                           "Sheets API is enabled for the project.")
                .arg(detail));
    }
    if (code == QLatin1String("invalid_request") && description.contains(QLatin1String("client_secret"))) {
        return Error::google(
            QStringLiteral("Google needs the OAuth client's secret (%1); import the client's "
                           "credentials.json again.")
                .arg(detail));
    }
    return Error::google(
        QStringLiteral("Google's sign-in service refused the request (HTTP %1, %2); try again, and "
                       "sign in again if it keeps failing.")
            .arg(answer.status)
            .arg(detail));
}

QString TokenEndpoint::emailFromIdToken(const QString &idToken)
{
    const QStringList parts = idToken.split(QLatin1Char('.'));
    if (parts.size() < 2)
        return {};
    const QByteArray payload = QByteArray::fromBase64(
        parts.at(1).toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QJsonDocument::fromJson(payload).object().value(QStringLiteral("email")).toString();
}

} // namespace mf::google
