// SPDX-License-Identifier: MIT
#include "Cleaner.h"

#include <QElapsedTimer>
#include <QTest>

#include <cmath>
#include <ctime>
#include <limits>

using namespace mf;

Q_DECLARE_METATYPE(mf::RowFate)

namespace {

const QStringList TmdbHeaders
    = {"", "id", "title", "overview", "release_date", "popularity", "vote_average", "vote_count"};

DataTable makeTable(const QStringList &headers, const QList<QStringList> &rows)
{
    DataTable table(headers);
    for (const QStringList &row : rows) {
        std::vector<QByteArray> bytes;
        bytes.reserve(size_t(row.size()));
        for (const QString &cell : row)
            bytes.push_back(cell.toUtf8());
        std::vector<std::string_view> cells;
        for (const QByteArray &cell : bytes)
            cells.emplace_back(cell.constData(), size_t(cell.size()));
        table.appendRow(cells);
    }
    return table;
}

RoleMap rolesFor(const DataTable &table, const QHash<QString, QString> &overrides = {})
{
    const Result<RoleMap> roles = mapRoles(table.headers(), overrides);
    if (!roles.ok())
        qFatal("mapRoles failed: %s", qPrintable(roles.error().message));
    return roles.value();
}

CleanedData cleanOk(const DataTable &table, const CleanSettings &settings = {},
                    const RoleMap *roles = nullptr)
{
    Result<CleanedData> result = cleanTable(table, roles ? *roles : rolesFor(table), settings);
    if (!result.ok())
        qFatal("cleanTable failed: %s", qPrintable(result.error().message));
    return result.takeValue();
}

// One TMDB-shaped row; the index column is the row number as text.
QStringList movie(const QString &id, const QString &title, const QString &date, const QString &popularity,
                  const QString &rating, const QString &votes = QStringLiteral("100"),
                  const QString &overview = QStringLiteral("A film."))
{
    return {QStringLiteral("0"), id, title, overview, date, popularity, rating, votes};
}

} // namespace

class TestCleaner : public QObject
{
    Q_OBJECT

private slots:
    void keepsAndConverts();
    void missingCells_data();
    void missingCells();
    void naTokensInUnmappedColumnsAreText();
    void invalidValues_data();
    void invalidValues();
    void firstInvalidColumnCounts();
    void invalidUnderRoleNameWhenHeaderEmpty();
    void everyDropReasonCounted();
    void checkedSubset();
    void checkedByRoleName();
    void unknownCheckedColumn();
    void filter_data();
    void filter();
    void duplicateIdsCounted();
    void duplicateIdsNarrowAndWideRange_data();
    void duplicateIdsNarrowAndWideRange();
    void dedupeKeepsFirstKept();
    void dedupeWithoutIdColumn();
    void dayFirstDetection();
    void monthFirstDefault();
    void serials();
    void missingRequiredRole();
    void badMinRating();
    void emptyTable();
    void cancel();
    void progress();
    void millionRows();
};

void TestCleaner::keepsAndConverts()
{
    const DataTable table
        = makeTable(TmdbHeaders,
                    {
                        movie("960258", "Shark Bait", "2022-05-13", "34.679", "7.5", "318"),
                        movie("1,234", "Second", "June 12, 1998", " 8.706 ", "9", "1,000.0"),
                    });
    const CleanedData data = cleanOk(table);
    QCOMPARE(data.source, &table);
    QCOMPARE(data.size(), 2);
    QCOMPARE(data.rows, (std::vector<qint64> {0, 1}));
    QCOMPARE(data.id, (std::vector<qint64> {960258, 1234}));
    QCOMPARE(data.voteCount, (std::vector<qint64> {318, 1000}));
    QCOMPARE(data.popularity, (std::vector<double> {34.679, 8.706}));
    QCOMPARE(data.voteAverage, (std::vector<double> {7.5, 9.0}));
    QCOMPARE(data.releaseDate, (std::vector<QDate> {QDate(2022, 5, 13), QDate(1998, 6, 12)}));
    QCOMPARE(data.title(0), QStringLiteral("Shark Bait"));
    QCOMPARE(data.title(1), QStringLiteral("Second"));
    QCOMPARE(data.title(2), QString());
    QCOMPARE(data.counts.read, 2);
    QCOMPARE(data.counts.kept, 2);
    QCOMPARE(data.counts.droppedMissing, 0);
    QCOMPARE(data.counts.droppedInvalidTotal(), 0);
    QCOMPARE(data.fate, (std::vector<RowFate> {RowFate::Kept, RowFate::Kept}));
    QCOMPARE(data.fateColumn, (std::vector<qint16> {-1, -1}));
    QVERIFY(data.warnings.isEmpty());
}

