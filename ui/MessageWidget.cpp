// SPDX-License-Identifier: MIT
#include "MessageWidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace mf {

MessageWidget::MessageWidget(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setAccessibleName(tr("Message"));

    m_icon = new QLabel(this);
    m_icon->setObjectName(QStringLiteral("messageIcon"));
    m_icon->setAlignment(Qt::AlignTop | Qt::AlignHCenter);

    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    m_close = new QToolButton(this);
    m_close->setObjectName(QStringLiteral("messageCloseButton"));
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Close this message"));
    m_close->setAccessibleName(tr("Close message"));
    connect(m_close, &QToolButton::clicked, this, &MessageWidget::dismiss);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 4, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);

    hide();
}

void MessageWidget::showMessage(Type type, const QString &text)
{
    m_type = type;
    m_text->setText(text);
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxInformation;
    switch (type) {
    case Type::Info:
        pixmap = QStyle::SP_MessageBoxInformation;
        setAccessibleDescription(tr("Information"));
        break;
    case Type::Warning:
        pixmap = QStyle::SP_MessageBoxWarning;
        setAccessibleDescription(tr("Warning"));
        break;
    case Type::Error:
        pixmap = QStyle::SP_MessageBoxCritical;
        setAccessibleDescription(tr("Error"));
        break;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(pixmap, nullptr, this).pixmap(size, size));
    applyColors();
    show();
}

void MessageWidget::dismiss()
{
    if (isHidden())
        return;
    hide();
    emit dismissed();
}

QString MessageWidget::text() const
{
    return m_text->text();
}

void MessageWidget::applyColors()
{
    // Light tints that keep the palette's text colour readable; the border carries the type.
    QColor background;
    QColor border;
    switch (m_type) {
    case Type::Info:
        background = QColor(0xe3, 0xef, 0xfb);
        border = QColor(0x3d, 0x7e, 0xc7);
        break;
    case Type::Warning:
        background = QColor(0xfd, 0xf3, 0xd8);
        border = QColor(0xc9, 0x8a, 0x0b);
        break;
    case Type::Error:
        background = QColor(0xfb, 0xe4, 0xe4);
        border = QColor(0xc0, 0x39, 0x2b);
        break;
    }
    setStyleSheet(
        QStringLiteral("mf--MessageWidget { background-color: %1; border: 1px solid %2; border-radius: 4px; }"
                       "QLabel#messageText { color: #1d1d1d; }")
            .arg(background.name(), border.name()));
}

} // namespace mf
