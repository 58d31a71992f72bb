// SPDX-License-Identifier: MIT
#include "FileOps.h"
#include "ZipArchive.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipfileinfo.h>

#include <memory>

#include <sys/stat.h>
#include <unistd.h>

using namespace mf;

namespace {

const QDateTime runStart(QDate(2024, 6, 1), QTime(8, 0, 5));

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return "<missing>";
    return file.readAll();
}

QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                                  QDir::Name);
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

qint64 deviceOf(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return qint64(info.st_dev);
}

/// A temporary folder on another file system than the default temporary folder: /dev/shm (tmpfs)
/// when it is one. Null when there is none, and the test skips.
std::unique_ptr<QTemporaryDir> otherFileSystemDir()
{
    if (!QFileInfo(QStringLiteral("/dev/shm")).isDir())
        return nullptr;
    auto dir = std::make_unique<QTemporaryDir>(QStringLiteral("/dev/shm/movieflow-test-XXXXXX"));
    if (!dir->isValid() || deviceOf(dir->path()) == deviceOf(QDir::tempPath()))
        return nullptr;
    return dir;
}

/// What an export leaves in its staging folder: five files with distinct contents.
struct Staged
{
    ExportedFiles files;
    QMap<QString, QByteArray> contents; ///< by name inside the zip (the CSV under "<base>.csv")
};

Staged stage(const QString &folder, qsizetype csvRows = 3)
{
    Staged staged;
    QDir().mkpath(folder);
    QByteArray csv = ",id,title,release_date\n";
    for (qsizetype i = 0; i < csvRows; ++i)
        csv += QByteArray::number(i) + "," + QByteArray::number(1000 + i) + ",Amélie " + QByteArray::number(i)
            + ",2001-04-25\n";
    const QByteArray top = "rank,title,popularity,vote_average,release_date\n1,Amélie 0,1.5,8.0,2001-04-25\n";
    const QByteArray perYear = "year,count\n2001,3\n";
    const QByteArray titles = "title,release_date\nAmélie 0,2001-04-25\n";
    const QByteArray summary = "{\n    \"kept\": 3\n}\n";
    const QDir dir(folder);
    staged.files.csv = dir.absoluteFilePath(QStringLiteral("movies_2024-06-01_080005.csv"));
    staged.files.top = dir.absoluteFilePath(QStringLiteral("top.csv"));
    staged.files.moviesPerYear = dir.absoluteFilePath(QStringLiteral("movies_per_year.csv"));
    staged.files.titlesByReleaseDate = dir.absoluteFilePath(QStringLiteral("titles_by_release_date.csv"));
    staged.files.summary = dir.absoluteFilePath(QStringLiteral("summary.json"));
    writeFile(staged.files.csv, csv);
    writeFile(staged.files.top, top);
    writeFile(staged.files.moviesPerYear, perYear);
    writeFile(staged.files.titlesByReleaseDate, titles);
    writeFile(staged.files.summary, summary);
    staged.contents.insert(QStringLiteral("<csv>"), csv);
    staged.contents.insert(QStringLiteral("top.csv"), top);
    staged.contents.insert(QStringLiteral("movies_per_year.csv"), perYear);
    staged.contents.insert(QStringLiteral("titles_by_release_date.csv"), titles);
    staged.contents.insert(QStringLiteral("summary.json"), summary);
    return staged;
}

QStringList outputNames(const QString &base, bool csv, bool zip)
{
    QStringList names;
    if (csv)
        names << base + QStringLiteral(".csv");
    names << base + QStringLiteral("_movies_per_year.csv") << base + QStringLiteral("_summary.json")
          << base + QStringLiteral("_titles_by_release_date.csv") << base + QStringLiteral("_top.csv");
    if (zip)
        names << base + QStringLiteral(".zip");
    names.sort();
    return names;
}

/// Every entry of an archive, read back with QuaZip; empty on any error.
QMap<QString, QByteArray> readZip(const QString &path, bool *allDeflated = nullptr)
{
    QMap<QString, QByteArray> result;
    QuaZip zip(path);
    if (!zip.open(QuaZip::mdUnzip))
        return {};
    if (allDeflated)
        *allDeflated = true;
    for (bool more = zip.goToFirstFile(); more; more = zip.goToNextFile()) {
        QuaZipFileInfo64 info;
        if (!zip.getCurrentFileInfo(&info))
            return {};
        if (allDeflated && info.method != Z_DEFLATED)
            *allDeflated = false;
        QuaZipFile file(&zip);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        result.insert(zip.getCurrentFileName(), file.readAll());
        file.close();
        if (file.getZipError() != UNZ_OK)
            return {};
    }
    if (zip.getZipError() != UNZ_OK)
        return {};
    return result;
}

QJsonObject manifestInfo()
{
    return QJsonObject {{QStringLiteral("source"), QStringLiteral("movie.csv")},
                        {QStringLiteral("rows"),
                         QJsonObject {{QStringLiteral("read"), 8580}, {QStringLiteral("kept"), 3180}}},
                        {QStringLiteral("settings"), QJsonObject {{QStringLiteral("min_rating"), 7.0}}}};
}

FileOpsOptions optionsFor(const QString &outputDir, bool zip = true, bool keepCsv = true)
{
    FileOpsOptions options;
    options.outputDir = outputDir;
    options.zip = zip;
    options.keepCsv = keepCsv;
    return options;
}

} // namespace

