// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QString>
#include <QUrl>

namespace mf::google {

/// The base addresses of the Google services MovieFlow talks to. Defaults are Google's; each can be
/// overridden by an environment variable (SPEC.md "Google endpoints"), for tests and proxies.
struct GoogleEndpoints
{
    QUrl sheets; ///< MOVIEFLOW_GOOGLE_SHEETS_URL, https://sheets.googleapis.com
    QUrl drive; ///< MOVIEFLOW_GOOGLE_DRIVE_URL, https://www.googleapis.com
    QUrl token; ///< MOVIEFLOW_GOOGLE_TOKEN_URL, https://oauth2.googleapis.com/token
    QUrl auth; ///< MOVIEFLOW_GOOGLE_AUTH_URL, https://accounts.google.com/o/oauth2/v2/auth
    QUrl docs; ///< MOVIEFLOW_GOOGLE_DOCS_URL, https://docs.google.com

    static GoogleEndpoints defaults();
    /// The defaults with every variable that is set applied. A variable that is not an absolute
    /// https:// address (or http:// to 127.0.0.1, ::1 or localhost) is a Google error naming it.
    static Result<GoogleEndpoints> fromEnvironment();

    /// Checks one base address; `variable` names where it came from for the message.
    static Result<QUrl> checkedBase(const QString &variable, const QString &value);
    /// True for 127.0.0.0/8, ::1 and localhost.
    static bool isLoopbackHost(const QString &host);

    /// base + path, where `encodedPath` starts with '/' and is already percent-encoded, and
    /// `encodedQuery` (without '?') too. The base's own path is kept (a proxy prefix).
    static QUrl join(const QUrl &base, const QString &encodedPath, const QString &encodedQuery = {});
};

} // namespace mf::google
