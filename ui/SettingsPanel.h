// SPDX-License-Identifier: MIT
#pragma once

#include "RunOptions.h"

#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace mf {

/// The run settings: output folder, rating filter, top N, dedupe and the file name template.
/// It only edits a RunOptions value; the window decides when to save it and how to run.
class SettingsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsPanel(QWidget *parent = nullptr);

    RunOptions options() const;
    void setOptions(const RunOptions &options);

    /// The source name used for the example file name ({source}).
    void setSourceName(const QString &name);

signals:
    /// Any setting was edited by the user or by setOptions().
    void optionsChanged();

private:
    void browseOutputDir();
    void updateNamePreview();

    QLineEdit *m_outputDir = nullptr;
    QPushButton *m_browse = nullptr;
    QDoubleSpinBox *m_minRating = nullptr;
    QCheckBox *m_inclusive = nullptr;
    QSpinBox *m_topN = nullptr;
    QCheckBox *m_dedupe = nullptr;
    QLineEdit *m_nameTemplate = nullptr;
    QLabel *m_namePreview = nullptr;
    QString m_sourceName;
};

} // namespace mf
