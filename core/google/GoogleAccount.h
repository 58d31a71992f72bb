// SPDX-License-Identifier: MIT
#pragma once

#include "Clock.h"
#include "Error.h"
#include "GoogleCredentials.h"
#include "OAuthClient.h"
#include "SecretStore.h"
#include "UserAccountCredentials.h"

#include <QEventLoop>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QSettings;

namespace mf::google {

class OAuthSignIn;
struct SignInResult;

/// Who is signed in and where the sign-in is kept.
struct AccountStatus
{
    QString clientId; ///< the imported OAuth client; empty when none was imported
    bool signedIn = false;
    QString email; ///< empty when Google did not say (openid/email not granted)
    QStringList scopes; ///< what the user allowed
    SecretStore::Location location = SecretStore::Location::Keychain;
    QString service; ///< the keychain service name ("MovieFlow")
    QString storageProblem; ///< why the keychain is not used (memory only), or empty

    /// "the system keychain (service "MovieFlow")" or "memory, for this session only".
    QString storageDescription() const { return SecretStore::describe(location, service); }
};

/// What `auth login` / the GUI's Sign in button asks for.
struct SignInOptions
{
    /// A newly chosen client file: it is imported (client id to settings, secret to the keychain) first.
    /// Without it the previously imported client is used.
    std::optional<OAuthClient> client;
    bool openByTitle = false; ///< also ask for drive.metadata.readonly
    bool askForEmail = true; ///< also ask for `openid email`, to show who is signed in
    int timeoutSeconds = 300;
    /// Shows the consent page (GUI: QDesktopServices::openUrl; CLI: print it / xdg-open).
    std::function<void(const QUrl &)> openUrl;
};

/// The Google account MovieFlow signs in with (OAuth 2.0 for installed apps), for the GUI and the CLI.
///
/// Kept: the OAuth client id, the e-mail and the granted scopes in a small settings file
/// (defaultSettingsFile()); the client secret and the refresh token in the keychain (SecretStore, service
/// "MovieFlow", keys per client id), or in memory for the session when no keychain is available; the access
/// token only in memory (UserAccountCredentials). Nothing secret is ever written to a file.
///
/// Operations are asynchronous and call back in this object's thread; run them on the GUI or CLI main thread.
class GoogleAccount : public QObject
{
    Q_OBJECT

public:
    template<typename T> using Done = std::function<void(Result<T>)>;

    explicit GoogleAccount(QObject *parent = nullptr);
    GoogleAccount(SecretStore store, QString settingsFile, const Clock &clock = Clock::system(),
                  QObject *parent = nullptr);
    ~GoogleAccount() override;

    /// `$XDG_CONFIG_HOME/MovieFlow/google-account.ini` (no secrets in it).
    static QString defaultSettingsFile();
    /// Keychain keys: "google-oauth-refresh-token/<client id>", "google-oauth-client-secret/<client id>".
    static QString refreshTokenKey(const QString &clientId);
    static QString clientSecretKey(const QString &clientId);

    const SecretStore &store() const { return m_store; }
    QString settingsFile() const { return m_settingsFile; }
    /// The imported client's id, or empty.
    QString clientId() const;

    /// Remembers an OAuth client: the id in the settings file, the secret in the keychain. Importing a
    /// different client forgets the previous client's sign-in on this computer.
    void importClient(const OAuthClient &client, Done<AccountStatus> done);

    /// Signs in through the browser (OAuthSignIn), then keeps the refresh token in the keychain. Asks
    /// Google for a new refresh token (prompt=consent) unless a stored one still works and covers the
    /// requested scopes. One at a time.
    void signIn(const SignInOptions &options, Done<AccountStatus> done);
    /// Stops a running sign-in (its callback gets ErrorKind::Cancelled).
    void cancelSignIn();
    bool isSigningIn() const { return m_signInState != SignInState::Idle; }

    /// Revokes the refresh token at Google (POST …/revoke) and deletes it from the keychain. Succeeds with a
    /// sentence of what was done; if Google could not be reached the token is still deleted here and the
    /// sentence says how to remove access by hand.
    void signOut(Done<QString> done);

    /// Who is signed in and where the token is kept.
    void status(Done<AccountStatus> done);

    /// The signed-in account's credentials, shared within the process so the access token is reused. An
    /// ErrorKind::Google error says how to sign in when nobody is.
    void credentials(Done<std::shared_ptr<UserAccountCredentials>> done);

    /// Forgets every in-process session (what a restart does); the next credentials() reads the keychain.
    static void forgetSessions();

    /// Waits for one of the operations above with a local event loop (CLI, tests; not on the GUI thread).
    template<typename T> static Result<T> wait(const std::function<void(Done<T>)> &operation);

private:
    void readClient(Done<OAuthClient> done);
    void reuseOrConsent(const SignInOptions &options, const OAuthClient &client,
                        const QString &storedRefreshToken, Done<AccountStatus> done);
    void runSignIn(const SignInOptions &options, const OAuthClient &client, const QString &storedRefreshToken,
                   Done<AccountStatus> done);
    void keepSignIn(const OAuthClient &client, const QString &storedRefreshToken,
                    const SignInResult &signedIn, Done<AccountStatus> done);
    void finishSignIn(const Done<AccountStatus> &done, Result<AccountStatus> result);
    Error saveSettings(const std::function<void(QSettings &)> &change) const;
    QString sessionKey(const QString &clientId) const;
    Error notSignedIn(const QString &storageProblem) const;

    SecretStore m_store;
    QString m_settingsFile;
    const Clock &m_clock;
    enum class SignInState { Idle, Preparing, Running };
    SignInState m_signInState = SignInState::Idle;
    bool m_cancelRequested = false;
    QPointer<OAuthSignIn> m_signIn;
    QNetworkAccessManager *m_network = nullptr;
};

/// The signed-in Google account's credentials, for `movieflow-cli run --sheet` and other headless callers:
/// waits (local event loop) for GoogleAccount::credentials() with the default keychain and settings file.
/// Call it on the main thread before starting the pipeline, not on the GUI thread.
Result<std::shared_ptr<Credentials>> signedInCredentials();

template<typename T> Result<T> GoogleAccount::wait(const std::function<void(Done<T>)> &operation)
{
    std::optional<Result<T>> outcome;
    QEventLoop loop;
    operation([&outcome, &loop](Result<T> result) {
        outcome = std::move(result);
        loop.quit();
    });
    if (!outcome)
        loop.exec();
    return std::move(*outcome);
}

} // namespace mf::google
