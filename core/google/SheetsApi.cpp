// SPDX-License-Identifier: MIT
#include "SheetsApi.h"

#include "A1Notation.h"
#include "GoogleHttpClient.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace mf::google {

namespace {

QString what(const QString &spreadsheetId)
{
    return QStringLiteral("the spreadsheet %1").arg(spreadsheetId);
}

Error malformed(const QString &spreadsheetId)
{
    return Error::google(
        QStringLiteral("Google's answer for %1 was not in the expected form. Try again; if it "
                       "persists, the address set in MOVIEFLOW_GOOGLE_SHEETS_URL may not be "
                       "Google's Sheets API.")
            .arg(what(spreadsheetId)));
}

ValueRange parseValueRange(const QJsonObject &object)
{
    return {object.value(QStringLiteral("range")).toString(),
            object.value(QStringLiteral("values")).toArray()};
}

} // namespace

QString SpreadsheetInfo::describeSheets() const
{
    QStringList parts;
    for (const WorksheetInfo &sheet : sheets) {
        QString text = QStringLiteral("\"%1\" (gid %2").arg(sheet.title).arg(sheet.sheetId);
        if (!sheet.isGrid())
            text += QStringLiteral(", chart");
        if (sheet.hidden)
            text += QStringLiteral(", hidden");
        parts.append(text + QLatin1Char(')'));
    }
    return parts.join(QStringLiteral(", "));
}

QString WorksheetSelector::describe() const
{
    if (!name.isEmpty())
        return QStringLiteral("the worksheet \"%1\"").arg(name);
    if (gid)
        return QStringLiteral("the worksheet with gid %1").arg(*gid);
    if (index)
        return QStringLiteral("worksheet number %1").arg(*index + 1);
    return QStringLiteral("the first worksheet");
}

SheetsApi::SheetsApi(GoogleHttpClient &http, GoogleEndpoints endpoints)
    : m_http(http), m_endpoints(std::move(endpoints))
{ }

QString SheetsApi::metadataFields()
{
    return QStringLiteral(
        "spreadsheetId,properties.title,"
        "sheets.properties(sheetId,title,index,sheetType,hidden,gridProperties(rowCount,columnCount))");
}

QString SheetsApi::valueQuery()
{
    return a1::buildQuery({{QStringLiteral("majorDimension"), QStringLiteral("ROWS")},
                           {QStringLiteral("valueRenderOption"), QStringLiteral("UNFORMATTED_VALUE")},
                           {QStringLiteral("dateTimeRenderOption"), QStringLiteral("SERIAL_NUMBER")}});
}

QUrl SheetsApi::metadataUrl(const QString &spreadsheetId) const
{
    return GoogleEndpoints::join(m_endpoints.sheets,
                                 QStringLiteral("/v4/spreadsheets/") + a1::encodePathSegment(spreadsheetId),
                                 a1::buildQuery({{QStringLiteral("fields"), metadataFields()}}));
}

QUrl SheetsApi::valuesUrl(const QString &spreadsheetId, const QString &range) const
{
    return GoogleEndpoints::join(m_endpoints.sheets,
                                 QStringLiteral("/v4/spreadsheets/%1/values/%2")
                                     .arg(a1::encodePathSegment(spreadsheetId), a1::encodePathSegment(range)),
                                 valueQuery());
}

QUrl SheetsApi::batchGetUrl(const QString &spreadsheetId, const QStringList &ranges) const
{
    QList<QPair<QString, QString>> items;
    for (const QString &range : ranges)
        items.append({QStringLiteral("ranges"), range});
    return GoogleEndpoints::join(
        m_endpoints.sheets,
        QStringLiteral("/v4/spreadsheets/%1/values:batchGet").arg(a1::encodePathSegment(spreadsheetId)),
        a1::buildQuery(items) + QLatin1Char('&') + valueQuery());
}

Result<SpreadsheetInfo> SheetsApi::parseSpreadsheet(const QByteArray &json)
{
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    SpreadsheetInfo info;
    info.id = root.value(QStringLiteral("spreadsheetId")).toString();
    info.title
        = root.value(QStringLiteral("properties")).toObject().value(QStringLiteral("title")).toString();
    if (!root.value(QStringLiteral("sheets")).isArray())
        return malformed(info.id);
    for (const QJsonValue &value : root.value(QStringLiteral("sheets")).toArray()) {
        const QJsonObject properties = value.toObject().value(QStringLiteral("properties")).toObject();
        WorksheetInfo sheet;
        // Google leaves out defaults such as hidden=false; sheetId 0 and index 0 are written.
        sheet.sheetId = properties.value(QStringLiteral("sheetId")).toVariant().toLongLong();
        sheet.title = properties.value(QStringLiteral("title")).toString();
        sheet.index = properties.value(QStringLiteral("index")).toInt();
        sheet.sheetType = properties.value(QStringLiteral("sheetType")).toString(QStringLiteral("GRID"));
        sheet.hidden = properties.value(QStringLiteral("hidden")).toBool(false);
        const QJsonObject grid = properties.value(QStringLiteral("gridProperties")).toObject();
        sheet.rowCount = grid.value(QStringLiteral("rowCount")).toInt();
        sheet.columnCount = grid.value(QStringLiteral("columnCount")).toInt();
        info.sheets.append(sheet);
    }
    std::stable_sort(info.sheets.begin(), info.sheets.end(),
                     [](const WorksheetInfo &a, const WorksheetInfo &b) { return a.index < b.index; });
    return info;
}

