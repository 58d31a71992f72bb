// SPDX-License-Identifier: MIT
#include "FakeSpreadsheet.h"

#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace mf::fakegoogle {

void FakeWorksheet::fitGrid()
{
    int width = 0;
    for (const QStringList &row : cells)
        width = std::max(width, int(row.size()));
    rowCount = std::max(1000, int(cells.size()));
    columnCount = std::max(26, width);
}

QString FakeWorksheet::cell(int row, int column) const
{
    if (row < 1 || row > cells.size())
        return {};
    const QStringList &values = cells.at(row - 1);
    return column >= 1 && column <= values.size() ? values.at(column - 1) : QString();
}

const FakeWorksheet *FakeSpreadsheet::firstVisibleGrid() const
{
    for (const FakeWorksheet &sheet : sheets) {
        if (!sheet.hidden && !sheet.chart)
            return &sheet;
    }
    return nullptr;
}

const FakeWorksheet *FakeSpreadsheet::sheetByTitle(const QString &title) const
{
    for (const FakeWorksheet &sheet : sheets) {
        if (sheet.title == title)
            return &sheet;
    }
    return nullptr;
}

const FakeWorksheet *FakeSpreadsheet::sheetById(qint64 sheetId) const
{
    for (const FakeWorksheet &sheet : sheets) {
        if (sheet.sheetId == sheetId)
            return &sheet;
    }
    return nullptr;
}

bool A1Range::parse(const QString &text, A1Range *range)
{
    *range = A1Range();
    QString rest = text;
    if (rest.startsWith(QLatin1Char('\''))) {
        QString title;
        int pos = 1;
        for (;;) {
            if (pos >= rest.size())
                return false;
            if (rest.at(pos) == QLatin1Char('\'')) {
                if (pos + 1 < rest.size() && rest.at(pos + 1) == QLatin1Char('\'')) {
                    title += QLatin1Char('\'');
                    pos += 2;
                    continue;
                }
                ++pos;
                break;
            }
            title += rest.at(pos++);
        }
        range->sheetTitle = title;
        range->hasSheet = true;
        rest = rest.mid(pos);
        if (rest.isEmpty()) {
            range->wholeSheet = true;
            return true;
        }
        if (!rest.startsWith(QLatin1Char('!')))
            return false;
        rest = rest.mid(1);
    } else if (const qsizetype bang = rest.lastIndexOf(QLatin1Char('!')); bang >= 0) {
        range->sheetTitle = rest.left(bang);
        range->hasSheet = true;
        rest = rest.mid(bang + 1);
    }

    static const QRegularExpression a1(
        QStringLiteral("^([A-Za-z]{0,3})([0-9]{0,7})(?::([A-Za-z]{0,3})([0-9]{0,7}))?$"));
    const QRegularExpressionMatch m = a1.match(rest);
    if (rest.isEmpty() || !m.hasMatch()) {
        if (range->hasSheet)
            return false;
        // No '!' and not a cell reference: the whole text names a sheet.
        range->sheetTitle = text;
        range->hasSheet = true;
        range->wholeSheet = true;
        return true;
    }
    const QString c1 = m.captured(1), r1 = m.captured(2), c2 = m.captured(3), r2 = m.captured(4);
    const bool hasEnd = m.capturedLength(0) > m.capturedLength(1) + m.capturedLength(2);
    if (c1.isEmpty() && r1.isEmpty())
        return false;
    if (!hasEnd && (c1.isEmpty() || r1.isEmpty()))
        return false; // "A" or "5" alone is not a range
    if (hasEnd && c2.isEmpty() && r2.isEmpty())
        return false;
    range->startColumn = c1.isEmpty() ? 1 : ValueRenderer::columnNumber(c1);
    range->startRow = r1.isEmpty() ? 1 : r1.toInt();
    if (range->startRow < 1)
        return false;
    if (!hasEnd) {
        range->endColumn = range->startColumn;
        range->endRow = range->startRow;
        range->singleCell = true;
    } else {
        range->endColumn = c2.isEmpty() ? 0 : ValueRenderer::columnNumber(c2);
        range->endRow = r2.isEmpty() ? 0 : r2.toInt();
    }
    return true;
}

