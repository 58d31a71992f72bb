// SPDX-License-Identifier: MIT
#include "AboutDialog.h"

#include <movieflow/Version.h>

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace mf {

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About MovieFlow"));

    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/movieflow/icons/movieflow.svg")).pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);

    auto *title = new QLabel(QStringLiteral("<h2>%1</h2>").arg(QStringLiteral(MOVIEFLOW_NAME)), this);
    title->setTextFormat(Qt::RichText);
    auto *version = new QLabel(tr("Version %1").arg(QStringLiteral(MOVIEFLOW_VERSION)), this);
    version->setObjectName(QStringLiteral("aboutVersion"));
    version->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *description = new QLabel(tr("Reads a movie table from a CSV file or a Google Sheet, cleans and "
                                      "analyzes it, exports the result as a timestamped CSV and archives "
                                      "it in a folder you choose."),
                                   this);
    description->setWordWrap(true);
    auto *qt = new QLabel(
        tr("Qt %1 (built with Qt %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)),
        this);
    qt->setObjectName(QStringLiteral("aboutQtVersion"));
    qt->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *license = new QLabel(tr("Released under the MIT license."), this);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("aboutButtons"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(version);
    text->addWidget(description);
    text->addWidget(qt);
    text->addWidget(license);
    text->addStretch(1);
    auto *row = new QHBoxLayout;
    row->addWidget(icon);
    row->addSpacing(12);
    row->addLayout(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

} // namespace mf
