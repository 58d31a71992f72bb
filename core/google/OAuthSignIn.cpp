// SPDX-License-Identifier: MIT
#include "OAuthSignIn.h"

#include "GoogleScopes.h"
#include "Pkce.h"

#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTcpSocket>

namespace mf::google {

namespace {

constexpr qsizetype maxRequestBytes = 16 * 1024;
const char *const requestProperty = "movieflowRequest";
const char *const answeredProperty = "movieflowAnswered";

/// Query items of a redirect, decoded the way browsers encode them (`+` is a space, `%2F` a slash).
QHash<QString, QString> decodeQuery(const QByteArray &query)
{
    QHash<QString, QString> items;
    for (QByteArray pair : query.split('&')) {
        if (pair.isEmpty())
            continue;
        pair.replace('+', ' ');
        const qsizetype equals = pair.indexOf('=');
        const QByteArray name = equals < 0 ? pair : pair.left(equals);
        const QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        items.insert(QUrl::fromPercentEncoding(name), QUrl::fromPercentEncoding(value));
    }
    return items;
}

QString reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QStringLiteral("OK");
    case 400:
        return QStringLiteral("Bad Request");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    default:
        return QStringLiteral("Error");
    }
}

QString describeScope(const QString &scope)
{
    if (scope == GoogleScopes::spreadsheetsReadOnly())
        return QStringLiteral("see your Google Sheets spreadsheets");
    if (scope == GoogleScopes::driveMetadataReadOnly())
        return QStringLiteral(
            "see information about your Google Drive files (needed to open a sheet by its title)");
    return GoogleScopes::shortName(scope);
}

} // namespace

QStringList SignInRequest::scopes() const
{
    QStringList list = requiredScopes();
    if (askForEmail)
        list << GoogleScopes::openId() << GoogleScopes::email();
    return list;
}

QStringList SignInRequest::requiredScopes() const
{
    return GoogleScopes::forSheets(openByTitle);
}

OAuthSignIn::OAuthSignIn(SignInRequest request, QObject *parent)
    : QObject(parent), m_request(std::move(request))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        const int seconds = m_request.timeoutSeconds;
        const QString span = seconds % 60 == 0 ? QStringLiteral("%1 minute(s)").arg(seconds / 60)
                                               : QStringLiteral("%1 second(s)").arg(seconds);
        finish(Error::google(
            QStringLiteral("Nobody finished signing in within %1, so MovieFlow stopped waiting for "
                           "Google's answer; start the sign-in again and complete it in the "
                           "browser.")
                .arg(span)));
    });
}

OAuthSignIn::~OAuthSignIn()
{
    // A page that is still being sent must reach the browser even when the sign-in object goes away at once:
    // such sockets outlive it and delete themselves once closed (or after a few seconds at most).
    for (QTcpSocket *socket : findChildren<QTcpSocket *>(QString(), Qt::FindDirectChildrenOnly)) {
        if (socket->property(answeredProperty).toBool()
            && socket->state() != QAbstractSocket::UnconnectedState) {
            socket->setParent(nullptr);
            QTimer::singleShot(5000, socket, &QTcpSocket::abort);
        }
    }
}

Error OAuthSignIn::start()
{
    if (!m_request.client.isValid()) {
        return Error::google(
            QStringLiteral("No OAuth client is set up; import the credentials.json of a \"Desktop "
                           "app\" OAuth client first."));
    }
    m_server = new QTcpServer(this);
    // Loopback only (QHostAddress(LocalHost) — not the port overload, and not Any as Qt 6.4's handler does).
    if (!m_server->listen(QHostAddress(QHostAddress::LocalHost), 0)) {
        const QString why = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return Error::google(
            QStringLiteral("MovieFlow could not open a port on 127.0.0.1 to receive Google's "
                           "answer (%1); check the firewall or try again.")
                .arg(why));
    }
    connect(m_server, &QTcpServer::newConnection, this, &OAuthSignIn::onNewConnection);
    m_network = new QNetworkAccessManager(this);

    m_redirectUri = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server->serverPort()));
    m_verifier = Pkce::newVerifier();
    m_state = Pkce::newState();

    FormFields query {
        {QStringLiteral("client_id"), m_request.client.clientId},
        {QStringLiteral("redirect_uri"), m_redirectUri.toString(QUrl::FullyEncoded)},
        {QStringLiteral("response_type"), QStringLiteral("code")},
        {QStringLiteral("scope"), m_request.scopes().join(QLatin1Char(' '))},
        {QStringLiteral("code_challenge"), QString::fromLatin1(Pkce::challengeFor(m_verifier))},
        {QStringLiteral("code_challenge_method"), QStringLiteral("S256")},
        {QStringLiteral("state"), QString::fromLatin1(m_state)},
        {QStringLiteral("access_type"), QStringLiteral("offline")},
    };
    if (m_request.forceConsent)
        query.append({QStringLiteral("prompt"), QStringLiteral("consent")});
    if (!m_request.loginHint.isEmpty())
        query.append({QStringLiteral("login_hint"), m_request.loginHint});
    m_authorizationUrl = m_request.endpoints.authUrl;
    const QString existing = m_authorizationUrl.query(QUrl::FullyEncoded);
    const QString encoded = QString::fromLatin1(TokenEndpoint::formEncode(query));
    m_authorizationUrl.setQuery(existing.isEmpty() ? encoded : existing + QLatin1Char('&') + encoded);

    m_timeout.start(m_request.timeoutSeconds * 1000);
    if (m_request.openUrl)
        m_request.openUrl(m_authorizationUrl);
    return Error::none();
}

