// SPDX-License-Identifier: MIT
#include "PipelineController.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <array>

namespace mf {

namespace {

// Share of the whole run each step takes, for one overall progress bar.
constexpr std::array<double, StageCount> stageWeights {0.35, 0.15, 0.05, 0.20, 0.25};

double stageOffset(Stage stage)
{
    double offset = 0;
    for (int i = 0; i < int(stage); ++i)
        offset += stageWeights[size_t(i)];
    return offset;
}

} // namespace

PipelineController::PipelineController(QObject *parent, const Clock &clock)
    : QObject(parent), m_pipeline(clock)
{
    qRegisterMetaType<mf::Stage>();
    qRegisterMetaType<mf::LogLevel>();
    qRegisterMetaType<std::shared_ptr<const mf::PipelineRun>>();
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<PipelineRun>>::finished, this, [this] {
        std::shared_ptr<PipelineRun> run = m_watcher.result();
        m_lastRun = run;
        m_cancel.reset();
        emit finished(run);
    });
}

PipelineController::~PipelineController()
{
    // The worker must not outlive the object whose signals it emits.
    if (m_cancel)
        m_cancel->cancel();
    m_watcher.waitForFinished();
}

bool PipelineController::isRunning() const
{
    return m_watcher.isRunning() || m_cancel != nullptr;
}

bool PipelineController::start(const PipelineSettings &settings)
{
    if (isRunning())
        return false;
    m_cancel = std::make_shared<CancelToken>();
    auto run = std::make_shared<PipelineRun>(m_pipeline.start(settings));
    const std::shared_ptr<CancelToken> cancel = m_cancel;
    const Pipeline *pipeline = &m_pipeline;
    emit started();
    m_watcher.setFuture(QtConcurrent::run([run, cancel, pipeline, this]() {
        // Signals emitted here are queued to the controller's thread.
        auto current = std::make_shared<std::atomic<int>>(0);
        StepContext ctx;
        ctx.cancel = cancel.get();
        ctx.progress = [this, current](double fraction) {
            const Stage stage = Stage(current->load());
            const double overall
                = stageOffset(stage) + stageWeights[size_t(stage)] * qBound(0.0, fraction, 1.0);
            emit progress(overall);
        };
        ctx.log = [this](LogLevel level, const QString &message) { emit logMessage(level, message); };
        pipeline->runAll(*run, ctx, [this, current](Stage stage) {
            current->store(int(stage));
            emit stageStarted(stage);
            emit progress(stageOffset(stage));
        });
        if (!run->error.isError())
            emit progress(1.0);
        return run;
    }));
    return true;
}

void PipelineController::cancel()
{
    if (m_cancel)
        m_cancel->cancel();
}

struct SourceLoader::Outcome
{
    SourceSpec source;
    Result<DataTable> table = Error {ErrorKind::Internal, QString()};
    std::shared_ptr<CancelToken> cancel;
};

SourceLoader::SourceLoader(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<mf::SourceSpec>();
    qRegisterMetaType<mf::Error>();
    qRegisterMetaType<std::shared_ptr<const mf::DataTable>>();
}

SourceLoader::~SourceLoader()
{
    cancel();
    if (m_watcher)
        m_watcher->waitForFinished();
}

bool SourceLoader::isLoading() const
{
    return m_watcher && m_watcher->isRunning();
}

void SourceLoader::load(const SourceSpec &source)
{
    cancel();
    if (m_watcher) {
        // Let the old load finish on its own and drop its result; the new one starts at once.
        m_watcher->disconnect(this);
        QFutureWatcher<std::shared_ptr<Outcome>> *old = m_watcher;
        connect(old, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, old, &QObject::deleteLater);
        if (old->isFinished())
            old->deleteLater();
        m_watcher = nullptr;
    }
    m_cancel = std::make_shared<CancelToken>();
    auto *watcher = new QFutureWatcher<std::shared_ptr<Outcome>>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this, [this, watcher] {
        if (watcher != m_watcher)
            return;
        std::shared_ptr<Outcome> outcome = watcher->result();
        m_watcher = nullptr;
        watcher->deleteLater();
        if (outcome->table.ok())
            emit loaded(outcome->source, std::make_shared<const DataTable>(outcome->table.takeValue()));
        else
            emit failed(outcome->source, outcome->table.error());
    });
    const std::shared_ptr<CancelToken> cancel = m_cancel;
    QPointer<SourceLoader> self(this);
    watcher->setFuture(QtConcurrent::run([source, cancel, self]() {
        auto outcome = std::make_shared<Outcome>();
        outcome->source = source;
        outcome->cancel = cancel;
        StepContext ctx;
        ctx.cancel = cancel.get();
        ctx.progress = [self, cancel](double fraction) {
            if (!cancel->isCancelled())
                QMetaObject::invokeMethod(
                    self,
                    [self, fraction] {
                        if (self)
                            emit self->progress(fraction);
                    },
                    Qt::QueuedConnection);
        };
        outcome->table = readSource(source, ctx);
        return outcome;
    }));
}

void SourceLoader::cancel()
{
    if (m_cancel)
        m_cancel->cancel();
}

} // namespace mf
