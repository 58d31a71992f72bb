// SPDX-License-Identifier: MIT
#include "CsvReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>

#include <array>
#include <cstring>
#include <limits>

namespace mf {

namespace {

/// Bytes asked of the device per read. Big enough that the per-chunk work (progress, cancellation)
/// costs nothing, small enough that the buffer is noise next to the table.
constexpr qint64 ChunkSize = qint64(1) << 20;

constexpr size_t NoPosition = std::numeric_limits<size_t>::max();

/// Index of the first byte that is not part of valid UTF-8 (or is a NUL byte, which a text file never
/// holds and which points to UTF-16), or NoPosition. Overlong forms, surrogates and code points past
/// U+10FFFF are invalid, as in the Unicode standard (table 3-7).
size_t findInvalidUtf8(const char *text, size_t size)
{
    const auto *s = reinterpret_cast<const unsigned char *>(text);
    constexpr std::uint64_t Ones = 0x0101010101010101ULL;
    constexpr std::uint64_t Highs = 0x8080808080808080ULL;
    size_t i = 0;
    while (i < size) {
        // ASCII fast path: eight bytes at a time while none has the high bit set or is zero.
        while (i + 8 <= size) {
            std::uint64_t word;
            std::memcpy(&word, s + i, sizeof word);
            if (((word | ((word - Ones) & ~word)) & Highs) != 0)
                break;
            i += 8;
        }
        while (i < size && s[i] < 0x80 && s[i] != 0)
            ++i;
        if (i >= size)
            break;
        const unsigned char lead = s[i];
        auto continuation = [&](size_t at, unsigned char low, unsigned char high) {
            return at < size && s[at] >= low && s[at] <= high;
        };
        if (lead < 0xC2) // NUL, a stray continuation byte, or an overlong two-byte form
            return i;
        if (lead < 0xE0) {
            if (!continuation(i + 1, 0x80, 0xBF))
                return i;
            i += 2;
        } else if (lead < 0xF0) {
            const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
            const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
            if (!continuation(i + 1, low, high) || !continuation(i + 2, 0x80, 0xBF))
                return i;
            i += 3;
        } else if (lead < 0xF5) {
            const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
            const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
            if (!continuation(i + 1, low, high) || !continuation(i + 2, 0x80, 0xBF)
                || !continuation(i + 3, 0x80, 0xBF))
                return i;
            i += 4;
        } else {
            return i;
        }
    }
    return NoPosition;
}

/// Line breaks in text: CRLF, LF and a lone CR each count once.
qint64 countLineBreaks(const char *text, size_t size)
{
    qint64 breaks = 0;
    for (size_t i = 0; i < size; ++i) {
        if (text[i] == '\r')
            ++breaks;
        else if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
            ++breaks;
    }
    return breaks;
}

/// The CSV state machine. Bytes arrive in chunks of any size (one byte at a time works); a record
/// may span any number of chunks. The cells of the current record are unquoted into one scratch
/// buffer that is reused, so no cell costs an allocation; each complete record is checked and
/// appended to the table.
class CsvParser
{
public:
    CsvParser(char delimiter, QString sourceName)
        : m_delimiter(delimiter), m_sourceName(std::move(sourceName))
    {
        m_special.fill(false);
        m_special[static_cast<unsigned char>(delimiter)] = true;
        m_special['\r'] = true;
        m_special['\n'] = true;
        m_scratch.reserve(64 * 1024);
        m_cellEnds.reserve(64);
        m_row.reserve(64);
    }

    Error feed(const char *data, size_t size);
    Error finish();

    bool hasHeader() const { return m_haveHeader; }
    qsizetype rowCount() const { return m_table.rowCount(); }
    qsizetype cellBytes() const
    {
        qsizetype bytes = 0;
        for (int c = 0; c < m_table.columnCount(); ++c)
            bytes += m_table.column(c).byteSize();
        return bytes;
    }
    void reserve(qsizetype rows, qsizetype bytes)
    {
        m_table.reserve(rows, bytes);
        m_lines.reserve(size_t(rows));
    }
    DataTable takeTable()
    {
        m_lines.shrink_to_fit();
        m_table.setSourceLines(std::move(m_lines));
        m_table.squeeze();
        return std::move(m_table);
    }

