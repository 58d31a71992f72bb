// SPDX-License-Identifier: MIT
#include "Cleaner.h"

#include "ValueParsers.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace mf {

namespace {

constexpr qsizetype ProgressInterval = 65536;

/// A set of 64-bit ids. Ids usually fill a narrow range (TMDB ids are below two million), and then
/// one bit per possible id is far faster than hashing: the bitmap stays in cache. Ids spread over a
/// wide range go into an open-addressing hash table instead (a node-based set would allocate per id).
class IdSet
{
public:
    IdSet(qint64 minId, qint64 maxId, qsizetype expected)
    {
        const quint64 range = quint64(maxId) - quint64(minId); // no overflow in unsigned arithmetic
        const quint64 bitmapLimit = std::max<quint64>(quint64(expected) * 64, quint64(1) << 20);
        if (expected > 0 && range < bitmapLimit) {
            m_min = minId;
            m_bits.assign(size_t(range / 64 + 1), 0);
            return;
        }
        size_t capacity = 16;
        while (capacity < size_t(expected) * 2)
            capacity *= 2;
        m_buckets.assign(capacity, Empty);
    }

    /// True when the id was not in the set yet.
    bool insert(qint64 id)
    {
        if (!m_bits.empty()) {
            const quint64 offset = quint64(id) - quint64(m_min);
            quint64 &word = m_bits[size_t(offset / 64)];
            const quint64 bit = quint64(1) << (offset % 64);
            const bool added = (word & bit) == 0;
            word |= bit;
            return added;
        }
        if (id == Empty) {
            const bool added = !m_hasEmptyValue;
            m_hasEmptyValue = true;
            return added;
        }
        if ((m_size + 1) * 2 > m_buckets.size())
            grow();
        return insertInto(m_buckets, id);
    }

private:
    static constexpr qint64 Empty = std::numeric_limits<qint64>::min();

    static size_t bucketOf(qint64 id, size_t mask)
    {
        // The finalizer of MurmurHash3: spread the bits of ids that share a pattern.
        auto x = quint64(id);
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        return size_t(x) & mask;
    }

    bool insertInto(std::vector<qint64> &buckets, qint64 id)
    {
        const size_t mask = buckets.size() - 1;
        for (size_t i = bucketOf(id, mask);; i = (i + 1) & mask) {
            if (buckets[i] == id)
                return false;
            if (buckets[i] == Empty) {
                buckets[i] = id;
                ++m_size;
                return true;
            }
        }
    }

    void grow()
    {
        std::vector<qint64> bigger(m_buckets.size() * 2, Empty);
        m_size = 0;
        for (const qint64 id : m_buckets) {
            if (id != Empty)
                insertInto(bigger, id);
        }
        m_buckets.swap(bigger);
    }

    qint64 m_min = 0;
    std::vector<quint64> m_bits;
    std::vector<qint64> m_buckets;
    size_t m_size = 0;
    bool m_hasEmptyValue = false;
};

/// The answer of values::isBlank (text) or values::isMissingToken (typed), with the common case
/// decided inline: a cell that starts with a printable byte that no token starts with.
inline bool cellIsMissing(std::string_view cell, bool typed)
{
    if (!cell.empty()) {
        const auto c = static_cast<unsigned char>(cell.front());
        if (c > ' ' && c != 0xC2 && c != 0xA0 && (!typed || (c != 'N' && c != 'n' && c != '#')))
            return false;
    }
    return typed ? values::isMissingToken(cell) : values::isBlank(cell);
}

/// A role column with a type, checked and converted for every row.
struct TypedColumn
{
    int column = -1;
    Role role = Role::Title;
    bool required = false;
    bool checked = false;
    QString countName; ///< the key of CleanCounts::droppedInvalid
    qint64 invalid = 0;
};

QString quotedHeader(const QString &header)
{
    return header.isEmpty() ? QStringLiteral("(unnamed)") : QLatin1Char('"') + header + QLatin1Char('"');
}

QString headerList(const QStringList &headers)
{
    QStringList shown;
    for (const QString &header : headers)
        shown.append(quotedHeader(header));
    return shown.join(QStringLiteral(", "));
}

/// The columns named in settings.checkedColumns, or all columns when it is empty. A name is a
/// header as written (every column with that header), or else a role name.
Result<std::vector<bool>> checkedMask(const DataTable &table, const RoleMap &roles, const QStringList &names)
{
    std::vector<bool> mask(size_t(table.columnCount()), names.isEmpty());
    for (const QString &name : names) {
        bool found = false;
        for (int c = 0; c < table.columnCount(); ++c) {
            if (table.header(c) == name) {
                mask[size_t(c)] = true;
                found = true;
            }
        }
        Role role;
        if (!found && roleFromName(name, &role) && roles.has(role)) {
            mask[size_t(roles.column(role))] = true;
            found = true;
        }
        if (!found) {
            return Error::input(QStringLiteral("The column %1 chosen for the missing-value check is not in "
                                               "the data; the headers are %2. Choose columns from that list.")
                                    .arg(quotedHeader(name), headerList(table.headers())));
        }
    }
    return mask;
}

QString rowsRepeat(qint64 n)
{
    return n == 1 ? QStringLiteral("1 row repeats an id seen earlier")
                  : QStringLiteral("%1 rows repeat an id seen earlier").arg(n);
}

} // namespace