void TestCleaner::missingCells_data()
{
    QTest::addColumn<QStringList>("row");
    QTest::addColumn<RowFate>("fate");
    QTest::addColumn<int>("column");

    QTest::newRow("complete") << movie("1", "A", "2001-01-01", "5", "8") << RowFate::Kept << -1;
    QTest::newRow("empty overview") << movie("1", "A", "2001-01-01", "5", "8", "10", "") << RowFate::Missing
                                    << 3;
    QTest::newRow("whitespace title") << movie("1", " \t ", "2001-01-01", "5", "8") << RowFate::Missing << 2;
    QTest::newRow("title None is a film")
        << movie("1", "None", "2001-01-01", "5", "8") << RowFate::Kept << -1;
    QTest::newRow("title NA is text") << movie("1", "NA", "2001-01-01", "5", "8") << RowFate::Kept << -1;
    QTest::newRow("overview null is text")
        << movie("1", "A", "2001-01-01", "5", "8", "10", "null") << RowFate::Kept << -1;
    QTest::newRow("popularity NA") << movie("1", "A", "2001-01-01", "NA", "8") << RowFate::Missing << 5;
    QTest::newRow("rating NaN") << movie("1", "A", "2001-01-01", "5", "NaN") << RowFate::Missing << 6;
    QTest::newRow("rating nan") << movie("1", "A", "2001-01-01", "5", " nan ") << RowFate::Missing << 6;
    QTest::newRow("votes NULL") << movie("1", "A", "2001-01-01", "5", "8", "NULL") << RowFate::Missing << 7;
    QTest::newRow("votes None") << movie("1", "A", "2001-01-01", "5", "8", "None") << RowFate::Missing << 7;
    QTest::newRow("date #N/A") << movie("1", "A", "#N/A", "5", "8") << RowFate::Missing << 4;
    QTest::newRow("date N/A") << movie("1", "A", "N/A", "5", "8") << RowFate::Missing << 4;
    QTest::newRow("id n/a") << movie("n/a", "A", "2001-01-01", "5", "8") << RowFate::Missing << 1;
    QTest::newRow("id null") << movie("null", "A", "2001-01-01", "5", "8") << RowFate::Missing << 1;
    QTest::newRow("first missing column wins")
        << movie("", "A", "", "", "8", "10", "") << RowFate::Missing << 1;
    QTest::newRow("missing beats invalid")
        << movie("x", "A", "2001-01-01", "5", "8", "") << RowFate::Missing << 7;
    QTest::newRow("missing beats filter") << movie("1", "", "2001-01-01", "5", "1") << RowFate::Missing << 2;
}

void TestCleaner::missingCells()
{
    QFETCH(QStringList, row);
    QFETCH(RowFate, fate);
    QFETCH(int, column);
    const DataTable table = makeTable(TmdbHeaders, {row});
    const CleanedData data = cleanOk(table);
    QCOMPARE(data.fate.at(0), fate);
    QCOMPARE(int(data.fateColumn.at(0)), column);
    QCOMPARE(data.counts.droppedMissing, fate == RowFate::Missing ? 1 : 0);
    QCOMPARE(data.counts.kept, fate == RowFate::Kept ? 1 : 0);
    QCOMPARE(data.counts.droppedInvalidTotal(), 0);
    QCOMPARE(data.counts.droppedFilter, 0);
}

void TestCleaner::naTokensInUnmappedColumnsAreText()
{
    // The unnamed index column has no role, so it is text: "NA" there is a value, "" is missing.
    const DataTable table = makeTable(TmdbHeaders,
                                      {{"NA", "1", "A", "o", "2001-01-01", "5", "8", "1"},
                                       {"", "2", "B", "o", "2001-01-01", "5", "8", "1"}});
    const CleanedData data = cleanOk(table);
    QCOMPARE(data.fate, (std::vector<RowFate> {RowFate::Kept, RowFate::Missing}));
    QCOMPARE(data.fateColumn, (std::vector<qint16> {-1, 0}));
}

