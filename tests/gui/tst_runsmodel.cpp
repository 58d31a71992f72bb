// SPDX-License-Identifier: MIT
// The Runs tab's model over a history filled by real runs of the sample.
#include "FlowService.h"
#include "NetworkMonitor.h"
#include "RunsModel.h"

#include <QColor>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace mf;

class TestRunsModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static bool waitFinished(QSignalSpy &spy, int count)
    {
        while (spy.size() < count) {
            if (!spy.wait(30000))
                return false;
        }
        return true;
    }

private slots:
    void runsOfTheSampleNewestFirst()
    {
        QVERIFY(m_dir.isValid());
        RunHistory history(m_dir.path() + QStringLiteral("/data/history.sqlite"));
        QVERIFY(!history.open().isError());
        RunsModel model(&history);
        model.reload();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(RunsModel::ColumnCount));

        NetworkMonitor network;
        FlowService service(&history, &network);
        PipelineSettings settings;
        settings.source = SourceSpec::sample();
        settings.outputDir = m_dir.path() + QStringLiteral("/out");
        service.setSettings(settings);
        QSignalSpy finished(&service, &FlowService::runFinished);

        // A completed run, then one that fails because its output folder is a file.
        QVERIFY(service.runNow().ok());
        QVERIFY(waitFinished(finished, 1));
        QCOMPARE(finished[0][1].value<RunState>(), RunState::Completed);

        const QString blocked = m_dir.path() + QStringLiteral("/blocked");
        QFile file(blocked);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        settings.outputDir = blocked;
        QTRY_VERIFY(!service.isRunning());
        service.setSettings(settings);
        QVERIFY(service.runNow().ok());
        QVERIFY(waitFinished(finished, 2));
        QCOMPARE(finished[1][1].value<RunState>(), RunState::Failed);

        model.reload();
        QCOMPARE(model.rowCount(), 2);
        const qint64 firstId = finished[0][0].toLongLong();
        const qint64 secondId = finished[1][0].toLongLong();
        // Newest first.
        QCOMPARE(model.index(0, RunsModel::IdColumn).data().toLongLong(), secondId);
        QCOMPARE(model.index(1, RunsModel::IdColumn).data(RunsModel::RunIdRole).toLongLong(), firstId);
        QCOMPARE(model.rowOf(firstId), 1);
        QCOMPARE(model.rowOf(-5), -1);

        QCOMPARE(model.index(0, RunsModel::StateColumn).data().toString(), QStringLiteral("Failed"));
        QCOMPARE(model.index(1, RunsModel::StateColumn).data().toString(), QStringLiteral("Completed"));
        QCOMPARE(model.index(0, RunsModel::StateColumn).data(Qt::ForegroundRole).value<QColor>(),
                 RunsModel::stateColor(RunState::Failed));
        QCOMPARE(model.index(1, RunsModel::StateColumn).data(Qt::ForegroundRole).value<QColor>(),
                 RunsModel::stateColor(RunState::Completed));
        QVERIFY(RunsModel::stateColor(RunState::Failed) != RunsModel::stateColor(RunState::Completed));
        QVERIFY(!model.index(0, RunsModel::StateColumn).data(Qt::ToolTipRole).toString().isEmpty());

        QCOMPARE(model.index(1, RunsModel::TriggerColumn).data().toString(), QStringLiteral("manual"));
        QVERIFY(!model.index(1, RunsModel::StartedColumn).data().toString().isEmpty());
        QVERIFY(!model.index(1, RunsModel::DurationColumn).data().toString().isEmpty());
        // The sample keeps some rows.
        const qint64 kept = model.index(1, RunsModel::RowsColumn).data().toLongLong();
        QVERIFY(kept > 0);
        QCOMPARE(kept, history.run(firstId)->rowsKept);

        QCOMPARE(model.headerData(RunsModel::RowsColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Rows kept"));
        QCOMPARE(model.runAt(1).id, firstId);
    }

    void durationText()
    {
        const QDateTime start(QDate(2024, 6, 1), QTime(8, 0), Qt::UTC);
        QCOMPARE(RunsModel::durationText(start, start.addMSecs(400)), QStringLiteral("0.4 s"));
        QCOMPARE(RunsModel::durationText(start, start.addSecs(65)), QStringLiteral("1 min 05 s"));
        QCOMPARE(RunsModel::durationText(start, start.addSecs(3 * 3600 + 7 * 60)),
                 QStringLiteral("3 h 07 min"));
        QCOMPARE(RunsModel::durationText(start, QDateTime()), QString());
    }
};

QTEST_MAIN(TestRunsModel)
#include "tst_runsmodel.moc"
