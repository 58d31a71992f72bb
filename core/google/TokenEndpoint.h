// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "StepContext.h"

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QObject;

namespace mf::google {

/// What the token endpoint was asked for; it decides how an error is explained.
enum class GrantType {
    AuthorizationCode, ///< the code from the browser, with the PKCE verifier
    RefreshToken, ///< a stored refresh token
    JwtBearer, ///< a service account's signed JWT
};

/// A successful answer of the token endpoint.
struct TokenGrant
{
    QString accessToken;
    QDateTime expiresAt; ///< UTC: when the access token stops working
    QString refreshToken; ///< empty when the answer carried none (refreshes, service accounts)
    QStringList scopes; ///< the granted scopes; empty when the answer did not list them
    QString idToken; ///< the OpenID Connect ID token, when `openid` was granted
};

/// The raw outcome of one POST.
struct HttpAnswer
{
    int status = 0; ///< the HTTP status; 0 when no answer arrived
    QByteArray body;
    QString networkError; ///< Qt's description when no answer arrived
    bool timedOut = false;
    bool cancelled = false;
};

/// Form fields in order; values are sent exactly (every reserved character percent-encoded).
using FormFields = QList<QPair<QString, QString>>;

/// POSTs to Google's OAuth token and revoke endpoints, done with plain QNetworkAccessManager (Qt 6.4's
/// NetworkAuth drops token-endpoint errors silently), and turns the answers into grants or sentences.
class TokenEndpoint
{
public:
    /// How long one POST may take before it counts as failed.
    static constexpr int timeoutMs = 30000;

    /// application/x-www-form-urlencoded, with `+`, `/`, `=` and every other reserved character encoded.
    static QByteArray formEncode(const FormFields &fields);

    /// Starts a POST on `network`; `done` runs in `context`'s thread unless `context` was destroyed first.
    static void post(QNetworkAccessManager &network, const QUrl &url, const FormFields &fields,
                     QObject *context, std::function<void(const HttpAnswer &)> done);

    /// POSTs and waits, running a local event loop in the calling thread (a worker thread: Credentials).
    /// Cancellation through `ctx` aborts the request.
    static HttpAnswer postAndWait(const QUrl &url, const FormFields &fields, const StepContext &ctx);

    /// A grant from a 200 answer of `url`, with `expiresAt` counted from `now`; otherwise the error as a
    /// sentence (see describeFailure).
    static Result<TokenGrant> parse(GrantType grant, const QUrl &url, const HttpAnswer &answer,
                                    const QDateTime &now);

    /// What went wrong, as an ErrorKind::Google sentence that says what to do; cancellation is
    /// ErrorKind::Cancelled. A refused refresh token reads "Your Google sign-in has expired or was revoked;
    /// sign in again."
    static Error describeFailure(GrantType grant, const QUrl &url, const HttpAnswer &answer);

    /// The `email` claim of an ID token that came straight from the token endpoint (so its signature need
    /// not be checked, OpenID Connect Core §3.1.3.7); empty when there is none.
    static QString emailFromIdToken(const QString &idToken);

    /// The text for "Your Google sign-in has expired or was revoked; sign in again."
    static QString signInExpiredMessage();

private:
    static QNetworkReply *startPost(QNetworkAccessManager &network, const QUrl &url,
                                    const FormFields &fields);
    static HttpAnswer answerOf(QNetworkReply *reply);
};

} // namespace mf::google
