// SPDX-License-Identifier: MIT
#include "CsvWriter.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QtTest>

#include <string>

using namespace mf;

namespace {

// Counts what it is given and throws it away: measures the writer, not a growing QBuffer.
class NullDevice : public QIODevice
{
public:
    qint64 written = 0;
    qint64 writes = 0;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 length) override
    {
        written += length;
        ++writes;
        return length;
    }
};

QByteArray writeRows(const QList<QStringList> &rows, char delimiter = ',', bool guard = false,
                     bool bom = false)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        CsvWriter writer(&buffer, delimiter);
        writer.setFormulaGuard(guard);
        if (bom)
            writer.writeUtf8Bom();
        for (const QStringList &row : rows) {
            for (const QString &field : row) {
                const QByteArray bytes = field.toUtf8();
                writer.writeField(std::string_view(bytes.constData(), size_t(bytes.size())));
            }
            writer.endRow();
        }
        if (!writer.flush())
            return "<write failed>";
    }
    return buffer.data();
}

} // namespace

class TestCsvWriter : public QObject
{
    Q_OBJECT

private slots:
    void quoting_data();
    void quoting();
    void rows();
    void loneEmptyField();
    void semicolonDelimiter();
    void bom();
    void formulaGuard_data();
    void formulaGuard();
    void buffersUntilThreshold();
    void failedWriteStops();
    void diskFull();
    void destructorFlushes();
    void fast();
};

void TestCsvWriter::quoting_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QStringLiteral("Inception") << QByteArray("Inception");
    QTest::newRow("empty") << QString() << QByteArray("");
    QTest::newRow("spaces kept unquoted") << QStringLiteral("  padded  ") << QByteArray("  padded  ");
    QTest::newRow("comma") << QStringLiteral("Lock, Stock") << QByteArray("\"Lock, Stock\"");
    QTest::newRow("quote doubled") << QStringLiteral("The \"Best\" One")
                                   << QByteArray("\"The \"\"Best\"\" One\"");
    QTest::newRow("only a quote") << QStringLiteral("\"") << QByteArray("\"\"\"\"");
    QTest::newRow("LF") << QStringLiteral("line\nbreak") << QByteArray("\"line\nbreak\"");
    QTest::newRow("CR") << QStringLiteral("cr\rhere") << QByteArray("\"cr\rhere\"");
    QTest::newRow("CRLF and quote") << QStringLiteral("a\r\n\"b\"") << QByteArray("\"a\r\n\"\"b\"\"\"");
    QTest::newRow("semicolon not special") << QStringLiteral("a;b") << QByteArray("a;b");
    QTest::newRow("apostrophe not special")
        << QStringLiteral("Schindler's List") << QByteArray("Schindler's List");
    QTest::newRow("utf-8 as is") << QStringLiteral("Amélie – 天気の子")
                                 << QStringLiteral("Amélie – 天気の子").toUtf8();
    QTest::newRow("formula without guard") << QStringLiteral("=1+1") << QByteArray("=1+1");
}

// Each field is written between two plain fields, so its bytes sit between two commas.
void TestCsvWriter::quoting()
{
    QFETCH(QString, field);
    QFETCH(QByteArray, expected);
    QCOMPARE(writeRows({{QStringLiteral("x"), field, QStringLiteral("y")}}), "x," + expected + ",y\n");
}

void TestCsvWriter::rows()
{
    const QByteArray out = writeRows({{QStringLiteral(""), QStringLiteral("id"), QStringLiteral("title")},
                                      {QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("A, B")},
                                      {QStringLiteral("1"), QStringLiteral(""), QStringLiteral("")}});
    QCOMPARE(out, QByteArray(",id,title\n0,1,\"A, B\"\n1,,\n"));
    QVERIFY(!out.contains('\r'));

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    writer.writeRow({"a", "b,c", ""});
    writer.writeRow({});
    writer.writeRow({"d"});
    QVERIFY(writer.flush());
    QCOMPARE(buffer.data(), QByteArray("a,\"b,c\",\n\nd\n"));
}

// One empty field alone would be a blank line that readers skip: it is written as "".
void TestCsvWriter::loneEmptyField()
{
    QCOMPARE(writeRows({{QStringLiteral("h")}, {QString()}, {QStringLiteral("v")}}),
             QByteArray("h\n\"\"\nv\n"));
    QCOMPARE(writeRows({{QString(), QString()}}), QByteArray(",\n"));
}

void TestCsvWriter::semicolonDelimiter()
{
    QCOMPARE(writeRows({{QStringLiteral("a;b"), QStringLiteral("c,d"), QStringLiteral("e")}}, ';'),
             QByteArray("\"a;b\";c,d;e\n"));
}

void TestCsvWriter::bom()
{
    const QByteArray out
        = writeRows({{QStringLiteral("title")}, {QStringLiteral("Amélie")}}, ',', false, true);
    QVERIFY(out.startsWith("\xEF\xBB\xBF"));
    QCOMPARE(out.mid(3), QStringLiteral("title\nAmélie\n").toUtf8());
    QVERIFY(!writeRows({{QStringLiteral("title")}}).startsWith("\xEF"));
}

