// SPDX-License-Identifier: MIT
#include "CsvReader.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace mf;

namespace {

/// A device that hands out at most `step` bytes per read, so that every chunk boundary of the
/// reader falls at a different place: inside quotes, between CR and LF, inside a BOM or a UTF-8
/// sequence. Optionally fails after `failAfter` bytes, or acts like a pipe (sequential, no size).
class TrickleDevice : public QIODevice
{
public:
    TrickleDevice(QByteArray data, qint64 step, qint64 failAfter = -1, bool sequential = false)
        : m_data(std::move(data)), m_step(step), m_failAfter(failAfter), m_sequential(sequential)
    { }

    bool isSequential() const override { return m_sequential; }
    qint64 size() const override { return m_data.size(); }
    bool seek(qint64 pos) override
    {
        m_pos = pos;
        return QIODevice::seek(pos);
    }
    int reads() const { return m_reads; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        ++m_reads;
        if (m_failAfter >= 0 && m_pos >= m_failAfter) {
            setErrorString(QStringLiteral("simulated I/O error"));
            return -1;
        }
        const qint64 n = std::min({maxSize, m_step, qint64(m_data.size()) - m_pos});
        if (n <= 0)
            return 0;
        std::memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_step;
    qint64 m_failAfter;
    bool m_sequential;
    qint64 m_pos = 0;
    int m_reads = 0;
};

using Rows = QList<QStringList>;
using Lines = QList<qint64>;

Result<DataTable> readWithStep(const QByteArray &data, qint64 step, const StepContext &ctx = {},
                               const CsvReadOptions &options = {})
{
    if (step <= 0) {
        QByteArray copy = data;
        QBuffer buffer(&copy);
        buffer.open(QIODevice::ReadOnly);
        return CsvReader::read(buffer, ctx, options);
    }
    TrickleDevice device(data, step);
    device.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    return CsvReader::read(device, ctx, options);
}

Rows rowsOf(const DataTable &table)
{
    Rows rows;
    for (qsizetype r = 0; r < table.rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < table.columnCount(); ++c)
            row << table.text(r, c);
        rows << row;
    }
    return rows;
}

Lines linesOf(const DataTable &table)
{
    Lines lines;
    for (qsizetype r = 0; r < table.rowCount(); ++r)
        lines << table.sourceLine(r);
    return lines;
}

QString u8(const char *text)
{
    return QString::fromUtf8(text);
}

/// Steps: 0 reads the whole buffer at once; the others trickle a few bytes per read.
const qint64 Steps[] = {0, 1, 2, 3, 5, 7, 64};

} // namespace

class TestCsvReader : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void errors_data();
    void errors();
    void otherDelimiters();
    void invalidDelimiter();
    void bigInputAcrossRealChunks();
    void progressIsReportedByBytes();
    void cancelBeforeStart();
    void cancelDuringRead();
    void deviceReadError();
    void sequentialDevice();
    void deviceNotOpen();
    void readFileMissing();
    void readFileFolder();
    void readFileDataFiles();
    void readFileBundledSample();
    void fileNameWithPercentSigns();
    void readFileErrorNamesFile_data();
    void readFileErrorNamesFile();
    void realFile();
};

