// SPDX-License-Identifier: MIT
#pragma once

#include "AuthEndpoints.h"
#include "Clock.h"
#include "Error.h"
#include "OAuthClient.h"
#include "TokenEndpoint.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QTcpServer;
class QTcpSocket;

namespace mf::google {

/// What a sign-in asks for.
struct SignInRequest
{
    OAuthClient client;
    AuthEndpoints endpoints = AuthEndpoints::google();
    /// Also ask for drive.metadata.readonly, which opening a sheet by its title needs.
    bool openByTitle = false;
    /// Also ask for `openid email`, so MovieFlow can say who is signed in.
    bool askForEmail = true;
    /// Send prompt=consent, so Google issues a refresh token again (do it when none is stored).
    bool forceConsent = true;
    QString loginHint; ///< an e-mail address to preselect, or empty
    int timeoutSeconds = 300;
    /// Shows the consent page: the GUI passes QDesktopServices::openUrl, the CLI prints the URL.
    std::function<void(const QUrl &)> openUrl;
    const Clock *clock = &Clock::system();

    /// The scopes this request asks for, space-separated in the URL.
    QStringList scopes() const;
    /// The scopes without which the sign-in is refused (the optional openid/email are not among them).
    QStringList requiredScopes() const;
};

/// A completed sign-in.
struct SignInResult
{
    TokenGrant grant; ///< access token (memory only), refresh token (for the keychain), granted scopes
    QString email; ///< from the ID token; empty when Google did not send one
};

/// OAuth 2.0 for installed apps (RFC 8252) against Google: a one-shot listener on 127.0.0.1 at a random port
/// receives the browser's redirect; PKCE S256 and a 32-byte `state` protect it; the code is exchanged at the
/// token endpoint (with client_secret and code_verifier) by plain QNetworkAccessManager. Asynchronous: run it
/// in a thread with an event loop (the GUI or CLI main thread) and wait for finished().
class OAuthSignIn : public QObject
{
    Q_OBJECT

public:
    explicit OAuthSignIn(SignInRequest request, QObject *parent = nullptr);
    ~OAuthSignIn() override;

    /// Starts listening and calls request.openUrl with the consent page's address. An error (no loopback
    /// port) means nothing started and finished() will not be emitted.
    Error start();
    /// Stops waiting: finished() with ErrorKind::Cancelled.
    void cancel();

    /// The consent page's address (after start()).
    QUrl authorizationUrl() const { return m_authorizationUrl; }
    /// http://127.0.0.1:PORT/ (after start()).
    QUrl redirectUri() const { return m_redirectUri; }

    bool isFinished() const { return m_result.has_value(); }
    /// The outcome, once finished() was emitted.
    const Result<SignInResult> &result() const { return *m_result; }

Q_SIGNALS:
    /// Emitted once: signed in, refused, failed, timed out or cancelled. See result().
    void finished();

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void handleCallback(QTcpSocket *socket, const QUrl &target);
    void exchangeCode(QTcpSocket *socket, const QString &code);
    void answerBrowser(QTcpSocket *socket, int status, const QString &title, const QString &text);
    void finish(Result<SignInResult> result);
    void stopListening();

    SignInRequest m_request;
    QTcpServer *m_server = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    QTimer m_timeout;
    QByteArray m_verifier;
    QByteArray m_state;
    QUrl m_redirectUri;
    QUrl m_authorizationUrl;
    bool m_callbackReceived = false;
    std::optional<Result<SignInResult>> m_result;
};

} // namespace mf::google