void TestCleaner::invalidValues_data()
{
    QTest::addColumn<QStringList>("row");
    QTest::addColumn<QString>("header");
    QTest::addColumn<int>("column");

    QTest::newRow("id fraction") << movie("12.5", "A", "2001-01-01", "5", "8") << "id" << 1;
    QTest::newRow("id text") << movie("abc", "A", "2001-01-01", "5", "8") << "id" << 1;
    QTest::newRow("id overflow") << movie("99999999999999999999", "A", "2001-01-01", "5", "8") << "id" << 1;
    QTest::newRow("impossible date") << movie("1", "A", "2023-02-30", "5", "8") << "release_date" << 4;
    QTest::newRow("zero date") << movie("1", "A", "0000-00-00", "5", "8") << "release_date" << 4;
    QTest::newRow("five-digit year") << movie("1", "A", "99999-01-01", "5", "8") << "release_date" << 4;
    QTest::newRow("month 13") << movie("1", "A", "2023-13-01", "5", "8") << "release_date" << 4;
    QTest::newRow("popularity inf") << movie("1", "A", "2001-01-01", "inf", "8") << "popularity" << 5;
    QTest::newRow("popularity hex") << movie("1", "A", "2001-01-01", "0x10", "8") << "popularity" << 5;
    QTest::newRow("popularity 1_000") << movie("1", "A", "2001-01-01", "1_000", "8") << "popularity" << 5;
    QTest::newRow("rating 1,5") << movie("1", "A", "2001-01-01", "5", "7,5") << "vote_average" << 6;
    QTest::newRow("rating overflow") << movie("1", "A", "2001-01-01", "5", "1e309") << "vote_average" << 6;
    QTest::newRow("votes fraction") << movie("1", "A", "2001-01-01", "5", "8", "10.5") << "vote_count" << 7;
    QTest::newRow("votes bad grouping")
        << movie("1", "A", "2001-01-01", "5", "8", "1,00") << "vote_count" << 7;
}

void TestCleaner::invalidValues()
{
    QFETCH(QStringList, row);
    QFETCH(QString, header);
    QFETCH(int, column);
    const DataTable table = makeTable(TmdbHeaders, {row, movie("2", "Fine", "2001-01-01", "5", "8")});
    const CleanedData data = cleanOk(table);
    QCOMPARE(data.fate, (std::vector<RowFate> {RowFate::Invalid, RowFate::Kept}));
    QCOMPARE(int(data.fateColumn.at(0)), column);
    QCOMPARE(data.counts.droppedInvalid, (QMap<QString, qint64> {{header, 1}}));
    QCOMPARE(data.counts.droppedInvalidTotal(), 1);
    QCOMPARE(data.counts.droppedMissing, 0);
    QCOMPARE(data.counts.kept, 1);
    QCOMPARE(data.rows, (std::vector<qint64> {1}));
}

void TestCleaner::firstInvalidColumnCounts()
{
    // Columns in a different order: the leftmost invalid column is the one counted.
    const QStringList headers = {"Rating", "Popularity", "Title", "Date"};
    const DataTable table = makeTable(headers,
                                      {
                                          {"x", "y", "A", "2001-01-01"},
                                          {"8", "y", "B", "bad"},
                                          {"x", "5", "C", "2001-01-01"},
                                          {"8", "5", "D", "2001-01-01"},
                                      });
    const CleanedData data = cleanOk(table);
    QCOMPARE(data.counts.droppedInvalid, (QMap<QString, qint64> {{"Rating", 2}, {"Popularity", 1}}));
    QCOMPARE(data.fateColumn, (std::vector<qint16> {0, 1, 0, -1}));
    QCOMPARE(data.fate,
             (std::vector<RowFate> {RowFate::Invalid, RowFate::Invalid, RowFate::Invalid, RowFate::Kept}));
    QVERIFY(data.id.empty());
    QVERIFY(data.voteCount.empty());
    QCOMPARE(data.popularity, std::vector<double> {5.0});
}