void TestCsvReader::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<Rows>("rows");
    QTest::addColumn<Lines>("lines");

    const QStringList ab {"a", "b"};
    QTest::newRow("lf") << QByteArray("a,b\n1,2\n3,4\n") << ab << Rows {{"1", "2"}, {"3", "4"}}
                        << Lines {2, 3};
    QTest::newRow("crlf") << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << ab << Rows {{"1", "2"}, {"3", "4"}}
                          << Lines {2, 3};
    QTest::newRow("lone cr") << QByteArray("a,b\r1,2\r3,4\r") << ab << Rows {{"1", "2"}, {"3", "4"}}
                             << Lines {2, 3};
    QTest::newRow("mixed line ends") << QByteArray("a,b\r\n1,2\n3,4\r5,6") << ab
                                     << Rows {{"1", "2"}, {"3", "4"}, {"5", "6"}} << Lines {2, 3, 4};
    QTest::newRow("no final line end") << QByteArray("a,b\n1,2") << ab << Rows {{"1", "2"}} << Lines {2};
    QTest::newRow("quoted delimiter")
        << QByteArray("a,b\n\"x, y\",2\n") << ab << Rows {{"x, y", "2"}} << Lines {2};
    QTest::newRow("doubled quotes") << QByteArray("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n") << ab
                                    << Rows {{"say \"hi\"", "\""}} << Lines {2};
    QTest::newRow("quoted empty") << QByteArray("a,b\n\"\",\"\"\n1,2\n") << ab << Rows {{"", ""}, {"1", "2"}}
                                  << Lines {2, 3};
    QTest::newRow("embedded lf") << QByteArray("a,b\n\"one\ntwo\",2\n3,4\n") << ab
                                 << Rows {{"one\ntwo", "2"}, {"3", "4"}} << Lines {2, 4};
    QTest::newRow("embedded crlf") << QByteArray("a,b\r\n\"one\r\ntwo\r\nthree\",2\r\n3,4\r\n") << ab
                                   << Rows {{"one\r\ntwo\r\nthree", "2"}, {"3", "4"}} << Lines {2, 5};
    QTest::newRow("embedded lone cr") << QByteArray("a,b\r\n\"one\rtwo\",2\r\n3,4\r\n") << ab
                                      << Rows {{"one\rtwo", "2"}, {"3", "4"}} << Lines {2, 4};
    QTest::newRow("embedded cr then lf in next cell") << QByteArray("a,b\n\"x\r\",\"\ny\"\n3,4\n") << ab
                                                      << Rows {{"x\r", "\ny"}, {"3", "4"}} << Lines {2, 5};
    QTest::newRow("embedded blank lines")
        << QByteArray("a,b\n\"\n\n\",2\n3,4\n") << ab << Rows {{"\n\n", "2"}, {"3", "4"}} << Lines {2, 5};
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                       "a,b\n1,2\n")
                         << ab << Rows {{"1", "2"}} << Lines {2};
    QTest::newRow("bom then quoted header")
        << QByteArray("\xEF\xBB\xBF\"a\",b\r\n1,2\r\n") << ab << Rows {{"1", "2"}} << Lines {2};
    QTest::newRow("bom only once") << QByteArray("\xEF\xBB\xBF"
                                                 "a,b\n\xEF\xBB\xBF,2\n")
                                   << ab << Rows {{u8("\xEF\xBB\xBF"), "2"}} << Lines {2};
    QTest::newRow("short rows padded") << QByteArray("a,b,c\n1\n1,2\n") << QStringList {"a", "b", "c"}
                                       << Rows {{"1", "", ""}, {"1", "2", ""}} << Lines {2, 3};
    QTest::newRow("long row empty extras")
        << QByteArray("a,b\n1,2,,\n3,4,\"\"\n") << ab << Rows {{"1", "2"}, {"3", "4"}} << Lines {2, 3};
    QTest::newRow("empty lines skipped") << QByteArray("\n\r\na,b\n\n1,2\r\n\r\n\r3,4\n\n") << ab
                                         << Rows {{"1", "2"}, {"3", "4"}} << Lines {5, 8};
    QTest::newRow("delimiters only is a row")
        << QByteArray("a,b\n,\n1,2\n") << ab << Rows {{"", ""}, {"1", "2"}} << Lines {2, 3};
    QTest::newRow("trailing delimiter at end")
        << QByteArray("a,b\n1,") << ab << Rows {{"1", ""}} << Lines {2};
    QTest::newRow("empty header cell")
        << QByteArray(",id,title\n0,7,Heat\n") << QStringList {"", "id", "title"} << Rows {{"0", "7", "Heat"}}
        << Lines {2};
    QTest::newRow("all headers empty")
        << QByteArray(",\n1,2\n") << QStringList {"", ""} << Rows {{"1", "2"}} << Lines {2};
    QTest::newRow("stray quote kept literally")
        << QByteArray("a,b\nab\"c,5\"\n") << ab << Rows {{"ab\"c", "5\""}} << Lines {2};
    QTest::newRow("space before quote is literal")
        << QByteArray("a,b\n \"x\",2\n") << ab << Rows {{" \"x\"", "2"}} << Lines {2};
    QTest::newRow("text after closing quote")
        << QByteArray("a,b\n\"ab\"c,\"x\"\"\"y\n") << ab << Rows {{"abc", "x\"y"}} << Lines {2};
    QTest::newRow("whitespace kept") << QByteArray("a,b\n  1 , 2\t\n") << ab << Rows {{"  1 ", " 2\t"}}
                                     << Lines {2};
    QTest::newRow("single column") << QByteArray("title\nHeat\n\nAlien\n") << QStringList {"title"}
                                   << Rows {{"Heat"}, {"Alien"}} << Lines {2, 4};
    QTest::newRow("utf8 in cells") << QByteArray(
        "t\xC3\xADtulo,b\nAm\xC3\xA9lie,\xE6\x97\xA5\xE6\x9C\xAC"
        "\n\xF0\x9F\x8E\xAC,\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF\n")
                                   << QStringList {u8("t\xC3\xADtulo"), "b"}
                                   << Rows {{u8("Am\xC3\xA9lie"), u8("\xE6\x97\xA5\xE6\x9C\xAC")},
                                            {u8("\xF0\x9F\x8E\xAC"),
                                             u8("\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF")}}
                                   << Lines {2, 3};
    QTest::newRow("long ascii cell") << (QByteArray("a,b\n") + QByteArray(1000, 'x') + ",\""
                                         + QByteArray(999, 'y') + "\"\n")
                                     << ab << Rows {{QString(1000, 'x'), QString(999, 'y')}} << Lines {2};
}

