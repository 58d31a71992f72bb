// SPDX-License-Identifier: MIT
#include "DataTable.h"

namespace mf {

qsizetype TextColumn::size() const
{
    return qsizetype(m_ends.size());
}

std::string_view TextColumn::at(qsizetype row) const
{
    const std::uint64_t begin = row == 0 ? 0 : m_ends[size_t(row) - 1];
    const std::uint64_t end = m_ends[size_t(row)];
    return {m_bytes.data() + begin, size_t(end - begin)};
}

void TextColumn::append(std::string_view cell)
{
    m_bytes.insert(m_bytes.end(), cell.begin(), cell.end());
    m_ends.push_back(m_bytes.size());
}

void TextColumn::reserve(qsizetype cells, qsizetype bytes)
{
    m_ends.reserve(size_t(cells));
    m_bytes.reserve(size_t(bytes));
}

void TextColumn::squeeze()
{
    m_bytes.shrink_to_fit();
    m_ends.shrink_to_fit();
}

qsizetype TextColumn::byteSize() const
{
    return qsizetype(m_bytes.size());
}

DataTable::DataTable(QStringList headers) : m_headers(std::move(headers)), m_columns(size_t(m_headers.size()))
{
}

QString DataTable::text(qsizetype row, int column) const
{
    const std::string_view bytes = cell(row, column);
    return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
}

void DataTable::appendRow(const std::vector<std::string_view> &cells)
{
    const size_t n = m_columns.size();
    for (size_t c = 0; c < n; ++c)
        m_columns[c].append(c < cells.size() ? cells[c] : std::string_view());
    ++m_rowCount;
}

void DataTable::reserve(qsizetype rows, qsizetype bytes)
{
    if (m_columns.empty())
        return;
    const qsizetype perColumn = bytes / qsizetype(m_columns.size());
    for (TextColumn &column : m_columns)
        column.reserve(rows, perColumn);
}

void DataTable::squeeze()
{
    for (TextColumn &column : m_columns)
        column.squeeze();
}

qint64 DataTable::sourceLine(qsizetype row) const
{
    if (row < 0 || size_t(row) >= m_sourceLines.size())
        return -1;
    return m_sourceLines[size_t(row)];
}

} // namespace mf
