// SPDX-License-Identifier: MIT
// End-to-end tests of movieflow-cli: the real binary, run as a user would run it.
#include "CsvReader.h"
#include "ValueParsers.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

class TestCli : public QObject
{
    Q_OBJECT

private:
    struct Outcome
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QJsonObject json;
    };

    QTemporaryDir m_home;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.path() + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.path() + QStringLiteral("/cache"));
        return env;
    }

    Outcome cli(const QStringList &arguments, int timeoutMs = 120000) const
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(MOVIEFLOW_CLI_PATH), arguments);
        Outcome outcome;
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
            return outcome;
        }
        outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        outcome.out = process.readAllStandardOutput();
        outcome.err = process.readAllStandardError();
        if (arguments.contains(QStringLiteral("--json")))
            outcome.json = QJsonDocument::fromJson(outcome.out).object();
        return outcome;
    }

    static QString realData() { return QStringLiteral(MOVIEFLOW_REAL_DATA); }

    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), bytes.size());
    }

    /// What runs left in the app data folder besides the run history (which `run` writes to) and the
    /// working folders that failed or cancelled runs keep for `runs resume`: a staging or working
    /// folder that should be gone.
    QStringList leftInDataFolder() const
    {
        QStringList resumable;
        const QJsonArray runs = QJsonDocument::fromJson(cli({QStringLiteral("runs"), QStringLiteral("--json"),
                                                             QStringLiteral("--limit"), QStringLiteral("0")})
                                                            .out)
                                    .array();
        for (const QJsonValue &run : runs) {
            if (run.toObject().value(QStringLiteral("state")).toString() != QLatin1String("Completed"))
                resumable << QStringLiteral("/runs/%1/").arg(run.toObject().value(QStringLiteral("id")).toInt());
        }
        QStringList left;
        for (const QString &file : filesUnder(m_home.path() + QStringLiteral("/data"))) {
            const QString name = QFileInfo(file).fileName();
            if (name.startsWith(QLatin1String("history.sqlite")) || file.contains(QLatin1String("/owners/")))
                continue;
            bool kept = false;
            for (const QString &folder : std::as_const(resumable))
                kept = kept || file.contains(folder);
            if (!kept)
                left << file;
        }
        return left;
    }

    static QStringList filesUnder(const QString &dir)
    {
        QStringList files;
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        files.sort();
        return files;
    }

    void checkReferenceRun(bool inclusive, qint64 kept, double meanPopularity, double avgRatingAll,
                           int years);

