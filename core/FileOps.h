// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Exporter.h"
#include "StepContext.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace mf {

struct NameTokens
{
    QDateTime timestamp; ///< local time of the run's start
    qint64 rows = 0;     ///< rows kept
    QString source;      ///< source name without extension
};

/// The default template: processed_movies_{timestamp}.
QString defaultNameTemplate();

/// Expands {timestamp} (yyyy-MM-dd_HHmmss), {date} (yyyy-MM-dd), {time} (HHmmss), {rows} and {source}.
/// The result is one safe file name stem: path separators, "..", control characters and characters
/// that are invalid on Windows are replaced; an unknown {token} or an empty result is a Usage error.
Result<QString> expandNameTemplate(const QString &templ, const NameTokens &tokens);

/// Moves a file: a rename when possible; across file systems a copy to a temporary name in the target
/// folder, a size and SHA-256 check, a rename into place, then removal of the original.
/// Never overwrites `to`; fails with an Output error instead.
Error moveFile(const QString &from, const QString &to);

/// SHA-256 of a file as lowercase hex, or an empty string when it cannot be read.
QString sha256OfFile(const QString &path);

struct FileOpsOptions
{
    QString outputDir;    ///< created if missing
    bool zip = true;
    bool keepCsv = true;  ///< keep the unzipped CSV beside the zip
};

struct FinalOutputs
{
    QString outputDir;
    QString baseName; ///< after collision suffixes, e.g. processed_movies_2024-06-01_080000-1
    QString csv;      ///< empty when not kept
    QString zip;      ///< empty when zipping is off
    QStringList files; ///< every file placed in outputDir
};

/// The file operations after an export: rename the staged files to `baseName` (the CSV becomes
/// <base>.csv; the analysis files <base>_top.csv, <base>_movies_per_year.csv,
/// <base>_titles_by_release_date.csv, <base>_summary.json), zip them into <base>.zip with QuaZip
/// (inside the zip under their plain names: <base>.csv, top.csv, …, summary.json, plus manifest.json
/// holding `manifestInfo` and the SHA-256 of each file), verify the zip by reading it back, then
/// move everything into the output folder. If any name is taken there, a -1, -2 … suffix is added to
/// the base name for all files. On failure, files already moved by this call are removed again and
/// nothing that existed before is touched.
Result<FinalOutputs> finalizeOutputs(const ExportedFiles &staged, const QString &baseName,
                                     const QJsonObject &manifestInfo, const FileOpsOptions &options,
                                     const StepContext &ctx = {});

} // namespace mf
