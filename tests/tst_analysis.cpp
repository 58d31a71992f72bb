// SPDX-License-Identifier: MIT
#include "Analysis.h"

#include <QTest>

using namespace mf;

namespace {

struct Movie
{
    const char *title;
    const char *date;
    const char *popularity;
    const char *rating;
};

/// Keeps the table alive next to the cleaned data that points into it.
struct Fixture
{
    DataTable table {QStringList {"title", "release_date", "popularity", "vote_average"}};
    CleanedData data;
};

void build(Fixture &fixture, const std::vector<Movie> &movies)
{
    for (const Movie &m : movies)
        fixture.table.appendRow({m.title, m.date, m.popularity, m.rating});
    const Result<RoleMap> roles = mapRoles(fixture.table.headers());
    QVERIFY(roles.ok());
    CleanSettings settings;
    settings.minRating = 0; // analysis tests keep every valid row with a positive rating
    Result<CleanedData> cleaned = cleanTable(fixture.table, roles.value(), settings);
    QVERIFY2(cleaned.ok(), qPrintable(cleaned.error().message));
    fixture.data = cleaned.takeValue();
}

QStringList titles(const CleanedData &data, const std::vector<qsizetype> &indices)
{
    QStringList out;
    for (const qsizetype i : indices)
        out.append(data.title(i));
    return out;
}

QStringList topTitles(const Analysis &analysis)
{
    QStringList out;
    for (const TopMovie &movie : analysis.top)
        out.append(movie.title);
    return out;
}

const std::vector<Movie> Twelve = {
    {"M01", "2001-01-01", "10", "7.1"},  {"M02", "2002-01-01", "120", "8.0"},
    {"M03", "2001-05-01", "30", "7.5"},  {"M04", "1999-01-01", "40", "9.0"},
    {"M05", "2005-01-01", "55", "7.2"},  {"M06", "2001-03-01", "60", "7.3"},
    {"M07", "2007-01-01", "7", "7.4"},   {"M08", "2008-01-01", "80", "7.6"},
    {"M09", "2009-01-01", "90", "7.7"},  {"M10", "2010-01-01", "100", "7.8"},
    {"M11", "2011-01-01", "110", "7.9"}, {"M12", "1999-06-01", "5", "8.5"},
};

} // namespace

class TestAnalysis : public QObject
{
    Q_OBJECT

private slots:
    void figures();
    void topSize_data();
    void topSize();
    void tiesInSourceOrder();
    void titlesByDateThenTitle();
    void manyTiesStayInSourceOrder();
    void moviesPerYear();
    void onlyCleanedRows();
    void empty();
};

void TestAnalysis::figures()
{
    Fixture f;
    build(f, Twelve);
    QCOMPARE(f.data.size(), 12);
    const Analysis a = analyze(f.data);
    QCOMPARE(a.topN, 10);
    QCOMPARE(topTitles(a),
             (QStringList {"M02", "M11", "M10", "M09", "M08", "M06", "M05", "M04", "M03", "M01"}));
    QCOMPARE(a.top.front().popularity, 120.0);
    QCOMPARE(a.top.front().voteAverage, 8.0);
    QCOMPARE(a.top.front().releaseDate, QDate(2002, 1, 1));
    QCOMPARE(a.top.front().keptIndex, 1);
    QCOMPARE(a.top.back().keptIndex, 0);
    // (8.0 + 7.9 + 7.8 + 7.7 + 7.6 + 7.3 + 7.2 + 9.0 + 7.5 + 7.1) / 10
    QVERIFY(qAbs(a.avgRatingTop - 7.71) < 1e-12);
    // All twelve: the ten above plus 7.4 and 8.5.
    QVERIFY(qAbs(a.avgRatingAll - (77.1 + 7.4 + 8.5) / 12) < 1e-12);
    QVERIFY(qAbs(a.meanPopularity - 707.0 / 12) < 1e-12);
    QCOMPARE(
        titles(f.data, a.byPopularity),
        (QStringList {"M02", "M11", "M10", "M09", "M08", "M06", "M05", "M04", "M03", "M01", "M07", "M12"}));
}