void TestCsvReader::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, headers);
    QFETCH(Rows, rows);
    QFETCH(Lines, lines);

    for (const qint64 step : Steps) {
        const Result<DataTable> result = readWithStep(input, step);
        QVERIFY2(result.ok(),
                 qPrintable(QStringLiteral("step %1: %2").arg(step).arg(result.error().message)));
        const DataTable &table = result.value();
        QCOMPARE(table.headers(), headers);
        QCOMPARE(table.columnCount(), headers.size());
        QCOMPARE(rowsOf(table), rows);
        QCOMPARE(linesOf(table), lines);
    }
}

void TestCsvReader::errors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("fragments"); // each must appear in the message

    QTest::newRow("empty file") << QByteArray() << QStringList {"is empty"};
    QTest::newRow("only a bom") << QByteArray("\xEF\xBB\xBF") << QStringList {"is empty"};
    QTest::newRow("only empty lines") << QByteArray("\n\r\n\r") << QStringList {"is empty"};
    QTest::newRow("header only") << QByteArray("a,b\n") << QStringList {"header row but no data rows"};
    QTest::newRow("header only, no line end") << QByteArray("a,b") << QStringList {"no data rows"};
    QTest::newRow("header and empty lines") << QByteArray("a,b\r\n\r\n\n") << QStringList {"no data rows"};
    QTest::newRow("long row with content")
        << QByteArray("a,b\n1,2\n1,2,3\n") << QStringList {"Line 3", "3 cells", "header has 2"};
    QTest::newRow("long row after multi-line cell")
        << QByteArray("a,b\n\"x\ny\nz\",2\n1,2,,x,\n") << QStringList {"Line 5", "5 cells", "header has 2"};
    QTest::newRow("latin-1 byte") << QByteArray("a,b\n1,2\n3,Am\xE9lie\n") << QStringList {"Line 3", "UTF-8"};
    QTest::newRow("bad byte in header") << QByteArray("a\xFF,b\n1,2\n") << QStringList {"Line 1", "UTF-8"};
    QTest::newRow("bad byte in multi-line cell")
        << QByteArray("a\n\"x\r\ny\n\xC3z\"\n") << QStringList {"Line 4", "UTF-8"};
    QTest::newRow("overlong") << QByteArray("a\n\xC0\x80\n") << QStringList {"Line 2", "UTF-8"};
    QTest::newRow("overlong three bytes")
        << QByteArray("a\n\xE0\x80\xAF\n") << QStringList {"Line 2", "UTF-8"};
    QTest::newRow("surrogate") << QByteArray("a\nb\n\xED\xA0\x80\n") << QStringList {"Line 3", "UTF-8"};
    QTest::newRow("past U+10FFFF") << QByteArray("a\n\xF4\x90\x80\x80\n") << QStringList {"Line 2", "UTF-8"};
    QTest::newRow("truncated sequence before delimiter")
        << QByteArray("a,b\n\xE6\x97,x\n") << QStringList {"Line 2", "UTF-8"};
    QTest::newRow("truncated sequence at end")
        << QByteArray("a\nx\xF0\x9F\x8E") << QStringList {"Line 2", "UTF-8"};
    QTest::newRow("stray continuation byte") << QByteArray("a\n\x80\n") << QStringList {"Line 2", "UTF-8"};
    QTest::newRow("nul byte") << QByteArray("a\nx\0y\n", 6) << QStringList {"Line 2", "UTF-8"};
    QTest::newRow("utf-16 bom") << QByteArray("\xFF\xFE"
                                              "a\0,\0b\0",
                                              8)
                                << QStringList {"Line 1", "UTF-8"};
    QTest::newRow("partial bom") << QByteArray("\xEF\xBB") << QStringList {"Line 1", "UTF-8"};
    QTest::newRow("bad byte in unterminated quote")
        << QByteArray("a\n\"x\n\xFF") << QStringList {"Line 3", "UTF-8"};
    QTest::newRow("unterminated quote")
        << QByteArray("a,b\n1,\"abc\n2,3\n") << QStringList {"Line 2", "never closed"};
    QTest::newRow("unterminated quote after multi-line cell")
        << QByteArray("a,b\r\n\"x\r\ny\",1\r\n2,\"open\r\n") << QStringList {"Line 4", "never closed"};
    QTest::newRow("unterminated quote in header")
        << QByteArray("\"a,b\n1,2\n") << QStringList {"Line 1", "never closed"};
    QTest::newRow("lone quote at end") << QByteArray("a\n1\n\"") << QStringList {"Line 3", "never closed"};
}

