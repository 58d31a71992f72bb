// SPDX-License-Identifier: MIT
#include "ColumnRoles.h"

#include <QTest>

using namespace mf;

using Overrides = QHash<QString, QString>;
Q_DECLARE_METATYPE(mf::ErrorKind)

class TestColumnRoles : public QObject
{
    Q_OBJECT

private slots:
    void roleTable();
    void normalize_data();
    void normalize();
    void roleNames_data();
    void roleNames();
    void mapping_data();
    void mapping();
    void errors_data();
    void errors();
    void missingMessageNamesHeadersAndHowToMap();
    void takenColumnIsExplained();
    void columnHelpers();
};

void TestColumnRoles::roleTable()
{
    const struct
    {
        Role role;
        const char *name;
        ValueType type;
        bool required;
    } expected[] = {
        {Role::Title, "title", ValueType::Text, true},
        {Role::ReleaseDate, "release_date", ValueType::Date, true},
        {Role::Popularity, "popularity", ValueType::Double, true},
        {Role::VoteAverage, "vote_average", ValueType::Double, true},
        {Role::VoteCount, "vote_count", ValueType::Integer, false},
        {Role::Id, "id", ValueType::Integer, false},
        {Role::Overview, "overview", ValueType::Text, false},
    };
    for (const auto &row : expected) {
        const RoleInfo &info = roleInfo(row.role);
        QCOMPARE(info.role, row.role);
        QCOMPARE(QByteArray(info.name), QByteArray(row.name));
        QCOMPARE(info.type, row.type);
        QCOMPARE(info.required, row.required);
        QVERIFY(info.synonyms.contains(normalizeHeader(QString::fromLatin1(row.name))));
    }
    QCOMPARE(roleInfo(Role::VoteAverage).synonyms,
             QStringList({"voteaverage", "rating", "averagerating", "score", "imdbrating"}));
}

void TestColumnRoles::normalize_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("canonical") << "vote_average"
                               << "voteaverage";
    QTest::newRow("spaces and case") << "Vote Average"
                                     << "voteaverage";
    QTest::newRow("mixed") << "  Release_ Date "
                           << "releasedate";
    QTest::newRow("tab") << "IMDb\tRating"
                         << "imdbrating";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("non-ASCII lowercased") << "Année"
                                          << "année";
    QTest::newRow("hyphen kept") << "vote-average"
                                 << "vote-average";
}

void TestColumnRoles::normalize()
{
    QFETCH(QString, header);
    QFETCH(QString, normalized);
    QCOMPARE(normalizeHeader(header), normalized);
}

void TestColumnRoles::roleNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("known");
    QTest::addColumn<int>("role");
    QTest::newRow("vote_average") << "vote_average" << true << int(Role::VoteAverage);
    QTest::newRow("Vote Average") << "Vote Average" << true << int(Role::VoteAverage);
    QTest::newRow("id") << "id" << true << int(Role::Id);
    QTest::newRow("overview") << "overview" << true << int(Role::Overview);
    QTest::newRow("synonym is not a role name") << "rating" << false << 0;
    QTest::newRow("unknown") << "director" << false << 0;
    QTest::newRow("empty") << "" << false << 0;
}

void TestColumnRoles::roleNames()
{
    QFETCH(QString, name);
    QFETCH(bool, known);
    QFETCH(int, role);
    Role found = Role::Title;
    QCOMPARE(roleFromName(name, &found), known);
    if (known)
        QCOMPARE(int(found), role);
}

using Columns = QList<int>; // per role, in Role order

