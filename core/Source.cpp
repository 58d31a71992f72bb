// SPDX-License-Identifier: MIT
#include "Source.h"

#include "CsvReader.h"
#include "google/GoogleSheetSource.h"
#include "google/SpreadsheetRef.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace mf {

SourceSpec SourceSpec::csvFile(const QString &path)
{
    SourceSpec spec;
    spec.kind = Kind::CsvFile;
    spec.location = path;
    return spec;
}

SourceSpec SourceSpec::sample()
{
    return {};
}

SourceSpec SourceSpec::googleSheet(const QString &reference, GoogleAccess access)
{
    SourceSpec spec;
    spec.kind = Kind::GoogleSheet;
    spec.location = reference.trimmed();
    spec.access = access;
    return spec;
}

QString SourceSpec::displayName() const
{
    switch (kind) {
    case Kind::Sample:
        return QStringLiteral("sample");
    case Kind::CsvFile:
        return QFileInfo(location).fileName();
    case Kind::GoogleSheet: {
        const Result<google::SpreadsheetRef> ref = google::SpreadsheetRef::parse(location);
        if (ref.ok() && ref.value().kind == google::SpreadsheetRef::Kind::Title)
            return ref.value().title;
        return worksheet.isEmpty() ? QStringLiteral("google-sheet") : worksheet;
    }
    }
    return {};
}

QString SourceSpec::describe() const
{
    switch (kind) {
    case Kind::Sample:
        return QStringLiteral("bundled sample");
    case Kind::CsvFile:
        return QFileInfo(location).absoluteFilePath();
    case Kind::GoogleSheet: {
        const Result<google::SpreadsheetRef> ref = google::SpreadsheetRef::parse(location);
        QString text = ref.ok() ? ref.value().describe() : QStringLiteral("a Google Sheet");
        if (!worksheet.isEmpty())
            text += QStringLiteral(", worksheet \"%1\"").arg(worksheet);
        else if (gid)
            text += QStringLiteral(", gid %1").arg(*gid);
        else if (worksheetIndex)
            text += QStringLiteral(", worksheet number %1").arg(*worksheetIndex + 1);
        switch (access) {
        case GoogleAccess::UserAccount:
            return text + QStringLiteral(" (signed-in account)");
        case GoogleAccess::Public:
            return text + QStringLiteral(" (public link)");
        case GoogleAccess::ApiKey:
            return text + QStringLiteral(" (API key)");
        case GoogleAccess::ServiceAccount:
            return text + QStringLiteral(" (service account)");
        }
        return text;
    }
    }
    return {};
}

QString sampleResourcePath()
{
    return QStringLiteral(":/movieflow/sample/movies_sample.csv");
}

Result<DataTable> readSource(const SourceSpec &source, const StepContext &ctx)
{
    if (source.kind == SourceSpec::Kind::GoogleSheet)
        return google::readGoogleSheet(source, ctx);
    const QString path = source.kind == SourceSpec::Kind::Sample ? sampleResourcePath() : source.location;
    if (source.kind == SourceSpec::Kind::CsvFile) {
        const QFileInfo info(path);
        if (path.isEmpty())
            return Error::usage(QStringLiteral("No CSV file was given. Choose a file to read."));
        if (!info.exists())
            return Error::input(QStringLiteral("The file %1 does not exist. Check the path and try again.")
                                    .arg(QDir::toNativeSeparators(path)));
        if (info.isDir())
            return Error::input(QStringLiteral("%1 is a folder, not a CSV file. Choose a CSV file.")
                                    .arg(QDir::toNativeSeparators(path)));
    }
    Result<DataTable> result = CsvReader::readFile(path, ctx);
    if (result.ok())
        result.value().setSourceName(source.displayName());
    return result;
}

} // namespace mf