void TestCsvReader::errors()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, fragments);

    for (const qint64 step : Steps) {
        const Result<DataTable> result = readWithStep(input, step);
        QVERIFY2(!result.ok(), qPrintable(QStringLiteral("step %1 unexpectedly succeeded").arg(step)));
        QCOMPARE(result.error().kind, ErrorKind::Input);
        for (const QString &fragment : fragments)
            QVERIFY2(result.error().message.contains(fragment),
                     qPrintable(QStringLiteral("step %1: \"%2\" lacks \"%3\"")
                                    .arg(step)
                                    .arg(result.error().message, fragment)));
        // Messages are sentences that say what to do.
        QVERIFY(result.error().message.endsWith(QLatin1Char('.')));
    }
}

void TestCsvReader::otherDelimiters()
{
    CsvReadOptions semicolon;
    semicolon.delimiter = ';';
    Result<DataTable> result = readWithStep("a;b\n\"1;5\";2,5\n", 0, {}, semicolon);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(rowsOf(result.value()), (Rows {{"1;5", "2,5"}}));

    CsvReadOptions tab;
    tab.delimiter = '\t';
    result = readWithStep("a\tb\n1\t\n", 1, {}, tab);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(result.value().headers(), (QStringList {"a", "b"}));
    QCOMPARE(rowsOf(result.value()), (Rows {{"1", ""}}));
}

void TestCsvReader::invalidDelimiter()
{
    CsvReadOptions quote;
    quote.delimiter = '"';
    const Result<DataTable> result = readWithStep("a\n1\n", 0, {}, quote);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Usage);
}

void TestCsvReader::bigInputAcrossRealChunks()
{
    // About 11 MB: crosses the reader's real chunk boundaries (1 MiB reads) at places nobody chose,
    // with quoted fields, embedded CRLF and non-ASCII text everywhere.
    QByteArray data = QByteArrayLiteral("\xEF\xBB\xBFid,title,overview\r\n");
    const int rows = 60000;
    for (int i = 0; i < rows; ++i) {
        data += QByteArray::number(i);
        data += ",\"T\xC3\xADtulo \"\"";
        data += QByteArray::number(i * 7);
        data += "\"\", part\",\"";
        data += QByteArray(i % 300, 'o');
        data += "\r\nsecond line \xF0\x9F\x8E\xAC\"\r\n";
    }
    const Result<DataTable> result = readWithStep(data, 0);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    const DataTable &table = result.value();
    QCOMPARE(table.rowCount(), qsizetype(rows));
    for (int i = 0; i < rows; ++i) {
        QCOMPARE(table.cell(i, 0), std::string_view(QByteArray::number(i).constData()));
        const QByteArray title = "T\xC3\xADtulo \"" + QByteArray::number(i * 7) + "\", part";
        QCOMPARE(table.cell(i, 1), std::string_view(title.constData(), size_t(title.size())));
        const QByteArray overview = QByteArray(i % 300, 'o') + "\r\nsecond line \xF0\x9F\x8E\xAC";
        QCOMPARE(table.cell(i, 2), std::string_view(overview.constData(), size_t(overview.size())));
        QCOMPARE(table.sourceLine(i), qint64(2 + 2 * i));
    }
}