private slots:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void versionAndHelp()
    {
        Outcome version = cli({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("movieflow-cli "));
        QVERIFY(QRegularExpression(QStringLiteral("\\d+\\.\\d+\\.\\d+"))
                    .match(QString::fromUtf8(version.out))
                    .hasMatch());

        Outcome help = cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("run"));

        Outcome runHelp = cli({QStringLiteral("run"), QStringLiteral("--help")});
        QCOMPARE(runHelp.exitCode, 0);
        QVERIFY(runHelp.out.contains("--min-rating"));
        QVERIFY(runHelp.out.contains("--inclusive"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no command") << QStringList {};
        QTest::newRow("unknown command") << QStringList {QStringLiteral("fly")};
        QTest::newRow("no source") << QStringList {QStringLiteral("run")};
        QTest::newRow("two sources") << QStringList {QStringLiteral("run"), QStringLiteral("--sample"),
                                                     QStringLiteral("--source"), QStringLiteral("x.csv")};
        QTest::newRow("unknown option")
            << QStringList {QStringLiteral("run"), QStringLiteral("--sample"), QStringLiteral("--colour")};
        QTest::newRow("bad rating") << QStringList {QStringLiteral("run"), QStringLiteral("--sample"),
                                                    QStringLiteral("--min-rating"), QStringLiteral("high")};
        QTest::newRow("bad top") << QStringList {QStringLiteral("run"), QStringLiteral("--sample"),
                                                 QStringLiteral("--top"), QStringLiteral("0")};
        QTest::newRow("bad map") << QStringList {QStringLiteral("run"), QStringLiteral("--sample"),
                                                 QStringLiteral("--map"), QStringLiteral("stars=Rating")};
        QTest::newRow("unknown token")
            << QStringList {QStringLiteral("run"), QStringLiteral("--sample"), QStringLiteral("--name"),
                            QStringLiteral("x_{weekday}")};
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QTemporaryDir out;
        Outcome outcome = cli(arguments + QStringList {QStringLiteral("--out"), out.path()});
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(!outcome.err.trimmed().isEmpty(), "a usage error must say what is wrong on stderr");
        QVERIFY(filesUnder(out.path()).isEmpty());
    }

    void sampleRunJson()
    {
        QTemporaryDir out;
        Outcome outcome = cli({QStringLiteral("run"), QStringLiteral("--sample"), QStringLiteral("--out"),
                               out.path(), QStringLiteral("--json")});
        QCOMPARE(outcome.exitCode, 0);
        // Exactly one JSON object on stdout, logs on stderr.
        QJsonParseError parseError;
        QJsonDocument::fromJson(outcome.out, &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QVERIFY(!outcome.err.isEmpty());
        const QJsonObject &json = outcome.json;
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));

        // The bundled sample has 50 rows written so each cleaning rule removes something (see
        // resources/sample).
        const QJsonObject rows = json.value(QStringLiteral("rows")).toObject();
        QCOMPARE(rows.value(QStringLiteral("read")).toInteger(), 50);
        QCOMPARE(rows.value(QStringLiteral("dropped_missing")).toInteger(), 2);
        const QJsonObject invalid = rows.value(QStringLiteral("dropped_invalid")).toObject();
        QCOMPARE(invalid.value(QStringLiteral("release_date")).toInteger(), 1);
        QCOMPARE(invalid.value(QStringLiteral("vote_average")).toInteger(), 1);
        QCOMPARE(invalid.value(QStringLiteral("vote_count")).toInteger(), 1);
        QCOMPARE(rows.value(QStringLiteral("dropped_filter")).toInteger(), 4);
        QCOMPARE(rows.value(QStringLiteral("duplicate_ids")).toInteger(), 1);
        QCOMPARE(rows.value(QStringLiteral("kept")).toInteger(), 41);

        const QJsonObject analysis = json.value(QStringLiteral("analysis")).toObject();
        const QJsonArray top = analysis.value(QStringLiteral("top")).toArray();
        QCOMPARE(top.size(), 10);
        QCOMPARE(top.at(0).toObject().value(QStringLiteral("title")).toString(),
                 QStringLiteral("Deadpool & Wolverine"));
        for (const char *key : {"avg_rating_top", "avg_rating_all", "mean_popularity", "movies_per_year"})
            QVERIFY2(analysis.contains(QLatin1String(key)), key);
        const QJsonObject timings = json.value(QStringLiteral("timings_ms")).toObject();
        for (const char *key : {"read", "clean", "analyze", "export", "fileops"})
            QVERIFY2(timings.value(QLatin1String(key)).isDouble(), key);

        const QJsonObject outputs = json.value(QStringLiteral("outputs")).toObject();
        const QString csv = outputs.value(QStringLiteral("csv")).toString();
        const QString zip = outputs.value(QStringLiteral("zip")).toString();
        QVERIFY(QFileInfo(csv).isAbsolute());
        QVERIFY(QFile::exists(csv));
        QVERIFY(QFile::exists(zip));
        QCOMPARE(QFileInfo(csv).absolutePath(), QDir(out.path()).absolutePath());
        QVERIFY(QFileInfo(csv).fileName().startsWith(QStringLiteral("processed_movies_")));
        for (const QJsonValue &file : outputs.value(QStringLiteral("files")).toArray())
            QVERIFY2(QFile::exists(file.toString()), qPrintable(file.toString()));
        // The staging folder is gone after the run.
        QVERIFY2(leftInDataFolder().isEmpty(), qPrintable(leftInDataFolder().join(QLatin1Char(' '))));
    }

    void humanOutput()
    {
        QTemporaryDir out;
        Outcome outcome
            = cli({QStringLiteral("run"), QStringLiteral("--sample"), QStringLiteral("--out"), out.path()});
        QCOMPARE(outcome.exitCode, 0);
        QVERIFY(outcome.out.contains("Kept 41 of 50 rows"));
        QVERIFY(outcome.out.contains("Deadpool & Wolverine"));
        QVERIFY(outcome.out.contains(QDir::toNativeSeparators(out.path()).toUtf8()));
        QVERIFY(outcome.err.contains("Read movie data"));
    }

    void realDataInclusive() { checkReferenceRun(true, 3300, 36.3485, 7.4623, 109); }
    void realDataDefault() { checkReferenceRun(false, 3180, 36.7433, 7.4797, 108); }

    void collisionsNeverOverwrite()
    {
        QTemporaryDir out;
        const QStringList args {
            QStringLiteral("run"),    QStringLiteral("--sample"),     QStringLiteral("--out"), out.path(),
            QStringLiteral("--name"), QStringLiteral("fixed_{rows}"), QStringLiteral("--json")};
        Outcome first = cli(args);
        QCOMPARE(first.exitCode, 0);
        const QString firstZip
            = first.json.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("zip")).toString();
        QCOMPARE(QFileInfo(firstZip).fileName(), QStringLiteral("fixed_41.zip"));
        QFile zipFile(firstZip);
        QVERIFY(zipFile.open(QIODevice::ReadOnly));
        const QByteArray before = zipFile.readAll();
        zipFile.close();

        Outcome second = cli(args);
        QCOMPARE(second.exitCode, 0);
        const QString secondZip
            = second.json.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("zip")).toString();
        QCOMPARE(QFileInfo(secondZip).fileName(), QStringLiteral("fixed_41-1.zip"));
        QVERIFY(zipFile.open(QIODevice::ReadOnly));
        QCOMPARE(zipFile.readAll(), before);
    }

    void inputErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("mustMention");
        QTest::newRow("missing columns")
            << QByteArray("name,year\nAlien,1979\n") << QStringLiteral("vote_average");
        QTest::newRow("garbage bytes") << QByteArray("title,release_date,popularity,vote_average\n")
                + QByteArray("\xff\xfe\x00\x01", 4) + QByteArray(",2020-01-01,1,8\n")
                                       << QStringLiteral("line 2");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("header only") << QByteArray("title,release_date,popularity,vote_average\n")
                                     << QString();
        QTest::newRow("unterminated quote")
            << QByteArray("title,release_date,popularity,vote_average\n\"Alien,1979-05-25,1,8\n")
            << QStringLiteral("line 2");
    }

    void inputErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, mustMention);
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("input.csv"));
        writeFile(input, content);
        const QString out = dir.filePath(QStringLiteral("out"));
        QVERIFY(QDir().mkpath(out));
        writeFile(out + QStringLiteral("/earlier.csv"), "keep me\n");

        Outcome outcome = cli({QStringLiteral("run"), QStringLiteral("--source"), input,
                               QStringLiteral("--out"), out, QStringLiteral("--json")});
        QCOMPARE(outcome.exitCode, 3);
        QCOMPARE(outcome.json.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        const QString message = outcome.json.value(QStringLiteral("error"))
                                    .toObject()
                                    .value(QStringLiteral("message"))
                                    .toString();
        QVERIFY(!message.isEmpty());
        QVERIFY2(QString::fromUtf8(outcome.err).contains(message), "the error sentence goes to stderr too");
        if (!mustMention.isEmpty())
            QVERIFY2(message.contains(mustMention, Qt::CaseInsensitive), qPrintable(message));
        QCOMPARE(filesUnder(out), QStringList {out + QStringLiteral("/earlier.csv")});
    }

    void uncheckedOptionalColumnKeepsMissingCells()
    {
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("votes.csv"));
        writeFile(input,
                  "title,release_date,popularity,vote_average,vote_count\n"
                  "Alien,1979-05-25,50.5,8.1,\n"
                  "Heat,1995-12-15,40,8.0,1234\n");
        const QString out = dir.filePath(QStringLiteral("out"));
        Outcome outcome
            = cli({QStringLiteral("run"), QStringLiteral("--source"), input, QStringLiteral("--out"), out,
                   QStringLiteral("--check"), QStringLiteral("title,release_date,popularity,vote_average"),
                   QStringLiteral("--json")});
        QCOMPARE(outcome.exitCode, 0);
        QFile csv(
            outcome.json.value(QStringLiteral("outputs")).toObject().value(QStringLiteral("csv")).toString());
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll(),
                 QByteArray("title,release_date,popularity,vote_average,vote_count\n"
                            "Alien,1979-05-25,50.5,8.1,\n"
                            "Heat,1995-12-15,40.0,8.0,1234\n"));
    }

    void missingFile()
    {
        Outcome outcome = cli(
            {QStringLiteral("run"), QStringLiteral("--source"), QStringLiteral("/nonexistent/movies.csv")});
        QCOMPARE(outcome.exitCode, 3);
        QVERIFY(outcome.err.contains("does not exist"));
    }

    void unwritableOutput()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("not-a-folder"));
        writeFile(blocker, "a file where a folder should be\n");
        Outcome outcome = cli({QStringLiteral("run"), QStringLiteral("--sample"), QStringLiteral("--out"),
                               blocker + QStringLiteral("/results"), QStringLiteral("--json")});
        QCOMPARE(outcome.exitCode, 5);
        QVERIFY(outcome.err.contains("not-a-folder"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("a file where a folder should be\n"));
        QVERIFY2(leftInDataFolder().isEmpty(), qPrintable(leftInDataFolder().join(QLatin1Char(' '))));
    }

    void interruptLeavesNothing()
    {
        // A table big enough that the run is still busy when the signal arrives.
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("big.csv"));
        {
            QFile file(input);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(",id,title,overview,release_date,popularity,vote_average,vote_count\n");
            QByteArray block;
            for (int i = 0; i < 400000; ++i) {
                block += QByteArray::number(i) + ',' + QByteArray::number(i) + ",Film "
                    + QByteArray::number(i) + ",\"A story, with a comma and \"\"quotes\"\"\",2001-02-03,"
                    + QByteArray::number(i % 997) + ".5," + (i % 3 ? "8.1" : "6.2") + ",100\n";
                if (block.size() > (1 << 20)) {
                    file.write(block);
                    block.clear();
                }
            }
            file.write(block);
        }
        const QString out = dir.filePath(QStringLiteral("out"));
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(
            QStringLiteral(MOVIEFLOW_CLI_PATH),
            {QStringLiteral("run"), QStringLiteral("--source"), input, QStringLiteral("--out"), out});
        QVERIFY(process.waitForStarted());
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError(), err.contains("Clean movie data")),
                                 60000);
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 130);
        QVERIFY(filesUnder(out).isEmpty());
        QVERIFY2(leftInDataFolder().isEmpty(), qPrintable(leftInDataFolder().join(QLatin1Char(' '))));
    }
};

