// SPDX-License-Identifier: MIT
#include "StartupOptions.h"

#include <movieflow/Version.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

namespace mf {

Result<StartupOptions> StartupOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "mf::StartupOptions",
        "MovieFlow reads a movie table, cleans and analyzes it, and archives the result."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption run(
        QStringLiteral("run"),
        QCoreApplication::translate("mf::StartupOptions",
                                    "Run the pipeline once after the source has loaded."));
    parser.addOption(run);
    const QCommandLineOption tray(
        QStringLiteral("tray"),
        QCoreApplication::translate(
            "mf::StartupOptions",
            "Start hidden in the system tray (the window shows when there is no tray)."));
    parser.addOption(tray);
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QCoreApplication::translate("mf::StartupOptions",
                                    "The CSV file to open (the bundled sample when omitted)."),
        QStringLiteral("[FILE.csv]"));

    if (!parser.parse(arguments))
        return Error::usage(
            QCoreApplication::translate("mf::StartupOptions", "%1 Run movieflow --help for the options.")
                .arg(parser.errorText().endsWith(QLatin1Char('.')) ? parser.errorText()
                                                                   : parser.errorText() + QLatin1Char('.')));

    StartupOptions options;
    if (parser.isSet(help)) {
        options.action = Action::ShowHelp;
        options.text = parser.helpText();
        return options;
    }
    if (parser.isSet(version)) {
        options.action = Action::ShowVersion;
        options.text = QStringLiteral("%1 %2\n").arg(QStringLiteral(MOVIEFLOW_NAME),
                                                     QStringLiteral(MOVIEFLOW_VERSION));
        return options;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() > 1)
        return Error::usage(QCoreApplication::translate("mf::StartupOptions",
                                                        "Only one file can be opened, but %1 were given. "
                                                        "Run movieflow --help for the options.")
                                .arg(files.size()));
    if (!files.isEmpty())
        options.source = SourceSpec::csvFile(QFileInfo(files.first()).absoluteFilePath());
    options.run = parser.isSet(run);
    options.tray = parser.isSet(tray);
    return options;
}

} // namespace mf
