// SPDX-License-Identifier: MIT
// movieflow-cli: the headless entry point. Logs go to stderr; results (or --json) to stdout.
#include "CliAuth.h"
#include "CliFlow.h"
#include "CliRunOptions.h"
#include "Pipeline.h"
#include "google/GoogleAccount.h"
#include "google/GoogleSheetSource.h"

#include <movieflow/Version.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <cstdio>

namespace {

mf::CancelToken g_cancel;

extern "C" void onInterrupt(int)
{
    // Only an atomic store: safe in a signal handler. A second Ctrl+C ends the process at once.
    g_cancel.cancel();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

void out(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
}

void err(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stderr);
}

QString generalHelp()
{
    return QStringLiteral(
        "Usage: movieflow-cli COMMAND [options]\n"
        "\n"
        "Reads a movie table, keeps the well-rated films, analyzes them and saves the results as\n"
        "a timestamped CSV, analysis files and a zip archive in the folder you choose.\n"
        "\n"
        "Commands:\n"
        "  run       Run the movie flow once (movieflow-cli run --help for its options).\n"
        "  serve     Run it on a schedule: --every 1h, --daily 08:00, --weekly mon,fri@08:00.\n"
        "  runs      The run history: list, show ID, resume ID, prune (movieflow-cli runs --help).\n"
        "  auth      Sign in to Google, show who is signed in, sign out (movieflow-cli auth --help).\n"
        "\n"
        "Options:\n"
        "  -h, --help     Show this help.\n"
        "  -v, --version  Show the version.\n"
        "\n"
        "Exit codes: 0 done, 2 usage, 3 input, 4 Google/network, 5 output, 130 cancelled.\n");
}

void printJson(const QJsonObject &object)
{
    out(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
}

int usageError(const QString &message, bool json)
{
    err(QStringLiteral("movieflow-cli: %1\n").arg(message));
    if (json) {
        printJson({{QStringLiteral("status"), QStringLiteral("failed")},
                   {QStringLiteral("error"),
                    QJsonObject {{QStringLiteral("kind"), QStringLiteral("usage")},
                                 {QStringLiteral("message"), message}}}});
    }
    return mf::exitCodeFor(mf::ErrorKind::Usage);
}

void printHumanResult(const mf::PipelineRun &run)
{
    const mf::CleanCounts &c = run.cleaned->counts;
    QString text;
    text += QStringLiteral("Kept %1 of %2 rows (dropped: %3 missing, %4 invalid, %5 by the rating filter")
                .arg(c.kept)
                .arg(c.read)
                .arg(c.droppedMissing)
                .arg(c.droppedInvalidTotal())
                .arg(c.droppedFilter);
    if (c.droppedDuplicates > 0)
        text += QStringLiteral(", %1 duplicates").arg(c.droppedDuplicates);
    text += QStringLiteral(").\n\nTop %1 by popularity:\n").arg(run.analysis->top.size());
    int rank = 0;
    for (const mf::TopMovie &movie : run.analysis->top) {
        text += QStringLiteral("%1. %2 (%3) popularity %4, rating %5\n")
                    .arg(++rank, 2)
                    .arg(movie.title)
                    .arg(movie.releaseDate.isValid() ? QString::number(movie.releaseDate.year())
                                                     : QStringLiteral("?"))
                    .arg(movie.popularity, 0, 'f', 3)
                    .arg(movie.voteAverage, 0, 'f', 2);
    }
    text += QStringLiteral("\nAverage rating of the top %1: %2\nAverage rating of all kept films: %3\n"
                           "Mean popularity: %4\n")
                .arg(run.analysis->top.size())
                .arg(run.analysis->avgRatingTop, 0, 'f', 4)
                .arg(run.analysis->avgRatingAll, 0, 'f', 4)
                .arg(run.analysis->meanPopularity, 0, 'f', 4);
    text += QStringLiteral("\nResults in %1:\n").arg(QDir::toNativeSeparators(run.outputs.outputDir));
    for (const QString &file : run.outputs.files)
        text += QStringLiteral("  %1\n").arg(QDir::toNativeSeparators(file));
    out(text);
}

int runCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run the movie flow once: read, clean, analyze, export, "
                                                    "rename, move and zip."));
    parser.addHelpOption();
    mf::cli::addRunOptions(parser);
    parser.addOptions({
        {QStringLiteral("json"), QStringLiteral("Print the result as one JSON object on stdout.")},
        {QStringLiteral("quiet"), QStringLiteral("Print no log lines on stderr.")},
    });
    const bool json = arguments.contains(QStringLiteral("--json"));
    if (!parser.parse(arguments))
        return usageError(parser.errorText() + QStringLiteral(". See movieflow-cli run --help."), json);
    if (parser.isSet(QStringLiteral("help"))) {
        out(parser.helpText().replace(QStringLiteral("[options]"), QStringLiteral("run [options]")));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument \"%1\"; give the file with --source FILE.csv.")
                              .arg(parser.positionalArguments().constFirst()),
                          json);
    mf::Result<mf::PipelineSettings> settings = mf::cli::runSettingsFrom(parser);
    if (!settings.ok())
        return usageError(settings.error().message, json);

    // The run reads the sheet on this (main) thread, where the keychain may be asked for the account.
    mf::google::setAccountCredentialProviders({[] { return mf::google::signedInCredentials(); }, {}});

    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);

    // The run goes through the flow engine, so it is recorded in the history (trigger "manual").
    const mf::cli::RecordedRun recorded = mf::cli::runAndRecord(settings.value(), g_cancel, quiet);
    const mf::PipelineRun &run = *recorded.run;

    if (run.error.isError()) {
        err(QStringLiteral("movieflow-cli: %1 failed: %2\n")
                .arg(mf::stageName(run.failedStage), run.error.message));
    }
    if (json) {
        QJsonObject object = run.toJson();
        if (recorded.runId > 0)
            object.insert(QStringLiteral("run_id"), recorded.runId);
        printJson(object);
    } else if (!run.error.isError())
        printHumanResult(run);
    return mf::exitCodeFor(run.error.kind);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("MovieFlow"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MOVIEFLOW_VERSION));

    QStringList arguments = QCoreApplication::arguments();
    const QString program = arguments.isEmpty() ? QStringLiteral("movieflow-cli") : arguments.takeFirst();
    if (arguments.isEmpty()) {
        err(generalHelp());
        return mf::exitCodeFor(mf::ErrorKind::Usage);
    }
    const QString command = arguments.constFirst();
    if (command == QLatin1String("--help") || command == QLatin1String("-h")
        || command == QLatin1String("help")) {
        out(generalHelp());
        return 0;
    }
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        out(QStringLiteral("movieflow-cli %1 (Qt %2)\n")
                .arg(QStringLiteral(MOVIEFLOW_VERSION), QString::fromLatin1(qVersion())));
        return 0;
    }
    if (command == QLatin1String("auth")) {
        arguments.replace(0, program);
        return mf::cli::authCommand(arguments);
    }
    if (command == QLatin1String("run")) {
        arguments.replace(0, program);
        return runCommand(arguments);
    }
    if (command == QLatin1String("serve") || command == QLatin1String("runs")) {
        arguments.replace(0, program);
        return command == QLatin1String("serve") ? mf::cli::serveCommand(arguments)
                                                 : mf::cli::runsCommand(arguments);
    }
    err(QStringLiteral("movieflow-cli: unknown command \"%1\".\n\n").arg(command) + generalHelp());
    return mf::exitCodeFor(mf::ErrorKind::Usage);
}
