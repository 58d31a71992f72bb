// SPDX-License-Identifier: MIT
// The reference figures of SPEC.md on the real 8,580-row TMDB export, read with the real CSV reader,
// cleaned and analyzed with default settings and with --inclusive (and --dedupe).
#include "Analysis.h"
#include "Cleaner.h"
#include "ColumnRoles.h"
#include "CsvReader.h"

#include <QFile>
#include <QTest>

using namespace mf;

namespace {

QString fixed4(double value)
{
    return QString::number(value, 'f', 4);
}

} // namespace

class TestReference : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void table();
    void figures_data();
    void figures();

private:
    DataTable m_table;
    RoleMap m_roles;
};

void TestReference::initTestCase()
{
    const QString path = QStringLiteral(MOVIEFLOW_REAL_DATA);
    if (!QFile::exists(path))
        QSKIP(qPrintable(QStringLiteral("The real data file %1 is not here; the reference figures need it "
                                        "(set MOVIEFLOW_REAL_DATA when configuring to point at movie.csv).")
                             .arg(path)));
    Result<DataTable> read = CsvReader::readFile(path);
    QVERIFY2(read.ok(), qPrintable(read.error().message));
    m_table = read.takeValue();
    const Result<RoleMap> roles = mapRoles(m_table.headers());
    QVERIFY2(roles.ok(), qPrintable(roles.error().message));
    m_roles = roles.value();
}

void TestReference::table()
{
    QCOMPARE(m_table.rowCount(), 8580);
    QCOMPARE(m_table.headers(),
             (QStringList {"", "id", "title", "overview", "release_date", "popularity", "vote_average",
                           "vote_count"}));
    QCOMPARE(m_roles.column(Role::Id), 1);
    QCOMPARE(m_roles.column(Role::Title), 2);
    QCOMPARE(m_roles.column(Role::Overview), 3);
    QCOMPARE(m_roles.column(Role::ReleaseDate), 4);
    QCOMPARE(m_roles.column(Role::Popularity), 5);
    QCOMPARE(m_roles.column(Role::VoteAverage), 6);
    QCOMPARE(m_roles.column(Role::VoteCount), 7);
}

void TestReference::figures_data()
{
    QTest::addColumn<bool>("inclusive");
    QTest::addColumn<bool>("dedupe");
    QTest::addColumn<qint64>("kept");
    QTest::addColumn<qint64>("droppedDuplicates");
    QTest::addColumn<QString>("avgRatingTop");
    QTest::addColumn<QString>("meanPopularity");
    QTest::addColumn<QString>("avgRatingAll");
    QTest::addColumn<int>("years");

    // SPEC.md's reference table (computed independently with pandas).
    QTest::newRow("default > 7.0") << false << false << qint64(3180) << qint64(0) << QStringLiteral("7.3624")
                                   << QStringLiteral("36.7433") << QStringLiteral("7.4797") << 108;
    QTest::newRow("inclusive >= 7.0")
        << true << false << qint64(3300) << qint64(0) << QStringLiteral("7.3624") << QStringLiteral("36.3485")
        << QStringLiteral("7.4623") << 109;
    // Not in SPEC.md: computed independently with Python's csv module (first row of each id among
    // the rows that pass the other checks).
    QTest::newRow("default, dedupe") << false << true << qint64(3126) << qint64(54)
                                     << QStringLiteral("7.3624") << QStringLiteral("36.7969")
                                     << QStringLiteral("7.4821") << 108;
    QTest::newRow("inclusive, dedupe")
        << true << true << qint64(3242) << qint64(58) << QStringLiteral("7.3624") << QStringLiteral("36.4111")
        << QStringLiteral("7.4649") << 109;
}

void TestReference::figures()
{
    QFETCH(bool, inclusive);
    QFETCH(bool, dedupe);
    QFETCH(qint64, kept);
    QFETCH(qint64, droppedDuplicates);
    QFETCH(QString, avgRatingTop);
    QFETCH(QString, meanPopularity);
    QFETCH(QString, avgRatingAll);
    QFETCH(int, years);

    CleanSettings settings;
    settings.inclusive = inclusive;
    settings.dedupe = dedupe;
    Result<CleanedData> cleaned = cleanTable(m_table, m_roles, settings);
    QVERIFY2(cleaned.ok(), qPrintable(cleaned.error().message));
    const CleanedData &data = cleaned.value();
    const CleanCounts &counts = data.counts;

    QCOMPARE(counts.read, 8580);
    QCOMPARE(counts.droppedMissing, 1); // the one movie without an overview
    QCOMPARE(counts.droppedInvalidTotal(), 0);
    QCOMPARE(counts.duplicateIds, 218);
    QCOMPARE(counts.droppedDuplicates, droppedDuplicates);
    QCOMPARE(counts.kept, kept);
    QCOMPARE(counts.read,
             counts.droppedMissing + counts.droppedFilter + counts.droppedDuplicates + counts.kept);
    QVERIFY(data.warnings.first().startsWith(QStringLiteral("218 rows repeat an id seen earlier;")));

    // The row dropped as missing, and the column that dropped it.
    qsizetype missingRow = -1;
    for (size_t r = 0; r < data.fate.size(); ++r) {
        if (data.fate[r] == RowFate::Missing)
            missingRow = qsizetype(r);
    }
    QVERIFY(missingRow >= 0);
    QCOMPARE(int(data.fateColumn[size_t(missingRow)]), 3);
    QCOMPARE(m_table.text(missingRow, 1), QStringLiteral("919952"));

    const Analysis analysis = analyze(data);
    QCOMPARE(int(analysis.top.size()), 10);
    QCOMPARE(analysis.top[0].title, QStringLiteral("Deadpool & Wolverine"));
    QCOMPARE(analysis.top[0].popularity, 3011.577);
    QCOMPARE(analysis.top[1].title, QStringLiteral("Inside Out 2"));
    QCOMPARE(analysis.top[2].title, QStringLiteral("Despicable Me 4"));
    QCOMPARE(fixed4(analysis.avgRatingTop), avgRatingTop);
    QCOMPARE(fixed4(analysis.meanPopularity), meanPopularity);
    QCOMPARE(fixed4(analysis.avgRatingAll), avgRatingAll);
    QCOMPARE(int(analysis.moviesPerYear.size()), years);
    qint64 perYear = 0;
    for (const qint64 n : analysis.moviesPerYear)
        perYear += n;
    QCOMPARE(perYear, kept);
    QCOMPARE(qsizetype(analysis.titlesByReleaseDate.size()), data.size());
    QCOMPARE(data.releaseDate[size_t(analysis.titlesByReleaseDate.front())], QDate(1902, 4, 17));
    QCOMPARE(data.releaseDate[size_t(analysis.titlesByReleaseDate.back())], QDate(2024, 8, 13));
}

QTEST_GUILESS_MAIN(TestReference)
#include "tst_reference.moc"
