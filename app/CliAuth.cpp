// SPDX-License-Identifier: MIT
#include "CliAuth.h"

#include "google/GoogleAccount.h"
#include "google/GoogleScopes.h"

#include <QCommandLineParser>
#include <QDir>
#include <QProcess>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace mf::cli {

namespace {

using google::AccountStatus;
using google::GoogleAccount;

std::atomic_bool g_interrupted {false};

extern "C" void onAuthInterrupt(int)
{
    g_interrupted.store(true);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

void out(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout); // the sign-in address must show before the command starts waiting
}

void err(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stderr);
}

int fail(const Error &error)
{
    err(QStringLiteral("movieflow-cli: %1\n").arg(error.message));
    return exitCodeFor(error.kind);
}

int usage(const QString &message)
{
    err(QStringLiteral("movieflow-cli: %1 See movieflow-cli auth --help.\n").arg(message));
    return exitCodeFor(ErrorKind::Usage);
}

QString scopeList(const QStringList &scopes)
{
    QStringList names;
    for (const QString &scope : scopes)
        names << google::GoogleScopes::shortName(scope);
    return names.join(QStringLiteral(", "));
}

bool canOpenBrowser()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

bool openInBrowser(const QUrl &url)
{
#if defined(Q_OS_MACOS)
    return QProcess::startDetached(QStringLiteral("open"), {url.toString(QUrl::FullyEncoded)});
#elif defined(Q_OS_WIN)
    return QProcess::startDetached(
        QStringLiteral("rundll32"),
        {QStringLiteral("url.dll,FileProtocolHandler"), url.toString(QUrl::FullyEncoded)});
#else
    return QProcess::startDetached(QStringLiteral("xdg-open"), {url.toString(QUrl::FullyEncoded)});
#endif
}

int login(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sign in to Google through the browser."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("oauth-client"),
         QStringLiteral("The credentials.json of your \"Desktop app\" OAuth client (needed the first time)."),
         QStringLiteral("FILE")},
        {QStringLiteral("no-browser"),
         QStringLiteral("Do not start a browser; only print the address to open.")},
        {QStringLiteral("by-title"),
         QStringLiteral("Also allow opening sheets by title (adds read access to Drive file names).")},
        {QStringLiteral("timeout"), QStringLiteral("How long to wait for the browser (default 300)."),
         QStringLiteral("SECONDS"), QStringLiteral("300")},
    });
    if (!parser.parse(arguments))
        return usage(parser.errorText() + QLatin1Char('.'));
    if (parser.isSet(QStringLiteral("help"))) {
        out(parser.helpText().replace(QStringLiteral("[options]"), QStringLiteral("auth login [options]")));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(
            QStringLiteral("unexpected argument \"%1\".").arg(parser.positionalArguments().constFirst()));
    bool timeoutOk = false;
    const int timeout = parser.value(QStringLiteral("timeout")).toInt(&timeoutOk);
    if (!timeoutOk || timeout < 1 || timeout > 3600)
        return usage(QStringLiteral("--timeout takes a number of seconds from 1 to 3600."));

    google::SignInOptions options;
    if (parser.isSet(QStringLiteral("oauth-client"))) {
        Result<google::OAuthClient> client
            = google::OAuthClient::fromFile(parser.value(QStringLiteral("oauth-client")));
        if (!client.ok())
            return fail(client.error());
        options.client = client.takeValue();
    }
    options.openByTitle = parser.isSet(QStringLiteral("by-title"));
    options.timeoutSeconds = timeout;
    const bool startBrowser = !parser.isSet(QStringLiteral("no-browser")) && canOpenBrowser();
    options.openUrl = [startBrowser, timeout](const QUrl &url) {
        out(QStringLiteral(
                "Open this address in a browser on this computer to sign in to Google:\n\n  %1\n\n")
                .arg(url.toString(QUrl::FullyEncoded)));
        if (startBrowser && !openInBrowser(url))
            err(QStringLiteral(
                "movieflow-cli: could not start a browser; open the address above yourself.\n"));
        err(QStringLiteral("Waiting up to %1 s for Google's answer (Ctrl+C cancels)…\n").arg(timeout));
    };

    GoogleAccount account;
    // movieflow-cli ends after signing in, so a sign-in it cannot keep in the keychain would be lost at once:
    // say so before the user goes through the browser.
    const google::SecretStore::Outcome keychain = account.store().probeAndWait();
    if (!keychain.problem.isEmpty()) {
        return fail(
            Error::google(QStringLiteral("No keychain is available (%1), and movieflow-cli could not keep a "
                                         "Google sign-in after it exits, so it did not start one. Start a "
                                         "Secret Service (GNOME Keyring or KWallet) and sign in again, or "
                                         "use --service-account FILE for unattended runs.")
                              .arg(keychain.keychainError)));
    }
    g_interrupted.store(false);
    std::signal(SIGINT, onAuthInterrupt);
    std::signal(SIGTERM, onAuthInterrupt);
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &account, [&account] {
        if (g_interrupted.load())
            account.cancelSignIn();
    });
    interruptPoll.start(200);
    Result<AccountStatus> signedIn = GoogleAccount::wait<AccountStatus>(
        [&](GoogleAccount::Done<AccountStatus> done) { account.signIn(options, std::move(done)); });
    interruptPoll.stop();
    if (!signedIn.ok())
        return fail(signedIn.error());

    const AccountStatus &status = signedIn.value();
    const QString who = status.email.isEmpty() ? QStringLiteral("your Google account") : status.email;
    if (status.location != google::SecretStore::Location::Keychain) {
        // movieflow-cli ends now, and with it the only copy: do not leave a live token behind at Google.
        GoogleAccount::wait<QString>(
            [&](GoogleAccount::Done<QString> done) { account.signOut(std::move(done)); });
        return fail(
            Error::google(QStringLiteral("Signed in as %1, but the sign-in cannot be kept: %2 movieflow-cli "
                                         "ends now, so the sign-in was revoked again. Start a Secret Service "
                                         "(GNOME Keyring or KWallet) and sign in again, or use "
                                         "--service-account FILE for unattended runs.")
                              .arg(who, status.storageProblem)));
    }
    out(QStringLiteral(
            "Signed in to Google as %1 (read-only: %2).\nThe refresh token is kept in %3; the access "
            "token only in memory.\n")
            .arg(who, scopeList(status.scopes), status.storageDescription()));
    return 0;
}