void TestCleaner::invalidUnderRoleNameWhenHeaderEmpty()
{
    const DataTable table
        = makeTable({"", "title", "date", "popularity", "rating"},
                    {{"7", "A", "2001-01-01", "5", "8"}, {"x", "B", "2001-01-01", "5", "8"}});
    const RoleMap roles = rolesFor(table, {{"id", ""}});
    const CleanedData data = cleanOk(table, {}, &roles);
    QCOMPARE(data.counts.droppedInvalid, (QMap<QString, qint64> {{"id", 1}}));
    QCOMPARE(data.id, std::vector<qint64> {7});
}

void TestCleaner::everyDropReasonCounted()
{
    const DataTable table = makeTable(TmdbHeaders,
                                      {
                                          movie("1", "Kept", "2001-01-01", "5", "8"),
                                          movie("2", "", "2001-01-01", "5", "8"), // missing
                                          movie("3", "Bad date", "2001-02-30", "5", "8"), // invalid
                                          movie("4", "Bad pop", "2001-01-01", "x", "8"), // invalid
                                          movie("5", "Bad pop 2", "2001-01-01", "-", "8"), // invalid
                                          movie("6", "Low", "2001-01-01", "5", "6.9"), // filter
                                          movie("1", "Again", "2001-01-01", "5", "9"), // dup, kept
                                          movie("7", "Kept 2", "2002-01-01", "6", "7.01"),
                                      });
    const CleanedData data = cleanOk(table);
    QCOMPARE(data.counts.read, 8);
    QCOMPARE(data.counts.droppedMissing, 1);
    QCOMPARE(data.counts.droppedInvalid, (QMap<QString, qint64> {{"release_date", 1}, {"popularity", 2}}));
    QCOMPARE(data.counts.droppedInvalidTotal(), 3);
    QCOMPARE(data.counts.droppedFilter, 1);
    QCOMPARE(data.counts.duplicateIds, 1);
    QCOMPARE(data.counts.droppedDuplicates, 0);
    QCOMPARE(data.counts.kept, 3);
    QCOMPARE(data.counts.read,
             data.counts.droppedMissing + data.counts.droppedInvalidTotal() + data.counts.droppedFilter
                 + data.counts.droppedDuplicates + data.counts.kept);
    QCOMPARE(data.fate,
             (std::vector<RowFate> {RowFate::Kept, RowFate::Missing, RowFate::Invalid, RowFate::Invalid,
                                    RowFate::Invalid, RowFate::Filtered, RowFate::Kept, RowFate::Kept}));
    QCOMPARE(data.fateColumn, (std::vector<qint16> {-1, 2, 4, 5, 5, -1, -1, -1}));
    QCOMPARE(data.rows, (std::vector<qint64> {0, 6, 7}));
    QCOMPARE(data.warnings,
             QStringList {QStringLiteral(
                 "1 row repeats an id seen earlier; to keep only the first of each id, turn on "
                 "\"Keep only the first row of each id\" (movieflow-cli: --dedupe).")});
}

void TestCleaner::checkedSubset()
{
    CleanSettings settings;
    settings.checkedColumns = {"title", "vote_average"};
    const DataTable table = makeTable(TmdbHeaders,
                                      {
                                          movie("1", "No overview", "2001-01-01", "5", "8", "10", ""),
                                          movie("2", "", "2001-01-01", "5", "8"),
                                          movie("3", "Rating NA", "2001-01-01", "5", "NA"),
                                          movie("4", "Pop blank", "2001-01-01", " ", "8"),
                                          movie("5", "Date NA", "NA", "5", "8"),
                                          movie("6", "Votes NA", "2001-01-01", "5", "8", "NA"),
                                          movie("", "Id blank", "2001-01-01", "5", "8"),
                                          movie("", "Id blank again", "2001-01-01", "5", "8"),
                                          movie("7", "Votes bad", "2001-01-01", "5", "8", "x"),
                                          {"", "8", "Index blank", "o", "2001-01-01", "5", "8", "1"},
                                      });
    const CleanedData data = cleanOk(table, settings);
    // Unchecked text columns may be blank; unchecked optional typed columns may be missing (the row
    // stays, the value is 0); required typed columns must have a value, and an invalid value is
    // invalid whether checked or not.
    QCOMPARE(data.fate,
             (std::vector<RowFate> {RowFate::Kept, RowFate::Missing, RowFate::Missing, RowFate::Missing,
                                    RowFate::Missing, RowFate::Kept, RowFate::Kept, RowFate::Kept,
                                    RowFate::Invalid, RowFate::Kept}));
    QCOMPARE(data.fateColumn, (std::vector<qint16> {-1, 2, 6, 5, 4, -1, -1, -1, 7, -1}));
    QCOMPARE(data.counts.droppedMissing, 4);
    QCOMPARE(data.counts.droppedInvalid, (QMap<QString, qint64> {{"vote_count", 1}}));
    QCOMPARE(data.counts.kept, 5);
    QCOMPARE(data.rows, (std::vector<qint64> {0, 5, 6, 7, 9}));
    QCOMPARE(data.voteCount, (std::vector<qint64> {10, 0, 100, 100, 1}));
    QCOMPARE(data.id, (std::vector<qint64> {1, 6, 0, 0, 8}));
    // Blank ids are not ids: they repeat nothing.
    QCOMPARE(data.counts.duplicateIds, 0);
}

