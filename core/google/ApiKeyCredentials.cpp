// SPDX-License-Identifier: MIT
#include "ApiKeyCredentials.h"

namespace mf::google {

ApiKeyCredentials::ApiKeyCredentials(QString key) : m_key(std::move(key).trimmed()) { }

Result<QString> ApiKeyCredentials::accessToken(const StepContext &)
{
    if (m_key.isEmpty())
        return Error::google(
            QStringLiteral("The API key is empty. Copy the key from the Google Cloud console "
                           "(APIs & Services, Credentials) and try again."));
    return m_key;
}

QString ApiKeyCredentials::identity() const
{
    return QStringLiteral("API key");
}

} // namespace mf::google
