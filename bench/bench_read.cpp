// SPDX-License-Identifier: MIT
// movieflow-bench-read: reads a CSV file with mf::CsvReader and reports rows, columns and time.
//
//   movieflow-bench-read FILE [--dump [--lines]]
//
// --dump prints every row (header first) as a JSON array of strings on its own line, so the parse
// can be compared with another CSV reader (for example Python's csv module); --lines puts each data
// row's source line number first.

#include "CsvReader.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    const bool dump = args.contains(QStringLiteral("--dump"));
    const bool lines = args.contains(QStringLiteral("--lines"));
    QStringList files = args;
    files.removeAll(QStringLiteral("--dump"));
    files.removeAll(QStringLiteral("--lines"));
    if (files.size() != 1) {
        std::fputs("Usage: movieflow-bench-read FILE [--dump [--lines]]\n", stderr);
        return 2;
    }

    QElapsedTimer timer;
    timer.start();
    const mf::Result<mf::DataTable> result = mf::CsvReader::readFile(files.first());
    const qint64 elapsed = timer.elapsed();
    if (!result.ok()) {
        std::fprintf(stderr, "error: %s\n", qUtf8Printable(result.error().message));
        return mf::exitCodeFor(result.error().kind);
    }
    const mf::DataTable &table = result.value();
    if (dump) {
        auto print = [](const QJsonArray &row) {
            std::fputs(QJsonDocument(row).toJson(QJsonDocument::Compact).constData(), stdout);
            std::fputc('\n', stdout);
        };
        print(QJsonArray::fromStringList(table.headers()));
        for (qsizetype r = 0; r < table.rowCount(); ++r) {
            QJsonArray row;
            if (lines)
                row.append(table.sourceLine(r));
            for (int c = 0; c < table.columnCount(); ++c)
                row.append(table.text(r, c));
            print(row);
        }
        return 0;
    }
    qsizetype cellBytes = 0;
    for (int c = 0; c < table.columnCount(); ++c)
        cellBytes += table.column(c).byteSize();
    const double megabytes = double(QFileInfo(files.first()).size()) / 1e6;
    std::printf("rows %lld, columns %d, cell bytes %lld, %.1f MB read in %lld ms (%.0f MB/s)\n",
                static_cast<long long>(table.rowCount()), table.columnCount(),
                static_cast<long long>(cellBytes), megabytes, static_cast<long long>(elapsed),
                elapsed > 0 ? megabytes * 1000.0 / double(elapsed) : 0.0);
    return 0;
}
