// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

#include <string_view>
#include <vector>

class QIODevice;

namespace mf {

/// Writes RFC 4180 CSV with minimal quoting: only fields holding the delimiter, a quote, CR or LF are
/// quoted (quotes doubled). LF line ends. Buffers internally; call flush() (or let the destructor do
/// it) and check ok() afterwards: a failed device write makes ok() false and stops further writes.
class CsvWriter
{
public:
    explicit CsvWriter(QIODevice *device, char delimiter = ',');
    ~CsvWriter();

    /// Optional spreadsheet formula-injection guard: fields starting with = + - @ get a leading '.
    void setFormulaGuard(bool on) { m_formulaGuard = on; }
    void writeUtf8Bom();

    void writeField(std::string_view field);
    void endRow();
    void writeRow(const std::vector<std::string_view> &fields);

    bool flush();
    bool ok() const { return m_ok; }

private:
    QIODevice *m_device;
    char m_delimiter;
    bool m_formulaGuard = false;
    bool m_rowStarted = false;
    bool m_rowBlank = true; ///< nothing written for this row yet: a lone empty field must be quoted
    bool m_ok = true;
    QByteArray m_buffer;
};

} // namespace mf
