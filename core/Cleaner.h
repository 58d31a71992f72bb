// SPDX-License-Identifier: MIT
#pragma once

#include "ColumnRoles.h"
#include "DataTable.h"
#include "Error.h"
#include "StepContext.h"

#include <QDate>
#include <QMap>
#include <QStringList>

#include <vector>

namespace mf {

struct CleanSettings
{
    double minRating = 7.0;
    bool inclusive = false;       ///< keep vote_average >= minRating instead of >
    bool dedupe = false;          ///< keep only the first row of each id
    QStringList checkedColumns;   ///< headers checked for missing cells; empty = all columns
};

/// Why a source row did not make it into the cleaned data.
enum class RowFate : quint8 { Kept, Missing, Invalid, Filtered, Duplicate };

struct CleanCounts
{
    qint64 read = 0;
    qint64 droppedMissing = 0;
    QMap<QString, qint64> droppedInvalid; ///< by source header (the role name when the header is empty)
    qint64 droppedFilter = 0;
    qint64 duplicateIds = 0;      ///< rows read whose valid id repeats an earlier row's id
    qint64 droppedDuplicates = 0; ///< rows removed by dedupe
    qint64 kept = 0;

    qint64 droppedInvalidTotal() const;
};

/// The rows that survived cleaning, with their typed values. Index i of every vector belongs to the
/// kept source row `rows[i]`; rows stay in source order. Vectors for roles that are not mapped are empty.
struct CleanedData
{
    const DataTable *source = nullptr;
    RoleMap roles;
    CleanSettings settings;
    std::vector<qint64> rows;
    std::vector<double> popularity;
    std::vector<double> voteAverage;
    std::vector<qint64> id;
    std::vector<qint64> voteCount;
    std::vector<QDate> releaseDate;

    CleanCounts counts;
    QStringList warnings;

    /// Per source row: what happened to it, and for Missing/Invalid the first column that caused it.
    std::vector<RowFate> fate;
    std::vector<qint16> fateColumn;

    qsizetype size() const { return qsizetype(rows.size()); }
    QString title(qsizetype i) const;
};

/// Drops rows with missing cells (in checked columns), rows with invalid typed values (counted per
/// column: the first invalid column of the row), rows failing the rating filter, and — with dedupe —
/// repeated ids. Counts duplicate ids and warns about them. Needs a valid RoleMap for `table`.
Result<CleanedData> cleanTable(const DataTable &table, const RoleMap &roles, const CleanSettings &settings,
                               const StepContext &ctx = {});

} // namespace mf