void TestCsvReader::progressIsReportedByBytes()
{
    QByteArray data("title,rating\n");
    for (int i = 0; i < 200; ++i)
        data += "Movie " + QByteArray::number(i) + ",7.5\n";
    QList<double> reports;
    StepContext ctx;
    ctx.progress = [&reports](double fraction) { reports << fraction; };
    const Result<DataTable> result = readWithStep(data, 100, ctx);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QVERIFY2(reports.size() >= data.size() / 100, "progress is reported once per chunk");
    for (qsizetype i = 1; i < reports.size(); ++i)
        QVERIFY(reports[i] >= reports[i - 1]);
    QVERIFY(reports.first() > 0.0 && reports.first() < 0.1);
    QCOMPARE(reports.last(), 1.0);
}

void TestCsvReader::cancelBeforeStart()
{
    CancelToken token;
    token.cancel();
    StepContext ctx;
    ctx.cancel = &token;
    const Result<DataTable> result = readWithStep("a\n1\n", 0, ctx);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Cancelled);
}

void TestCsvReader::cancelDuringRead()
{
    QByteArray data("a,b\n");
    for (int i = 0; i < 1000; ++i)
        data += "1,2\n";
    CancelToken token;
    StepContext ctx;
    ctx.cancel = &token;
    int reports = 0;
    ctx.progress = [&](double) {
        if (++reports == 3)
            token.cancel();
    };
    TrickleDevice device(data, 10);
    device.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    const Result<DataTable> result = CsvReader::read(device, ctx);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Cancelled);
    // It stopped at the next chunk instead of reading everything.
    QCOMPARE(reports, 3);
    QCOMPARE(device.reads(), 3);
}

void TestCsvReader::deviceReadError()
{
    TrickleDevice device("a,b\n1,2\n3,4\n", 4, 8);
    device.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    const Result<DataTable> result = CsvReader::read(device);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Input);
    QVERIFY2(result.error().message.contains(QLatin1String("simulated I/O error")),
             qPrintable(result.error().message));
}

void TestCsvReader::sequentialDevice()
{
    // A pipe-like device: no size, so no fraction until the end; read until it has no more.
    TrickleDevice device("a,b\r\n\"x\r\ny\",2\r\n3,4\r\n", 3, -1, true);
    device.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    QList<double> reports;
    StepContext ctx;
    ctx.progress = [&reports](double fraction) { reports << fraction; };
    const Result<DataTable> result = CsvReader::read(device, ctx);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(rowsOf(result.value()), (Rows {{"x\r\ny", "2"}, {"3", "4"}}));
    QCOMPARE(linesOf(result.value()), (Lines {2, 4}));
    QCOMPARE(reports, QList<double> {1.0});
}

void TestCsvReader::deviceNotOpen()
{
    QBuffer buffer;
    const Result<DataTable> result = CsvReader::read(buffer);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Input);
}

void TestCsvReader::readFileMissing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("no-such-file.csv"));
    const Result<DataTable> result = CsvReader::readFile(path);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Input);
    QVERIFY2(result.error().message.contains(QDir::toNativeSeparators(path)),
             qPrintable(result.error().message));
}

void TestCsvReader::readFileFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Result<DataTable> result = CsvReader::readFile(dir.path());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Input);
    QVERIFY2(result.error().message.contains(QLatin1String("folder")), qPrintable(result.error().message));
}

void TestCsvReader::readFileDataFiles()
{
    const QString path = QStringLiteral(MOVIEFLOW_TEST_DATA_DIR "/csv/bom_crlf_quoted.csv");
    const Result<DataTable> result = CsvReader::readFile(path);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    const DataTable &table = result.value();
    QCOMPARE(table.sourceName(), QStringLiteral("bom_crlf_quoted.csv"));
    QCOMPARE(table.headers(), (QStringList {"", "id", "title", "overview"}));
    QCOMPARE(rowsOf(table),
             (Rows {{"0", "1", "Crouching Tiger, Hidden Dragon",
                     "Two warriors, one sword.\r\nA \"legend\" returns."},
                    {"1", "2", u8("Am\xC3\xA9lie"), u8("Paris \xE2\x80\x94 a shy waitress \xF0\x9F\x8E\xAC")},
                    {"2", "3", u8("\xE5\x8D\x83\xE3\x81\xA8\xE5\x8D\x83\xE5\xB0\x8B"), ""}}));
    QCOMPARE(linesOf(table), (Lines {2, 4, 6}));
}

