// SPDX-License-Identifier: MIT
#pragma once

#include "Cleaner.h"

#include <QDate>
#include <QMap>
#include <QString>

#include <vector>

namespace mf {

struct TopMovie
{
    QString title;
    double popularity = 0;
    double voteAverage = 0;
    QDate releaseDate;
    qsizetype keptIndex = -1; ///< index into CleanedData
};

/// The figures of SPEC.md's "Analyze movie data", computed on cleaned rows.
struct Analysis
{
    int topN = 10;
    std::vector<TopMovie> top;       ///< popularity descending, ties in source order
    double avgRatingTop = 0;         ///< mean vote_average of `top`
    double avgRatingAll = 0;         ///< mean vote_average of all cleaned rows
    double meanPopularity = 0;
    QMap<int, qint64> moviesPerYear; ///< ascending by year
    std::vector<qsizetype> titlesByReleaseDate; ///< kept indices, by date then title
    std::vector<qsizetype> byPopularity;        ///< kept indices, popularity descending (stable)
};

Analysis analyze(const CleanedData &data, int topN = 10, const StepContext &ctx = {});

} // namespace mf
