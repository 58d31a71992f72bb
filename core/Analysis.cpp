// SPDX-License-Identifier: MIT
#include "Analysis.h"

#include <algorithm>
#include <numeric>
#include <string_view>

namespace mf {

namespace {

// Means over long columns: a long double accumulator keeps a million additions exact to far more
// digits than the four the reports show.
double mean(const std::vector<double> &values)
{
    if (values.empty())
        return 0;
    long double sum = 0;
    for (const double v : values)
        sum += v;
    return double(sum / (long double)values.size());
}

} // namespace

Analysis analyze(const CleanedData &data, int topN, const StepContext &ctx)
{
    Analysis result;
    result.topN = std::max(topN, 0);
    const qsizetype n = data.size();

    // The cleaned data is a few vectors in memory and this runs in well under a second even for a
    // million rows, so it reports progress between stages but runs to the end once started; the
    // pipeline checks the cancel token after the step.
    result.byPopularity.resize(size_t(n));
    std::iota(result.byPopularity.begin(), result.byPopularity.end(), qsizetype(0));
    // Stable: movies with the same popularity stay in source order.
    std::stable_sort(result.byPopularity.begin(), result.byPopularity.end(),
                     [&data](qsizetype a, qsizetype b) {
                         return data.popularity[size_t(a)] > data.popularity[size_t(b)];
                     });
    ctx.report(0.4);

    const qsizetype topCount = std::min<qsizetype>(result.topN, n);
    result.top.reserve(size_t(topCount));
    long double topRatingSum = 0;
    for (qsizetype k = 0; k < topCount; ++k) {
        const qsizetype i = result.byPopularity[size_t(k)];
        TopMovie movie;
        movie.title = data.title(i);
        movie.popularity = data.popularity[size_t(i)];
        movie.voteAverage = data.voteAverage[size_t(i)];
        if (size_t(i) < data.releaseDate.size())
            movie.releaseDate = data.releaseDate[size_t(i)];
        movie.keptIndex = i;
        topRatingSum += movie.voteAverage;
        result.top.push_back(movie);
    }
    result.avgRatingTop = topCount > 0 ? double(topRatingSum / (long double)topCount) : 0.0;
    result.avgRatingAll = mean(data.voteAverage);
    result.meanPopularity = mean(data.popularity);

    for (const QDate &date : data.releaseDate) {
        if (date.isValid())
            ++result.moviesPerYear[date.year()];
    }
    ctx.report(0.6);

    // Titles compare as UTF-8 bytes, which is Unicode code point order: the same on every machine and
    // in every locale (QString::localeAwareCompare would not be), and cheap on the bytes as read.
    const int titleColumn = data.roles.column(Role::Title);
    const auto titleOf = [&data, titleColumn](qsizetype i) -> std::string_view {
        if (!data.source || titleColumn < 0)
            return {};
        return data.source->cell(data.rows[size_t(i)], titleColumn);
    };
    result.titlesByReleaseDate.resize(size_t(n));
    std::iota(result.titlesByReleaseDate.begin(), result.titlesByReleaseDate.end(), qsizetype(0));
    const bool haveDates = data.releaseDate.size() == size_t(n);
    std::stable_sort(result.titlesByReleaseDate.begin(), result.titlesByReleaseDate.end(),
                     [&](qsizetype a, qsizetype b) {
                         if (haveDates) {
                             const QDate &da = data.releaseDate[size_t(a)];
                             const QDate &db = data.releaseDate[size_t(b)];
                             if (da != db)
                                 return da < db;
                         }
                         return titleOf(a) < titleOf(b);
                     });
    ctx.report(1.0);
    return result;
}

} // namespace mf