QString ValueRenderer::columnLetters(int column)
{
    QString letters;
    for (int n = column; n > 0; n = (n - 1) / 26)
        letters.prepend(QChar(u'A' + (n - 1) % 26));
    return letters;
}

int ValueRenderer::columnNumber(const QString &letters)
{
    int n = 0;
    for (const QChar c : letters)
        n = n * 26 + (c.toUpper().unicode() - u'A' + 1);
    return n;
}

QString ValueRenderer::echoTitle(const QString &title)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    static const QRegularExpression cellLike(QStringLiteral("^[A-Za-z]{1,3}[0-9]+$"));
    static const QRegularExpression r1c1Like(QStringLiteral("^[Rr][0-9]*[Cc][0-9]*$"));
    if (plain.match(title).hasMatch() && !cellLike.match(title).hasMatch()
        && !r1c1Like.match(title).hasMatch())
        return title;
    QString quoted = title;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

std::optional<qint64> ValueRenderer::serialOf(const QString &text)
{
    static const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (!iso.match(text).hasMatch())
        return std::nullopt;
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return std::nullopt;
    return QDate(1899, 12, 30).daysTo(date);
}

QJsonValue ValueRenderer::cellValue(const QString &text, const RenderOptions &options)
{
    if (text.isEmpty())
        return QString();
    if (text.compare(QStringLiteral("TRUE"), Qt::CaseInsensitive) == 0
        || text.compare(QStringLiteral("FALSE"), Qt::CaseInsensitive) == 0) {
        if (options.value == RenderOptions::Value::Formatted)
            return text.toUpper();
        return text.compare(QStringLiteral("TRUE"), Qt::CaseInsensitive) == 0;
    }
    if (options.value == RenderOptions::Value::Formatted)
        return text; // the fake formats numbers and dates exactly as they were typed
    if (const std::optional<qint64> serial = serialOf(text))
        return options.serialDates ? QJsonValue(*serial) : QJsonValue(text);
    // What Sheets (en_US) turns into a number on entry: plain decimals, exponents, grouped thousands.
    static const QRegularExpression number(QStringLiteral("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$"));
    static const QRegularExpression grouped(QStringLiteral("^[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?$"));
    QString digits = text;
    if (grouped.match(text).hasMatch())
        digits.remove(QLatin1Char(','));
    else if (!number.match(text).hasMatch())
        return text;
    bool ok = false;
    const double value = digits.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return text;
    if (value == std::trunc(value) && std::fabs(value) < 9.0e15)
        return QJsonValue(qint64(value));
    return value;
}

