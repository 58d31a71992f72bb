// SPDX-License-Identifier: MIT
#include "DataTable.h"

#include <QTest>

#include <string>

using namespace mf;

namespace {

/// A cell whose content and length depend on its row, so a mix-up between rows or blocks shows.
std::string cellFor(qsizetype row, int column)
{
    std::string text = std::to_string(row) + ":" + std::to_string(column);
    text.append(size_t((row * 7 + column) % 23), char('a' + row % 26));
    return text;
}

} // namespace

class TestDataTable : public QObject
{
    Q_OBJECT

private slots:
    void emptyColumn();
    void cellsAcrossBlocks_data();
    void cellsAcrossBlocks();
    void emptyCells();
    void reserveIsOnlyAHint_data();
    void reserveIsOnlyAHint();
    void squeezeKeepsCells();
    void copiesAreIndependent();
    void appendRowPadsAndTruncates();
    void textDecodesUtf8();
    void sourceLines();
};

void TestDataTable::emptyColumn()
{
    TextColumn column;
    QCOMPARE(column.size(), qsizetype(0));
    QCOMPARE(column.byteSize(), qsizetype(0));
    column.squeeze();
    QCOMPARE(column.size(), qsizetype(0));
}

void TestDataTable::cellsAcrossBlocks_data()
{
    QTest::addColumn<int>("rows");
    QTest::newRow("one") << 1;
    QTest::newRow("small") << 50;
    QTest::newRow("one block less one") << 8191;
    QTest::newRow("exactly one block") << 8192;
    QTest::newRow("one block plus one") << 8193;
    QTest::newRow("many blocks") << 50000;
}

void TestDataTable::cellsAcrossBlocks()
{
    QFETCH(int, rows);
    TextColumn column;
    qsizetype bytes = 0;
    for (qsizetype r = 0; r < rows; ++r) {
        const std::string cell = cellFor(r, 0);
        column.append(cell);
        bytes += qsizetype(cell.size());
    }
    QCOMPARE(column.size(), qsizetype(rows));
    QCOMPARE(column.byteSize(), bytes);
    for (qsizetype r = 0; r < rows; ++r)
        QCOMPARE(column.at(r), std::string_view(cellFor(r, 0)));
    // Random access, not just in order.
    for (qsizetype r = rows - 1; r >= 0; r -= 997)
        QCOMPARE(column.at(r), std::string_view(cellFor(r, 0)));
}

void TestDataTable::emptyCells()
{
    TextColumn column;
    for (int r = 0; r < 20000; ++r)
        column.append(r % 3 == 0 ? std::string_view() : std::string_view("x"));
    for (int r = 0; r < 20000; ++r)
        QCOMPARE(column.at(r).size(), size_t(r % 3 == 0 ? 0 : 1));
}

void TestDataTable::reserveIsOnlyAHint_data()
{
    QTest::addColumn<qsizetype>("cells");
    QTest::addColumn<qsizetype>("bytes");
    QTest::newRow("exact") << qsizetype(20000) << qsizetype(20000 * 16);
    QTest::newRow("far too small") << qsizetype(10) << qsizetype(10);
    QTest::newRow("far too big") << qsizetype(10000000) << qsizetype(1);
    QTest::newRow("zero") << qsizetype(0) << qsizetype(0);
    QTest::newRow("negative") << qsizetype(-5) << qsizetype(-5);
}

void TestDataTable::reserveIsOnlyAHint()
{
    QFETCH(qsizetype, cells);
    QFETCH(qsizetype, bytes);
    TextColumn column;
    column.reserve(cells, bytes);
    for (qsizetype r = 0; r < 20000; ++r)
        column.append(cellFor(r, 1));
    QCOMPARE(column.size(), qsizetype(20000));
    for (qsizetype r = 0; r < 20000; ++r)
        QCOMPARE(column.at(r), std::string_view(cellFor(r, 1)));
}

void TestDataTable::squeezeKeepsCells()
{
    DataTable table({QStringLiteral("a"), QStringLiteral("b")});
    for (qsizetype r = 0; r < 9000; ++r) {
        const std::string a = cellFor(r, 0);
        const std::string b = cellFor(r, 1);
        table.appendRow({a, b});
    }
    table.squeeze();
    QCOMPARE(table.rowCount(), qsizetype(9000));
    for (qsizetype r = 0; r < 9000; ++r) {
        QCOMPARE(table.cell(r, 0), std::string_view(cellFor(r, 0)));
        QCOMPARE(table.cell(r, 1), std::string_view(cellFor(r, 1)));
    }
    // A squeezed table still grows.
    table.appendRow({"last", "row"});
    QCOMPARE(table.cell(9000, 1), std::string_view("row"));
    QCOMPARE(table.cell(8999, 0), std::string_view(cellFor(8999, 0)));
}

void TestDataTable::copiesAreIndependent()
{
    DataTable table({QStringLiteral("title")});
    for (int r = 0; r < 10000; ++r)
        table.appendRow({cellFor(r, 0)});
    DataTable copy = table;
    table.appendRow({"only in the original"});
    QCOMPARE(copy.rowCount(), qsizetype(10000));
    QCOMPARE(table.rowCount(), qsizetype(10001));
    for (int r = 0; r < 10000; r += 37)
        QCOMPARE(copy.cell(r, 0), std::string_view(cellFor(r, 0)));
    const DataTable moved = std::move(copy);
    QCOMPARE(moved.cell(9999, 0), std::string_view(cellFor(9999, 0)));
}

void TestDataTable::appendRowPadsAndTruncates()
{
    DataTable table({QString(), QStringLiteral("id"), QStringLiteral("title")});
    QCOMPARE(table.columnCount(), 3);
    QCOMPARE(table.header(0), QString());
    table.appendRow({"0"});
    table.appendRow({"1", "2", "3", "ignored"});
    QCOMPARE(table.rowCount(), qsizetype(2));
    QCOMPARE(table.cell(0, 0), std::string_view("0"));
    QCOMPARE(table.cell(0, 1), std::string_view());
    QCOMPARE(table.cell(0, 2), std::string_view());
    QCOMPARE(table.cell(1, 2), std::string_view("3"));
    QCOMPARE(table.column(2).size(), qsizetype(2));
}

void TestDataTable::textDecodesUtf8()
{
    DataTable table({QStringLiteral("title")});
    table.appendRow({"Am\xC3\xA9lie \xF0\x9F\x8E\xAC"});
    QCOMPARE(table.text(0, 0), QString::fromUtf8("Am\xC3\xA9lie \xF0\x9F\x8E\xAC"));
}

void TestDataTable::sourceLines()
{
    DataTable table({QStringLiteral("a")});
    table.appendRow({"x"});
    table.appendRow({"y"});
    QCOMPARE(table.sourceLine(0), qint64(-1));
    table.setSourceLines({2, 5});
    QCOMPARE(table.sourceLine(0), qint64(2));
    QCOMPARE(table.sourceLine(1), qint64(5));
    QCOMPARE(table.sourceLine(2), qint64(-1));
    QCOMPARE(table.sourceLine(-1), qint64(-1));
}

QTEST_APPLESS_MAIN(TestDataTable)
#include "tst_datatable.moc"
