// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <vector>

namespace mf {

struct Analysis;
struct CleanedData;

/// A compact record of what a completed run produced: the films kept (by id, or by title and
/// release date when the sheet has no id column), the top list and the figures. Stored with the
/// run; two of them give "what changed since the last run".
struct RunFingerprint
{
    struct Film
    {
        qint64 key = 0;
        QString title;
    };

    qint64 rowsKept = 0;
    double avgRatingAll = 0;
    double avgRatingTop = 0;
    double meanPopularity = 0;
    bool keysAreIds = true;
    std::vector<Film> films; ///< sorted by key, one per key (the first row of a repeated id)
    std::vector<Film> top; ///< in rank order

    static RunFingerprint of(const CleanedData &data, const Analysis &analysis);
    /// The films travel packed: sorted keys and titles, zlib-compressed, base64 (a few KB for
    /// thousands of films).
    QJsonObject toJson() const;
    static RunFingerprint fromJson(const QJsonObject &object);
    bool isEmpty() const { return films.empty() && top.empty() && rowsKept == 0; }
};

/// What changed between two completed runs.
struct RunDiff
{
    struct TopMove
    {
        QString title;
        int from = 0; ///< rank before (1-based), 0 = new in the top list
        int to = 0; ///< rank now, 0 = dropped out of it
    };

    qint64 previousRunId = 0;
    QList<RunFingerprint::Film> added;
    QList<RunFingerprint::Film> removed;
    QList<TopMove> topMoves; ///< only entries whose rank changed, in the new order, then the dropped ones
    qint64 rowsDelta = 0;
    double avgRatingAllDelta = 0;
    double avgRatingTopDelta = 0;
    double meanPopularityDelta = 0;

    bool isUnchanged() const;
    /// JSON for `runs show --json`; at most `maxFilms` added and removed films are listed by title.
    QJsonObject toJson(int maxFilms = 50) const;
    /// One or two lines for people: "+12 films, -3 films; top 10: Inside Out 2 new at 3, …; average
    /// rating +0.012."
    QString summary(int maxTitles = 5) const;
};

RunDiff diffRuns(const RunFingerprint &before, const RunFingerprint &after);

} // namespace mf