    QString linePhrase(qint64 line) const
    {
        return m_sourceName.isEmpty()
            ? QStringLiteral("Line %1").arg(line)
            : QStringLiteral("Line %1 of %2").arg(QString::number(line), m_sourceName);
    }
    QString sourcePhrase() const
    {
        return m_sourceName.isEmpty() ? QStringLiteral("The CSV data")
                                      : QStringLiteral("The file %1").arg(m_sourceName);
    }

private:
    enum class State {
        StartRecord, ///< at the start of a line, between records
        AfterCR, ///< a record or empty line ended with CR; swallow an LF that follows
        StartField, ///< after a delimiter, or at the first byte of a record
        InField, ///< inside an unquoted field
        InQuoted, ///< inside a quoted field
        QuoteInQuoted, ///< saw a quote inside a quoted field: a doubled quote or the closing one
    };

    Error feedBytes(const char *p, const char *end);
    void endField() { m_cellEnds.push_back(m_scratch.size()); }
    Error endRecord();
    void countQuotedBreaks(const char *p, const char *end);
    Error invalidUtf8(size_t position) const;

    const char m_delimiter;
    const QString m_sourceName;
    std::array<bool, 256> m_special {};

    State m_state = State::StartRecord;
    qint64 m_line = 1; ///< the physical line of the next byte
    qint64 m_recordLine = 1; ///< where the current record started
    qint64 m_quoteLine = 1; ///< where the current quoted field opened
    bool m_quotedPrevCR = false;

    // A UTF-8 byte order mark may arrive split across chunks.
    bool m_bomChecked = false;
    std::string m_bomBytes;

    std::string m_scratch; ///< the current record's unquoted cells, back to back
    std::vector<size_t> m_cellEnds; ///< end of each cell in m_scratch
    std::vector<std::string_view> m_row;