void TestCsvReader::readFileBundledSample()
{
    // The sample is compiled into movieflow_core as a Qt resource; readFile must read it like a file.
    const Result<DataTable> result
        = CsvReader::readFile(QStringLiteral(":/movieflow/sample/movies_sample.csv"));
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    const DataTable &table = result.value();
    QCOMPARE(table.headers(),
             (QStringList {"", "id", "title", "overview", "release_date", "popularity", "vote_average",
                           "vote_count"}));
    QCOMPARE(table.rowCount(), qsizetype(50));
    QCOMPARE(table.text(0, 2), QStringLiteral("Inception"));
    QCOMPARE(table.sourceLine(0), qint64(2));
}

void TestCsvReader::readFileErrorNamesFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("latin-1") << "latin1_line5.csv"
                             << "Line 5 of latin1_line5.csv is not valid UTF-8";
    QTest::newRow("unterminated") << "unterminated_quote.csv"
                                  << "Line 2 of unterminated_quote.csv";
}

void TestCsvReader::fileNameWithPercentSigns()
{
    // A file name is text, not a format string for the rest of the message.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("100%2 %3.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a,b\n1,2,3\n");
    file.close();
    const Result<DataTable> result = CsvReader::readFile(file.fileName());
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.startsWith(
                 QLatin1String("Line 2 of 100%2 %3.csv has 3 cells, but the header has 2.")),
             qPrintable(result.error().message));
}

void TestCsvReader::readFileErrorNamesFile()
{
    QFETCH(QString, file);
    QFETCH(QString, fragment);
    const Result<DataTable> result
        = CsvReader::readFile(QStringLiteral(MOVIEFLOW_TEST_DATA_DIR "/csv/") + file);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Input);
    QVERIFY2(result.error().message.contains(fragment), qPrintable(result.error().message));
}

void TestCsvReader::realFile()
{
    const QString path = QStringLiteral(MOVIEFLOW_REAL_DATA);
    if (!QFileInfo::exists(path))
        QSKIP(qPrintable(
            QStringLiteral("The real data file %1 is absent; put the Kaggle TMDB export there to run "
                           "this test.")
                .arg(path)));
    const Result<DataTable> result = CsvReader::readFile(path);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    const DataTable &table = result.value();
    QCOMPARE(table.rowCount(), qsizetype(8580));
    QCOMPARE(table.columnCount(), 8);
    QCOMPARE(table.headers(),
             (QStringList {"", "id", "title", "overview", "release_date", "popularity", "vote_average",
                           "vote_count"}));

    // Exactly one empty cell in the whole file: the overview of "Il grande giorno".
    QList<QPair<qsizetype, int>> empty;
    for (qsizetype r = 0; r < table.rowCount(); ++r)
        for (int c = 0; c < table.columnCount(); ++c)
            if (table.cell(r, c).empty())
                empty.append({r, c});
    QCOMPARE(empty.size(), 1);
    QCOMPARE(empty.first().second, 3);
    QCOMPARE(table.text(empty.first().first, 2), QStringLiteral("Il grande giorno"));

    // The index column counts up from 0 in source order.
    for (qsizetype r = 0; r < table.rowCount(); ++r)
        QCOMPARE(table.text(r, 0), QString::number(r));

    QCOMPARE(table.text(0, 1), QStringLiteral("960258"));
    QCOMPARE(table.text(0, 2), QStringLiteral("Shark Bait"));
    QCOMPARE(table.text(8579, 2), QStringLiteral("The Thaw"));
    QCOMPARE(table.text(8579, 7), QStringLiteral("304"));

    // Three overviews hold a line break (the file has CRLF line ends and a few lone CRs), so the
    // rows after them start further down.
    QCOMPARE(table.sourceLine(0), qint64(2));
    QCOMPARE(table.sourceLine(1000), qint64(1002));
    QCOMPARE(table.text(2506, 2), QStringLiteral("One Hundred and One Dalmatians"));
    QVERIFY(table.text(2506, 3).contains(QLatin1String("statement.\r In a Disney")));
    QCOMPARE(table.sourceLine(2506), qint64(2508));
    QCOMPARE(table.sourceLine(2507), qint64(2510));
    QCOMPARE(table.sourceLine(6805), qint64(6810));
    QCOMPARE(table.sourceLine(8579), qint64(8584));
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
