// SPDX-License-Identifier: MIT
#include "WorkflowSession.h"

#include "PipelineController.h"

namespace mf {

namespace {
bool sameSource(const SourceSpec &a, const SourceSpec &b)
{
    return a.kind == b.kind && a.location == b.location;
}
} // namespace

WorkflowSession::WorkflowSession(QObject *parent) : QObject(parent)
{
    m_loader = new SourceLoader(this);
    m_controller = new PipelineController(this);
    m_settingsProvider = [] { return PipelineSettings(); };

    connect(m_loader, &SourceLoader::progress, this, [this](double fraction) {
        if (m_state == State::Loading)
            emit progress(fraction);
    });
    connect(m_loader, &SourceLoader::loaded, this, &WorkflowSession::onLoaded);
    connect(m_loader, &SourceLoader::failed, this, &WorkflowSession::onLoadFailed);

    connect(m_controller, &PipelineController::started, this, &WorkflowSession::runStarted);
    connect(m_controller, &PipelineController::stageStarted, this, &WorkflowSession::stageStarted);
    connect(m_controller, &PipelineController::progress, this, &WorkflowSession::progress);
    connect(m_controller, &PipelineController::logMessage, this, &WorkflowSession::logMessage);
    connect(m_controller, &PipelineController::finished, this, &WorkflowSession::onRunFinished);
}

WorkflowSession::~WorkflowSession()
{
    // Ask the workers to stop; the controller and loader wait for them as they are destroyed.
    m_loader->cancel();
    m_controller->cancel();
}

void WorkflowSession::setSettingsProvider(std::function<PipelineSettings()> provider)
{
    m_settingsProvider = std::move(provider);
}

bool WorkflowSession::open(const SourceSpec &source, bool runWhenLoaded)
{
    if (m_state == State::Running)
        return false;
    m_pending = source;
    m_runWhenLoaded = runWhenLoaded;
    setState(State::Loading);
    emit loadStarted(source);
    m_loader->load(source);
    return true;
}

bool WorkflowSession::run()
{
    if (m_state != State::Idle || !m_table)
        return false;
    PipelineSettings settings = m_settingsProvider();
    settings.source = m_source;
    if (!m_controller->start(settings))
        return false;
    setState(State::Running);
    return true;
}

void WorkflowSession::cancel()
{
    switch (m_state) {
    case State::Idle:
        return;
    case State::Loading: {
        // The loader drops the result of a cancelled load; the previous table stays loaded.
        m_loader->cancel();
        const SourceSpec cancelled = m_pending;
        m_runWhenLoaded = false;
        setState(State::Idle);
        emit loadCancelled(cancelled);
        return;
    }
    case State::Running:
        // finished() follows with a Cancelled error.
        m_controller->cancel();
        return;
    }
}

void WorkflowSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void WorkflowSession::onLoaded(const SourceSpec &source, std::shared_ptr<const DataTable> table)
{
    if (m_state != State::Loading || !sameSource(source, m_pending))
        return; // a result for a load that was replaced or cancelled
    m_source = source;
    m_table = std::move(table);
    const bool runNow = m_runWhenLoaded;
    m_runWhenLoaded = false;
    setState(State::Idle);
    emit loaded(m_source, m_table);
    if (runNow)
        run();
}

void WorkflowSession::onLoadFailed(const SourceSpec &source, const Error &error)
{
    if (m_state != State::Loading || !sameSource(source, m_pending))
        return;
    m_runWhenLoaded = false;
    setState(State::Idle);
    if (error.kind == ErrorKind::Cancelled)
        emit loadCancelled(source);
    else
        emit loadFailed(source, error);
}

void WorkflowSession::onRunFinished(std::shared_ptr<const PipelineRun> run)
{
    m_lastRun = run;
    setState(State::Idle);
    emit runFinished(std::move(run));
}

} // namespace mf
