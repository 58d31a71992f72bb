// SPDX-License-Identifier: MIT
#include "DataTable.h"

#include <algorithm>
#include <limits>

namespace mf {

namespace {

constexpr std::uint64_t NarrowLimit = std::numeric_limits<std::uint32_t>::max();

} // namespace

qsizetype TextColumn::size() const
{
    return m_size;
}

std::string_view TextColumn::at(qsizetype row) const
{
    const Block &block = m_blocks[size_t(row >> BlockShift)];
    const size_t index = size_t(row & (BlockRows - 1));
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    if (block.wideEnds.empty()) {
        begin = index == 0 ? 0 : block.ends[index - 1];
        end = block.ends[index];
    } else {
        begin = index == 0 ? 0 : block.wideEnds[index - 1];
        end = block.wideEnds[index];
    }
    return {block.bytes.data() + begin, size_t(end - begin)};
}

void TextColumn::startBlock()
{
    size_t bytes = 0;
    size_t cells = size_t(BlockRows);
    if (!m_blocks.empty()) {
        // The previous block is complete. If it outgrew its reservation, the vector doubled: give the
        // spare half back (a copy of one block, never of the whole column).
        Block &previous = m_blocks.back();
        const size_t used = previous.bytes.size();
        if (previous.bytes.capacity() - used > used / 32)
            previous.bytes.shrink_to_fit();
        // Neighbouring blocks hold about as many bytes; a little headroom avoids most regrowth.
        bytes = used + used / 32 + 64;
    } else if (m_cellsHint > 0) {
        cells = size_t(std::min(m_cellsHint, BlockRows));
        bytes = size_t(double(m_bytesHint) * double(cells) / double(m_cellsHint));
    } else {
        cells = 0; // a small table: let the first block grow as needed
    }
    m_blocks.emplace_back();
    Block &block = m_blocks.back();
    block.bytes.reserve(bytes);
    block.ends.reserve(cells);
}

void TextColumn::append(std::string_view cell)
{
    if ((m_size & (BlockRows - 1)) == 0)
        startBlock();
    Block &block = m_blocks.back();
    block.bytes.insert(block.bytes.end(), cell.begin(), cell.end());
    const std::uint64_t end = block.bytes.size();
    if (block.wideEnds.empty() && end > NarrowLimit) {
        block.wideEnds.assign(block.ends.begin(), block.ends.end());
        block.ends = {};
    }
    if (block.wideEnds.empty())
        block.ends.push_back(std::uint32_t(end));
    else
        block.wideEnds.push_back(end);
    ++m_size;
    m_byteSize += qsizetype(cell.size());
}

void TextColumn::reserve(qsizetype cells, qsizetype bytes)
{
    if (cells <= 0)
        return;
    m_cellsHint = cells;
    m_bytesHint = std::max<qsizetype>(bytes, 0);
    m_blocks.reserve(size_t((cells + BlockRows - 1) >> BlockShift));
}

void TextColumn::squeeze()
{
    if (!m_blocks.empty()) {
        Block &last = m_blocks.back();
        last.bytes.shrink_to_fit();
        last.ends.shrink_to_fit();
        last.wideEnds.shrink_to_fit();
    }
    m_blocks.shrink_to_fit();
}

qsizetype TextColumn::byteSize() const
{
    return m_byteSize;
}

DataTable::DataTable(QStringList headers) : m_headers(std::move(headers)), m_columns(size_t(m_headers.size()))
{ }

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
    if (m_columns.empty() || rows <= 0)
        return;
    qsizetype held = 0;
    for (const TextColumn &column : m_columns)
        held += column.byteSize();
    for (TextColumn &column : m_columns) {
        const double share
            = held > 0 ? double(column.byteSize()) / double(held) : 1.0 / double(m_columns.size());
        column.reserve(rows, qsizetype(double(bytes) * share));
    }
}

void DataTable::squeeze()
{
    for (TextColumn &column : m_columns)
        column.squeeze();
    m_sourceLines.shrink_to_fit();
}

qint64 DataTable::sourceLine(qsizetype row) const
{
    if (row < 0 || size_t(row) >= m_sourceLines.size())
        return -1;
    return m_sourceLines[size_t(row)];
}

} // namespace mf
