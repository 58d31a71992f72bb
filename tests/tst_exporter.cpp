// SPDX-License-Identifier: MIT
#include "Exporter.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace mf;

namespace {

// The TMDB layout: an unnamed index column, then id, title, overview, release_date, popularity,
// vote_average, vote_count. Cells hold raw text as a sheet would; the typed vectors hold what the
// cleaning step would have parsed from them. Row 1 was "dropped" and must not appear.
struct Fixture
{
    DataTable table {QStringList {QString(), QStringLiteral("id"), QStringLiteral("title"),
                                  QStringLiteral("overview"), QStringLiteral("release_date"),
                                  QStringLiteral("popularity"), QStringLiteral("vote_average"),
                                  QStringLiteral("vote_count")}};
    CleanedData data;
    Analysis analysis;

    Fixture()
    {
        table.appendRow(
            {"0", "27205", "Inception", "Cobb, a thief.", "2010-07-15", "92.871", "8.4", "37,402"});
        table.appendRow({"1", "1", "Dropped", "x", "2001-01-01", "1", "5", "1"});
        table.appendRow({"2", "533535.0", "Deadpool & Wolverine", "Says \"hi\"\nthen leaves", "Jul 24 2024",
                         "3011.5770", "7.70", "4121"});
        table.appendRow({"3", " 42 ", "=cmd|' /C calc'!A0", "", "12/06/1998", "-1.5e-5", "7", "0"});

        data.source = &table;
        setRole(Role::Title, 2);
        setRole(Role::ReleaseDate, 4);
        setRole(Role::Popularity, 5);
        setRole(Role::VoteAverage, 6);
        setRole(Role::VoteCount, 7);
        setRole(Role::Id, 1);
        setRole(Role::Overview, 3);
        data.rows = {0, 2, 3};
        data.id = {27205, 533535, 42};
        data.voteCount = {37402, 4121, 0};
        data.popularity = {92.871, 3011.577, -1.5e-05};
        data.voteAverage = {8.4, 7.7, 7.0};
        data.releaseDate = {QDate(2010, 7, 15), QDate(2024, 7, 24), QDate(1998, 6, 12)};

        analysis.top = {{QStringLiteral("Deadpool & Wolverine"), 3011.577, 7.7, QDate(2024, 7, 24), 1},
                        {QStringLiteral("Inception"), 92.871, 8.4, QDate(2010, 7, 15), 0},
                        {QStringLiteral("=cmd|' /C calc'!A0"), -1.5e-05, 7.0, QDate(1998, 6, 12), 2}};
        analysis.moviesPerYear = {{1998, 1}, {2010, 1}, {2024, 1}};
        analysis.titlesByReleaseDate = {2, 0, 1};
        analysis.byPopularity = {1, 0, 2};
    }
    void setRole(Role role, int column) { data.roles.columns[size_t(role)] = column; }
};

const QByteArray expectedCsv
    = ",id,title,overview,release_date,popularity,vote_average,vote_count\n"
      "0,27205,Inception,\"Cobb, a thief.\",2010-07-15,92.871,8.4,37402\n"
      "2,533535,Deadpool & Wolverine,\"Says \"\"hi\"\"\nthen leaves\",2024-07-24,3011.577,"
      "7.7,4121\n"
      "3,42,=cmd|' /C calc'!A0,,1998-06-12,-1.5e-05,7.0,0\n";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return "<missing>";
    return file.readAll();
}

// Every entry, hidden ones included: a QSaveFile leftover would show up here.
QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                                  QDir::Name);
}

QByteArray csvOf(const CleanedData &data, const ExportOptions &options = {})
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!writeCleanedCsv(buffer, data, options))
        return "<failed>";
    return buffer.data();
}

QJsonObject sampleSummary()
{
    return QJsonObject {
        {QStringLiteral("rows"), QJsonObject {{QStringLiteral("read"), 4}, {QStringLiteral("kept"), 3}}},
        {QStringLiteral("avg_rating_top"), 7.7},
        {QStringLiteral("settings"), QJsonObject {{QStringLiteral("min_rating"), 7.0}}}};
}

} // namespace