    bool m_haveHeader = false;
    int m_width = 0;
    DataTable m_table;
    std::vector<qint64> m_lines;
};

Error CsvParser::feed(const char *data, size_t size)
{
    if (!m_bomChecked) {
        static const char Bom[] = "\xEF\xBB\xBF";
        while (size > 0 && m_bomBytes.size() < 3) {
            m_bomBytes.push_back(*data);
            ++data;
            --size;
            if (m_bomBytes.back() != Bom[m_bomBytes.size() - 1])
                break;
        }
        if (m_bomBytes.size() < 3 && m_bomBytes == std::string(Bom, m_bomBytes.size()))
            return {}; // still a possible BOM: wait for more bytes
        m_bomChecked = true;
        if (m_bomBytes != std::string(Bom, 3)) {
            const std::string prefix = std::move(m_bomBytes);
            if (Error error = feedBytes(prefix.data(), prefix.data() + prefix.size()); error.isError())
                return error;
        }
        m_bomBytes.clear();
    }
    return feedBytes(data, data + size);
}

void CsvParser::countQuotedBreaks(const char *p, const char *end)
{
    if (p == end)
        return;
    const size_t size = size_t(end - p);
    if (!std::memchr(p, '\n', size) && !std::memchr(p, '\r', size)) {
        m_quotedPrevCR = false;
        return;
    }
    for (; p < end; ++p) {
        if (*p == '\r') {
            ++m_line;
            m_quotedPrevCR = true;
        } else {
            if (*p == '\n' && !m_quotedPrevCR)
                ++m_line;
            m_quotedPrevCR = false;
        }
    }
}

Error CsvParser::feedBytes(const char *p, const char *end)
{
    while (p < end) {
        switch (m_state) {
        case State::AfterCR:
            if (*p == '\n')
                ++p;
            m_state = State::StartRecord;
            break;
        case State::StartRecord:
            if (*p == '\n') { // an empty line
                ++m_line;
                ++p;
                break;
            }
            if (*p == '\r') {
                ++m_line;
                ++p;
                m_state = State::AfterCR;
                break;
            }
            m_recordLine = m_line;
            m_state = State::StartField;
            break;
        case State::StartField: {
            const char c = *p;
            if (c == '"') {
                m_quoteLine = m_line;
                m_quotedPrevCR = false;
                m_state = State::InQuoted;
                ++p;
            } else if (c == m_delimiter) {
                endField();
                ++p;
            } else if (c == '\n' || c == '\r') {
                endField();
                if (Error error = endRecord(); error.isError())
                    return error;
                ++m_line;
                ++p;
                m_state = c == '\r' ? State::AfterCR : State::StartRecord;
            } else {
                m_state = State::InField;
            }
            break;
        }
        case State::InField: {
            const char *start = p;
            while (p < end && !m_special[static_cast<unsigned char>(*p)])
                ++p;
            m_scratch.append(start, size_t(p - start));
            if (p == end)
                break;
            const char c = *p++;
            endField();
            if (c == m_delimiter) {
                m_state = State::StartField;
            } else {
                if (Error error = endRecord(); error.isError())
                    return error;
                ++m_line;
                m_state = c == '\r' ? State::AfterCR : State::StartRecord;
            }
            break;
        }
        case State::InQuoted: {
            const auto *quote = static_cast<const char *>(std::memchr(p, '"', size_t(end - p)));
            const char *stop = quote ? quote : end;
            countQuotedBreaks(p, stop);
            m_scratch.append(p, size_t(stop - p));
            p = stop;
            if (quote) {
                ++p;
                m_state = State::QuoteInQuoted;
            }
            break;
        }
        case State::QuoteInQuoted: {
            const char c = *p++;
            if (c == '"') { // a doubled quote is one literal quote
                m_scratch.push_back('"');
                m_quotedPrevCR = false;
                m_state = State::InQuoted;
            } else if (c == m_delimiter) {
                endField();
                m_state = State::StartField;
            } else if (c == '\n' || c == '\r') {
                endField();
                if (Error error = endRecord(); error.isError())
                    return error;
                ++m_line;
                m_state = c == '\r' ? State::AfterCR : State::StartRecord;
            } else {
                // Text after the closing quote: keep it, like Python's csv module ("ab"c -> abc).
                m_scratch.push_back(c);
                m_state = State::InField;
            }
            break;
        }
        }
    }
    return {};
}

Error CsvParser::invalidUtf8(size_t position) const
{
    // Embedded line breaks are kept in the cells, so the line of the bad byte is the record's first
    // line plus the breaks before it. Count cell by cell: a CR ending one cell and an LF starting
    // the next were two line breaks in the file.
    qint64 line = m_recordLine;
    size_t begin = 0;
    for (const size_t cellEnd : m_cellEnds) {
        const size_t end = std::min(cellEnd, position);
        if (end > begin)
            line += countLineBreaks(m_scratch.data() + begin, end - begin);
        if (cellEnd >= position)
            break;
        begin = cellEnd;
    }
    return Error::input(
        QStringLiteral("%1 is not valid UTF-8 text. Save the file as UTF-8 (Unicode) and try again.")
            .arg(linePhrase(line)));
}

Error CsvParser::endRecord()
{
    if (const size_t bad = findInvalidUtf8(m_scratch.data(), m_scratch.size()); bad != NoPosition)
        return invalidUtf8(bad);

    const size_t cells = m_cellEnds.size();
    m_row.clear();
    size_t begin = 0;
    for (size_t c = 0; c < cells; ++c) {
        m_row.emplace_back(m_scratch.data() + begin, m_cellEnds[c] - begin);
        begin = m_cellEnds[c];
    }

    if (!m_haveHeader) {
        QStringList headers;
        headers.reserve(qsizetype(cells));
        for (const std::string_view cell : m_row)
            headers.append(QString::fromUtf8(cell.data(), qsizetype(cell.size())));
        m_table = DataTable(std::move(headers));
        m_width = int(cells);
        m_haveHeader = true;
    } else {
        if (cells > size_t(m_width)) {
            for (size_t c = size_t(m_width); c < cells; ++c) {
                if (!m_row[c].empty()) {
                    return Error::input(
                        QStringLiteral("%1 has %2 cells, but the header has %3. Quote cells that "
                                       "contain a comma, or remove the extra cells, and try again.")
                            .arg(linePhrase(m_recordLine), QString::number(cells), QString::number(m_width)));
                }
            }
            m_row.resize(size_t(m_width)); // trailing empty cells (a trailing comma) are ignored
        }
        m_table.appendRow(m_row);
        m_lines.push_back(m_recordLine);
    }
    m_scratch.clear();
    m_cellEnds.clear();
    return {};
}

Error CsvParser::finish()
{
    if (!m_bomChecked && !m_bomBytes.empty()) {
        // The input ended inside what could have been a byte order mark: treat those bytes as text.
        m_bomChecked = true;
        const std::string prefix = std::move(m_bomBytes);
        m_bomBytes.clear();
        if (Error error = feedBytes(prefix.data(), prefix.data() + prefix.size()); error.isError())
            return error;
    }
    switch (m_state) {
    case State::StartRecord:
    case State::AfterCR:
        break;
    case State::InQuoted:
        if (const size_t bad = findInvalidUtf8(m_scratch.data(), m_scratch.size()); bad != NoPosition) {
            m_cellEnds.push_back(m_scratch.size());
            return invalidUtf8(bad);
        }
        return Error::input(
            QStringLiteral("%1 opens a quoted cell that is never closed: the closing quote (\") "
                           "is missing. Add it and try again.")
                .arg(linePhrase(m_quoteLine)));
    case State::StartField: // the last line ended with a delimiter: one more (empty) cell
    case State::InField:
    case State::QuoteInQuoted:
        endField();
        if (Error error = endRecord(); error.isError())
            return error;
        m_state = State::StartRecord;
        break;
    }
    if (!m_haveHeader)
        return Error::input(
            QStringLiteral("%1 is empty. Choose a CSV file with a header row and at least one data row.")
                .arg(sourcePhrase()));
    if (m_table.rowCount() == 0)
        return Error::input(
            QStringLiteral("%1 has a header row but no data rows. Add rows below the header, or "
                           "choose another file.")
                .arg(sourcePhrase()));
    return {};
}

Result<DataTable> readDevice(QIODevice &device, const StepContext &ctx, const CsvReadOptions &options,
                             const QString &sourceName)
{
    const char delimiter = options.delimiter;
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == '\0'
        || static_cast<unsigned char>(delimiter) >= 0x80)
        return Error::usage(
            QStringLiteral("The CSV delimiter must be a single ASCII character other than a quote "
                           "or a line break. Choose another delimiter."));
    CsvParser parser(delimiter, sourceName);
    const QString what = sourceName.isEmpty() ? QStringLiteral("the CSV data") : sourceName;
    if (!device.isOpen() || !device.isReadable())
        return Error::input(
            QStringLiteral("Could not read %1: it is not open for reading. Open it and try again.")
                .arg(what));

