// SPDX-License-Identifier: MIT
#include "ResultsView.h"

#include "Pipeline.h"
#include "TopMoviesModel.h"
#include "UrlOpener.h"

#include <QDir>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace mf {

namespace {

QString count(qint64 value)
{
    return QLocale().toString(value);
}

QString figure(double value)
{
    return QLocale().toString(value, 'f', 2);
}

QLineEdit *pathField(QWidget *parent, const QString &objectName, const QString &accessibleName)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    edit->setReadOnly(true);
    return edit;
}

} // namespace

ResultsView::ResultsView(QWidget *parent) : QWidget(parent)
{
    m_placeholder = new QLabel(tr("No results yet. Load a source and press Run."), this);
    m_placeholder->setObjectName(QStringLiteral("resultsPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    m_content = new QWidget(this);
    m_content->setObjectName(QStringLiteral("resultsContent"));

    // Row counts.
    auto *rowsGroup = new QGroupBox(tr("Rows"), m_content);
    rowsGroup->setObjectName(QStringLiteral("rowsGroup"));
    auto *rowsForm = new QFormLayout(rowsGroup);
    m_rowsForm = rowsForm;
    rowsForm->setLabelAlignment(Qt::AlignLeft);
    m_read = addCount(rowsForm, tr("Read:"), QStringLiteral("countRead"));
    m_droppedMissing
        = addCount(rowsForm, tr("Dropped, missing values:"), QStringLiteral("countDroppedMissing"));
    m_droppedInvalid
        = addCount(rowsForm, tr("Dropped, invalid values:"), QStringLiteral("countDroppedInvalid"));
    m_filterLabel = new QLabel(rowsGroup);
    m_droppedFilter = new QLabel(rowsGroup);
    m_droppedFilter->setObjectName(QStringLiteral("countDroppedFilter"));
    m_droppedFilter->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_droppedFilter->setAccessibleName(tr("Rows dropped by the rating filter"));
    rowsForm->addRow(m_filterLabel, m_droppedFilter);
    m_duplicateIds = addCount(rowsForm, tr("Duplicate ids:"), QStringLiteral("countDuplicateIds"));
    m_kept = addCount(rowsForm, tr("Kept:"), QStringLiteral("countKept"));
    QFont bold = m_kept->font();
    bold.setBold(true);
    m_kept->setFont(bold);

    // Most popular films and the figures.
    m_topGroup = new QGroupBox(m_content);
    m_topGroup->setObjectName(QStringLiteral("topGroup"));
    m_topModel = new TopMoviesModel(this);
    m_topView = new QTableView(m_topGroup);
    m_topView->setObjectName(QStringLiteral("topMoviesView"));
    m_topView->setAccessibleName(tr("Most popular films"));
    m_topView->setModel(m_topModel);
    m_topView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_topView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_topView->setAlternatingRowColors(true);
    m_topView->setWordWrap(false);
    m_topView->verticalHeader()->hide();
    m_topView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_topView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView *topHeader = m_topView->horizontalHeader();
    topHeader->setSectionResizeMode(QHeaderView::ResizeToContents);
    topHeader->setSectionResizeMode(TopMoviesModel::TitleColumn, QHeaderView::Stretch);
    topHeader->setHighlightSections(false);

    auto *figures = new QFormLayout;
    m_avgTopLabel = new QLabel(m_topGroup);
    m_avgTop = new QLabel(m_topGroup);
    m_avgTop->setObjectName(QStringLiteral("avgRatingTop"));
    m_avgAll = new QLabel(m_topGroup);
    m_avgAll->setObjectName(QStringLiteral("avgRatingAll"));
    m_meanPopularity = new QLabel(m_topGroup);
    m_meanPopularity->setObjectName(QStringLiteral("meanPopularity"));
    figures->addRow(m_avgTopLabel, m_avgTop);
    figures->addRow(tr("Average rating of all kept films:"), m_avgAll);
    figures->addRow(tr("Mean popularity of all kept films:"), m_meanPopularity);
    auto *topLayout = new QVBoxLayout(m_topGroup);
    topLayout->addWidget(m_topView, 1);
    topLayout->addLayout(figures);

    // Where the files went.
    auto *outputGroup = new QGroupBox(tr("Output"), m_content);
    outputGroup->setObjectName(QStringLiteral("outputGroup"));
    m_folderLink = new QLabel(outputGroup);
    m_folderLink->setObjectName(QStringLiteral("outputFolderLink"));
    m_folderLink->setTextFormat(Qt::RichText);
    m_folderLink->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_folderLink->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    connect(m_folderLink, &QLabel::linkActivated, this,
            [](const QString &link) { UrlOpener::open(QUrl(link)); });
    m_openFolder = new QPushButton(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("Open output folder"),
                                   outputGroup);
    m_openFolder->setObjectName(QStringLiteral("openOutputFolderButton"));
    m_openFolder->setAccessibleName(tr("Open output folder"));
    connect(m_openFolder, &QPushButton::clicked, this, &ResultsView::openOutputFolder);
    m_csvPath = pathField(outputGroup, QStringLiteral("csvPathEdit"), tr("Path of the CSV file"));
    m_zipPath = pathField(outputGroup, QStringLiteral("zipPathEdit"), tr("Path of the zip archive"));
    auto *outputLayout = new QGridLayout(outputGroup);
    outputLayout->addWidget(new QLabel(tr("Folder:"), outputGroup), 0, 0);
    outputLayout->addWidget(m_folderLink, 0, 1);
    outputLayout->addWidget(m_openFolder, 0, 2);
    outputLayout->addWidget(new QLabel(tr("CSV file:"), outputGroup), 1, 0);
    outputLayout->addWidget(m_csvPath, 1, 1, 1, 2);
    outputLayout->addWidget(new QLabel(tr("Zip archive:"), outputGroup), 2, 0);
    outputLayout->addWidget(m_zipPath, 2, 1, 1, 2);
    outputLayout->setColumnStretch(1, 1);

    m_grid = new QGridLayout(m_content);
    m_grid->addWidget(rowsGroup, 0, 0, Qt::AlignTop);
    m_grid->addWidget(m_topGroup, 0, 1);
    m_grid->addWidget(outputGroup, 1, 0, 1, 2);
    m_grid->setColumnStretch(1, 1);
    m_grid->setRowStretch(2, 1);

    // A small window scrolls the results instead of squeezing them.
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("resultsScroll"));
    m_scroll->setWidget(m_content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_scroll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    clear();
}

QLabel *ResultsView::addCount(QFormLayout *form, const QString &label, const QString &objectName)
{
    auto *value = new QLabel(form->parentWidget());
    value->setObjectName(objectName);
    value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    value->setAccessibleName(label);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(label, value);
    return value;
}

void ResultsView::clear()
{
    m_topModel->setMovies({});
    m_outputDir.clear();
    m_stack->setCurrentWidget(m_placeholder);
}

bool ResultsView::hasResults() const
{
    return m_stack->currentWidget() == m_scroll;
}

void ResultsView::showRun(const PipelineRun &run)
{
    if (run.error.isError() || !run.cleaned || !run.analysis)
        return;
    const CleanCounts &counts = run.cleaned->counts;
    const CleanSettings &clean = run.settings.clean;
    m_read->setText(count(counts.read));
    m_droppedMissing->setText(count(counts.droppedMissing));
    m_droppedInvalid->setText(count(counts.droppedInvalidTotal()));
    showInvalidBreakdown(counts.droppedInvalid);
    const QString threshold = QLocale().toString(clean.minRating, 'f', QLocale::FloatingPointShortest);
    m_filterLabel->setText(clean.inclusive ? tr("Dropped, rated below %1:").arg(threshold)
                                           : tr("Dropped, rated %1 or below:").arg(threshold));
    m_droppedFilter->setText(count(counts.droppedFilter));
    if (clean.dedupe && counts.droppedDuplicates > 0)
        m_duplicateIds->setText(
            tr("%1 (%2 removed)").arg(count(counts.duplicateIds), count(counts.droppedDuplicates)));
    else
        m_duplicateIds->setText(count(counts.duplicateIds));
    m_kept->setText(count(counts.kept));

    const Analysis &analysis = *run.analysis;
    m_topModel->setMovies(analysis.top);
    fitTopView();
    m_topGroup->setTitle(tr("Top %1 by popularity").arg(analysis.top.size()));
    m_avgTopLabel->setText(tr("Average rating of the top %1:").arg(analysis.top.size()));
    m_avgTop->setText(figure(analysis.avgRatingTop));
    m_avgTop->setToolTip(QString::number(analysis.avgRatingTop, 'g', 10));
    m_avgAll->setText(figure(analysis.avgRatingAll));
    m_avgAll->setToolTip(QString::number(analysis.avgRatingAll, 'g', 10));
    m_meanPopularity->setText(figure(analysis.meanPopularity));
    m_meanPopularity->setToolTip(QString::number(analysis.meanPopularity, 'g', 10));

    const FinalOutputs &outputs = run.outputs;
    m_outputDir = outputs.outputDir;
    const QString nativeDir = QDir::toNativeSeparators(outputs.outputDir);
    m_folderLink->setText(
        QStringLiteral("<a href=\"%1\">%2</a>")
            .arg(QUrl::fromLocalFile(outputs.outputDir).toString(QUrl::FullyEncoded).toHtmlEscaped(),
                 nativeDir.toHtmlEscaped()));
    m_folderLink->setToolTip(nativeDir);
    m_openFolder->setEnabled(!outputs.outputDir.isEmpty());
    m_csvPath->setText(outputs.csv.isEmpty() ? tr("(not kept)") : QDir::toNativeSeparators(outputs.csv));
    m_csvPath->setCursorPosition(0);
    m_zipPath->setText(outputs.zip.isEmpty() ? tr("(not created)") : QDir::toNativeSeparators(outputs.zip));
    m_zipPath->setCursorPosition(0);

    m_stack->setCurrentWidget(m_scroll);
}

void ResultsView::showInvalidBreakdown(const QMap<QString, qint64> &droppedInvalid)
{
    for (QWidget *label : std::as_const(m_breakdownLabels))
        m_rowsForm->removeRow(label);
    m_breakdownLabels.clear();
    // One indented row per column under "Dropped, invalid values", in column-name order.
    int row = -1;
    m_rowsForm->getWidgetPosition(m_droppedInvalid, &row, nullptr);
    for (auto it = droppedInvalid.cbegin(); it != droppedInvalid.cend(); ++it) {
        if (it.value() <= 0)
            continue;
        const QString column = it.key().isEmpty() ? tr("(unnamed)") : it.key();
        auto *label = new QLabel(tr("    in %1:").arg(column), m_rowsForm->parentWidget());
        auto *value = new QLabel(count(it.value()), m_rowsForm->parentWidget());
        value->setObjectName(QStringLiteral("countInvalid_%1").arg(column));
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        value->setAccessibleName(tr("Rows dropped for an invalid %1").arg(column));
        m_rowsForm->insertRow(++row, label, value);
        m_breakdownLabels << label;
    }
}

void ResultsView::fitTopView()
{
    // A short list gets exactly its height; a long one (top 100) scrolls inside a taller view.
    constexpr int MaxFittedRows = 15;
    const int rows = std::min(m_topModel->rowCount(), MaxFittedRows);
    const int height = m_topView->horizontalHeader()->sizeHint().height()
        + rows * m_topView->verticalHeader()->defaultSectionSize() + 2 * m_topView->frameWidth();
    const bool scrolls = m_topModel->rowCount() > MaxFittedRows;
    if (scrolls) {
        m_topView->setMinimumHeight(height);
        m_topView->setMaximumHeight(QWIDGETSIZE_MAX);
    } else {
        m_topView->setFixedHeight(height);
    }
    // Spare height goes to a long list, or below everything when the list fits.
    m_grid->setRowStretch(0, scrolls ? 1 : 0);
    m_grid->setRowStretch(2, scrolls ? 0 : 1);
}

void ResultsView::openOutputFolder()
{
    if (!m_outputDir.isEmpty())
        UrlOpener::open(QUrl::fromLocalFile(m_outputDir));
}

} // namespace mf
