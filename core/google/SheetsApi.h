// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "GoogleEndpoints.h"
#include "StepContext.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mf::google {

class GoogleHttpClient;

/// One tab of a spreadsheet, from spreadsheets.get.
struct WorksheetInfo
{
    qint64 sheetId = 0; ///< what links call gid
    QString title;
    int index = 0;
    QString sheetType; ///< "GRID", or "OBJECT" for a chart sheet (no cells)
    bool hidden = false;
    int rowCount = 0;
    int columnCount = 0;

    bool isGrid() const { return sheetType.isEmpty() || sheetType == QLatin1String("GRID"); }
};

struct SpreadsheetInfo
{
    QString id;
    QString title;
    QList<WorksheetInfo> sheets; ///< in tab order (index)

    /// "movie (8581 rows), Sheet2 (hidden), Chart1 (chart)" for messages.
    QString describeSheets() const;
};

/// A values.get answer: the echoed range (do not compare it with the request) and the rows,
/// with Google's trimming (trailing empty rows and cells left out; `values` missing when empty).
struct ValueRange
{
    QString range;
    QJsonArray values;
};

/// Which worksheet to read: by name, gid or index; by default the first visible grid sheet.
struct WorksheetSelector
{
    QString name;
    std::optional<qint64> gid;
    std::optional<int> index;

    bool isDefault() const { return name.isEmpty() && !gid && !index; }
    QString describe() const;
};

/// The Sheets API v4 reads MovieFlow needs: spreadsheets.get with a field mask, values.get and
/// values:batchGet, always UNFORMATTED_VALUE with SERIAL_NUMBER dates.
class SheetsApi
{
public:
    SheetsApi(GoogleHttpClient &http, GoogleEndpoints endpoints);

    /// The `fields` mask of spreadsheets.get: the title and each tab's id, title, index, type,
    /// hidden flag and grid size. No spaces after commas (Google rejects them).
    static QString metadataFields();

    QUrl metadataUrl(const QString &spreadsheetId) const;
    QUrl valuesUrl(const QString &spreadsheetId, const QString &range) const;
    QUrl batchGetUrl(const QString &spreadsheetId, const QStringList &ranges) const;

    Result<SpreadsheetInfo> spreadsheet(const QString &spreadsheetId, const StepContext &ctx);
    Result<ValueRange> values(const QString &spreadsheetId, const QString &range, const StepContext &ctx,
                              qint64 *bytes = nullptr);
    /// One request, ranges answered in request order.
    Result<QList<ValueRange>> batchValues(const QString &spreadsheetId, const QStringList &ranges,
                                          const StepContext &ctx, qint64 *bytes = nullptr);

    /// Picks the worksheet; a missing one, or a chart sheet, is an error naming the tabs there are.
    static Result<WorksheetInfo> selectWorksheet(const SpreadsheetInfo &info,
                                                 const WorksheetSelector &selector);

    static Result<SpreadsheetInfo> parseSpreadsheet(const QByteArray &json);

private:
    static QString valueQuery();

    GoogleHttpClient &m_http;
    GoogleEndpoints m_endpoints;
};

} // namespace mf::google
