// SPDX-License-Identifier: MIT
// Run fingerprints and "what changed since the last run".
#include "Analysis.h"
#include "Cleaner.h"
#include "ColumnRoles.h"
#include "DataTable.h"
#include "RunFingerprint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using mf::RunFingerprint;

namespace {

struct Film
{
    const char *id;
    const char *title;
    const char *popularity;
    const char *rating;
};

RunFingerprint fingerprintOf(const QList<Film> &films, bool withIds = true)
{
    QStringList headers {"title", "release_date", "popularity", "vote_average"};
    if (withIds)
        headers.prepend(QStringLiteral("id"));
    mf::DataTable table(headers);
    for (const Film &film : films) {
        std::vector<std::string_view> cells;
        if (withIds)
            cells.emplace_back(film.id);
        cells.emplace_back(film.title);
        cells.emplace_back("2001-01-01");
        cells.emplace_back(film.popularity);
        cells.emplace_back(film.rating);
        table.appendRow(cells);
    }
    const mf::Result<mf::RoleMap> roles = mf::mapRoles(table.headers());
    if (!roles.ok())
        return {};
    mf::Result<mf::CleanedData> cleaned = mf::cleanTable(table, roles.value(), mf::CleanSettings {});
    if (!cleaned.ok())
        return {};
    const mf::Analysis analysis = mf::analyze(cleaned.value(), 3);
    // Round-trip through JSON, as the history stores it.
    return RunFingerprint::fromJson(RunFingerprint::of(cleaned.value(), analysis).toJson());
}

const QList<Film> before {{"1", "Alpha", "90", "7.5"},
                          {"2", "Beta", "80", "8.0"},
                          {"3", "Gamma", "70", "7.2"},
                          {"4", "Delta", "60", "9.0"},
                          {"5", "Low", "99", "5.0"}};

} // namespace

class TestRunFingerprint : public QObject
{
    Q_OBJECT

private slots:
    void capturesKeptFilmsTopAndFigures()
    {
        const RunFingerprint fp = fingerprintOf(before);
        QCOMPARE(fp.rowsKept, qint64(4)); // "Low" is filtered out (rating 5.0)
        QCOMPARE(fp.films.size(), size_t(4));
        QCOMPARE(fp.films[0].key, qint64(1));
        QCOMPARE(fp.films[0].title, QStringLiteral("Alpha"));
        QCOMPARE(fp.top.size(), size_t(3));
        QCOMPARE(fp.top[0].title, QStringLiteral("Alpha"));
        QVERIFY(qAbs(fp.avgRatingAll - 7.925) < 1e-9);
        QVERIFY(fp.keysAreIds);
    }

    void isCompact()
    {
        QList<Film> many;
        std::vector<QByteArray> storage;
        storage.reserve(6000);
        for (int i = 0; i < 3000; ++i) {
            storage.push_back(QByteArray::number(100000 + i * 7));
            storage.push_back(QByteArrayLiteral("A film with a fairly ordinary title ")
                              + QByteArray::number(i));
        }
        for (int i = 0; i < 3000; ++i)
            many.append(
                {storage[size_t(2 * i)].constData(), storage[size_t(2 * i + 1)].constData(), "10", "8"});
        const RunFingerprint fp = fingerprintOf(many);
        QCOMPARE(fp.films.size(), size_t(3000));
        const QByteArray json = QJsonDocument(fp.toJson()).toJson(QJsonDocument::Compact);
        QVERIFY2(json.size() < 40000, qPrintable(QString::number(json.size())));
    }

    void diffShowsAddedRemovedTopMovesAndRating()
    {
        QList<Film> after = before;
        after.removeAt(2); // Gamma gone
        after.append({"6", "Epsilon", "95", "8.5"}); // new, straight to the top
        after[1] = {"2", "Beta", "50", "8.0"}; // Beta loses popularity
        const mf::RunDiff diff = mf::diffRuns(fingerprintOf(before), fingerprintOf(after));
        QCOMPARE(diff.added.size(), 1);
        QCOMPARE(diff.added[0].title, QStringLiteral("Epsilon"));
        QCOMPARE(diff.removed.size(), 1);
        QCOMPARE(diff.removed[0].title, QStringLiteral("Gamma"));
        QCOMPARE(diff.rowsDelta, qint64(0));
        // Old top: Alpha, Beta, Gamma. New top: Epsilon, Alpha, Delta.
        QCOMPARE(diff.topMoves.size(), 5);
        QCOMPARE(diff.topMoves[0].title, QStringLiteral("Epsilon"));
        QCOMPARE(diff.topMoves[0].from, 0);
        QCOMPARE(diff.topMoves[0].to, 1);
        QCOMPARE(diff.topMoves[1].title, QStringLiteral("Alpha"));
        QCOMPARE(diff.topMoves[1].from, 1);
        QCOMPARE(diff.topMoves[1].to, 2);
        QCOMPARE(diff.topMoves[2].title, QStringLiteral("Delta"));
        QCOMPARE(diff.topMoves[2].from, 0);
        QCOMPARE(diff.topMoves[3].to, 0); // Beta and Gamma left the top list
        QVERIFY(qAbs(diff.avgRatingAllDelta - ((7.5 + 8.0 + 9.0 + 8.5) / 4 - 7.925)) < 1e-9);
        QVERIFY(!diff.isUnchanged());
        const QString summary = diff.summary();
        QVERIFY2(summary.contains(QStringLiteral("1 films added (Epsilon)")), qPrintable(summary));
        QVERIFY(summary.contains(QStringLiteral("Epsilon new at 1")));
        const QJsonObject json = diff.toJson();
        QCOMPARE(json.value(QStringLiteral("films_added")).toInt(), 1);
        QCOMPARE(json.value(QStringLiteral("removed")).toArray().at(0).toString(), QStringLiteral("Gamma"));
        QVERIFY(json.value(QStringLiteral("top_moves"))
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("from"))
                    .isNull());
    }

    void sameResultIsNoChange()
    {
        const mf::RunDiff diff = mf::diffRuns(fingerprintOf(before), fingerprintOf(before));
        QVERIFY(diff.isUnchanged());
        QVERIFY(diff.summary().startsWith(QStringLiteral("No change")));
    }

    void withoutIdsFilmsAreKeyedByTitleAndDate()
    {
        QList<Film> after = before;
        after.append({"", "Zeta", "10", "7.9"});
        const mf::RunDiff diff = mf::diffRuns(fingerprintOf(before, false), fingerprintOf(after, false));
        QVERIFY(!fingerprintOf(before, false).keysAreIds);
        QCOMPARE(diff.added.size(), 1);
        QCOMPARE(diff.added[0].title, QStringLiteral("Zeta"));
        QCOMPARE(diff.removed.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRunFingerprint)
#include "tst_runfingerprint.moc"