class TestExporter : public QObject
{
    Q_OBJECT

private slots:
    void canonicalColumns();
    void bomAndFormulaGuard();
    void unmappedRolesAsRead();
    void emptyData();
    void manyRowsProgressAndCancel();
    void exportWritesAllFiles();
    void exportKeepsFolderClean();
    void unwritableFolder();
    void readOnlyFolder();
    void diskFull();
    void existingFileNotReplaced();
    void preCancelled();
    void cancelAfterFirstFile();
    void badCsvName_data();
    void badCsvName();
    void inconsistentAnalysis();
};

void TestExporter::canonicalColumns()
{
    Fixture f;
    const QByteArray csv = csvOf(f.data);
    QCOMPARE(csv, expectedCsv);
    QVERIFY(csv.startsWith(",id,")); // the unnamed index column keeps its empty header
    QVERIFY(!csv.contains("Dropped"));
    QVERIFY(!csv.contains('\r'));
}

void TestExporter::bomAndFormulaGuard()
{
    Fixture f;
    ExportOptions options;
    options.utf8Bom = true;
    options.formulaGuard = true;
    const QByteArray csv = csvOf(f.data, options);
    QVERIFY(csv.startsWith("\xEF\xBB\xBF,id,title"));
    // Text cells are guarded; the negative popularity is a number MovieFlow wrote and stays a number.
    QVERIFY(csv.contains("\n3,42,'=cmd|' /C calc'!A0,,1998-06-12,-1.5e-05,7.0,0\n"));
    QVERIFY(!csv.contains("'-1.5e-05"));
}

// Roles that are not mapped (no typed vector) are plain text columns, written exactly as read.
void TestExporter::unmappedRolesAsRead()
{
    Fixture f;
    f.setRole(Role::Id, -1);
    f.setRole(Role::VoteCount, -1);
    f.data.id.clear();
    f.data.voteCount.clear();
    const QByteArray csv = csvOf(f.data);
    QVERIFY(csv.contains("\n0,27205,Inception,\"Cobb, a thief.\",2010-07-15,92.871,8.4,\"37,402\"\n"));
    QVERIFY(csv.contains("\n2,533535.0,Deadpool"));
    QVERIFY(csv.contains("\n3, 42 ,=cmd"));
}

void TestExporter::emptyData()
{
    Fixture f;
    f.data.rows.clear();
    f.data.id.clear();
    f.data.voteCount.clear();
    f.data.popularity.clear();
    f.data.voteAverage.clear();
    f.data.releaseDate.clear();
    QCOMPARE(csvOf(f.data),
             QByteArray(",id,title,overview,release_date,popularity,vote_average,vote_count\n"));

    CleanedData noSource;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(!writeCleanedCsv(buffer, noSource, {}));
}

void TestExporter::manyRowsProgressAndCancel()
{
    DataTable table(QStringList {QStringLiteral("title"), QStringLiteral("popularity")});
    CleanedData data;
    data.source = &table;
    data.roles.columns[size_t(Role::Title)] = 0;
    data.roles.columns[size_t(Role::Popularity)] = 1;
    const qsizetype rows = 300000;
    for (qsizetype i = 0; i < rows; ++i) {
        table.appendRow({"Film", "1"});
        data.rows.push_back(i);
        data.popularity.push_back(double(i) / 4);
    }

    QList<double> seen;
    StepContext ctx;
    ctx.progress = [&seen](double fraction) { seen.append(fraction); };
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(writeCleanedCsv(buffer, data, {}, ctx));
    QVERIFY(seen.size() >= 4);
    QVERIFY(std::is_sorted(seen.cbegin(), seen.cend()));
    QCOMPARE(seen.last(), 1.0);
    QVERIFY(buffer.data().endsWith("\nFilm,74999.75\n"));

    // A cancel seen at a checkpoint stops the writing early.
    CancelToken token;
    StepContext cancelling;
    cancelling.cancel = &token;
    cancelling.progress = [&token](double fraction) {
        if (fraction > 0.3)
            token.cancel();
    };
    QBuffer partial;
    partial.open(QIODevice::WriteOnly);
    QVERIFY(!writeCleanedCsv(partial, data, {}, cancelling));
    QVERIFY(partial.data().size() < buffer.data().size());
}

