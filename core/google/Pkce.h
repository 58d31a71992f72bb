// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

namespace mf::google {

/// Proof Key for Code Exchange (RFC 7636, method S256) and the OAuth `state`, both from the system's
/// cryptographically secure random generator.
class Pkce
{
public:
    /// A new code verifier: 64 characters of [A-Za-z0-9_-] (48 random bytes, base64url).
    static QByteArray newVerifier();

    /// The S256 code challenge: base64url(SHA-256(verifier)) without padding.
    static QByteArray challengeFor(const QByteArray &verifier);

    /// Whether `verifier` is 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1).
    static bool isValidVerifier(const QByteArray &verifier);

    /// A new `state` value: 32 random bytes, base64url without padding (43 characters).
    static QByteArray newState();

    /// base64url without padding (RFC 4648 §5), as JWTs and PKCE use it.
    static QByteArray base64Url(const QByteArray &bytes);

    /// `count` bytes from the system's secure random generator.
    static QByteArray randomBytes(int count);
};

} // namespace mf::google
