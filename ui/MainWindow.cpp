// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "AboutDialog.h"
#include "DataPreview.h"
#include "FileDialog.h"
#include "MessageWidget.h"
#include "ResultsView.h"
#include "RunOptions.h"
#include "RunStatusWidget.h"
#include "SettingsPanel.h"
#include "UrlOpener.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace mf {

namespace {

const QString GeometryKey = QStringLiteral("window/geometry");
const QString StateKey = QStringLiteral("window/state");
const QString SplitterKey = QStringLiteral("window/splitter");
constexpr int StatusMessageMs = 6000;

QSettings appSettings()
{
    return QSettings(QStringLiteral("MovieFlow"), QStringLiteral("MovieFlow"));
}

/// The local .csv file a drag carries, or an empty string.
QString droppedCsv(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
            return url.toLocalFile();
    }
    return {};
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("MovieFlow"));
    setWindowIcon(QIcon(QStringLiteral(":/movieflow/icons/movieflow.svg")));
    setAcceptDrops(true);

    m_session = new WorkflowSession(this);

    createActions();
    createMenus();
    createToolBar();

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(createSidePanel());
    m_splitter->addWidget(createMainArea());
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    setCentralWidget(m_splitter);

    m_status = new RunStatusWidget(this);
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    statusBar()->addPermanentWidget(m_status);
    connect(m_status, &RunStatusWidget::cancelRequested, m_session, &WorkflowSession::cancel);

    QSettings settings = appSettings();
    m_settings->setOptions(RunOptions::load(settings));
    connect(m_settings, &SettingsPanel::optionsChanged, this, &MainWindow::saveOptions);

    m_session->setSettingsProvider([this] {
        PipelineSettings pipelineSettings;
        m_settings->options().applyTo(pipelineSettings);
        return pipelineSettings;
    });
    connect(m_session, &WorkflowSession::stateChanged, this, &MainWindow::updateActions);
    connect(m_session, &WorkflowSession::loadStarted, this, &MainWindow::onLoadStarted);
    connect(m_session, &WorkflowSession::loaded, this, &MainWindow::onLoaded);
    connect(m_session, &WorkflowSession::loadFailed, this, &MainWindow::onLoadFailed);
    connect(m_session, &WorkflowSession::loadCancelled, this, &MainWindow::onLoadCancelled);
    connect(m_session, &WorkflowSession::progress, m_status, &RunStatusWidget::setProgress);
    connect(m_session, &WorkflowSession::runStarted, this, &MainWindow::onRunStarted);
    connect(m_session, &WorkflowSession::stageStarted, this, &MainWindow::onStageStarted);
    connect(m_session, &WorkflowSession::logMessage, this, &MainWindow::onLogMessage);
    connect(m_session, &WorkflowSession::runFinished, this, &MainWindow::onRunFinished);

    restoreWindowState();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QStyle *s = style();
    m_openAction = new QAction(
        QIcon::fromTheme(QStringLiteral("document-open"), s->standardIcon(QStyle::SP_DialogOpenButton)),
        tr("&Open…"), this);
    m_openAction->setObjectName(QStringLiteral("openAction"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(tr("Open a CSV file (Ctrl+O)"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openFile);

    m_openSampleAction = new QAction(QIcon::fromTheme(QStringLiteral("x-office-spreadsheet"),
                                                      s->standardIcon(QStyle::SP_FileDialogDetailedView)),
                                     tr("Open &sample"), this);
    m_openSampleAction->setObjectName(QStringLiteral("openSampleAction"));
    m_openSampleAction->setToolTip(tr("Open the bundled sample of 50 films"));
    connect(m_openSampleAction, &QAction::triggered, this, [this] { openSource(SourceSpec::sample()); });

    m_runAction = new QAction(
        QIcon::fromTheme(QStringLiteral("media-playback-start"), s->standardIcon(QStyle::SP_MediaPlay)),
        tr("&Run"), this);
    m_runAction->setObjectName(QStringLiteral("runAction"));
    m_runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_runAction->setToolTip(tr("Clean, analyze and export the loaded data (Ctrl+R)"));
    connect(m_runAction, &QAction::triggered, this, &MainWindow::runPipeline);

    m_cancelAction = new QAction(
        QIcon::fromTheme(QStringLiteral("process-stop"), s->standardIcon(QStyle::SP_BrowserStop)),
        tr("&Cancel"), this);
    m_cancelAction->setObjectName(QStringLiteral("cancelAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setToolTip(tr("Stop loading or running (Esc)"));
    connect(m_cancelAction, &QAction::triggered, m_session, &WorkflowSession::cancel);

    m_openOutputAction = new QAction(
        QIcon::fromTheme(QStringLiteral("folder-open"), s->standardIcon(QStyle::SP_DirOpenIcon)),
        tr("Open output &folder"), this);
    m_openOutputAction->setObjectName(QStringLiteral("openOutputFolderAction"));
    m_openOutputAction->setToolTip(tr("Show the output folder in the file manager"));
    connect(m_openOutputAction, &QAction::triggered, this, &MainWindow::openOutputFolder);

    m_quitAction = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_aboutAction = new QAction(QIcon::fromTheme(QStringLiteral("help-about")), tr("&About MovieFlow"), this);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    menuBar()->setObjectName(QStringLiteral("menuBar"));
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(m_openAction);
    file->addAction(m_openSampleAction);
    file->addSeparator();
    file->addAction(m_openOutputAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->setObjectName(QStringLiteral("runMenu"));
    run->addAction(m_runAction);
    run->addAction(m_cancelAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_openAction);
    bar->addAction(m_openSampleAction);
    bar->addSeparator();
    bar->addAction(m_runAction);
    bar->addAction(m_cancelAction);
    bar->addSeparator();
    bar->addAction(m_openOutputAction);
}

QWidget *MainWindow::createSidePanel()
{
    auto *panel = new QWidget;
    panel->setObjectName(QStringLiteral("sidePanel"));

    auto *sourceGroup = new QGroupBox(tr("Source"), panel);
    sourceGroup->setObjectName(QStringLiteral("sourceGroup"));
    auto *openButton = new QPushButton(m_openAction->icon(), tr("Open CSV…"), sourceGroup);
    openButton->setObjectName(QStringLiteral("openButton"));
    openButton->setAccessibleName(tr("Open a CSV file"));
    connect(openButton, &QPushButton::clicked, m_openAction, &QAction::trigger);
    connect(m_openAction, &QAction::enabledChanged, openButton, &QWidget::setEnabled);
    auto *sampleButton = new QPushButton(m_openSampleAction->icon(), tr("Open sample"), sourceGroup);
    sampleButton->setObjectName(QStringLiteral("openSampleButton"));
    sampleButton->setAccessibleName(tr("Open the bundled sample"));
    connect(sampleButton, &QPushButton::clicked, m_openSampleAction, &QAction::trigger);
    connect(m_openSampleAction, &QAction::enabledChanged, sampleButton, &QWidget::setEnabled);
    auto *dropHint = new QLabel(tr("You can also drop a .csv file on the window."), sourceGroup);
    dropHint->setWordWrap(true);
    dropHint->setEnabled(false);
    auto *sourceLayout = new QVBoxLayout(sourceGroup);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(openButton);
    buttons->addWidget(sampleButton);
    sourceLayout->addLayout(buttons);
    sourceLayout->addWidget(dropHint);

    auto *settingsGroup = new QGroupBox(tr("Run settings"), panel);
    settingsGroup->setObjectName(QStringLiteral("settingsGroup"));
    m_settings = new SettingsPanel(settingsGroup);
    m_settings->setObjectName(QStringLiteral("settingsPanel"));
    auto *settingsLayout = new QVBoxLayout(settingsGroup);
    settingsLayout->addWidget(m_settings);

    m_runButton = new QPushButton(m_runAction->icon(), tr("Run"), panel);
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setAccessibleName(tr("Run the pipeline"));
    m_runButton->setToolTip(m_runAction->toolTip());
    m_runButton->setMinimumHeight(m_runButton->sizeHint().height() + 8);
    connect(m_runButton, &QPushButton::clicked, m_runAction, &QAction::trigger);
    connect(m_runAction, &QAction::enabledChanged, m_runButton, &QWidget::setEnabled);

    auto *layout = new QVBoxLayout(panel);
    layout->addWidget(sourceGroup);
    layout->addWidget(settingsGroup);
    layout->addWidget(m_runButton);
    layout->addStretch(1);

    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("sidePanelScroll"));
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(panel->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    return scroll;
}

QWidget *MainWindow::createMainArea()
{
    auto *area = new QWidget;
    area->setObjectName(QStringLiteral("mainArea"));
    // Room for the results' tables and the output paths; the splitter never squeezes it below this.
    area->setMinimumWidth(520);

    m_sourceLine = new QLabel(area);
    m_sourceLine->setObjectName(QStringLiteral("sourceLine"));
    m_sourceLine->setAccessibleName(tr("Loaded source"));
    m_sourceLine->setTextFormat(Qt::PlainText);
    m_sourceLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Long paths must not widen the window; the tooltip has the whole line.
    m_sourceLine->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_sourceLine->setText(tr("No source loaded."));

    m_messages = new MessageWidget(area);

    m_tabs = new QTabWidget(area);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_preview = new DataPreview(m_tabs);
    m_preview->setObjectName(QStringLiteral("dataTab"));
    m_results = new ResultsView(m_tabs);
    m_results->setObjectName(QStringLiteral("resultsTab"));
    m_tabs->addTab(m_preview, tr("Data"));
    m_tabs->addTab(m_results, tr("Results"));

    auto *layout = new QVBoxLayout(area);
    layout->addWidget(m_sourceLine);
    layout->addWidget(m_messages);
    layout->addWidget(m_tabs, 1);
    return area;
}

void MainWindow::restoreWindowState()
{
    QSettings settings = appSettings();
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray()))
        resize(1180, 760);
    restoreState(settings.value(StateKey).toByteArray());
    if (!m_splitter->restoreState(settings.value(SplitterKey).toByteArray()))
        m_splitter->setSizes({m_splitter->widget(0)->minimumWidth(), 900});
}

void MainWindow::saveWindowState()
{
    QSettings settings = appSettings();
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    settings.setValue(SplitterKey, m_splitter->saveState());
}

void MainWindow::saveOptions()
{
    QSettings settings = appSettings();
    m_settings->options().save(settings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    saveOptions();
    m_session->cancel();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedCsv(event->mimeData()).isEmpty() && m_session->state() != WorkflowSession::State::Running)
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = droppedCsv(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openSource(SourceSpec::csvFile(path));
}

void MainWindow::openSource(const SourceSpec &source, bool runWhenLoaded)
{
    if (!m_session->open(source, runWhenLoaded))
        m_messages->showWarning(
            tr("A run is in progress. Wait for it to finish or cancel it, then open %1 again.")
                .arg(source.displayName()));
}

void MainWindow::runPipeline()
{
    if (!m_session->run()) {
        if (!m_session->hasSource())
            m_messages->showInfo(tr("Nothing is loaded yet. Open a CSV file or the sample first."));
    }
}

void MainWindow::openFile()
{
    QString startDir;
    if (m_session->hasSource() && m_session->source().kind == SourceSpec::Kind::CsvFile)
        startDir = QFileInfo(m_session->source().location).absolutePath();
    const QString path = FileDialog::getOpenCsvFileName(this, startDir);
    if (!path.isEmpty())
        openSource(SourceSpec::csvFile(path));
}

void MainWindow::openOutputFolder()
{
    const QString dir = m_settings->options().outputDir;
    if (!QFileInfo(dir).isDir()) {
        m_messages->showInfo(tr("The output folder %1 does not exist yet. The first run creates it.")
                                 .arg(QDir::toNativeSeparators(dir)));
        return;
    }
    if (!UrlOpener::open(QUrl::fromLocalFile(dir)))
        m_messages->showWarning(tr("The output folder %1 could not be opened. Open it in your file manager.")
                                    .arg(QDir::toNativeSeparators(dir)));
}

void MainWindow::showAbout()
{
    auto *about = findChild<AboutDialog *>();
    if (!about) {
        about = new AboutDialog(this);
        about->setWindowIcon(windowIcon());
    }
    about->open();
}

void MainWindow::updateActions()
{
    const WorkflowSession::State state = m_session->state();
    const bool idle = state == WorkflowSession::State::Idle;
    const bool canRun = idle && m_session->hasSource();
    m_runAction->setEnabled(canRun);
    m_cancelAction->setEnabled(!idle);
    m_openAction->setEnabled(state != WorkflowSession::State::Running);
    m_openSampleAction->setEnabled(state != WorkflowSession::State::Running);
    if (idle)
        m_status->end();
}

void MainWindow::onLoadStarted(const SourceSpec &source)
{
    statusBar()->clearMessage();
    m_status->begin(tr("Loading %1…").arg(source.displayName()));
}

void MainWindow::onLoaded(const SourceSpec &source, const std::shared_ptr<const DataTable> &table)
{
    m_messages->dismiss();
    m_preview->setTable(table);
    m_tabs->setCurrentWidget(m_preview);
    m_settings->setSourceName(source.displayName());
    const QLocale locale;
    const QString where = source.kind == SourceSpec::Kind::Sample
        ? tr("bundled sample")
        : QDir::toNativeSeparators(source.describe());
    const QString line = tr("Source: %1 — %2 rows, %3 columns — %4")
                             .arg(source.displayName(), locale.toString(table->rowCount()),
                                  locale.toString(table->columnCount()), where);
    m_sourceLine->setText(line);
    m_sourceLine->setToolTip(line);
    setWindowTitle(tr("%1 — MovieFlow").arg(source.displayName()));
    statusBar()->showMessage(
        tr("Loaded %1 rows from %2.").arg(locale.toString(table->rowCount()), source.displayName()),
        StatusMessageMs);
}

void MainWindow::onLoadFailed(const SourceSpec &source, const Error &error)
{
    Q_UNUSED(source);
    m_messages->showError(error.message);
}

void MainWindow::onLoadCancelled(const SourceSpec &source)
{
    statusBar()->showMessage(tr("Loading %1 was cancelled.").arg(source.displayName()), StatusMessageMs);
}

void MainWindow::onRunStarted()
{
    statusBar()->clearMessage();
    m_messages->dismiss();
    m_status->begin(tr("Starting…"));
}

void MainWindow::onStageStarted(Stage stage)
{
    m_status->setText(tr("%1…").arg(stageName(stage)));
}

void MainWindow::onLogMessage(LogLevel level, const QString &message)
{
    if (level == LogLevel::Info || level == LogLevel::Warning)
        statusBar()->showMessage(message, StatusMessageMs);
}

void MainWindow::onRunFinished(const std::shared_ptr<const PipelineRun> &run)
{
    if (!run)
        return;
    if (run->error.kind == ErrorKind::Cancelled) {
        m_messages->showInfo(
            tr("The run was cancelled. No files were written and earlier outputs are untouched."));
        return;
    }
    if (run->error.isError()) {
        m_messages->showError(run->error.message);
        return;
    }
    m_results->showRun(*run);
    m_tabs->setCurrentWidget(m_results);
    if (!run->warnings.isEmpty())
        m_messages->showWarning(run->warnings.join(QLatin1Char('\n')));
    const qint64 kept = run->cleaned ? run->cleaned->counts.kept : 0;
    statusBar()->showMessage(
        tr("Run completed: %1 rows kept, files in %2.")
            .arg(QLocale().toString(kept), QDir::toNativeSeparators(run->outputs.outputDir)),
        StatusMessageMs * 2);
}

} // namespace mf