void OAuthSignIn::cancel()
{
    finish(Error {ErrorKind::Cancelled,
                  QStringLiteral("The sign-in was cancelled; MovieFlow is not signed in.")});
}

void OAuthSignIn::stopListening()
{
    if (m_server)
        m_server->close();
}

void OAuthSignIn::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        socket->setParent(this);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    }
}

void OAuthSignIn::onReadyRead(QTcpSocket *socket)
{
    QByteArray request = socket->property(requestProperty).toByteArray() + socket->readAll();
    if (request.size() > maxRequestBytes) {
        socket->abort();
        return;
    }
    socket->setProperty(requestProperty, request);
    if (!request.contains("\r\n\r\n"))
        return; // the headers are not complete yet
    socket->setProperty(requestProperty, QVariant());
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);

    const QList<QByteArray> requestLine = request.left(request.indexOf("\r\n")).split(' ');
    if (requestLine.size() != 3 || !requestLine.at(1).startsWith('/')) {
        answerBrowser(socket, 400, QStringLiteral("MovieFlow"),
                      QStringLiteral("This is not a sign-in answer."));
        return;
    }
    if (requestLine.at(0) != "GET") {
        answerBrowser(socket, 405, QStringLiteral("MovieFlow"),
                      QStringLiteral("This is not a sign-in answer."));
        return;
    }
    handleCallback(socket, QUrl::fromEncoded(QByteArrayLiteral("http://127.0.0.1") + requestLine.at(1)));
}

void OAuthSignIn::handleCallback(QTcpSocket *socket, const QUrl &target)
{
    if (m_callbackReceived || isFinished() || target.path() != QLatin1String("/")) {
        // The favicon, a second tab, or a late request: not the answer MovieFlow is waiting for.
        answerBrowser(socket, 404, QStringLiteral("MovieFlow"), QStringLiteral("Nothing here."));
        return;
    }
    const QHash<QString, QString> items = decodeQuery(target.query(QUrl::FullyEncoded).toLatin1());
    if (!items.contains(QStringLiteral("state")) && !items.contains(QStringLiteral("code"))
        && !items.contains(QStringLiteral("error"))) {
        answerBrowser(socket, 400, QStringLiteral("MovieFlow"),
                      QStringLiteral("This address only receives Google's answer to a MovieFlow sign-in."));
        return;
    }
    if (items.value(QStringLiteral("state")) != QString::fromLatin1(m_state)) {
        answerBrowser(
            socket, 400, QStringLiteral("Sign-in failed"),
            QStringLiteral("This answer does not belong to the sign-in MovieFlow started. Close this tab "
                           "and sign in again from MovieFlow."));
        finish(
            Error::google(QStringLiteral("The browser returned a sign-in answer that does not belong to the "
                                         "sign-in MovieFlow started (its state does not match), so MovieFlow "
                                         "ignored it and did not sign in; start the sign-in again.")));
        return;
    }
    const QString error = items.value(QStringLiteral("error"));
    if (error == QLatin1String("access_denied")) {
        answerBrowser(
            socket, 200, QStringLiteral("Not signed in"),
            QStringLiteral("You declined access, so MovieFlow is not signed in. You can close this tab."));
        finish(
            Error::google(QStringLiteral("You declined access on Google's consent page, so MovieFlow is not "
                                         "signed in; sign in again and allow access to read your sheets.")));
        return;
    }
    if (!error.isEmpty()) {
        answerBrowser(socket, 200, QStringLiteral("Sign-in failed"),
                      QStringLiteral("Google reported \"%1\". You can close this tab.").arg(error));
        finish(Error::google(
            QStringLiteral("Google stopped the sign-in with the error \"%1\"; check the OAuth client "
                           "in Google Cloud Console and sign in again.")
                .arg(error)));
        return;
    }
    const QString code = items.value(QStringLiteral("code"));
    if (code.isEmpty()) {
        answerBrowser(
            socket, 400, QStringLiteral("Sign-in failed"),
            QStringLiteral("Google's answer has no sign-in code. Close this tab and sign in again."));
        finish(
            Error::google(QStringLiteral("Google's answer in the browser carried no sign-in code; start the "
                                         "sign-in again.")));
        return;
    }
    m_callbackReceived = true;
    m_timeout.stop();
    stopListening(); // one-shot: nothing else may answer
    exchangeCode(socket, code);
}