void TestExporter::exportWritesAllFiles()
{
    Fixture f;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("staging"));
    QList<double> seen;
    StepContext ctx;
    ctx.progress = [&seen](double fraction) { seen.append(fraction); };

    const Result<ExportedFiles> result = exportResults(
        f.data, f.analysis, sampleSummary(), folder, QStringLiteral("movies_2024-06-01_080005.csv"), {}, ctx);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    const ExportedFiles &files = result.value();
    QCOMPARE(files.csv, QDir(folder).absoluteFilePath(QStringLiteral("movies_2024-06-01_080005.csv")));
    QCOMPARE(files.top, QDir(folder).absoluteFilePath(QStringLiteral("top.csv")));
    QCOMPARE(files.moviesPerYear, QDir(folder).absoluteFilePath(QStringLiteral("movies_per_year.csv")));
    QCOMPARE(files.titlesByReleaseDate,
             QDir(folder).absoluteFilePath(QStringLiteral("titles_by_release_date.csv")));
    QCOMPARE(files.summary, QDir(folder).absoluteFilePath(QStringLiteral("summary.json")));
    QCOMPARE(entries(folder),
             (QStringList {QStringLiteral("movies_2024-06-01_080005.csv"),
                           QStringLiteral("movies_per_year.csv"), QStringLiteral("summary.json"),
                           QStringLiteral("titles_by_release_date.csv"), QStringLiteral("top.csv")}));

    QCOMPARE(readAll(files.csv), expectedCsv);
    QCOMPARE(readAll(files.top),
             QByteArray("rank,title,popularity,vote_average,release_date\n"
                        "1,Deadpool & Wolverine,3011.577,7.7,2024-07-24\n"
                        "2,Inception,92.871,8.4,2010-07-15\n"
                        "3,=cmd|' /C calc'!A0,-1.5e-05,7.0,1998-06-12\n"));
    QCOMPARE(readAll(files.moviesPerYear), QByteArray("year,count\n1998,1\n2010,1\n2024,1\n"));
    QCOMPARE(readAll(files.titlesByReleaseDate),
             QByteArray("title,release_date\n"
                        "=cmd|' /C calc'!A0,1998-06-12\n"
                        "Inception,2010-07-15\n"
                        "Deadpool & Wolverine,2024-07-24\n"));
    const QByteArray json = readAll(files.summary);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(document.object(), sampleSummary());
    QVERIFY(json.contains("\n    \"")); // indented

    QVERIFY(!seen.isEmpty());
    QVERIFY(std::is_sorted(seen.cbegin(), seen.cend()));
    QCOMPARE(seen.last(), 1.0);
}

// The guard reaches the analysis files too, for their text cells only.
void TestExporter::exportKeepsFolderClean()
{
    Fixture f;
    QTemporaryDir dir;
    ExportOptions options;
    options.formulaGuard = true;
    const Result<ExportedFiles> result
        = exportResults(f.data, f.analysis, {}, dir.path(), QStringLiteral("out.csv"), options);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QVERIFY(readAll(result.value().top).contains("\n3,'=cmd|' /C calc'!A0,-1.5e-05,7.0,1998-06-12\n"));
    QVERIFY(readAll(result.value().titlesByReleaseDate).contains("\n'=cmd|' /C calc'!A0,1998-06-12\n"));
    QCOMPARE(entries(dir.path()).size(), 5);
}

// A folder that cannot exist (a file is in the way) works as "unwritable" even for root.
void TestExporter::unwritableFolder()
{
    Fixture f;
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.write("not a folder");
    blocker.close();
    const QString folder = dir.filePath(QStringLiteral("blocker/out"));

    const Result<ExportedFiles> result
        = exportResults(f.data, f.analysis, sampleSummary(), folder, QStringLiteral("movies.csv"), {});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Output);
    QVERIFY2(result.error().message.contains(QDir::toNativeSeparators(folder)),
             qPrintable(result.error().message));
    QCOMPARE(entries(dir.path()), QStringList {QStringLiteral("blocker")});
    QCOMPARE(readAll(blocker.fileName()), QByteArray("not a folder"));
}

void TestExporter::readOnlyFolder()
{
    if (::geteuid() == 0)
        QSKIP("Running as root, which ignores folder permissions; unwritableFolder covers the error path.");
    Fixture f;
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    const Result<ExportedFiles> result
        = exportResults(f.data, f.analysis, sampleSummary(), dir.path(), QStringLiteral("movies.csv"), {});
    QFile::setPermissions(dir.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Output);
    QVERIFY2(result.error().message.contains(QStringLiteral("movies.csv")),
             qPrintable(result.error().message));
    QVERIFY(entries(dir.path()).isEmpty());
}

