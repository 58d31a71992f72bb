// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace mf {

/// One column of text cells, stored as UTF-8 bytes back to back plus an offset per cell:
/// no QString or QVariant per cell, so a million rows cost little more than their bytes.
///
/// The cells live in blocks of a fixed number of rows, each with its own byte buffer and 32-bit end
/// offsets (4 bytes per cell). A growing column never copies what it already holds, so reading a
/// 300 MB column needs no second 300 MB while the buffer grows, and finding a row is O(1).
class TextColumn
{
public:
    qsizetype size() const;
    std::string_view at(qsizetype row) const;
    void append(std::string_view cell);
    /// A hint: about `cells` cells of `bytes` bytes in all are coming. Never required for correctness.
    void reserve(qsizetype cells, qsizetype bytes);
    void squeeze(); ///< give back spare capacity once the column is complete
    qsizetype byteSize() const;

private:
    static constexpr int BlockShift = 13;
    static constexpr qsizetype BlockRows = qsizetype(1) << BlockShift;

    struct Block
    {
        std::vector<char> bytes;
        std::vector<std::uint32_t> ends; ///< end offset of each cell in bytes
        /// Used instead of ends only if the block's bytes outgrow 4 GiB (cells of several MiB each).
        std::vector<std::uint64_t> wideEnds;
    };

    void startBlock();

    std::vector<Block> m_blocks;
    qsizetype m_size = 0;
    qsizetype m_byteSize = 0;
    qsizetype m_cellsHint = 0;
    qsizetype m_bytesHint = 0;
};

/// A table as read from a source: a header row and columns of text cells (UTF-8, exactly as read,
/// after CSV unquoting). Rows are padded to the header width. Typed values are produced by the
/// cleaning step, not stored here.
class DataTable
{
public:
    DataTable() = default;
    explicit DataTable(QStringList headers);

    int columnCount() const { return int(m_columns.size()); }
    qsizetype rowCount() const { return m_rowCount; }
    const QStringList &headers() const { return m_headers; }
    QString header(int column) const { return m_headers.value(column); }

    std::string_view cell(qsizetype row, int column) const { return m_columns[size_t(column)].at(row); }
    QString text(qsizetype row, int column) const;
    const TextColumn &column(int column) const { return m_columns[size_t(column)]; }

    /// Appends a row; missing trailing cells become empty, cells past the header width are ignored.
    void appendRow(const std::vector<std::string_view> &cells);
    /// A hint that about `rows` rows of `bytes` cell bytes in all are coming. The bytes are split
    /// across columns in the proportion of the rows already held (evenly when there are none).
    void reserve(qsizetype rows, qsizetype bytes);
    void squeeze();

    /// Where the table came from, for messages and the summary ("movie.csv", a sheet title).
    QString sourceName() const { return m_sourceName; }
    void setSourceName(const QString &name) { m_sourceName = name; }

    /// True when numbers were read unformatted from Google Sheets: then a bare number in a date
    /// column is a serial day number (days since 1899-12-30).
    bool numericDatesAreSerials() const { return m_numericDatesAreSerials; }
    void setNumericDatesAreSerials(bool on) { m_numericDatesAreSerials = on; }

    /// 1-based line number in the source where a data row starts (rows may span lines), or -1.
    qint64 sourceLine(qsizetype row) const;
    void setSourceLines(std::vector<qint64> lines) { m_sourceLines = std::move(lines); }

private:
    QStringList m_headers;
    std::vector<TextColumn> m_columns;
    qsizetype m_rowCount = 0;
    QString m_sourceName;
    bool m_numericDatesAreSerials = false;
    std::vector<qint64> m_sourceLines;
};

} // namespace mf