Result<SpreadsheetInfo> SheetsApi::spreadsheet(const QString &spreadsheetId, const StepContext &ctx)
{
    HttpRequest request;
    request.url = metadataUrl(spreadsheetId);
    request.subject = {RequestSubject::Service::Sheets, {}, {}, what(spreadsheetId)};
    Result<HttpResponse> response = m_http.get(request, ctx);
    if (!response.ok())
        return response.error();
    Result<SpreadsheetInfo> info = parseSpreadsheet(response.value().body);
    if (info.ok() && info.value().id.isEmpty())
        info.value().id = spreadsheetId;
    return info;
}

Result<ValueRange> SheetsApi::values(const QString &spreadsheetId, const QString &range,
                                     const StepContext &ctx, qint64 *bytes)
{
    HttpRequest request;
    request.url = valuesUrl(spreadsheetId, range);
    request.subject = {RequestSubject::Service::Sheets, {}, {}, what(spreadsheetId)};
    Result<HttpResponse> response = m_http.get(request, ctx);
    if (!response.ok())
        return response.error();
    if (bytes)
        *bytes = response.value().body.size();
    const QJsonDocument doc = QJsonDocument::fromJson(response.value().body);
    if (!doc.isObject())
        return malformed(spreadsheetId);
    return parseValueRange(doc.object());
}

Result<QList<ValueRange>> SheetsApi::batchValues(const QString &spreadsheetId, const QStringList &ranges,
                                                 const StepContext &ctx, qint64 *bytes)
{
    HttpRequest request;
    request.url = batchGetUrl(spreadsheetId, ranges);
    request.subject = {RequestSubject::Service::Sheets, {}, {}, what(spreadsheetId)};
    Result<HttpResponse> response = m_http.get(request, ctx);
    if (!response.ok())
        return response.error();
    if (bytes)
        *bytes = response.value().body.size();
    const QJsonArray valueRanges = QJsonDocument::fromJson(response.value().body)
                                       .object()
                                       .value(QStringLiteral("valueRanges"))
                                       .toArray();
    if (valueRanges.size() != ranges.size())
        return malformed(spreadsheetId);
    QList<ValueRange> result;
    for (const QJsonValue &value : valueRanges)
        result.append(parseValueRange(value.toObject()));
    return result;
}

Result<WorksheetInfo> SheetsApi::selectWorksheet(const SpreadsheetInfo &info,
                                                 const WorksheetSelector &selector)
{
    const WorksheetInfo *chosen = nullptr;
    if (!selector.name.isEmpty()) {
        for (const WorksheetInfo &sheet : info.sheets) {
            if (sheet.title == selector.name) {
                chosen = &sheet;
                break;
            }
        }
        if (!chosen) {
            // Forgive the case when it picks exactly one tab.
            const WorksheetInfo *match = nullptr;
            int matches = 0;
            for (const WorksheetInfo &sheet : info.sheets) {
                if (sheet.title.compare(selector.name, Qt::CaseInsensitive) == 0) {
                    match = &sheet;
                    ++matches;
                }
            }
            if (matches == 1)
                chosen = match;
        }
    } else if (selector.gid) {
        for (const WorksheetInfo &sheet : info.sheets) {
            if (sheet.sheetId == *selector.gid) {
                chosen = &sheet;
                break;
            }
        }
    } else if (selector.index) {
        if (*selector.index >= 0 && *selector.index < info.sheets.size())
            chosen = &info.sheets[*selector.index];
    } else {
        for (const WorksheetInfo &sheet : info.sheets) {
            if (!sheet.hidden && sheet.isGrid()) {
                chosen = &sheet;
                break;
            }
        }
    }
    const QString spreadsheet = info.title.isEmpty() ? info.id : QStringLiteral("\"%1\"").arg(info.title);
    if (!chosen) {
        if (selector.isDefault())
            return Error::input(
                QStringLiteral("The spreadsheet %1 has no visible worksheet with cells (its tabs: "
                               "%2). Unhide a worksheet or choose one by name.")
                    .arg(spreadsheet, info.describeSheets()));
        return Error::input(
            QStringLiteral("Could not find %1 in the spreadsheet %2. Its tabs are: %3. Choose one "
                           "of them.")
                .arg(selector.describe(), spreadsheet, info.describeSheets()));
    }
    if (!chosen->isGrid())
        return Error::input(
            QStringLiteral("The tab \"%1\" of %2 is a chart, not a table of cells. Choose another "
                           "worksheet; the tabs are: %3.")
                .arg(chosen->title, spreadsheet, info.describeSheets()));
    return *chosen;
}

} // namespace mf::google
