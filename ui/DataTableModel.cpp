// SPDX-License-Identifier: MIT
#include "DataTableModel.h"

#include "ColumnRoles.h"
#include "DataTable.h"

#include <QFont>

#include <limits>

namespace mf {

namespace {

// Cells longer than this get a tooltip with the whole text; a fixed-height row shows one line.
constexpr qsizetype TooltipThreshold = 40;

QString cellText(const DataTable &table, int row, int column)
{
    const std::string_view bytes = table.cell(row, column);
    return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
}

} // namespace

DataTableModel::DataTableModel(QObject *parent) : QAbstractTableModel(parent) { }

QString DataTableModel::unnamedHeaderText()
{
    return tr("(unnamed)");
}

void DataTableModel::setTable(std::shared_ptr<const DataTable> table)
{
    beginResetModel();
    m_table = std::move(table);
    m_numeric.assign(m_table ? size_t(m_table->columnCount()) : 0, false);
    if (m_table) {
        // Alignment only: a table whose roles cannot be mapped is still shown, left-aligned.
        const Result<RoleMap> roles = mapRoles(m_table->headers());
        if (roles.ok()) {
            for (int c = 0; c < m_table->columnCount(); ++c) {
                const ValueType type = roles.value().columnType(c);
                m_numeric[size_t(c)] = type == ValueType::Double || type == ValueType::Integer;
            }
        }
    }
    endResetModel();
}

int DataTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_table)
        return 0;
    // QAbstractItemModel counts rows in int; a table beyond that shows its first 2^31-1 rows.
    return int(std::min<qsizetype>(m_table->rowCount(), std::numeric_limits<int>::max()));
}

int DataTableModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_table)
        return 0;
    return m_table->columnCount();
}

QVariant DataTableModel::data(const QModelIndex &index, int role) const
{
    if (!m_table || !index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        QString text = cellText(*m_table, index.row(), index.column());
        // One line per row: show line breaks inside a cell as a visible mark instead of cutting the text.
        if (text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'))) {
            text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
            text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
            text.replace(QLatin1Char('\n'), QStringLiteral(" \u21b5 "));
        }
        return text;
    }
    case Qt::EditRole:
        return cellText(*m_table, index.row(), index.column());
    case Qt::ToolTipRole: {
        if (m_table->cell(index.row(), index.column()).size() <= size_t(TooltipThreshold))
            return {};
        return cellText(*m_table, index.row(), index.column());
    }
    case Qt::TextAlignmentRole:
        if (m_numeric[size_t(index.column())])
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    default:
        return {};
    }
}

QVariant DataTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!m_table || section < 0)
        return {};
    if (orientation == Qt::Vertical) {
        if (section >= rowCount())
            return {};
        if (role == Qt::DisplayRole)
            return section + 1;
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    }
    if (section >= columnCount())
        return {};
    const QString header = m_table->header(section);
    const bool unnamed = header.trimmed().isEmpty();
    switch (role) {
    case Qt::DisplayRole:
        return unnamed ? unnamedHeaderText() : header;
    case Qt::ToolTipRole:
        return unnamed ? tr("This column has no header in the source.") : header;
    case Qt::FontRole:
        if (unnamed) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

} // namespace mf
