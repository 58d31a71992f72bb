// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace mf::fakegoogle {

/// One tab as Google stores it: text as typed, which the fake types the way Sheets does on entry
/// (numbers, TRUE/FALSE, ISO dates), inside a grid of rowCount × columnCount.
struct FakeWorksheet
{
    qint64 sheetId = 0;
    QString title;
    bool hidden = false;
    bool chart = false; ///< sheetType OBJECT: no grid, no cells
    int rowCount = 1000;
    int columnCount = 26;
    QList<QStringList> cells; ///< row-major, ragged allowed; "" is an empty cell

    /// A grid sized like Google's after an import: at least 1000 × 26, grown to fit the data.
    void fitGrid();
    QString cell(int row, int column) const; ///< 1-based; "" outside the data
};

struct FakeSpreadsheet
{
    QString id;
    QString title;
    QList<FakeWorksheet> sheets;
    bool anyoneWithLink = false; ///< "Anyone with the link can view"
    QSet<QString> sharedWith; ///< identities (e-mails) that can open it and find it in Drive
    bool trashed = false;
    QString publishKey; ///< "2PACX-…" when published to the web
    QDateTime modifiedTime = QDateTime(QDate(2024, 7, 1), QTime(12, 0), Qt::UTC);

    /// Tabs that are neither hidden nor charts, first by index.
    const FakeWorksheet *firstVisibleGrid() const;
    const FakeWorksheet *sheetByTitle(const QString &title) const;
    const FakeWorksheet *sheetById(qint64 sheetId) const;
};

/// How values are rendered (the query parameters of values.get).
struct RenderOptions
{
    enum class Value { Formatted, Unformatted, Formula };
    Value value = Value::Formatted;
    bool serialDates = true; ///< dateTimeRenderOption SERIAL_NUMBER (default) vs FORMATTED_STRING
    bool columns = false; ///< majorDimension COLUMNS
};

/// A parsed A1 range: a sheet (or none: the first visible one) and a rectangle whose missing parts
/// are open ("A:A", "1:5", "A5:Z").
struct A1Range
{
    QString sheetTitle;
    bool hasSheet = false;
    bool wholeSheet = false;
    int startRow = 0, startColumn = 0, endRow = 0, endColumn = 0; ///< 0 = open
    bool singleCell = false;

    /// Parses "'Ti''tle'!A1:B2", "Title!A1", "Title", "A1:B2". False when it is not A1 notation.
    static bool parse(const QString &text, A1Range *range);
};

/// values.get semantics of GOOGLE.md §1.3 on one worksheet.
class ValueRenderer
{
public:
    /// The echoed range and the trimmed values (no `values` key when all cells are empty), or an
    /// error message for a start outside the grid.
    static QJsonObject render(const FakeWorksheet &sheet, const A1Range &range, const RenderOptions &options,
                              QString *error);
    /// The value of one cell as the API writes it.
    static QJsonValue cellValue(const QString &text, const RenderOptions &options);
    /// Title as Google echoes it: quoted only when needed ('D3', spaces, non-ASCII).
    static QString echoTitle(const QString &title);
    static QString columnLetters(int column);
    static int columnNumber(const QString &letters);
    /// Days since 1899-12-30 for an ISO date, or nullopt.
    static std::optional<qint64> serialOf(const QString &text);
};

/// The CSV Google's export writes: formatted values, rows and columns up to the last non-empty
/// ones, minimal quoting, CRLF between records and no line end after the last.
QByteArray exportCsv(const FakeWorksheet &sheet);

/// Reads a CSV file (RFC 4180) into rows of text; false when the file cannot be read.
bool readCsvFile(const QString &path, QList<QStringList> *rows, QString *error);

} // namespace mf::fakegoogle
