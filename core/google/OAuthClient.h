// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QString>

namespace mf::google {

/// The user's own OAuth client, from the `credentials.json` of a "Desktop app" client that they created in
/// Google Cloud Console (the file gspread users already have). For a desktop app the secret is not really
/// secret, but MovieFlow still keeps it in the keychain rather than in a plain file.
struct OAuthClient
{
    QString clientId;
    QString clientSecret;

    bool isValid() const { return !clientId.isEmpty() && !clientSecret.isEmpty(); }

    /// Reads `{"installed": {"client_id", "client_secret", …}}`. A Web-application client, a service-account
    /// key or anything else is an ErrorKind::Google error that says which file to download instead.
    /// `fileName` is only used in messages.
    static Result<OAuthClient> fromJson(const QByteArray &json, const QString &fileName);

    /// Reads the file at `path` (see fromJson).
    static Result<OAuthClient> fromFile(const QString &path);
};

} // namespace mf::google
