// SPDX-License-Identifier: MIT
// movieflow-fake-google: the test fake of Google as a standalone server, for end-to-end runs of
// movieflow-cli and the app. Prints one JSON line with the base URL and the sheet ids on stdout.
#include "FakeGoogleServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using mf::fakegoogle::FakeGoogleServer;

namespace {

bool splitPair(const QString &text, QString *left, QString *right)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq <= 0)
        return false;
    *left = text.left(eq);
    *right = text.mid(eq + 1);
    return true;
}

int fail(const QString &message)
{
    std::fprintf(stderr, "movieflow-fake-google: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("movieflow-fake-google"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A local fake of Google Sheets, Drive and the docs.google.com CSV export, on 127.0.0.1, for tests. "
        "Point MOVIEFLOW_GOOGLE_SHEETS_URL, _DRIVE_URL and _DOCS_URL at the printed base."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("port"), QStringLiteral("Port to listen on (default 0: any free port)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("sheet"), QStringLiteral("Serve FILE.csv as a spreadsheet titled NAME (repeatable)."),
         QStringLiteral("NAME=FILE.csv")},
        {QStringLiteral("private"),
         QStringLiteral("Do not share NAME with 'Anyone with the link' (sheets are public by default)."),
         QStringLiteral("NAME")},
        {QStringLiteral("api-key"), QStringLiteral("Accept this API key (repeatable)."),
         QStringLiteral("KEY")},
        {QStringLiteral("token"), QStringLiteral("Accept this bearer token for IDENTITY (repeatable)."),
         QStringLiteral("TOKEN=IDENTITY")},
        {QStringLiteral("share"), QStringLiteral("Share NAME with IDENTITY (repeatable)."),
         QStringLiteral("NAME=IDENTITY")},
    });
    parser.process(app);

    FakeGoogleServer server;
    QJsonObject sheets;
    QHash<QString, QString> ids;
    for (const QString &entry : parser.values(QStringLiteral("sheet"))) {
        QString name, file;
        if (!splitPair(entry, &name, &file))
            return fail(QStringLiteral("--sheet takes NAME=FILE.csv, not \"%1\".").arg(entry));
        QString error;
        const QString id = server.addCsvSpreadsheet(name, file, &error);
        if (id.isEmpty())
            return fail(error);
        server.setAnyoneWithLink(id, !parser.values(QStringLiteral("private")).contains(name));
        ids.insert(name, id);
        sheets.insert(name, id);
    }
    for (const QString &key : parser.values(QStringLiteral("api-key")))
        server.addApiKey(key);
    for (const QString &entry : parser.values(QStringLiteral("token"))) {
        QString token, identity;
        if (!splitPair(entry, &token, &identity))
            return fail(QStringLiteral("--token takes TOKEN=IDENTITY."));
        server.addToken(token, identity);
    }
    for (const QString &entry : parser.values(QStringLiteral("share"))) {
        QString name, identity;
        if (!splitPair(entry, &name, &identity) || !ids.contains(name))
            return fail(QStringLiteral("--share takes NAME=IDENTITY for a NAME given with --sheet."));
        server.share(ids.value(name), identity);
    }
    bool ok = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
    if (!ok || port > 65535)
        return fail(QStringLiteral("--port takes a number from 0 to 65535."));
    if (!server.start(quint16(port)))
        return fail(QStringLiteral("cannot listen on 127.0.0.1:%1.").arg(port));

    const QJsonObject ready {{QStringLiteral("base"), server.baseUrl().toString()},
                             {QStringLiteral("port"), int(server.port())},
                             {QStringLiteral("sheets"), sheets}};
    std::fputs(QJsonDocument(ready).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
    std::fflush(stdout);
    return app.exec();
}