void TestAnalysis::topSize_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("expected");
    QTest::addColumn<double>("avgTop");
    QTest::newRow("top 1") << 1 << 1 << 8.0;
    QTest::newRow("top 3") << 3 << 3 << (8.0 + 7.9 + 7.8) / 3;
    QTest::newRow("all twelve") << 12 << 12 << 93.0 / 12;
    QTest::newRow("more than rows") << 50 << 12 << 93.0 / 12;
    QTest::newRow("zero") << 0 << 0 << 0.0;
    QTest::newRow("negative means none") << -5 << 0 << 0.0;
}

void TestAnalysis::topSize()
{
    QFETCH(int, n);
    QFETCH(int, expected);
    QFETCH(double, avgTop);
    Fixture f;
    build(f, Twelve);
    const Analysis a = analyze(f.data, n);
    QCOMPARE(int(a.top.size()), expected);
    QVERIFY2(qAbs(a.avgRatingTop - avgTop) < 1e-12, qPrintable(QString::number(a.avgRatingTop, 'g', 17)));
    QCOMPARE(int(a.byPopularity.size()), 12); // the full ranking does not depend on N
    QVERIFY(qAbs(a.avgRatingAll - 93.0 / 12) < 1e-12);
}

void TestAnalysis::tiesInSourceOrder()
{
    Fixture f;
    build(f,
          {{"Tie A", "2001-01-01", "50", "7.5"},
           {"Low", "2001-01-01", "10", "7.5"},
           {"Tie B", "2001-01-01", "50", "8.5"},
           {"High", "2001-01-01", "99", "7.5"},
           {"Tie C", "2001-01-01", "50.0", "9.5"},
           {"Tie D", "2001-01-01", "5e1", "7.5"}});
    const Analysis top3 = analyze(f.data, 3);
    QCOMPARE(topTitles(top3), (QStringList {"High", "Tie A", "Tie B"}));
    QCOMPARE(top3.avgRatingTop, (7.5 + 7.5 + 8.5) / 3);
    const Analysis all = analyze(f.data);
    QCOMPARE(titles(f.data, all.byPopularity),
             (QStringList {"High", "Tie A", "Tie B", "Tie C", "Tie D", "Low"}));
}

void TestAnalysis::titlesByDateThenTitle()
{
    Fixture f;
    // Titles compare as UTF-8 bytes (code point order): upper case before lower case, accented
    // letters after ASCII; equal dates and titles keep source order.
    build(f,
          {{"b", "2001-01-01", "1", "8"},
           {"Éclair", "2001-01-01", "2", "8"},
           {"Zebra", "2001-01-01", "3", "8"},
           {"apple", "2001-01-01", "4", "8"},
           {"Later", "2002-01-01", "5", "8"},
           {"Earliest", "1990-12-31", "6", "8"},
           {"Same", "1995-05-05", "7", "8"},
           {"Same", "1995-05-05", "8", "8"},
           {"Zoo", "2001-01-01", "9", "8"}});
    const Analysis a = analyze(f.data);
    QCOMPARE(titles(f.data, a.titlesByReleaseDate),
             (QStringList {"Earliest", "Same", "Same", "Zebra", "Zoo", "apple", "b", "Éclair", "Later"}));
    // The two "Same" rows: source order (popularity 7 before 8).
    QCOMPARE(f.data.popularity[size_t(a.titlesByReleaseDate[1])], 7.0);
    QCOMPARE(f.data.popularity[size_t(a.titlesByReleaseDate[2])], 8.0);
}

