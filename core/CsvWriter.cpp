// SPDX-License-Identifier: MIT
#include "CsvWriter.h"

#include <QFileDevice>
#include <QIODevice>

#include <cstdint>
#include <cstring>

namespace mf {

namespace {

// Bytes gathered before one device write: large enough that the per-write cost vanishes,
// small enough to stay in cache-friendly territory.
constexpr qsizetype FlushThreshold = qsizetype(1) << 20;

bool startsFormula(std::string_view field)
{
    if (field.empty())
        return false;
    const char first = field.front();
    return first == '=' || first == '+' || first == '-' || first == '@';
}

constexpr std::uint64_t repeatByte(unsigned char c)
{
    return std::uint64_t(c) * 0x0101010101010101ULL;
}

// Non-zero exactly when some byte of `word` is zero (the classic SWAR test; its occasional wrong
// *position* does not matter here, only whether there is one).
constexpr std::uint64_t zeroByte(std::uint64_t word)
{
    return (word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL;
}

// Whether the field holds the delimiter, a quote, CR or LF: checked eight bytes at a time, since
// almost no field does and the scan runs over every byte of the export.
bool needsQuotes(std::string_view field, char delimiter)
{
    const std::uint64_t d = repeatByte(static_cast<unsigned char>(delimiter));
    const std::uint64_t q = repeatByte('"');
    const std::uint64_t n = repeatByte('\n');
    const std::uint64_t r = repeatByte('\r');
    const char *p = field.data();
    size_t left = field.size();
    for (; left >= 8; p += 8, left -= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (zeroByte(word ^ d) | zeroByte(word ^ q) | zeroByte(word ^ n) | zeroByte(word ^ r))
            return true;
    }
    for (; left > 0; ++p, --left) {
        if (*p == delimiter || *p == '"' || *p == '\n' || *p == '\r')
            return true;
    }
    return false;
}

} // namespace

CsvWriter::CsvWriter(QIODevice *device, char delimiter) : m_device(device), m_delimiter(delimiter)
{
    m_buffer.reserve(FlushThreshold + 64 * 1024);
}

CsvWriter::~CsvWriter()
{
    if (!m_buffer.isEmpty())
        flush();
}

void CsvWriter::writeUtf8Bom()
{
    if (m_ok)
        m_buffer.append("\xEF\xBB\xBF", 3);
}

void CsvWriter::writeField(std::string_view field)
{
    if (!m_ok)
        return;
    const bool guard = m_formulaGuard && startsFormula(field);
    const bool quote = needsQuotes(field, m_delimiter);

    // Grow once for the worst case, write through a pointer, then trim: QByteArray::append per piece
    // costs more than the copying itself.
    const qsizetype start = m_buffer.size();
    const qsizetype length = qsizetype(field.size());
    m_buffer.resize(start + 4 + (quote ? 2 * length : length));
    char *const begin = m_buffer.data() + start;
    char *out = begin;
    if (m_rowStarted)
        *out++ = m_delimiter;
    m_rowStarted = true;
    if (quote)
        *out++ = '"';
    if (guard)
        *out++ = '\'';
    if (!quote) {
        std::memcpy(out, field.data(), field.size());
        out += length;
    } else {
        for (const char c : field) {
            *out++ = c;
            if (c == '"')
                *out++ = '"';
        }
        *out++ = '"';
    }
    if (out != begin)
        m_rowBlank = false;
    m_buffer.resize(start + (out - begin));

    if (m_buffer.size() >= FlushThreshold)
        flush();
}

void CsvWriter::endRow()
{
    if (!m_ok)
        return;
    // A row of one empty field would otherwise be a blank line, which readers skip.
    if (m_rowStarted && m_rowBlank)
        m_buffer.append("\"\"", 2);
    m_buffer.append('\n');
    m_rowStarted = false;
    m_rowBlank = true;
    if (m_buffer.size() >= FlushThreshold)
        flush();
}

void CsvWriter::writeRow(const std::vector<std::string_view> &fields)
{
    for (const std::string_view field : fields)
        writeField(field);
    endRow();
}

bool CsvWriter::flush()
{
    if (!m_ok)
        return false;
    if (!m_device) {
        m_ok = false;
        m_buffer.clear();
        return false;
    }
    if (!m_buffer.isEmpty()) {
        const qint64 written = m_device->write(m_buffer);
        if (written != m_buffer.size())
            m_ok = false;
        m_buffer.resize(0); // keeps the capacity for the next round
    }
    // QFile keeps its own buffer: push it to the OS now so that a full disk shows up here.
    if (m_ok) {
        if (auto *file = qobject_cast<QFileDevice *>(m_device); file && file->isOpen() && !file->flush())
            m_ok = false;
    }
    return m_ok;
}

} // namespace mf
