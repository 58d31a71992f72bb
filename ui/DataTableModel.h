// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace mf {

class DataTable;

/// A read-only view of a DataTable for QTableView. It shares the table (never copies it) and converts
/// a cell to a QString only when the view asks for it, so a million rows cost nothing extra.
/// Horizontal headers are the source headers ("(unnamed)" in italics for an empty one); vertical
/// headers are 1-based row numbers. Columns that hold numbers (by their role) are right-aligned.
class DataTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit DataTableModel(QObject *parent = nullptr);

    void setTable(std::shared_ptr<const DataTable> table);
    const std::shared_ptr<const DataTable> &table() const { return m_table; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The text shown for an empty header.
    static QString unnamedHeaderText();

private:
    std::shared_ptr<const DataTable> m_table;
    std::vector<bool> m_numeric; ///< per column: right-align
};

} // namespace mf