class TestFileOps : public QObject
{
    Q_OBJECT

private slots:
    void defaultTemplate();
    void expandTemplate_data();
    void expandTemplate();
    void templateErrors_data();
    void templateErrors();
    void longTemplateIsBounded();
    void sha256OfFiles();
    void moveSameFileSystem();
    void moveNeverOverwrites();
    void moveErrors();
    void moveAcrossFileSystems();
    void moveAcrossFileSystemsNeverOverwrites();
    void finalizeZipAndKeep();
    void finalizeZipOnly();
    void finalizeNoZip();
    void finalizeUtf8Names();
    void collisionSuffix_data();
    void collisionSuffix();
    void finalizeAcrossFileSystems();
    void failureMidwayRollsBack_data();
    void failureMidwayRollsBack();
    void readOnlyOutputFolder();
    void outputFolderBlockedByFile();
    void preCancelled();
    void cancelDuringZip();
    void unsafeBaseName();
    void missingStagedFile();
    void zipArchive_data();
    void zipArchive();
    void zipVerifyCatchesDamage();
    void zipNeverOverwrites();
    void zipCancelled_data();
    void zipCancelled();
};

void TestFileOps::defaultTemplate()
{
    QCOMPARE(defaultNameTemplate(), QStringLiteral("processed_movies_{timestamp}"));
    const Result<QString> name
        = expandNameTemplate(defaultNameTemplate(), {runStart, 3180, QStringLiteral("movie")});
    QVERIFY(name.ok());
    QCOMPARE(name.value(), QStringLiteral("processed_movies_2024-06-01_080005"));
}

void TestFileOps::expandTemplate_data()
{
    QTest::addColumn<QString>("templ");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    const QString movie = QStringLiteral("movie");
    QTest::newRow("timestamp") << "{timestamp}" << movie << "2024-06-01_080005";
    QTest::newRow("date") << "{date}" << movie << "2024-06-01";
    QTest::newRow("time") << "{time}" << movie << "080005";
    QTest::newRow("rows") << "{rows}" << movie << "3180";
    QTest::newRow("source") << "{source}" << movie << "movie";
    QTest::newRow("mixed") << "{source}_{rows}_rows_{date}" << movie << "movie_3180_rows_2024-06-01";
    QTest::newRow("token case-insensitive") << "{DATE}-{Time}" << movie << "2024-06-01-080005";
    QTest::newRow("plain text") << "weekly export" << movie << "weekly export";
    QTest::newRow("lone closing brace") << "a}b" << movie << "a}b";
    QTest::newRow("utf-8 kept") << "Amélie {date} 天気" << movie << "Amélie 2024-06-01 天気";
    QTest::newRow("parent folder") << "../x" << movie << "__x";
    QTest::newRow("subfolder") << "a/b" << movie << "a_b";
    QTest::newRow("backslash") << "a\\b" << movie << "a_b";
    QTest::newRow("absolute") << "/etc/passwd" << movie << "_etc_passwd";
    QTest::newRow("source escapes") << "{source}"
                                    << "../../etc/passwd"
                                    << "____etc_passwd";
    QTest::newRow("only dots") << "..." << movie << "_";
    QTest::newRow("dots inside kept") << "v1.2_{rows}" << movie << "v1.2_3180";
    QTest::newRow("hidden file") << ".hidden" << movie << "hidden";
    QTest::newRow("trailing dot and space") << "name. " << movie << "name";
    QTest::newRow("windows invalid") << "x:y*z?<>|\"" << movie << "x_y_z_____";
    QTest::newRow("control chars") << "tab\there\nnew" << movie << "tab_here_new";
    QTest::newRow("device name") << "con" << movie << "_con";
    QTest::newRow("device name with dot") << "LPT1.backup" << movie << "_LPT1.backup";
    QTest::newRow("not a device name") << "console" << movie << "console";
}

void TestFileOps::expandTemplate()
{
    QFETCH(QString, templ);
    QFETCH(QString, source);
    QFETCH(QString, expected);
    const Result<QString> name = expandNameTemplate(templ, {runStart, 3180, source});
    QVERIFY2(name.ok(), qPrintable(name.error().message));
    QCOMPARE(name.value(), expected);

    // Whatever came in, the name stays a plain name inside the output folder.
    const QString folder = QStringLiteral("/out/folder");
    for (const QString &suffix : {QStringLiteral(".csv"), QStringLiteral("_titles_by_release_date.csv")}) {
        const QString path = QDir::cleanPath(folder + QLatin1Char('/') + name.value() + suffix);
        QCOMPARE(QFileInfo(path).path(), folder);
    }
    QVERIFY(!name.value().contains(QLatin1Char('/')));
    QVERIFY(!name.value().contains(QLatin1String("..")));
    QVERIFY(!name.value().startsWith(QLatin1Char('.')));
}

void TestFileOps::templateErrors_data()
{
    QTest::addColumn<QString>("templ");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown token") << "out_{foo}"
                                   << "movie"
                                   << "{foo}";
    QTest::newRow("unknown among known") << "{date}_{user}"
                                         << "movie"
                                         << "{user}";
    QTest::newRow("unclosed brace") << "out_{timestamp"
                                    << "movie"
                                    << "'{'";
    QTest::newRow("empty template") << ""
                                    << "movie"
                                    << "empty";
    QTest::newRow("only spaces") << "   "
                                 << "movie"
                                 << "empty";
    QTest::newRow("only a dot") << "."
                                << "movie"
                                << "empty";
    QTest::newRow("empty source") << "{source}"
                                  << ""
                                  << "empty";
}

void TestFileOps::templateErrors()
{
    QFETCH(QString, templ);
    QFETCH(QString, source);
    QFETCH(QString, mentions);
    const Result<QString> name = expandNameTemplate(templ, {runStart, 1, source});
    QVERIFY(!name.ok());
    QCOMPARE(name.error().kind, ErrorKind::Usage);
    QVERIFY2(name.error().message.contains(mentions), qPrintable(name.error().message));
}

