// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <functional>
#include <optional>

class QObject;

namespace mf::google {

/// Secrets (the refresh token, the OAuth client secret) in the operating system's keychain through
/// QtKeychain — the Secret Service (GNOME Keyring, KWallet) on Linux, Keychain on macOS, Credential
/// Manager on Windows — under the service name "MovieFlow".
///
/// When no keychain answers (no D-Bus session, no Secret Service, the user refused access) a secret is
/// kept in this process's memory for the session only and the outcome says why; nothing is ever written
/// to a plain file. Jobs are asynchronous; callbacks run in the caller's thread through `context`.
/// Use one thread (the GUI or CLI main thread) for keychain work.
class SecretStore
{
public:
    enum class Mode {
        Keychain, ///< the OS keychain, with the in-memory fallback
        MemoryOnly, ///< never touch the keychain (tests, "do not remember me")
    };
    enum class Location {
        Keychain, ///< in the OS keychain
        SessionMemory, ///< in this process only; gone when it exits
    };

    /// What a read, write or delete did.
    struct Outcome
    {
        std::optional<QString> secret; ///< reads: the secret, or nothing when none is stored
        Location location = Location::Keychain;
        /// Empty when the keychain worked; otherwise a sentence such as "No keychain is available (…), so
        /// MovieFlow keeps your Google sign-in in memory for this session only; nothing is written to disk."
        QString problem;
        QString
            keychainError; ///< the keychain's own words when it failed ("Cannot autolaunch D-Bus…"), or empty
    };
    using Done = std::function<void(const Outcome &)>;

    explicit SecretStore(Mode mode = Mode::Keychain, QString service = QStringLiteral("MovieFlow"));

    Mode mode() const { return m_mode; }
    QString service() const { return m_service; }

    void write(const QString &key, const QString &secret, QObject *context, Done done) const;
    void read(const QString &key, QObject *context, Done done) const;
    /// Deletes the secret from the keychain and from the session memory.
    void remove(const QString &key, QObject *context, Done done) const;

    /// Whether the keychain answers: `problem` is empty when it does (it reads an entry that need not exist).
    void probe(QObject *context, Done done) const;

    /// The same, waiting with a local event loop in the calling thread (CLI, tests). Do not call these on
    /// the GUI thread.
    Outcome writeAndWait(const QString &key, const QString &secret) const;
    Outcome readAndWait(const QString &key) const;
    Outcome removeAndWait(const QString &key) const;
    Outcome probeAndWait() const;

    /// Where a secret is kept, for `auth status`: "the system keychain (service "MovieFlow")" or
    /// "memory, for this session only".
    static QString describe(Location location, const QString &service);

private:
    Mode m_mode;
    QString m_service;
};

} // namespace mf::google