void TestCleaner::checkedByRoleName()
{
    // "Rating" is the header, vote_average its role: both name the same column.
    const DataTable table
        = makeTable({"Name", "Date", "Popularity", "Rating", "Notes"},
                    {{"A", "2001-01-01", "5", "8", ""}, {"B", "2001-01-01", "5", "NA", "x"}});
    for (const QString &name : {QStringLiteral("Rating"), QStringLiteral("vote_average")}) {
        CleanSettings settings;
        settings.checkedColumns = {name};
        const CleanedData data = cleanOk(table, settings);
        QCOMPARE(data.fate, (std::vector<RowFate> {RowFate::Kept, RowFate::Missing}));
        QCOMPARE(data.fateColumn, (std::vector<qint16> {-1, 3}));
    }
    // All columns by default: the blank note drops the first row.
    const CleanedData all = cleanOk(table);
    QCOMPARE(all.fate, (std::vector<RowFate> {RowFate::Missing, RowFate::Missing}));
    QCOMPARE(all.fateColumn, (std::vector<qint16> {4, 3}));
}

void TestCleaner::unknownCheckedColumn()
{
    const DataTable table = makeTable(TmdbHeaders, {movie("1", "A", "2001-01-01", "5", "8")});
    CleanSettings settings;
    settings.checkedColumns = {"title", "Director"};
    const Result<CleanedData> result = cleanTable(table, rolesFor(table), settings);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Input);
    QVERIFY2(result.error().message.contains(QStringLiteral("\"Director\"")),
             qPrintable(result.error().message));
    QVERIFY(result.error().message.contains(QStringLiteral("\"vote_average\"")));
}

void TestCleaner::filter_data()
{
    QTest::addColumn<double>("minRating");
    QTest::addColumn<bool>("inclusive");
    QTest::addColumn<QList<qint64>>("kept");
    // ratings: 6.9, 7.0, 7.0000001, 8, 10
    QTest::newRow("default > 7") << 7.0 << false << QList<qint64> {2, 3, 4};
    QTest::newRow("inclusive >= 7") << 7.0 << true << QList<qint64> {1, 2, 3, 4};
    QTest::newRow("> 8") << 8.0 << false << QList<qint64> {4};
    QTest::newRow(">= 8") << 8.0 << true << QList<qint64> {3, 4};
    QTest::newRow("> 0") << 0.0 << false << QList<qint64> {0, 1, 2, 3, 4};
    QTest::newRow("> 10") << 10.0 << false << QList<qint64> {};
    QTest::newRow(">= 10") << 10.0 << true << QList<qint64> {4};
}

void TestCleaner::filter()
{
    QFETCH(double, minRating);
    QFETCH(bool, inclusive);
    QFETCH(QList<qint64>, kept);
    const DataTable table = makeTable(TmdbHeaders,
                                      {
                                          movie("1", "A", "2001-01-01", "5", "6.9"),
                                          movie("2", "B", "2001-01-01", "5", "7.0"),
                                          movie("3", "C", "2001-01-01", "5", "7.0000001"),
                                          movie("4", "D", "2001-01-01", "5", "8"),
                                          movie("5", "E", "2001-01-01", "5", "10"),
                                      });
    CleanSettings settings;
    settings.minRating = minRating;
    settings.inclusive = inclusive;
    const CleanedData data = cleanOk(table, settings);
    QCOMPARE(data.rows, std::vector<qint64>(kept.begin(), kept.end()));
    QCOMPARE(data.counts.droppedFilter, 5 - kept.size());
    for (qsizetype r = 0; r < 5; ++r)
        QCOMPARE(data.fate[size_t(r)], kept.contains(r) ? RowFate::Kept : RowFate::Filtered);
}