void TestFileOps::longTemplateIsBounded()
{
    const Result<QString> ascii = expandNameTemplate(QString(300, QLatin1Char('a')), {runStart, 1, {}});
    QVERIFY(ascii.ok());
    QCOMPARE(ascii.value().size(), 150);

    // Truncation never splits a character: 4-byte emoji and 2-byte letters.
    const Result<QString> wide = expandNameTemplate(QString::fromUtf8("é🎬").repeated(60), {runStart, 1, {}});
    QVERIFY(wide.ok());
    const QByteArray utf8 = wide.value().toUtf8();
    QVERIFY(utf8.size() <= 150);
    QVERIFY(utf8.size() > 140);
    QCOMPARE(QString::fromUtf8(utf8), wide.value());
    QVERIFY(!wide.value().back().isHighSurrogate());
}

void TestFileOps::sha256OfFiles()
{
    QTemporaryDir dir;
    const QString abc = dir.filePath(QStringLiteral("abc.txt"));
    const QString empty = dir.filePath(QStringLiteral("empty.txt"));
    QVERIFY(writeFile(abc, "abc"));
    QVERIFY(writeFile(empty, QByteArray()));
    QCOMPARE(sha256OfFile(abc),
             QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(sha256OfFile(empty),
             QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(sha256OfFile(dir.filePath(QStringLiteral("missing"))), QString());

    // Larger than any read buffer.
    QByteArray big(5 * 1024 * 1024 + 17, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char(i * 7 + i / 4096);
    const QString bigPath = dir.filePath(QStringLiteral("big.bin"));
    QVERIFY(writeFile(bigPath, big));
    QCOMPARE(sha256OfFile(bigPath), sha256(big));
}

void TestFileOps::moveSameFileSystem()
{
    QTemporaryDir dir;
    const QString from = dir.filePath(QStringLiteral("a.csv"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("sub"))));
    const QString to = dir.filePath(QStringLiteral("sub/b.csv"));
    QVERIFY(writeFile(from, "id,title\n1,Up\n"));
    const Error error = moveFile(from, to);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(!QFile::exists(from));
    QCOMPARE(readAll(to), QByteArray("id,title\n1,Up\n"));
    QCOMPARE(entries(dir.filePath(QStringLiteral("sub"))), QStringList {QStringLiteral("b.csv")});
}

void TestFileOps::moveNeverOverwrites()
{
    QTemporaryDir dir;
    const QString from = dir.filePath(QStringLiteral("new.csv"));
    const QString to = dir.filePath(QStringLiteral("old.csv"));
    QVERIFY(writeFile(from, "new"));
    QVERIFY(writeFile(to, "old"));
    const Error error = moveFile(from, to);
    QCOMPARE(error.kind, ErrorKind::Output);
    QVERIFY2(error.message.contains(QStringLiteral("old.csv")), qPrintable(error.message));
    QCOMPARE(readAll(from), QByteArray("new"));
    QCOMPARE(readAll(to), QByteArray("old"));

    // A dangling symbolic link is a taken name too.
    const QString link = dir.filePath(QStringLiteral("link.csv"));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("nowhere")), link));
    QCOMPARE(moveFile(from, link).kind, ErrorKind::Output);
    QCOMPARE(readAll(from), QByteArray("new"));
}

void TestFileOps::moveErrors()
{
    QTemporaryDir dir;
    const Error missing
        = moveFile(dir.filePath(QStringLiteral("missing.csv")), dir.filePath(QStringLiteral("x.csv")));
    QCOMPARE(missing.kind, ErrorKind::Output);
    QVERIFY(missing.message.contains(QStringLiteral("missing.csv")));

    const QString from = dir.filePath(QStringLiteral("a.csv"));
    QVERIFY(writeFile(from, "a"));
    const Error noFolder = moveFile(from, dir.filePath(QStringLiteral("nope/a.csv")));
    QCOMPARE(noFolder.kind, ErrorKind::Output);
    QVERIFY(noFolder.message.contains(QStringLiteral("nope")));
    QCOMPARE(readAll(from), QByteArray("a"));
}

