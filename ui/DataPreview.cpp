// SPDX-License-Identifier: MIT
#include "DataPreview.h"

#include "DataTable.h"
#include "DataTableModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace mf {

namespace {
constexpr int MaxColumnWidth = 360;
constexpr int MinColumnWidth = 48;
} // namespace

DataPreview::DataPreview(QWidget *parent) : QWidget(parent)
{
    m_model = new DataTableModel(this);
    m_model->setObjectName(QStringLiteral("dataTableModel"));

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("dataView"));
    m_view->setAccessibleName(tr("Data preview"));
    m_view->setModel(m_model);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Fixed row heights: the view never asks the model for sizes, whatever the row count.
    QHeaderView *rows = m_view->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 8);
    rows->setMinimumSectionSize(fontMetrics().height() + 4);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(false);
    columns->setHighlightSections(false);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    m_placeholder = new QLabel(
        tr("No data loaded. Open a CSV file or the bundled sample, or drop a .csv file here."), this);
    m_placeholder->setObjectName(QStringLiteral("dataPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_view);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

void DataPreview::setTable(std::shared_ptr<const DataTable> table)
{
    const bool hasTable = table != nullptr;
    m_model->setTable(std::move(table));
    m_stack->setCurrentWidget(hasTable ? static_cast<QWidget *>(m_view) : m_placeholder);
    if (hasTable) {
        fitColumns();
        m_view->scrollToTop();
    }
}

void DataPreview::fitColumns()
{
    // Measure the header and the first rows only (resizeColumnsToContents would walk far more rows).
    const QFontMetrics cellMetrics = m_view->fontMetrics();
    const int rows = std::min(m_model->rowCount(), MeasuredRows);
    const int padding = 2 * m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view) + 12;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        QFont headerFont = m_view->horizontalHeader()->font();
        const QVariant fontValue = m_model->headerData(c, Qt::Horizontal, Qt::FontRole);
        if (fontValue.canConvert<QFont>())
            headerFont = fontValue.value<QFont>();
        const QString header = m_model->headerData(c, Qt::Horizontal).toString();
        int width = QFontMetrics(headerFont).horizontalAdvance(header) + padding + 8;
        for (int r = 0; r < rows && width < MaxColumnWidth; ++r) {
            const QString text = m_model->data(m_model->index(r, c)).toString();
            width = std::max(width, cellMetrics.horizontalAdvance(text) + padding);
        }
        m_view->setColumnWidth(c, std::clamp(width, MinColumnWidth, MaxColumnWidth));
    }
}

} // namespace mf
