// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "GoogleApiError.h"
#include "GoogleCredentials.h"
#include "StepContext.h"

#include <QByteArray>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace mf::google {

/// When to try a failed request again: 408, 429, 5xx, Drive's usage-limit 403, a dropped or timed-out
/// connection and a cut-off body. Waits grow 2^n × initialDelay up to maxDelay, each with random
/// jitter (50–100 %), at least what Retry-After asks, and stop after maxRetries or when the next
/// wait would pass maxTotalMs since the first attempt.
struct RetryPolicy
{
    int maxRetries = 5;
    qint64 initialDelayMs = 1000;
    qint64 maxDelayMs = 32000;
    qint64 maxTotalMs = 120000;
};

struct HttpOptions
{
    RetryPolicy retry;
    int transferTimeoutMs
        = 30000; ///< no byte for this long aborts the attempt (QNetworkRequest::setTransferTimeout)
    bool apiKeyInQuery = false; ///< send an API key as ?key= instead of the x-goog-api-key header
};

struct HttpRequest
{
    QUrl url;
    RequestSubject subject; ///< service and "what" for messages; access/identity are filled in
    bool authorize = true; ///< send the credentials (false for the public CSV export)
    bool paced = true; ///< take a token from the RequestPacer first (Sheets API reads)
    bool expectJson = true; ///< a 2xx body that is not complete JSON counts as a cut-off answer
};

struct HttpResponse
{
    int status = 0;
    QByteArray body;
    QByteArray contentType; ///< lower-case, without parameters: "application/json", "text/csv"
    QByteArray contentDisposition; ///< the download's name, for the public export
    QUrl finalUrl; ///< after redirects
    int attempts = 0;

    bool isSuccess() const { return status >= 200 && status < 300; }
};

/// Blocking GETs to Google for a worker thread: its own QNetworkAccessManager in that thread, a
/// local event loop per request, credentials (bearer token or API key), pacing, retries with
/// backoff, one retry with a fresh token after a 401, and Cancel (the reply is aborted). Create,
/// use and destroy it on the same worker thread; never on the GUI thread.
class GoogleHttpClient
{
public:
    /// `credentials` may be null: then requests go out without any (public CSV export).
    explicit GoogleHttpClient(std::shared_ptr<Credentials> credentials, HttpOptions options = {});
    ~GoogleHttpClient();
    GoogleHttpClient(const GoogleHttpClient &) = delete;
    GoogleHttpClient &operator=(const GoogleHttpClient &) = delete;

    /// Sends the request until it succeeds, fails for good or runs out of retries. A final HTTP
    /// failure is an Error already worded for the user (describeHttpFailure); so are network
    /// failures, Cancelled, and credential failures.
    Result<HttpResponse> get(const HttpRequest &request, const StepContext &ctx);

    /// Like get(), but a final non-2xx answer comes back as a response for the caller to judge.
    /// Network failures, Cancel and credential failures are still errors.
    Result<HttpResponse> getRaw(const HttpRequest &request, const StepContext &ctx);

    const std::shared_ptr<Credentials> &credentials() const { return m_credentials; }
    RequestSubject::Access access() const;
    /// Secrets this client knows (the API key, the last token), for redacting texts.
    QStringList secrets() const;

private:
    struct Attempt;
    static QString transportPhrase(const Attempt &attempt, int timeoutMs);
    Attempt sendOnce(const HttpRequest &request, const QString &token, const StepContext &ctx);
    RequestSubject subjectFor(const HttpRequest &request) const;

    std::shared_ptr<Credentials> m_credentials;
    HttpOptions m_options;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    QString m_lastToken;
};

/// Seconds from a Retry-After header (delta-seconds or an HTTP date), or -1.
qint64 parseRetryAfterMs(const QByteArray &value);

} // namespace mf::google