void TestAnalysis::manyTiesStayInSourceOrder()
{
    // Enough rows that an unstable sort would reorder ties (small ranges are insertion-sorted).
    Fixture f;
    std::vector<QByteArray> storage;
    for (int i = 0; i < 300; ++i) {
        storage.push_back("T" + QByteArray::number(i % 4));
        storage.push_back(QByteArray::number(2000 + i % 2) + "-01-01");
        storage.push_back(QByteArray::number(i % 3));
    }
    std::vector<Movie> movies;
    for (size_t i = 0; i < 300; ++i)
        movies.push_back({storage[3 * i].constData(), storage[3 * i + 1].constData(),
                          storage[3 * i + 2].constData(), "8"});
    build(f, movies);
    QCOMPARE(f.data.size(), 300);
    const Analysis a = analyze(f.data, 5);
    for (size_t k = 1; k < a.byPopularity.size(); ++k) {
        const qsizetype prev = a.byPopularity[k - 1];
        const qsizetype cur = a.byPopularity[k];
        const double pPrev = f.data.popularity[size_t(prev)];
        const double pCur = f.data.popularity[size_t(cur)];
        QVERIFY(pPrev > pCur || (pPrev == pCur && prev < cur));
    }
    QCOMPARE(a.top[0].keptIndex, 2);
    QCOMPARE(a.top[1].keptIndex, 5);
    QCOMPARE(a.top[4].keptIndex, 14);
    for (size_t k = 1; k < a.titlesByReleaseDate.size(); ++k) {
        const qsizetype prev = a.titlesByReleaseDate[k - 1];
        const qsizetype cur = a.titlesByReleaseDate[k];
        const QDate dPrev = f.data.releaseDate[size_t(prev)];
        const QDate dCur = f.data.releaseDate[size_t(cur)];
        const QString tPrev = f.data.title(prev);
        const QString tCur = f.data.title(cur);
        QVERIFY(dPrev < dCur || (dPrev == dCur && (tPrev < tCur || (tPrev == tCur && prev < cur))));
    }
}

void TestAnalysis::moviesPerYear()
{
    Fixture f;
    build(f, Twelve);
    const Analysis a = analyze(f.data);
    const QMap<int, qint64> expected
        = {{1999, 2}, {2001, 3}, {2002, 1}, {2005, 1}, {2007, 1}, {2008, 1}, {2009, 1}, {2010, 1}, {2011, 1}};
    QCOMPARE(a.moviesPerYear, expected);
    QCOMPARE(a.moviesPerYear.firstKey(), 1999);
    qint64 total = 0;
    for (const qint64 n : a.moviesPerYear)
        total += n;
    QCOMPARE(total, f.data.size());
}

void TestAnalysis::onlyCleanedRows()
{
    Fixture f;
    build(f,
          {{"Kept", "2001-01-01", "10", "8"},
           {"Bad date", "2001-02-30", "1000", "9"},
           {"No rating", "2001-01-01", "900", ""},
           {"Kept too", "2003-01-01", "20", "6"}});
    QCOMPARE(f.data.size(), 2);
    const Analysis a = analyze(f.data);
    QCOMPARE(topTitles(a), (QStringList {"Kept too", "Kept"}));
    QCOMPARE(a.top[0].keptIndex, 1);
    QCOMPARE(a.meanPopularity, 15.0);
    QCOMPARE(a.avgRatingAll, 7.0);
    QCOMPARE(a.moviesPerYear, (QMap<int, qint64> {{2001, 1}, {2003, 1}}));
}

void TestAnalysis::empty()
{
    Fixture f;
    build(f, {});
    const Analysis a = analyze(f.data);
    QVERIFY(a.top.empty());
    QCOMPARE(a.avgRatingTop, 0.0);
    QCOMPARE(a.avgRatingAll, 0.0);
    QCOMPARE(a.meanPopularity, 0.0);
    QVERIFY(a.moviesPerYear.isEmpty());
    QVERIFY(a.titlesByReleaseDate.empty());
    QVERIFY(a.byPopularity.empty());

    // A default CleanedData (no source at all) is empty too.
    const Analysis none = analyze(CleanedData());
    QVERIFY(none.top.empty());
    QCOMPARE(none.avgRatingAll, 0.0);
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
