// SPDX-License-Identifier: MIT
#include "GoogleSheetReader.h"

#include "A1Notation.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

namespace mf::google {

namespace {

// A first guess at the size of one cell in a values.get answer, quotes and commas included.
constexpr int GuessedBytesPerCell = 24;

struct Chunk
{
    int firstRow = 1; ///< sheet row of values[0]
    QJsonArray values;
};

QString quotedTitle(const SpreadsheetInfo &info, const WorksheetInfo &sheet)
{
    if (info.title.isEmpty() || info.title == sheet.title)
        return QStringLiteral("\"%1\"").arg(sheet.title);
    return QStringLiteral("\"%1\" of \"%2\"").arg(sheet.title, info.title);
}

} // namespace

QByteArray GoogleSheetReader::cellText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString().toUtf8();
    case QJsonValue::Bool:
        return value.toBool() ? QByteArrayLiteral("TRUE") : QByteArrayLiteral("FALSE");
    case QJsonValue::Double: {
        // Integral JSON numbers come back as qint64 (Qt keeps them exact); others as double.
        const QVariant variant = value.toVariant();
        if (variant.typeId() == QMetaType::LongLong)
            return QByteArray::number(variant.toLongLong());
        const double number = value.toDouble();
        if (std::isfinite(number) && number == std::trunc(number) && std::fabs(number) < 9.0e15)
            return QByteArray::number(qint64(number));
        return QString::number(number, 'g', QLocale::FloatingPointShortest).toLatin1();
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Array:
    case QJsonValue::Object:
        break;
    }
    return {};
}

GoogleSheetReader::GoogleSheetReader(GoogleEndpoints endpoints, std::shared_ptr<Credentials> credentials,
                                     SheetReadOptions options)
    : m_endpoints(std::move(endpoints)),
      m_options(options),
      m_http(std::move(credentials), options.http),
      m_sheets(m_http, m_endpoints),
      m_drive(m_http, m_endpoints)
{ }

Result<QList<DriveFile>> GoogleSheetReader::findByTitle(const QString &title, const StepContext &ctx)
{
    const std::shared_ptr<Credentials> &credentials = m_http.credentials();
    if (!credentials || credentials->kind() == Credentials::Kind::ApiKey)
        return Error::google(
            QStringLiteral("A sheet can be opened by its title (\"%1\") only with a Google account "
                           "or a service account, because Drive search needs one. Paste the "
                           "sheet's link or key instead, or sign in.")
                .arg(title));
    ctx.info(QStringLiteral("Looking for spreadsheets titled \"%1\" in Google Drive.").arg(title));
    ++m_requests;
    return m_drive.findSpreadsheets(title, ctx);
}

Result<QString> GoogleSheetReader::resolveKey(const SpreadsheetRef &ref, const StepContext &ctx)
{
    switch (ref.kind) {
    case SpreadsheetRef::Kind::Key:
        return ref.key;
    case SpreadsheetRef::Kind::PublishedKey:
        return Error::google(
            QStringLiteral("A \"publish to web\" link (2PACX-…) can only be read as a public sheet, "
                           "without the Sheets API. Read it with --public, or paste the sheet's "
                           "own link (…/spreadsheets/d/…/edit)."));
    case SpreadsheetRef::Kind::Title:
        break;
    }
    Result<QList<DriveFile>> files = findByTitle(ref.title, ctx);
    if (!files.ok())
        return files.error();
    if (files.value().isEmpty()) {
        const bool serviceAccount = m_http.credentials()->kind() == Credentials::Kind::ServiceAccount;
        return Error::google(
            QStringLiteral(
                "No spreadsheet titled \"%1\" was found in the Google Drive of %2.%3 Check the title, "
                "or paste the sheet's link.")
                .arg(ref.title, m_http.credentials()->identity(),
                     serviceAccount ? QStringLiteral(" A service account only sees sheets shared with it.")
                                    : QString()));
    }
    if (files.value().size() > 1) {
        QStringList lines;
        for (const DriveFile &file : files.value()) {
            lines.append(QStringLiteral("%1 (modified %2)")
                             .arg(file.id,
                                  file.modifiedTime.isValid()
                                      ? file.modifiedTime.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                      : QStringLiteral("unknown")));
        }
        return Error::usage(
            QStringLiteral("%1 spreadsheets are titled \"%2\": %3. Choose one by passing its key "
                           "instead of the title.")
                .arg(files.value().size())
                .arg(ref.title, lines.join(QStringLiteral(", "))));
    }
    return files.value().constFirst().id;
}

Result<SpreadsheetInfo> GoogleSheetReader::spreadsheet(const QString &key, const StepContext &ctx)
{
    ++m_requests;
    return m_sheets.spreadsheet(key, ctx);
}

Result<DataTable> GoogleSheetReader::read(const SpreadsheetRef &ref, const WorksheetSelector &selector,
                                          const StepContext &ctx)
{
    Result<QString> key = resolveKey(ref, ctx);
    if (!key.ok())
        return key.error();
    Result<SpreadsheetInfo> info = spreadsheet(key.value(), ctx);
    if (!info.ok())
        return info.error();
    WorksheetSelector chosen = selector;
    if (chosen.isDefault() && ref.gid)
        chosen.gid = ref.gid;
    Result<WorksheetInfo> sheet = SheetsApi::selectWorksheet(info.value(), chosen);
    if (!sheet.ok())
        return sheet.error();
    return readWorksheet(info.value(), sheet.value(), ctx);
}

