// SPDX-License-Identifier: MIT
#include "GoogleHttpClient.h"

#include "BlockingWait.h"
#include "RequestPacer.h"

#include <movieflow/Version.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace mf::google {

struct GoogleHttpClient::Attempt
{
    bool cancelled = false;
    bool transportFailed = false; ///< no complete HTTP answer: refused, dropped, timed out, cut off
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    bool timedOut = false;
    bool cutOff = false;
    HttpResponse response;
    qint64 retryAfterMs = -1;
};

namespace {

bool isTransportError(QNetworkReply::NetworkError error)
{
    // 1–199: the connection and proxy layer, and a broken HTTP stream. The content, protocol and
    // server classes otherwise mirror HTTP statuses (Qt reports a 400 as ProtocolInvalidOperation),
    // which the caller judges from the status code.
    const int code = int(error);
    return (code >= 1 && code <= 199) || error == QNetworkReply::ProtocolFailure;
}

bool isRetryableTransport(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProtocolFailure:
        return true;
    default:
        return false;
    }
}

QString phraseFor(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("the connection was refused");
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("the connection was closed before the answer was complete");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("the server's name could not be found");
    case QNetworkReply::TimeoutError:
        return QStringLiteral("the connection timed out");
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("the secure (TLS) connection could not be set up");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return QStringLiteral("the network is not available");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return QStringLiteral("the proxy failed");
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return QStringLiteral("the server redirected the request somewhere it may not go");
    default:
        break;
    }
    return QStringLiteral("a network error occurred (Qt code %1)").arg(int(error));
}

qint64 backoffMs(const RetryPolicy &policy, int retry)
{
    const double exponential = double(policy.initialDelayMs) * std::pow(2.0, retry);
    const double capped = std::min(exponential, double(policy.maxDelayMs));
    // Jitter: 50–100 % of the step, so clients that failed together do not retry together.
    const double jittered = capped * (0.5 + 0.5 * QRandomGenerator::global()->generateDouble());
    return qint64(jittered);
}

} // namespace

QString GoogleHttpClient::transportPhrase(const Attempt &attempt, int timeoutMs)
{
    if (attempt.timedOut)
        return QStringLiteral("no data arrived for %1 s").arg(timeoutMs / 1000.0, 0, 'g', 3);
    if (attempt.cutOff)
        return QStringLiteral("the answer was cut off");
    return phraseFor(attempt.networkError);
}

qint64 parseRetryAfterMs(const QByteArray &value)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = trimmed.toLongLong(&ok);
    if (ok)
        return seconds >= 0 ? seconds * 1000 : -1;
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(trimmed), Qt::RFC2822Date);
    if (!when.isValid())
        return -1;
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when));
}

GoogleHttpClient::GoogleHttpClient(std::shared_ptr<Credentials> credentials, HttpOptions options)
    : m_credentials(std::move(credentials)),
      m_options(options),
      m_manager(std::make_unique<QNetworkAccessManager>())
{ }

GoogleHttpClient::~GoogleHttpClient() = default;

RequestSubject::Access GoogleHttpClient::access() const
{
    if (!m_credentials)
        return RequestSubject::Access::Anonymous;
    switch (m_credentials->kind()) {
    case Credentials::Kind::ApiKey:
        return RequestSubject::Access::ApiKey;
    case Credentials::Kind::ServiceAccount:
        return RequestSubject::Access::ServiceAccount;
    case Credentials::Kind::UserAccount:
        return RequestSubject::Access::UserAccount;
    }
    return RequestSubject::Access::Anonymous;
}

QStringList GoogleHttpClient::secrets() const
{
    return m_lastToken.isEmpty() ? QStringList() : QStringList {m_lastToken};
}

RequestSubject GoogleHttpClient::subjectFor(const HttpRequest &request) const
{
    RequestSubject subject = request.subject;
    subject.access = request.authorize ? access() : RequestSubject::Access::Anonymous;
    if (request.authorize && m_credentials && m_credentials->kind() != Credentials::Kind::ApiKey)
        subject.identity = m_credentials->identity();
    return subject;
}

