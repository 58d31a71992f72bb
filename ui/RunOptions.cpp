// SPDX-License-Identifier: MIT
#include "RunOptions.h"

#include "FileOps.h"
#include "Pipeline.h"

#include <QSettings>

#include <cmath>

namespace mf {

namespace {
const QString OutputDirKey = QStringLiteral("run/outputDir");
const QString MinRatingKey = QStringLiteral("run/minRating");
const QString InclusiveKey = QStringLiteral("run/inclusive");
const QString TopNKey = QStringLiteral("run/topN");
const QString DedupeKey = QStringLiteral("run/dedupe");
const QString NameTemplateKey = QStringLiteral("run/nameTemplate");
} // namespace

RunOptions RunOptions::defaults()
{
    RunOptions options;
    options.outputDir = defaultOutputDir();
    options.nameTemplate = defaultNameTemplate();
    return options;
}

RunOptions RunOptions::load(QSettings &settings)
{
    RunOptions options = defaults();
    const QString outputDir = settings.value(OutputDirKey).toString().trimmed();
    if (!outputDir.isEmpty())
        options.outputDir = outputDir;

    bool ok = false;
    const double minRating = settings.value(MinRatingKey).toDouble(&ok);
    if (ok && std::isfinite(minRating) && minRating >= MinRatingMin && minRating <= MinRatingMax)
        options.minRating = minRating;

    options.inclusive = settings.value(InclusiveKey, options.inclusive).toBool();

    const int topN = settings.value(TopNKey).toInt(&ok);
    if (ok && topN >= TopNMin && topN <= TopNMax)
        options.topN = topN;

    options.dedupe = settings.value(DedupeKey, options.dedupe).toBool();

    const QString nameTemplate = settings.value(NameTemplateKey).toString().trimmed();
    if (!nameTemplate.isEmpty())
        options.nameTemplate = nameTemplate;
    return options;
}

void RunOptions::save(QSettings &settings) const
{
    settings.setValue(OutputDirKey, outputDir);
    settings.setValue(MinRatingKey, minRating);
    settings.setValue(InclusiveKey, inclusive);
    settings.setValue(TopNKey, topN);
    settings.setValue(DedupeKey, dedupe);
    settings.setValue(NameTemplateKey, nameTemplate);
}

void RunOptions::applyTo(PipelineSettings &settings) const
{
    settings.outputDir = outputDir.trimmed();
    settings.clean.minRating = minRating;
    settings.clean.inclusive = inclusive;
    settings.clean.dedupe = dedupe;
    settings.topN = topN;
    settings.nameTemplate = nameTemplate.trimmed();
}

bool RunOptions::operator==(const RunOptions &other) const
{
    return outputDir == other.outputDir && minRating == other.minRating && inclusive == other.inclusive
        && topN == other.topN && dedupe == other.dedupe && nameTemplate == other.nameTemplate;
}

} // namespace mf
