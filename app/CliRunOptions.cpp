// SPDX-License-Identifier: MIT
#include "CliRunOptions.h"

#include "ColumnRoles.h"

#include <QDir>
#include <QFileInfo>

#include <cmath>

namespace mf::cli {

namespace {

Result<SourceSpec> sheetSourceFrom(const QCommandLineParser &parser)
{
    const QString reference = parser.value(QStringLiteral("sheet")).trimmed();
    if (reference.isEmpty())
        return Error::usage(QStringLiteral("--sheet needs the sheet's link, key or title."));
    const bool isPublic = parser.isSet(QStringLiteral("public"));
    const bool hasKey = parser.isSet(QStringLiteral("api-key"));
    const bool hasServiceAccount = parser.isSet(QStringLiteral("service-account"));
    if (int(isPublic) + int(hasKey) + int(hasServiceAccount) > 1)
        return Error::usage(
            QStringLiteral("Choose one way to reach the sheet: --public, --api-key KEY or "
                           "--service-account FILE (or none of them for the signed-in account)."));
    GoogleAccess access = GoogleAccess::UserAccount;
    if (isPublic)
        access = GoogleAccess::Public;
    else if (hasKey)
        access = GoogleAccess::ApiKey;
    else if (hasServiceAccount)
        access = GoogleAccess::ServiceAccount;
    SourceSpec source = SourceSpec::googleSheet(reference, access);

    if (parser.isSet(QStringLiteral("worksheet")) && parser.isSet(QStringLiteral("gid")))
        return Error::usage(
            QStringLiteral("Choose the worksheet either by name (--worksheet) or by gid (--gid), not both."));
    if (parser.isSet(QStringLiteral("worksheet"))) {
        source.worksheet = parser.value(QStringLiteral("worksheet"));
        if (source.worksheet.isEmpty())
            return Error::usage(QStringLiteral("--worksheet needs the tab's name."));
    }
    if (parser.isSet(QStringLiteral("gid"))) {
        bool ok = false;
        const qint64 gid = parser.value(QStringLiteral("gid")).toLongLong(&ok);
        if (!ok || gid < 0)
            return Error::usage(
                QStringLiteral("--gid takes the number after #gid= in the sheet's link, not \"%1\".")
                    .arg(parser.value(QStringLiteral("gid"))));
        source.gid = gid;
    }
    if (hasKey) {
        source.apiKey = parser.value(QStringLiteral("api-key")).trimmed();
        if (source.apiKey.isEmpty())
            return Error::usage(QStringLiteral("--api-key needs the key from the Google Cloud console."));
    }
    if (hasServiceAccount) {
        const QFileInfo file(parser.value(QStringLiteral("service-account")));
        if (!file.isFile())
            return Error::usage(
                QStringLiteral("The service-account key file %1 does not exist. Download the JSON key "
                               "from the Google Cloud console and give its path.")
                    .arg(QDir::toNativeSeparators(file.filePath())));
        source.serviceAccountKeyFile = file.absoluteFilePath();
    }
    return source;
}

} // namespace

void addRunOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("source"), QStringLiteral("Read the movie table from a CSV file."),
         QStringLiteral("FILE.csv")},
        {QStringLiteral("sample"), QStringLiteral("Run on the bundled sample table.")},
        {QStringLiteral("sheet"),
         QStringLiteral("Read the movie table from a Google Sheet: its link, key or title. Without --public, "
                        "--api-key or --service-account the signed-in Google account is used."),
         QStringLiteral("URL|KEY|TITLE")},
        {QStringLiteral("worksheet"),
         QStringLiteral("The sheet's tab to read, by name (default: the first)."), QStringLiteral("NAME")},
        {QStringLiteral("gid"),
         QStringLiteral("The sheet's tab to read, by gid (the number after #gid= in its link)."),
         QStringLiteral("N")},
        {QStringLiteral("public"),
         QStringLiteral(
             "Read a sheet shared with 'Anyone with the link' through its CSV export, without signing in.")},
        {QStringLiteral("api-key"),
         QStringLiteral(
             "Read a sheet shared with 'Anyone with the link' through the Sheets API with this API key."),
         QStringLiteral("KEY")},
        {QStringLiteral("service-account"),
         QStringLiteral(
             "Read the sheet as the service account of this JSON key file (share the sheet with it)."),
         QStringLiteral("FILE")},
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
    const bool hasSheet = parser.isSet(QStringLiteral("sheet"));
    if (int(hasSource) + int(hasSample) + int(hasSheet) != 1)
        return Error::usage(
            QStringLiteral("Choose one source: --source FILE.csv, --sample or --sheet URL|KEY|TITLE."));
    if (hasSheet) {
        Result<SourceSpec> sheet = sheetSourceFrom(parser);
        if (!sheet.ok())
            return sheet.error();
        settings.source = sheet.takeValue();
    } else {
        for (const char *option : {"worksheet", "gid", "public", "api-key", "service-account"}) {
            if (parser.isSet(QString::fromLatin1(option)))
                return Error::usage(
                    QStringLiteral("--%1 goes with --sheet only.").arg(QString::fromLatin1(option)));
        }
        settings.source
            = hasSample ? SourceSpec::sample() : SourceSpec::csvFile(parser.value(QStringLiteral("source")));
    }

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
