// SPDX-License-Identifier: MIT
#include "FixedTokenCredentials.h"

namespace mf::fakegoogle {

FixedTokenCredentials::FixedTokenCredentials(Kind kind, QString identity, QStringList tokens)
    : m_kind(kind), m_identity(std::move(identity)), m_tokens(std::move(tokens))
{ }

Result<QString> FixedTokenCredentials::accessToken(const StepContext &)
{
    std::lock_guard lock(m_mutex);
    ++m_tokenRequests;
    if (m_current >= m_tokens.size())
        return Error::google(QStringLiteral("The test credentials have no token left. Sign in again."));
    return m_tokens.at(m_current);
}

void FixedTokenCredentials::invalidate()
{
    std::lock_guard lock(m_mutex);
    ++m_invalidations;
    ++m_current;
}

int FixedTokenCredentials::tokenRequests() const
{
    std::lock_guard lock(m_mutex);
    return m_tokenRequests;
}

int FixedTokenCredentials::invalidations() const
{
    std::lock_guard lock(m_mutex);
    return m_invalidations;
}

} // namespace mf::fakegoogle
