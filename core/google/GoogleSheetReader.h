// SPDX-License-Identifier: MIT
#pragma once

#include "DataTable.h"
#include "DriveApi.h"
#include "Error.h"
#include "GoogleCredentials.h"
#include "GoogleEndpoints.h"
#include "GoogleHttpClient.h"
#include "SheetsApi.h"
#include "SpreadsheetRef.h"
#include "StepContext.h"

#include <QJsonValue>

#include <memory>

namespace mf::google {

struct SheetReadOptions
{
    HttpOptions http;
    /// Rows per values.get are sized so that one answer stays near this many bytes (Google
    /// recommends at most 2 MB). The first chunk guesses from the column count.
    qint64 targetChunkBytes = 1024 * 1024;
    int minChunkRows = 50;
    int maxChunkRows = 50000;
};

/// Reads a worksheet through the Sheets API on a worker thread: spreadsheets.get for the tabs and
/// grid size, then values.get in row chunks (never starting past rowCount), unformatted, stitched
/// back together with Google's trimming undone. Numbers become canonical text, booleans TRUE/FALSE,
/// and the table is marked so the cleaner reads serial day numbers in the date column.
/// Create, use and destroy it on one worker thread.
class GoogleSheetReader
{
public:
    GoogleSheetReader(GoogleEndpoints endpoints, std::shared_ptr<Credentials> credentials,
                      SheetReadOptions options = {});

    /// Spreadsheets named exactly `title` (Drive search; needs an account).
    Result<QList<DriveFile>> findByTitle(const QString &title, const StepContext &ctx);
    /// The key of a reference: itself, or the one spreadsheet with that title. Several matches are
    /// a Usage error listing them with their keys; none is a Google error.
    Result<QString> resolveKey(const SpreadsheetRef &ref, const StepContext &ctx);

    Result<SpreadsheetInfo> spreadsheet(const QString &key, const StepContext &ctx);
    Result<DataTable> readWorksheet(const SpreadsheetInfo &info, const WorksheetInfo &sheet,
                                    const StepContext &ctx);

    /// All of the above: resolve, list the tabs, choose one (a gid in the link counts when the
    /// selector is the default), read it.
    Result<DataTable> read(const SpreadsheetRef &ref, const WorksheetSelector &selector,
                           const StepContext &ctx);

    /// Requests sent so far by this reader (for logs and tests).
    int requestCount() const { return m_requests; }

    /// A value of an UNFORMATTED_VALUE answer as cell text: integral numbers as digits, other
    /// numbers in the shortest form that reads back the same, booleans TRUE/FALSE, strings as-is.
    static QByteArray cellText(const QJsonValue &value);

private:
    GoogleEndpoints m_endpoints;
    SheetReadOptions m_options;
    GoogleHttpClient m_http;
    SheetsApi m_sheets;
    DriveApi m_drive;
    int m_requests = 0;
};

} // namespace mf::google