void TestCli::checkReferenceRun(bool inclusive, qint64 kept, double meanPopularity, double avgRatingAll,
                                int years)
{
    if (!QFile::exists(realData()))
        QSKIP("The real TMDB export ../shared/data/movie.csv is not beside this clone; the reference run is "
              "skipped.");
    QTemporaryDir out;
    QStringList args {
        QStringLiteral("run"),   QStringLiteral("--source"), realData(), QStringLiteral("--out"), out.path(),
        QStringLiteral("--json")};
    if (inclusive)
        args << QStringLiteral("--inclusive");
    Outcome outcome = cli(args);
    QCOMPARE(outcome.exitCode, 0);
    const QJsonObject rows = outcome.json.value(QStringLiteral("rows")).toObject();
    QCOMPARE(rows.value(QStringLiteral("read")).toInteger(), 8580);
    QCOMPARE(rows.value(QStringLiteral("kept")).toInteger(), kept);
    QCOMPARE(rows.value(QStringLiteral("dropped_missing")).toInteger(), 1);
    QCOMPARE(rows.value(QStringLiteral("duplicate_ids")).toInteger(), 218);

    const QJsonObject analysis = outcome.json.value(QStringLiteral("analysis")).toObject();
    const QJsonObject first = analysis.value(QStringLiteral("top")).toArray().at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("title")).toString(), QStringLiteral("Deadpool & Wolverine"));
    QCOMPARE(first.value(QStringLiteral("popularity")).toDouble(), 3011.577);
    QCOMPARE(qRound64(analysis.value(QStringLiteral("avg_rating_top")).toDouble() * 1e4), qint64(73624));
    QCOMPARE(qRound64(analysis.value(QStringLiteral("mean_popularity")).toDouble() * 1e4),
             qRound64(meanPopularity * 1e4));
    QCOMPARE(qRound64(analysis.value(QStringLiteral("avg_rating_all")).toDouble() * 1e4),
             qRound64(avgRatingAll * 1e4));
    QCOMPARE(analysis.value(QStringLiteral("movies_per_year")).toObject().size(), years);

    // The CSV: source header (the empty first header stays empty), the kept rows, canonical values.
    const QJsonObject outputs = outcome.json.value(QStringLiteral("outputs")).toObject();
    const QString csvPath = outputs.value(QStringLiteral("csv")).toString();
    mf::Result<mf::DataTable> csv = mf::CsvReader::readFile(csvPath);
    QVERIFY2(csv.ok(), qPrintable(csv.error().message));
    const mf::DataTable &table = csv.value();
    QCOMPARE(
        table.headers(),
        (QStringList {QString(), QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("overview"),
                      QStringLiteral("release_date"), QStringLiteral("popularity"),
                      QStringLiteral("vote_average"), QStringLiteral("vote_count")}));
    QCOMPARE(table.rowCount(), kept);
    for (qsizetype row = 0; row < table.rowCount(); ++row) {
        for (int column : {5, 6}) {
            const std::string_view cell = table.cell(row, column);
            const std::optional<double> value = mf::values::parseDouble(cell);
            QVERIFY(value.has_value());
            QCOMPARE(mf::values::formatDouble(*value), QByteArray(cell.data(), qsizetype(cell.size())));
        }
        const std::optional<double> rating = mf::values::parseDouble(table.cell(row, 6));
        QVERIFY(inclusive ? *rating >= 7.0 : *rating > 7.0);
        QCOMPARE(table.cell(row, 4).size(), size_t(10));
    }
    QFile raw(csvPath);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    const QByteArray head = raw.read(80);
    QVERIFY2(head.startsWith(",id,title,overview,release_date,popularity,vote_average,vote_count\n"),
             head.constData());
    QVERIFY(!head.contains('\r'));

    // The zip passes unzip -t when unzip is installed (./scripts/deps installs it).
    const QString zip = outputs.value(QStringLiteral("zip")).toString();
    QVERIFY(QFile::exists(zip));
    const QString unzip = QStandardPaths::findExecutable(QStringLiteral("unzip"));
    if (!unzip.isEmpty()) {
        QProcess test;
        test.start(unzip, {QStringLiteral("-t"), zip});
        QVERIFY(test.waitForFinished(60000));
        QCOMPARE(test.exitCode(), 0);
        const QByteArray listing = test.readAllStandardOutput();
        QVERIFY(listing.contains("manifest.json"));
        QVERIFY(listing.contains("summary.json"));
        QVERIFY(listing.contains("top.csv"));
    }
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