void TestCsvWriter::formulaGuard_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("equals") << QStringLiteral("=HYPERLINK(\"x\")")
                            << QByteArray("\"'=HYPERLINK(\"\"x\"\")\"");
    QTest::newRow("plus") << QStringLiteral("+1") << QByteArray("'+1");
    QTest::newRow("minus") << QStringLiteral("-2") << QByteArray("'-2");
    QTest::newRow("at") << QStringLiteral("@SUM(A1)") << QByteArray("'@SUM(A1)");
    QTest::newRow("guarded and quoted") << QStringLiteral("=a,b") << QByteArray("\"'=a,b\"");
    QTest::newRow("not first char") << QStringLiteral("a=b") << QByteArray("a=b");
    QTest::newRow("leading space") << QStringLiteral(" =x") << QByteArray(" =x");
    QTest::newRow("empty") << QString() << QByteArray("");
    QTest::newRow("plain") << QStringLiteral("Up") << QByteArray("Up");
}

void TestCsvWriter::formulaGuard()
{
    QFETCH(QString, field);
    QFETCH(QByteArray, expected);
    QCOMPARE(writeRows({{QStringLiteral("x"), field}}, ',', true), "x," + expected + "\n");
    // Off by default: the field goes out as is (quoted only for its characters).
    const QByteArray unguarded = writeRows({{QStringLiteral("x"), field}});
    QVERIFY(!unguarded.contains('\'') || field.contains(QLatin1Char('\'')));
}

void TestCsvWriter::buffersUntilThreshold()
{
    NullDevice device;
    device.open(QIODevice::WriteOnly);
    CsvWriter writer(&device);
    writer.writeRow({"small", "row"});
    QCOMPARE(device.written, qint64(0)); // still in the writer's buffer

    const std::string chunk(1000, 'x');
    qint64 expected = 10;
    for (int i = 0; i < 2000; ++i) {
        writer.writeRow({chunk});
        expected += 1001;
    }
    // Two megabytes went in: at least one buffer's worth reached the device, in few large writes.
    QVERIFY(device.written >= (qint64(1) << 20));
    QVERIFY(device.writes <= 2);
    QVERIFY(writer.flush());
    QCOMPARE(device.written, expected);
}

void TestCsvWriter::failedWriteStops()
{
    QByteArray target;
    QBuffer buffer(&target);
    buffer.open(QIODevice::ReadOnly); // writes fail
    CsvWriter writer(&buffer);
    QVERIFY(writer.ok());
    writer.writeRow({"a", "b"});
    QVERIFY(writer.ok()); // not written yet
    QVERIFY(!writer.flush());
    QVERIFY(!writer.ok());
    writer.writeRow({"c"});
    QVERIFY(!writer.flush());
    QVERIFY(target.isEmpty());

    CsvWriter orphan(nullptr);
    orphan.writeRow({"x"});
    QVERIFY(!orphan.flush());
    QVERIFY(!orphan.ok());
}

// /dev/full accepts the open and fails every write with ENOSPC, like a full disk.
void TestCsvWriter::diskFull()
{
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("/dev/full does not exist on this system, so a full disk cannot be simulated.");
    QFile full(QStringLiteral("/dev/full"));
    QVERIFY(full.open(QIODevice::WriteOnly));
    CsvWriter writer(&full);
    writer.writeRow({"title", "popularity"});
    QVERIFY(!writer.flush());
    QVERIFY(!writer.ok());
    QCOMPARE(full.error(), QFileDevice::ResourceError);
}

void TestCsvWriter::destructorFlushes()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        CsvWriter writer(&buffer);
        writer.writeRow({"a", "b"});
    }
    QCOMPARE(buffer.data(), QByteArray("a,b\n"));
}

// 1M rows x 8 fields of TMDB-like cells, a few of which need quotes.
void TestCsvWriter::fast()
{
    NullDevice device;
    device.open(QIODevice::WriteOnly);
    const std::vector<std::string_view> plain = {"12345",
                                                 "533535",
                                                 "Deadpool & Wolverine",
                                                 "A listless Wade Wilson toils away in civilian life.",
                                                 "2024-07-24",
                                                 "3011.577",
                                                 "7.7",
                                                 "4121"};
    const std::vector<std::string_view> quoted = {"12346",
                                                  "27205",
                                                  "Inception",
                                                  "Cobb, a skilled thief, "
                                                  "steals \"secrets\".",
                                                  "2010-07-15",
                                                  "92.871",
                                                  "8.4",
                                                  "37402"};
    QElapsedTimer timer;
    timer.start();
    {
        CsvWriter writer(&device);
        for (int i = 0; i < 1000000; ++i)
            writer.writeRow(i % 10 == 0 ? quoted : plain);
        QVERIFY(writer.flush());
    }
    const qint64 ms = timer.elapsed();
    qInfo("CsvWriter: 1M rows x 8 fields (%lld MB) in %lld ms", device.written >> 20, ms);
    QVERIFY(device.written > 100 * 1000 * 1000);
    // Well under a second on the reference machine; the bound leaves room for slow debug builds.
    QVERIFY2(ms < 3000, qPrintable(QStringLiteral("took %1 ms").arg(ms)));
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
