// SPDX-License-Identifier: MIT
#include "RunFingerprint.h"

#include "Analysis.h"
#include "Cleaner.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QHash>
#include <QIODevice>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mf {

namespace {

qint64 hashKey(const QString &title, const QDate &date)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(title.toUtf8());
    hash.addData(QByteArrayView("\x1f", 1));
    hash.addData(date.toString(Qt::ISODate).toUtf8());
    const QByteArray digest = hash.result();
    qint64 key = 0;
    for (int i = 0; i < 8; ++i)
        key = (key << 8) | quint8(digest[i]);
    return key & std::numeric_limits<qint64>::max();
}

qint64 keyOf(const CleanedData &data, qsizetype i, bool ids)
{
    if (ids)
        return data.id[size_t(i)];
    const QDate date = data.releaseDate.empty() ? QDate() : data.releaseDate[size_t(i)];
    return hashKey(data.title(i), date);
}

double rounded(double value)
{
    return std::round(value * 1e6) / 1e6;
}

QString signedNumber(double value, int decimals)
{
    const QString text = QString::number(value, 'f', decimals);
    return value > 0 ? QStringLiteral("+") + text : text;
}

} // namespace

RunFingerprint RunFingerprint::of(const CleanedData &data, const Analysis &analysis)
{
    RunFingerprint fp;
    fp.rowsKept = data.size();
    fp.avgRatingAll = analysis.avgRatingAll;
    fp.avgRatingTop = analysis.avgRatingTop;
    fp.meanPopularity = analysis.meanPopularity;
    fp.keysAreIds = !data.id.empty();
    QHash<qint64, bool> seen;
    fp.films.reserve(size_t(data.size()));
    for (qsizetype i = 0; i < data.size(); ++i) {
        const qint64 key = keyOf(data, i, fp.keysAreIds);
        if (seen.contains(key))
            continue;
        seen.insert(key, true);
        fp.films.push_back({key, data.title(i)});
    }
    std::sort(fp.films.begin(), fp.films.end(), [](const Film &a, const Film &b) { return a.key < b.key; });
    for (const TopMovie &movie : analysis.top) {
        const qint64 key = movie.keptIndex >= 0 ? keyOf(data, movie.keptIndex, fp.keysAreIds)
                                                : hashKey(movie.title, movie.releaseDate);
        fp.top.push_back({key, movie.title});
    }
    return fp;
}

QJsonObject RunFingerprint::toJson() const
{
    QByteArray packed;
    {
        QDataStream out(&packed, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_0);
        out << quint32(films.size());
        qint64 previous = 0;
        for (const Film &film : films) {
            out << qint64(film.key - previous) << film.title.toUtf8();
            previous = film.key;
        }
    }
    QJsonArray topArray;
    for (const Film &film : top)
        topArray.append(QJsonObject {{QStringLiteral("key"), QString::number(film.key)},
                                     {QStringLiteral("title"), film.title}});
    return {{QStringLiteral("rows_kept"), rowsKept},
            {QStringLiteral("avg_rating_all"), rounded(avgRatingAll)},
            {QStringLiteral("avg_rating_top"), rounded(avgRatingTop)},
            {QStringLiteral("mean_popularity"), rounded(meanPopularity)},
            {QStringLiteral("keys"), keysAreIds ? QStringLiteral("id") : QStringLiteral("title+date")},
            {QStringLiteral("top"), topArray},
            {QStringLiteral("films"), QString::fromLatin1(qCompress(packed, 9).toBase64())}};
}

RunFingerprint RunFingerprint::fromJson(const QJsonObject &object)
{
    RunFingerprint fp;
    fp.rowsKept = object.value(QStringLiteral("rows_kept")).toInteger();
    fp.avgRatingAll = object.value(QStringLiteral("avg_rating_all")).toDouble();
    fp.avgRatingTop = object.value(QStringLiteral("avg_rating_top")).toDouble();
    fp.meanPopularity = object.value(QStringLiteral("mean_popularity")).toDouble();
    fp.keysAreIds = object.value(QStringLiteral("keys")).toString() != QLatin1String("title+date");
    const QJsonArray topArray = object.value(QStringLiteral("top")).toArray();
    for (const QJsonValue &value : topArray) {
        const QJsonObject entry = value.toObject();
        fp.top.push_back({entry.value(QStringLiteral("key")).toString().toLongLong(),
                          entry.value(QStringLiteral("title")).toString()});
    }
    const QByteArray packed
        = qUncompress(QByteArray::fromBase64(object.value(QStringLiteral("films")).toString().toLatin1()));
    QDataStream in(packed);
    in.setVersion(QDataStream::Qt_6_0);
    quint32 count = 0;
    in >> count;
    qint64 key = 0;
    for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        qint64 delta = 0;
        QByteArray title;
        in >> delta >> title;
        if (in.status() != QDataStream::Ok)
            break;
        key += delta;
        fp.films.push_back({key, QString::fromUtf8(title)});
    }
    return fp;
}