void TestCleaner::duplicateIdsCounted()
{
    // Every row read counts, whatever happens to it later; invalid ids are not ids.
    const DataTable table = makeTable(TmdbHeaders,
                                      {
                                          movie("10", "A", "2001-01-01", "5", "8"),
                                          movie("10", "A again, missing", "2001-01-01", "5", "8", ""),
                                          movie("10", "A filtered", "2001-01-01", "5", "1"),
                                          movie("1,0", "not an id", "2001-01-01", "5", "8"),
                                          movie("x", "not an id", "2001-01-01", "5", "8"),
                                          movie("x", "not an id", "2001-01-01", "5", "8"),
                                          movie("20", "B", "2001-01-01", "5", "8"),
                                          movie("20.0", "B as decimal", "2001-01-01", "5", "8"),
                                          movie("-9223372036854775808", "min", "2001-01-01", "5", "8"),
                                          movie("-9223372036854775808", "min", "2001-01-01", "5", "8"),
                                      });
    const CleanedData data = cleanOk(table);
    QCOMPARE(data.counts.duplicateIds, 4);
    QCOMPARE(data.counts.droppedDuplicates, 0);
    QCOMPARE(data.warnings,
             QStringList {QStringLiteral(
                 "4 rows repeat an id seen earlier; to keep only the first of each id, turn on "
                 "\"Keep only the first row of each id\" (movieflow-cli: --dedupe).")});
}

void TestCleaner::duplicateIdsNarrowAndWideRange_data()
{
    // Narrow ranges use a bitmap, wide ones a hash table: both must count the same way.
    QTest::addColumn<qint64>("step");
    QTest::addColumn<qint64>("offset");
    QTest::newRow("consecutive") << qint64(1) << qint64(0);
    QTest::newRow("negative consecutive") << qint64(1) << qint64(-3000);
    QTest::newRow("wide, shared low bits") << (qint64(1) << 40) << qint64(0);
    QTest::newRow("wide, negative") << (qint64(1) << 50) << -(qint64(1) << 62);
}

void TestCleaner::duplicateIdsNarrowAndWideRange()
{
    QFETCH(qint64, step);
    QFETCH(qint64, offset);
    // 3000 distinct ids; every third row repeats the id two rows before it. With dedupe, the repeats
    // that pass the filter go.
    DataTable table(TmdbHeaders);
    qint64 expectedDuplicates = 0;
    qint64 expectedRemoved = 0;
    for (qint64 i = 0; i < 3000; ++i) {
        const QByteArray id = QByteArray::number(offset + i * step);
        table.appendRow({"0", id.constData(), "A", "o", "2001-01-01", "5", "8", "1"});
        if (i % 3 == 2) {
            const QByteArray again = QByteArray::number(offset + (i - 2) * step);
            const char *rating = i % 2 == 0 ? "9" : "1";
            table.appendRow({"0", again.constData(), "A", "o", "2001-01-01", "5", rating, "1"});
            ++expectedDuplicates;
            if (i % 2 == 0)
                ++expectedRemoved;
        }
    }
    CleanSettings settings;
    settings.dedupe = true;
    const CleanedData data = cleanOk(table, settings);
    QCOMPARE(data.counts.duplicateIds, expectedDuplicates);
    QCOMPARE(data.counts.droppedDuplicates, expectedRemoved);
    QCOMPARE(data.counts.kept, 3000);
    for (qsizetype i = 0; i < data.size(); ++i)
        QCOMPARE(data.id[size_t(i)], offset + qint64(i) * step);
}