// /dev/full fails every write with ENOSPC, like a full disk.
void TestExporter::diskFull()
{
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("/dev/full does not exist on this system, so a full disk cannot be simulated.");
    Fixture f;
    QFile full(QStringLiteral("/dev/full"));
    QVERIFY(full.open(QIODevice::WriteOnly));
    QVERIFY(!writeCleanedCsv(full, f.data, {}));
    QCOMPARE(full.error(), QFileDevice::ResourceError);
}

void TestExporter::existingFileNotReplaced()
{
    Fixture f;
    QTemporaryDir dir;
    QFile old(dir.filePath(QStringLiteral("top.csv")));
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("an earlier output\n");
    old.close();

    const Result<ExportedFiles> result
        = exportResults(f.data, f.analysis, sampleSummary(), dir.path(), QStringLiteral("movies.csv"), {});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Output);
    QVERIFY(result.error().message.contains(QStringLiteral("top.csv")));
    QCOMPARE(entries(dir.path()), QStringList {QStringLiteral("top.csv")});
    QCOMPARE(readAll(old.fileName()), QByteArray("an earlier output\n"));
}

void TestExporter::preCancelled()
{
    Fixture f;
    QTemporaryDir dir;
    CancelToken token;
    token.cancel();
    StepContext ctx;
    ctx.cancel = &token;
    const QString folder = dir.filePath(QStringLiteral("never"));
    const Result<ExportedFiles> result
        = exportResults(f.data, f.analysis, sampleSummary(), folder, QStringLiteral("movies.csv"), {}, ctx);
    QCOMPARE(result.error().kind, ErrorKind::Cancelled);
    QVERIFY(entries(dir.path()).isEmpty());
}

// Cancelled once the CSV is committed: the CSV goes again, an unrelated file stays as it was.
void TestExporter::cancelAfterFirstFile()
{
    Fixture f;
    QTemporaryDir dir;
    QFile notes(dir.filePath(QStringLiteral("notes.txt")));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("keep me");
    notes.close();

    CancelToken token;
    StepContext ctx;
    ctx.cancel = &token;
    bool csvWasThere = false;
    ctx.progress = [&](double fraction) {
        if (fraction >= 0.9 && !token.isCancelled()) {
            csvWasThere = QFile::exists(dir.filePath(QStringLiteral("movies.csv")));
            token.cancel();
        }
    };
    const Result<ExportedFiles> result = exportResults(f.data, f.analysis, sampleSummary(), dir.path(),
                                                       QStringLiteral("movies.csv"), {}, ctx);
    QCOMPARE(result.error().kind, ErrorKind::Cancelled);
    QVERIFY(csvWasThere);
    QCOMPARE(entries(dir.path()), QStringList {QStringLiteral("notes.txt")});
    QCOMPARE(readAll(notes.fileName()), QByteArray("keep me"));
}

void TestExporter::badCsvName_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("parent") << QStringLiteral("../movies.csv");
    QTest::newRow("subfolder") << QStringLiteral("a/movies.csv");
    QTest::newRow("dot-dot") << QStringLiteral("..");
    QTest::newRow("clashes with top.csv") << QStringLiteral("top.csv");
    QTest::newRow("clashes with summary.json") << QStringLiteral("summary.json");
}

void TestExporter::badCsvName()
{
    QFETCH(QString, name);
    Fixture f;
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("staging"));
    const Result<ExportedFiles> result = exportResults(f.data, f.analysis, sampleSummary(), folder, name, {});
    QCOMPARE(result.error().kind, ErrorKind::Usage);
    QVERIFY(entries(dir.path()).isEmpty());
}

// An analysis pointing past the cleaned rows is a bug: reported, and nothing is left behind.
void TestExporter::inconsistentAnalysis()
{
    Fixture f;
    f.analysis.titlesByReleaseDate = {0, 99};
    QTemporaryDir dir;
    const Result<ExportedFiles> result
        = exportResults(f.data, f.analysis, sampleSummary(), dir.path(), QStringLiteral("movies.csv"), {});
    QCOMPARE(result.error().kind, ErrorKind::Internal);
    QVERIFY(result.error().message.contains(QStringLiteral("titles_by_release_date.csv")));
    QVERIFY(entries(dir.path()).isEmpty());
}

QTEST_GUILESS_MAIN(TestExporter)
#include "tst_exporter.moc"