    const qint64 total = device.isSequential() ? 0 : device.size() - device.pos();
    std::vector<char> buffer(static_cast<size_t>(ChunkSize));
    qint64 done = 0;
    bool reserved = false;
    for (;;) {
        if (ctx.cancelled())
            return Error::cancelled();
        const qint64 got = device.read(buffer.data(), ChunkSize);
        if (got < 0)
            return Error::input(
                QStringLiteral("Could not read %1: %2. Check that it is still accessible and try "
                               "again.")
                    .arg(what, device.errorString()));
        if (got == 0) {
            // A file is done; a pipe or socket may only be waiting for more.
            if (!device.isSequential() || !device.waitForReadyRead(30000))
                break;
            continue;
        }
        if (Error error = parser.feed(buffer.data(), size_t(got)); error.isError())
            return error;
        done += got;
        if (total > 0) {
            ctx.report(std::min(1.0, double(done) / double(total)));
            // Size the table once from what the first chunk held, so big columns rarely regrow.
            if (!reserved && done < total && parser.rowCount() > 0) {
                reserved = true;
                const double scale = double(total) / double(done);
                parser.reserve(qsizetype(double(parser.rowCount()) * scale * 1.05) + 16,
                               qsizetype(double(parser.cellBytes()) * scale * 1.02));
            }
        }
    }
    if (Error error = parser.finish(); error.isError())
        return error;
    ctx.report(1.0);
    return parser.takeTable();
}

} // namespace

Result<DataTable> CsvReader::read(QIODevice &device, const StepContext &ctx, const CsvReadOptions &options)
{
    return readDevice(device, ctx, options, QString());
}

Result<DataTable> CsvReader::readFile(const QString &path, const StepContext &ctx,
                                      const CsvReadOptions &options)
{
    const QString shown = QDir::toNativeSeparators(path);
    const QFileInfo info(path);
    if (info.isDir())
        return Error::input(QStringLiteral("%1 is a folder, not a CSV file. Choose a CSV file.").arg(shown));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return Error::input(
            QStringLiteral("Could not open %1: %2. Check that the file exists and that you may "
                           "read it.")
                .arg(shown, file.errorString()));
    Result<DataTable> result = readDevice(file, ctx, options, info.fileName());
    if (result.ok())
        result.value().setSourceName(info.fileName());
    return result;
}

} // namespace mf