void TestColumnRoles::mapping_data()
{
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<Overrides>("overrides");
    QTest::addColumn<Columns>("columns");

    QTest::newRow("TMDB export")
        << QStringList {"",           "id",           "title",     "overview", "release_date",
                        "popularity", "vote_average", "vote_count"}
        << Overrides() << Columns {2, 4, 5, 6, 7, 1, 3};
    QTest::newRow("only required, other order")
        << QStringList {"vote_average", "popularity", "release_date", "title"} << Overrides()
        << Columns {3, 2, 1, 0, -1, -1, -1};
    QTest::newRow("synonyms") << QStringList {"Movie Title", "Released", "Popularity Score",
                                              "IMDb Rating", "Votes",    "TMDB ID",
                                              "Plot"}
                              << Overrides() << Columns {0, 1, 2, 3, 4, 5, 6};
    QTest::newRow("case, spaces, underscores")
        << QStringList {"TITLE",      "Release Date", "POPULARITY", "Vote_Average",
                        "vote count", "ID",           "Over_view"}
        << Overrides() << Columns {0, 1, 2, 3, 4, 5, 6};
    QTest::newRow("more synonyms") << QStringList {"name",       "date",     "popularity", "average rating",
                                                   "imdb votes", "movie id", "description"}
                                   << Overrides() << Columns {0, 1, 2, 3, 4, 5, 6};
    QTest::newRow("canonical beats an earlier synonym")
        << QStringList {"name", "title", "date", "release_date", "popularity", "score", "vote_average"}
        << Overrides() << Columns {1, 3, 4, 6, -1, -1, -1};
    QTest::newRow("exact beats normalized canonical")
        << QStringList {"Title", "title", "release_date", "popularity", "vote_average"} << Overrides()
        << Columns {1, 2, 3, 4, -1, -1, -1};
    QTest::newRow("two synonyms: the first")
        << QStringList {"movie", "name", "released", "popularity", "rating", "score"} << Overrides()
        << Columns {0, 2, 3, 4, -1, -1, -1};
    QTest::newRow("two canonical: the first")
        << QStringList {"Title", "TITLE", "release date", "popularity", "vote average"} << Overrides()
        << Columns {0, 2, 3, 4, -1, -1, -1};
    QTest::newRow("override required role") << QStringList {"Film", "Premiere", "Buzz", "Stars"}
                                            << Overrides {{"title", "Film"},
                                                          {"release_date", "Premiere"},
                                                          {"popularity", "Buzz"},
                                                          {"vote_average", "Stars"}}
                                            << Columns {0, 1, 2, 3, -1, -1, -1};
    QTest::newRow("override beats auto match")
        << QStringList {"title", "Original Title", "release_date", "popularity", "vote_average"}
        << Overrides {{"title", "Original Title"}} << Columns {1, 2, 3, 4, -1, -1, -1};
    QTest::newRow("override column not auto-matched again")
        << QStringList {"rating", "score", "title", "date", "popularity"}
        << Overrides {{"vote_average", "score"}} << Columns {2, 3, 4, 1, -1, -1, -1};
    QTest::newRow("override takes a synonym column from its role")
        << QStringList {"name", "title", "date", "popularity", "rating"} << Overrides {{"overview", "name"}}
        << Columns {1, 2, 3, 4, -1, -1, 0};
    QTest::newRow("override by normalized header")
        << QStringList {"Film Name", "date", "popularity", "rating"} << Overrides {{"title", "film_name"}}
        << Columns {0, 1, 2, 3, -1, -1, -1};
    QTest::newRow("override key by normalized role name")
        << QStringList {"Film", "date", "popularity", "rating"} << Overrides {{"Title", "Film"}}
        << Columns {0, 1, 2, 3, -1, -1, -1};
    QTest::newRow("override to the unnamed column")
        << QStringList {"", "title", "date", "popularity", "rating"} << Overrides {{"id", ""}}
        << Columns {1, 2, 3, 4, -1, 0, -1};
    QTest::newRow("unnamed column has no role") << QStringList {"", "title", "date", "popularity", "rating"}
                                                << Overrides() << Columns {1, 2, 3, 4, -1, -1, -1};
}

void TestColumnRoles::mapping()
{
    QFETCH(QStringList, headers);
    QFETCH(Overrides, overrides);
    QFETCH(Columns, columns);
    const Result<RoleMap> result = mapRoles(headers, overrides);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    for (int r = 0; r < RoleCount; ++r)
        QCOMPARE(result.value().column(Role(r)), columns.at(r));
}