void OAuthSignIn::exchangeCode(QTcpSocket *socket, const QString &code)
{
    const FormFields form {
        {QStringLiteral("code"), code},
        {QStringLiteral("client_id"), m_request.client.clientId},
        {QStringLiteral("client_secret"), m_request.client.clientSecret},
        {QStringLiteral("redirect_uri"), m_redirectUri.toString(QUrl::FullyEncoded)},
        {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
        {QStringLiteral("code_verifier"), QString::fromLatin1(m_verifier)},
    };
    const QUrl tokenUrl = m_request.endpoints.tokenUrl;
    QPointer<QTcpSocket> browser(socket);
    TokenEndpoint::post(
        *m_network, tokenUrl, form, this, [this, browser, tokenUrl](const HttpAnswer &answer) {
            Result<TokenGrant> grant = TokenEndpoint::parse(GrantType::AuthorizationCode, tokenUrl, answer,
                                                            m_request.clock->now());
            if (!grant.ok()) {
                if (browser)
                    answerBrowser(browser, 200, QStringLiteral("Sign-in failed"),
                                  grant.error().message + QStringLiteral(" You can close this tab."));
                finish(grant.error());
                return;
            }
            QStringList missing;
            const QStringList granted = grant.value().scopes;
            if (!granted.isEmpty()) {
                for (const QString &scope : m_request.requiredScopes()) {
                    if (!granted.contains(scope))
                        missing << describeScope(scope);
                }
            }
            if (!missing.isEmpty()) {
                const QString message
                    = QStringLiteral("You did not allow MovieFlow to %1 on Google's consent page, so it "
                                     "cannot read your sheets; sign in again and tick every box.")
                          .arg(missing.join(QStringLiteral(" or to ")));
                if (browser)
                    answerBrowser(browser, 200, QStringLiteral("Not signed in"),
                                  message + QStringLiteral(" You can close this tab."));
                finish(Error::google(message));
                return;
            }
            SignInResult result;
            result.grant = grant.takeValue();
            result.email = TokenEndpoint::emailFromIdToken(result.grant.idToken);
            if (browser) {
                answerBrowser(
                    browser, 200, QStringLiteral("Signed in"),
                    (result.email.isEmpty()
                         ? QStringLiteral("MovieFlow is signed in to Google.")
                         : QStringLiteral("MovieFlow is signed in to Google as %1.").arg(result.email))
                        + QStringLiteral(" You can close this tab and return to MovieFlow."));
            }
            finish(std::move(result));
        });
}

void OAuthSignIn::answerBrowser(QTcpSocket *socket, int status, const QString &title, const QString &text)
{
    const QByteArray html
        = QStringLiteral(
              "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>MovieFlow — %1</title>"
              "</head>\n<body style=\"font-family: sans-serif; margin: 3em; max-width: 40em\">"
              "<h1>%1</h1>\n<p>%2</p></body></html>\n")
              .arg(title.toHtmlEscaped(), text.toHtmlEscaped())
              .toUtf8();
    QByteArray response
        = QStringLiteral("HTTP/1.1 %1 %2\r\n").arg(status).arg(reasonPhrase(status)).toLatin1();
    response += "Content-Type: text/html; charset=utf-8\r\n";
    response += "Content-Length: " + QByteArray::number(html.size()) + "\r\n";
    response += "Cache-Control: no-store\r\nConnection: close\r\n\r\n";
    response += html;
    socket->setProperty(answeredProperty, true);
    socket->write(response);
    socket->disconnectFromHost();
}

void OAuthSignIn::finish(Result<SignInResult> result)
{
    if (m_result)
        return;
    m_timeout.stop();
    stopListening();
    m_result = std::move(result);
    Q_EMIT finished();
}

} // namespace mf::google