Result<DataTable> GoogleSheetReader::readWorksheet(const SpreadsheetInfo &info, const WorksheetInfo &sheet,
                                                   const StepContext &ctx)
{
    const QString name = quotedTitle(info, sheet);
    const int rowCount = sheet.rowCount;
    const int columnCount = std::max(1, sheet.columnCount);
    if (!sheet.isGrid())
        return Error::input(
            QStringLiteral("The tab %1 is a chart, not a table of cells. Choose another worksheet.")
                .arg(name));

    std::vector<Chunk> chunks;
    qint64 bytesSoFar = 0;
    qint64 rowsRequested = 0;
    int chunkRows
        = int(std::clamp<qint64>(m_options.targetChunkBytes / (qint64(columnCount) * GuessedBytesPerCell),
                                 m_options.minChunkRows, m_options.maxChunkRows));
    ctx.info(QStringLiteral("Reading the worksheet %1 (%2 rows × %3 columns in the grid).")
                 .arg(name)
                 .arg(rowCount)
                 .arg(columnCount));
    ctx.report(0.0);
    for (int first = 1; first <= rowCount;) {
        if (ctx.cancelled())
            return Error::cancelled();
        const int last = int(std::min<qint64>(rowCount, qint64(first) + chunkRows - 1));
        qint64 bytes = 0;
        ++m_requests;
        Result<ValueRange> range
            = m_sheets.values(info.id, a1::rowRange(sheet.title, first, last, columnCount), ctx, &bytes);
        if (!range.ok())
            return range.error();
        QJsonArray values = range.value().values;
        // Rows past the requested ones would be a server bug; never let them shift later chunks.
        while (values.size() > last - first + 1)
            values.removeLast();
        chunks.push_back({first, values});
        bytesSoFar += bytes;
        rowsRequested += last - first + 1;
        ctx.report(double(last) / double(rowCount));
        first = last + 1;
        const double bytesPerRow = std::max(1.0, double(bytesSoFar) / double(rowsRequested));
        chunkRows = int(std::clamp<qint64>(qint64(double(m_options.targetChunkBytes) / bytesPerRow),
                                           m_options.minChunkRows, m_options.maxChunkRows));
    }

    // Stitch: Google leaves out trailing empty rows of every chunk (and `values` of an empty one),
    // so rows are placed by their sheet row, gaps become empty rows, and the sheet ends at the last
    // row that has a cell.
    int lastRow = 0;
    int width = 0;
    for (const Chunk &chunk : chunks) {
        for (qsizetype i = 0; i < chunk.values.size(); ++i) {
            const qsizetype cells = chunk.values.at(i).toArray().size();
            if (cells > 0) {
                lastRow = std::max(lastRow, chunk.firstRow + int(i));
                width = std::max(width, int(cells));
            }
        }
    }
    if (lastRow == 0)
        return Error::input(
            QStringLiteral("The worksheet %1 is empty. Put the movie table in it, with a header row "
                           "first, and try again.")
                .arg(name));

    std::vector<QJsonArray> rows(static_cast<size_t>(lastRow));
    for (const Chunk &chunk : chunks) {
        for (qsizetype i = 0; i < chunk.values.size(); ++i) {
            const int row = chunk.firstRow + int(i);
            if (row <= lastRow)
                rows[size_t(row - 1)] = chunk.values.at(i).toArray();
        }
    }
    if (rows.front().isEmpty())
        return Error::input(
            QStringLiteral("The first row of the worksheet %1 is empty. MovieFlow reads the column "
                           "names from row 1: put the header there and try again.")
                .arg(name));
    if (lastRow == 1)
        return Error::input(
            QStringLiteral("The worksheet %1 has a header row but no data rows. Add the movies below "
                           "the header and try again.")
                .arg(name));

    // Ragged rows: the header is padded like every other row (as gspread's fill_gaps does).
    QStringList headers;
    for (int column = 0; column < width; ++column)
        headers.append(QString::fromUtf8(cellText(rows.front().at(column))));
    DataTable table(headers);
    table.reserve(lastRow - 1, bytesSoFar);
    std::vector<QByteArray> texts(static_cast<size_t>(width));
    std::vector<std::string_view> cells(static_cast<size_t>(width));
    std::vector<qint64> sourceLines;
    sourceLines.reserve(size_t(lastRow - 1));
    for (int row = 2; row <= lastRow; ++row) {
        if ((row & 0x3ff) == 0 && ctx.cancelled())
            return Error::cancelled();
        const QJsonArray &values = rows[size_t(row - 1)];
        for (int column = 0; column < width; ++column) {
            texts[size_t(column)] = column < values.size() ? cellText(values.at(column)) : QByteArray();
            cells[size_t(column)]
                = std::string_view(texts[size_t(column)].constData(), size_t(texts[size_t(column)].size()));
        }
        table.appendRow(cells);
        sourceLines.push_back(row);
    }
    table.squeeze();
    table.setSourceLines(std::move(sourceLines));
    table.setSourceName(info.title.isEmpty() ? sheet.title : info.title);
    table.setNumericDatesAreSerials(true);
    ctx.info(QStringLiteral("Read %1 rows from the worksheet %2 in %3 requests.")
                 .arg(lastRow - 1)
                 .arg(name)
                 .arg(chunks.size()));
    return table;
}

} // namespace mf::google
