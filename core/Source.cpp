// SPDX-License-Identifier: MIT
#include "Source.h"

#include "CsvReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace mf {

QString SourceSpec::displayName() const
{
    switch (kind) {
    case Kind::Sample:
        return QStringLiteral("sample");
    case Kind::CsvFile:
        return QFileInfo(location).fileName();
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
    }
    return {};
}

QString sampleResourcePath()
{
    return QStringLiteral(":/movieflow/sample/movies_sample.csv");
}

Result<DataTable> readSource(const SourceSpec &source, const StepContext &ctx)
{
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
