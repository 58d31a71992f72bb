// SPDX-License-Identifier: MIT
#include "CliRunOptions.h"

#include "ColumnRoles.h"

#include <QDir>

#include <cmath>

namespace mf::cli {

void addRunOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("source"), QStringLiteral("Read the movie table from a CSV file."),
         QStringLiteral("FILE.csv")},
        {QStringLiteral("sample"), QStringLiteral("Run on the bundled sample table.")},
        {QStringLiteral("out"),
         QStringLiteral("Folder for the results (created if missing). Default: %1.")
             .arg(QDir::toNativeSeparators(defaultOutputDir())),
         QStringLiteral("DIR")},
        {QStringLiteral("min-rating"), QStringLiteral("Keep films rated above X (default 7.0)."),
         QStringLiteral("X")},
        {QStringLiteral("inclusive"), QStringLiteral("Keep films rated X or more (>= instead of >).")},
        {QStringLiteral("top"), QStringLiteral("How many of the most popular films to list (default 10)."),
         QStringLiteral("N")},
        {QStringLiteral("dedupe"), QStringLiteral("Keep only the first row of each film id.")},
        {QStringLiteral("check"),
         QStringLiteral("Drop rows with a missing cell only in these columns (comma-separated headers; "
                        "default: all columns)."),
         QStringLiteral("HEADERS")},
        {QStringLiteral("map"),
         QStringLiteral("Use the column Header for a role (title, release_date, popularity, vote_average, "
                        "vote_count, id, overview). Repeat for several roles."),
         QStringLiteral("role=Header")},
        {QStringLiteral("name"),
         QStringLiteral("File name template; tokens {timestamp} {date} {time} {rows} {source}. "
                        "Default: processed_movies_{timestamp}."),
         QStringLiteral("TEMPLATE")},
        {QStringLiteral("no-zip"), QStringLiteral("Do not make the zip archive.")},
        {QStringLiteral("zip-only"), QStringLiteral("Keep the CSV only inside the zip archive.")},
        {QStringLiteral("bom"), QStringLiteral("Start the CSV with a UTF-8 byte order mark (for Excel).")},
        {QStringLiteral("formula-guard"),
         QStringLiteral(
             "Prefix cells starting with = + - @ with ' so spreadsheets do not run them as formulas.")},
    });
}

Result<PipelineSettings> runSettingsFrom(const QCommandLineParser &parser)
{
    PipelineSettings settings;
    const bool hasSource = parser.isSet(QStringLiteral("source"));
    const bool hasSample = parser.isSet(QStringLiteral("sample"));
    if (hasSource == hasSample)
        return Error::usage(QStringLiteral("Choose one source: --source FILE.csv or --sample."));
    settings.source
        = hasSample ? SourceSpec::sample() : SourceSpec::csvFile(parser.value(QStringLiteral("source")));

    if (parser.isSet(QStringLiteral("out")))
        settings.outputDir = QDir(parser.value(QStringLiteral("out"))).absolutePath();
    if (parser.isSet(QStringLiteral("min-rating"))) {
        bool ok = false;
        const double value = parser.value(QStringLiteral("min-rating")).toDouble(&ok);
        if (!ok || !std::isfinite(value))
            return Error::usage(QStringLiteral("--min-rating takes a number such as 7.0, not \"%1\".")
                                    .arg(parser.value(QStringLiteral("min-rating"))));
        settings.clean.minRating = value;
    }
    settings.clean.inclusive = parser.isSet(QStringLiteral("inclusive"));
    settings.clean.dedupe = parser.isSet(QStringLiteral("dedupe"));
    if (parser.isSet(QStringLiteral("top"))) {
        bool ok = false;
        const int value = parser.value(QStringLiteral("top")).toInt(&ok);
        if (!ok || value < 1 || value > 100000)
            return Error::usage(QStringLiteral("--top takes a whole number from 1 to 100000, not \"%1\".")
                                    .arg(parser.value(QStringLiteral("top"))));
        settings.topN = value;
    }
    if (parser.isSet(QStringLiteral("check"))) {
        const QStringList columns = parser.value(QStringLiteral("check")).split(QLatin1Char(','));
        for (const QString &column : columns)
            settings.clean.checkedColumns.append(column.trimmed());
    }
    for (const QString &entry : parser.values(QStringLiteral("map"))) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        Role role;
        if (eq <= 0 || !roleFromName(entry.left(eq).trimmed(), &role))
            return Error::usage(
                QStringLiteral("--map takes role=Header with a role among title, release_date, "
                               "popularity, vote_average, vote_count, id, overview; \"%1\" is "
                               "not of that form.")
                    .arg(entry));
        settings.mapping.insert(entry.left(eq).trimmed(), entry.mid(eq + 1));
    }
    if (parser.isSet(QStringLiteral("name")))
        settings.nameTemplate = parser.value(QStringLiteral("name"));
    if (parser.isSet(QStringLiteral("no-zip")) && parser.isSet(QStringLiteral("zip-only")))
        return Error::usage(
            QStringLiteral("--no-zip and --zip-only contradict each other; use one of them."));
    settings.zip = !parser.isSet(QStringLiteral("no-zip"));
    settings.keepCsv = !parser.isSet(QStringLiteral("zip-only"));
    settings.exportOptions.utf8Bom = parser.isSet(QStringLiteral("bom"));
    settings.exportOptions.formulaGuard = parser.isSet(QStringLiteral("formula-guard"));
    return settings;
}

} // namespace mf::cli
