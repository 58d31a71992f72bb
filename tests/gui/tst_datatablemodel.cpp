// SPDX-License-Identifier: MIT
#include "DataPreview.h"
#include "DataTable.h"
#include "DataTableModel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QTableView>
#include <QtTest>

using mf::DataTable;
using mf::DataTableModel;

class TestDataTableModel : public QObject
{
    Q_OBJECT

private:
    static std::shared_ptr<DataTable> smallTable()
    {
        auto table = std::make_shared<DataTable>(QStringList {
            QString(), QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("overview"),
            QStringLiteral("release_date"), QStringLiteral("popularity"), QStringLiteral("vote_average")});
        table->appendRow({"0", "27205", "Inception", "A thief who steals secrets through shared dreams.",
                          "2010-07-15", "92.41", "8.37"});
        table->appendRow({"1", "129", "千と千尋の神隠し", "Line one\nline two", "2001-07-20", "70.1", "8.5"});
        table->appendRow({"2", "550"}); // short row: padded with empty cells
        return table;
    }

private slots:
    void emptyModelHasNoRows()
    {
        DataTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 0);
        QVERIFY(!model.headerData(0, Qt::Horizontal).isValid());
        QVERIFY(!model.data(model.index(0, 0)).isValid());
    }

    void sharesTheTableInsteadOfCopying()
    {
        const std::shared_ptr<DataTable> table = smallTable();
        DataTableModel model;
        model.setTable(table);
        QCOMPARE(model.table().get(), table.get());
        QCOMPARE(table.use_count(), 2);
        model.setTable(nullptr);
        QCOMPARE(table.use_count(), 1);
        QCOMPARE(model.rowCount(), 0);
    }

    void cellsAreShownAsRead()
    {
        DataTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setTable(smallTable());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 7);
        QCOMPARE(model.data(model.index(0, 2)).toString(), QStringLiteral("Inception"));
        QCOMPARE(model.data(model.index(0, 5)).toString(), QStringLiteral("92.41"));
        QCOMPARE(model.data(model.index(1, 2)).toString(), QStringLiteral("千と千尋の神隠し"));
        QCOMPARE(model.data(model.index(2, 1)).toString(), QStringLiteral("550"));
        QCOMPARE(model.data(model.index(2, 6)).toString(), QString());
        // A line break inside a cell stays visible on one line; the edit role keeps the text as read.
        QCOMPARE(model.data(model.index(1, 3)).toString(), QStringLiteral("Line one \u21b5 line two"));
        QCOMPARE(model.data(model.index(1, 3), Qt::EditRole).toString(),
                 QStringLiteral("Line one\nline two"));
        // Out of range and parented indexes give nothing.
        QVERIFY(!model.index(3, 0).isValid());
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    }

    void tooltipsOnlyForLongCells()
    {
        DataTableModel model;
        model.setTable(smallTable());
        QCOMPARE(model.data(model.index(0, 3), Qt::ToolTipRole).toString(),
                 QStringLiteral("A thief who steals secrets through shared dreams."));
        QVERIFY(!model.data(model.index(0, 2), Qt::ToolTipRole).isValid());
    }

    void numberColumnsAreRightAligned()
    {
        DataTableModel model;
        model.setTable(smallTable());
        const auto alignment = [&model](int column) {
            return model.data(model.index(0, column), Qt::TextAlignmentRole).value<Qt::Alignment>();
        };
        QVERIFY(alignment(5) & Qt::AlignRight); // popularity
        QVERIFY(alignment(1) & Qt::AlignRight); // id
        QVERIFY(alignment(2) & Qt::AlignLeft); // title
        QVERIFY(alignment(4) & Qt::AlignLeft); // release_date
        QVERIFY(alignment(0) & Qt::AlignLeft); // the unnamed index column has no role
    }

    void headersAreSourceHeadersAndRowNumbers()
    {
        DataTableModel model;
        model.setTable(smallTable());
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), DataTableModel::unnamedHeaderText());
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("(unnamed)"));
        QVERIFY(model.headerData(0, Qt::Horizontal, Qt::FontRole).value<QFont>().italic());
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("title"));
        QVERIFY(!model.headerData(2, Qt::Horizontal, Qt::FontRole).isValid());
        QCOMPARE(model.headerData(6, Qt::Horizontal).toString(), QStringLiteral("vote_average"));
        QVERIFY(!model.headerData(7, Qt::Horizontal).isValid());
        QCOMPARE(model.headerData(0, Qt::Vertical).toInt(), 1);
        QCOMPARE(model.headerData(2, Qt::Vertical).toInt(), 3);
        QVERIFY(!model.headerData(3, Qt::Vertical).isValid());
    }

    void tableWithoutRolesIsStillShown()
    {
        auto table = std::make_shared<DataTable>(QStringList {QStringLiteral("a"), QStringLiteral("b")});
        table->appendRow({"1", "x"});
        DataTableModel model;
        model.setTable(table);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("1"));
        QVERIFY(model.data(model.index(0, 0), Qt::TextAlignmentRole).value<Qt::Alignment>() & Qt::AlignLeft);
    }

    void previewOfAMillionRowsStaysCheap()
    {
        // A million rows: the preview must not walk them (fixed row heights, widths from the first rows).
        constexpr int rows = 1000000;
        auto table = std::make_shared<DataTable>(
            QStringList {QString(), QStringLiteral("title"), QStringLiteral("popularity")});
        table->reserve(rows, qsizetype(rows) * 24);
        std::string index;
        for (int r = 0; r < rows; ++r) {
            index = std::to_string(r);
            table->appendRow({index, "Some film title", "12.5"});
        }

        mf::DataPreview preview;
        preview.resize(900, 600);
        preview.show();
        QVERIFY(QTest::qWaitForWindowExposed(&preview));
        QElapsedTimer timer;
        timer.start();
        preview.setTable(table);
        preview.view()->scrollToBottom();
        const QImage image = preview.grab().toImage();
        const qint64 elapsed = timer.elapsed();
        QVERIFY(!image.isNull());
        QCOMPARE(preview.model()->rowCount(), rows);
        QCOMPARE(preview.view()->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
        // The last row is reachable and numbered.
        QCOMPARE(preview.view()->rowAt(preview.view()->viewport()->height() - 2), rows - 1);
        QCOMPARE(preview.model()->headerData(rows - 1, Qt::Vertical).toInt(), rows);
        // Walking every row would take seconds; measuring and painting the visible ones takes milliseconds.
        QVERIFY2(elapsed < 2000, qPrintable(QStringLiteral("showing 1M rows took %1 ms").arg(elapsed)));
    }
};

QTEST_MAIN(TestDataTableModel)
#include "tst_datatablemodel.moc"