void TestFileOps::moveAcrossFileSystems()
{
    const std::unique_ptr<QTemporaryDir> other = otherFileSystemDir();
    if (!other)
        QSKIP("No second file system (tmpfs /dev/shm on another device than the temporary folder) is "
              "available.");
    QTemporaryDir local;
    QByteArray data(3 * 1024 * 1024 + 5, Qt::Uninitialized);
    QRandomGenerator random(7);
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = char(random.bounded(256));

    // There and back again: tmpfs -> disk, disk -> tmpfs.
    const QString first = other->filePath(QStringLiteral("movies.csv"));
    const QString second = local.filePath(QStringLiteral("moved.csv"));
    const QString third = other->filePath(QStringLiteral("back.csv"));
    QVERIFY(writeFile(first, data));
    QVERIFY(QFile::setPermissions(first,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
    Error error = moveFile(first, second);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(!QFile::exists(first));
    QCOMPARE(readAll(second), data);
    QCOMPARE(QFile::permissions(second) & 0x7777,
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadUser
                 | QFileDevice::WriteUser);
    QCOMPARE(entries(local.path()), QStringList {QStringLiteral("moved.csv")}); // no temporary left

    error = moveFile(second, third);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(!QFile::exists(second));
    QCOMPARE(readAll(third), data);
    QCOMPARE(entries(other->path()), QStringList {QStringLiteral("back.csv")});
}

void TestFileOps::moveAcrossFileSystemsNeverOverwrites()
{
    const std::unique_ptr<QTemporaryDir> other = otherFileSystemDir();
    if (!other)
        QSKIP("No second file system (tmpfs /dev/shm on another device than the temporary folder) is "
              "available.");
    QTemporaryDir local;
    const QString from = other->filePath(QStringLiteral("new.csv"));
    const QString to = local.filePath(QStringLiteral("old.csv"));
    QVERIFY(writeFile(from, "new"));
    QVERIFY(writeFile(to, "old"));
    const Error error = moveFile(from, to);
    QCOMPARE(error.kind, ErrorKind::Output);
    QCOMPARE(readAll(from), QByteArray("new"));
    QCOMPARE(readAll(to), QByteArray("old"));
    QCOMPARE(entries(local.path()), QStringList {QStringLiteral("old.csv")});
}

void TestFileOps::finalizeZipAndKeep()
{
    QTemporaryDir dir;
    const Staged staged = stage(dir.filePath(QStringLiteral("staging")), 2000);
    const QString out = dir.filePath(QStringLiteral("out/nested")); // created on the way
    const QString base = QStringLiteral("processed_movies_2024-06-01_080005");
    QList<double> seen;
    StepContext ctx;
    ctx.progress = [&seen](double fraction) { seen.append(fraction); };

    const Result<FinalOutputs> result
        = finalizeOutputs(staged.files, base, manifestInfo(), optionsFor(out), ctx);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    const FinalOutputs &final = result.value();
    const QDir outDir(out);
    QCOMPARE(final.outputDir, outDir.absolutePath());
    QCOMPARE(final.baseName, base);
    QCOMPARE(final.csv, outDir.absoluteFilePath(base + QStringLiteral(".csv")));
    QCOMPARE(final.zip, outDir.absoluteFilePath(base + QStringLiteral(".zip")));
    QCOMPARE(entries(out), outputNames(base, true, true));
    QStringList files = final.files;
    for (QString &file : files)
        file = QFileInfo(file).fileName();
    files.sort();
    QCOMPARE(files, outputNames(base, true, true));

    QCOMPARE(readAll(final.csv), staged.contents.value(QStringLiteral("<csv>")));
    QCOMPARE(readAll(outDir.absoluteFilePath(base + QStringLiteral("_top.csv"))),
             staged.contents.value(QStringLiteral("top.csv")));
    QCOMPARE(readAll(outDir.absoluteFilePath(base + QStringLiteral("_movies_per_year.csv"))),
             staged.contents.value(QStringLiteral("movies_per_year.csv")));
    QCOMPARE(readAll(outDir.absoluteFilePath(base + QStringLiteral("_titles_by_release_date.csv"))),
             staged.contents.value(QStringLiteral("titles_by_release_date.csv")));
    QCOMPARE(readAll(outDir.absoluteFilePath(base + QStringLiteral("_summary.json"))),
             staged.contents.value(QStringLiteral("summary.json")));
    QVERIFY(entries(dir.filePath(QStringLiteral("staging"))).isEmpty()); // everything moved

    // The archive, read back independently.
    bool deflated = false;
    const QMap<QString, QByteArray> zipped = readZip(final.zip, &deflated);
    QVERIFY(deflated);
    QStringList zippedNames {base + QStringLiteral(".csv"),
                             QStringLiteral("manifest.json"),
                             QStringLiteral("movies_per_year.csv"),
                             QStringLiteral("summary.json"),
                             QStringLiteral("titles_by_release_date.csv"),
                             QStringLiteral("top.csv")};
    zippedNames.sort();
    QCOMPARE(zipped.keys(), zippedNames);
    QCOMPARE(zipped.value(base + QStringLiteral(".csv")), staged.contents.value(QStringLiteral("<csv>")));
    for (const QString &name : {QStringLiteral("top.csv"), QStringLiteral("movies_per_year.csv"),
                                QStringLiteral("titles_by_release_date.csv"), QStringLiteral("summary.json")})
        QCOMPARE(zipped.value(name), staged.contents.value(name));
    QVERIFY(QFileInfo(final.zip).size() < staged.contents.value(QStringLiteral("<csv>")).size());

    // The manifest: the caller's information, the files with size and SHA-256, and when.
    QJsonParseError parseError;
    const QJsonObject manifest
        = QJsonDocument::fromJson(zipped.value(QStringLiteral("manifest.json")), &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(manifest.value(QStringLiteral("source")).toString(), QStringLiteral("movie.csv"));
    QCOMPARE(manifest.value(QStringLiteral("rows")).toObject(),
             manifestInfo().value(QStringLiteral("rows")).toObject());
    QCOMPARE(manifest.value(QStringLiteral("settings")).toObject(),
             manifestInfo().value(QStringLiteral("settings")).toObject());
    QVERIFY(!manifest.value(QStringLiteral("app_version")).toString().isEmpty());
    const QDateTime created
        = QDateTime::fromString(manifest.value(QStringLiteral("created_at")).toString(), Qt::ISODate);
    QVERIFY(created.isValid());
    QVERIFY(qAbs(created.secsTo(QDateTime::currentDateTime())) < 600);
    const QJsonArray listed = manifest.value(QStringLiteral("files")).toArray();
    QCOMPARE(listed.size(), 5);
    for (const QJsonValue &value : listed) {
        const QJsonObject file = value.toObject();
        const QString name = file.value(QStringLiteral("name")).toString();
        QVERIFY2(zipped.contains(name) && name != QLatin1String("manifest.json"), qPrintable(name));
        QCOMPARE(file.value(QStringLiteral("size")).toInteger(), qint64(zipped.value(name).size()));
        QCOMPARE(file.value(QStringLiteral("sha256")).toString(), sha256(zipped.value(name)));
    }
    QCOMPARE(listed.first().toObject().value(QStringLiteral("sha256")).toString(), sha256OfFile(final.csv));

    // And by Info-ZIP, when it is installed.
    if (QFileInfo::exists(QStringLiteral("/usr/bin/unzip"))) {
        QProcess unzip;
        unzip.start(QStringLiteral("/usr/bin/unzip"), {QStringLiteral("-t"), final.zip});
        QVERIFY(unzip.waitForFinished(60000));
        const QByteArray output = unzip.readAllStandardOutput();
        QVERIFY2(unzip.exitStatus() == QProcess::NormalExit && unzip.exitCode() == 0, output.constData());
        QVERIFY(output.contains("No errors detected"));
    } else {
        qInfo("/usr/bin/unzip is not installed: the archive was only checked with QuaZip.");
    }

    QVERIFY(seen.size() >= 3);
    QVERIFY(std::is_sorted(seen.cbegin(), seen.cend()));
    QCOMPARE(seen.last(), 1.0);
}

void TestFileOps::finalizeZipOnly()
{
    QTemporaryDir dir;
    const Staged staged = stage(dir.filePath(QStringLiteral("staging")));
    const QString out = dir.filePath(QStringLiteral("out"));
    const Result<FinalOutputs> result
        = finalizeOutputs(staged.files, QStringLiteral("run"), manifestInfo(), optionsFor(out, true, false));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(result.value().csv, QString());
    QCOMPARE(entries(out), outputNames(QStringLiteral("run"), false, true));
    QCOMPARE(result.value().files.size(), 5);
    QCOMPARE(readZip(result.value().zip).value(QStringLiteral("run.csv")),
             staged.contents.value(QStringLiteral("<csv>")));
    QVERIFY(entries(dir.filePath(QStringLiteral("staging"))).isEmpty());
}

// Without a zip the files are just moved, and the CSV is always kept (it has nowhere else to go).
void TestFileOps::finalizeNoZip()
{
    QTemporaryDir dir;
    const Staged staged = stage(dir.filePath(QStringLiteral("staging")));
    const QString out = dir.filePath(QStringLiteral("out"));
    const Result<FinalOutputs> result
        = finalizeOutputs(staged.files, QStringLiteral("run"), manifestInfo(), optionsFor(out, false, false));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(result.value().zip, QString());
    QCOMPARE(entries(out), outputNames(QStringLiteral("run"), true, false));
    QCOMPARE(readAll(result.value().csv), staged.contents.value(QStringLiteral("<csv>")));
    QCOMPARE(result.value().files.size(), 5);
}

void TestFileOps::finalizeUtf8Names()
{
    QTemporaryDir dir;
    const Staged staged = stage(dir.filePath(QStringLiteral("staging")));
    const QString out = dir.filePath(QStringLiteral("out"));
    const QString base = QStringLiteral("Amélie_天気の子_2024");
    const Result<FinalOutputs> result = finalizeOutputs(staged.files, base, manifestInfo(), optionsFor(out));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(entries(out), outputNames(base, true, true));
    const QMap<QString, QByteArray> zipped = readZip(result.value().zip);
    QVERIFY(zipped.contains(base + QStringLiteral(".csv")));
    QCOMPARE(zipped.value(base + QStringLiteral(".csv")), staged.contents.value(QStringLiteral("<csv>")));
    if (QFileInfo::exists(QStringLiteral("/usr/bin/unzip"))) {
        QProcess unzip;
        unzip.start(QStringLiteral("/usr/bin/unzip"), {QStringLiteral("-t"), result.value().zip});
        QVERIFY(unzip.waitForFinished(60000));
        QCOMPARE(unzip.exitCode(), 0);
    }
}

void TestFileOps::collisionSuffix_data()
{
    QTest::addColumn<QStringList>("existing");
    QTest::addColumn<bool>("zip");
    QTest::addColumn<QString>("expectedBase");
    QTest::newRow("free") << QStringList {QStringLiteral("other.csv")} << true << "run";
    QTest::newRow("csv taken") << QStringList {QStringLiteral("run.csv")} << true << "run-1";
    QTest::newRow("zip taken") << QStringList {QStringLiteral("run.zip")} << true << "run-1";
    QTest::newRow("analysis file taken")
        << QStringList {QStringLiteral("run_summary.json")} << true << "run-1";
    QTest::newRow("taken twice") << QStringList {QStringLiteral("run.zip"), QStringLiteral("run-1_top.csv")}
                                 << true << "run-2";
    QTest::newRow("a folder takes the name too")
        << QStringList {QStringLiteral("run.csv/")} << true << "run-1";
    QTest::newRow("zip name is free when not zipping")
        << QStringList {QStringLiteral("run.zip")} << false << "run";
}

// Whatever existed before is left byte for byte; the new files all share one suffixed base name.
void TestFileOps::collisionSuffix()
{
    QFETCH(QStringList, existing);
    QFETCH(bool, zip);
    QFETCH(QString, expectedBase);
    QTemporaryDir dir;
    const Staged staged = stage(dir.filePath(QStringLiteral("staging")));
    const QString out = dir.filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(out));
    QMap<QString, QByteArray> before;
    QStringList existingNames;
    for (const QString &name : existing) {
        if (name.endsWith(QLatin1Char('/'))) {
            QVERIFY(QDir(out).mkdir(name.chopped(1)));
            existingNames << name.chopped(1);
            continue;
        }
        const QByteArray bytes = "earlier output " + name.toUtf8() + "\n";
        QVERIFY(writeFile(QDir(out).filePath(name), bytes));
        before.insert(name, bytes);
        existingNames << name;
    }

    const Result<FinalOutputs> result
        = finalizeOutputs(staged.files, QStringLiteral("run"), manifestInfo(), optionsFor(out, zip, true));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(result.value().baseName, expectedBase);
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        QCOMPARE(readAll(QDir(out).filePath(it.key())), it.value());
    QStringList expected = outputNames(expectedBase, true, zip) + existingNames;
    expected.sort();
    QCOMPARE(entries(out), expected);
}

void TestFileOps::finalizeAcrossFileSystems()
{
    const std::unique_ptr<QTemporaryDir> other = otherFileSystemDir();
    if (!other)
        QSKIP("No second file system (tmpfs /dev/shm on another device than the temporary folder) is "
              "available.");
    const Staged staged = stage(other->filePath(QStringLiteral("staging")), 20000);
    QTemporaryDir local;
    const QString out = local.filePath(QStringLiteral("out"));
    const Result<FinalOutputs> result
        = finalizeOutputs(staged.files, QStringLiteral("run"), manifestInfo(), optionsFor(out));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(entries(out), outputNames(QStringLiteral("run"), true, true));
    QCOMPARE(readAll(result.value().csv), staged.contents.value(QStringLiteral("<csv>")));
    QCOMPARE(readZip(result.value().zip).value(QStringLiteral("run.csv")),
             staged.contents.value(QStringLiteral("<csv>")));
    QVERIFY(entries(other->filePath(QStringLiteral("staging"))).isEmpty()); // originals deleted after copying
}

void TestFileOps::failureMidwayRollsBack_data()
{
    QTest::addColumn<bool>("acrossFileSystems");
    QTest::addColumn<bool>("zip");
    QTest::newRow("same file system, zip") << false << true;
    QTest::newRow("same file system, no zip") << false << false;
    QTest::newRow("across file systems, zip") << true << true;
}

// A file later in the sequence cannot be placed (a folder appeared under its name once the first
// file was in place): what this call placed goes away, everything that was there stays as it was,
// and the staged files are back where the export left them.
void TestFileOps::failureMidwayRollsBack()
{
    QFETCH(bool, acrossFileSystems);
    QFETCH(bool, zip);
    std::unique_ptr<QTemporaryDir> stagingRoot;
    if (acrossFileSystems) {
        stagingRoot = otherFileSystemDir();
        if (!stagingRoot)
            QSKIP("No second file system (tmpfs /dev/shm on another device than the temporary folder) is "
                  "available.");
    } else {
        stagingRoot = std::make_unique<QTemporaryDir>();
    }
    const QString stagingDir = stagingRoot->filePath(QStringLiteral("staging"));
    const Staged staged = stage(stagingDir);
    const QStringList stagedNames = entries(stagingDir);
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(out));
    QVERIFY(writeFile(QDir(out).filePath(QStringLiteral("notes.txt")), "mine"));
    QVERIFY(writeFile(QDir(out).filePath(QStringLiteral("run-old.csv")), "an earlier run"));

    const QString blocked = QDir(out).filePath(QStringLiteral("run_summary.json"));
    bool injected = false;
    StepContext ctx;
    ctx.progress = [&](double) {
        if (!injected && QFile::exists(QDir(out).filePath(QStringLiteral("run.csv")))) {
            injected = QDir().mkdir(blocked);
        }
    };
    const Result<FinalOutputs> result = finalizeOutputs(staged.files, QStringLiteral("run"), manifestInfo(),
                                                        optionsFor(out, zip, true), ctx);
    QVERIFY(injected);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Output);
    QVERIFY2(result.error().message.contains(QStringLiteral("run_summary.json")),
             qPrintable(result.error().message));

    QCOMPARE(entries(out),
             (QStringList {QStringLiteral("notes.txt"), QStringLiteral("run-old.csv"),
                           QStringLiteral("run_summary.json")}));
    QCOMPARE(readAll(QDir(out).filePath(QStringLiteral("notes.txt"))), QByteArray("mine"));
    QCOMPARE(readAll(QDir(out).filePath(QStringLiteral("run-old.csv"))), QByteArray("an earlier run"));
    QVERIFY(QFileInfo(blocked).isDir());
    QCOMPARE(entries(stagingDir), stagedNames);
    QCOMPARE(readAll(staged.files.csv), staged.contents.value(QStringLiteral("<csv>")));
    QCOMPARE(readAll(staged.files.summary), staged.contents.value(QStringLiteral("summary.json")));
}

