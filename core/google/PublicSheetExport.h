// SPDX-License-Identifier: MIT
#pragma once

#include "DataTable.h"
#include "Error.h"
#include "GoogleEndpoints.h"
#include "GoogleHttpClient.h"
#include "SpreadsheetRef.h"
#include "StepContext.h"

#include <optional>

namespace mf::google {

/// Reading a sheet shared with "Anyone with the link" without any credentials, through the CSV
/// export of docs.google.com (which answers with a 307 to the file). A private sheet answers with a
/// redirect to Google's sign-in page (an HTML 200); that is reported, never parsed as data.
class PublicSheetExport
{
public:
    /// …/spreadsheets/d/ID/export?format=csv[&gid=N], or for a publish key
    /// …/spreadsheets/d/e/2PACX-…/pub?output=csv[&gid=N&single=true].
    static QUrl exportUrl(const GoogleEndpoints &endpoints, const SpreadsheetRef &ref,
                          std::optional<qint64> gid);

    /// The message for a sheet that is not public.
    static QString notPublicMessage();

    /// Downloads and parses the worksheet (the first one without a gid).
    static Result<DataTable> read(const GoogleEndpoints &endpoints, const SpreadsheetRef &ref,
                                  std::optional<qint64> gid, const HttpOptions &options,
                                  const StepContext &ctx);

    /// Judges a finished export answer and parses it (exposed for tests).
    static Result<DataTable> parseResponse(const HttpResponse &response, const SpreadsheetRef &ref,
                                           std::optional<qint64> gid, const StepContext &ctx);
};

} // namespace mf::google
