// SPDX-License-Identifier: MIT
#pragma once

#include "DataTable.h"
#include "Error.h"
#include "StepContext.h"

#include <QString>

#include <optional>

namespace mf {

/// How a Google Sheet is reached.
enum class GoogleAccess {
    UserAccount, ///< the signed-in Google account (OAuth)
    Public, ///< no credentials: the CSV export of a sheet shared with "Anyone with the link"
    ApiKey, ///< an API key, for public sheets through the Sheets API
    ServiceAccount, ///< a service-account key file
};

/// Where the movie table comes from.
struct SourceSpec
{
    enum class Kind { CsvFile, Sample, GoogleSheet };

    Kind kind = Kind::Sample;
    QString location; ///< file path for CsvFile; what the user pasted (link, key or title) for GoogleSheet

    // GoogleSheet only. The worksheet: by name, else by gid (else a gid in the link), else by index,
    // else the first visible one.
    QString worksheet;
    std::optional<qint64> gid;
    std::optional<int> worksheetIndex;
    GoogleAccess access = GoogleAccess::UserAccount;
    QString apiKey; ///< a secret: never written to settings, history, logs or summaries
    QString serviceAccountKeyFile; ///< path of the service account's JSON key file

    static SourceSpec csvFile(const QString &path);
    static SourceSpec sample();
    static SourceSpec googleSheet(const QString &reference, GoogleAccess access = GoogleAccess::UserAccount);

    /// True when reading it needs the network (a Google Sheet).
    bool needsNetwork() const { return kind == Kind::GoogleSheet; }

    /// Short name for messages, file names ({source}) and the summary: "movie.csv", "sample", the
    /// sheet's title or "google-sheet".
    QString displayName() const;
    /// A string that identifies the source, for the manifest and history. Never holds a secret.
    QString describe() const;
};

/// The resource path of the bundled sample CSV.
QString sampleResourcePath();

/// Reads the whole source into a table.
Result<DataTable> readSource(const SourceSpec &source, const StepContext &ctx = {});

} // namespace mf
