// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace mf::google {

/// A Google error body, whatever shape it came in: {"error":{"code","message","status","details"}}
/// from Sheets, the same plus "errors":[{domain,reason}] from Drive, or HTML/text from a front end
/// (then code is -1 and message holds the text, as gspread does).
struct GoogleApiError
{
    int httpStatus = 0;
    int code = 0;
    QString status; ///< canonical code: PERMISSION_DENIED, RESOURCE_EXHAUSTED, …; empty if absent
    QString message; ///< Google's own text, tags stripped and shortened for a non-JSON body
    QString reason; ///< details[].reason (ErrorInfo) or errors[0].reason: API_KEY_INVALID, notFound…
    QString domain; ///< errors[0].domain or details[].domain: usageLimits, googleapis.com…
    bool isJson = false;

    static GoogleApiError parse(int httpStatus, const QByteArray &body);

    /// Drive's way of saying "slow down": 403 with domain usageLimits or a rate-limit reason.
    bool isRateLimit() const;
};

/// Who asked and about what, so a failure can be told as a sentence that says what to do.
struct RequestSubject
{
    enum class Service { Sheets, Drive, Docs };
    enum class Access { Anonymous, ApiKey, ServiceAccount, UserAccount };

    Service service = Service::Sheets;
    Access access = Access::Anonymous;
    QString identity; ///< e-mail of the account, empty for a key or nobody
    QString what; ///< "the spreadsheet 1BxiM…", "the Drive search for \"movie\""
};

/// The sentence for a final (not retried, or retried in vain) HTTP failure. `attempts` > 1 says
/// that MovieFlow already tried again. Secrets in `secrets` are removed from the text.
Error describeHttpFailure(const GoogleApiError &error, const RequestSubject &subject, int attempts,
                          const QStringList &secrets = {});

/// Replaces every occurrence of each secret (longer than 3 characters) with "[hidden]".
QString redactSecrets(QString text, const QStringList &secrets);

} // namespace mf::google