void TestFileOps::readOnlyOutputFolder()
{
    if (::geteuid() == 0)
        QSKIP("Running as root, which ignores folder permissions; outputFolderBlockedByFile and "
              "failureMidwayRollsBack cover these error paths.");
    QTemporaryDir dir;
    const Staged staged = stage(dir.filePath(QStringLiteral("staging")));
    const QString out = dir.filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(out));
    QVERIFY(QFile::setPermissions(out, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    const Result<FinalOutputs> result
        = finalizeOutputs(staged.files, QStringLiteral("run"), manifestInfo(), optionsFor(out));
    QFile::setPermissions(out, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QCOMPARE(result.error().kind, ErrorKind::Output);
    QVERIFY2(
        result.error().message.startsWith(
            QStringLiteral("The output folder %1 cannot be written: ").arg(QDir::toNativeSeparators(out))),
        qPrintable(result.error().message));
    QVERIFY(result.error().message.endsWith(QStringLiteral("Choose another folder or fix its permissions.")));
    QVERIFY(entries(out).isEmpty());
    QCOMPARE(readAll(staged.files.csv), staged.contents.value(QStringLiteral("<csv>")));
}

void TestFileOps::outputFolderBlockedByFile()
{
    QTemporaryDir dir;
    const Staged staged = stage(dir.filePath(QStringLiteral("staging")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("blocker")), "a file"));
    const QString out = dir.filePath(QStringLiteral("blocker/out"));
    const Result<FinalOutputs> result
        = finalizeOutputs(staged.files, QStringLiteral("run"), manifestInfo(), optionsFor(out));
    QCOMPARE(result.error().kind, ErrorKind::Output);
    QVERIFY2(
        result.error().message.startsWith(
            QStringLiteral("The output folder %1 cannot be written: ").arg(QDir::toNativeSeparators(out))),
        qPrintable(result.error().message));
    QVERIFY(result.error().message.contains(QStringLiteral("blocker is a file")));
    QCOMPARE(readAll(dir.filePath(QStringLiteral("blocker"))), QByteArray("a file"));
    QCOMPARE(entries(dir.filePath(QStringLiteral("staging"))).size(), 5);
}

void TestFileOps::preCancelled()
{
    QTemporaryDir dir;
    const Staged staged = stage(dir.filePath(QStringLiteral("staging")));
    CancelToken token;
    token.cancel();
    StepContext ctx;
    ctx.cancel = &token;
    const QString out = dir.filePath(QStringLiteral("out"));
    const Result<FinalOutputs> result
        = finalizeOutputs(staged.files, QStringLiteral("run"), manifestInfo(), optionsFor(out), ctx);
    QCOMPARE(result.error().kind, ErrorKind::Cancelled);
    QVERIFY(!QFileInfo::exists(out));
    QCOMPARE(entries(dir.filePath(QStringLiteral("staging"))).size(), 5);
}

void TestFileOps::cancelDuringZip()
{
    QTemporaryDir dir;
    const QString stagingDir = dir.filePath(QStringLiteral("staging"));
    const Staged staged = stage(stagingDir, 50000);
    const QStringList stagedNames = entries(stagingDir);
    CancelToken token;
    StepContext ctx;
    ctx.cancel = &token;
    ctx.progress = [&token](double fraction) {
        if (fraction > 0.02 && fraction < 0.6)
            token.cancel();
    };
    const QString out = dir.filePath(QStringLiteral("new/out"));
    const Result<FinalOutputs> result
        = finalizeOutputs(staged.files, QStringLiteral("run"), manifestInfo(), optionsFor(out), ctx);
    QCOMPARE(result.error().kind, ErrorKind::Cancelled);
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("new")))); // the folders it created are gone again
    QCOMPARE(entries(stagingDir), stagedNames); // no half-written zip left
    QCOMPARE(readAll(staged.files.csv), staged.contents.value(QStringLiteral("<csv>")));
}