QJsonObject ValueRenderer::render(const FakeWorksheet &sheet, const A1Range &range,
                                  const RenderOptions &options, QString *error)
{
    int r1 = range.wholeSheet ? 1 : range.startRow;
    int c1 = range.wholeSheet ? 1 : range.startColumn;
    int r2 = range.wholeSheet || range.endRow == 0 ? sheet.rowCount : range.endRow;
    int c2 = range.wholeSheet || range.endColumn == 0 ? sheet.columnCount : range.endColumn;
    if (r2 < r1)
        std::swap(r1, r2);
    if (c2 < c1)
        std::swap(c1, c2);
    const QString title = echoTitle(sheet.title);
    if (r1 > sheet.rowCount || c1 > sheet.columnCount) {
        *error = QStringLiteral("Range (%1!%2%3:%4%5) exceeds grid limits. Max rows: %6, max columns: %7")
                     .arg(title, columnLetters(c1))
                     .arg(r1)
                     .arg(columnLetters(c2))
                     .arg(r2)
                     .arg(sheet.rowCount)
                     .arg(sheet.columnCount);
        return {};
    }
    r2 = std::min(r2, sheet.rowCount);
    c2 = std::min(c2, sheet.columnCount);

    QJsonObject result;
    if (r1 == r2 && c1 == c2)
        result.insert(QStringLiteral("range"),
                      QStringLiteral("%1!%2%3").arg(title, columnLetters(c1)).arg(r1));
    else
        result.insert(QStringLiteral("range"),
                      QStringLiteral("%1!%2%3:%4%5")
                          .arg(title, columnLetters(c1))
                          .arg(r1)
                          .arg(columnLetters(c2))
                          .arg(r2));
    result.insert(QStringLiteral("majorDimension"),
                  options.columns ? QStringLiteral("COLUMNS") : QStringLiteral("ROWS"));

    // Only the part of the rectangle that holds data matters; the rest is trimmed anyway.
    const int dataRows = std::min(r2, int(sheet.cells.size()));
    int dataColumns = 0;
    for (const QStringList &row : sheet.cells)
        dataColumns = std::max(dataColumns, int(row.size()));
    dataColumns = std::min(c2, dataColumns);
    const int outer1 = options.columns ? c1 : r1;
    const int outer2 = options.columns ? dataColumns : dataRows;
    const int inner1 = options.columns ? r1 : c1;
    const int inner2 = options.columns ? dataRows : dataColumns;

    QJsonArray lines;
    int lastNonEmpty = -1;
    for (int outer = outer1; outer <= outer2; ++outer) {
        QJsonArray line;
        int lastCell = -1;
        for (int inner = inner1; inner <= inner2; ++inner) {
            const QString text = options.columns ? sheet.cell(inner, outer) : sheet.cell(outer, inner);
            line.append(cellValue(text, options));
            if (!text.isEmpty())
                lastCell = int(line.size()) - 1;
        }
        while (line.size() > lastCell + 1)
            line.removeLast(); // trailing empty cells are left out
        lines.append(line);
        if (!line.isEmpty())
            lastNonEmpty = int(lines.size()) - 1;
    }
    while (lines.size() > lastNonEmpty + 1)
        lines.removeLast(); // so are trailing empty rows
    if (!lines.isEmpty())
        result.insert(QStringLiteral("values"), lines);
    return result;
}

QByteArray exportCsv(const FakeWorksheet &sheet)
{
    int lastRow = 0;
    int lastColumn = 0;
    for (int row = 0; row < sheet.cells.size(); ++row) {
        const QStringList &cells = sheet.cells.at(row);
        for (int column = 0; column < cells.size(); ++column) {
            if (!cells.at(column).isEmpty()) {
                lastRow = std::max(lastRow, row + 1);
                lastColumn = std::max(lastColumn, column + 1);
            }
        }
    }
    QByteArrayList records;
    for (int row = 1; row <= lastRow; ++row) {
        QByteArrayList fields;
        for (int column = 1; column <= lastColumn; ++column) {
            QByteArray field = sheet.cell(row, column).toUtf8();
            if (field.contains(',') || field.contains('"') || field.contains('\n') || field.contains('\r'))
                field = '"' + field.replace("\"", "\"\"") + '"';
            fields.append(field);
        }
        records.append(fields.join(','));
    }
    return records.join("\r\n");
}

bool readCsvFile(const QString &path, QList<QStringList> *rows, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
    QByteArray data = file.readAll();
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    const QString text = QString::fromUtf8(data);
    rows->clear();
    QStringList record;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"') && field.isEmpty()) {
            quoted = true;
            fieldStarted = true;
        } else if (c == QLatin1Char(',')) {
            record.append(field);
            field.clear();
            fieldStarted = true;
        } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
                record.append(field);
                rows->append(record);
            }
            record.clear();
            field.clear();
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted) {
        *error = QStringLiteral("%1 ends inside a quoted field").arg(path);
        return false;
    }
    if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
        record.append(field);
        rows->append(record);
    }
    return true;
}

} // namespace mf::fakegoogle