GoogleHttpClient::Attempt GoogleHttpClient::sendOnce(const HttpRequest &request, const QString &token,
                                                     const StepContext &ctx)
{
    Attempt attempt;
    const bool isKey = m_credentials && m_credentials->kind() == Credentials::Kind::ApiKey;
    QUrl url = request.url;
    if (!token.isEmpty() && isKey && m_options.apiKeyInQuery) {
        const QByteArray encodedKey = QUrl::toPercentEncoding(token);
        QByteArray text = url.toEncoded();
        text += (url.hasQuery() ? "&key=" : "?key=") + encodedKey;
        url = QUrl::fromEncoded(text, QUrl::StrictMode);
    }

    QNetworkRequest networkRequest(url);
    networkRequest.setTransferTimeout(m_options.transferTimeoutMs);
    // A token must never follow a redirect to another host; the public export may (docs → googleusercontent).
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                token.isEmpty() ? QNetworkRequest::NoLessSafeRedirectPolicy
                                                : QNetworkRequest::SameOriginRedirectPolicy);
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader,
                             QStringLiteral("MovieFlow/%1 (Qt %2)")
                                 .arg(QStringLiteral(MOVIEFLOW_VERSION), QString::fromLatin1(qVersion())));
    if (!token.isEmpty()) {
        if (isKey && !m_options.apiKeyInQuery)
            networkRequest.setRawHeader("x-goog-api-key", token.toUtf8());
        else if (!isKey)
            networkRequest.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    }

    QNetworkReply *reply = m_manager->get(networkRequest);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (ctx.cancelled() && !attempt.cancelled) {
            attempt.cancelled = true;
            reply->abort();
        }
    });
    poll.start(CancelPollMs);
    if (!reply->isFinished())
        loop.exec();
    poll.stop();

    attempt.response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        attempt.response.body = reply->readAll();
    attempt.response.finalUrl = reply->url();
    // After a followed redirect Qt 6.4 appends the final answer's headers to the redirect's
    // ("text/html; charset=UTF-8, text/csv; charset=utf-8"): the last value is the final one.
    attempt.response.contentType
        = reply->rawHeader("Content-Type").split(',').constLast().split(';').constFirst().trimmed().toLower();
    attempt.response.contentDisposition = reply->rawHeader("Content-Disposition");
    attempt.retryAfterMs = parseRetryAfterMs(reply->rawHeader("Retry-After"));
    const QNetworkReply::NetworkError error = reply->error();
    reply->deleteLater();
    // The reply lives in this thread; let deleteLater run before the loop is gone.
    QCoreApplication::sendPostedEvents(reply, QEvent::DeferredDelete);

    if (attempt.cancelled)
        return attempt;
    if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
        // We did not abort it, so the transfer timeout did.
        attempt.transportFailed = true;
        attempt.timedOut = true;
        attempt.networkError = QNetworkReply::TimeoutError;
    } else if (isTransportError(error) || attempt.response.status == 0) {
        attempt.transportFailed = true;
        attempt.networkError = error;
    } else if (attempt.response.isSuccess() && request.expectJson) {
        QJsonParseError parseError;
        QJsonDocument::fromJson(attempt.response.body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            attempt.transportFailed = true;
            attempt.cutOff = true;
        }
    }
    return attempt;
}

Result<HttpResponse> GoogleHttpClient::get(const HttpRequest &request, const StepContext &ctx)
{
    Result<HttpResponse> raw = getRaw(request, ctx);
    if (!raw.ok() || raw.value().isSuccess())
        return raw;
    const HttpResponse &response = raw.value();
    return describeHttpFailure(GoogleApiError::parse(response.status, response.body), subjectFor(request),
                               response.attempts, secrets());
}

Result<HttpResponse> GoogleHttpClient::getRaw(const HttpRequest &request, const StepContext &ctx)
{
    QElapsedTimer clock;
    clock.start();
    const RetryPolicy &policy = m_options.retry;
    const QString paceKey = m_credentials ? m_credentials->identity() : QStringLiteral("anonymous");
    const RequestSubject subject = subjectFor(request);
    bool freshTokenTried = false;
    int retries = 0;
    int attempts = 0;
    Attempt last;

    for (;;) {
        if (ctx.cancelled())
            return Error::cancelled();
        QString token;
        if (request.authorize && m_credentials) {
            Result<QString> fresh = m_credentials->accessToken(ctx);
            if (!fresh.ok())
                return fresh.error();
            token = fresh.value();
            m_lastToken = token;
        }
        if (request.paced && !RequestPacer::shared().acquire(paceKey, ctx))
            return Error::cancelled();

        ++attempts;
        last = sendOnce(request, token, ctx);
        if (last.cancelled || ctx.cancelled())
            return Error::cancelled();

        bool retryable = false;
        QString why;
        if (last.transportFailed) {
            retryable = last.timedOut || last.cutOff || isRetryableTransport(last.networkError);
            why = transportPhrase(last, m_options.transferTimeoutMs);
        } else if (last.response.isSuccess()) {
            last.response.attempts = attempts;
            return last.response;
        } else {
            const int status = last.response.status;
            if (status == 401 && !token.isEmpty() && m_credentials->kind() != Credentials::Kind::ApiKey
                && !freshTokenTried) {
                // The token expired or was revoked early: forget it and try once with a new one.
                freshTokenTried = true;
                m_credentials->invalidate();
                ctx.info(QStringLiteral("Google did not accept the access token; getting a fresh one."));
                continue;
            }
            const GoogleApiError error = GoogleApiError::parse(status, last.response.body);
            retryable = status == 408 || status == 429 || status >= 500 || error.isRateLimit();
            why = QStringLiteral("Google answered HTTP %1").arg(status);
        }
        if (!retryable || retries >= policy.maxRetries)
            break;
        const qint64 delay = std::max(backoffMs(policy, retries), last.retryAfterMs);
        if (clock.elapsed() + delay > policy.maxTotalMs)
            break;
        ctx.warning(QStringLiteral("Reading %1: %2; trying again in %3 s (attempt %4 of at most %5).")
                        .arg(subject.what, why)
                        .arg(delay / 1000.0, 0, 'f', 1)
                        .arg(attempts + 1)
                        .arg(policy.maxRetries + 1));
        if (!waitInterruptibly(delay, ctx))
            return Error::cancelled();
        ++retries;
    }

    if (last.transportFailed) {
        const QString host = request.url.host();
        return Error::google(
            QStringLiteral(
                "Could not read %1 from %2: %3%4. Check the internet connection (and proxy) and try "
                "again.")
                .arg(subject.what, host, transportPhrase(last, m_options.transferTimeoutMs),
                     attempts > 1 ? QStringLiteral(" (MovieFlow tried %1 times)").arg(attempts) : QString()));
    }
    last.response.attempts = attempts;
    return last.response;
}

} // namespace mf::google