void TestCleaner::dedupeKeepsFirstKept()
{
    const DataTable table = makeTable(TmdbHeaders,
                                      {
                                          movie("1", "first, filtered", "2001-01-01", "5", "6"),
                                          movie("1", "second, kept", "2001-01-01", "5", "8"),
                                          movie("2", "B", "2001-01-01", "5", "8"),
                                          movie("1", "third, duplicate", "2001-01-01", "5", "9"),
                                          movie("2", "B again", "2001-01-01", "5", "9"),
                                          movie("2", "B filtered", "2001-01-01", "5", "3"),
                                          movie("3", "C", "2001-01-01", "5", "8"),
                                      });
    CleanSettings settings;
    settings.dedupe = true;
    const CleanedData data = cleanOk(table, settings);
    QCOMPARE(data.fate,
             (std::vector<RowFate> {RowFate::Filtered, RowFate::Kept, RowFate::Kept, RowFate::Duplicate,
                                    RowFate::Duplicate, RowFate::Filtered, RowFate::Kept}));
    QCOMPARE(data.rows, (std::vector<qint64> {1, 2, 6}));
    QCOMPARE(data.id, (std::vector<qint64> {1, 2, 3}));
    QCOMPARE(data.counts.duplicateIds, 4);
    QCOMPARE(data.counts.droppedDuplicates, 2);
    QCOMPARE(data.counts.droppedFilter, 2);
    QCOMPARE(data.counts.kept, 3);
    QCOMPARE(data.warnings,
             QStringList {QStringLiteral("4 rows repeat an id seen earlier; de-duplication kept the first "
                                         "of each id and removed 2 more.")});

    settings.dedupe = false;
    const CleanedData all = cleanOk(table, settings);
    QCOMPARE(all.rows, (std::vector<qint64> {1, 2, 3, 4, 6}));
}

void TestCleaner::dedupeWithoutIdColumn()
{
    const DataTable table = makeTable({"title", "date", "popularity", "rating"},
                                      {{"A", "2001-01-01", "5", "8"}, {"A", "2001-01-01", "5", "8"}});
    CleanSettings settings;
    settings.dedupe = true;
    const CleanedData data = cleanOk(table, settings);
    QCOMPARE(data.counts.kept, 2);
    QCOMPARE(data.counts.duplicateIds, 0);
    QCOMPARE(data.warnings.size(), 1);
    QVERIFY(data.warnings.first().contains(QStringLiteral("no id column")));
}

void TestCleaner::dayFirstDetection()
{
    // One first part > 12 anywhere in the column makes the whole column day-first.
    const DataTable table = makeTable({"title", "date", "popularity", "rating"},
                                      {{"A", "03/04/2001", "5", "8"},
                                       {"B", "2001-06-07", "5", "8"},
                                       {"C", "12.11.1999", "5", "8"},
                                       {"D", "25/12/2010", "5", "8"},
                                       {"E", "01/13/2001", "5", "8"}});
    const CleanedData data = cleanOk(table);
    QCOMPARE(data.releaseDate,
             (std::vector<QDate> {QDate(2001, 4, 3), QDate(2001, 6, 7), QDate(1999, 11, 12),
                                  QDate(2010, 12, 25)}));
    QCOMPARE(data.fate.back(), RowFate::Invalid);
    QCOMPARE(data.counts.droppedInvalid, (QMap<QString, qint64> {{"date", 1}}));
}

void TestCleaner::monthFirstDefault()
{
    const DataTable table = makeTable({"title", "date", "popularity", "rating"},
                                      {{"A", "03/04/2001", "5", "8"}, {"B", "12/31/1999", "5", "8"}});
    const CleanedData data = cleanOk(table);
    QCOMPARE(data.releaseDate, (std::vector<QDate> {QDate(2001, 3, 4), QDate(1999, 12, 31)}));
}

void TestCleaner::serials()
{
    DataTable table
        = makeTable({"title", "date", "popularity", "rating"},
                    {{"A", "35958", "5", "8"}, {"B", "45497.5", "5", "8"}, {"C", "2001-01-02", "5", "8"}});
    const CleanedData text = cleanOk(table);
    QCOMPARE(text.fate, (std::vector<RowFate> {RowFate::Invalid, RowFate::Invalid, RowFate::Kept}));
    QCOMPARE(text.counts.droppedInvalid, (QMap<QString, qint64> {{"date", 2}}));

    table.setNumericDatesAreSerials(true);
    const CleanedData serial = cleanOk(table);
    QCOMPARE(serial.counts.kept, 3);
    QCOMPARE(serial.releaseDate,
             (std::vector<QDate> {QDate(1998, 6, 12), QDate(2024, 7, 24), QDate(2001, 1, 2)}));
}

