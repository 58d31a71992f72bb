// SPDX-License-Identifier: MIT
#pragma once

#include "DataTable.h"
#include "Error.h"
#include "StepContext.h"

#include <QString>

namespace mf {

/// Where the movie table comes from. Google sources are added by the Google Sheets work.
struct SourceSpec
{
    enum class Kind { CsvFile, Sample };

    Kind kind = Kind::Sample;
    QString location; ///< file path for CsvFile

    static SourceSpec csvFile(const QString &path) { return {Kind::CsvFile, path}; }
    static SourceSpec sample() { return {Kind::Sample, {}}; }

    /// Short name for messages, file names ({source}) and the summary: "movie.csv", "sample".
    QString displayName() const;
    /// A string that identifies the source, for the manifest and history.
    QString describe() const;
};

/// The resource path of the bundled sample CSV.
QString sampleResourcePath();

/// Reads the whole source into a table.
Result<DataTable> readSource(const SourceSpec &source, const StepContext &ctx = {});

} // namespace mf