bool RunDiff::isUnchanged() const
{
    return added.isEmpty() && removed.isEmpty() && topMoves.isEmpty() && rowsDelta == 0
        && std::abs(avgRatingAllDelta) < 1e-9 && std::abs(avgRatingTopDelta) < 1e-9;
}

RunDiff diffRuns(const RunFingerprint &before, const RunFingerprint &after)
{
    RunDiff diff;
    size_t i = 0;
    size_t j = 0;
    while (i < before.films.size() || j < after.films.size()) {
        if (j >= after.films.size()
            || (i < before.films.size() && before.films[i].key < after.films[j].key)) {
            diff.removed.append(before.films[i++]);
        } else if (i >= before.films.size() || after.films[j].key < before.films[i].key) {
            diff.added.append(after.films[j++]);
        } else {
            ++i;
            ++j;
        }
    }
    QHash<qint64, int> oldRank;
    for (size_t r = 0; r < before.top.size(); ++r)
        oldRank.insert(before.top[r].key, int(r) + 1);
    QHash<qint64, bool> inNew;
    for (size_t r = 0; r < after.top.size(); ++r) {
        inNew.insert(after.top[r].key, true);
        const int from = oldRank.value(after.top[r].key, 0);
        if (from != int(r) + 1)
            diff.topMoves.append({after.top[r].title, from, int(r) + 1});
    }
    for (size_t r = 0; r < before.top.size(); ++r) {
        if (!inNew.contains(before.top[r].key))
            diff.topMoves.append({before.top[r].title, int(r) + 1, 0});
    }
    diff.rowsDelta = after.rowsKept - before.rowsKept;
    diff.avgRatingAllDelta = after.avgRatingAll - before.avgRatingAll;
    diff.avgRatingTopDelta = after.avgRatingTop - before.avgRatingTop;
    diff.meanPopularityDelta = after.meanPopularity - before.meanPopularity;
    return diff;
}

QJsonObject RunDiff::toJson(int maxFilms) const
{
    auto films = [maxFilms](const QList<RunFingerprint::Film> &list) {
        QJsonArray array;
        for (qsizetype k = 0; k < list.size() && k < maxFilms; ++k)
            array.append(list[k].title);
        return array;
    };
    QJsonArray moves;
    for (const TopMove &move : topMoves) {
        moves.append(
            QJsonObject {{QStringLiteral("title"), move.title},
                         {QStringLiteral("from"), move.from == 0 ? QJsonValue() : QJsonValue(move.from)},
                         {QStringLiteral("to"), move.to == 0 ? QJsonValue() : QJsonValue(move.to)}});
    }
    return {{QStringLiteral("previous_run"), previousRunId},
            {QStringLiteral("films_added"), qint64(added.size())},
            {QStringLiteral("films_removed"), qint64(removed.size())},
            {QStringLiteral("added"), films(added)},
            {QStringLiteral("removed"), films(removed)},
            {QStringLiteral("top_moves"), moves},
            {QStringLiteral("rows_kept_change"), rowsDelta},
            {QStringLiteral("avg_rating_all_change"), rounded(avgRatingAllDelta)},
            {QStringLiteral("avg_rating_top_change"), rounded(avgRatingTopDelta)},
            {QStringLiteral("mean_popularity_change"), rounded(meanPopularityDelta)}};
}

QString RunDiff::summary(int maxTitles) const
{
    if (isUnchanged())
        return QStringLiteral("No change since run %1.").arg(previousRunId);
    QStringList parts;
    auto titles = [maxTitles](const QList<RunFingerprint::Film> &list) {
        QStringList names;
        for (qsizetype k = 0; k < list.size() && k < maxTitles; ++k)
            names << list[k].title;
        if (list.size() > maxTitles)
            names << QStringLiteral("…");
        return names.join(QStringLiteral(", "));
    };
    if (!added.isEmpty())
        parts << QStringLiteral("%1 films added (%2)").arg(added.size()).arg(titles(added));
    if (!removed.isEmpty())
        parts << QStringLiteral("%1 films removed (%2)").arg(removed.size()).arg(titles(removed));
    QStringList moves;
    for (const TopMove &move : topMoves) {
        if (move.from == 0)
            moves << QStringLiteral("%1 new at %2").arg(move.title).arg(move.to);
        else if (move.to == 0)
            moves << QStringLiteral("%1 left (was %2)").arg(move.title).arg(move.from);
        else
            moves << QStringLiteral("%1 %2 → %3").arg(move.title).arg(move.from).arg(move.to);
    }
    if (!moves.isEmpty())
        parts << QStringLiteral("top list: ") + moves.join(QStringLiteral(", "));
    parts << QStringLiteral("average rating %1 (top: %2)")
                 .arg(signedNumber(avgRatingAllDelta, 4), signedNumber(avgRatingTopDelta, 4));
    return QStringLiteral("Since run %1: %2.").arg(previousRunId).arg(parts.join(QStringLiteral("; ")));
}

} // namespace mf
