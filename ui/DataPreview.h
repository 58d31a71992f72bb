// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QStackedWidget;
class QTableView;

namespace mf {

class DataTable;
class DataTableModel;

/// The "Data" tab: the loaded table in a QTableView that stays smooth on a million rows (fixed row
/// heights, column widths measured on the first rows only), or a hint while nothing is loaded.
class DataPreview : public QWidget
{
    Q_OBJECT

public:
    explicit DataPreview(QWidget *parent = nullptr);

    void setTable(std::shared_ptr<const DataTable> table);
    DataTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

    /// Rows measured when choosing column widths; the rest of the table is never scanned.
    static constexpr int MeasuredRows = 200;

private:
    void fitColumns();

    DataTableModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_placeholder = nullptr;
    QStackedWidget *m_stack = nullptr;
};

} // namespace mf
