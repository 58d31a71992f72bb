// SPDX-License-Identifier: MIT
#include "SettingsPanel.h"

#include "FileDialog.h"
#include "FileOps.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mf {

SettingsPanel::SettingsPanel(QWidget *parent) : QWidget(parent)
{
    m_outputDir = new QLineEdit(this);
    m_outputDir->setObjectName(QStringLiteral("outputDirEdit"));
    m_outputDir->setAccessibleName(tr("Output folder"));
    m_outputDir->setToolTip(tr("The folder that receives the CSV file and the zip archive. "
                               "It is created when missing."));
    m_outputDir->setClearButtonEnabled(true);
    m_browse = new QPushButton(tr("Browse…"), this);
    m_browse->setObjectName(QStringLiteral("browseOutputDirButton"));
    m_browse->setAccessibleName(tr("Browse for the output folder"));
    auto *outputRow = new QHBoxLayout;
    outputRow->setContentsMargins(0, 0, 0, 0);
    outputRow->addWidget(m_outputDir, 1);
    outputRow->addWidget(m_browse);

    m_minRating = new QDoubleSpinBox(this);
    m_minRating->setObjectName(QStringLiteral("minRatingSpin"));
    m_minRating->setAccessibleName(tr("Minimum rating"));
    m_minRating->setRange(RunOptions::MinRatingMin, RunOptions::MinRatingMax);
    m_minRating->setDecimals(1);
    m_minRating->setSingleStep(0.1);
    m_minRating->setToolTip(tr("Films rated above this value (vote_average) are kept."));
    m_inclusive = new QCheckBox(tr("Include equal (>=)"), this);
    m_inclusive->setObjectName(QStringLiteral("inclusiveCheck"));
    m_inclusive->setAccessibleName(tr("Include films rated exactly the minimum"));
    m_inclusive->setToolTip(tr("Also keep films rated exactly the minimum."));

    m_topN = new QSpinBox(this);
    m_topN->setObjectName(QStringLiteral("topNSpin"));
    m_topN->setAccessibleName(tr("Number of most popular films"));
    m_topN->setRange(RunOptions::TopNMin, RunOptions::TopNMax);
    m_topN->setToolTip(tr("How many of the most popular films the analysis lists."));

    m_dedupe = new QCheckBox(tr("Keep only the first row of each id"), this);
    m_dedupe->setObjectName(QStringLiteral("dedupeCheck"));
    m_dedupe->setAccessibleName(tr("Remove duplicate ids"));
    m_dedupe->setToolTip(
        tr("Duplicate ids are always counted; with this on, only the first row of each id is kept."));

    m_nameTemplate = new QLineEdit(this);
    m_nameTemplate->setObjectName(QStringLiteral("nameTemplateEdit"));
    m_nameTemplate->setAccessibleName(tr("File name template"));
    m_nameTemplate->setPlaceholderText(defaultNameTemplate());
    m_nameTemplate->setToolTip(tr("Tokens: {timestamp}, {date}, {time}, {rows}, {source}."));
    m_namePreview = new QLabel(this);
    m_namePreview->setObjectName(QStringLiteral("namePreviewLabel"));
    m_namePreview->setWordWrap(true);
    m_namePreview->setTextFormat(Qt::PlainText);
    QFont small = m_namePreview->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_namePreview->setFont(small);

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *outputLabel = new QLabel(tr("&Output folder:"), this);
    outputLabel->setBuddy(m_outputDir);
    form->addRow(outputLabel);
    form->addRow(outputRow);
    form->addRow(tr("Minimum &rating:"), m_minRating);
    form->addRow(QString(), m_inclusive);
    form->addRow(tr("&Top N:"), m_topN);
    form->addRow(tr("Duplicates:"), m_dedupe);
    auto *nameLabel = new QLabel(tr("File &name:"), this);
    nameLabel->setBuddy(m_nameTemplate);
    form->addRow(nameLabel);
    form->addRow(m_nameTemplate);
    form->addRow(m_namePreview);
    setLayout(form);

    setOptions(RunOptions::defaults());

    connect(m_browse, &QPushButton::clicked, this, &SettingsPanel::browseOutputDir);
    connect(m_outputDir, &QLineEdit::textChanged, this, &SettingsPanel::optionsChanged);
    connect(m_minRating, &QDoubleSpinBox::valueChanged, this, &SettingsPanel::optionsChanged);
    connect(m_inclusive, &QCheckBox::toggled, this, &SettingsPanel::optionsChanged);
    connect(m_topN, &QSpinBox::valueChanged, this, &SettingsPanel::optionsChanged);
    connect(m_dedupe, &QCheckBox::toggled, this, &SettingsPanel::optionsChanged);
    connect(m_nameTemplate, &QLineEdit::textChanged, this, &SettingsPanel::optionsChanged);
    connect(m_nameTemplate, &QLineEdit::textChanged, this, &SettingsPanel::updateNamePreview);
}

RunOptions SettingsPanel::options() const
{
    RunOptions options;
    options.outputDir = m_outputDir->text().trimmed();
    if (options.outputDir.isEmpty())
        options.outputDir = RunOptions::defaults().outputDir;
    options.minRating = m_minRating->value();
    options.inclusive = m_inclusive->isChecked();
    options.topN = m_topN->value();
    options.dedupe = m_dedupe->isChecked();
    options.nameTemplate = m_nameTemplate->text().trimmed();
    if (options.nameTemplate.isEmpty())
        options.nameTemplate = defaultNameTemplate();
    return options;
}

void SettingsPanel::setOptions(const RunOptions &options)
{
    m_outputDir->setText(QDir::toNativeSeparators(options.outputDir));
    m_minRating->setValue(options.minRating);
    m_inclusive->setChecked(options.inclusive);
    m_topN->setValue(options.topN);
    m_dedupe->setChecked(options.dedupe);
    m_nameTemplate->setText(options.nameTemplate);
    updateNamePreview();
}

void SettingsPanel::setSourceName(const QString &name)
{
    m_sourceName = name;
    updateNamePreview();
}

void SettingsPanel::browseOutputDir()
{
    const QString dir
        = FileDialog::getExistingDirectory(this, tr("Choose the output folder"), options().outputDir);
    if (!dir.isEmpty())
        m_outputDir->setText(QDir::toNativeSeparators(dir));
}

void SettingsPanel::updateNamePreview()
{
    NameTokens tokens;
    tokens.timestamp = QDateTime::currentDateTime();
    tokens.source
        = QFileInfo(m_sourceName.isEmpty() ? QStringLiteral("sample") : m_sourceName).completeBaseName();
    QString templ = m_nameTemplate->text().trimmed();
    if (templ.isEmpty())
        templ = defaultNameTemplate();
    const Result<QString> name = expandNameTemplate(templ, tokens);
    QPalette palette = m_namePreview->palette();
    if (name.ok()) {
        m_namePreview->setText(tr("Example: %1.csv").arg(name.value()));
        palette.setColor(QPalette::WindowText, palette.color(QPalette::Disabled, QPalette::WindowText));
    } else {
        m_namePreview->setText(name.error().message);
        palette.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
    }
    m_namePreview->setPalette(palette);
}

} // namespace mf
