// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QSettings;

namespace mf {

struct PipelineSettings;

/// The run settings the window lets the user choose, with their defaults and how they are kept in
/// QSettings (organisation "MovieFlow", application "MovieFlow", group "run").
struct RunOptions
{
    QString outputDir; ///< defaults to mf::defaultOutputDir()
    double minRating = 7.0;
    bool inclusive = false;
    int topN = 10;
    bool dedupe = false;
    QString nameTemplate; ///< defaults to mf::defaultNameTemplate()

    static constexpr double MinRatingMin = 0.0;
    static constexpr double MinRatingMax = 10.0;
    static constexpr int TopNMin = 1;
    static constexpr int TopNMax = 1000;

    static RunOptions defaults();
    /// Reads the saved options; missing or out-of-range values fall back to the defaults.
    static RunOptions load(QSettings &settings);
    void save(QSettings &settings) const;

    /// Copies these options into the settings of a run (the source is left alone).
    void applyTo(PipelineSettings &settings) const;

    bool operator==(const RunOptions &other) const;
    bool operator!=(const RunOptions &other) const { return !(*this == other); }
};

} // namespace mf