void TestColumnRoles::errors_data()
{
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<Overrides>("overrides");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QStringList>("mentions");

    QTest::newRow("no headers") << QStringList() << Overrides() << ErrorKind::Input
                                << QStringList {"title", "release_date", "popularity", "vote_average",
                                                "--map"};
    QTest::newRow("missing vote_average")
        << QStringList {"title", "release_date", "popularity", "votes"} << Overrides() << ErrorKind::Input
        << QStringList {"vote_average", "\"votes\"", "--map vote_average=Header", "mapping dialog"};
    QTest::newRow("optional roles never required")
        << QStringList {"id", "overview", "vote_count"} << Overrides() << ErrorKind::Input
        << QStringList {"title, release_date, popularity and vote_average"};
    QTest::newRow("override header not found")
        << QStringList {"title", "release_date", "popularity", "vote_average"}
        << Overrides {{"title", "Film"}} << ErrorKind::Input
        << QStringList {"\"Film\"", "title", "\"release_date\""};
    QTest::newRow("unknown role") << QStringList {"title", "release_date", "popularity", "vote_average"}
                                  << Overrides {{"director", "title"}} << ErrorKind::Usage
                                  << QStringList {"\"director\"", "vote_average", "--map role=Header"};
    QTest::newRow("one header for two roles")
        << QStringList {"Film", "release_date", "popularity", "vote_average"}
        << Overrides {{"title", "Film"}, {"overview", "Film"}} << ErrorKind::Input
        << QStringList {"\"Film\"", "overview", "title", "different column"};
    QTest::newRow("same role twice") << QStringList {"Film", "Name", "release_date", "popularity",
                                                     "vote_average"}
                                     << Overrides {{"title", "Film"}, {"Title", "Name"}} << ErrorKind::Usage
                                     << QStringList {"title", "more than once"};
}

void TestColumnRoles::errors()
{
    QFETCH(QStringList, headers);
    QFETCH(Overrides, overrides);
    QFETCH(ErrorKind, kind);
    QFETCH(QStringList, mentions);
    const Result<RoleMap> result = mapRoles(headers, overrides);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, kind);
    const QString message = result.error().message;
    QVERIFY(message.endsWith(QLatin1Char('.')));
    for (const QString &text : mentions)
        QVERIFY2(message.contains(text), qPrintable(QStringLiteral("\"%1\" not in: %2").arg(text, message)));
}

void TestColumnRoles::missingMessageNamesHeadersAndHowToMap()
{
    const Result<RoleMap> result = mapRoles({"", "Film", "Year", "Score"});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Input);
    const QString message = result.error().message;
    // "Score" is a vote_average synonym, so only the other three are missing.
    QVERIFY2(message.contains(QStringLiteral("title, release_date and popularity")), qPrintable(message));
    QVERIFY(!message.contains(QStringLiteral("vote_average and")));
    QVERIFY2(message.contains(QStringLiteral("(unnamed), \"Film\", \"Year\", \"Score\"")),
             qPrintable(message));
    QVERIFY(message.contains(QStringLiteral("--map")));
}

void TestColumnRoles::takenColumnIsExplained()
{
    const Result<RoleMap> result
        = mapRoles({"title", "date", "popularity", "vote_average"}, Overrides {{"overview", "date"}});
    QVERIFY(!result.ok());
    QVERIFY2(
        result.error().message.contains(QStringLiteral("release_date (its column \"date\" is already mapped "
                                                       "to overview)")),
        qPrintable(result.error().message));
}

void TestColumnRoles::columnHelpers()
{
    const Result<RoleMap> result = mapRoles(
        {"", "id", "title", "overview", "release_date", "popularity", "vote_average", "vote_count", "extra"});
    QVERIFY(result.ok());
    const RoleMap &map = result.value();
    QVERIFY(map.has(Role::Id));
    Role role = Role::Title;
    QVERIFY(map.roleOfColumn(6, &role));
    QCOMPARE(role, Role::VoteAverage);
    QVERIFY(!map.roleOfColumn(0, &role));
    QVERIFY(!map.roleOfColumn(8, &role));
    QVERIFY(!map.roleOfColumn(-1, &role));
    QCOMPARE(map.columnType(0), ValueType::Text);
    QCOMPARE(map.columnType(1), ValueType::Integer);
    QCOMPARE(map.columnType(2), ValueType::Text);
    QCOMPARE(map.columnType(3), ValueType::Text);
    QCOMPARE(map.columnType(4), ValueType::Date);
    QCOMPARE(map.columnType(5), ValueType::Double);
    QCOMPARE(map.columnType(6), ValueType::Double);
    QCOMPARE(map.columnType(7), ValueType::Integer);
    QCOMPARE(map.columnType(8), ValueType::Text);

    const RoleMap empty;
    QVERIFY(!empty.has(Role::Title));
    QCOMPARE(empty.columnType(0), ValueType::Text);
}

QTEST_APPLESS_MAIN(TestColumnRoles)
#include "tst_columnroles.moc"
