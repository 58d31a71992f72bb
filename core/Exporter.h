// SPDX-License-Identifier: MIT
#pragma once

#include "Analysis.h"
#include "Cleaner.h"
#include "Error.h"
#include "StepContext.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

class QIODevice;

namespace mf {

struct ExportOptions
{
    bool utf8Bom = false;      ///< for Excel
    bool formulaGuard = false; ///< prefix cells starting with = + - @ with '
};

/// The files one export wrote (absolute paths), all in the same folder.
struct ExportedFiles
{
    QString csv;                 ///< the cleaned rows
    QString top;                 ///< top.csv
    QString moviesPerYear;       ///< movies_per_year.csv
    QString titlesByReleaseDate; ///< titles_by_release_date.csv
    QString summary;             ///< summary.json

    QStringList all() const { return {csv, top, moviesPerYear, titlesByReleaseDate, summary}; }
};

/// Writes the cleaned rows as CSV: every source column in source order under the source headers,
/// rows in source order, converted columns in canonical form (see values::format*), other cells as read.
bool writeCleanedCsv(QIODevice &device, const CleanedData &data, const ExportOptions &options,
                     const StepContext &ctx = {});

/// Writes `csvFileName` plus top.csv, movies_per_year.csv, titles_by_release_date.csv and summary.json
/// (the given object, indented) into `folder`. Every file goes through QSaveFile, so a failure or a
/// cancel leaves no partial file and removes the files this call already wrote. Errors are Output
/// errors that name the file and say what to do (disk full, folder not writable).
Result<ExportedFiles> exportResults(const CleanedData &data, const Analysis &analysis, const QJsonObject &summary,
                                    const QString &folder, const QString &csvFileName,
                                    const ExportOptions &options, const StepContext &ctx = {});

} // namespace mf