void TestFileOps::unsafeBaseName()
{
    QTemporaryDir dir;
    const Staged staged = stage(dir.filePath(QStringLiteral("staging")));
    for (const QString &base :
         {QStringLiteral("../evil"), QStringLiteral("a/b"), QString(), QStringLiteral(".x")}) {
        const Result<FinalOutputs> result = finalizeOutputs(staged.files, base, manifestInfo(),
                                                            optionsFor(dir.filePath(QStringLiteral("out"))));
        QCOMPARE(result.error().kind, ErrorKind::Usage);
    }
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("out"))));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("evil.csv"))));
}

void TestFileOps::missingStagedFile()
{
    QTemporaryDir dir;
    const Staged staged = stage(dir.filePath(QStringLiteral("staging")));
    QVERIFY(QFile::remove(staged.files.titlesByReleaseDate));
    const QString out = dir.filePath(QStringLiteral("out"));
    const Result<FinalOutputs> result
        = finalizeOutputs(staged.files, QStringLiteral("run"), manifestInfo(), optionsFor(out));
    QCOMPARE(result.error().kind, ErrorKind::Output);
    QVERIFY(result.error().message.contains(QStringLiteral("titles_by_release_date.csv")));
    QVERIFY(!QFileInfo::exists(out));
}

namespace {

QByteArray compressibleBytes(qsizetype size)
{
    QByteArray bytes;
    bytes.reserve(size + 64);
    for (qint64 i = 0; bytes.size() < size; ++i)
        bytes += QByteArray::number(i) + ",Film " + QByteArray::number(i % 977) + ",2001-04-25,7.5\n";
    bytes.truncate(size);
    return bytes;
}

std::vector<ZipItem> zipItems(const QTemporaryDir &dir, QMap<QString, QByteArray> *expected)
{
    const QByteArray big = compressibleBytes(3 * 1024 * 1024 + 11);
    writeFile(dir.filePath(QStringLiteral("big.csv")), big);
    writeFile(dir.filePath(QStringLiteral("empty.csv")), QByteArray());
    expected->insert(QStringLiteral("Amélie.csv"), big);
    expected->insert(QStringLiteral("empty.csv"), QByteArray());
    expected->insert(QStringLiteral("note.txt"), "in memory");
    return {{QStringLiteral("Amélie.csv"), dir.filePath(QStringLiteral("big.csv")), {}, 0, {}},
            {QStringLiteral("empty.csv"), dir.filePath(QStringLiteral("empty.csv")), {}, 0, {}},
            {QStringLiteral("note.txt"), QString(), "in memory", 0, {}}};
}

} // namespace

