// SPDX-License-Identifier: MIT
#include "RunStatusWidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace mf {

RunStatusWidget::RunStatusWidget(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runStatus"));
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("runStageLabel"));
    m_label->setAccessibleName(tr("Current step"));

    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("runProgressBar"));
    m_bar->setAccessibleName(tr("Progress"));
    m_bar->setRange(0, Steps);
    m_bar->setTextVisible(true);
    m_bar->setFixedWidth(220);

    m_cancel = new QPushButton(style()->standardIcon(QStyle::SP_BrowserStop), tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setAccessibleName(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the work in progress (Esc)"));
    connect(m_cancel, &QPushButton::clicked, this, &RunStatusWidget::cancelRequested);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    hide();
}

void RunStatusWidget::begin(const QString &text)
{
    m_label->setText(text);
    m_bar->setValue(0);
    m_cancel->setEnabled(true);
    show();
}

void RunStatusWidget::setText(const QString &text)
{
    m_label->setText(text);
}

void RunStatusWidget::setProgress(double fraction)
{
    if (!std::isfinite(fraction))
        return;
    m_bar->setValue(int(std::lround(std::clamp(fraction, 0.0, 1.0) * Steps)));
}

void RunStatusWidget::end()
{
    hide();
    m_bar->setValue(0);
}

QString RunStatusWidget::text() const
{
    return m_label->text();
}

} // namespace mf
