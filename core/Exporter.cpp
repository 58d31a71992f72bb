// SPDX-License-Identifier: MIT
#include "Exporter.h"

#include "CsvWriter.h"
#include "ValueFormat.h"
#include "ValueParsers.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <functional>
#include <optional>

namespace mf {

namespace {

// Cancellation and progress are checked once per this many rows (a power of two: a cheap mask test).
constexpr qsizetype CheckEveryRows = qsizetype(1) << 16;

// Share of the export's progress taken by the cleaned CSV; the small analysis files share the rest.
constexpr double CsvShare = 0.9;

enum class CellKind : quint8 { Text, Integer, Double, Date };

struct ColumnPlan
{
    CellKind kind = CellKind::Text;
    const std::vector<qint64> *integers = nullptr;
    const std::vector<double> *doubles = nullptr;
    const std::vector<QDate> *dates = nullptr;
};

// Which columns are written from the typed vectors. A role's vector is used only when it has one value
// per kept row; otherwise (an unmapped role) the column is written as read.
std::vector<ColumnPlan> planColumns(const CleanedData &data)
{
    std::vector<ColumnPlan> plan(size_t(data.source->columnCount()));
    const size_t kept = data.rows.size();
    const auto column = [&](Role role) -> ColumnPlan * {
        const int c = data.roles.column(role);
        return c >= 0 && size_t(c) < plan.size() ? &plan[size_t(c)] : nullptr;
    };
    const auto bindIntegers = [&](Role role, const std::vector<qint64> &values) {
        if (ColumnPlan *p = column(role); p && values.size() == kept) {
            p->kind = CellKind::Integer;
            p->integers = &values;
        }
    };
    const auto bindDoubles = [&](Role role, const std::vector<double> &values) {
        if (ColumnPlan *p = column(role); p && values.size() == kept) {
            p->kind = CellKind::Double;
            p->doubles = &values;
        }
    };
    bindIntegers(Role::Id, data.id);
    bindIntegers(Role::VoteCount, data.voteCount);
    bindDoubles(Role::Popularity, data.popularity);
    bindDoubles(Role::VoteAverage, data.voteAverage);
    if (ColumnPlan *p = column(Role::ReleaseDate); p && data.releaseDate.size() == kept) {
        p->kind = CellKind::Date;
        p->dates = &data.releaseDate;
    }
    return plan;
}

// Typed cells are numbers and dates MovieFlow wrote itself: they cannot be formulas, and a guard
// would turn a negative number into text. So the formula guard applies to text cells only.
void writeTyped(CsvWriter &writer, bool guard, const char *begin, const char *end)
{
    writer.setFormulaGuard(false);
    writer.writeField(std::string_view(begin, size_t(end - begin)));
    writer.setFormulaGuard(guard);
}

void writeDoubleField(CsvWriter &writer, bool guard, double value)
{
    char buffer[values::MaxFormattedLength];
    writeTyped(writer, guard, buffer, values::writeDouble(buffer, value));
}

void writeIntegerField(CsvWriter &writer, bool guard, qint64 value)
{
    char buffer[values::MaxFormattedLength];
    writeTyped(writer, guard, buffer, values::writeInteger(buffer, value));
}

void writeDateField(CsvWriter &writer, bool guard, const QDate &value)
{
    char buffer[values::MaxFormattedLength];
    writeTyped(writer, guard, buffer, values::writeDate(buffer, value));
}

// The title of kept row `index`, or nullopt when the index or the title column is out of range.
std::optional<std::string_view> keptTitle(const CleanedData &data, qsizetype index)
{
    const int column = data.roles.column(Role::Title);
    if (index < 0 || size_t(index) >= data.rows.size() || column < 0 || column >= data.source->columnCount())
        return std::nullopt;
    const qint64 row = data.rows[size_t(index)];
    if (row < 0 || row >= data.source->rowCount())
        return std::nullopt;
    return data.source->cell(row, column);
}

Error outputError(const QString &path, QFileDevice::FileError code, const QString &reason)
{
    QString advice;
    switch (code) {
    case QFileDevice::ResourceError:
        advice = QStringLiteral("The disk may be full: free some space or choose another output folder.");
        break;
    case QFileDevice::OpenError:
    case QFileDevice::PermissionsError:
        advice
            = QStringLiteral("Check that the folder exists and that you may write to it, or choose another "
                             "output folder.");
        break;
    default:
        advice = QStringLiteral("Check the disk and the folder, then run the export again.");
        break;
    }
    return Error::output(QStringLiteral("MovieFlow could not write %1: %2. %3")
                             .arg(QDir::toNativeSeparators(path), reason, advice));
}

Error inconsistentData(const QString &path)
{
    return {
        ErrorKind::Internal,
        QStringLiteral("MovieFlow could not write %1 because the cleaned data and the analysis do not match. "
                       "This is a bug: please report it with the source file.")
            .arg(QDir::toNativeSeparators(path))};
}

// Writes one file through QSaveFile: it appears under its name only when complete.
Error saveFile(const QString &path, const StepContext &ctx, const std::function<bool(QIODevice &)> &write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return outputError(path, file.error(), file.errorString());
    const bool written = write(file);
    if (ctx.cancelled()) {
        file.cancelWriting();
        return Error::cancelled();
    }
    if (!written) {
        const QFileDevice::FileError code = file.error();
        const QString reason = file.errorString();
        file.cancelWriting();
        if (code == QFileDevice::NoError)
            return inconsistentData(path);
        return outputError(path, code, reason);
    }
    if (!file.commit())
        return outputError(path, file.error(), file.errorString());
    return Error::none();
}

bool writeTop(QIODevice &device, const Analysis &analysis, const ExportOptions &options)
{
    CsvWriter writer(&device);
    if (options.utf8Bom)
        writer.writeUtf8Bom();
    writer.writeRow({"rank", "title", "popularity", "vote_average", "release_date"});
    writer.setFormulaGuard(options.formulaGuard);
    qint64 rank = 0;
    for (const TopMovie &movie : analysis.top) {
        writeIntegerField(writer, options.formulaGuard, ++rank);
        const QByteArray title = movie.title.toUtf8();
        writer.writeField(std::string_view(title.constData(), size_t(title.size())));
        writeDoubleField(writer, options.formulaGuard, movie.popularity);
        writeDoubleField(writer, options.formulaGuard, movie.voteAverage);
        writeDateField(writer, options.formulaGuard, movie.releaseDate);
        writer.endRow();
    }
    return writer.flush();
}

bool writeMoviesPerYear(QIODevice &device, const Analysis &analysis, const ExportOptions &options)
{
    CsvWriter writer(&device);
    if (options.utf8Bom)
        writer.writeUtf8Bom();
    writer.writeRow({"year", "count"});
    for (auto it = analysis.moviesPerYear.cbegin(); it != analysis.moviesPerYear.cend(); ++it) {
        writeIntegerField(writer, false, it.key());
        writeIntegerField(writer, false, it.value());
        writer.endRow();
    }
    return writer.flush();
}

bool writeTitlesByReleaseDate(QIODevice &device, const CleanedData &data, const Analysis &analysis,
                              const ExportOptions &options, const StepContext &ctx)
{
    CsvWriter writer(&device);
    if (options.utf8Bom)
        writer.writeUtf8Bom();
    writer.writeRow({"title", "release_date"});
    writer.setFormulaGuard(options.formulaGuard);
    qsizetype done = 0;
    for (const qsizetype index : analysis.titlesByReleaseDate) {
        if ((++done & (CheckEveryRows - 1)) == 0 && ctx.cancelled())
            return false;
        const std::optional<std::string_view> title = keptTitle(data, index);
        if (!title || size_t(index) >= data.releaseDate.size())
            return false;
        writer.writeField(*title);
        writeDateField(writer, options.formulaGuard, data.releaseDate[size_t(index)]);
        writer.endRow();
    }
    return writer.flush();
}

// A StepContext whose progress maps 0..1 onto [from, to] of the parent's.
StepContext subContext(const StepContext &parent, double from, double to)
{
    StepContext sub = parent;
    if (parent.progress) {
        sub.progress = [&parent, from, to](double fraction) { parent.report(from + (to - from) * fraction); };
    }
    return sub;
}

} // namespace

bool writeCleanedCsv(QIODevice &device, const CleanedData &data, const ExportOptions &options,
                     const StepContext &ctx)
{
    if (!data.source)
        return false;
    const DataTable &table = *data.source;
    const std::vector<ColumnPlan> plan = planColumns(data);
    const bool guard = options.formulaGuard;

    CsvWriter writer(&device);
    if (options.utf8Bom)
        writer.writeUtf8Bom();
    writer.setFormulaGuard(guard);
    for (const QString &header : table.headers()) {
        const QByteArray bytes = header.toUtf8();
        writer.writeField(std::string_view(bytes.constData(), size_t(bytes.size())));
    }
    writer.endRow();

    const qsizetype count = data.size();
    const int columns = table.columnCount();
    for (qsizetype i = 0; i < count; ++i) {
        if ((i & (CheckEveryRows - 1)) == 0) {
            if (ctx.cancelled())
                return false;
            ctx.report(double(i) / double(count));
        }
        const qint64 row = data.rows[size_t(i)];
        if (row < 0 || row >= table.rowCount())
            return false;
        for (int c = 0; c < columns; ++c) {
            const ColumnPlan &column = plan[size_t(c)];
            switch (column.kind) {
            case CellKind::Text:
                writer.writeField(table.cell(row, c));
                break;
            case CellKind::Integer: {
                // An optional column left out of the missing check keeps its missing cells (stored as 0
                // in the typed vector): they are written as read, never as a made-up 0.
                const qint64 value = (*column.integers)[size_t(i)];
                if (value == 0 && values::isMissingToken(table.cell(row, c)))
                    writer.writeField(table.cell(row, c));
                else
                    writeIntegerField(writer, guard, value);
                break;
            }
            case CellKind::Double:
                writeDoubleField(writer, guard, (*column.doubles)[size_t(i)]);
                break;
            case CellKind::Date:
                writeDateField(writer, guard, (*column.dates)[size_t(i)]);
                break;
            }
        }
        writer.endRow();
        if (!writer.ok())
            return false;
    }
    const bool ok = writer.flush();
    if (ok)
        ctx.report(1.0);
    return ok;
}

Result<ExportedFiles> exportResults(const CleanedData &data, const Analysis &analysis,
                                    const QJsonObject &summary, const QString &folder,
                                    const QString &csvFileName, const ExportOptions &options,
                                    const StepContext &ctx)
{
    if (ctx.cancelled())
        return Error::cancelled();

    const QString topName = QStringLiteral("top.csv");
    const QString perYearName = QStringLiteral("movies_per_year.csv");
    const QString titlesName = QStringLiteral("titles_by_release_date.csv");
    const QString summaryName = QStringLiteral("summary.json");
    if (csvFileName.isEmpty() || csvFileName.contains(QLatin1Char('/'))
        || csvFileName.contains(QLatin1Char('\\')) || csvFileName == QLatin1String(".")
        || csvFileName == QLatin1String("..")
        || QStringList {topName, perYearName, titlesName, summaryName}.contains(csvFileName)) {
        return Error::usage(
            QStringLiteral("\"%1\" cannot be the name of the exported CSV: it must be a plain file "
                           "name that differs from top.csv, movies_per_year.csv, "
                           "titles_by_release_date.csv and summary.json.")
                .arg(csvFileName));
    }

    const QString absoluteFolder = QFileInfo(folder).absoluteFilePath();
    if (!QFileInfo(absoluteFolder).isDir() && !QDir().mkpath(absoluteFolder)) {
        return Error::output(
            QStringLiteral("The export folder %1 cannot be created. Choose another folder or fix "
                           "the permissions of its parent folder.")
                .arg(QDir::toNativeSeparators(absoluteFolder)));
    }
    const QDir dir(absoluteFolder);

    ExportedFiles files;
    files.csv = dir.absoluteFilePath(csvFileName);
    files.top = dir.absoluteFilePath(topName);
    files.moviesPerYear = dir.absoluteFilePath(perYearName);
    files.titlesByReleaseDate = dir.absoluteFilePath(titlesName);
    files.summary = dir.absoluteFilePath(summaryName);

    // Never replace a file: a failed export could then not give the old one back.
    for (const QString &path : files.all()) {
        const QFileInfo info(path);
        if (info.exists() || info.isSymLink()) {
            return Error::output(
                QStringLiteral("The file %1 already exists and MovieFlow does not overwrite files. "
                               "Export into an empty folder or remove that file.")
                    .arg(QDir::toNativeSeparators(path)));
        }
    }

    QStringList committed;
    const auto fail = [&committed](Error error) {
        for (const QString &path : std::as_const(committed))
            QFile::remove(path);
        return error;
    };
    const auto save = [&](const QString &path, double progressAfter,
                          const std::function<bool(QIODevice &)> &write) -> Error {
        if (ctx.cancelled())
            return Error::cancelled();
        Error error = saveFile(path, ctx, write);
        if (error.isError())
            return error;
        committed.append(path);
        ctx.report(progressAfter);
        return Error::none();
    };

    // Writing the rows takes most of the CSV's share; reaching CsvShare means the CSV is committed.
    const StepContext csvContext = subContext(ctx, 0.0, CsvShare * 0.95);
    const double step = (1.0 - CsvShare) / 4;
    Error error = save(files.csv, CsvShare,
                       [&](QIODevice &device) { return writeCleanedCsv(device, data, options, csvContext); });
    if (error.isError())
        return fail(error);
    error = save(files.top, CsvShare + step,
                 [&](QIODevice &device) { return writeTop(device, analysis, options); });
    if (error.isError())
        return fail(error);
    error = save(files.moviesPerYear, CsvShare + 2 * step,
                 [&](QIODevice &device) { return writeMoviesPerYear(device, analysis, options); });
    if (error.isError())
        return fail(error);
    error = save(files.titlesByReleaseDate, CsvShare + 3 * step, [&](QIODevice &device) {
        return writeTitlesByReleaseDate(device, data, analysis, options, ctx);
    });
    if (error.isError())
        return fail(error);
    error = save(files.summary, 1.0, [&](QIODevice &device) {
        const QByteArray json = QJsonDocument(summary).toJson(QJsonDocument::Indented);
        return device.write(json) == json.size();
    });
    if (error.isError())
        return fail(error);
    return files;
}

} // namespace mf