// Entries compressed in one piece (libdeflate) and streamed (zlib) read back the same, at any level.
void TestFileOps::zipArchive_data()
{
    QTest::addColumn<int>("level");
    QTest::addColumn<qint64>("inMemoryLimit");
    QTest::newRow("default level, in memory") << -1 << (qint64(256) << 20);
    QTest::newRow("default level, streamed") << -1 << qint64(0);
    QTest::newRow("fastest, in memory") << 1 << (qint64(256) << 20);
    QTest::newRow("fastest, streamed") << 1 << qint64(0);
    QTest::newRow("best, in memory") << 9 << (qint64(256) << 20);
    QTest::newRow("stored, streamed") << 0 << qint64(0);
    QTest::newRow("stored, in memory") << 0 << (qint64(256) << 20);
}

void TestFileOps::zipArchive()
{
    QFETCH(int, level);
    QFETCH(qint64, inMemoryLimit);
    QTemporaryDir dir;
    QMap<QString, QByteArray> expected;
    std::vector<ZipItem> items = zipItems(dir, &expected);
    const QString zipPath = dir.filePath(QStringLiteral("out.zip"));
    qint64 reported = 0;
    const auto last = [](const std::vector<ZipItem> &written) {
        ZipItem item;
        item.name = QStringLiteral("manifest.json");
        item.content = "{\"count\": " + QByteArray::number(qsizetype(written.size())) + "}";
        return item;
    };
    const Error error = writeZipArchive(zipPath, items, ZipSettings {level, inMemoryLimit}, last, {},
                                        [&reported](qint64 bytes) { reported += bytes; });
    QVERIFY2(!error.isError(), qPrintable(error.message));
    expected.insert(QStringLiteral("manifest.json"), "{\"count\": 3}");

    QCOMPARE(items.size(), size_t(4));
    for (const ZipItem &item : items) {
        QCOMPARE(item.size, qint64(expected.value(item.name).size()));
        QCOMPARE(QString::fromLatin1(item.sha256), sha256(expected.value(item.name)));
    }
    QVERIFY(reported >= qint64(expected.value(QStringLiteral("Amélie.csv")).size()));
    QCOMPARE(readZip(zipPath), expected);
    const Error verified = verifyZipArchive(zipPath, items);
    QVERIFY2(!verified.isError(), qPrintable(verified.message));
    if (level != 0)
        QVERIFY(QFileInfo(zipPath).size() < expected.value(QStringLiteral("Amélie.csv")).size() / 3);
    if (QFileInfo::exists(QStringLiteral("/usr/bin/unzip"))) {
        QProcess unzip;
        unzip.start(QStringLiteral("/usr/bin/unzip"), {QStringLiteral("-t"), zipPath});
        QVERIFY(unzip.waitForFinished(60000));
        QVERIFY2(unzip.exitCode() == 0, unzip.readAllStandardOutput().constData());
    }
}

