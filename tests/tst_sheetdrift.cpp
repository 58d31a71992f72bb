// SPDX-License-Identifier: MIT
// Sheet signatures and the drift check: what counts as "the sheet changed".
#include "DataTable.h"
#include "SheetSignature.h"

#include <QtTest>

using mf::SheetSignature;

namespace {

mf::DataTable table(const QStringList &headers, const QList<QStringList> &rows)
{
    mf::DataTable t(headers);
    for (const QStringList &row : rows) {
        std::vector<QByteArray> bytes;
        for (const QString &cell : row)
            bytes.push_back(cell.toUtf8());
        std::vector<std::string_view> cells;
        for (const QByteArray &b : bytes)
            cells.emplace_back(b.constData(), size_t(b.size()));
        t.appendRow(cells);
    }
    return t;
}

SheetSignature signature(const QStringList &headers, const QStringList &types)
{
    SheetSignature s;
    s.headers = headers;
    s.types = types;
    return s;
}

const QStringList goodHeaders {"", "id", "title", "release_date", "popularity", "vote_average"};
const QStringList goodTypes {"integer", "integer", "text", "date", "number", "number"};

} // namespace

class TestSheetDrift : public QObject
{
    Q_OBJECT

private slots:
    void infersColumnTypes()
    {
        const mf::DataTable t
            = table({"", "id", "title", "release_date", "popularity", "vote_average", "overview"},
                    {{"0", "12", "Heat", "1995-12-15", "44.5", "7.9", ""},
                     {"1", "1,234", "1984", "1984-10-10", "3", "NA", ""},
                     {"2", "77", "None", "2001-01-02", "1e2", "8", ""}});
        const SheetSignature s = SheetSignature::of(t);
        QCOMPARE(s.headers, t.headers());
        QCOMPARE(s.types, (QStringList {"integer", "integer", "text", "date", "number", "number", "empty"}));
        const SheetSignature back = SheetSignature::fromJson(s.toJson());
        QCOMPARE(back.headers, s.headers);
        QCOMPARE(back.types, s.types);
    }

    void drift_data()
    {
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<QStringList>("types");
        QTest::addColumn<QStringList>("problems");
        QTest::addColumn<QStringList>("notes");
        QTest::newRow("same") << goodHeaders << goodTypes << QStringList() << QStringList();
        QTest::newRow("renamed") << QStringList {"", "id", "title", "release_date", "popularity", "rating"}
                                 << goodTypes
                                 << QStringList {"the column \"vote_average\" was renamed to \"rating\""}
                                 << QStringList();
        QTest::newRow("missing") << QStringList {"", "id", "title", "release_date", "popularity"}
                                 << goodTypes.mid(0, 5)
                                 << QStringList {"the column \"vote_average\" is missing"} << QStringList();
        QTest::newRow("duplicated") << QStringList {"",           "id",           "title", "release_date",
                                                    "popularity", "vote_average", "title"}
                                    << (goodTypes + QStringList {"text"})
                                    << QStringList {"the column \"title\" now appears 2 times"}
                                    << QStringList();
        QTest::newRow("numbers became text")
            << goodHeaders << QStringList {"integer", "integer", "text", "date", "text", "number"}
            << QStringList {"the column \"popularity\" held numbers and now holds text"} << QStringList();
        QTest::newRow("integers to decimals is fine")
            << goodHeaders << QStringList {"integer", "number", "text", "date", "number", "number"}
            << QStringList() << QStringList();
        QTest::newRow("an empty sample says nothing")
            << goodHeaders << QStringList {"integer", "integer", "text", "empty", "number", "number"}
            << QStringList() << QStringList();
        QTest::newRow("new column is only a note")
            << (goodHeaders + QStringList {"vote_count"}) << (goodTypes + QStringList {"integer"})
            << QStringList() << QStringList {"a new column \"vote_count\""};
        QTest::newRow("new order is only a note")
            << QStringList {"", "id", "release_date", "title", "popularity", "vote_average"}
            << QStringList {"integer", "integer", "date", "text", "number", "number"} << QStringList()
            << QStringList {"the columns are in a new order"};
    }

    void drift()
    {
        QFETCH(QStringList, headers);
        QFETCH(QStringList, types);
        QFETCH(QStringList, problems);
        QFETCH(QStringList, notes);
        const mf::SheetDrift drift
            = mf::compareSheets(signature(goodHeaders, goodTypes), signature(headers, types));
        QCOMPARE(drift.problems, problems);
        QCOMPARE(drift.notes, notes);
        QCOMPARE(drift.hasProblems(), !problems.isEmpty());
        if (drift.hasProblems()) {
            QVERIFY(
                drift.message().startsWith(QStringLiteral("The sheet changed since the last good run: ")));
            QVERIFY(drift.message().contains(problems.first()));
        }
    }

    void noLastGoodRunMeansNoDrift()
    {
        QVERIFY(!mf::compareSheets(SheetSignature(), signature({"x"}, {"text"})).hasProblems());
    }
};

QTEST_GUILESS_MAIN(TestSheetDrift)
#include "tst_sheetdrift.moc"
