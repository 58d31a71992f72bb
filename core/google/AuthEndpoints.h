// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QUrl>

namespace mf::google {

/// Where MovieFlow signs in to Google. Defaults are Google's endpoints; MOVIEFLOW_GOOGLE_AUTH_URL,
/// MOVIEFLOW_GOOGLE_TOKEN_URL and MOVIEFLOW_GOOGLE_REVOKE_URL override them (tests, proxies). Without
/// MOVIEFLOW_GOOGLE_REVOKE_URL the revoke endpoint is the token endpoint's sibling `revoke`.
struct AuthEndpoints
{
    QUrl authUrl; ///< the consent page the browser opens
    QUrl tokenUrl; ///< code exchange, refresh and JWT-bearer grants
    QUrl revokeUrl; ///< sign out

    /// Google's own endpoints.
    static AuthEndpoints google();

    /// Google's endpoints with the environment overrides applied. A malformed value, or plain http:// to
    /// a host that is not loopback, is an ErrorKind::Google error that names the variable.
    static Result<AuthEndpoints> fromEnvironment();

    /// The URL in environment variable `variable`, or `fallback` when it is unset or empty.
    static Result<QUrl> fromVariable(const char *variable, const QUrl &fallback);

    /// The revoke endpoint beside a token endpoint: same scheme, host and port, last path segment
    /// replaced by `revoke` (`https://oauth2.googleapis.com/token` → `…/revoke`).
    static QUrl revokeUrlFor(const QUrl &tokenUrl);

    /// Whether secrets may be sent to `url`: https to any host, http only to 127.0.0.1, ::1 or localhost.
    static bool isAcceptable(const QUrl &url);
};

} // namespace mf::google