int status(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show who is signed in to Google and where the token is kept."));
    parser.addHelpOption();
    if (!parser.parse(arguments))
        return usage(parser.errorText() + QLatin1Char('.'));
    if (parser.isSet(QStringLiteral("help"))) {
        out(parser.helpText().replace(QStringLiteral("[options]"), QStringLiteral("auth status")));
        return 0;
    }
    GoogleAccount account;
    const AccountStatus status
        = GoogleAccount::wait<AccountStatus>([&](GoogleAccount::Done<AccountStatus> done) {
              account.status(std::move(done));
          }).value();
    const QString settings = QDir::toNativeSeparators(account.settingsFile());
    if (status.clientId.isEmpty()) {
        out(QStringLiteral(
            "Not signed in to Google, and no OAuth client is imported.\nSign in with: movieflow-cli "
            "auth login --oauth-client credentials.json\n"));
        return exitCodeFor(ErrorKind::Google);
    }
    if (!status.signedIn) {
        out(QStringLiteral(
                "Not signed in to Google (OAuth client %1).\nSign in with: movieflow-cli auth login\n")
                .arg(status.clientId));
        if (!status.storageProblem.isEmpty())
            err(QStringLiteral("movieflow-cli: %1\n").arg(status.storageProblem));
        return exitCodeFor(ErrorKind::Google);
    }
    out(QStringLiteral("Signed in to Google as %1.\n"
                       "OAuth client: %2\n"
                       "Permissions (read-only): %3\n"
                       "Refresh token: kept in %4; the access token is only ever kept in memory.\n"
                       "Settings (no secrets): %5\n")
            .arg(status.email.isEmpty() ? QStringLiteral("an account that did not share its e-mail address")
                                        : status.email,
                 status.clientId, scopeList(status.scopes), status.storageDescription(), settings));
    if (!status.storageProblem.isEmpty())
        err(QStringLiteral("movieflow-cli: %1\n").arg(status.storageProblem));
    return 0;
}

int logout(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Revoke MovieFlow's access at Google and delete the token from the keychain."));
    parser.addHelpOption();
    if (!parser.parse(arguments))
        return usage(parser.errorText() + QLatin1Char('.'));
    if (parser.isSet(QStringLiteral("help"))) {
        out(parser.helpText().replace(QStringLiteral("[options]"), QStringLiteral("auth logout")));
        return 0;
    }
    GoogleAccount account;
    const Result<QString> signedOut = GoogleAccount::wait<QString>(
        [&](GoogleAccount::Done<QString> done) { account.signOut(std::move(done)); });
    if (!signedOut.ok())
        return fail(signedOut.error());
    out(signedOut.value() + QLatin1Char('\n'));
    return 0;
}

} // namespace

QString authHelp()
{
    return QStringLiteral(
        "Usage: movieflow-cli auth COMMAND [options]\n"
        "\n"
        "Signs in to Google so that `movieflow-cli run --sheet` can read your private sheets. MovieFlow asks "
        "for\n"
        "read-only access only. The refresh token is kept in the system keychain (Secret Service, service\n"
        "\"MovieFlow\"), the access token only in memory; nothing secret is written to a file.\n"
        "\n"
        "Commands:\n"
        "  login    Sign in through the browser:\n"
        "             --oauth-client FILE  the credentials.json of your \"Desktop app\" OAuth client\n"
        "                                  (needed the first time)\n"
        "             --no-browser         only print the address to open in a browser on this computer\n"
        "             --by-title           also allow opening sheets by title (Drive file names, read-only)\n"
        "             --timeout SECONDS    how long to wait for the browser (default 300)\n"
        "  status   Show who is signed in and where the token is kept (exit code 4 when nobody is).\n"
        "  logout   Revoke MovieFlow's access at Google and delete the token from the keychain.\n"
        "\n"
        "Endpoints can be redirected with MOVIEFLOW_GOOGLE_AUTH_URL, MOVIEFLOW_GOOGLE_TOKEN_URL and\n"
        "MOVIEFLOW_GOOGLE_REVOKE_URL (tests, proxies). Failures exit with code 4.\n");
}

int authCommand(const QStringList &arguments)
{
    if (arguments.size() < 2) {
        err(authHelp());
        return exitCodeFor(ErrorKind::Usage);
    }
    const QString command = arguments.at(1);
    if (command == QLatin1String("--help") || command == QLatin1String("-h")
        || command == QLatin1String("help")) {
        out(authHelp());
        return 0;
    }
    QStringList rest = arguments.mid(2);
    rest.prepend(arguments.constFirst());
    if (command == QLatin1String("login"))
        return login(rest);
    if (command == QLatin1String("status"))
        return status(rest);
    if (command == QLatin1String("logout"))
        return logout(rest);
    return usage(QStringLiteral("unknown auth command \"%1\"; use login, status or logout.").arg(command));
}

} // namespace mf::cli
