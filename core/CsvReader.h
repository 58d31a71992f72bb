// SPDX-License-Identifier: MIT
#pragma once

#include "DataTable.h"
#include "Error.h"
#include "StepContext.h"

class QIODevice;

namespace mf {

struct CsvReadOptions
{
    char delimiter = ',';
};

/// Streams RFC 4180 CSV into a DataTable: quoted fields, doubled quotes, embedded CR/LF, CRLF or LF
/// line ends, UTF-8 with or without a BOM. The first record is the header. Short rows are padded;
/// empty lines are skipped. Failures (not UTF-8, an unterminated quote, an empty file, a header with
/// no rows) are Input errors whose message names the line. Reports progress by bytes read and
/// stops with a Cancelled error when asked.
class CsvReader
{
public:
    static Result<DataTable> read(QIODevice &device, const StepContext &ctx = {},
                                  const CsvReadOptions &options = {});
    static Result<DataTable> readFile(const QString &path, const StepContext &ctx = {},
                                      const CsvReadOptions &options = {});
};

} // namespace mf
