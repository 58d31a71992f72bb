// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "StepContext.h"

#include <QString>

#include <memory>

namespace mf::google {

/// How a request to Google proves who is asking. Implementations: an API key, a service account
/// (JWT signed with OpenSSL), a signed-in Google account (OAuth refresh token from the keychain).
/// Called from the worker thread that fetches a sheet; implementations may block that thread on
/// network calls (with a local event loop in that thread) and must be thread-safe.
class Credentials
{
public:
    virtual ~Credentials() = default;

    enum class Kind { ApiKey, ServiceAccount, UserAccount };
    virtual Kind kind() const = 0;

    /// A valid access token ("ya29…"), refreshed when it expires within a minute. For ApiKey the key.
    /// Errors are ErrorKind::Google sentences that say what to do (sign in again, share the sheet…).
    virtual Result<QString> accessToken(const StepContext &ctx) = 0;

    /// Called after Google answered 401: the next accessToken() must not reuse the cached token.
    virtual void invalidate() = 0;

    /// Who is asking, for messages: "ana@example.com", "robot@proj.iam.gserviceaccount.com", "API key".
    virtual QString identity() const = 0;
};

} // namespace mf::google