void TestCleaner::missingRequiredRole()
{
    const DataTable table = makeTable(TmdbHeaders, {movie("1", "A", "2001-01-01", "5", "8")});
    RoleMap roles = rolesFor(table);
    roles.columns[size_t(Role::Popularity)] = -1;
    const Result<CleanedData> result = cleanTable(table, roles, {});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Input);
    QVERIFY(result.error().message.contains(QStringLiteral("popularity")));

    roles.columns[size_t(Role::Popularity)] = 99;
    QVERIFY(!cleanTable(table, roles, {}).ok());
}

void TestCleaner::badMinRating()
{
    const DataTable table = makeTable(TmdbHeaders, {movie("1", "A", "2001-01-01", "5", "8")});
    CleanSettings settings;
    settings.minRating = std::numeric_limits<double>::quiet_NaN();
    const Result<CleanedData> result = cleanTable(table, rolesFor(table), settings);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Usage);
}

void TestCleaner::emptyTable()
{
    const DataTable table(TmdbHeaders);
    const CleanedData data = cleanOk(table);
    QCOMPARE(data.size(), 0);
    QCOMPARE(data.counts.read, 0);
    QCOMPARE(data.counts.kept, 0);
    QVERIFY(data.fate.empty());
    QVERIFY(data.warnings.isEmpty());
}

void TestCleaner::cancel()
{
    const DataTable table = makeTable(TmdbHeaders, {movie("1", "A", "2001-01-01", "5", "8")});
    CancelToken token;
    token.cancel();
    StepContext ctx;
    ctx.cancel = &token;
    const Result<CleanedData> result = cleanTable(table, rolesFor(table), {}, ctx);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Cancelled);
}

void TestCleaner::progress()
{
    DataTable table(TmdbHeaders);
    for (int i = 0; i < 200000; ++i)
        table.appendRow({"0", "1", "A", "o", "2001-01-01", "5", "8", "1"});
    std::vector<double> reported;
    StepContext ctx;
    ctx.progress = [&reported](double fraction) { reported.push_back(fraction); };
    const Result<CleanedData> result = cleanTable(table, rolesFor(table), {}, ctx);
    QVERIFY(result.ok());
    QVERIFY(reported.size() >= 4);
    QVERIFY(reported.size() < 20);
    QCOMPARE(reported.back(), 1.0);
    QVERIFY(std::is_sorted(reported.begin(), reported.end()));
    QCOMPARE(result.value().counts.duplicateIds, 199999);
}

void TestCleaner::millionRows()
{
    DataTable table(TmdbHeaders);
    constexpr int Rows = 1000000;
    table.reserve(Rows, qsizetype(Rows) * 80);
    for (int i = 0; i < Rows; ++i) {
        const std::string index = std::to_string(i);
        const std::string id = std::to_string(i % 900000); // 100,000 repeats
        const std::string pop = std::to_string(i % 1000) + ".125";
        const std::string rating = std::to_string(5 + i % 5) + ".5";
        const std::string votes = std::to_string(i);
        const std::string date = std::to_string(1950 + i % 70) + "-0" + std::to_string(1 + i % 9) + "-1"
            + std::to_string(i % 10);
        table.appendRow({index, id, "Some title", "Some overview text", date, pop, rating, votes});
    }
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpuStart = std::clock();
    const Result<CleanedData> result = cleanTable(table, rolesFor(table), {});
    const qint64 ms = timer.elapsed();
    const long cpuMs = long((std::clock() - cpuStart) * 1000 / CLOCKS_PER_SEC);
    QVERIFY(result.ok());
    qInfo("cleanTable: %d rows in %lld ms (%ld ms of CPU time)", Rows, ms, cpuMs);
    const CleanCounts &counts = result.value().counts;
    QCOMPARE(counts.read, Rows);
    QCOMPARE(counts.duplicateIds, 100000);
    // Ratings 5.5 6.5 7.5 8.5 9.5 in turn: three in five pass > 7.
    QCOMPARE(counts.kept, Rows / 5 * 3);
    QCOMPARE(counts.droppedFilter, Rows / 5 * 2);
    // A generous bound (release builds take a few hundred ms) that still catches accidental
    // quadratic work or per-cell allocations gone wild.
    QVERIFY2(ms < 5000, qPrintable(QStringLiteral("%1 ms").arg(ms)));
}

QTEST_GUILESS_MAIN(TestCleaner)
#include "tst_cleaner.moc"