qint64 CleanCounts::droppedInvalidTotal() const
{
    qint64 total = 0;
    for (const qint64 n : droppedInvalid)
        total += n;
    return total;
}

QString CleanedData::title(qsizetype i) const
{
    if (!source || !roles.has(Role::Title) || i < 0 || i >= size())
        return {};
    return source->text(rows[size_t(i)], roles.column(Role::Title));
}

// Missing cells of typed role columns that are NOT checked: a required role (popularity,
// vote_average, release_date) still has to have a value, because the analysis needs it, so the row
// is dropped and counted as missing under that column. An optional one (id, vote_count) keeps the row;
// its typed value is then 0 and the cell is still as read in the source (an exporter writes it as
// read), and a missing id takes no part in duplicate counting or dedupe.
Result<CleanedData> cleanTable(const DataTable &table, const RoleMap &roles, const CleanSettings &settings,
                               const StepContext &ctx)
{
    QStringList unmapped;
    for (int r = 0; r < RoleCount; ++r) {
        const RoleInfo &info = roleInfo(Role(r));
        const int column = roles.column(info.role);
        if (column >= table.columnCount()) {
            return Error {ErrorKind::Internal,
                          QStringLiteral("The column mapping for %1 points past the last column of the data. "
                                         "Map the columns again.")
                              .arg(QString::fromLatin1(info.name))};
        }
        if (info.required && column < 0)
            unmapped.append(QString::fromLatin1(info.name));
    }
    if (!unmapped.isEmpty()) {
        return Error::input(QStringLiteral("Cleaning needs a column for %1, and none is mapped. Map it with "
                                           "--map role=Header or in the column mapping dialog.")
                                .arg(unmapped.join(QStringLiteral(", "))));
    }
    if (!std::isfinite(settings.minRating)) {
        return Error::usage(QStringLiteral(
            "The minimum rating is not a number. Give a number such as 7.0 with --min-rating."));
    }

    Result<std::vector<bool>> checkedResult = checkedMask(table, roles, settings.checkedColumns);
    if (!checkedResult.ok())
        return checkedResult.error();
    const std::vector<bool> checkedColumns = checkedResult.takeValue();
    std::vector<int> checked;
    for (int c = 0; c < table.columnCount(); ++c) {
        if (checkedColumns[size_t(c)])
            checked.push_back(c);
    }

    // Typed role columns in source order, so that "the first invalid column" is the leftmost one.
    std::vector<TypedColumn> typed;
    std::vector<bool> isTyped(size_t(table.columnCount()), false);
    for (int c = 0; c < table.columnCount(); ++c) {
        Role role;
        if (!roles.roleOfColumn(c, &role) || roleInfo(role).type == ValueType::Text)
            continue;
        TypedColumn column;
        column.column = c;
        column.role = role;
        column.required = roleInfo(role).required;
        column.checked = checkedColumns[size_t(c)];
        column.countName
            = table.header(c).isEmpty() ? QString::fromLatin1(roleInfo(role).name) : table.header(c);
        typed.push_back(column);
        isTyped[size_t(c)] = true;
    }

    const qsizetype rowCount = table.rowCount();
    const int idColumn = roles.column(Role::Id);
    const int dateColumn = roles.column(Role::ReleaseDate);
    const bool serials = table.numericDatesAreSerials();

    // Pre-pass: the day/month order of numeric dates is a property of the whole column, and the ids
    // are parsed once here (the range of the ids picks the fastest set for the duplicate check).
    values::DateOrderDetector detector;
    std::vector<qint64> ids;
    std::vector<quint8> idValid;
    qint64 minId = std::numeric_limits<qint64>::max();
    qint64 maxId = std::numeric_limits<qint64>::min();
    if (idColumn >= 0) {
        ids.resize(size_t(rowCount));
        idValid.resize(size_t(rowCount));
    }
    for (qsizetype r = 0; r < rowCount; ++r) {
        if (r % ProgressInterval == 0 && ctx.cancelled())
            return Error::cancelled();
        detector.add(table.cell(r, dateColumn));
        if (idColumn >= 0) {
            if (const std::optional<qint64> id = values::parseInteger(table.cell(r, idColumn))) {
                ids[size_t(r)] = *id;
                idValid[size_t(r)] = 1;
                minId = std::min(minId, *id);
                maxId = std::max(maxId, *id);
            }
        }
    }
    const values::DayMonthOrder dateOrder = detector.order();

    CleanedData out;
    out.source = &table;
    out.roles = roles;
    out.settings = settings;
    out.fate.assign(size_t(rowCount), RowFate::Kept);
    out.fateColumn.assign(size_t(rowCount), qint16(-1));
    out.rows.reserve(size_t(rowCount));
    out.popularity.reserve(size_t(rowCount));
    out.voteAverage.reserve(size_t(rowCount));
    out.releaseDate.reserve(size_t(rowCount));
    if (roles.has(Role::Id))
        out.id.reserve(size_t(rowCount));
    if (roles.has(Role::VoteCount))
        out.voteCount.reserve(size_t(rowCount));
    CleanCounts &counts = out.counts;
    counts.read = rowCount;

    const auto markDropped = [&out](qsizetype row, RowFate fate, int column) {
        out.fate[size_t(row)] = fate;
        out.fateColumn[size_t(row)]
            = column <= std::numeric_limits<qint16>::max() ? qint16(column) : qint16(-1);
    };

    const qsizetype idCount = minId <= maxId ? rowCount : 0;
    IdSet seenIds(minId, maxId, idCount);
    IdSet keptIds(minId, maxId, settings.dedupe ? idCount : 0);

    // The cells of the current row that the checks below read, fetched once.
    std::vector<int> usedColumns;
    for (int c = 0; c < table.columnCount(); ++c) {
        if (checkedColumns[size_t(c)] || isTyped[size_t(c)])
            usedColumns.push_back(c);
    }
    std::vector<std::string_view> cells(size_t(table.columnCount()));

    for (qsizetype r = 0; r < rowCount; ++r) {
        if (r % ProgressInterval == 0) {
            if (ctx.cancelled())
                return Error::cancelled();
            ctx.report(double(r) / double(rowCount));
        }

        // Duplicate ids are counted over every row read, whatever happens to the row later.
        const bool validId = idColumn >= 0 && idValid[size_t(r)] != 0;
        const qint64 id = validId ? ids[size_t(r)] : 0;
        if (validId && !seenIds.insert(id))
            ++counts.duplicateIds;

        for (const int c : usedColumns)
            cells[size_t(c)] = table.cell(r, c);

        // 1. Missing cells in the checked columns.
        int missingColumn = -1;
        for (const int c : checked) {
            if (cellIsMissing(cells[size_t(c)], isTyped[size_t(c)])) {
                missingColumn = c;
                break;
            }
        }
        if (missingColumn >= 0) {
            ++counts.droppedMissing;
            markDropped(r, RowFate::Missing, missingColumn);
            continue;
        }

        // 2. Typed values.
        double popularity = 0;
        double voteAverage = 0;
        qint64 voteCount = 0;
        QDate releaseDate;
        bool hasId = false;
        RowFate fate = RowFate::Kept;
        int fateColumn = -1;
        for (TypedColumn &column : typed) {
            const std::string_view cell = cells[size_t(column.column)];
            if (!column.checked && cellIsMissing(cell, true)) {
                if (column.required) {
                    fate = RowFate::Missing;
                    fateColumn = column.column;
                    break;
                }
                continue;
            }
            bool valid = true;
            switch (column.role) {
            case Role::Id:
                valid = validId;
                hasId = valid;
                break;
            case Role::VoteCount:
                if (const std::optional<qint64> v = values::parseInteger(cell))
                    voteCount = *v;
                else
                    valid = false;
                break;
            case Role::Popularity:
                if (const std::optional<double> v = values::parseDouble(cell))
                    popularity = *v;
                else
                    valid = false;
                break;
            case Role::VoteAverage:
                if (const std::optional<double> v = values::parseDouble(cell))
                    voteAverage = *v;
                else
                    valid = false;
                break;
            case Role::ReleaseDate:
                if (const std::optional<QDate> v = values::parseDate(cell, dateOrder, serials))
                    releaseDate = *v;
                else
                    valid = false;
                break;
            case Role::Title:
            case Role::Overview:
                break;
            }
            if (!valid) {
                ++column.invalid;
                fate = RowFate::Invalid;
                fateColumn = column.column;
                break;
            }
        }
        if (fate == RowFate::Missing) {
            ++counts.droppedMissing;
            markDropped(r, fate, fateColumn);
            continue;
        }
        if (fate == RowFate::Invalid) {
            markDropped(r, fate, fateColumn);
            continue;
        }

        // 3. The rating filter.
        const bool passes
            = settings.inclusive ? voteAverage >= settings.minRating : voteAverage > settings.minRating;
        if (!passes) {
            ++counts.droppedFilter;
            markDropped(r, RowFate::Filtered, -1);
            continue;
        }

        // 4. Dedupe: the first kept row of each id stays.
        if (settings.dedupe && hasId && !keptIds.insert(id)) {
            ++counts.droppedDuplicates;
            markDropped(r, RowFate::Duplicate, -1);
            continue;
        }

        out.rows.push_back(r);
        out.popularity.push_back(popularity);
        out.voteAverage.push_back(voteAverage);
        out.releaseDate.push_back(releaseDate);
        if (idColumn >= 0)
            out.id.push_back(hasId ? id : 0);
        if (roles.has(Role::VoteCount))
            out.voteCount.push_back(voteCount);
    }

    for (const TypedColumn &column : typed) {
        if (column.invalid > 0)
            counts.droppedInvalid[column.countName] += column.invalid;
    }
    counts.kept = qint64(out.rows.size());
    // The vectors were reserved for every row; give the memory back when far fewer were kept, as the
    // cleaned data lives on through analysis and export.
    if (out.rows.size() < out.rows.capacity() / 2) {
        out.rows.shrink_to_fit();
        out.popularity.shrink_to_fit();
        out.voteAverage.shrink_to_fit();
        out.releaseDate.shrink_to_fit();
        out.id.shrink_to_fit();
        out.voteCount.shrink_to_fit();
    }

    if (counts.duplicateIds > 0 && !settings.dedupe) {
        out.warnings.append(
            QStringLiteral(
                "%1; to keep only the first of each id, turn on \"Keep only the first row of each id\" "
                "(movieflow-cli: --dedupe).")
                .arg(rowsRepeat(counts.duplicateIds)));
    } else if (counts.duplicateIds > 0) {
        out.warnings.append(
            QStringLiteral("%1; de-duplication kept the first of each id and removed %2 more.")
                .arg(rowsRepeat(counts.duplicateIds))
                .arg(counts.droppedDuplicates));
    }
    if (settings.dedupe && idColumn < 0) {
        out.warnings.append(
            QStringLiteral("De-duplication had no effect because the data has no id column; map one "
                           "(movieflow-cli: --map id=Header) to remove repeated movies."));
    }

    ctx.report(1.0);
    return out;
}

} // namespace mf
