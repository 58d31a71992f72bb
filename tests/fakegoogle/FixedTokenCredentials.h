// SPDX-License-Identifier: MIT
#pragma once

#include "google/GoogleCredentials.h"

#include <QStringList>

#include <mutex>

namespace mf::fakegoogle {

/// Test-only credentials: hands out a fixed list of bearer tokens the fake accepts, moving to the
/// next one after invalidate() (as a refresh would). Counts the calls for assertions.
class FixedTokenCredentials final : public google::Credentials
{
public:
    FixedTokenCredentials(Kind kind, QString identity, QStringList tokens);

    Kind kind() const override { return m_kind; }
    Result<QString> accessToken(const StepContext &ctx) override;
    void invalidate() override;
    QString identity() const override { return m_identity; }

    int tokenRequests() const;
    int invalidations() const;

private:
    const Kind m_kind;
    const QString m_identity;
    const QStringList m_tokens;
    mutable std::mutex m_mutex;
    int m_current = 0;
    int m_tokenRequests = 0;
    int m_invalidations = 0;
};

} // namespace mf::fakegoogle