void TestFileOps::zipVerifyCatchesDamage()
{
    QTemporaryDir dir;
    QMap<QString, QByteArray> expected;
    std::vector<ZipItem> items = zipItems(dir, &expected);
    const QString zipPath = dir.filePath(QStringLiteral("out.zip"));
    QVERIFY(!writeZipArchive(zipPath, items, ZipSettings {}).isError());
    QVERIFY(!verifyZipArchive(zipPath, items).isError());

    // An entry whose bytes are not what was exported.
    std::vector<ZipItem> wrongHash = items;
    wrongHash[0].sha256 = QByteArray(64, '0');
    Error error = verifyZipArchive(zipPath, wrongHash);
    QCOMPARE(error.kind, ErrorKind::Output);
    QVERIFY2(error.message.contains(QStringLiteral("Amélie.csv differs")), qPrintable(error.message));

    // A missing entry.
    std::vector<ZipItem> extra = items;
    extra.push_back({QStringLiteral("manifest.json"), QString(), "{}", 2, {}});
    error = verifyZipArchive(zipPath, extra);
    QCOMPARE(error.kind, ErrorKind::Output);
    QVERIFY(error.message.contains(QStringLiteral("manifest.json")));

    // Damaged compressed data: the CRC (or the deflate stream) gives it away.
    QFile file(zipPath);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    bytes[bytes.size() / 3] = char(bytes[bytes.size() / 3] ^ 0x5A);
    QVERIFY(file.seek(0));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();
    error = verifyZipArchive(zipPath, items);
    QCOMPARE(error.kind, ErrorKind::Output);
    QVERIFY(error.message.contains(QStringLiteral("did not read back correctly")));
}

void TestFileOps::zipNeverOverwrites()
{
    QTemporaryDir dir;
    QMap<QString, QByteArray> expected;
    std::vector<ZipItem> items = zipItems(dir, &expected);
    const QString zipPath = dir.filePath(QStringLiteral("out.zip"));
    QVERIFY(writeFile(zipPath, "an earlier archive"));
    const Error error = writeZipArchive(zipPath, items, ZipSettings {});
    QCOMPARE(error.kind, ErrorKind::Output);
    QCOMPARE(readAll(zipPath), QByteArray("an earlier archive"));
}

void TestFileOps::zipCancelled_data()
{
    QTest::addColumn<qint64>("inMemoryLimit");
    QTest::newRow("in memory") << (qint64(256) << 20);
    QTest::newRow("streamed") << qint64(0);
}

void TestFileOps::zipCancelled()
{
    QFETCH(qint64, inMemoryLimit);
    QTemporaryDir dir;
    QMap<QString, QByteArray> expected;
    std::vector<ZipItem> items = zipItems(dir, &expected);
    CancelToken token;
    StepContext ctx;
    ctx.cancel = &token;
    const Error error
        = writeZipArchive(dir.filePath(QStringLiteral("out.zip")), items, ZipSettings {-1, inMemoryLimit}, {},
                          ctx, [&token](qint64) { token.cancel(); });
    QCOMPARE(error.kind, ErrorKind::Cancelled);
}

QTEST_GUILESS_MAIN(TestFileOps)
#include "tst_fileops.moc"
