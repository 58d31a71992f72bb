// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "StepContext.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <vector>

namespace mf {

/// One entry of an archive: a file on disk (`path`) or bytes in memory (`content`, when `path` is
/// empty). writeZipArchive fills in `size` and `sha256` from the bytes that went in.
struct ZipItem
{
    QString name; ///< inside the archive (UTF-8)
    QString path;
    QByteArray content;
    qint64 size = 0;
    QByteArray sha256; ///< lowercase hex
};

struct ZipSettings
{
    /// Deflate level 0..9, or -1 for zlib's default (6). The one knob for the zip step's speed/size.
    int level = -1;
    /// Entries up to this size are compressed in one piece with libdeflate (same size as zlib at the
    /// same level, in well under half the time); larger ones are streamed through zlib in 1 MiB
    /// chunks, so memory stays bounded. Cancellation is checked between chunks, and around the
    /// one-piece compression.
    qint64 inMemoryLimit = qint64(256) << 20;
};

/// Called with the number of entry bytes just processed, for progress.
using ZipProgress = std::function<void(qint64 bytes)>;

/// Writes a new archive at `zipPath` (which must not exist) holding `items` in order, followed by the
/// in-memory item `makeLast` builds from the written items' sizes and hashes (a manifest), which is
/// then appended to `items`. UTF-8 names; zip64 only for entries that need it. Every QuaZip return
/// code is checked; errors are Output errors naming the archive. On error or cancel the caller removes
/// the partial archive.
Error writeZipArchive(const QString &zipPath, std::vector<ZipItem> &items, const ZipSettings &settings,
                      const std::function<ZipItem(const std::vector<ZipItem> &)> &makeLast = {},
                      const StepContext &ctx = {}, const ZipProgress &progress = {});

/// Reopens the archive and checks that it holds exactly the names of `items`, each entry passing its
/// CRC check and matching the item's size and SHA-256.
Error verifyZipArchive(const QString &zipPath, const std::vector<ZipItem> &items, const StepContext &ctx = {},
                       const ZipProgress &progress = {});

} // namespace mf
